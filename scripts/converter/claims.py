"""Whether two inputs are one article: what both state agrees, and their bodies agree as a whole.

The article key (archive.article_key: language, title, the body's first 200 characters) and
the opening key only find candidates. A page that copies a real article's title and opening
and states its date, source and authors has the same key; taken for the same article, it could
replace it (the copy that says most wins). So two inputs are one article only when
- every fact both state agrees: the title (when both pages print one: a body-only crawl's
  title is made from its lead), the date, the source and the authors; and
- their bodies agree as a whole: at least SHARED_SENTENCES of the shorter body's sentences
  (normalised as keys are) are found in the longer one. A text dump and a saved page of one
  article, or a partial copy and the whole, agree; a copy with a body of its own does not.
Otherwise both are kept, each as its own page says (see batch._Run).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from .archive import header_values, normalised
from .model import Article
from .names import read_author_list

# The share of the shorter body's sentences the longer one must hold.
SHARED_SENTENCES = 0.9
# Where a sentence ends: ., ! or ? before white space; a full-width stop; a line break (each
# block, list item, table row and heading is a line of its own).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")
# Normalised fragments shorter than this ("U" of "U.S.", a list number) say nothing.
MIN_SENTENCE = 2
# Bitget prints the minute, publishers the second: one time, within a minute.
SAME_TIME = timedelta(minutes=1)
# An aggregator's copy (Via) states when it was reposted: later than the article, or earlier by
# at most the widest UTC offset when its clock's zone was guessed (Settings.timezone).
REPOST_CLOCK_SLACK = timedelta(hours=14)
# Markdown that is not text: images (their alt text is no sentence of the article), link
# targets, tags, list markers.
_MARKDOWN_IMAGE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\([^)\s]*\)")
_MARKDOWN_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")
_MARKDOWN_TAG = re.compile(r"<[^>\n]*>")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}\\?[.)])[ \t]+", re.M)


@dataclass(frozen=True)
class Claim:
    """What one input states about the article it carries, as agreement compares it."""

    title: str  # normalised; "" when the page prints none (made from the lead)
    date: datetime | None  # None when the page states none (undated, or dated by the file)
    via: bool  # an aggregator's copy: its date is its repost's
    source: str  # normalised
    authors: frozenset[str]  # normalised
    sentences: frozenset[str]
    # The input knows the page's address (Original_URL or Via_URL): from the page, or its capture.
    addressed: bool = False


def claim_of(article: Article, dated: bool = True) -> Claim:
    """What a converted page states; `dated` is False when its date is the file's (mtime)."""
    body = "\n".join(block.text for block in article.blocks if block.kind != "image")
    title = "" if article.title_from_lead else article.title
    claim = _claim(title, article.date if dated else None, bool(article.via), article.source,
                   article.authors, body)
    return replace(claim, addressed=bool(article.original_url or article.via_url))


def claim_of_file(path: Path) -> Claim:
    """What an article file written by the converter states: its header facts and its body."""
    text = path.read_text(encoding="utf-8", errors="replace")
    header_text, _, body = text.partition("\n\n")
    header = header_values(header_text)
    authors = read_author_list(header["authors"]) if header.get("authors") else [header.get("author", "")]
    # No title: a file is only compared with inputs of its article key, which holds the title;
    # and whether it was made from the lead, the file does not say.
    claim = _claim("", _date(header.get("date", "")), bool(header.get("via")), header.get("source", ""),
                   authors, _markdown_text(body))
    return replace(claim, addressed=bool(header.get("original_url") or header.get("via_url")))


def disagreements(one: Claim, other: Claim) -> list[str]:
    """What the two inputs state differently ("title", "date", "source", "authors", "body"):
    empty when they are one article."""
    differ = []
    if one.title and other.title and one.title != other.title:
        differ.append("title")
    if not _dates_agree(one, other):
        differ.append("date")
    if one.source and other.source and one.source != other.source:
        differ.append("source")
    if one.authors and other.authors and not (one.authors <= other.authors or other.authors <= one.authors):
        differ.append("authors")
    if not bodies_agree(one.sentences, other.sentences):
        differ.append("body")
    return differ


def bodies_agree(one: frozenset[str], other: frozenset[str]) -> bool:
    """At least SHARED_SENTENCES of the shorter body's sentences are in the longer one."""
    shorter, longer = sorted((one, other), key=len)
    if not shorter:
        return not longer
    return len(shorter & longer) >= SHARED_SENTENCES * len(shorter)


def sentences(text: str) -> frozenset[str]:
    """The body's sentences, normalised as keys are (case, width, punctuation, spacing)."""
    parts = (normalised(part) for part in _SENTENCE_END.split(text))
    return frozenset(part for part in parts if len(part) >= MIN_SENTENCE)


def _claim(title: str, date: datetime | None, via: bool, source: str,
           authors: list[str], body: str) -> Claim:
    people = frozenset(filter(None, map(normalised, authors)))
    return Claim(normalised(title), date, via, normalised(source), people, sentences(body))


def _dates_agree(one: Claim, other: Claim) -> bool:
    if one.date is None or other.date is None:
        return True
    earlier, later = sorted((one, other), key=lambda claim: claim.date)
    gap = later.date - earlier.date
    if gap < SAME_TIME:
        return True
    # The later one may be a repost; so may the earlier one, whose clock's zone was guessed.
    return later.via or (earlier.via and gap <= REPOST_CLOCK_SLACK)


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _markdown_text(body: str) -> str:
    """The text of a Markdown body as the converter wrote it: what its blocks' text was."""
    text = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub(" ", body))
    text = _LIST_MARKER.sub("", _MARKDOWN_TAG.sub(" ", text))
    return html.unescape(text)



def apart_key(key: str, label: str) -> str:
    """The key of a copy kept apart from the article whose key it has: its own (the same every
    run, so it keeps its file and address) and no other page's."""
    return hashlib.sha256(f"{key}\n{label}".encode()).hexdigest()[:16]
