"""The structure of a text dump's body: lists, paragraphs split by stripped links, subheadings.

A text scraper keeps the lines of a page but not its markup, so what was a list, a paragraph
or a subheading must be read back from the lines themselves, the way a reader does:

- a line opening with a bullet (`- `, `•`, `·`, `・`) or a number (`1.`, `2)`, `3、`) is a list item,
  and so is the line after a bullet standing alone;
- a line ending with a comma, or followed by a line that opens in lowercase or with
  punctuation, was cut where the site removed a link: the two are one paragraph;
- a subheading is a short line between paragraphs that is none of the above, is not a
  sentence, a quotation, a date or a tweet's attribution, and does not stand in a run of
  short lines (those are lists whose markers were lost, or a table).

Runs after `clean` (the tail is cut, metadata lines are lifted) and only on text dumps:
saved HTML keeps its own structure.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import replace

from .grammar import PageGrammar
from .model import Block, PageFacts
from .textwidth import is_spaced, is_wide

# Second-level bullets (○, ◦, ▪) too: a reader sees one list, and Markdown has no other.
BULLETS = "-•·・▪●◦○■◆▸►‣*"
_BULLET = re.compile(rf"^[{re.escape(BULLETS)}](?:\s+|(?<=[^-*])(?=\S))(?P<text>\S.*)$")
_LONE_BULLET = re.compile(rf"^[{re.escape(BULLETS)}]$")
# "1. item", "2) item", "3、item", "4．item"; not "1.5%" or "2024. The year". Not "(1) …" either:
# pages number paragraphs, notes and clauses so, and the reader keeps the number as written.
_ORDERED = re.compile(
    r"^(?:\d{1,2}(?:[.)](?=\s)|[)）、．]|\.(?=[^\x00-\x7f])))\s*(?P<text>\S.*)$"
)
_NUMBER = re.compile(r"^(\d+)")
_PARENTHESISED_NUMBER = re.compile(r"^[（(]\d{1,2}[)）]")
# "a. item", "b) item": a lettered list (Bitget's support pages letter the steps under a numbered
# section heading). Letters a to h only: "e.g." and a sentence's initial are not items.
_LETTERED = re.compile(r"^[a-h][.)]\s+(?P<text>\S.*)$")
# Where a saved line glued its next key point: " - " before a capital, a digit or a CJK character.
_GLUED_POINT = re.compile(r"(?<=\S) - (?=[A-Z0-9À-ÖØ-Þ\u3040-\u30ff\u4e00-\u9fff])")
MIN_GLUED = 3
# "摘要:·RGB 协议…" over "·RGB协议…": the first item glued to the line that introduces the list.
_GLUED_FIRST_ITEM = re.compile(r"(?<=[:：])\s*(?=[•·・▪●◦○■◆▸►‣]\S)")
# "— tempo (@tempo) December 17, 2025": the attribution under an embedded post.
_TWEET_ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*\S.{0,80}\(@\w{1,30}\)")
# A date or a time on its own line: "December 17, 2025", "2025/12/17", "06:17", "17 dic 2025".
_DATE_LINE = re.compile(
    r"^(?:\d{1,2}:\d{2}(?::\d{2})?|\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2})?"
    r"|\w{3,12}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w{3,12}\.?\s+\d{4})$"
)
# "Good news! The June contest has begun": a sentence ends inside the line ("!", "。", or "." after
# a lowercase word of three letters or more and before a capital: "U.S. SEC", "Mr. Powell" and
# "Apple Inc. Reports" do not), so the line is prose. A question mark does not: "ビットコインとは?
# 初心者が押さえたい基本" asks what the part answers.
_SENTENCE_INSIDE = re.compile(r"[!！。](?=\s*[^\W\d_])|(?<=[^\W\d_]{3})\.\s+(?=[^\W\d_])")
# "[WEBSITE]" … "[APP]": labels in brackets, two or more, name the parts under them (the website's
# steps, then the app's). One alone is a button's or a picture's name.
_BRACKETED = re.compile(r"^\[[^\[\]]+\]$")
# "… at a fintech forum (2017) | Bitget": an image caption with its credit.
_CREDIT = re.compile(r" \| \S+$")
# Where a comma or an opening lowercase word says a line goes on from the one before.
_CONTINUES = re.compile(r"^(?:[a-zß-ÿ]|[,，、;；.。)）:：])")
_ENDS_OPEN = (",", "，", "、")
_ENDS_CLAUSE = (";", "；")
# "Step 1:", "第1步:", "Шаг 1.": a label with one number, this short without its number.
STEP_LABEL_MAX = 16
_STEP_NUMBER = re.compile(r"\d{1,2}")
# Headings stand alone: this many short lines in a row are a list or a table, not headings.
MAX_HEADING_RUN = 2
# Lines a page lost the bullets of are this short (characters), for Chinese and Japanese and
# for scripts with spaces; a longer line is the paragraph after the list.
UNMARKED_ITEM_MAX = {"cjk": 60, "spaced": 140}
# A longer line is an item too if it is one sentence: the paragraph after a list has more.
ONE_SENTENCE_ITEM_MAX = {"cjk": 110, "spaced": 220}
# A numbered line this short, between paragraphs, is a section heading ("1. Overview").
NUMBERED_HEADING_MAX = 60
# Subheadings may ask a question ("¿Se está asustando el capital institucional?", "…とは?").
_QUESTION_ENDS = ("?", "？")
_NOT_HEADING_ENDS = (".", "。", ",", "，", "、", ":", "：", ";", "；")


def infer_structure(facts: PageFacts, grammar: PageGrammar) -> PageFacts:
    """The body's lines read as paragraphs, list items and subheadings."""
    blocks = _unglued_first_items(_drop_section_markers(facts.blocks, grammar))
    blocks = _unmarked_items(_step_headings(_list_items(_joined_fragments(blocks)), grammar), grammar)
    return replace(facts, blocks=_with_headings(blocks, grammar))


