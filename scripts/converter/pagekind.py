"""Is this page an article at all? Listings, flash-news feeds and app pages are not.

A scraper given Bitget's news section saves its index pages too: the flash-news feed (a time,
a headline, a line of text, again and again) and product or support pages whose UI strings
did not load (`common_header.buy_crypto`, `reserveCertificate-bannerRight`). Converting them
would publish a "News" or "Card" article. They are told apart by structure, in any language,
before anything else is read.
"""

from __future__ import annotations

import re

from .grammar import PageGrammar

# "06:17" alone on a line: one item of a feed. An article has one time at most (its dateline).
_TIME_LINE = re.compile(r"^\d{1,2}:\d{2}$")
# "reserveCertificate-bannerRight", "no-risk-m-riskVs": a UI key printed instead of its text
# (joined parts, with a camelCase hump or an underscore: "on-chain" is a word).
_UI_KEY = re.compile(r"^(?=.*(?:[a-z][A-Z]|_))[a-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+$")
# This many of either make a page a feed or an app page; one or two may be an article's.
MIN_FEED_ITEMS = 3
MIN_UI_KEYS = 3
# A page with this many paragraphs of prose (finished sentences this long) is an article, whatever
# UI keys its header shows.
MIN_PROSE = 3
PROSE_MIN = 60


def not_an_article(text: str, grammar: PageGrammar) -> str | None:
    """Why the page is not an article, or None when it may be one."""
    lines = [line.strip() for line in text.split("\n")]
    times = sum(1 for line in lines if _TIME_LINE.match(line))
    if times >= MIN_FEED_ITEMS:
        return f"not an article: a news feed or listing ({times} timestamped items)"
    keys = sum(1 for line in lines if len(line) < 80 and (line.startswith(grammar.raw_key_prefixes)
                                                         or _UI_KEY.match(line)))
    if keys >= MIN_UI_KEYS and _prose(lines, grammar) < MIN_PROSE:
        return f"not an article: a site or app page ({keys} lines are UI keys, not text)"
    return None


def _prose(lines: list[str], grammar: PageGrammar) -> int:
    """Lines of finished sentences: an article under a menu whose UI strings did not load (an
    academy page with the `common_header.*` keys) still has its own paragraphs."""
    return sum(1 for line in lines if len(line) >= PROSE_MIN and line.endswith(grammar.full_stops))
