"""A file that is one page: a saved `.html`, a text dump. Its address comes from a sidecar
(sidecar.py) or, in saved HTML, from the comment the saving tool wrote at its top:

- a browser's "Save as": `<!-- saved from url=(0049)https://… -->` (no time: the file's
  modification time stands in);
- the SingleFile extension: `<!--\n Page saved with SingleFile \n url: https://… \n saved date:
  Sat Dec 06 2025 10:00:00 GMT+0000 (…)\n-->`.

Only the first 16 KB are searched: the tools write it before or just after `<html>`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from ..inputs import read_input
from .model import Capture, Payload
from .sidecar import sidecar_facts
from .times import capture_time

HEAD_BYTES = 16 * 1024
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d{1,5}\)([^\s>]{1,4000}?)\s*-->", re.I)
# SingleFile leaves the date out when "remove saved date" is set, and its older versions wrote
# "Archive processed by SingleFile" (its option "use legacy comment header" still does).
_SINGLEFILE = re.compile(
    rb"<!--\s*(?:Page saved with|Archive processed by) SingleFile[ \t]*\r?\n[ \t]*url:[ \t]*"
    rb"([^\s]{1,4000})(?!\S)"  # a longer address is none (its first 4,000 characters are another)
    rb"[ \t]*(?:\r?\n[ \t]*saved date:[ \t]*([^\r\n]{0,200}?)[ \t]*(?:\r?\n|-->))?", re.I)


def comment_facts(data: bytes) -> tuple[str, datetime | None]:
    """(address, save time) from a saving tool's comment at the top of the page, if any.

    SingleFile's comes first: it is the later save when a page holds both. But a page saved by a
    browser and opened from disk has SingleFile write `url: file:///…`; the browser's mark then
    still names the web address (without a time: the file's stands in)."""
    head = data[:HEAD_BYTES]
    found: list[tuple[str, datetime | None]] = []
    single = _SINGLEFILE.search(head)
    if single:
        found.append((_text(single[1]), capture_time(_text(single[2])) if single[2] else None))
    saved = _SAVED_FROM.search(head)
    if saved:
        found.append((_text(saved[1]), None))
    web = [facts for facts in found if facts[0].lower().startswith(("http://", "https://"))]
    return (web or found or [("", None)])[0]


def _text(raw: bytes) -> str:
    return raw.decode("ascii", "replace")


def with_sidecar(capture: Capture, payload: Payload) -> Payload:
    """The payload with the address a sidecar gives (it wins: the user wrote it beside the page)."""
    url, when, notes = sidecar_facts(capture.path)
    if url:
        return replace(payload, url=url, captured=when or payload.captured, notes=(*payload.notes, *notes))
    return replace(payload, notes=(*payload.notes, *notes)) if notes else payload


class _PageFile:
    name = "page"

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        data = read_input(capture.path, max_bytes)
        url, when = comment_facts(data)
        return with_sidecar(capture, Payload(data, url, when))


PAGE_FILE = _PageFile()
