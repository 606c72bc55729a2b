"""One WARC.gz per fetched page: its request and its response, as the converter reads them.

The file is named only from characters of a closed set (`a-z 0-9 . _ -`): the host asked for,
its port when not the scheme's, a hash of the whole address and the capture's date, e.g.
`news.example.com-3f2a9c0d1e4b5a69-20261206.warc.gz`. Nothing the server sends chooses a path.
A capture is written to a temporary file in the same folder, then renamed over its name in one
step, so the folder never holds half a capture; and an address already captured (on any date)
is not fetched again unless the user forces it, so scraped/, the archive of record, only grows.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

import httpx
from converter.store import FILE_MODE, TEMP_SUFFIX
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .client import Exchange
from .policy import host_of

SUFFIX = ".warc.gz"
NOT_IN_NAME = re.compile(r"[^a-z0-9.-]+")
MAX_HOST_CHARS = 80
HASH_CHARS = 16
# Headers that described how the body travelled, not what it is: httpx has already undone them.
TRANSPORT_HEADERS = frozenset({"transfer-encoding"})


class AlreadyCaptured(Exception):
    """The address has a capture in the folder already; `path` is it."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def capture_stem(url: httpx.URL) -> str:
    """`host[_port]-hash`: the part of a capture's name that names its address."""
    host = NOT_IN_NAME.sub("-", host_of(url).lower()).strip(".-")[:MAX_HOST_CHARS] or "host"
    if url.port:
        host += f"_{url.port}"
    digest = hashlib.sha256(str(url.copy_with(fragment=None)).encode("utf-8")).hexdigest()
    return f"{host}-{digest[:HASH_CHARS]}"


def capture_name(url: httpx.URL, date_text: str) -> str:
    """The file name of `url`'s capture made on `date_text` (YYYYMMDD)."""
    return f"{capture_stem(url)}-{date_text}{SUFFIX}"


def existing_capture(folder: Path, url: httpx.URL) -> Path | None:
    """The first capture of `url` in `folder`, of any date; None when there is none."""
    name = re.compile(re.escape(capture_stem(url)) + r"-\d{8}" + re.escape(SUFFIX))
    try:
        found = sorted(entry.name for entry in os.scandir(folder) if name.fullmatch(entry.name))
    except FileNotFoundError:
        return None
    return folder / found[0] if found else None


def write_capture(folder: Path, requested: httpx.URL, exchange: Exchange, force: bool = False) -> Path:
    """Write `exchange` as the capture of the address `requested` (its name is that address's,
    its records say where the page was found after redirects); returns its path. Raises
    AlreadyCaptured, unless `force`, when the address has one."""
    earlier = existing_capture(folder, requested)
    if earlier and not force:
        raise AlreadyCaptured(earlier)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / capture_name(requested, exchange.date.strftime("%Y%m%d"))
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "wb") as temp:
            write_records(temp, exchange)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def write_records(stream: BinaryIO, exchange: Exchange) -> None:
    """The request record, then the response record (WARC 1.0, each gzip member on its own),
    with the same WARC-Target-URI and WARC-Date, the request pointing to its response."""
    writer = WARCWriter(stream, gzip=True)
    uri = str(exchange.url)
    common = {"WARC-Date": exchange.date.strftime("%Y-%m-%dT%H:%M:%SZ")}
    if exchange.address:
        common["WARC-IP-Address"] = exchange.address
    response_headers = StatusAndHeaders(
        f"{exchange.status} {exchange.reason_phrase}".strip(),
        [(key, value) for key, value in exchange.response_headers if key.lower() not in TRANSPORT_HEADERS],
        protocol=exchange.http_version,
    )
    response = writer.create_warc_record(
        uri, "response", payload=BytesIO(exchange.body), length=len(exchange.body),
        http_headers=response_headers, warc_headers_dict=dict(common),
    )
    request_headers = StatusAndHeaders(
        f"GET {exchange.target} {exchange.http_version}", exchange.request_headers, is_http_request=True,
    )
    request = writer.create_warc_record(
        uri, "request", http_headers=request_headers,
        warc_headers_dict={**common, "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
    )
    writer.write_record(request)
    writer.write_record(response)
