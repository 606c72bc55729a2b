"""When a page was captured, from each form capture tools write it in, in UTC to the second."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from converter.captures.times import capture_time

from tests.converter.captures.build import WHEN, convert, markdown_facts, page, warc_date, wget_warc, written


@pytest.mark.parametrize(("text", "expected"), [
    # SingleFile: JavaScript's Date.toString(), local time and the zone's offset and name
    ("Wed Jun 18 2025 15:30:05 GMT+0100 (Central European Standard Time)", WHEN),
    ("Wed Jun 18 2025 09:30:05 GMT-0500 (Eastern Standard Time)", WHEN),
    ("Wed Jun 18 2025 23:30:05 GMT+0900 (日本標準時)", WHEN),
    ("Wed Jun 18 2025 15:30:05 GMT+0100", WHEN),
    # MHTML's Date: RFC 2822, Chrome's older `-0000` and newer local offset
    ("Wed, 18 Jun 2025 14:30:05 -0000", WHEN),
    ("Wed, 18 Jun 2025 21:30:05 +0700", WHEN),
    # WARC-Date (Browsertrix's WARC/1.1 with milliseconds), a CDX timestamp, exports' ISO times
    ("2025-06-18T14:30:05Z", WHEN),
    ("2025-06-18T14:30:05.123Z", WHEN),
    ("20250618143005", WHEN),
    ("2025-06-18T16:30:05+02:00", WHEN),
    ("2025-06-18 14:30:05", WHEN),  # no zone: UTC
    # no time: a word, nothing, before the web, a text too long to be a time
    ("yesterday", None),
    ("", None),
    ("1990-12-31T23:59:59Z", None),
    ("2025" * 100, None),
])
def test_each_form_is_read_in_utc(text, expected):
    assert capture_time(text) == expected


def test_a_time_in_the_future_is_no_capture_time():
    """A capture cannot be newer than the run reading it (a clock a day off is forgiven)."""
    now = datetime.now(UTC)
    assert capture_time(warc_date(now + timedelta(days=2))) is None
    assert capture_time(warc_date(now + timedelta(hours=20))) is not None


def test_a_capture_time_in_the_future_leaves_the_files_time(tmp_path):
    """A WARC whose record says it was fetched next year: `Captured` is the file's modification
    time, as for a page whose capture names no time."""
    future = page("cryptoslate-en-genius-act-stablecoins.html", datetime.now(UTC).replace(microsecond=0)
                  + timedelta(days=400))
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(wget_warc([future], requisites=False).bytes())
    os.utime(path, (WHEN.timestamp(), WHEN.timestamp()))
    _, entries = convert(tmp_path, tmp_path / "out")
    (markdown,) = written(entries).values()
    assert markdown_facts(markdown)["Captured"] == WHEN.isoformat()


def test_an_undated_page_is_dated_by_its_capture_with_date_from_mtime(tmp_path):
    """`--date-from-mtime` dates a page that shows no date by when it was saved: its capture's
    time when the capture names one, not the export file's modification time."""
    undated = page("bitget-zh-cn-panews-bitcoin-miners-after-halving.txt")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(wget_warc([undated], requisites=False).bytes())
    os.utime(path, (0, 0))
    _, entries = convert(tmp_path, tmp_path / "out", "--date-from-mtime")
    facts = markdown_facts(next(iter(written(entries).values())))
    assert (facts["Date"], "Status" in facts) == ("2025-06-18 14:30:00+00:00", False)
