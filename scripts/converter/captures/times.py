"""When a page was captured, from the forms capture tools write it in."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from dateutil import parser as dateparser

# SingleFile writes JavaScript's Date.toString(): `Sat Dec 06 2025 10:00:00 GMT+0100 (Central
# European Standard Time)`. dateutil reads `GMT+0100` the POSIX way (an hour *behind*), so the
# offset is taken as written.
_JS_DATE = re.compile(r"^(?P<when>.+?)\s+GMT(?P<offset>[+-]\d{4})(?:\s*\(.*\))?\s*$")
_WARC14 = re.compile(r"^\d{14}$")  # CDX and ARC timestamps: 20251206100000
EARLIEST = datetime(1991, 1, 1, tzinfo=UTC)  # no web page was saved before the web
MAX_TEXT = 200


def capture_time(text: str) -> datetime | None:
    """The time in UTC, to the second; None when it is no time, or before the web or in the future
    (a capture cannot be newer than the run reading it, give or take a clock's day)."""
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        return None
    when = _parsed(text)
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC).replace(microsecond=0)
    if not EARLIEST <= when <= datetime.now(UTC) + timedelta(days=1):
        return None
    return when


def _parsed(text: str) -> datetime | None:
    try:
        if _WARC14.match(text):
            return datetime.strptime(text, "%Y%m%d%H%M%S")
        js = _JS_DATE.match(text)
        if js:
            offset = js["offset"]
            return dateparser.parse(f"{js['when']} {offset[:3]}:{offset[3:]}")
        if "," in text[:5]:  # RFC 2822, as MHTML's Date header
            return parsedate_to_datetime(text)
        return dateparser.isoparse(text) if text[:4].isdigit() else dateparser.parse(text)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
