"""Crawler exports in JSON Lines (`.jsonl`, `.ndjson`): one page a line, an object with `url`
and the page as `html` or `text`, and optionally `fetched_at`. Each line is its own record
(`export.jsonl#line-12`): a broken line fails alone, the others convert."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..inputs import open_input, size_text
from ..model import InputError
from .model import Capture, Payload
from .times import capture_time
from .warc import CAPTURE_OPTION, MAX_RECORDS

CHUNK = 1024 * 1024


class _JsonLines:
    name = "JSON Lines file"

    def records(self, path, max_capture_bytes: int) -> Iterator[Capture]:
        with open_input(path, max_capture_bytes, CAPTURE_OPTION) as handle:
            for number, offset in _line_starts(handle):
                if number > MAX_RECORDS:
                    raise InputError(f"more than {MAX_RECORDS:,} lines: the rest are not read")
                yield Capture(path, f"line-{number}", offset, number)

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        # A page is escaped in JSON (quotes, newlines, non-ASCII as \u): twice its size at most
        # in practice, six times in the worst case; its own size is checked once decoded.
        limit = 2 * max_bytes + 64 * 1024
        with open_input(capture.path, max_capture_bytes, CAPTURE_OPTION) as handle:
            handle.seek(capture.offset)
            line = handle.readline(limit + 1)
        if len(line) > limit:
            raise InputError(f"line over {size_text(limit)}: over the {size_text(max_bytes)} page "
                             "limit (--max-size)")
        return _page(line, max_bytes)


def _line_starts(handle: BinaryIO) -> Iterator[tuple[int, int]]:
    """(line number, where it starts) of each line that is not blank, reading in chunks: a line
    may be longer than any page, and is not held whole to find its end."""
    number, offset, start, blank = 1, 0, 0, True
    while chunk := handle.read(CHUNK):
        position = 0
        while True:
            end = chunk.find(b"\n", position)
            piece = chunk[position:] if end < 0 else chunk[position:end]
            blank = blank and not piece.strip()
            if end < 0:
                break
            if not blank:
                yield number, start
            number, position, blank = number + 1, end + 1, True
            start = offset + position
        offset += len(chunk)
    if not blank:
        yield number, start


def _page(line: bytes, max_bytes: int) -> Payload:
    try:
        data = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise InputError(f"not a JSON object ({_why(error)})") from error
    if not isinstance(data, dict):
        raise InputError("not a JSON object")
    page = data.get("html") if isinstance(data.get("html"), str) else data.get("text")
    if not isinstance(page, str) or not page.strip():
        raise InputError("no page in it (an `html` or `text` field)")
    encoded = page.encode("utf-8", "replace")  # a lone surrogate (`\\ud800`) is no character
    if len(encoded) > max_bytes:
        raise InputError(f"its page is {size_text(len(encoded))}: over the {size_text(max_bytes)} "
                         "limit (--max-size)")
    url = data.get("url") if isinstance(data.get("url"), str) else ""
    when = data.get("fetched_at")
    return Payload(encoded, url, capture_time(when) if isinstance(when, str) else None)


def _why(error: Exception) -> str:
    return str(error).splitlines()[0][:120] if isinstance(error, ValueError) else "nested too deeply"


JSON_LINES = _JsonLines()
