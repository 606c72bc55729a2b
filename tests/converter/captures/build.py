"""Capture files as the tools that make them write them, built from the fixture pages (test support).

Every builder carries a page of tests/fixtures/pages/ byte for byte (or, where the tool re-encodes
it, as the tool does), so a capture and its plain `.html`/`.txt` twin hold the same article:

- `wget_warc`: `wget --warc-file` (WARC/1.0, a `warcinfo` record, a `request`/`response` pair per
  URL with the page's images and style sheet and a 301 redirect, wget's `metadata://` manifest,
  arguments and log at the end, each record its own gzip member; `WARC-Target-URI` in angle
  brackets, as wget writes it);
- `browsertrix_warc` and `wacz`: Browsertrix Crawler / Webrecorder (WARC/1.1 with millisecond
  dates, `urn:pageinfo:` and `urn:text:` resource records beside the responses; a WACZ zip with
  `archive/data.warc.gz`, `datapackage.json`, `datapackage-digest.json`, `pages/pages.jsonl` and
  `indexes/index.cdx.gz`);
- `chrome_mhtml`: Chrome's "Webpage, Single File" (`From: <Saved by Blink>`,
  `Snapshot-Content-Location`, multipart/related with a `----MultipartBoundary--…----` boundary,
  the page quoted-printable with CRLF line ends, then its style sheet and images in base64);
- `singlefile` and `saved_from`: the SingleFile extension's comment after `<html …>`, and a
  browser's `<!-- saved from url=(NNNN)… -->` mark after the doctype;
- `jsonl_export`: a crawler's JSON Lines (`url`, `html` or `text`, `fetched_at`);
- `internet_shortcut` and `json_sidecar`: `<name>.url` as Windows writes it (CRLF) and `<name>.json`.

Text dumps do not record their address (that is what sidecars are for): `TEXT_ADDRESSES` gives
each the address of Bitget's news page in Bitget's form, `/<locale>/news/detail/<numeric id>`. An
HTML page's address is its own canonical link.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import quopri
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.quoprimime import header_encode
from email.utils import format_datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import PAGES, run_converter

WHEN = datetime(2025, 6, 18, 14, 30, 5, tzinfo=UTC)  # when the captures below were taken
TEXT_ADDRESSES = {
    "bitget-ja-coinspeaker-sec-stablecoin-statement.txt": "https://www.bitget.com/ja/news/detail/12560604611206",
    "bitget-zh-cn-panews-bitcoin-miners-after-halving.txt":
        "https://www.bitget.com/zh-CN/news/detail/12560604834417",
    "bitget-en-theblock-defi-frontend-hijack.txt": "https://www.bitget.com/news/detail/12560604802593",
    "bitget-ja-cryptoslate-pentagon-rare-earths.txt": "https://www.bitget.com/ja/news/detail/12560604798112",
}
_CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')
_TITLE = re.compile(rb"<title[^>]*>([^<]*)</title>")
_IMAGES = re.compile(rb'<img[^>]*\ssrc="(https://[^"]+)"')
_STYLES = re.compile(rb"<link rel=.stylesheet.[^>]*href=.(https://[^'\"]+)")
_HTML_TAG = re.compile(rb"<html[^>]*>")


@dataclass(frozen=True)
class Page:
    """A fixture page and what its capture records about it."""

    name: str
    url: str
    captured: datetime = WHEN

    @property
    def path(self) -> Path:
        return PAGES / self.name

    @property
    def data(self) -> bytes:
        return self.path.read_bytes()

    @property
    def is_html(self) -> bool:
        return self.name.endswith(".html")

    @property
    def media_type(self) -> str:
        """What the server sent it as (a text dump is served as plain text)."""
        return "text/html; charset=UTF-8" if self.is_html else "text/plain; charset=utf-8"

    @property
    def title(self) -> str:
        found = _TITLE.search(self.data)
        if found:
            return found[1].decode("utf-8").strip()
        return self.data.decode("utf-8").splitlines()[3]  # a Bitget dump: the banner, then the title

    def assets(self) -> list[tuple[str, str]]:
        """(address, media type) of what a browser or `wget -p` fetches with the page: its first two
        images and first style sheet."""
        data = self.data
        images = [url.decode() for url in _IMAGES.findall(data)][:2]
        styles = [url.decode() for url in _STYLES.findall(data)][:1]
        return [(url, _image_type(url)) for url in images] + [(url, "text/css") for url in styles]


def page(name: str, captured: datetime = WHEN) -> Page:
    """The fixture page `name`, with its canonical link (HTML) or its Bitget address (text) as the
    address its capture records."""
    data = (PAGES / name).read_bytes()
    found = _CANONICAL.search(data)
    return Page(name, found[1].decode() if found else TEXT_ADDRESSES[name], captured)


def _image_type(url: str) -> str:
    return "image/svg+xml" if url.split("?")[0].endswith(".svg") else "image/png"


def asset_bytes(media_type: str) -> bytes:
    """A valid, tiny file of the type: a 1×1 PNG, an empty SVG, one CSS rule."""
    if media_type == "image/png":
        row = zlib.compress(b"\x00\xff\xff\xff")
        size = b"\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"  # 1×1, 8-bit RGB
        chunks = [(b"IHDR", size), (b"IDAT", row), (b"IEND", b"")]
        return b"\x89PNG\r\n\x1a\n" + b"".join(
            len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
            for kind, body in chunks)
    if media_type == "image/svg+xml":
        return b'<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"/>'
    return b"body{margin:0}\n"


def record_id(*names: object) -> str:
    """A WARC record id, the same for the same names (tests can name the record they expect)."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(map(str, names)))}>"


