"""`expand`: the pages a run converts, file by file and record by record, and what it says of the rest."""

from __future__ import annotations

import shutil

from converter.captures import Capture, capture_stat, expand, page_of_label

from tests.converter.captures.build import (
    Warc,
    asset_bytes,
    internet_shortcut,
    jsonl_export,
    page,
    record_id,
    wget_warc,
)

MB = 1024 * 1024
EN = page("cryptoslate-en-genius-act-stablecoins.html")
JA = page("bitget-ja-coinspeaker-sec-stablecoin-statement.txt")


def test_pages_come_in_file_order_then_record_order(tmp_path):
    saved = shutil.copy(EN.path, tmp_path / "a.html")
    crawl = tmp_path / "b.warc.gz"
    crawl.write_bytes(wget_warc([JA, EN]).bytes())
    export = tmp_path / "c.jsonl"
    export.write_bytes(jsonl_export([EN, JA]))
    found = expand([saved, crawl, export], 100 * MB)
    assert [(c.path.name, c.record) for c in found.captures] == [
        ("a.html", ""),
        ("b.warc.gz", record_id("response", JA.url, JA.captured)[1:-1]),
        ("b.warc.gz", record_id("response", EN.url, EN.captured)[1:-1]),
        ("c.jsonl", "line-1"), ("c.jsonl", "line-2")]
    assert found.problems == [] and list(found.skipped) == [crawl]


def test_a_container_of_no_page_is_a_problem_but_one_of_images_only_is_counted(tmp_path):
    """A WARC of the warcinfo record alone, or a JSON Lines file of blank lines, holds nothing:
    the user is told. A crawl of images holds no page either, and its entry says what it holds."""
    empty = tmp_path / "empty.warc"
    empty.write_bytes(wget_warc([EN], requisites=False, redirect=False, compressed=False).bytes()
                      .split(b"WARC/1.0\r\nWARC-Type: request")[0])
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n\r\n  \n")
    images = Warc()
    for url, kind in EN.assets():
        images.response(url, asset_bytes(kind), kind)
    pictures = tmp_path / "images.warc.gz"
    pictures.write_bytes(images.bytes())
    found = expand([empty, blank, pictures], 100 * MB)
    assert [(p.path.name, p.reason) for p in found.problems] == [
        ("empty.warc", "holds no page"), ("blank.jsonl", "holds no page")]
    assert found.skipped == {pictures: "3 records hold no page: 2 × image/svg+xml, 1 × text/css"}


def test_the_summary_names_the_eight_most_frequent_reasons(tmp_path):
    crawl = Warc()
    kinds = [f"application/x-kind-{n}" for n in range(10)]
    for number, kind in enumerate(kinds):
        for copy in range(number + 1):
            crawl.response(f"https://cryptoslate.com/file-{number}-{copy}", b"x", kind)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(crawl.bytes())
    shown = ", ".join(f"{n + 1} × {kinds[n]}" for n in range(9, 1, -1))
    assert expand([path], 100 * MB).skipped == {path: f"55 records hold no page: {shown}, 2 other reasons"}


def test_a_label_names_its_file_before_the_record():
    assert page_of_label("scraped/crawl.warc.gz#urn:uuid:0f3e") == "scraped/crawl.warc.gz"
    assert page_of_label("scraped/export.jsonl#line-3") == "scraped/export.jsonl"
    assert page_of_label("scraped/notes#1.txt") == "scraped/notes#1.txt"  # a `#` in a page's own name
    assert page_of_label("scraped/crawl.warc.gz") == "scraped/crawl.warc.gz"


def test_a_sidecar_is_part_of_its_pages_stat(tmp_path):
    """What tells the cache a page may have changed: its file, and the sidecar beside it."""
    path = shutil.copy(JA.path, tmp_path / JA.name)
    before = capture_stat(Capture(path))
    (tmp_path / JA.name).with_suffix(".url").write_bytes(internet_shortcut(JA.url))
    assert capture_stat(Capture(path)) != before
