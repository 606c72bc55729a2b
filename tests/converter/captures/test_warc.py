"""WARC, WARC.gz and WACZ files: one article per page a crawl holds, everything else counted.

The files are written as wget and Browsertrix write them (build.py), around the fixture pages."""

from __future__ import annotations

import gzip
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from converter.captures import Capture, expand, read_capture, warc
from converter.model import InputError

from tests.converter.captures.build import (
    WHEN,
    Warc,
    convert,
    gzip_whole,
    in_charset,
    markdown_facts,
    page,
    record_id,
    wacz,
    wget_warc,
    written,
)

MB = 1024 * 1024
JA_HTML = page("bitget-ja-html-bitcoin-miners-ai-hashprice.html")
EN_HTML = page("cryptoslate-en-genius-act-stablecoins.html")
JA_TEXT = page("bitget-ja-coinspeaker-sec-stablecoin-statement.txt")
ZH_TEXT = page("bitget-zh-cn-panews-bitcoin-miners-after-halving.txt")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{0,99}")


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_a_wget_crawl_of_one_page_is_one_article_and_one_entry_counting_the_rest(tmp_path):
    """`wget -p --warc-file` of a page: its redirect, images, style sheet and wget's own log and
    arguments (text/plain records at `metadata://` addresses) are no articles."""
    crawl = wget_warc([JA_HTML], response_ids={JA_HTML.name: record_id("the page")})
    path = write(tmp_path / "scraped", "crawl.warc.gz", crawl.bytes())
    status, entries = convert(path.parent, tmp_path / "out")
    assert status == 0
    kinds = Counter(kind for _, kind in JA_HTML.assets())
    counted = {**kinds, "crawler's record (metadata:)": 2, "redirect (301)": 1}
    ranked = sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))
    assert [(e["input"], e["status"], e["reason"]) for e in entries if e["status"] != "converted"] == [
        (str(path), "skipped", f"{sum(counted.values())} records hold no page: "
         + ", ".join(f"{n} × {reason}" for reason, n in ranked))]
    record = record_id("the page")[1:-1]
    (label, markdown), = written(entries).items()
    assert label == f"{path}#{record}"
    facts = markdown_facts(markdown)
    assert facts["Via_URL"] == JA_HTML.url and facts["Captured"] == WHEN.isoformat()
    assert facts["Scraped_From"] == f"{path}#{record}"


def test_a_warc_gzipped_whole_is_refused_with_how_to_fix_it(tmp_path):
    """`gzip crawl.warc` makes one gzip stream: warcio reads its first record and refuses the rest,
    where WARC tools gzip each record on its own. The user is told how to fix it; the plain
    WARC it was made from converts."""
    plain = wget_warc([JA_HTML, EN_HTML], compressed=False)
    whole = write(tmp_path / "a", "crawl.warc.gz", gzip_whole(plain))
    assert gzip.decompress(whole.read_bytes()) == plain.bytes()
    found = expand([whole], 100 * MB)
    assert found.captures == []
    (problem,) = found.problems
    assert "gzipped as one stream" in problem.reason and "warcio recompress" in problem.reason
    unzipped = write(tmp_path / "b", "crawl.warc", plain.bytes())
    assert [c.record for c in expand([unzipped], 100 * MB).captures] == [
        record_id("response", p.url, p.captured)[1:-1] for p in (JA_HTML, EN_HTML)]


def test_record_names_are_unique_and_of_a_closed_set_of_characters(tmp_path):
    """A record's name goes after `#` in Scraped_From and the report: an id with a path, a `#`,
    a space or letters outside ASCII, or one seen before, is named by its position instead."""
    crawl = Warc()
    ids = ["<urn:uuid:2f0c8a52-0b7e-4a52-9d0e-6ad1d1d1a001>", "<../../articles/x>", "<urn:uuid:a#b>",
           "<urn:記録:1>", "<urn:uuid:2f0c8a52-0b7e-4a52-9d0e-6ad1d1d1a001>", "<" + "a" * 120 + ">", "<a b>"]
    for rid in ids:
        crawl.response(JA_HTML.url, JA_HTML.data, JA_HTML.media_type, rid=rid)
    path = write(tmp_path, "crawl.warc.gz", crawl.bytes())
    captures = expand([path], 100 * MB).captures
    names = [capture.record for capture in captures]
    assert names == ["urn:uuid:2f0c8a52-0b7e-4a52-9d0e-6ad1d1d1a001", "record-1", "record-2", "record-3",
                     "record-4", "record-5", "record-6"]
    assert all(NAME.fullmatch(name) for name in names)
    assert [read_capture(c, 5 * MB, 100 * MB).data for c in captures] == [JA_HTML.data] * len(ids)


