"""How a text is written: in a script that spaces its words, or in Chinese or Japanese.

Length limits (a heading, a title, a list item) and where a line may be cut depend on it: a
Chinese line says in 50 characters what an English one says in 110, and it breaks anywhere."""

from __future__ import annotations

# From CJK radicals on: Han, kana, Hangul, full-width forms. Each counts as one wide character.
WIDE_FROM = "\u2e80"
# Text with at least this share of wide characters is measured by the CJK limits.
WIDE_SHARE = 0.4


def is_wide(char: str) -> bool:
    return char >= WIDE_FROM


def is_spaced(text: str) -> bool:
    """Whether `text` is written with spaces between words (Latin, Cyrillic, Thai, Arabic...)."""
    return sum(map(is_wide, text)) < len(text) * WIDE_SHARE
