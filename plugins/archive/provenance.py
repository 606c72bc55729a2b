"""Where each article's text came from, and when: the line every article page prints under its byline.

One kind per article, the most direct source known:
- `original`: the publisher's own article (`Original_URL`), linked by its site's name;
- `via`: the page of the site that republished it (`Via_URL`, e.g. Bitget's copy);
- `saved`: neither address is known, so the text is what a saved page held, with the date it
  was saved (`Captured`, recorded by the converter from the page file's modification time).
An aggregator named without an address (`Via: Bitget`) is named beside the other kinds.

The original's title is worth a line of its own only when it says something the title does
not: a translation's original headline, or a headline the republisher changed. Typography
(Pelican's curly quotes, dashes) and case are not a difference.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from .slugs import LISTS

_TAG = re.compile(r"<[^>]*>")
_DASHES = re.compile(r"-+")
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                             "″": '"', "–": "-", "—": "-", "―": "-", "\u00a0": " "})


@dataclass(frozen=True)
class Provenance:
    kind: str  # "original", "via", "saved", or "" for an article written by hand without addresses
    original_url: str = ""
    original_site: str = ""  # the original's host, without "www."
    via: str = ""
    via_url: str = ""
    captured: datetime | None = None
    original_title: str = ""  # only when it differs from the article's title


def provenance_of(article) -> Provenance:
    original_url = getattr(article, "original_url", "") or ""
    via_url = getattr(article, "via_url", "") or ""
    scraped = bool(getattr(article, "scraped_from", ""))
    kind = "original" if original_url else "via" if via_url else "saved" if scraped else ""
    original_title = getattr(article, "original_title", "") or ""
    return Provenance(
        kind=kind,
        original_url=original_url,
        original_site=site_name(original_url),
        via=getattr(article, "via", "") or "",
        via_url=via_url,
        captured=captured_at(getattr(article, "captured", "")),
        original_title=original_title if differs(original_title, getattr(article, "title", "")) else "",
    )


def site_name(url: str) -> str:
    """`cryptoslate.com` for https://www.cryptoslate.com/...: what a reader recognises of an address."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def captured_at(value) -> datetime | None:
    """The converter's `Captured` (ISO 8601 date and time); None when absent or unreadable."""
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value).strip()) if value else None
    except ValueError:
        return None


def comparable(text: str) -> str:
    """Text as a reader compares it: no typography, case or spacing."""
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", text.translate(_TYPOGRAPHY)))  # "--" is "–"
    return " ".join(text.casefold().split())


def differs(original_title: str, title: str) -> bool:
    """The original's title (plain text, as the converter wrote it) against the article's title
    (HTML, as Pelican holds it: entities, typography, inline markup)."""
    shown = html.unescape(_TAG.sub("", title))
    return bool(original_title) and comparable(original_title) != comparable(shown)


def add_provenance(generator) -> None:
    """article_generator_finalized: every article, translation and draft gets `provenance`."""
    for name in LISTS:
        for article in getattr(generator, name, []):
            article.provenance = provenance_of(article)
