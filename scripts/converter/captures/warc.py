"""Crawls: WARC and WARC.gz files (wget --warc-file, Heritrix, ArchiveBox, Browsertrix,
Webrecorder, scripts/fetch.py) and WACZ files (a zip holding WARCs, Webrecorder's and
Browsertrix's download). One article per HTML `response` record (or `resource` record at a
web address, as Webrecorder stores a page it made), with `WARC-Target-URI` as its address and
`WARC-Date` as its capture time. Everything else a crawl holds (images, scripts, redirects,
errors, the crawler's own log and text extracts) is counted, not converted. Read with warcio,
one record at a time, within bounds (warcreader.py).
"""

from __future__ import annotations

import gzip
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..inputs import open_input, size_text
from ..model import InputError
from .model import Capture, Payload, Skipped, in_utf8, record_name
from .times import capture_time
from .warcreader import Records
from .zipmember import open_member

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
PAGE_RECORDS = ("response", "resource")
IGNORED_RECORDS = ("request", "metadata", "warcinfo")  # about pages, never pages
HEADER_ALLOWANCE = 1024 * 1024  # a record's HTTP headers, on top of the page budget
MAX_RECORDS = 1_000_000
MAX_MEMBERS = 10_000  # WARCs inside one WACZ
CHUNK = 64 * 1024
CAPTURE_OPTION = "--max-capture-size"
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,19}")
TAIL_BYTES = 64 * 1024  # after the last record: more than blank lines or empty gzip members is damage


class _Warc:
    name = "WARC file"

    def records(self, path, max_capture_bytes: int) -> Iterator[Capture | Skipped]:
        with open_input(path, max_capture_bytes, CAPTURE_OPTION) as handle:
            yield from _walk(handle, path, "", max_capture_bytes, set(), os.fstat(handle.fileno()).st_size)

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        with open_input(capture.path, max_capture_bytes, CAPTURE_OPTION) as handle:
            return _read_record(handle, capture, max_bytes, max_capture_bytes)


class _Wacz:
    name = "WACZ file"

    def records(self, path, max_capture_bytes: int) -> Iterator[Capture | Skipped]:
        taken: set[str] = set()
        with _zip(path, max_capture_bytes) as archive:
            for member in _warc_members(archive, max_capture_bytes):
                with open_member(archive, member) as handle:
                    yield from _walk(handle, path, member, max_capture_bytes, taken,
                                     archive.getinfo(member).file_size)

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        with _zip(capture.path, max_capture_bytes) as archive:
            try:
                handle = open_member(archive, capture.member)
            except KeyError as error:
                raise InputError(f"{capture.member!r} is no longer in the file: run again") from error
            with handle:
                return _read_record(handle, capture, max_bytes, max_capture_bytes)


@contextmanager
def _zip(path, max_capture_bytes: int) -> Iterator[zipfile.ZipFile]:
    with open_input(path, max_capture_bytes, CAPTURE_OPTION) as handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                yield archive
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError) as error:
            # NotImplementedError: a zip whose directory names a version zipfile lacks
            raise InputError(f"not a readable WACZ (zip) file: {error}") from error


def _warc_members(archive: zipfile.ZipFile, max_capture_bytes: int) -> list[str]:
    """The WARCs of a WACZ (under `archive/`), refused whole when they would unpack to more than
    the capture limit: a zip states its members' sizes, and reading stops at the stated size."""
    members = [info for info in archive.infolist()
               if info.filename.lower().endswith((".warc", ".warc.gz")) and not info.is_dir()]
    if len(members) > MAX_MEMBERS:
        raise InputError(f"more than {MAX_MEMBERS:,} WARC files inside")
    unpacked = sum(info.file_size for info in members)
    if unpacked > max_capture_bytes:
        raise InputError(f"its WARCs unpack to {size_text(unpacked)}: over the "
                         f"{size_text(max_capture_bytes)} limit ({CAPTURE_OPTION})")
    return [info.filename for info in members]


