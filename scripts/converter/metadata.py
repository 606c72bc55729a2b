"""From what a page says to what the article is: dates in a timezone, slug, summary, tags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from .inputs import DEFAULT_MAX_BYTES
from .model import Article, InputError, PageFacts
from .slugs import make_slug
from .topics import TopicRules

SUMMARY_LENGTH = 160


@dataclass(frozen=True)
class Settings:
    """Choices the user makes for a whole run."""

    timezone: ZoneInfo
    # Pages without a date are drafts unless the user accepts the file's modification time.
    date_from_mtime: bool = False
    # Larger inputs are refused unread: no real article page comes near it.
    max_bytes: int = DEFAULT_MAX_BYTES


def build_article(
    facts: PageFacts, rules: TopicRules, settings: Settings, file_date: datetime | None = None
) -> Article:
    """Interpret the facts read off one page; raise InputError when it is not an article."""
    if not facts.title:
        raise InputError("no article title found")
    if not facts.blocks:
        raise InputError("no article body found")
    date = _page_date(facts.date_text, settings.timezone)
    if date is None and settings.date_from_mtime:
        date = file_date
    body_text = "\n".join(block.text for block in facts.blocks)
    return Article(
        title=facts.title,
        lang=facts.lang,
        slug=make_slug(facts.title, facts.original_title, facts.source, date),
        date=date,
        source=facts.source,
        authors=facts.authors,
        tags=rules.tags_for(f"{facts.title}\n{facts.original_title}", body_text),
        summary=_summary(facts),
        original_title=facts.original_title,
        original_url=facts.original_url,
        via=facts.via,
        via_url=facts.via_url,
        status="" if date else "draft",
        blocks=facts.blocks,
    )


def _page_date(text: str, timezone: ZoneInfo) -> datetime | None:
    """The wall-clock time the page shows, placed in the configured timezone."""
    if not text:
        return None
    try:
        value = dateparser.parse(text, fuzzy=True)
    except (ValueError, OverflowError) as error:
        raise InputError(f"unreadable date {text!r}") from error
    return value if value.tzinfo else value.replace(tzinfo=timezone)


def _summary(facts: PageFacts) -> str:
    first = next((b.text for b in facts.blocks if b.kind == "paragraph"), "")
    if len(first) <= SUMMARY_LENGTH:
        return first
    return first[:SUMMARY_LENGTH].rstrip() + "…"
