"""Value objects passed between the converter's stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# code, table, figure and definitions carry block markup htmlstructure built from the page's
# tree; a footnote's `level` is its number.
BlockKind = Literal["heading", "paragraph", "quote", "list_item", "image", "code", "table", "figure",
                    "definitions", "footnote"]


@dataclass(frozen=True)
class Block:
    """One unit of article body.

    `text` is plain text, used to match the page grammar and topic rules; `html` is the
    same content as sanitised inline HTML, which is what gets rendered to Markdown.
    """

    kind: BlockKind
    text: str
    html: str
    level: int = 2
    ordered: bool = False


@dataclass
class PageFacts:
    """What a parser read off a page, before any of it is interpreted."""

    lang: str
    title: str = ""
    source: str = ""
    date_text: str = ""
    # Other dates the page states (meta tags, the visible byline), tried in order when
    # `date_text` cannot be read: one broken field must not cost a page that says its date twice.
    other_dates: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    # The page's own summary ("In this post: …"), when it prints one.
    summary: str = ""
    original_title: str = ""
    original_url: str = ""
    via: str = ""
    via_url: str = ""
    blocks: list[Block] = field(default_factory=list)
    # Notes for the report: what the converter had to guess ("title taken from the lead").
    notes: list[str] = field(default_factory=list)
    # The page has no title line: the title is made from the lead once the body is read.
    title_from_lead: bool = False
    # Text dumps lose their markup: subheadings must be inferred after cleaning.
    structured: bool = False


@dataclass
class Article:
    """A converted article: everything the Markdown file will say."""

    title: str
    lang: str
    slug: str
    date: datetime | None
    source: str = ""
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    original_title: str = ""
    original_url: str = ""
    via: str = ""
    via_url: str = ""
    status: str = ""
    blocks: list[Block] = field(default_factory=list)
    # Where it came from and which article it is (archive.article_key): how later runs
    # recognise the file, its duplicates and its orphans.
    scraped_from: str = ""
    key: str = ""
    opening: str = ""  # archive.opening_key: the same article crawled without its title line
    # The page prints no title: `title` is its lead's first sentence, which says nothing about
    # which article it is (claims.disagreements compares printed titles only).
    title_from_lead: bool = False
    # When the page was saved (its file's modification time, in UTC, kept from the earliest run
    # that recorded it): where a reader learns how old the saved text is when no address is known.
    captured: datetime | None = None


class InputError(Exception):
    """A problem with one input file that the user can fix; becomes a report entry."""


class NotAnArticle(InputError):
    """A page that is not an article (a listing, a feed, an app page): skipped, not failed."""
