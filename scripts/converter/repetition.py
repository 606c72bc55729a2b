"""Chrome learned from a batch: a short line that frames many different articles is the site's.

Site templates repeat (a "view original" link, menu items, a related-reading label, a button in
a language the grammar lacks) where articles do not: web-archive extractors find a site's
template by repetition. The page grammar knows the chrome of the languages it has files for; a
batch also teaches the chrome of the others: a line is learned when it stands in the frame of at
least `MIN_ARTICLES` different articles of the batch. A page converted alone learns nothing and
keeps the grammar as its only guide.

Only the frame counts, and only the frame loses lines: the short lines above a page's first
paragraph of prose and below its last. Every scraped page may be an attacker's, and three pages
that copy another article's paragraph or subheading must not cut it out of that article: a line
in the middle of a page, or any line of prose, is never learned chrome there, so no batch can
empty or alter an article's text. (A footer disclaimer as long as prose stays where the grammar
does not know it.)

What else guards an article's own words, which may recur too:
- a line that introduces what follows: it ends with a colon, a list or a line of figures
  comes next ("How to take part:", "Promotion period" over its dates);
- a short line holding a digit (dates, prices, counters): never one site's template;
- copies of one article (mirrors, re-crawls) count once: articles are told apart by their
  first paragraph of prose.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .textwidth import is_wide

# Different articles a frame line must stand in before it is the site's.
MIN_ARTICLES = 3
# A line of prose: this wide (a wide CJK character counts twice), as clean.PROSE_MIN.
PROSE_WIDTH = 60
_LIST_ITEM = re.compile(r"(?:[-*•・●▪]\s|\d{1,3}[.)、]\s?|\(\d{1,3}\)|[a-z][.)]\s)")
_INTRODUCES = (":", "：")


@dataclass(frozen=True)
class Frame:
    """What one page adds to the batch's count: which article it is, and its frame lines."""

    article: str
    lines: frozenset[str]


NO_FRAME = Frame("", frozenset())


def line_key(text: str) -> str:
    """The form lines are compared in: case, width and spacing differences are one line."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def frame_of(text: str) -> Frame:
    """The page's frame lines that may be template (unguarded), keyed by `line_key`."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    prose = [index for index, line in enumerate(lines) if _is_prose(line)]
    if not prose:
        return NO_FRAME
    frame = [*range(prose[0]), *range(prose[-1] + 1, len(lines))]
    candidates = {line_key(lines[index]) for index in frame if _may_be_template(lines, index)}
    article = hashlib.sha256(line_key(lines[prose[0]]).encode("utf-8")).hexdigest()[:16]
    return Frame(article, frozenset(candidates))


def learn(frames: Iterable[Frame], min_articles: int = MIN_ARTICLES) -> frozenset[str]:
    """The lines that frame at least `min_articles` different articles."""
    seen: dict[str, frozenset[str]] = {}
    for frame in frames:
        if frame.article:
            seen[frame.article] = seen.get(frame.article, frozenset()) | frame.lines
    counts = Counter(line for lines in seen.values() for line in lines)
    return frozenset(line for line, count in counts.items() if count >= min_articles)


def _may_be_template(lines: list[str], index: int) -> bool:
    """A frame line (never prose: see frame_of) that nothing marks as the article's own."""
    line = lines[index]
    if line.endswith(_INTRODUCES) or _has_digit(line):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return not (_LIST_ITEM.match(following) or (_has_digit(following) and not _is_prose(following)))


def _is_prose(line: str) -> bool:
    return _width(line) >= PROSE_WIDTH


def _has_digit(line: str) -> bool:
    return any(char.isdigit() for char in line)


def _width(text: str) -> int:
    return len(text) + sum(map(is_wide, text))
