"""Stable, ASCII, readable slugs.

A slug comes from the English original title when the page names one, so the Japanese and
English versions of one article share it and Pelican links them as translations. Otherwise,
in this order: a title in Latin script; the words of the original's address
(`https://cryptoslate.com/bitcoin-etfs-see-record-outflows/`); the title in Latin letters
(romanize.py: Japanese by its reading, Chinese in pinyin, other scripts by Unidecode), with a
hash of the title, since two titles can read alike in Latin letters. Only a title with nothing
to read (figures, symbols) gets the source, date and a hash of the title.

The batch (batch.py, originals.py) may then give an article the slug its translations share.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from functools import cache
from urllib.parse import unquote, urlsplit

from .romanize import romanized

MAX_LENGTH = 80
DIGEST = 6  # hex digits of a hash that tells readable slugs apart (shortened or romanized)
# What a slug may hold: it names a file and a URL path segment. Pelican's slugify keeps `_`.
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# The last segment of an address names an article when it is words joined by `-` or `_`.
_URL_WORDS = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|aspx?)$")
# An address's words are a title, not an id or a section: at least three, two of them words
# of letters (`bitcoin-etfs-see-record-outflows`, not `detail`, `12560604029884`, `news-2025`).
MIN_URL_WORDS = 3
MIN_URL_LETTER_WORDS = 2
# A romanized title says something when it has a word of letters this long or more.
MIN_READABLE_WORD = 2


def make_slug(title: str, original_title: str, source: str, date: datetime | None, *, lang: str = "",
              original_url: str = "", via_url: str = "") -> str:
    """A slug of `[a-z0-9-]` only, whatever the page's text: see `path_safe`."""
    return (latin_title_slug(original_title, title) or slug_of_original(original_title, original_url, via_url)
            or romanized_slug(title, lang) or hashed_slug(title, source, date))


def latin_title_slug(*titles: str) -> str:
    """The first title in Latin script, slugified; "" when none is."""
    for candidate in titles:
        if candidate and in_latin_script(candidate):
            slug = _shorten(path_safe(slugify(candidate)))
            if slug:
                return slug
    return ""


def slug_of_original(original_title: str, original_url: str, via_url: str = "") -> str:
    """What the original itself says its name is: its title in Latin script, its address's
    words, or its title romanized; "" when it says nothing readable."""
    return (latin_title_slug(original_title) or url_slug(original_url) or url_slug(via_url)
            or romanized_slug(original_title))


def url_slug(url: str) -> str:
    """The words of an http(s) address's last path segment, when they read as a title; "".

    Only a closed set survives: the segment, decoded once, must be `[a-z0-9]` words joined by
    `-` or `_`, so `%2e%2e`, `../` or a `javascript:` address never reach a file name."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    segments = [segment for segment in parts.path.split("/") if segment]
    if not segments:
        return ""
    last = _PAGE_SUFFIX.sub("", unquote(segments[-1]).lower())
    if not _URL_WORDS.fullmatch(last):
        return ""
    words = re.split(r"[-_]", last)
    letter_words = sum(word.isalpha() and len(word) > 1 for word in words)
    if len(words) < MIN_URL_WORDS or letter_words < MIN_URL_LETTER_WORDS:
        return ""
    return _shorten(path_safe(last))


def romanized_slug(title: str, lang: str = "") -> str:
    """The title in Latin letters, with a hash of the title: "" when it has no word to read."""
    if not title:
        return ""
    slug = path_safe("-".join(romanized(title, lang)))
    if not any(len(word) >= MIN_READABLE_WORD and word.isalpha() for word in slug.split("-")):
        return ""
    return _with_digest(slug, _digest(title, DIGEST))


def hashed_slug(title: str, source: str, date: datetime | None) -> str:
    """`<source>-<yyyymmdd>-<hash of the title>`: for a title with nothing to read."""
    parts = [path_safe(slugify(source)) if source else "article"]
    if date:
        parts.append(date.strftime("%Y%m%d"))
    parts.append(_digest(title, 8))
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


def in_latin_script(text: str) -> bool:
    """Nine letters in ten or more are Latin (accented ones too: Vietnamese, Polish, French):
    slugified as Pelican does, an accent dropped costs no meaning."""
    letters = [ch for ch in unicodedata.normalize("NFKC", text) if ch.isalpha()]
    latin = sum(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    return bool(letters) and latin >= 0.9 * len(letters)


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def _shorten(slug: str) -> str:
    """Cut long slugs at a word boundary and add a hash of the whole: long URLs are hard to
    share, and two titles that differ only after the cut must not share a file."""
    if len(slug) <= MAX_LENGTH:
        return slug
    return _with_digest(slug, _digest(slug, DIGEST))


def _with_digest(slug: str, digest: str) -> str:
    """The slug, cut at a word boundary when it must be to stay within MAX_LENGTH, then the digest."""
    room = MAX_LENGTH - len(digest) - 1
    head = slug if len(slug) <= room else slug[:room].rsplit("-", 1)[0]
    return f"{head}-{digest}" if head else digest
