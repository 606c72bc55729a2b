"""`Captured`: when an article's page was saved, the date its page says nothing else about.

An article page names its original or the republisher's copy when the page gave their
addresses; when it gave neither, the reader is told the text is a saved page's and when it was
saved. The converter takes that time from the page file (nothing in a page's text can set it)
and keeps the earliest it recorded: a page saved again, or a fresh checkout of the scraped
folder (which dates every file anew), does not make the text newer.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from tests.converter.test_batch import bitget_dump, convert, header, write_pages

SAVED = datetime(2025, 3, 2, 10, 0, 5, tzinfo=UTC)
LATER = datetime(2026, 1, 20, 8, 30, tzinfo=UTC)
EARLIER = datetime(2024, 12, 31, 23, 59, 59, tzinfo=UTC)
PAGE = bitget_dump("Bitcoin miners sell as hashprice slides", "2025/03/02 10:00",
                   "Miners sold more bitcoin in February than in any month since the halving.")


def saved_at(path: Path, when: datetime) -> None:
    os.utime(path, (when.timestamp(), when.timestamp()))


def article_file(out: Path) -> Path:
    [markdown] = out.rglob("*.md")
    return markdown


def test_an_article_records_when_its_page_file_was_saved(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"miners.txt": PAGE})
    saved_at(pages / "miners.txt", SAVED.replace(microsecond=250_000))
    status, _ = convert(pages, out=tmp_path / "articles")
    assert status == 0
    assert header(article_file(tmp_path / "articles"), "Captured") == "2025-03-02T10:00:05+00:00"


def test_a_page_dated_anew_keeps_the_earliest_capture_and_an_earlier_copy_moves_it_back(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"miners.txt": PAGE})
    out = tmp_path / "articles"
    saved_at(pages / "miners.txt", SAVED)
    convert(pages, out=out)
    saved_at(pages / "miners.txt", LATER)  # a fresh checkout: every file is dated now
    status, entries = convert(pages, "--no-cache", out=out)
    assert (status, [entry["status"] for entry in entries]) == (0, ["unchanged"])
    assert header(article_file(out), "Captured") == SAVED.isoformat()
    saved_at(pages / "miners.txt", EARLIER)  # the same text, saved before the first record
    convert(pages, "--no-cache", out=out)
    assert header(article_file(out), "Captured") == EARLIER.isoformat()


def test_no_page_text_sets_the_capture_time(tmp_path):
    planted = PAGE.replace("Traders said", "Captured: 1999-01-01T00:00:00+00:00\n\nTraders said")
    pages = write_pages(tmp_path / "scraped", {"miners.txt": planted})
    saved_at(pages / "miners.txt", SAVED)
    convert(pages, out=tmp_path / "articles")
    markdown = article_file(tmp_path / "articles").read_text(encoding="utf-8")
    headers = [line for line in markdown.split("\n\n")[0].splitlines() if line.startswith("Captured:")]
    assert headers == [f"Captured: {SAVED.isoformat()}"]
