"""Captures: one WARC.gz per page, named from a closed set of characters, written whole or not
at all, never over an earlier capture unless forced; read back with warcio as a reader would."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from fetcher import warcwrite
from fetcher.client import Exchange
from fetcher.warcwrite import AlreadyCaptured, capture_name, existing_capture, write_capture
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import PAGES
from tests.fetcher.server import gzipped, page

PAGE = (PAGES / "bitget-ja-html-bitcoin-miners-ai-hashprice.html").read_bytes()
CLOSED_SET = re.compile(r"[a-z0-9._-]+\.warc\.gz")


def records(path: Path) -> list:
    """(type, target URI, date, HTTP status or request line, payload) of each record."""
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            headers = record.rec_headers
            found.append((record.rec_type, headers.get_header("WARC-Target-URI"),
                          headers.get_header("WARC-Date"), record.http_headers,
                          record.content_stream().read(), headers))
    return found


def test_a_fetched_page_is_one_request_and_one_response(site, client, tmp_path):
    site.routes["/news/miners.html"] = page(PAGE)
    url = httpx.URL(site.url("/news/miners.html"))
    before = datetime.now(UTC).replace(microsecond=0)
    path = write_capture(tmp_path, url, client.get(url))
    after = datetime.now(UTC)
    (request, request_uri, request_date, request_line, _, request_headers), \
        (response, uri, date, http, payload, response_headers) = records(path)
    assert (request, response) == ("request", "response")
    assert request_uri == uri == str(url)
    assert request_date == date
    assert before <= datetime.fromisoformat(date) <= after
    assert payload == PAGE
    assert http.get_statuscode() == "200"
    assert request_line.protocol == "GET" and request_line.statusline == "/news/miners.html HTTP/1.1"
    assert request_headers.get_header("WARC-Concurrent-To") == response_headers.get_header("WARC-Record-ID")
    assert response_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert CLOSED_SET.fullmatch(path.name)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_gzip_page_reads_back_as_its_page(site, client, tmp_path):
    site.routes["/news.html"] = gzipped(PAGE)
    url = httpx.URL(site.url("/news.html"))
    path = write_capture(tmp_path, url, client.get(url))
    assert records(path)[1][4] == PAGE  # warcio undoes the Content-Encoding, as for any capture


def exchange(url: str, body: bytes = b"<p>page</p>", date: datetime | None = None) -> Exchange:
    return Exchange(url=httpx.URL(url), date=date or datetime(2026, 12, 6, 9, 30, tzinfo=UTC), address="",
                    http_version="HTTP/1.1", request_headers=[("Host", httpx.URL(url).netloc.decode())],
                    status=200, reason_phrase="OK",
                    response_headers=[("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")],
                    body=body, content=body)


@pytest.mark.parametrize("url", [
    "https://news.example.com/a/../../etc/passwd?x=<script>",
    "https://xn--n3h.example/%2e%2e/%00",  # an IDN host, escaped dots and NUL in the path
    "http://[2001:db8::1]:8080/page",
    "https://EXAMPLE.com./page#fragment",
])
def test_names_use_a_closed_set_of_characters(url, tmp_path):
    name = capture_name(httpx.URL(url), "20261206")
    assert CLOSED_SET.fullmatch(name), name
    assert not name.startswith(".")
    path = write_capture(tmp_path, httpx.URL(url), exchange(url))
    assert path.parent == tmp_path and path.name == name


def test_the_name_says_host_port_address_and_date_not_the_page():
    url = httpx.URL("http://news.example.com:8080/story")
    name = capture_name(url, "20261206")
    assert re.fullmatch(r"news\.example\.com_8080-[0-9a-f]{16}-20261206\.warc\.gz", name)
    assert capture_name(httpx.URL("http://news.example.com:8080/other"), "20261206") != name
    assert capture_name(httpx.URL("http://news.example.com:8080/story#part"), "20261206") == name


def test_transfer_encoding_is_dropped_from_the_recorded_headers(tmp_path):
    """httpx has already undone the chunking: the header would make readers undo it again."""
    path = write_capture(tmp_path, httpx.URL("https://news.example.com/a"), exchange("https://news.example.com/a"))
    http = records(path)[1][3]
    assert http.get_header("Transfer-Encoding") is None
    assert http.get_header("Content-Type") == "text/html"


def test_an_earlier_capture_is_kept(tmp_path):
    url = "https://news.example.com/a"
    first = write_capture(tmp_path, httpx.URL(url), exchange(url, b"first"))
    later = exchange(url, b"second", datetime(2026, 12, 20, tzinfo=UTC))  # another day's name
    with pytest.raises(AlreadyCaptured) as captured:
        write_capture(tmp_path, httpx.URL(url), later)
    assert captured.value.path == first
    assert existing_capture(tmp_path, httpx.URL(url)) == first
    assert records(first)[1][4] == b"first"
    assert len(list(tmp_path.iterdir())) == 1


def test_force_writes_a_new_capture(tmp_path):
    url = "https://news.example.com/a"
    first = write_capture(tmp_path, httpx.URL(url), exchange(url, b"first"))
    again = write_capture(tmp_path, httpx.URL(url), exchange(url, b"again"), force=True)
    assert again == first  # the same day's name: replaced
    assert records(again)[1][4] == b"again"


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    def broken(stream, exchange):
        stream.write(b"WARC/1.0\r\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(warcwrite, "write_records", broken)
    with pytest.raises(OSError):
        write_capture(tmp_path, httpx.URL("https://news.example.com/a"), exchange("https://news.example.com/a"))
    assert list(tmp_path.iterdir()) == []