def warc_date(when: datetime, millis: bool = False) -> str:
    text = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{text}.{when.microsecond // 1000:03d}Z" if millis else f"{text}Z"


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


# --- WARC: wget ---------------------------------------------------------------------------------

@dataclass
class Warc:
    """A WARC being written, record by record, and where each record starts."""

    gzip: bool = True
    version: str = "WARC/1.0"
    buffer: io.BytesIO = field(default_factory=io.BytesIO)
    offsets: dict[str, int] = field(default_factory=dict)  # record id -> where it starts

    def __post_init__(self) -> None:
        self.writer = WARCWriter(self.buffer, gzip=self.gzip, warc_version=self.version)

    def add(self, kind: str, headers: list[tuple[str, str]], body: bytes = b"",
            http: StatusAndHeaders | None = None, content_type: str = "") -> str:
        """Write one record with the WARC headers in the order given; returns its id."""
        warc_headers = StatusAndHeaders("", [("WARC-Type", kind), *headers], protocol=self.version)
        rid = warc_headers.get_header("WARC-Record-ID")
        record = self.writer.create_warc_record(
            "", kind, payload=io.BytesIO(body), length=len(body), warc_content_type=content_type,
            warc_headers=warc_headers, http_headers=http)
        self.offsets[rid] = self.buffer.tell()
        self.writer.write_record(record)
        return rid

    def response(self, url: str, data: bytes, media_type: str, when: datetime = WHEN, rid: str = "",
                 status: str = "200 OK") -> str:
        """A response record alone (as Webrecorder and Heritrix write them, without wget's pairs)."""
        rid = rid or record_id("response", url, when)
        http = _http_response(status, media_type, data, when)
        return self.add("response", [("WARC-Target-URI", url), ("WARC-Date", warc_date(when)),
                                     ("WARC-Record-ID", rid)],
                        data, http=http, content_type="application/http; msgtype=response")

    def bytes(self) -> bytes:
        return self.buffer.getvalue()


def _http_response(status: str, media_type: str, body: bytes, when: datetime,
                   extra: Iterable[tuple[str, str]] = ()) -> StatusAndHeaders:
    headers = [("Date", http_date(when)), ("Server", "nginx"), ("Content-Type", media_type),
               ("Content-Length", str(len(body))), *extra]
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _http_request(url: str) -> StatusAndHeaders:
    host = url.split("/")[2]
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    return StatusAndHeaders(f"GET {path} HTTP/1.1", [
        ("User-Agent", "Wget/1.21.3"), ("Accept", "*/*"), ("Accept-Encoding", "identity"),
        ("Host", host), ("Connection", "Keep-Alive")], is_http_request=True)


def _wget_pair(warc: Warc, info: str, url: str, when: datetime, http: StatusAndHeaders,
               body: bytes, response_id: str = "") -> str:
    """wget's request record, then its response record (`WARC-Concurrent-To` the request)."""
    request = record_id("request", url, when)
    asked = "application/http;msgtype=request"
    warc.add("request", [("WARC-Target-URI", f"<{url}>"), ("Content-Type", asked),
                         ("WARC-Date", warc_date(when)), ("WARC-Record-ID", request),
                         ("WARC-Warcinfo-ID", info)],
             http=_http_request(url), content_type=asked)
    response = response_id or record_id("response", url, when)
    warc.add("response", [("WARC-Record-ID", response), ("WARC-Warcinfo-ID", info),
                          ("WARC-Concurrent-To", request), ("WARC-Target-URI", f"<{url}>"),
                          ("WARC-Date", warc_date(when)), ("WARC-IP-Address", "203.0.113.7")],
             body, http=http, content_type="application/http;msgtype=response")
    return response


def wget_warc(pages: list[Page], *, compressed: bool = True, requisites: bool = True,
              redirect: bool = True, response_ids: dict[str, str] | None = None,
              charsets: dict[str, tuple[bytes, str]] | None = None) -> Warc:
    """What `wget -p --warc-file=crawl URL…` writes: each page (after a 301 from its `http://`
    address, for the first), its images and style sheet, then wget's own records.

    `response_ids` names a page's response record (by page name); `charsets` gives a page as
    other bytes and media type (a server that sends Shift_JIS)."""
    warc = Warc(gzip=compressed)
    info = record_id("warcinfo", *[p.name for p in pages])
    fields = (b"software: Wget/1.21.3 (linux-gnu)\r\nformat: WARC File Format 1.0\r\n"
              b"conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n"
              b"robots: classic\r\nwget-arguments: \"-p\" \"--warc-file=crawl\"\r\n\r\n")
    warc.add("warcinfo", [("WARC-Date", warc_date(pages[0].captured)), ("WARC-Filename", "crawl.warc.gz"),
                          ("WARC-Record-ID", info)], fields, content_type="application/warc-fields")
    for number, item in enumerate(pages):
        when = item.captured
        if redirect and number == 0:
            plain = "http://" + item.url.split("://", 1)[1]
            moved = _http_response("301 Moved Permanently", "text/html", b"", when, [("Location", item.url)])
            _wget_pair(warc, info, plain, when, moved, b"")
        data, media_type = (charsets or {}).get(item.name, (item.data, item.media_type))
        http = _http_response("200 OK", media_type, data, when)
        _wget_pair(warc, info, item.url, when, http, data, (response_ids or {}).get(item.name, ""))
        if requisites:
            for url, kind in item.assets():
                body, later = asset_bytes(kind), when + timedelta(seconds=1)
                _wget_pair(warc, info, url, later, _http_response("200 OK", kind, body, later), body)
    _wget_tail(warc, info, pages)
    return warc


def _wget_tail(warc: Warc, info: str, pages: list[Page]) -> None:
    """wget's manifest (a metadata record), its arguments and its log (resource records, text/plain)."""
    when = pages[-1].captured + timedelta(seconds=5)
    manifest = record_id("manifest", *[p.name for p in pages])
    base = "metadata://gnu.org/software/wget/warc/"
    warc.add("metadata", [("WARC-Record-ID", manifest), ("WARC-Warcinfo-ID", info),
                          ("WARC-Target-URI", f"<{base}MANIFEST.txt>"), ("WARC-Date", warc_date(when))],
             f"{info}\n".encode(), content_type="text/plain")
    arguments = b'"wget" "-p" "--warc-file=crawl" ' + b" ".join(f'"{p.url}"'.encode() for p in pages) + b"\n"
    log = b"".join(f"--{when:%Y-%m-%d %H:%M:%S}--  {p.url}\nHTTP request sent, awaiting response... 200 OK\n"
                   .encode() for p in pages)
    for name, body in (("wget_arguments.txt", arguments), ("wget.log", log)):
        warc.add("resource", [("WARC-Record-ID", record_id(name, manifest)), ("WARC-Warcinfo-ID", info),
                              ("WARC-Concurrent-To", manifest), ("WARC-Target-URI", f"<{base}{name}>"),
                              ("WARC-Date", warc_date(when))], body, content_type="text/plain")


def gzip_whole(warc: Warc) -> bytes:
    """The WARC gzipped as one stream (`gzip crawl.warc`), not record by record as WARC writers do."""
    assert not warc.gzip, "gzip the uncompressed WARC"
    return gzip.compress(warc.bytes(), mtime=0)


# --- WARC and WACZ: Browsertrix Crawler / Webrecorder ----------------------------------------------

def browsertrix_warc(pages: list[Page], *, text: bool = True,
                     compressed: bool = True) -> tuple[Warc, list[str]]:
    """Browsertrix Crawler's WARC/1.1 (`--text to-warc`): per page its response, its request, a
    `urn:pageinfo:` record and a `urn:text:` record of the page's visible text; returns the WARC
    and its CDXJ index lines."""
    warc = Warc(gzip=compressed, version="WARC/1.1")
    info = record_id("browsertrix", *[p.name for p in pages])
    fields = (b"software: Browsertrix-Crawler 1.3.0 (with warcio.js 2.3.1)\r\n"
              b"format: WARC File Format 1.1\r\n"
              b"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n")
    warc.add("warcinfo", [("WARC-Date", warc_date(pages[0].captured, True)),
                          ("WARC-Filename", "data.warc.gz"), ("WARC-Record-ID", info)],
             fields, content_type="application/warc-fields")
    index = []
    for item in pages:
        when = item.captured.replace(microsecond=123000)
        http = _http_response("200 OK", item.media_type, item.data, when)
        response = record_id("response", item.url, when)
        request = record_id("request", item.url, when)
        start = warc.buffer.tell()
        warc.add("response", [("WARC-Target-URI", item.url), ("WARC-Date", warc_date(when, True)),
                              ("WARC-Record-ID", response), ("WARC-Concurrent-To", request),
                              ("WARC-Payload-Digest", _digest(item.data))],
                 item.data, http=http, content_type="application/http; msgtype=response")
        index.append(_cdxj(item, when, start, warc.buffer.tell() - start))
        warc.add("request", [("WARC-Target-URI", item.url), ("WARC-Date", warc_date(when, True)),
                             ("WARC-Record-ID", request), ("WARC-Concurrent-To", response)],
                 http=_http_request(item.url), content_type="application/http; msgtype=request")
        pageinfo = json.dumps({"pageid": response[10:-1], "url": item.url, "ts": warc_date(when, True),
                               "urls": {item.url: {"status": 200, "mime": item.media_type.split(";")[0]}}})
        warc.add("resource", [("WARC-Target-URI", f"urn:pageinfo:{item.url}"),
                              ("WARC-Date", warc_date(when, True)),
                              ("WARC-Record-ID", record_id("pageinfo", item.url))],
                 pageinfo.encode(), content_type="application/json")
        if text:
            warc.add("resource", [("WARC-Target-URI", f"urn:text:{item.url}"),
                                  ("WARC-Date", warc_date(when, True)),
                                  ("WARC-Record-ID", record_id("text", item.url))],
                     visible_text(item).encode(), content_type='text/plain; charset="UTF-8"')
    return warc, index


def visible_text(item: Page) -> str:
    """The page's text as a browser shows it (what `urn:text:` records and pages.jsonl hold)."""
    from lxml import html as lxml_html

    if not item.is_html:
        return item.data.decode("utf-8")
    tree = lxml_html.fromstring(item.data)
    for gone in tree.xpath("//script|//style|//noscript"):
        gone.drop_tree()
    return "\n".join(line.strip() for line in tree.text_content().splitlines() if line.strip())


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _cdxj(item: Page, when: datetime, offset: int, length: int) -> str:
    host, _, path = item.url.split("://", 1)[1].partition("/")
    key = ",".join(reversed(host.removeprefix("www.").split("."))) + ")/" + path.rstrip("/")
    fields = {"url": item.url, "mime": item.media_type.split(";")[0], "status": "200",
              "digest": _digest(item.data), "length": str(length), "offset": str(offset),
              "filename": "data.warc.gz"}
    return f"{key} {when:%Y%m%d%H%M%S} {json.dumps(fields)}"


def wacz(pages: list[Page], *, compression: int = zipfile.ZIP_STORED, text: bool = True,
         warcs: int = 1, compressed: bool = True) -> bytes:
    """A Browsertrix/Webrecorder WACZ of the pages (WACZ 1.1.1): the WARC(s) under `archive/`
    (stored, as the spec asks, or deflated as some zip tools do), the page list, the index, the
    manifest and its digest. With `warcs=2` the pages are split over two WARCs (a crawl that
    rolled over to a new file); `compressed=False` stores them as `.warc`, as the spec allows."""
    members: dict[str, bytes] = {}
    index: list[str] = []
    groups = [pages[number::warcs] for number in range(warcs)]
    for number, group in enumerate(groups):
        warc, lines = browsertrix_warc(group, text=text, compressed=compressed)
        name = ("data" if warcs == 1 else f"rec-{number}") + (".warc.gz" if compressed else ".warc")
        members[f"archive/{name}"] = warc.bytes()
        index += [line.replace("data.warc.gz", name) for line in lines]
    header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
    entries = [{"id": record_id("page", p.url)[10:-1], "url": p.url, "title": p.title, "loadState": 4,
                "mime": p.media_type.split(";")[0], "status": 200, "seed": True, "depth": 0,
                "ts": warc_date(p.captured.replace(microsecond=123000), True)} for p in pages]
    members["pages/pages.jsonl"] = "".join(json.dumps(line, ensure_ascii=False) + "\n"
                                           for line in [header, *entries]).encode()
    cdxj = "".join(f"{line}\n" for line in sorted(index)).encode()
    members["indexes/index.cdx.gz"] = gzip.compress(cdxj, mtime=0)
    resources = [{"name": path.rsplit("/", 1)[1], "path": path, "hash": _sha256(data), "bytes": len(data)}
                 for path, data in members.items()]
    package = json.dumps({"profile": "data-package", "resources": resources, "wacz_version": "1.1.1",
                          "software": "Browsertrix-Crawler 1.3.0 (with warcio.js 2.3.1)",
                          "created": warc_date(pages[0].captured), "title": "crawl"}, indent=2).encode()
    members["datapackage.json"] = package
    members["datapackage-digest.json"] = json.dumps(
        {"path": "datapackage.json", "hash": _sha256(package)}).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in members.items():
            packed = compression if path.startswith("archive/") else (
                zipfile.ZIP_STORED if path.endswith(".gz") else zipfile.ZIP_DEFLATED)
            archive.writestr(path, data, compress_type=packed)
    return buffer.getvalue()


# --- MHTML: Chrome's "Webpage, Single File" ------------------------------------------------------

def chrome_mhtml(item: Page, *, charset: str = "", frames: Iterable[Page] = (), start: bool = False) -> bytes:
    """What Chrome writes for "Save page as… Webpage, Single File".

    Chrome serializes the page's DOM as UTF-8 with a `<meta http-equiv="Content-Type">` first in
    `<head>` and no charset on the part. `charset` instead writes the page's bytes in that
    encoding and names it only on the MIME part (as older tools did). `frames` are iframes' pages:
    Chrome stores each as another text/html part after the page; with `start`, the frames come
    first and the multipart's `start` parameter names the page's part."""
    assert item.is_html, "Chrome saves web pages, which are HTML: a text dump has no MHTML form"
    token = base64.b32encode(hashlib.sha1(item.name.encode()).digest()).decode()
    boundary = f"----MultipartBoundary--{token}----"
    declared = b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
    html = item.data.replace(b"<head>", b"<head>" + declared, 1)
    part_type = "text/html"
    if charset:
        html = in_charset(item, charset)
        part_type = f"text/html; charset={charset}"
    when = item.captured.astimezone(timezone(timedelta(hours=2)))
    subject = _subject(item.title)
    head = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {item.url}",
        f"Subject: {subject}",
        f"Date: {format_datetime(when)}",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"' + (";" if start else ""),
    ]
    page_id = "<frame-" + hashlib.md5(item.url.encode()).hexdigest().upper() + "@mhtml.blink>"
    if start:
        head.append(f'\tstart="{page_id}"')
    page_part = _part(part_type, item.url, _qp(html), "quoted-printable", page_id)
    frame_parts = [_part("text/html", frame.url, _qp(frame.data), "quoted-printable",
                         "<frame-" + hashlib.md5(frame.url.encode()).hexdigest().upper() + "@mhtml.blink>")
                   for frame in frames]
    resources = [_part(kind, url, _qp(asset_bytes(kind)) if kind == "text/css"
                       else base64.encodebytes(asset_bytes(kind)).replace(b"\n", b"\r\n"),
                       "quoted-printable" if kind == "text/css" else "base64")
                 for url, kind in item.assets()]
    parts = [*frame_parts, page_part] if start else [page_part, *frame_parts]
    text = "\r\n".join(head).encode() + b"\r\n\r\n\r\n"
    for part in [*parts, *resources]:
        text += f"--{boundary}\r\n".encode() + part
    return text + f"--{boundary}--\r\n".encode()