def test_a_record_named_by_its_position_is_read_in_a_wacz_of_two_warcs(tmp_path, monkeypatch):
    """Two WARCs of a WACZ holding the same record (a crawl resumed into a new file): the second
    is named by its position, and read where it starts, not looked for by the name it lost."""
    path = write(tmp_path, "crawl.wacz", wacz([JA_HTML, JA_HTML], warcs=2))
    captures = expand([path], 100 * MB).captures
    assert [(c.member, c.record) for c in captures] == [
        ("archive/rec-0.warc.gz", record_id("response", JA_HTML.url, WHEN.replace(microsecond=123000))[1:-1]),
        ("archive/rec-1.warc.gz", "record-1")]
    monkeypatch.setattr(warc, "_find", lambda *args: pytest.fail("looked for from the start"))
    assert [read_capture(c, 5 * MB, 100 * MB).data for c in captures] == [JA_HTML.data] * 2


@pytest.mark.parametrize("cut", [30, 200, 0.5], ids=["in-its-gzip-header", "in-its-headers", "in-its-page"])
def test_a_damaged_tail_costs_only_the_records_in_it(tmp_path, cut):
    """A crawl cut short (a full disk, a download broken off) keeps the pages before the damage;
    the page cut is not converted as if it were whole, and the article an earlier run made from
    it is neither orphaned nor pruned."""
    pages = [JA_HTML, EN_HTML, JA_TEXT]
    crawl = wget_warc(pages, requisites=False, redirect=False)
    folder = tmp_path / "scraped"
    path = write(folder, "crawl.warc.gz", crawl.bytes())
    _, first = convert(folder, tmp_path / "out")
    assert len(written(first)) == 3
    starts = sorted(crawl.offsets.values())
    last = crawl.offsets[record_id("response", JA_TEXT.url, JA_TEXT.captured)]
    length = starts[starts.index(last) + 1] - last
    path.write_bytes(crawl.bytes()[:last + (int(length * cut) if isinstance(cut, float) else cut)])
    found = expand([path], 100 * MB)
    kept = [record_id("response", p.url, p.captured)[1:-1] for p in pages[:2]]
    assert [c.record for c in found.captures] == kept
    status, again = convert(folder, tmp_path / "out", "--prune")
    assert status == 1
    assert [(e["input"], e["status"], e["reason"].endswith("after 2 page(s)")) for e in again
            if e["input"] == str(path)] == [(str(path), "failed", True)]
    assert sorted((e["input"], e["status"]) for e in again if "#" in e["input"]) == sorted(
        (f"{path}#{record}", "unchanged") for record in kept)
    assert all(Path(e["output"]).is_file() for e in first if e["status"] == "converted")


def test_a_record_is_read_where_it_starts(tmp_path, monkeypatch):
    crawl = wget_warc([JA_HTML, JA_TEXT, EN_HTML])
    path = write(tmp_path, "crawl.warc.gz", crawl.bytes())
    captures = expand([path], 100 * MB).captures

    monkeypatch.setattr(warc, "_find", lambda *args: pytest.fail("looked for from the start"))
    for capture, expected in zip(captures, [JA_HTML, JA_TEXT, EN_HTML], strict=True):
        payload = read_capture(capture, 5 * MB, 100 * MB)
        assert (payload.data, payload.url, payload.captured) == (expected.data, expected.url, WHEN)


def test_a_record_is_found_by_walking_the_file_when_it_moved_and_missed_when_it_is_gone(tmp_path):
    """The file changed since it was listed (a crawl appended to, rewritten in another order):
    the record is looked for by its name; gone, the reading says so."""
    path = write(tmp_path, "crawl.warc.gz", wget_warc([JA_HTML, EN_HTML]).bytes())
    old = {capture.record: capture for capture in expand([path], 100 * MB).captures}
    path.write_bytes(wget_warc([JA_TEXT, EN_HTML, JA_HTML]).bytes())
    moved = old[record_id("response", JA_HTML.url, WHEN)[1:-1]]
    assert read_capture(moved, 5 * MB, 100 * MB).data == JA_HTML.data
    path.write_bytes(wget_warc([JA_TEXT]).bytes())
    with pytest.raises(InputError, match="no longer in the file"):
        read_capture(moved, 5 * MB, 100 * MB)


