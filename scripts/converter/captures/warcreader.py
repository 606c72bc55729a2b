"""warcio's record iterator, bounded for files written to hurt it.

warcio reads what crawlers write. These are the ways a hostile WARC made it fail, and what
`Records` does instead (each is an attack of tests/security/test_hostile_captures.py):

- It read a header line whole, and a record's header lines all: a WARC.gz of 400 KB that
  unpacks to one line of 400 MB took 1.3 GB. A record's header lines (WARC and HTTP, and the
  blank lines after it) are read within HEADER_BYTES here.
- A response record without `WARC-Target-URI` made it raise AttributeError: the record and
  every record after it were lost as damaged. Such a record has the address '' here.
- It reads a response's HTTP headers only after an http(s) address: a page captured at
  `javascript:…`, `file:…` or `data:…` stayed unread, as if the record held no page. They are
  read whatever the address here (address.py then drops the address, with a note).
- It prints what it repairs in an address (`Replacing spaces in invalid WARC-Target-URI: …`),
  and a page's address holding a carriage return printed a line that GitHub Actions reads as a
  command. Its log goes nowhere here: the report says what was wrong with a record.
- A record without Content-Length was read to the end of the file: its page was every record
  after it, and they were lost. That is an InputError here.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecordLoader
from warcio.utils import BUFF_SIZE

from ..inputs import size_text
from ..model import InputError

HEADER_BYTES = 1024 * 1024  # a record's header lines; real ones are a few kilobytes
HTTP_BLOCK = "application/http"  # a record whose block is an HTTP message (WARC 1.1, 5.4)

logging.getLogger("warcio").addHandler(logging.NullHandler())
logging.getLogger("warcio").propagate = False


class _Lines(DecompressingBufferedReader):
    """warcio's reader, counting what it reads as lines since the record's headers began."""

    line_bytes = 0

    def readline(self, length=None):
        room = HEADER_BYTES - self.line_bytes + 1
        line = super().readline(room if length is None or length < 0 else min(length, room))
        self.line_bytes += len(line)
        if self.line_bytes > HEADER_BYTES:
            raise InputError(f"a record's headers are over {size_text(HEADER_BYTES)}: not a WARC "
                             "record")
        return line


class _Loader(ArcWarcRecordLoader):
    def _ensure_target_uri_format(self, rec_headers):
        return super()._ensure_target_uri_format(rec_headers) or ""


class Records(ArchiveIterator):
    """The records of a WARC (plain or gzipped) or ARC file, read with warcio within the bounds
    above. Each record's `http_headers` are read when its block is an HTTP message."""

    INC_RECORD = ""  # warcio's warning on stderr when a record's length is wrong: the report says it

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__(handle, arc2warc=True)
        self.reader = _Lines(self.fh, block_size=BUFF_SIZE)
        self.loader = _Loader(verify_http=False, arc2warc=True)

    def _next_record(self, next_line):
        self.reader.line_bytes = len(next_line or b"")
        record = super()._next_record(next_line)
        if record.length is None and record.rec_type is not None:  # (None: blank lines at the end)
            raise InputError("a record without Content-Length: where it ends, and the records after "
                             "it, cannot be found")
        _read_http_headers(record, self.loader)
        return record


def _read_http_headers(record, loader: ArcWarcRecordLoader) -> None:
    """A response's HTTP headers, when warcio left them unread (its address is not http(s))."""
    if record.rec_type != "response" or record.http_headers is not None or not record.length:
        return
    if (record.content_type or "").split(";")[0].strip().lower() == HTTP_BLOCK:
        record.http_headers = loader.http_parser.parse(record.raw_stream)
