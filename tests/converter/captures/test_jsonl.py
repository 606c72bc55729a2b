"""Crawler exports in JSON Lines: one page a line, each line its own record (`export.jsonl#line-N`)."""

from __future__ import annotations

import json

from converter.captures import expand, read_capture

from tests.converter.captures.build import WHEN, convert, jsonl_line, markdown_facts, page, written

MB = 1024 * 1024
EN = page("cryptoslate-en-genius-act-stablecoins.html")
JA = page("bitget-ja-coinspeaker-sec-stablecoin-statement.txt")
ZH = page("bitget-zh-cn-panews-bitcoin-miners-after-halving.txt")


def test_each_line_is_a_page_named_by_its_line_number(tmp_path):
    """Blank lines (an editor's, a Windows line end's) are no records, and lines keep their
    numbers: `line-3` is the third line of the file, as an editor shows it. A byte order mark
    (Windows tools write one) is no part of the first line."""
    path = tmp_path / "export.jsonl"
    text = "\ufeff" + jsonl_line(EN) + "\r\n\r\n" + jsonl_line(JA) + "\r\n   \n" + jsonl_line(ZH)
    path.write_bytes(text.encode("utf-8"))
    captures = expand([path], 100 * MB).captures
    assert [c.record for c in captures] == ["line-1", "line-3", "line-5"]
    payloads = [read_capture(c, 5 * MB, 100 * MB) for c in captures]
    expected = [(item.data, item.url, WHEN) for item in (EN, JA, ZH)]
    assert [(p.data, p.url, p.captured) for p in payloads] == expected


def test_a_bad_line_fails_alone_with_its_line_number(tmp_path):
    """A line that is no JSON, JSON that is no object, an object with no page: each is one failed
    entry naming its line; the pages around them convert."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    path = folder / "export.jsonl"
    lines = [jsonl_line(EN), '{"url": "https://cryptoslate.com/x/", "html": "<p>cut', jsonl_line(JA),
             '["https://cryptoslate.com/x/", "<p>a list</p>"]', json.dumps({"url": EN.url, "html": "  "}),
             jsonl_line(ZH)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, entries = convert(folder, tmp_path / "out")
    assert status == 1
    outcome = {e["input"].rsplit("#", 1)[1]: (e["status"], e["reason"]) for e in entries}
    assert {line: status for line, (status, _) in outcome.items()} == {
        "line-1": "converted", "line-2": "failed", "line-3": "converted", "line-4": "failed",
        "line-5": "failed", "line-6": "converted"}
    assert outcome["line-2"][1].startswith("not a JSON object (") and "line 1 column" in outcome["line-2"][1]
    assert outcome["line-4"][1] == "not a JSON object"
    assert outcome["line-5"][1] == "no page in it (an `html` or `text` field)"
    facts = markdown_facts(written(entries)[f"{path}#line-3"])
    assert (facts["Via_URL"], facts["Scraped_From"]) == (JA.url, f"{path}#line-3")


def test_a_fetched_at_that_is_no_time_leaves_the_files_time(tmp_path):
    """`fetched_at` as a Unix time (a number) or a word is not read as a time: the export file's
    modification time stands in, as for any page."""
    path = tmp_path / "export.jsonl"
    path.write_text(jsonl_line(EN, fetched_at="2025-06-18 16:30:05+02:00") + "\n"
                    + json.dumps({"url": EN.url, "html": EN.data.decode(), "fetched_at": 1750257005}) + "\n"
                    + jsonl_line(EN, fetched_at="yesterday") + "\n", encoding="utf-8")
    times = [read_capture(c, 5 * MB, 100 * MB).captured for c in expand([path], 100 * MB).captures]
    assert times == [WHEN, None, None]