@pytest.mark.parametrize("item", [JA_TEXT, JA_HTML], ids=["text", "html"])
def test_a_charset_named_only_in_the_http_header_is_the_pages(tmp_path, item):
    """A Japanese server sends Shift_JIS and says so in its `Content-Type` header only (the page's
    own `<meta charset>` gone): the page reaches the converter in UTF-8, the same text."""
    sent = in_charset(item, "shift_jis")
    kind = item.media_type.split(";")[0] + "; charset=Shift_JIS"
    crawl = wget_warc([item], charsets={item.name: (sent, kind)}, requisites=False, redirect=False)
    path = write(tmp_path, "crawl.warc", crawl.bytes())
    (capture,) = expand([path], 100 * MB).captures
    data = read_capture(capture, 5 * MB, 100 * MB).data
    assert data == sent.decode("shift_jis").encode("utf-8") and data != sent


@pytest.mark.parametrize("packed", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED], ids=["stored", "deflated"])
def test_a_wacz_gives_the_pages_of_its_warcs(tmp_path, packed):
    """Browsertrix's WACZ: one capture per page response, over the WARCs in `archive/` (stored
    as the spec asks, or deflated); its `urn:pageinfo:` and `urn:text:` records (the page's
    visible text, again) are the crawler's own and only counted."""
    pages = [JA_HTML, JA_TEXT, EN_HTML, ZH_TEXT]
    path = write(tmp_path, "crawl.wacz", wacz(pages, compression=packed, warcs=2))
    found = expand([path], 100 * MB)
    assert found.problems == []
    assert found.skipped == {path: "8 records hold no page: 8 × crawler's record (urn:)"}
    assert [c.member for c in found.captures] == ["archive/rec-0.warc.gz"] * 2 + ["archive/rec-1.warc.gz"] * 2
    payloads = [read_capture(c, 5 * MB, 100 * MB) for c in found.captures]
    assert {payload.url: payload.data for payload in payloads} == {p.url: p.data for p in pages}
    assert len({c.record for c in found.captures}) == 4


def test_a_wacz_whose_warcs_unpack_past_the_limit_is_refused_unread(tmp_path):
    """A zip states its members' sizes: a WACZ small on disk whose WARCs unpack past the capture
    limit (a zip bomb) is refused before any is read."""
    path = write(tmp_path, "crawl.wacz", wacz([JA_HTML, EN_HTML], compression=zipfile.ZIP_DEFLATED,
                                              compressed=False))
    with zipfile.ZipFile(path) as archive:
        unpacked = archive.getinfo("archive/data.warc").file_size
    on_disk = path.stat().st_size
    assert on_disk < unpacked
    found = expand([path], (on_disk + unpacked) // 2)
    assert found.captures == [] and "its WARCs unpack to" in found.problems[0].reason
    assert len(expand([path], unpacked).captures) == 2


def test_a_capture_is_named_file_hash_record(tmp_path):
    path = write(tmp_path, "crawl.warc.gz", wget_warc([EN_HTML]).bytes())
    (capture,) = expand([path], 100 * MB).captures
    assert isinstance(capture, Capture) and str(capture) == f"{path}#{capture.record}"
    assert capture.label.endswith(f"crawl.warc.gz#{capture.record}")


def test_nothing_after_the_last_record_is_no_damage(tmp_path):
    """Blank lines, or an empty gzip member (some tools that join WARC.gz files end with one),
    after the last record are nothing: only a record cut short is damage (test above)."""
    crawl = wget_warc([EN_HTML], requisites=False).bytes()
    for tail in (gzip.compress(b"", mtime=0), gzip.compress(b"\r\n\r\n", mtime=0), b"\r\n"):
        path = write(tmp_path, "crawl.warc.gz", crawl + tail)
        found = expand([path], 100 * MB)
        assert (len(found.captures), found.problems) == (1, [])
