"""Chrome's "Webpage, Single File" (`.mhtml`, `.mht`): a MIME message whose first HTML part is
the page, `Snapshot-Content-Location` (or that part's `Content-Location`) its address and
`Date` the time it was saved. Read with the standard library's email package; the images and
styles in the other parts are not needed (articles link their images)."""

from __future__ import annotations

from email import policy
from email.message import Message
from email.parser import BytesParser

from ..inputs import open_input, size_text
from ..model import InputError
from .model import Capture, Payload, in_utf8
from .pages import with_sidecar
from .times import capture_time
from .warc import CAPTURE_OPTION

PAGE_TYPES = ("text/html", "application/xhtml+xml")
MAX_PARTS = 20_000
# What is read of a file. Chrome writes the page first, after a few headers, quoted-printable:
# three bytes for each byte of a page in a script other than Latin, and a soft line break each
# 76. The email parser holds about nine times what it parses (a 70 MB file took 650 MB), and
# the images after the page are not needed.
ENCODED_SIZE = 3.2
HEADER_ROOM = 256 * 1024


class _Mhtml:
    name = "MHTML file"

    def read(self, capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
        limit = int(max_bytes * ENCODED_SIZE) + HEADER_ROOM
        with open_input(capture.path, max_capture_bytes, CAPTURE_OPTION) as handle:
            data = handle.read(limit + 1)
        cut = len(data) > limit
        _count_parts(data)
        message = BytesParser(policy=policy.compat32).parsebytes(data[:limit])
        part = _page_part(message)
        if cut and part is _last_part(message):
            raise InputError(f"its page is over the {size_text(max_bytes)} limit (--max-size), or comes "
                             f"after more than {size_text(limit)} of other parts")
        body = part.get_payload(decode=True) or b""
        if len(body) > max_bytes:
            raise InputError(f"its page is {size_text(len(body))}: over the {size_text(max_bytes)} "
                             "limit (--max-size)")
        url = _header(message, "Snapshot-Content-Location") or _header(part, "Content-Location")
        payload = Payload(in_utf8(body, part.get_content_charset()), url,
                          capture_time(_header(message, "Date")))
        return with_sidecar(capture, payload)


def _page_part(message: Message) -> Message:
    """The page: the part the multipart's `start` names, else its first HTML part."""
    if not message.is_multipart():
        if message.get_content_type() in PAGE_TYPES:
            return message
        raise InputError("not an MHTML page (no HTML in it)")
    start = (message.get_param("start") or "").strip("<>")
    parts = []
    for count, part in enumerate(message.walk()):
        if count > MAX_PARTS:
            raise InputError(f"more than {MAX_PARTS:,} parts: not a saved page")
        if not part.is_multipart() and part.get_content_type() in PAGE_TYPES:
            if start and (part.get("Content-ID") or "").strip("<> ") == start:
                return part
            parts.append(part)
    if not parts:
        raise InputError("not an MHTML page (no HTML part in it)")
    return parts[0]


def _count_parts(data: bytes) -> None:
    """Refuse a file of more than MAX_PARTS parts before parsing it: the parser builds every
    part first (100,000 empty parts took 2 seconds and 230 MB a read)."""
    top = BytesParser(policy=policy.compat32).parsebytes(data[:HEADER_ROOM], headersonly=True)
    boundary = top.get_boundary()
    if boundary and data.count(b"\n--" + boundary.encode("utf-8", "replace")) > MAX_PARTS + 1:
        raise InputError(f"more than {MAX_PARTS:,} parts: not a saved page")


def _last_part(message: Message) -> Message:
    last = message
    for part in message.walk():
        last = part
    return last


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return str(value).strip() if value is not None else ""


MHTML = _Mhtml()