def _walk(handle: BinaryIO, path, member: str, max_capture_bytes: int, taken: set[str],
          size: int) -> Iterator[Capture | Skipped]:
    """The container's records, each a page (Capture) or a reason it is none (Skipped). A record
    cut short, and bytes after the last whole record, end the walk with an InputError: the pages
    before them are kept, and a page cut in half is never converted as if it were whole."""
    iterator = Records(handle)
    for index, record in enumerate(_parsed(iterator)):
        if index >= MAX_RECORDS:
            raise InputError(f"more than {MAX_RECORDS:,} records: the rest are not read")
        if record.length is not None and record.length > max_capture_bytes:
            raise InputError(f"record {index} declares {size_text(record.length)}: over the "
                             f"{size_text(max_capture_bytes)} limit ({CAPTURE_OPTION}); it and "
                             "the records after it are not read")
        _read_whole(iterator, record)
        if record.rec_type in IGNORED_RECORDS:
            continue
        why = _not_a_page(record)
        if why:
            yield Skipped(why)
            continue
        name = record_name(record.rec_headers.get_header("WARC-Record-ID") or "", index, taken)
        yield Capture(path, name, iterator.get_record_offset(), index, member)
    if iterator.offset < size and not _blank_tail(handle, iterator.offset, size):
        raise InputError(f"its last {size - iterator.offset:,} bytes are no whole record "
                         "(the file may be cut short)")


def _blank_tail(handle: BinaryIO, offset: int, size: int) -> bool:
    """What follows the last record is nothing: blank lines, or gzip members of nothing (some
    tools that join WARC.gz files end with one). A gzip member cut short is not."""
    if size - offset > TAIL_BYTES:
        return False
    handle.seek(offset)
    tail = handle.read(TAIL_BYTES)
    try:
        return not (gzip.decompress(tail) if tail.startswith(b"\x1f\x8b") else tail).strip()
    except (OSError, EOFError, zlib.error):
        return False


def _read_whole(iterator: ArchiveIterator, record) -> None:
    """Read the record to its end (as warcio does before the next one), checking it is whole."""
    try:
        iterator.read_to_end()
    except InputError:  # what warcreader.py refuses to read
        raise
    except Exception as error:  # warcio and zlib on a damaged record: see _parsed
        raise _damaged(error) from error
    if _cut_short(record):
        raise InputError(f"record {_plain_id(record)} ends before its declared length "
                         "(the file may be cut short)")


