"""Plain-text page dumps: split the lines into header, article and tail by the page grammar.

A text scraper keeps no markup, so structure is read from the layout Bitget pages share:
chrome, the title (twice), "<Source><Source><date>", an optional "view original" line,
the author line, the body, then a tail of attribution, like count, disclaimer, promos and
related articles. Any part may be missing.
"""

from __future__ import annotations

import html

from .detect import language_of
from .grammar import PageGrammar
from .model import Block, PageFacts

# Body lines ending in one of these are sentences, never subheadings.
_SENTENCE_END = tuple(".。!！?？:：;；」』”\"')）…")
_HEADING_MAX = {"cjk": 60, "latin": 110}


def parse_text_page(text: str, grammar: PageGrammar) -> PageFacts:
    """Read the facts and the body blocks of one text dump."""
    lines = [line.strip() for line in text.split("\n")]
    header_end, dateline = _find_dateline(lines, grammar)
    facts = PageFacts(lang="")
    if dateline is not None:
        facts.title = _title_before(lines[:header_end], grammar)
        facts.source = _undouble(dateline["source"])
        facts.date_text = dateline["date"]
        body_start = _skip_byline(lines, header_end + 1, grammar, facts)
        facts.via = "Bitget"
    else:
        body_start = _skip_chrome(lines, grammar)
        facts.title = lines[body_start] if body_start < len(lines) else ""
        body_start += 1
        facts.via = "Bitget" if body_start > 1 else ""
    body_lines = _body_lines(lines[body_start:], grammar, facts)
    facts.blocks = _blocks(body_lines, grammar, facts.title)
    facts.lang = language_of(facts.title + "\n" + "\n".join(b.text for b in facts.blocks))
    return facts


def _find_dateline(lines: list[str], grammar: PageGrammar):
    """The first "<Source><date>" line: later ones belong to the related-articles list."""
    for index, line in enumerate(lines):
        if grammar.starts_tail(line):
            break
        match = grammar.dateline.match(line)
        if match and not match["source"].isdigit():
            return index, match
    return len(lines), None


def _title_before(header: list[str], grammar: PageGrammar) -> str:
    """The last content line before the dateline; pages print the title twice above it."""
    candidates = [line for line in header if line and not grammar.is_chrome(line)]
    return candidates[-1] if candidates else ""


def _undouble(source: str) -> str:
    """"CryptoSlateCryptoSlate" -> "CryptoSlate": logo text and name are glued together."""
    half = len(source) // 2
    if len(source) % 2 == 0 and source[:half] == source[half:]:
        return source[:half]
    return source


def _skip_byline(lines: list[str], start: int, grammar: PageGrammar, facts: PageFacts) -> int:
    """Pass the "view original" and author lines that follow the dateline."""
    index = start
    while index < len(lines):
        line = lines[index]
        author = grammar.author_line(line)
        if author is not None:
            facts.authors = _split_authors(author)
        elif line and line not in grammar.view_original:
            break
        index += 1
    return index


def _skip_chrome(lines: list[str], grammar: PageGrammar) -> int:
    index = 0
    while index < len(lines) and (not lines[index] or grammar.is_chrome(lines[index])):
        index += 1
    return index


def _split_authors(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace("、", ",").split(",")]
    return [part for part in parts if part]


def _body_lines(lines: list[str], grammar: PageGrammar, facts: PageFacts) -> list[str]:
    """Article lines only: cut the tail, lift out the attribution, drop the like count."""
    body: list[str] = []
    for line in lines:
        if grammar.starts_tail(line):
            break
        attribution = grammar.attribution(line)
        if attribution:
            facts.original_title = attribution.title
            continue
        body.append(line)
    while body and (not body[-1] or body[-1].isdigit()):
        body.pop()
    return body


def _blocks(lines: list[str], grammar: PageGrammar, title: str) -> list[Block]:
    texts = [part.strip() for line in lines for part in _split_separators(line, grammar)]
    texts = [text for text in texts if text and text != title and not _is_placeholder(text, grammar)]
    blocks = []
    for index, text in enumerate(texts):
        kind = "heading" if _looks_like_heading(text, index, texts) else "paragraph"
        blocks.append(Block(kind=kind, text=text, html=html.escape(text, quote=False)))
    return blocks


def _split_separators(line: str, grammar: PageGrammar) -> list[str]:
    parts = [line]
    for separator in grammar.paragraph_separators:
        parts = [piece for part in parts for piece in part.split(separator)]
    return parts


def _is_placeholder(text: str, grammar: PageGrammar) -> bool:
    return grammar.image_placeholder.match(text) is not None


def _looks_like_heading(text: str, index: int, texts: list[str]) -> bool:
    """Subheadings are short lines without final punctuation, between paragraphs."""
    if index == 0 or index == len(texts) - 1 or text.endswith(_SENTENCE_END):
        return False
    if text[0] in "「『“\"(（":
        return False
    latin = sum(ch.isascii() for ch in text) > len(text) * 0.6
    return len(text) <= _HEADING_MAX["latin" if latin else "cjk"]
