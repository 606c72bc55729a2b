"""What the capture readers hand on: which page, its bytes, and what the capture says of it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# A record's name in the archive (after `#` in Scraped_From and the report): the container's own
# record id when it is made of these characters, else its position. A page could put a newline,
# a `#` or a path in its record id.
_RECORD_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{0,99}")


@dataclass(frozen=True)
class Capture:
    """One page to convert: a file, or one record of a container file.

    `offset` is where the record starts (in the file, or in the WARC inside a WACZ named by
    `member`) and `index` its position: reading it again seeks there instead of reading the
    container from its start."""

    path: Path
    record: str = ""
    offset: int = 0
    index: int = 0
    member: str = ""

    @property
    def label(self) -> str:
        """How the archive names the page: `scraped/x.html`, `scraped/crawl.warc.gz#<record>`."""
        from ..pipeline import input_label  # pipeline imports this package

        base = input_label(self.path)
        return f"{base}#{self.record}" if self.record else base

    def __str__(self) -> str:
        """The file's path, and `#record` for a record (what the report and messages show)."""
        return f"{self.path}#{self.record}" if self.record else str(self.path)


@dataclass(frozen=True)
class Payload:
    """A page's bytes and what its capture says about it: the address it was fetched from and
    when (None: the capture does not say; the file's modification time stands in)."""

    data: bytes
    url: str = ""
    captured: datetime | None = None
    # What could not be read about the page (a damaged sidecar), for its report entry.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """A record of a container that holds no page (an image, a redirect), and why."""

    reason: str


def record_name(raw: str, index: int, taken: set[str]) -> str:
    """The record's own id (`<urn:uuid:…>` without its brackets) when it is plain and not
    taken, else `record-<position>`: names are unique within their container."""
    name = raw.strip().strip("<>")
    if not _RECORD_NAME.fullmatch(name) or name in taken:
        name, extra = f"record-{index}", 1
        while name in taken:
            name, extra = f"record-{index}-{extra}", extra + 1
    taken.add(name)
    return name


def in_utf8(data: bytes, charset: str | None) -> bytes:
    """The bytes in UTF-8 when the capture declares their charset and they decode in it: an
    HTTP header or a MIME part may be the only place a page's encoding is named. Undeclared or
    wrong, the bytes are left for decode.py to read as for any file."""
    if not charset:
        return data
    try:
        return data.decode(charset.strip().strip("\"'")).encode("utf-8")
    except (LookupError, UnicodeDecodeError, ValueError):
        return data