def _cut_short(record) -> bool:
    """The record's block ended before the length its header declares (read to its end)."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _plain_id(record) -> str:
    return record_name(record.rec_headers.get_header("WARC-Record-ID") or "", 0, set())


def _parsed(iterator: ArchiveIterator) -> Iterator:
    """warcio's records, up to one it cannot parse: that ends the walk with an InputError, never
    another exception. On a record cut short or damaged warcio raises what its parser met
    (an AttributeError on a header block cut before `WARC-Target-URI`, zlib's error on a broken
    gzip member, a zip's BadZipFile inside a WACZ), and any of those would end the whole run."""
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except ArchiveLoadFailed as error:
            raise InputError(_unreadable(error)) from error
        except InputError:  # what warcreader.py refuses to read
            raise
        except Exception as error:  # warcio's parser on a damaged record: see above
            raise _damaged(error) from error
        yield record


def _not_a_page(record) -> str:
    """Why the record holds no page ('' when it does)."""
    if record.rec_type not in PAGE_RECORDS:
        return f"{record.rec_type} record"
    if record.rec_type == "resource" and not _is_web_address(record):
        return _crawler_record(record)
    http = record.http_headers
    if record.rec_type == "response" and http is not None:
        status = http.get_statuscode() or ""
        if status.startswith("3"):
            return f"redirect ({status})"
        if not status.startswith("2"):
            return f"HTTP status {status or 'missing'}"
        kind = http.get_header("Content-Type") or ""
    else:
        kind = record.rec_headers.get_header("Content-Type") or ""
    kind = kind.split(";")[0].strip().lower()
    if kind and kind not in PAGE_TYPES:
        return kind[:60] if kind.isascii() and kind.isprintable() else "not a page"
    return ""


def _is_web_address(record) -> bool:
    """A resource record is a page only at a web address: crawlers keep their own records as
    resources too, in text (wget's `metadata://gnu.org/software/wget/warc/wget.log` and its
    arguments; Browsertrix's `urn:text:<url>`, the visible text of a page it also holds as a
    response)."""
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().lower()
    return uri.startswith(("http://", "https://"))


def _crawler_record(record) -> str:
    """`crawler's record (metadata:)`: the scheme of its address, when it is a plain one."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    scheme = uri.partition(":")[0].lower()
    plain = _SCHEME.fullmatch(scheme) is not None
    return f"crawler's record ({scheme}:)" if plain else "crawler's record"


def _read_record(handle: BinaryIO, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
    """The record's page: found where it started, else by walking the container again."""
    record = _at_offset(handle, capture) or _find(handle, capture, max_capture_bytes)
    return _payload(record, max_bytes)


def _at_offset(handle: BinaryIO, capture: Capture):
    """The record where the capture's starts, if it is still there (None when the file changed:
    another record starts there, or the middle of one, which warcio cannot parse)."""
    handle.seek(capture.offset)
    try:
        record = next(_parsed(Records(handle)), None)
    except InputError:
        return None
    return record if record is not None and _is_named(record, capture.index, capture) else None


def _find(handle: BinaryIO, capture: Capture, max_capture_bytes: int):
    handle.seek(0)
    for index, record in enumerate(_parsed(Records(handle))):
        if index >= MAX_RECORDS:
            break
        if record.rec_type in IGNORED_RECORDS or _not_a_page(record):
            continue
        if _is_named(record, index, capture):
            return record
    raise InputError("this record is no longer in the file: run again")


def _is_named(record, index: int, capture: Capture) -> bool:
    """The record is the capture's: by its own id, or by its position when the capture is named
    by it (`record-<index>`: its id was not plain, or another record had it first, which only
    the walk that listed the records, over every WARC of a WACZ, knows)."""
    positional = f"record-{capture.index}"
    if capture.record == positional or capture.record.startswith(f"{positional}-"):
        return index == capture.index
    return record_name(record.rec_headers.get_header("WARC-Record-ID") or "", index, set()) == capture.record


def _payload(record, max_bytes: int) -> Payload:
    if _not_a_page(record):
        raise InputError(f"this record holds no page ({_not_a_page(record)}): run again")
    if record.length is not None and record.length > max_bytes + HEADER_ALLOWANCE:
        raise InputError(f"record of {size_text(record.length)}: over the {size_text(max_bytes)} "
                         "limit (--max-size)")
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as error:  # warcio and zlib on a damaged record: see _parsed
        raise _damaged(error) from error
    if len(data) > max_bytes:
        raise InputError(f"its page is over the {size_text(max_bytes)} limit (--max-size)")
    while record.raw_stream.read(CHUNK):  # what the page's encoding left (a chunked body's end)
        pass
    if _cut_short(record):
        raise InputError("the file ends inside this record (a download or copy broken off): "
                         "its page is incomplete")
    http = record.http_headers if record.rec_type == "response" else None
    kind = (http.get_header("Content-Type") if http is not None
            else record.rec_headers.get_header("Content-Type")) or ""
    headers = record.rec_headers
    return Payload(in_utf8(data, _charset(kind)), headers.get_header("WARC-Target-URI") or "",
                   capture_time(headers.get_header("WARC-Date") or ""))


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value.strip()
    return ""


def _damaged(error: Exception) -> InputError:
    return InputError(f"a damaged record (the file may be cut short): {type(error).__name__}")


def _unreadable(error: ArchiveLoadFailed) -> str:
    """Why warcio could not go on. A WARC gzipped whole (`gzip crawl.warc`) is read to its first
    record only: WARC tools gzip each record on its own, so that a record can be read where it
    starts, and warcio refuses the rest; the user can fix the file in one command."""
    if "non-chunked gzip" in str(error):
        return ("its records are gzipped as one stream, not one by one as WARC tools write them: "
                "gunzip it (a .warc is read as it is) or run `warcio recompress` on it")
    return f"not a readable WARC: {_first_line(error)}"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


WARC = _Warc()
WACZ = _Wacz()
