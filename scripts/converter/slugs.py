"""Stable, ASCII, readable slugs.

A slug comes from the English original title when the page names one, so the Japanese and
English versions of one article share it and Pelican links them as translations. Titles in
Japanese or Chinese are not transliterated (Pelican's slugify would turn kanji into Mandarin
pinyin); those get the source, date and a short hash of the title instead.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from functools import cache

MAX_LENGTH = 80
# What a slug may hold: it names a file and a URL path segment. Pelican's slugify keeps `_`.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def make_slug(title: str, original_title: str, source: str, date: datetime | None) -> str:
    """A slug of `[a-z0-9-]` only, whatever the page's text: see `path_safe`."""
    for candidate in (original_title, title):
        if candidate and _mostly_latin(candidate):
            slug = _shorten(path_safe(slugify(candidate)))
            if slug:
                return slug
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
    parts = [path_safe(slugify(source)) if source else "article"]
    if date:
        parts.append(date.strftime("%Y%m%d"))
    parts.append(digest)
    return "-".join(part for part in parts if part)


def path_safe(slug: str) -> str:
    """The slug in `[a-z0-9-]`, with no empty part: it becomes a file name and a URL, so it is
    checked against a closed set however it was made (Pelican's slugify keeps `_`)."""
    return "-".join(part for part in _NOT_SLUG.split(slug.lower()) if part)


def slugify(text: str) -> str:
    """Pelican's own slugify with Pelican's own rules, so converted slugs look like the ones
    Pelican makes for tags and authors."""
    pelican_slugify, rules = _pelican()
    return pelican_slugify(text, regex_subs=rules)


@cache
def _pelican():
    """Imported on first use: importing Pelican costs a quarter of a second, and a run whose
    pages are all unchanged never makes a slug."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify as pelican_slugify

    return pelican_slugify, DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) >= 0.9 * len(letters)


def _shorten(slug: str) -> str:
    """Cut long slugs at a word boundary and add a hash of the whole: long URLs are hard to
    share, and two titles that differ only after the cut must not share a file."""
    if len(slug) <= MAX_LENGTH:
        return slug
    digest = hashlib.sha256(slug.encode("utf-8")).hexdigest()[:6]
    head = slug[: MAX_LENGTH - len(digest) - 1].rsplit("-", 1)[0]
    return f"{head}-{digest}"
