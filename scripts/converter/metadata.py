"""From what a page says to what the article is: dates in a timezone, slug, summary, tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from .budgets import (
    DEFAULT_MAX_AUTHORS,
    DEFAULT_MAX_BLOCKS,
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_TAGS,
    DEFAULT_MAX_TEXT,
    DEFAULT_MAX_TITLE,
    first_of,
    title_within,
)
from .inputs import DEFAULT_MAX_BYTES, DEFAULT_MAX_CAPTURE_BYTES
from .model import Article, Block, InputError, PageFacts
from .names import show_names, visible
from .slugs import make_slug
from .textwidth import is_spaced
from .topics import TopicRules

SUMMARY_LENGTH = 160
# A title made from the lead's first sentence is cut to this, at a word or character boundary.
LEAD_TITLE_MAX = {"spaced": 110, "cjk": 50}
_FIRST_SENTENCE = re.compile(r"(.+?[.!?](?=\s)|.+?[。！？])")
EARLIEST_YEAR = 1990
MAX_UTC_OFFSET = timedelta(hours=14)
MAX_DATE_TEXT = 100  # a date is short; longer text is not parsed


@dataclass(frozen=True)
class Settings:
    """Choices the user makes for a whole run."""

    timezone: ZoneInfo
    # Pages without a date are drafts unless the user accepts the file's modification time.
    date_from_mtime: bool = False
    # Larger inputs are refused unread: no real article page comes near it.
    max_bytes: int = DEFAULT_MAX_BYTES
    # A container of pages (a WARC, a WACZ, a JSON Lines export) is streamed: it may be far
    # larger than any page, but not without end.
    max_capture_bytes: int = DEFAULT_MAX_CAPTURE_BYTES
    # Per-page budgets (budgets.py says why): authors, translators and tags over theirs are cut
    # (the report says so); a body with more blocks, lines or characters than any article fails.
    max_authors: int = DEFAULT_MAX_AUTHORS
    max_tags: int = DEFAULT_MAX_TAGS
    max_title: int = DEFAULT_MAX_TITLE
    max_blocks: int = DEFAULT_MAX_BLOCKS
    max_lines: int = DEFAULT_MAX_LINES
    max_text: int = DEFAULT_MAX_TEXT


def build_article(
    facts: PageFacts, rules: TopicRules, settings: Settings, file_date: datetime | None = None
) -> Article:
    """Interpret the facts read off one page; raise InputError when it is not an article."""
    show_names(facts)
    title_from_lead = not facts.title and facts.title_from_lead
    if title_from_lead:
        facts.title = visible(lead_title(facts.blocks))
        facts.notes.append("no title line: the title is the lead's first sentence")
    if not facts.title:
        raise InputError("no article title found")
    if not facts.blocks:
        raise InputError("no article body found")
    facts = _within_budgets(facts, settings)
    date = _first_readable_date([facts.date_text, *facts.other_dates], settings.timezone)
    if date is None and settings.date_from_mtime:
        date = file_date
    body_text = "\n".join(block.text for block in facts.blocks)
    # A title made from the lead is no headline: its words are the body's and count once, as the body's.
    headline = "" if facts.title_from_lead else f"{facts.title}\n{facts.original_title}"
    return Article(
        title=facts.title,
        lang=facts.lang,
        slug=make_slug(facts.title, facts.original_title, facts.source, date, lang=facts.lang,
                       original_url=facts.original_url, via_url=facts.via_url),
        date=date,
        source=facts.source,
        authors=facts.authors,
        translators=facts.translators,
        tags=_tags(rules.ranked_tags(headline, body_text), settings.max_tags, facts.notes),
        summary=_summary(facts),
        original_title=facts.original_title,
        original_url=facts.original_url,
        via=facts.via,
        via_url=facts.via_url,
        status="" if date else "draft",
        blocks=facts.blocks,
        title_from_lead=title_from_lead,
    )


def _within_budgets(facts: PageFacts, settings: Settings) -> PageFacts:
    """The facts a page may list without end cut to their budgets, with a note for each cut:
    every author gets a page of the site, and every title is printed on every listing."""
    notes = facts.notes
    return replace(
        facts,
        title=title_within(facts.title, settings.max_title, "title", notes),
        original_title=title_within(facts.original_title, settings.max_title, "original title", notes),
        authors=first_of(facts.authors, settings.max_authors, "authors", "--max-authors", notes),
        translators=first_of(facts.translators, settings.max_authors, "translators", "--max-authors", notes),
    )


def _tags(ranked: list[str], most: int, notes: list[str]) -> list[str]:
    """The `most` most mentioned tags, by name; a note when the page earned more."""
    if len(ranked) > most:
        notes.append(f"{len(ranked)} tags: the {most} most mentioned kept (--max-tags)")
    return sorted(ranked[:most], key=str.casefold)


def lead_title(blocks: list[Block]) -> str:
    """The first sentence of the lead (the first paragraph that is not a list's introduction),
    cut at a word (scripts with spaces) or a character (Chinese, Japanese) when it is long."""
    lead = next((b.text for b in blocks if b.kind == "paragraph" and not b.text.endswith((":", "："))), "")
    match = _FIRST_SENTENCE.match(lead)
    sentence = (match.group(1) if match else lead).strip()
    spaced = is_spaced(sentence)
    limit = LEAD_TITLE_MAX["spaced" if spaced else "cjk"]
    if len(sentence) <= limit:
        return sentence.rstrip(".。．")
    cut = sentence[:limit]
    if spaced and " " in cut:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,，、;；:：") + "…"


def _first_readable_date(texts: list[str], timezone: ZoneInfo) -> datetime | None:
    """The first of the page's dates that reads as a date in range; the first one's error if none."""
    errors = []
    for text in texts:
        try:
            return _page_date(text, timezone)
        except InputError as error:
            errors.append(error)
    if errors:
        raise errors[0]
    return None


def _page_date(text: str, timezone: ZoneInfo) -> datetime | None:
    """The wall-clock time the page shows, placed in the configured timezone.

    Bounded to years news can have been published in: a page dated 9999 or 0001 is a broken
    or hostile page, and such dates overflow date arithmetic in every later stage.
    """
    if not text:
        return None
    shown = _short(text)
    try:
        value = dateparser.parse(text[:MAX_DATE_TEXT], fuzzy=True)
        value = value if value.tzinfo else value.replace(tzinfo=timezone)
        offset = value.utcoffset()
    except Exception as error:  # dateutil raises several types on malformed input
        raise InputError(f"unreadable date {shown!r}") from error
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        raise InputError(f"date {shown!r} has an impossible UTC offset")
    latest = datetime.now(UTC).year + 1
    if not EARLIEST_YEAR <= value.year <= latest:
        raise InputError(f"date {shown!r} is out of range ({EARLIEST_YEAR} to {latest})")
    return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _summary(facts: PageFacts) -> str:
    """The page's own summary when it prints one, else the opening of its first paragraph."""
    first = facts.summary or next((b.text for b in facts.blocks if b.kind == "paragraph"), "")
    if len(first) <= SUMMARY_LENGTH:
        return first
    return first[:SUMMARY_LENGTH].rstrip() + "…"
