"""Saved pages that carry their own address: SingleFile's comment and a browser's "saved from url"."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from converter.captures import Capture, read_capture
from converter.captures.pages import HEAD_BYTES, comment_facts

from tests.converter.captures.build import (
    WHEN,
    convert,
    js_date,
    markdown_facts,
    page,
    saved_from,
    singlefile,
    written,
)

MB = 1024 * 1024
PUBLISHER = page("cryptoslate-en-genius-act-stablecoins.html")  # no comment of its own
BITGET = page("bitget-ja-html-bitcoin-miners-ai-hashprice.html")  # saved from url=… by a browser


def test_singlefile_gives_the_address_and_the_save_time_in_utc():
    """SingleFile writes JavaScript's local time: 16:30:05 GMT+0200 (Paris in June) is 14:30:05 UTC,
    and GMT+0100 is an hour ahead of UTC (dateutil alone reads `GMT+0100` the POSIX way, behind)."""
    saved = singlefile(PUBLISHER, "Wed Jun 18 2025 16:30:05 GMT+0200 (Central European Summer Time)")
    assert comment_facts(saved) == (PUBLISHER.url, WHEN)
    assert comment_facts(singlefile(PUBLISHER)) == (PUBLISHER.url, WHEN)  # GMT+0100, the default


@pytest.mark.parametrize("variant", ["no-saved-date", "legacy-header", "infobar-text"])
def test_every_form_of_the_singlefile_comment_gives_the_address(variant):
    """"Remove saved date" leaves the date out; older versions (and the option "use legacy
    comment header") write "Archive processed by SingleFile"; a user's infobar text follows the
    date."""
    saved = {"no-saved-date": singlefile(PUBLISHER, ""), "legacy-header": singlefile(PUBLISHER, legacy=True),
             "infobar-text": singlefile(PUBLISHER, info="read later")}[variant]
    assert comment_facts(saved) == (PUBLISHER.url, None if variant == "no-saved-date" else WHEN)


def test_a_saved_from_mark_gives_the_address_and_no_time():
    mark = b"<!-- saved from url=(0099)" + PUBLISHER.url.encode() + b" -->"  # (the address's length)
    assert saved_from(PUBLISHER).startswith(b"<!DOCTYPE html>\n" + mark + b"\n<html")
    assert comment_facts(saved_from(PUBLISHER)) == (PUBLISHER.url, None)


def with_singlefile_comment(data: bytes, url: str) -> bytes:
    """The saved page saved again with SingleFile, its comment naming `url`."""
    comment = singlefile(PUBLISHER.__class__(PUBLISHER.name, url))
    comment = comment[comment.index(b"<!--\n Page saved"):comment.index(b"\n-->") + 4]
    tag = data.index(b">", data.index(b"<html")) + 1
    return data[:tag] + comment + data[tag:]


def test_singlefiles_comment_names_the_address_unless_it_names_the_file_on_disk():
    """A page saved by a browser (its mark) and saved again with SingleFile holds both comments:
    SingleFile's is the later save. Opened from disk, SingleFile names the file (`file:///…`),
    and the browser's mark still names the page's web address."""
    marked = saved_from(PUBLISHER)
    mirror = "https://cryptoslate-com.cdn.ampproject.org/c/s/cryptoslate.com/genius-act/"
    assert comment_facts(with_singlefile_comment(marked, mirror)) == (mirror, WHEN)
    on_disk = with_singlefile_comment(marked, "file:///C:/Users/me/Downloads/genius-act.html")
    assert comment_facts(on_disk) == (PUBLISHER.url, None)
    alone = with_singlefile_comment(PUBLISHER.data, "file:///C:/Users/me/Downloads/genius-act.html")
    assert comment_facts(alone)[0].startswith("file:///")  # kept, for the note that says it is not kept


def test_a_comment_past_the_head_of_the_page_is_not_read():
    """The tools write their comment before or just after `<html>`: one deep in the page is page
    text, which chooses nothing."""
    late = PUBLISHER.data + b"<!-- " + b"x" * HEAD_BYTES + b" -->" + saved_from(BITGET)[:200]
    assert comment_facts(late) == ("", None)


def test_a_singlefile_page_converts_with_its_address_and_save_time(tmp_path):
    """The publisher's page saved with SingleFile: its address is `Original_URL` (the page's
    canonical link says the same), the save time is `Captured`."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    path = folder / "genius-act.html"
    path.write_bytes(singlefile(PUBLISHER, js_date(WHEN, 9, "日本標準時")))
    payload = read_capture(Capture(path), 5 * MB, 100 * MB)
    assert (payload.url, payload.captured) == (PUBLISHER.url, WHEN)
    _, entries = convert(folder, tmp_path / "out")
    facts = markdown_facts(written(entries)[str(path)])
    assert (facts["Original_URL"], facts["Captured"]) == (PUBLISHER.url, "2025-06-18T14:30:05+00:00")


def test_a_saved_from_page_takes_its_files_time(tmp_path):
    """A browser's mark names no time: the file's modification time stands in."""
    path = tmp_path / "genius-act.html"
    path.write_bytes(saved_from(PUBLISHER))
    stamp = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    _, entries = convert(tmp_path, tmp_path / "out")
    facts = markdown_facts(written(entries)[str(path)])
    assert (facts["Original_URL"], facts["Captured"]) == (PUBLISHER.url, stamp.isoformat())
