"""Short summaries for the lists of articles: one or two lines, cut where a reader expects.

A listing shows each article's summary beside its title, source and date. The converter's
summaries run to a few sentences, and Pelican's own (the first 50 words) is a whole paragraph in
Japanese or Chinese, which has no spaces between words. So the text is cut to a width: a
full-width character (kanji, kana, hangul) counts as two columns, like on screen. Text with
spaces is cut at the last space that fits (never inside a word); text without spaces (Japanese,
Chinese) at a character, which is where those languages break lines anyway.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

WIDTH = 160  # columns: about two lines of the listing column at its font size
ELLIPSIS = "…"
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")


def columns(char: str) -> int:
    """How wide a character is on screen, in columns of a Latin letter."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def plain_text(markup: str) -> str:
    """The text of an HTML fragment (a summary is sanitised HTML), on one line."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", markup or ""))).strip()


# An article is listed on a dozen pages (latest, its topics, source, author, year, month):
# each summary is cut once per build, not once per listing.
@lru_cache(maxsize=100_000)
def short_summary(markup: str, width: int = WIDTH) -> str:
    """`markup`'s text cut to `width` columns with an ellipsis, at a space when the cut falls in
    text that has spaces, else at a character; text that fits is returned whole."""
    text = plain_text(markup)
    used, cut = 0, len(text)
    limit = width - columns(ELLIPSIS)
    for index, char in enumerate(text):
        used += columns(char)
        if used > limit:
            cut = index
            break
    else:
        return text
    head = text[:cut]
    space = head.rfind(" ")
    if space > 0 and not _wide(head[space:]):  # the cut falls inside a word of spaced text
        head = head[:space]
    return head.rstrip(" ,;:.-–—、。，") + ELLIPSIS


def _wide(text: str) -> bool:
    """Whether `text` has a full-width character: such text breaks at any character."""
    return any(columns(char) == 2 for char in text)
