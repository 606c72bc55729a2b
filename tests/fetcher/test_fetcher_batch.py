"""Many addresses, each with its own report entry: fetched, skipped, refused or failed."""

from __future__ import annotations

from fetcher.batch import Options, fetch_all
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import PAGES
from tests.fetcher.server import page, redirect

PAGE = (PAGES / "bitget-en-html-ethereum-etf-staking.html").read_bytes()


def by_input(entries) -> dict:
    return {entry.input: entry for entry in entries}


def test_each_address_gets_its_own_entry(site, client, tmp_path):
    site.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /members/\n", "text/plain")
    site.routes["/news.html"] = page(PAGE)
    addresses = [site.url("/news.html"), site.url("/members/a.html"), site.url("/gone.html"),
                 "ftp://127.0.0.1/news.html", "not an address", site.url("/news.html")]
    seen = []
    entries = fetch_all(addresses, client, Options(out=tmp_path), report=seen.append)
    assert seen == entries  # reported as each ends, each address once
    found = by_input(entries)
    assert len(entries) == 5
    fetched = found[site.url("/news.html")]
    assert (fetched.status, fetched.reason) == ("fetched", "")
    assert fetched.output.startswith(str(tmp_path)) and fetched.output.endswith(".warc.gz")
    assert (found[site.url("/members/a.html")].status, found[site.url("/members/a.html")].reason) == (
        "skipped", "disallowed by robots.txt")
    assert (found[site.url("/gone.html")].status, found[site.url("/gone.html")].reason) == (
        "failed", "HTTP 404 Not Found")
    assert found["ftp://127.0.0.1/news.html"].status == "refused"
    assert found["not an address"].reason == "only http and https addresses are fetched, not no scheme"
    assert all(entry.output is None for entry in entries if entry.status != "fetched")
    # robots.txt read once; the disallowed page never asked for
    assert site.paths() == ["/robots.txt", "/news.html", "/gone.html"]


def test_an_address_captured_before_is_not_asked_for_again(site, client, tmp_path):
    site.routes["/news.html"] = page(PAGE)
    first = fetch_all([site.url("/news.html")], client, Options(out=tmp_path))[0]
    requests_before = len(site.seen)
    again = fetch_all([site.url("/news.html")], client, Options(out=tmp_path))[0]
    assert (again.status, again.output) == ("skipped", first.output)
    assert again.reason == "already captured (--force fetches it again)"
    assert len(site.seen) == requests_before


def test_force_fetches_it_again(site, client, tmp_path):
    site.routes["/news.html"] = page(b"<p>first</p>")
    first = fetch_all([site.url("/news.html")], client, Options(out=tmp_path))[0]
    site.routes["/news.html"] = page(b"<p>updated</p>")
    again = fetch_all([site.url("/news.html")], client, Options(out=tmp_path, force=True))[0]
    assert (again.status, again.output) == ("fetched", first.output)
    with open(again.output, "rb") as stream:
        bodies = [r.content_stream().read() for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert bodies == [b"<p>updated</p>"]


def test_a_redirected_page_is_named_for_the_address_asked_and_says_where_it_was(site, client, tmp_path):
    site.routes["/short"] = redirect("/news/2026/story.html")
    site.routes["/news/2026/story.html"] = page(PAGE)
    entry = fetch_all([site.url("/short")], client, Options(out=tmp_path))[0]
    assert (entry.status, entry.reason) == ("fetched", f"redirected to {site.url('/news/2026/story.html')}")
    with open(entry.output, "rb") as stream:
        uris = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)}
    assert uris == {site.url("/news/2026/story.html")}
    # asking for the short address again finds the capture without a request
    assert fetch_all([site.url("/short")], client, Options(out=tmp_path))[0].status == "skipped"
