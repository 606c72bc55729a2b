"""Strip what is not the article from a page's blocks, by the page grammar.

Runs on the blocks of every format: text dumps and saved HTML end in the same tail
(attribution, like count, disclaimer, promos, related lists), and body-only crawls carry
metadata lines at the top of the body.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from .grammar import PageGrammar
from .model import Block, PageFacts
from .repetition import line_key
from .sanitize import safe_url

# Metadata lines ("作者: A , B", "来源: X") are only looked for this close to the top.
IN_BODY_METADATA_WINDOW = 6
MAX_BLOCK_TEXT = 10_000  # characters; real paragraphs stay far below
# Blocks of a related article above its "<Source><date>" line (headline, summary), and how long
# the related list's own heading ("Ti potrebbe interessare anche") can be.
RELATED_ITEM = 2
RELATED_HEADING_MAX = 60
# A paragraph this long that the next one starts with is a cut copy of it ("preview, then whole").
MIN_CUT_COPY = 40
# A tail line followed by this many paragraphs of prose (finished sentences this long) before
# anything of the site's tail is the article's own (an academy page's opening disclaimer).
PROSE_AFTER_TAIL = 3
PROSE_MIN = 60
_HREF = re.compile(r'href="([^"]+)"')
# No `\s*` around the separators: split() tries every position, and a run of spaces would
# make each try scan the whole run. The parts are stripped instead.
_AUTHOR_SEPARATOR = re.compile(r",|、|，|\band\b|&")


def clean_page(facts: PageFacts, grammar: PageGrammar, learned: frozenset[str] = frozenset()) -> PageFacts:
    """The facts with the body cut to the article, and what the body revealed lifted out.

    `learned` is the chrome the batch taught (repetition.py), as `line_key`s: it adds to the
    grammar's, for the languages and wordings the grammar lacks."""
    facts = replace(facts, authors=list(facts.authors), translators=list(facts.translators))
    kept: list[Block] = []
    for index, block in enumerate(facts.blocks):
        if grammar.starts_tail(block.text) and not _prose_follows(facts.blocks, index, grammar):
            break
        if _starts_related_item(block, index, grammar):
            _drop_related_head(kept, grammar)
            break
        if _lift_attribution(block, facts, grammar):
            continue
        if index < IN_BODY_METADATA_WINDOW and _lift_metadata(block.text, facts, grammar):
            continue
        if _is_noise(block, facts.title, grammar, learned) or _repeats(block, kept):
            continue
        kept.append(block)
    while kept and _is_like_count(kept[-1]):
        kept.pop()
    return replace(facts, blocks=[part for block in kept for part in _split_long(block)])


def _prose_follows(blocks: list[Block], index: int, grammar: PageGrammar) -> bool:
    """A tail line (a disclaimer) that the article's own paragraphs follow is the article's: an
    academy page states its terms before its text. The site's tail holds promos, short lines and
    a related list, which a dateline or another tail line opens before any run of prose."""
    prose = 0
    for block in blocks[index + 1:]:
        if grammar.starts_tail(block.text) or grammar.dateline_match(block.text):
            return False
        text = block.text
        if block.kind == "paragraph" and len(text) >= PROSE_MIN and text.endswith(grammar.full_stops):
            prose += 1
            if prose >= PROSE_AFTER_TAIL:
                return True
    return False


def _starts_related_item(block: Block, index: int, grammar: PageGrammar) -> bool:
    """A "<Source><date>" line inside the body: the byline of a related article, in any language.

    Bitget lists related articles as headline, summary, "<Source><date>", headline; the
    language's own "you may also like" line, when the grammar knows it, cuts the tail earlier."""
    match = grammar.dateline_match(block.text) if index >= RELATED_ITEM else None
    return bool(match) and not match["source"].isdigit()


def _drop_related_head(kept: list[Block], grammar: PageGrammar) -> None:
    """Take back the related item's headline and summary, then the list's own heading if the
    page has one (a short line that is not a sentence) and the like count above it."""
    del kept[-RELATED_ITEM:]
    if kept and kept[-1].kind == "paragraph" and _is_list_heading(kept[-1].text, grammar):
        kept.pop()


def _is_list_heading(text: str, grammar: PageGrammar) -> bool:
    return len(text) <= RELATED_HEADING_MAX and not text.endswith(grammar.full_stops)


def split_authors(text: str) -> list[str]:
    """ "A , B", "A、B", "A and B" -> ["A", "B"]."""
    parts = _AUTHOR_SEPARATOR.split(text)
    return [part.strip() for part in parts if part.strip()]


def _lift_attribution(block: Block, facts: PageFacts, grammar: PageGrammar) -> bool:
    attribution = grammar.attribution(block.text)
    if not attribution:
        return False
    facts.original_title = facts.original_title or attribution.title
    link = _HREF.search(block.html)
    if link and not facts.original_url:
        facts.original_url = safe_url(html.unescape(link.group(1)))
    facts.source = facts.source or attribution.source
    return True


def _lift_metadata(text: str, facts: PageFacts, grammar: PageGrammar) -> bool:
    """Bylines, translators, source, original title and summary lines near the top: facts, not body.

    What the page's header already said is kept: the header is the page's own layout, lines in
    the body are the article's."""
    for read, field in ((grammar.byline, "authors"), (grammar.translator_line, "translators")):
        byline = read(text)
        if byline is not None:
            setattr(facts, field, getattr(facts, field) or split_authors(byline.names))
            facts.source = facts.source or byline.outlet
            return True
    for read, field in (
        (grammar.source_line, "source"),
        (grammar.original_title_line, "original_title"),
        (grammar.summary_line, "summary"),
    ):
        value = read(text)
        if value is not None:
            if not getattr(facts, field):
                setattr(facts, field, value)
            return True
    return False


def _repeats(block: Block, kept: list[Block]) -> bool:
    """The same paragraph twice in a row: Bitget prints some summaries above themselves, and some
    leads first cut short, then whole (the cut copy goes)."""
    previous = kept[-1] if kept else None
    if previous is None or not block.kind == previous.kind == "paragraph":
        return False
    if len(previous.text) >= MIN_CUT_COPY and block.text.startswith(previous.text.rstrip("…").rstrip()):
        kept.pop()
        return False
    return previous.text == block.text


def _is_noise(block: Block, title: str, grammar: PageGrammar, learned: frozenset[str]) -> bool:
    text = block.text
    if not text and block.kind != "image":
        return True
    if block.kind == "image":
        return False
    if text == title or text in grammar.view_original or grammar.is_chrome(text):
        return True
    if learned and line_key(text) in learned:
        return True
    alt = grammar.placeholder_alt(text)
    return alt is not None and alt.strip() == title


def _split_long(block: Block) -> list[Block]:
    """A paragraph longer than any article's, cut at spaces into paragraphs of plain text.

    Every later stage (Markdown, the site's sanitiser, the search index) handles many short
    paragraphs in linear time; one hostile megabyte-long run of text it may not.
    """
    if len(block.text) <= MAX_BLOCK_TEXT or block.kind == "image":
        return [block]
    parts, text = [], block.text
    while text:
        cut = len(text) if len(text) <= MAX_BLOCK_TEXT else text.rfind(" ", 0, MAX_BLOCK_TEXT) + 1
        cut = cut or MAX_BLOCK_TEXT
        parts.append(text[:cut].strip())
        text = text[cut:]
    return [Block(block.kind, part, html.escape(part, quote=False), level=block.level, ordered=block.ordered)
            for part in parts if part]


def _is_like_count(block: Block) -> bool:
    return block.kind == "paragraph" and block.text.isdigit()
