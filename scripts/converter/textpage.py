"""Plain-text page dumps: read the header by the page grammar, cut the rest into blocks.

A text scraper keeps no markup, so structure is read from the layout Bitget pages share:
chrome, the title (twice), "<Source><Source><date>", an optional "view original" line, the
author line, then the body and its tail. Any part may be missing. The tail is cut by
`clean`, like for every format; lists and subheadings are read afterwards (`structure`).
"""

from __future__ import annotations

import html

from .clean import split_authors
from .grammar import PageGrammar
from .model import Block, PageFacts


def parse_text_page(text: str, grammar: PageGrammar) -> PageFacts:
    """Header facts and one paragraph block per body line of a text dump."""
    lines = [line.strip() for line in text.split("\n")]
    facts = PageFacts(lang="")
    dateline_at = _find_dateline(lines, grammar)
    if dateline_at is not None:
        match = grammar.dateline_match(lines[dateline_at])
        facts.title = _title_before(lines[:dateline_at], grammar)
        facts.source = _undouble(match["source"])
        facts.date_text = match["date"]
        facts.via = grammar.text_layout_site
        body_start = _skip_byline(lines, dateline_at + 1, grammar, facts)
    else:
        title_at = _skip_chrome(lines, grammar)
        facts.title = lines[title_at] if title_at < len(lines) else ""
        facts.via = grammar.text_layout_site if title_at > 0 else ""
        body_start = title_at + 1
    facts.blocks = [_paragraph(part) for part in _body_parts(lines[body_start:], grammar)]
    return facts


def _find_dateline(lines: list[str], grammar: PageGrammar) -> int | None:
    """The first "<Source><date>" line: later ones belong to the related-articles list."""
    for index, line in enumerate(lines):
        if grammar.starts_tail(line):
            return None
        match = grammar.dateline_match(line)
        if match and not match["source"].isdigit():
            return index
    return None


def _title_before(header: list[str], grammar: PageGrammar) -> str:
    """The last content line before the dateline; pages print the title twice above it."""
    candidates = [line for line in header if line and not grammar.is_chrome(line)]
    return candidates[-1] if candidates else ""


def _undouble(source: str) -> str:
    """ "CryptoSlateCryptoSlate" -> "CryptoSlate": logo text and name are glued together."""
    source = source.strip()
    half = len(source) // 2
    if len(source) % 2 == 0 and source[:half] == source[half:]:
        return source[:half].strip()
    return source


def _skip_byline(lines: list[str], start: int, grammar: PageGrammar, facts: PageFacts) -> int:
    """Pass the "view original" and author lines that follow the dateline."""
    index = start
    while index < len(lines):
        line = lines[index]
        byline = grammar.byline(line)
        if byline is not None:
            facts.authors = split_authors(byline.names)
            facts.source = facts.source or byline.outlet
        elif line and line not in grammar.view_original:
            break
        index += 1
    return index


def _skip_chrome(lines: list[str], grammar: PageGrammar) -> int:
    index = 0
    while index < len(lines) and (not lines[index] or grammar.is_chrome(lines[index])):
        index += 1
    return index


def _body_parts(lines: list[str], grammar: PageGrammar) -> list[str]:
    parts = []
    for line in lines:
        pieces = [line]
        for separator in grammar.paragraph_separators:
            pieces = [piece for part in pieces for piece in part.split(separator)]
        pieces = [piece for part in pieces for piece in grammar.image_in_line.split(part)]
        parts.extend(piece.strip() for piece in pieces if piece.strip())
    return parts


def _paragraph(text: str) -> Block:
    return Block(kind="paragraph", text=text, html=html.escape(text, quote=False))
