"""Crawls: WARC and WARC.gz files (wget --warc-file, Heritrix, ArchiveBox, Browsertrix,
Webrecorder, scripts/fetch.py) and WACZ files (a zip holding WARCs, Webrecorder's and
Browsertrix's download). One article per HTML `response` record (or `resource` record, as
Webrecorder stores a page it made), with `WARC-Target-URI` as its address and `WARC-Date` as
its capture time. Everything else a crawl holds (images, scripts, redirects, errors) is
counted, not converted. Read with warcio, one record at a time.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..inputs import open_input, size_text
from ..model import InputError
from .model import Capture, Payload, Skipped, in_utf8, record_name
from .times import capture_time

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
PAGE_RECORDS = ("response", "resource")
IGNORED_RECORDS = ("request", "metadata", "warcinfo")  # about pages, never pages
HEADER_ALLOWANCE = 1024 * 1024  # a record's HTTP headers, on top of the page budget
MAX_RECORDS = 1_000_000
MAX_MEMBERS = 10_000  # WARCs inside one WACZ
CHUNK = 64 * 1024
CAPTURE_OPTION = "--max-capture-size"


class _Warc:
    name = "WARC file"

    def records(self, path, max_capture_bytes: int) -> Iterator[Capture | Skipped]:
        with open_input(path, max_capture_bytes, CAPTURE_OPTION) as handle:
            yield from _walk(handle, path, "", max_capture_bytes, set())

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        with open_input(capture.path, max_capture_bytes, CAPTURE_OPTION) as handle:
            return _read_record(handle, capture, max_bytes, max_capture_bytes)


class _Wacz:
    name = "WACZ file"

    def records(self, path, max_capture_bytes: int) -> Iterator[Capture | Skipped]:
        taken: set[str] = set()
        with _zip(path, max_capture_bytes) as archive:
            for member in _warc_members(archive, max_capture_bytes):
                with archive.open(member) as handle:
                    yield from _walk(handle, path, member, max_capture_bytes, taken)

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        with _zip(capture.path, max_capture_bytes) as archive:
            try:
                handle = archive.open(capture.member)
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
        except (zipfile.BadZipFile, zipfile.LargeZipFile) as error:
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


def _walk(handle: BinaryIO, path, member: str, max_capture_bytes: int,
          taken: set[str]) -> Iterator[Capture | Skipped]:
    """The container's records, each a page (Capture) or a reason it is none (Skipped)."""
    iterator = ArchiveIterator(handle, arc2warc=True)
    try:
        for index, record in enumerate(iterator):
            if index >= MAX_RECORDS:
                raise InputError(f"more than {MAX_RECORDS:,} records: the rest are not read")
            if record.length is not None and record.length > max_capture_bytes:
                raise InputError(f"record {index} declares {size_text(record.length)}: over the "
                                 f"{size_text(max_capture_bytes)} limit ({CAPTURE_OPTION}); it and "
                                 "the records after it are not read")
            if record.rec_type in IGNORED_RECORDS:
                continue
            why = _not_a_page(record)
            if why:
                yield Skipped(why)
                continue
            name = record_name(record.rec_headers.get_header("WARC-Record-ID") or "", index, taken)
            yield Capture(path, name, iterator.offset, index, member)
    except ArchiveLoadFailed as error:
        raise InputError(f"not a readable WARC: {_first_line(error)}") from error


def _not_a_page(record) -> str:
    """Why the record holds no page ('' when it does)."""
    if record.rec_type not in PAGE_RECORDS:
        return f"{record.rec_type} record"
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


def _read_record(handle: BinaryIO, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
    """The record's page: found where it started, else by walking the container again."""
    try:
        handle.seek(capture.offset)
        record = next(iter(ArchiveIterator(handle, arc2warc=True)), None)
        raw_id = record.rec_headers.get_header("WARC-Record-ID") if record is not None else None
        if record is None or record_name(raw_id or "", capture.index, set()) != capture.record:
            record = _find(handle, capture, max_capture_bytes)
        return _payload(record, max_bytes)
    except ArchiveLoadFailed as error:
        raise InputError(f"not a readable WARC: {_first_line(error)}") from error


def _find(handle: BinaryIO, capture: Capture, max_capture_bytes: int):
    handle.seek(0)
    taken: set[str] = set()
    iterator = ArchiveIterator(handle, arc2warc=True)
    for index, record in enumerate(iterator):
        if index >= MAX_RECORDS:
            break
        if record.rec_type in IGNORED_RECORDS or _not_a_page(record):
            continue
        name = record_name(record.rec_headers.get_header("WARC-Record-ID") or "", index, taken)
        if name == capture.record:
            return record
    raise InputError("this record is no longer in the file: run again")


def _payload(record, max_bytes: int) -> Payload:
    if _not_a_page(record):
        raise InputError(f"this record holds no page ({_not_a_page(record)}): run again")
    if record.length is not None and record.length > max_bytes + HEADER_ALLOWANCE:
        raise InputError(f"record of {size_text(record.length)}: over the {size_text(max_bytes)} "
                         "limit (--max-size)")
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"its page is over the {size_text(max_bytes)} limit (--max-size)")
    while record.raw_stream.read(CHUNK):  # what the page's encoding left (a chunked body's end)
        pass
    if record.raw_stream.limit > 0:
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


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__


WARC = _Warc()
WACZ = _Wacz()
