"""Plain-text page dumps: read the header by the page grammar, cut the rest into blocks.

A text scraper keeps no markup, so structure is read from the layout Bitget pages share:
chrome, the title (twice), "<Source><Source><date>", an optional "view original" line, the
author line, then the body and its tail. Any part may be missing. The tail is cut by
`clean`, like for every format; lists and subheadings are read afterwards (`structure`).
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter

from .clean import split_authors
from .grammar import PageGrammar
from .model import Block, PageFacts
from .textwidth import is_spaced

# Lines longer than this are paragraphs, not titles (Bitget's longest titles run near 150).
TITLE_MAX = {"latin": 200, "cjk": 100}
# A lead ends with a full stop, and a line ending with a colon introduces what follows; titles
# may end with "!", "?" or "…", so those do not make a line a lead.
LEAD_ENDS = (".", "。", "．", ":", "：")
# A teaser is a cut copy of the text under it: this long, at least, to be told from a heading.
TEASER_MIN = 40
# A button's label the text above names in quotes ("Tap «Trade to earn»"), standing alone: this
# short at most, within this many lines of the quote.
BUTTON_MAX = 40
BUTTON_REACH = 3
# "延伸閱讀:《…》", "推荐阅读：《…》《…》": a short label, then only the titles of other articles
# in book-title marks. A link to other reading, in any language that writes titles so.
_POINTER = re.compile(r"^[^:：《》]{1,12}[:：]\s*(?:《[^《》]{1,120}》\s*)+$")
# "upload_47f7c2…1558×1546 298 KB": a forum's picture, by its file name, size in pixels and bytes.
_UPLOAD_SIZE = re.compile(r"\d{2,5}\s?[×x]\s?\d{2,5}\s\d{1,5}(?:[.,]\d{1,3})?\s?[KMG]i?B\b")
UPLOAD_NAME_MAX = 120
QUOTES = {"«": "»", "“": "”", '"': '"', "「": "」", "『": "』", "„": "“", "[": "]", "【": "】"}


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
        body_start = _skip_chrome(lines, grammar)
        facts.via = grammar.text_layout_site if body_start > 0 else ""
        lines = lines[:body_start] + _without_title_line(lines[body_start:], grammar, facts)
    facts.blocks = [_paragraph(part) for part in _body_parts(lines[body_start:], grammar)]
    return facts


def _without_title_line(lines: list[str], grammar: PageGrammar, facts: PageFacts) -> list[str]:
    """The body of a page with no dateline, its title line taken out and read into `facts`.

    Bylines and source lines may stand above the title (they stay, for `clean` to lift). A first
    line that is a sentence is the lead, not a title: it stays in the body, and the title is
    made from it once the body's structure is known (`metadata`), so the reader loses no paragraph."""
    at = next((i for i, line in enumerate(lines) if _may_be_title(line, grammar)), None)
    if at is None:
        return lines
    if _is_sentence(lines[at]):
        facts.title_from_lead = True
        return lines
    facts.title = lines[at]
    return lines[:at] + lines[at + 1:]


def _may_be_title(line: str, grammar: PageGrammar) -> bool:
    """Not blank, not a lone list marker, not a metadata line."""
    if not line or (len(line) == 1 and not line.isalnum()):
        return False
    readers = (grammar.byline, grammar.source_line, grammar.translator_line, grammar.original_title_line,
               grammar.summary_line)
    return all(read(line) is None for read in readers) and line not in grammar.view_original


def _is_sentence(line: str) -> bool:
    """Titles are short and do not end with a full stop; a lead paragraph does, and a line
    ending with a colon introduces what follows ("重點摘要:" above the article's points)."""
    limit = TITLE_MAX["latin" if is_spaced(line) else "cjk"]
    return line.endswith(LEAD_ENDS) or len(line) > limit


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
    """The content line pages print twice above the dateline (the title, once as the page's and
    once as the article's: a level or category line may stand under it), else the last one."""
    candidates = [line for line in header
                  if line and not grammar.is_chrome(line) and line not in grammar.view_original]
    counts = Counter(candidates)
    twice = [line for line in candidates if counts[line] > 1]
    return twice[-1] if twice else candidates[-1] if candidates else ""


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
    """The body's blocks: lines cut where the dump glued blocks together, image placeholders
    and glued site notices removed."""
    parts = []
    for line in lines:
        pieces = [line]
        for separator in grammar.paragraph_separators:
            pieces = [piece for part in pieces for piece in part.split(separator)]
        pieces = [piece for piece in pieces if not grammar.placeholder_alt(piece.strip())]
        for glued in (grammar.image_in_line, *grammar.glued_blocks):
            pieces = [piece for part in pieces for piece in glued.split(part)]
        pieces = [_without_upload_names(grammar.without_glued_note(piece)).strip() for piece in pieces]
        parts.extend(piece for piece in pieces if piece)
    parts = [part for part in parts if not _POINTER.match(part)]
    return _without_buttons(_without_teasers(parts))


def _without_buttons(parts: list[str]) -> list[str]:
    """Parts that are not a button's label left standing where the button was: a short line that
    a line just above names in quotes ("Press «Trade to earn» to join." … "Trade to earn")."""
    kept = []
    for index, part in enumerate(parts):
        above = parts[max(0, index - BUTTON_REACH):index]
        quoted = [f"{start}{part}{end}" for start, end in QUOTES.items()]
        if not (len(part) <= BUTTON_MAX and any(quote in line for line in above for quote in quoted)):
            kept.append(part)
    return kept


def _without_upload_names(text: str) -> str:
    """The text without a forum picture's file name (glued to its size or one space before it),
    size and bytes, and without the spaces they leave. Found by the size, then the name is read
    back to the space before it: a regular expression that looked for the name first took time
    for every character of a long line."""
    pieces, at = [], 0
    for size in _UPLOAD_SIZE.finditer(text):
        start = size.start() - (size.start() > at and text[size.start() - 1] == " ")
        while start > max(at, size.start() - UPLOAD_NAME_MAX) and not text[start - 1].isspace():
            start -= 1
        pieces.append(text[at:start])
        at = size.end()
    if at == 0:
        return text
    return " ".join(" ".join([*pieces, text[at:]]).split())


def _without_teasers(parts: list[str]) -> list[str]:
    """Parts that are not a teaser: a cut copy of the text that follows it ("Bitget opens … Each
    da" above the full paragraphs), printed by a page's preview card. The copy is the start of
    what follows, letter for letter (spaces and list markers aside), and ends before it does."""
    letters = ["".join(filter(str.isalnum, part)) for part in parts]
    return [part for index, part in enumerate(parts) if not _teaser(letters, index, len(part))]


def _teaser(letters: list[str], index: int, length: int) -> bool:
    """Whether part `index` is the start of the parts after it, read letter by letter and only as
    far as the copy goes (a long line over many short ones costs its length, not more)."""
    copy = letters[index]
    if length < TEASER_MIN or not copy or index + 1 >= len(letters) or letters[index + 1] == copy:
        return False
    at = 0
    for part in itertools.islice(letters, index + 1, None):
        piece = part[:len(copy) - at]
        if not copy.startswith(piece, at):
            return False
        at += len(piece)
        if at == len(copy):
            return True
    return False


def _paragraph(text: str) -> Block:
    return Block(kind="paragraph", text=text, html=html.escape(text, quote=False))
