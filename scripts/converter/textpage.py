"""Plain-text page dumps: read the header by the page grammar, cut the rest into blocks.

A text scraper keeps no markup, so structure is read from the layout Bitget pages share:
chrome, the title (twice), "<Source><Source><date>", an optional "view original" line, the
author line, then the body and its tail. Any part may be missing. The tail is cut by
`clean`, like for every format; subheadings are inferred afterwards (`infer_structure`).
"""

from __future__ import annotations

import html
from dataclasses import replace

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


def infer_structure(facts: PageFacts, grammar: PageGrammar) -> PageFacts:
    """Turn short unpunctuated lines into subheadings; drop "01"-style section markers."""
    blocks = facts.blocks
    result: list[Block] = []
    after_marker = False
    for index, block in enumerate(blocks):
        if grammar.section_marker.match(block.text) and index + 1 < len(blocks):
            after_marker = True
            continue
        if after_marker or _looks_like_heading(block.text, index, len(blocks), grammar):
            block = replace(block, kind="heading")
        after_marker = False
        result.append(block)
    return replace(facts, blocks=result)


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
        author = grammar.author_line(line)
        if author is not None:
            facts.authors = split_authors(author)
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
        parts.extend(piece.strip() for piece in pieces if piece.strip())
    return parts


def _paragraph(text: str) -> Block:
    return Block(kind="paragraph", text=text, html=html.escape(text, quote=False))


def _looks_like_heading(text: str, index: int, count: int, grammar: PageGrammar) -> bool:
    """Subheadings are short lines without final punctuation, between paragraphs."""
    if index == 0 or index == count - 1 or not text or text.endswith(grammar.sentence_ends):
        return False
    if text.startswith(grammar.quote_starts) or text.isdigit():
        return False
    latin = sum(ch.isascii() for ch in text) > len(text) * 0.6
    return len(text) <= grammar.heading_max["latin" if latin else "cjk"]