def in_charset(item: Page, charset: str) -> bytes:
    """The page in another encoding, its own `<meta charset>` gone (the header that carries it
    names the encoding); a character the encoding lacks as an HTML character reference, as a
    server's templates write it (a text dump has no such form: it must fit)."""
    text = item.data.decode("utf-8")
    if not item.is_html:
        return text.encode(charset)
    text = re.sub(r'<meta charset="[^"]*">', "", text, count=1, flags=re.I)
    return text.encode(charset, "xmlcharrefreplace")


def _part(kind: str, url: str, body: bytes, encoding: str, content_id: str = "") -> bytes:
    lines = [f"Content-Type: {kind}"]
    if content_id:
        lines.append(f"Content-ID: {content_id}")
    lines += [f"Content-Transfer-Encoding: {encoding}", f"Content-Location: {url}"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body.rstrip(b"\r\n") + b"\r\n"


def _qp(data: bytes) -> bytes:
    """Quoted-printable with CRLF line ends, as Chrome encodes a part."""
    return quopri.encodestring(data).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _subject(title: str) -> str:
    """The page's title as Chrome writes `Subject:`: Q-encoded UTF-8 words when not ASCII, folded."""
    if title.isascii():
        return title
    words, chunk = [], ""
    for character in title:
        if len((chunk + character).encode()) > 20:
            words.append(chunk)
            chunk = ""
        chunk += character
    words.append(chunk)
    return "\r\n ".join(header_encode(word.encode(), "utf-8").replace("?q?", "?Q?") for word in words)


# --- Saved HTML: SingleFile, a browser's "saved from url" ----------------------------------------

def js_date(when: datetime, offset_hours: int = 1, zone: str = "Central European Standard Time") -> str:
    """JavaScript's `new Date().toString()`, which SingleFile writes as the saved date."""
    local = when.astimezone(timezone(timedelta(hours=offset_hours)))
    sign = "+" if offset_hours >= 0 else "-"
    return f"{local:%a %b %d %Y %H:%M:%S} GMT{sign}{abs(offset_hours):02d}00 ({zone})"


def singlefile(item: Page, saved_date: str | None = None, *, legacy: bool = False, info: str = "") -> bytes:
    """The page as the SingleFile extension saves it: its comment is the first node inside
    `<html …>` (`saved_date=""` as with "remove saved date"; `legacy`: the header older versions
    wrote; `info`: the infobar text a user added)."""
    assert item.is_html, "SingleFile saves web pages, which are HTML: a text dump has no SingleFile form"
    header = "Archive processed by SingleFile" if legacy else "Page saved with SingleFile"
    when = js_date(item.captured) if saved_date is None else saved_date
    comment = f"\n {header} \n url: {item.url}" + (f" \n saved date: {when}" if when else " ")
    comment += (f" \n info: {info}" if info else "") + "\n"
    data = _drop_saved_from(item.data)
    tag = _HTML_TAG.search(data)
    return data[:tag.end()] + b"<!--" + comment.encode() + b"-->" + data[tag.end():]


def saved_from(item: Page) -> bytes:
    """The page as a browser's "Save page as… Webpage, HTML only" writes it: the mark of the web
    `<!-- saved from url=(NNNN)… -->` (NNNN: the address's length) after the doctype."""
    assert item.is_html, "a browser saves web pages, which are HTML"
    data = _drop_saved_from(item.data)
    mark = f"<!-- saved from url=({len(item.url):04d}){item.url} -->\n".encode()
    doctype = data.find(b">") + 1 if data.lstrip().lower().startswith(b"<!doctype") else 0
    return data[:doctype] + b"\n" + mark + data[doctype:].lstrip(b"\n")


def _drop_saved_from(data: bytes) -> bytes:
    """The page without the mark an earlier save left (Bitget's fixture pages have one)."""
    return re.sub(rb"<!-- saved from url=\(\d+\)[^>]*-->\n?", b"", data, count=1)


# --- JSON Lines and sidecars --------------------------------------------------------------------

def jsonl_line(item: Page, *, fetched_at: str | None = None) -> str:
    """One page as a crawler's export writes it: the HTML as `html`, a text dump as `text`."""
    body = item.data.decode("utf-8")
    record = {"url": item.url, "html" if item.is_html else "text": body,
              "fetched_at": warc_date(item.captured) if fetched_at is None else fetched_at}
    return json.dumps(record, ensure_ascii=False)


def jsonl_export(pages: list[Page]) -> bytes:
    return "".join(jsonl_line(item) + "\n" for item in pages).encode("utf-8")


def internet_shortcut(url: str, *, explorer: bool = False) -> bytes:
    """A Windows Internet Shortcut: `[InternetShortcut]` and `URL=` with CRLF, as a browser writes
    it when a link is dragged to a folder; `explorer`: as Explorer writes it, after a property
    section and with its other keys."""
    lines = ["[InternetShortcut]", f"URL={url}"]
    if explorer:
        lines = ["[{000214A0-0000-0000-C000-000000000046}]", "Prop3=19,11", "[InternetShortcut]", "IDList=",
                 f"URL={url}", "IconIndex=0", "HotKey=0"]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def json_sidecar(url: str, fetched_at: datetime | str = WHEN) -> bytes:
    when = warc_date(fetched_at) if isinstance(fetched_at, datetime) else fetched_at
    return json.dumps({"url": url, "fetched_at": when}, indent=2).encode()


def markdown_facts(text: str) -> dict[str, str]:
    """The metadata header of a converted article, as a dict."""
    header = text.partition("\n\n")[0]
    return dict(line.split(": ", 1) for line in header.splitlines())


# --- Converting, as a user does ------------------------------------------------------------------

def convert(folder: Path, out: Path, *options: str) -> tuple[int, list[dict]]:
    """`scripts/convert.py FOLDER --out OUT --report … --no-cache`: exit status and report entries."""
    report = out.parent / f"{out.name}-report.json"
    result = run_converter(folder, "--out", out, "--report", report, "--no-cache", *options)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(report.read_text(encoding="utf-8"))


def written(entries: list[dict]) -> dict[str, str]:
    """Input (as the report names it) -> the Markdown its article was written as."""
    return {entry["input"]: Path(entry["output"]).read_text(encoding="utf-8")
            for entry in entries if entry["status"] == "converted"}
