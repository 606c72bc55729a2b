"""A batch over capture files: each record is an input of its own, named `file#record`, and the
capture stays the archive of record (a later run converts again from the same bytes)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
HTML = PAGES / "bitget-en-html-ethereum-etf-staking.html"
DUMP = PAGES / "bitget-ja-theblock-solana-etf-inflows.txt"
DUMP_2 = PAGES / "bitget-en-theblock-defi-frontend-hijack.txt"
ADDRESS = "https://www.bitget.com/news/detail/12560604111111"


def response(writer: WARCWriter, url: str, body: bytes, kind: str = "text/html; charset=utf-8",
             when: str = "2025-12-01T10:00:00Z") -> None:
    """A response record whose id follows from its address, as when a tool rewrites a WARC."""
    headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
    ident = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}>"
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": when, "WARC-Record-ID": ident})
    writer.write_record(record)


def write_warc(path: Path, pages: list[tuple[str, Path]], mode: str = "wb") -> None:
    with path.open(mode) as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, page in pages:
            kind = "text/plain; charset=utf-8" if page.suffix == ".txt" else "text/html; charset=utf-8"
            response(writer, url, page.read_bytes(), kind)


def convert(*args: str | Path, report: Path) -> tuple[int, list[dict]]:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert.py"), *map(str, args),
                           "--report", str(report)], capture_output=True, text=True, check=False)
    return done.returncode, json.loads(report.read_text(encoding="utf-8"))


def by_input(entries: list[dict]) -> dict[str, dict]:
    return {Path(entry["input"]).name: entry for entry in entries}


def test_each_record_is_an_article_named_by_its_file_and_record_with_its_address(tmp_path):
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    scraped.mkdir()
    write_warc(scraped / "crawl.warc.gz", [(ADDRESS, HTML), (f"{ADDRESS}2", DUMP)])
    code, entries = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r.json")
    assert code == 0
    records = [entry for entry in entries if "#" in entry["input"]]
    assert [entry["status"] for entry in records] == ["converted", "converted"]
    assert [entry["via_url"] for entry in records] == [ADDRESS, f"{ADDRESS}2"]
    assert {entry["captured"] for entry in records} == {"2025-12-01T10:00:00+00:00"}
    for entry in records:
        markdown = Path(entry["output"]).read_text(encoding="utf-8")
        label = entry["input"].split("/scraped/")[-1]
        assert f"Scraped_From: {scraped / label}\n" in markdown
        assert f"Via_URL: {entry['via_url']}\n" in markdown
        assert "Captured: 2025-12-01T10:00:00+00:00\n" in markdown


def test_a_later_run_converts_again_from_the_same_record_and_new_records_add_articles(tmp_path):
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    scraped.mkdir()
    crawl = scraped / "crawl.warc.gz"
    write_warc(crawl, [(ADDRESS, HTML)])
    _, first = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r1.json")
    written = {entry["output"]: Path(entry["output"]).read_bytes() for entry in first if entry["output"]}
    write_warc(crawl, [(f"{ADDRESS}2", DUMP_2)], mode="ab")  # the crawl goes on: a record appended
    _, again = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r2.json")
    assert [entry["status"] for entry in again] == ["unchanged", "converted"]
    assert {path: Path(path).read_bytes() for path in written} == written


def test_a_record_gone_from_its_crawl_orphans_its_article_but_a_damaged_crawl_orphans_none(tmp_path):
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    scraped.mkdir()
    crawl = scraped / "crawl.warc.gz"
    write_warc(crawl, [(ADDRESS, HTML), (f"{ADDRESS}2", DUMP)])
    _, first = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r1.json")
    second_article = Path(first[1]["output"])
    whole = crawl.read_bytes()
    crawl.write_bytes(whole[: len(whole) - 40])  # the last record cut short: a download broken off
    code, damaged = convert(scraped, "--out", out, "--no-cache", "--prune", report=tmp_path / "r2.json")
    assert code == 1
    assert [entry["status"] for entry in damaged] == ["failed", "unchanged"]
    assert damaged[0]["input"] == str(crawl) and damaged[0]["reason"].endswith("after 1 page(s)")
    assert second_article.is_file()  # not pruned: a record in a damaged file is not gone
    write_warc(crawl, [(ADDRESS, HTML)])  # rewritten without the second page
    _, shorter = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r3.json")
    assert [entry["status"] for entry in shorter] == ["unchanged", "orphaned"]
    assert shorter[1]["output"] == str(second_article)


def test_a_text_dump_learns_its_address_from_a_sidecar_and_the_cache_sees_the_sidecar_arrive(tmp_path):
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    scraped.mkdir()
    dump = scraped / DUMP.name
    dump.write_bytes(DUMP.read_bytes())
    _, before = convert(scraped, "--out", out, report=tmp_path / "r1.json")
    assert before[0]["via_url"] == ""
    dump.with_suffix(".url").write_bytes(f"[InternetShortcut]\r\nURL={ADDRESS}\r\n".encode())
    _, after = convert(scraped, "--out", out, report=tmp_path / "r2.json")
    assert (after[0]["status"], after[0]["via_url"]) == ("converted", ADDRESS)
    assert f"Via_URL: {ADDRESS}\n" in Path(after[0]["output"]).read_text(encoding="utf-8")


def test_an_unchanged_crawl_is_not_read_again_to_find_its_records(tmp_path, monkeypatch):
    from zoneinfo import ZoneInfo

    from converter import captures, store
    from converter.batch import convert_all
    from converter.cache import ConversionCache
    from converter.inputs import find_inputs
    from converter.metadata import Settings
    from converter.topics import load_rules

    monkeypatch.setattr(store, "RACY_NS", 0)  # files count as settled as soon as written
    scraped = tmp_path / "scraped"
    scraped.mkdir()
    crawl = scraped / "crawl.warc.gz"
    write_warc(crawl, [(ADDRESS, HTML), (f"{ADDRESS}2", DUMP)])
    listed = []
    real = captures._listing
    monkeypatch.setattr(captures, "_listing", lambda path, most: listed.append(path) or real(path, most))

    def run() -> list[str]:
        cache = ConversionCache.load(tmp_path / "cache.pickle", "f1")
        entries = convert_all(find_inputs([scraped]), tmp_path / "out", load_rules(),
                              Settings(timezone=ZoneInfo("UTC")), cache=cache)
        return [entry.status for entry in entries]

    assert run() == ["converted", "converted"] and listed == [crawl]
    assert run() == ["unchanged", "unchanged"] and listed == [crawl]  # listed from the cache
    write_warc(crawl, [(f"{ADDRESS}3", DUMP_2)], mode="ab")
    assert run() == ["unchanged", "unchanged", "converted"] and listed == [crawl, crawl]


@pytest.mark.parametrize("dump_name", ["a-first.txt", "z-last.txt"])
def test_the_copy_whose_capture_knows_its_address_is_the_one_kept(tmp_path, dump_name):
    """The same Bitget dump saved as a file and fetched into a WARC: one article, the WARC's, so
    the address and capture time are not lost to the copy that knows neither (either order)."""
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    scraped.mkdir()
    (scraped / dump_name).write_bytes(DUMP.read_bytes())
    write_warc(scraped / "crawl.warc.gz", [(ADDRESS, DUMP)])
    _, entries = convert(scraped, "--out", out, "--no-cache", report=tmp_path / "r.json")
    statuses = {("warc" if "#" in entry["input"] else "txt"): entry["status"] for entry in entries}
    assert statuses == {"warc": "converted", "txt": "duplicate"}
    [article] = out.rglob("*.md")
    text = article.read_text(encoding="utf-8")
    assert f"Via_URL: {ADDRESS}\n" in text and "Captured: 2025-12-01T10:00:00+00:00\n" in text
    assert "crawl.warc.gz#" in text


def test_a_reader_that_trips_on_a_page_costs_that_page_not_the_run(tmp_path, monkeypatch):
    """A bug in a capture reader (an exception no reader should raise) while the batch learns from
    the pages' frames, or while converting, is one failed entry: the other pages convert."""
    from zoneinfo import ZoneInfo

    from converter import batch, captures
    from converter.batch import Options, convert_all
    from converter.inputs import find_inputs
    from converter.metadata import Settings
    from converter.topics import load_rules

    scraped = tmp_path / "scraped"
    scraped.mkdir()
    write_warc(scraped / "crawl.warc.gz", [(ADDRESS, HTML), (f"{ADDRESS}2", DUMP)])
    real = captures.read_capture

    def tripping(capture, *limits):
        if capture.index == 1:
            raise KeyError("a reader's bug")
        return real(capture, *limits)

    monkeypatch.setattr(batch, "read_capture", tripping)
    monkeypatch.setattr(captures, "read_capture", tripping)
    monkeypatch.setattr("converter.pipeline.read_capture", tripping)
    entries = convert_all(find_inputs([scraped]), tmp_path / "out", load_rules(),
                          Settings(timezone=ZoneInfo("UTC")), Options())
    assert [entry.status for entry in entries] == ["converted", "failed"]
    assert "KeyError" in entries[1].reason
