"""Every pattern run over page text takes time linear in the text: 1 MB of its worst input.

Each use is timed (CPU time) on 256 KB and on 1 MB of each adversarial input: a linear
pattern takes about 4 times as long on four times the text, a quadratic one 16 times, and
minutes on the megabyte. The ratio and the hang ceiling below are that distinction with a
wide margin, not speed targets.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from converter.clean import split_authors
from converter.grammar import MAX_METADATA_LINE, load_grammar
from converter.htmlpage import load_site_rules
from converter.render import markdown_text
from converter.sanitize import inline_html, safe_url
from converter.topics import load_rules

MB = 1_000_000
HANG_CEILING_S = 10.0  # CPU seconds for one call on 1 MB; a quadratic pattern needs minutes
LINEAR_RATIO = 8  # time(1 MB) / time(256 KB): 4 when linear, 16 when quadratic
TOO_FAST_TO_TIME_S = 0.05
# Lines no longer than MAX_METADATA_LINE scale linearly in number whatever a pattern does
# within one line, so the ratio cannot see backtracking inside a line. A megabyte of such
# lines takes ~0.15 s of CPU with patterns that cannot backtrack across a line, ~1.2 s with
# one that can (the ja attribution's old `(?P<source>.+?)`): this ceiling lies between.
PER_LINE_BACKTRACKING_CEILING_S = 0.6
GRAMMAR = load_grammar()
# Pieces of the patterns' own vocabulary: repeated, they make the near-misses that drive
# backtracking (a separator never followed by what must come next, a run a quantifier eats).
SEEDS = {
    "grammar": [
        " ", "a-", "2025/06/18 14:05 ", " image 1", "The post x appeared first on ", "この記事「x」は",
        "本文“x”最初发表于",
    ],
    "title": [" ", "a-", "- CryptoSlate ", "|Bitget", "\u3000"],
    "topics": ["BTC ", "金は"],  # 20 topics, each one pass: the slowest use, so two seeds
    "markdown": [" ", "a-", "[](", "1. #", "\n- "],
    "authors": [" ", "a-", "&", "By: ,", " and "],
    "url": [" ", "a-", "&", "http://", "%"],
    "html": [" ", "a-", "&", "&#1234567", "&a"],
}


def repeated(seed: str, length: int) -> str:
    return (seed * (length // len(seed) + 1))[:length]


def _cpu(call: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    call(text)
    return time.process_time() - start


def _grammar_lines(text: str) -> None:
    GRAMMAR.attribution(text)
    GRAMMAR.dateline_match(text)
    GRAMMAR.date_only_match(text)
    GRAMMAR.placeholder_alt(text)
    GRAMMAR.author_line(text)
    GRAMMAR.source_line(text)
    GRAMMAR.section_marker.match(text)


def _grammar_many_lines(text: str) -> None:
    """A page of lines just short enough to be looked at as metadata."""
    for start in range(0, len(text), MAX_METADATA_LINE):
        _grammar_lines(text[start:start + MAX_METADATA_LINE])


USES = {
    "grammar on one line": (_grammar_lines, "grammar"),
    "grammar on metadata-length lines": (_grammar_many_lines, "grammar"),
    "title suffix": (load_site_rules().without_suffix, "title"),
    "topics": (lambda text: load_rules().tags_for(text[:1000], text), "topics"),
    "markdown escaping": (markdown_text, "markdown"),
    "author names": (split_authors, "authors"),
    "url": (safe_url, "url"),
    "inline html": (inline_html, "html"),
}


@pytest.mark.parametrize("use", USES, ids=list(USES))
def test_patterns_are_linear_on_adversarial_megabytes(use):
    call, kind = USES[use]
    seeds, slowest, checked = SEEDS[kind], (0.0, ""), 0
    for seed in seeds:
        small, large = _cpu(call, repeated(seed, MB // 4)), _cpu(call, repeated(seed, MB))
        assert large < HANG_CEILING_S, f"{use}: {large:.1f} s on 1 MB of {seed!r}"
        if large > TOO_FAST_TO_TIME_S:
            ratio = large / small
            assert ratio < LINEAR_RATIO, f"{use}: {ratio:.0f} times longer on 4 times as much {seed!r}"
        if call is _grammar_many_lines:
            assert large < PER_LINE_BACKTRACKING_CEILING_S, f"{large:.2f} s on lines of {seed!r}"
        slowest, checked = max(slowest, (large, seed)), checked + 1
    assert checked == len(seeds) >= 2
    print(f"{use}: slowest {slowest[0] * 1000:.0f} ms on 1 MB of {slowest[1]!r}")


def test_metadata_patterns_still_match_real_lines():
    """The length guard does not hide the lines the grammar exists for."""
    assert GRAMMAR.dateline_match("CryptoSlateCryptoSlate2025/06/18 14:05")["date"] == "2025/06/18 14:05"
    attribution = GRAMMAR.attribution("The post Gold hits a record appeared first on Coinspeaker.")
    assert (attribution.title, attribution.source) == ("Gold hits a record", "Coinspeaker")
    attribution = GRAMMAR.attribution("この記事「金の延べ棒から」はCryptoSlateに最初に掲載されました。")
    assert (attribution.title, attribution.source) == ("金の延べ棒から", "CryptoSlate")
    assert GRAMMAR.placeholder_alt("Gold bars image 0") == "Gold bars"
    assert GRAMMAR.author_line("By:Marcus Hale") == "Marcus Hale"
    assert GRAMMAR.author_line("By:" + "x" * MAX_METADATA_LINE) is None
    assert load_site_rules().without_suffix("Gold hits a record | CryptoSlate") == "Gold hits a record"
