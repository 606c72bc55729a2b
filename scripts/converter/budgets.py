"""How much of one page becomes an article: the per-page budgets (issue 22).

A page decides how much work it costs, here and in every build after: 90,000 authors in its
JSON-LD made 90,000 author pages (717 MB, 55 s to build), half a million list lines took 41 s
and 909 MB to convert. No real article comes near any budget below (the fixture pages have at
most 2 authors, 9 tags, 113-character titles, 30 blocks and 309 lines), so a page over one is
hostile or broken, and what it costs is bounded before the costly work starts:

- facts a page may list without end (authors, translators, tags) and its titles are cut to
  the budget, and the report's reason says so: the article itself is intact;
- a body with more blocks, lines or text than any article fails with its count and the option
  that would let it through: cutting the body would publish part of an article as the whole.

Each is a Settings field (a run-wide choice, part of the conversion cache's fingerprint) and a
`--max-…` option of the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice

from .model import Block, InputError

DEFAULT_MAX_AUTHORS = 20  # names kept of a page's authors, and of its translators
DEFAULT_MAX_TAGS = 15  # topic tags kept, the most mentioned first (topics.toml has 53)
DEFAULT_MAX_TITLE = 300  # characters of the title and of the original title
DEFAULT_MAX_BLOCKS = 2_000  # paragraphs, headings, list items, images, quotes, table rows, …
DEFAULT_MAX_LINES = 5_000  # lines of a text dump: two per block (its blank line) and the chrome
DEFAULT_MAX_TEXT = 500_000  # characters of the article's text
# The body's elements of any kind (links, spans, table cells), and their attributes, per block
# of the budget: each costs about what a block does to read, and one paragraph can hold
# thousands. 8,000 links in one paragraph convert in 1.2 s (10,000: 1.4 s).
ELEMENTS_PER_BLOCK = 4


def first_of(values: list[str], most: int, what: str, option: str, notes: list[str]) -> list[str]:
    """The first `most` values; when some are dropped, a note for the report says how many."""
    if len(values) <= most:
        return values
    notes.append(f"{len(values):,} {what}: the first {most:,} kept ({option})")
    return values[:most]


def title_within(title: str, most: int, what: str, notes: list[str]) -> str:
    """The title cut to `most` characters, at a space when there is one in its last fifth, with
    an ellipsis; a note for the report when it was cut. Counted as the article prints it, its
    runs of white space as one."""
    if len(title) <= most:
        return title
    shown = " ".join(title.split())
    if len(shown) <= most:
        return title
    head = shown[:most - 1]
    space = head.rfind(" ")
    if space >= most * 4 // 5:
        head = head[:space]
    notes.append(f"{what} of {len(title):,} characters cut to {most:,} (--max-title)")
    return head.rstrip() + "…"


def over_budget(count: int | str, what: str, most: int, option: str) -> InputError:
    """The error of a page with more of something than any article has (`count` is a number,
    or words when the page was not counted to its end)."""
    count = f"{count:,}" if isinstance(count, int) else count
    return InputError(f"{count} {what}: more than any article has (at most {most:,}, {option})")


def check_lines(text: str, most: int) -> None:
    """Refuse a text dump of more than `most` lines before it is split into them."""
    count = text.count("\n") + 1
    if count > most:
        raise over_budget(count, "lines", most, "--max-lines")


def check_body(blocks: list[Block], max_blocks: int, max_text: int) -> None:
    """Refuse a body of more blocks or characters than any article, before it is cleaned,
    structured, tagged and rendered (and built, every time the site is)."""
    if len(blocks) > max_blocks:
        raise over_budget(len(blocks), "blocks", max_blocks, "--max-blocks")
    characters = sum(len(block.text) for block in blocks)
    if characters > max_text:
        raise over_budget(characters, "characters of text", max_text, "--max-text")


def bounded(blocks: Iterable[Block], most: int) -> list[Block]:
    """The blocks as they are made, stopping at one past the budget: a page whose blocks are
    not elements (lines of bare text) is refused without making them all."""
    made = list(islice(blocks, most + 1))
    if len(made) > most:
        raise over_budget(f"over {most:,}", "blocks", most, "--max-blocks")
    return made
