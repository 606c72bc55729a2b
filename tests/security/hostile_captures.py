"""Capture files written byte by byte, as an attacker would write them: WARC records (plain,
gzipped record by record or as one stream), WACZ zips, Chrome's MHTML, JSON Lines exports,
SingleFile's comment and sidecars. Nothing here goes through warcio's writer or the email
package's generator: they would fix what the attacks break (a length, a header line, a name).

`write_carried` writes the hostile pages of hostile.carried_pages into the capture files that
carry them; the other functions are the parts tests/security/test_hostile_captures.py builds
its attacks from.
"""

from __future__ import annotations

import base64
import gzip
import json
import quopri
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from tests.security.hostile import CRAWL, HostilePage, page_source

WARC_DATE = "2025-06-18T14:05:00Z"
EARLIEST = datetime(1991, 1, 1, tzinfo=UTC)  # no page was captured before the web
HTTP_RESPONSE = "application/http; msgtype=response"
BOUNDARY = "----MultipartBoundary--hostile7f3c2a91----"


def _raw(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def one_line(value: str) -> str:
    """A value on one header line: its line feeds made spaces (what is left, such as a lone
    carriage return or U+2028, is the attacker's to keep). A line feed would end the header and
    shift the record's framing: tests/security/test_hostile_captures.py attacks that alone."""
    return value.replace("\n", " ")


def http_response(body: bytes, content_type: str | bytes = "text/html; charset=utf-8",
                  headers: Iterable[tuple[str, str | bytes]] = ()) -> bytes:
    """An HTTP response as a WARC response record holds it: status line, headers, body."""
    lines = [b"HTTP/1.1 200 OK", b"Content-Type: " + _raw(content_type)]
    lines += [_raw(name) + b": " + _raw(value) for name, value in headers]
    lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def warc_record(block: bytes, *, uri: str | bytes | None = "https://cryptoslate.com/",
                record_id: str | bytes = "", date: str | bytes = WARC_DATE, kind: str = "response",
                content_type: str | bytes = HTTP_RESPONSE, length: int | None = None,
                extra: Iterable[tuple[str, str | bytes]] = ()) -> bytes:
    """One WARC/1.0 record; `length` is the Content-Length it declares (its block's by default;
    -1: none), `uri` None leaves WARC-Target-URI out."""
    lines = [b"WARC/1.0", b"WARC-Type: " + kind.encode()]
    if record_id:
        lines.append(b"WARC-Record-ID: " + _raw(record_id))
    lines.append(b"WARC-Date: " + _raw(date))
    if uri is not None:
        lines.append(b"WARC-Target-URI: " + _raw(uri))
    lines += [_raw(name) + b": " + _raw(value) for name, value in extra]
    lines.append(b"Content-Type: " + _raw(content_type))
    if length != -1:
        lines.append(b"Content-Length: %d" % (len(block) if length is None else length))
    return b"\r\n".join(lines) + b"\r\n\r\n" + block + b"\r\n\r\n"


def warcinfo() -> bytes:
    """The record a crawler writes first: about the crawl, never a page."""
    fields = b"software: hostile-suite\r\nformat: WARC File Format 1.0\r\n"
    return warc_record(fields, uri="", record_id="<urn:uuid:hostile-warcinfo>", kind="warcinfo",
                       content_type="application/warc-fields")


def gzip_members(records: Iterable[bytes]) -> bytes:
    """A WARC.gz as crawlers write it: each record a gzip member of its own."""
    return b"".join(gzip.compress(record, mtime=0) for record in records)


def gzip_stream(chunks: Iterable[bytes]) -> bytes:
    """Everything in one gzip member, compressed as it comes (a bomb never exists unpacked here)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([*(compressor.compress(chunk) for chunk in chunks), compressor.flush()])


MB = 1024 * 1024
_ZERO_MB = bytes(MB)


def deflate_bomb(prefix: bytes, zero_megabytes: int, suffix: bytes = b"") -> bytes:
    """Raw deflate of `prefix`, `zero_megabytes` MB of zero bytes and `suffix`, made in a moment
    whatever its size: after a full flush, a compressor writes a megabyte of zeros as the same
    kilobyte each time, so the kilobyte is repeated (1 GB unpacked is 1 MB here)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(_ZERO_MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    return head + block * zero_megabytes + tail


def gzip_bomb(zero_megabytes: int) -> bytes:
    """A gzip stream of `zero_megabytes` MB of zeros. Its trailer's checksum is 0: a bomb is
    meant never to be unpacked to its end (and a reader that did would find it wrong)."""
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflate_bomb(b"", zero_megabytes) + struct.pack(
        "<II", 0, (zero_megabytes * MB) & 0xFFFFFFFF)


def raw_zip(members: Iterable[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written field by field: each member is (name, its bytes as the zip holds them, the
    compression method, the unpacked size it declares). A compressed member's CRC is 0 (zipfile
    checks it only when it has read the declared size). zipfile writes only what it compressed."""
    local, central = [], []
    offset = 0
    for name, data, method, declared in members:
        encoded = name.encode("utf-8")
        crc = zlib.crc32(data) if method == zipfile.ZIP_STORED else 0
        fields = (0x800, method, 0, 0x21, crc, len(data), declared, len(encoded))  # flags: UTF-8 name
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, *fields, 0) + encoded
        entry = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset)
        central.append(entry + encoded)
        local.append(header + data)
        offset += len(header) + len(data)
    directory = b"".join(central)
    count = len(central)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(local) + directory + end


def wacz(members: dict[str, bytes], compression: int = zipfile.ZIP_STORED) -> bytes:
    """A WACZ: its WARCs under archive/ (stored, as WACZ writers keep them), its page list and
    package description beside them."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
        archive.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0", "id": "pages"}\n')
    return buffer.getvalue()


def mhtml(page: bytes, *, location: str | bytes, snapshot: str | bytes | None = None,
          subject: str | bytes = "", date: str | bytes = "Wed, 18 Jun 2025 14:05:00 -0000",
          parts: Iterable[bytes] = (), encoding: str = "quoted-printable") -> bytes:
    """Chrome's "Webpage, Single File": the page quoted-printable (or base64) in the first part,
    then `parts` (each a whole MIME part, headers and body)."""
    return b"".join(mhtml_chunks([page], location=location, snapshot=snapshot, subject=subject, date=date,
                                 parts=parts, encoding=encoding))


def mhtml_chunks(page: Iterable[bytes], *, location: str | bytes, snapshot: str | bytes | None = None,
                 subject: str | bytes = "", date: str | bytes = "Wed, 18 Jun 2025 14:05:00 -0000",
                 parts: Iterable[bytes] = (), encoding: str = "quoted-printable") -> Iterator[bytes]:
    """`mhtml` in pieces, for a page given in pieces (a file of tens of megabytes is never whole
    in memory)."""
    head = [b"From: <Saved by Blink>",
            b"Snapshot-Content-Location: " + _raw(location if snapshot is None else snapshot),
            b"Subject: " + _raw(subject), b"Date: " + _raw(date), b"MIME-Version: 1.0",
            b'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="'
            + BOUNDARY.encode() + b'"']
    first = [b"--" + BOUNDARY.encode(), b"Content-Type: text/html", b"Content-ID: <frame-0@mhtml.blink>",
             b"Content-Transfer-Encoding: " + encoding.encode(), b"Content-Location: " + _raw(location)]
    yield b"\r\n".join([*head, b"", b"", *first, b""]) + b"\r\n"
    yield from (_base64_lines(page) if encoding == "base64" else map(quopri.encodestring, page))
    yield b"\r\n"
    yield from (b"--" + BOUNDARY.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    yield b"--" + BOUNDARY.encode() + b"--\r\n"


def _base64_lines(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Base64 in lines of 76, as MIME writes it, of bytes given in pieces of any size."""
    pending = b""
    for piece in pieces:
        pending += piece
        whole = len(pending) - len(pending) % 57  # 57 bytes make one line
        yield base64.encodebytes(pending[:whole])
        pending = pending[whole:]
    yield base64.encodebytes(pending)


def write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def image_part(number: int) -> bytes:
    """One of the images Chrome saves beside a page."""
    return (b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            b"Content-Location: https://cryptoslate.com/i/%d.png\r\n\r\niVBORw0KGgo=" % number)


def singlefile(page: str, *, url: str, saved: str) -> str:
    """The page with the comment SingleFile writes between `<html …>` and `<head>`."""
    comment = f"<!--\n Page saved with SingleFile \n url: {url} \n saved date: {saved}\n-->"
    return page.replace("<head>", comment + "<head>", 1)


def jsonl_line(fields: dict) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n"


# --- the hostile pages, carried -----------------------------------------------------------------

def _crawl_record(page: HostilePage) -> bytes:
    """The page as a crawler's response record; its address, time and declared charset are the
    payload."""
    value = one_line(page.payload.value)
    kind = "text/plain" if page.kind == "bitget-text" else "text/html"
    response = http_response(page_source(page).encode("utf-8"), f"{kind}; charset={value}")
    return warc_record(response, uri=value, record_id=f"<{page.record}>", date=value)


def _jsonl(page: HostilePage) -> bytes:
    field = "text" if page.kind == "bitget-text" else "html"
    return jsonl_line({"url": page.payload.value, field: page_source(page), "fetched_at": page.payload.value,
                       "title": page.payload.value})


def write_carried(folder: Path, pages: list[HostilePage]) -> None:
    """The capture files of hostile.CARRIERS holding `pages`: hostile-crawl.{warc,warc.gz,wacz,jsonl}
    with one record or line per page, and an MHTML file and a SingleFile page per page."""
    folder.mkdir(parents=True, exist_ok=True)
    crawl = [page for page in pages if page.carrier == "warc"]
    records = [warcinfo(), *(_crawl_record(page) for page in crawl)]
    (folder / f"{CRAWL}.warc").write_bytes(b"".join(records))
    gzipped = gzip_members(records)
    (folder / f"{CRAWL}.warc.gz").write_bytes(gzipped)
    (folder / f"{CRAWL}.wacz").write_bytes(wacz({"archive/data.warc.gz": gzipped}))
    lines = sorted((page for page in pages if page.carrier == "jsonl"), key=lambda page: page.number)
    assert [page.record for page in lines] == [f"line-{n}" for n in range(1, len(lines) + 1)]
    (folder / f"{CRAWL}.jsonl").write_bytes(b"".join(_jsonl(page) for page in lines))
    for page in pages:
        value = page.payload.value
        if page.carrier == "mhtml":
            location = one_line(value)
            (folder / page.filename).write_bytes(mhtml(page_source(page).encode("utf-8"), location=location,
                                                       subject=location, date=location))
        elif page.carrier == "singlefile":
            (folder / page.filename).write_text(singlefile(page_source(page), url=value, saved=value),
                                                encoding="utf-8")