def _drop_section_markers(blocks: list[Block], grammar: PageGrammar) -> list[Block]:
    """ "01" above a line marks it as a section's heading: the marker goes, the mark stays."""
    result: list[Block] = []
    marked = False
    for index, block in enumerate(blocks):
        if grammar.section_marker.match(block.text) and index + 1 < len(blocks):
            marked = True
            continue
        result.append(replace(block, kind="heading") if marked and block.kind == "paragraph" else block)
        marked = False
    return result


def _unglued_first_items(blocks: list[Block]) -> list[Block]:
    """A list's first item glued to the line that introduces it ("摘要:·RGB…"), where the next
    line opens with the same bullet: two lines. A "·" elsewhere in a line is a name's middle
    dot ("唐纳德·特朗普"), and one after a colon with no list under it is left alone too."""
    result: list[Block] = []
    for index, block in enumerate(blocks):
        match = _GLUED_FIRST_ITEM.search(block.text) if block.kind == "paragraph" else None
        after = blocks[index + 1].text if index + 1 < len(blocks) else ""
        if match and after.startswith(block.text[match.end()]):
            result += [_paragraph(block.text[:match.start()]), _paragraph(block.text[match.end():])]
        else:
            result.append(block)
    return result


def _joined_fragments(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    run: list[Block] = []  # a paragraph and the fragments that go on from it
    for block in blocks:
        if run and _continues(run[-1], block):
            run.append(block)
            continue
        result.extend(_joined(run))
        run = [block]
    result.extend(_joined(run))
    return result


def _joined(run: list[Block]) -> list[Block]:
    """A paragraph and its fragments as one paragraph, joined once: joining each fragment onto
    the text so far took time quadratic in their number (2,000 fragments: a second)."""
    if len(run) < 2:
        return run
    pieces = [run[0].text]
    for before, after in itertools.pairwise(run):
        pieces += [_separator(before.text, after.text), after.text]
    return [_paragraph("".join(pieces), run[0].kind)]


def _continues(previous: Block, block: Block) -> bool:
    """A line cut where a link was goes on on the next line; a line that ends a clause (";",
    "；": "- Invite friends;" over "etc.") was not cut there."""
    if previous.kind != "paragraph" or block.kind != "paragraph" or _marker(block.text):
        return False
    if previous.text.endswith(_ENDS_CLAUSE):
        return False
    if previous.text.endswith(_ENDS_OPEN) or _cut_before_word(previous.text):
        return True
    return bool(_CONTINUES.match(block.text))


def _cut_before_word(text: str) -> bool:
    """ "… 18 pares de trading a" over "23 de outubro, …": a line that ends on a one-letter
    lowercase word ("a", "à", "e", "o", "y", "w", "z") stops before the word it needs."""
    last = text.rsplit(maxsplit=1)[-1] if text.strip() else ""
    return len(last) == 1 and last.islower()


def _separator(first: str, second: str) -> str:
    """One space between the parts, none before punctuation or between CJK characters."""
    if (_CONTINUES.match(second) and not second[0].isalpha()) or is_wide(first[-1]) or is_wide(second[0]):
        return ""
    return " "


def _list_items(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    pending_bullet = False
    for index, block in enumerate(blocks):
        if block.kind != "paragraph":
            result.append(block)
            pending_bullet = False
            continue
        if _LONE_BULLET.match(block.text):
            pending_bullet = True
            continue
        marker = _marker(block.text)
        if marker and _numbered_heading(blocks, index, marker):
            result.append(replace(block, kind="heading") if index + 1 < len(blocks) else block)
        elif marker:
            text, ordered = marker
            result += [_paragraph(item, "list_item", ordered=ordered) for item in _glued_items(text, ordered)]
        elif pending_bullet:
            result.append(replace(block, kind="list_item"))
        else:
            result.append(block)
        pending_bullet = False
    return result


def _step_headings(blocks: list[Block], grammar: PageGrammar) -> list[Block]:
    """ "Step 1:", "第1步:", "Шаг 1." on their own lines head the steps under them: a short
    label with one number, repeated with the next number further down, each over a sentence
    (a short line under "VIP 1" is the next cell of a table). The repetition says what the
    words cannot in every language."""
    labels: dict[str, list[tuple[int, int]]] = {}
    for index, block in enumerate(blocks[:-1]):
        label = _step_label(block)
        below = blocks[index + 1]
        if label and below.kind == "paragraph" and not _short_line(below, grammar):
            labels.setdefault(label[0], []).append((label[1], index))
    result = list(blocks)
    for steps in labels.values():
        numbers = [number for number, _ in steps]
        if len(steps) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            for _, index in steps:
                result[index] = replace(blocks[index], kind="heading")
    return result


def _step_label(block: Block) -> tuple[str, int] | None:
    """The label's shape (its number masked) and its number, if the line is one."""
    numbers = _STEP_NUMBER.findall(block.text)
    if block.kind != "paragraph" or len(numbers) != 1 or _marker(block.text):
        return None
    shape = _STEP_NUMBER.sub("#", block.text)
    if len(shape) > STEP_LABEL_MAX or not any(char.isalpha() for char in shape):
        return None
    if not (shape[-1] in "#.:：" or shape[-1].isalnum() or is_wide(shape[-1])):
        return None
    return shape, int(numbers[0])


def _glued_items(text: str, ordered: bool) -> list[str]:
    """A bulleted line that holds several points glued by " - " ("- China halts … - Global
    usage … - …", a page's key points saved on one line) is one item per point: at least
    MIN_GLUED points, each opening with a capital, a digit or a CJK character."""
    parts = [] if ordered else _GLUED_POINT.split(text)
    return parts if len(parts) >= MIN_GLUED and all(part.strip() for part in parts) else [text]


def _unmarked_items(blocks: list[Block], grammar: PageGrammar) -> list[Block]:
    """Lines whose bullets the page lost, under a line that introduces them ("重點摘要:"): the
    short sentences right after it, at least two, up to the first long paragraph. Short lines
    that are not sentences ("End time: TBD") are left alone: they may be facts or headings."""
    result = list(blocks)
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or not block.text.endswith((":", "：")):
            continue
        end = index + 1
        while end < len(blocks) and _unmarked_item(blocks[end], grammar):
            end += 1
        if end - index - 1 >= 2:
            result[index + 1:end] = [replace(item, kind="list_item") for item in blocks[index + 1:end]]
    return result


def _unmarked_item(block: Block, grammar: PageGrammar) -> bool:
    """A short finished sentence, not numbered "(1)" (a number the reader keeps as written)."""
    text = block.text
    if block.kind != "paragraph" or _PARENTHESISED_NUMBER.match(text):
        return False
    if len(text) > max(ONE_SENTENCE_ITEM_MAX.values()) or not text.endswith(grammar.full_stops):
        return False
    width = "spaced" if is_spaced(text) else "cjk"
    if len(text) <= UNMARKED_ITEM_MAX[width]:
        return True
    return len(text) <= ONE_SENTENCE_ITEM_MAX[width] and _one_sentence(text, grammar)


def _one_sentence(text: str, grammar: PageGrammar) -> bool:
    """No full stop before the last one ends a sentence ("1.5%" and "U.S." do not; "U.S. SEC"
    does, which only makes an item a paragraph)."""
    body = text.rstrip("".join(grammar.full_stops))
    return not any((is_wide(stop) and stop in body) or f"{stop} " in body for stop in grammar.full_stops)


def _numbered_heading(blocks: list[Block], index: int, marker: tuple[str, bool]) -> bool:
    """ "1. Overview" between paragraphs is a numbered section's heading, not a list of one:
    a short unpunctuated numbered line that no numbered line beside it continues (Bitget
    numbers every item of some lists 1, so "1." after "1." goes on a list too; "1." after
    "3." starts something new). The line numbered one more, further down, must be such a
    heading as well: sections are numbered as sections, and "1. Fees" whose "2." is a
    sentence is the first item of a list cut by a table. A bulleted list under it is the
    section's content."""
    if not _heading_like(marker):
        return False
    number = _number(blocks[index].text)
    before = blocks[index - 1].text if index > 0 else ""
    after = blocks[index + 1].text if index + 1 < len(blocks) else ""
    if _LONE_BULLET.match(before) or _LONE_BULLET.match(after):
        return False
    if _number(before) in (number - 1, number) or _number(after) in (number, number + 1):
        return False
    following = next((i for i in range(index + 1, len(blocks)) if _number(blocks[i].text) is not None), None)
    if following is None or _number(blocks[following].text) != number + 1:
        return True
    return _heading_like(_marker(blocks[following].text)) and _number(
        blocks[following + 1].text if following + 1 < len(blocks) else "") not in (number + 1, number + 2)


def _heading_like(marker: tuple[str, bool] | None) -> bool:
    """A numbered line short and unpunctuated enough to head a section."""
    if marker is None:
        return False
    text, ordered = marker
    return ordered and len(text) <= NUMBERED_HEADING_MAX and not text.endswith(_NOT_HEADING_ENDS)


def _number(text: str) -> int | None:
    """The number a numbered line opens with."""
    return int(_NUMBER.match(text)[1]) if _ORDERED.match(text) else None


def _marker(text: str) -> tuple[str, bool] | None:
    """The item's text and whether its list is numbered, if the line opens with a list marker."""
    for pattern, ordered in ((_BULLET, False), (_ORDERED, True), (_LETTERED, True)):
        match = pattern.match(text)
        if match:
            return match["text"], ordered
    return None


def _with_headings(blocks: list[Block], grammar: PageGrammar) -> list[Block]:
    """A heading opens a part of the article: never the last block, never one of a run of short
    lines. The first block is one only if it is a label ("リスク警告", "Introduction"), at most half
    as long as a subheading may be: a longer first line is the deck that sums the article up."""
    last = len(blocks) - 1
    labels = [_bracketed_label(block, grammar) for block in blocks]
    several = sum(labels) > 1
    candidates = [index < last and (_could_be_heading(block, grammar) or (several and labels[index]))
                  for index, block in enumerate(blocks)]
    short = [_short_line(block, grammar) for block in blocks]
    runs, stacks = _run_lengths(short), _run_lengths(candidates)
    result = []
    for index, block in enumerate(blocks):
        heading = candidates[index]
        if index == 0 and heading:
            heading = len(block.text) * 2 <= grammar.heading_max["latin" if is_spaced(block.text) else "cjk"]
        alone = runs[index] <= MAX_HEADING_RUN
        if heading and (alone or _stack_over_text(index, runs, stacks, candidates, short)):
            block = replace(block, kind="heading")
        result.append(block)
    return result


def _stack_over_text(index: int, runs: list[int], stacks: list[int], candidates: list[bool],
                     short: list[bool]) -> bool:
    """A heading and its subheading beside one line of facts ("Period: June 4 – 12 (UTC)"): at
    most MAX_HEADING_RUN lines that may be headings, one short line more at most, and the line
    under them is text, not one more short line of a list or a table."""
    end = index
    while end + 1 < len(candidates) and candidates[end + 1]:
        end += 1
    under_is_text = end + 1 < len(short) and not short[end + 1]
    return stacks[index] <= MAX_HEADING_RUN and runs[index] <= MAX_HEADING_RUN + 1 and under_is_text


def _run_lengths(flags: list[bool]) -> list[int]:
    """For each index, the length of the run of set flags it stands in, counting itself (set or
    not) and the set flags right before and after it. In two passes: walking out from each
    index took time quadratic in a run's length (5,000 short lines: seconds)."""
    before = [0] * len(flags)  # set flags right before each index
    for index in range(1, len(flags)):
        before[index] = before[index - 1] + 1 if flags[index - 1] else 0
    after = [0] * len(flags)
    for index in range(len(flags) - 2, -1, -1):
        after[index] = after[index + 1] + 1 if flags[index + 1] else 0
    return [left + 1 + right for left, right in zip(before, after, strict=True)]


def _bracketed_label(block: Block, grammar: PageGrammar) -> bool:
    return block.kind == "paragraph" and bool(_BRACKETED.match(block.text)) and _short(block.text, grammar)


def _could_be_heading(block: Block, grammar: PageGrammar) -> bool:
    """Short, unpunctuated, and nothing else a short line can be."""
    text = block.text
    if block.kind != "paragraph" or not text or not _short(text, grammar):
        return False
    if text.endswith(grammar.sentence_ends + _ENDS_OPEN) and not _question_heading(text):
        return False
    if text.startswith(grammar.quote_starts) or _CONTINUES.match(text):
        return False
    if not text[0].isalnum() and not is_wide(text[0]) and text[0] not in "¿¡":
        return False
    return not (text.isdigit() or _TWEET_ATTRIBUTION.match(text) or _DATE_LINE.match(text)
                or _CREDIT.search(text) or _sentence_inside(text))


def _sentence_inside(text: str) -> bool:
    for match in _SENTENCE_INSIDE.finditer(text):
        word, after = text[match.start() - 3:match.start()], text[match.end()]
        if not match[0].startswith(".") or (word.islower() and after.isupper()):
            return True
    return False


def _question_heading(text: str) -> bool:
    """ "…とは?" asks what the next part answers; a question with a comma or a speaker's
    "Name:" is a sentence of the article or an interview."""
    return text.endswith(_QUESTION_ENDS) and not any(mark in text for mark in ",，:：")


def _short_line(block: Block, grammar: PageGrammar) -> bool:
    """A short line that is not a finished sentence: a heading, or one line of a list or table."""
    text = block.text
    return block.kind == "paragraph" and _short(text, grammar) and not text.endswith(grammar.full_stops)


def _short(text: str, grammar: PageGrammar) -> bool:
    if len(text) > max(grammar.heading_max.values()):  # most lines: no need to count
        return False
    return len(text) <= grammar.heading_max["latin" if is_spaced(text) else "cjk"]


def _paragraph(text: str, kind: str = "paragraph", ordered: bool = False) -> Block:
    return Block(kind=kind, text=text, html=html.escape(text, quote=False), ordered=ordered)
