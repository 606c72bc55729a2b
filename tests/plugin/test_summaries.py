"""Listing summaries: one or two lines, cut at a word in spaced text and at a character in CJK text."""

from __future__ import annotations

from archive.summaries import ELLIPSIS, columns, plain_text, short_summary

# Sentences written for these tests.
ENGLISH = ("Gold extended its record run on Wednesday while Bitcoin traded flat, widening a gap between "
           "the two assets that has now lasted the better part of three months in every market.")
JAPANESE = ("日本国債市場は今週、世界のリスク資産に再び衝撃を与えました。十年物国債の利回りは大きく上昇し、"
            "トレーダーは早ければ十二月の会合での利上げを織り込み始めています。")


def width(text: str) -> int:
    return sum(map(columns, text))


def test_text_that_fits_is_kept_whole_without_an_ellipsis():
    assert short_summary("<p>Bitcoin fell <em>2%</em> on Friday.</p>") == "Bitcoin fell 2% on Friday."


def test_spaced_text_is_cut_at_a_word_boundary_within_the_width():
    cut = short_summary(ENGLISH, width=60)
    assert cut.endswith(ELLIPSIS) and width(cut) <= 60
    kept = cut.removesuffix(ELLIPSIS)
    assert ENGLISH.startswith(kept)
    assert ENGLISH[len(kept)] == " "  # the next character starts a new word: no word was split
    assert kept == "Gold extended its record run on Wednesday while Bitcoin"


def test_japanese_is_cut_at_a_character_counting_two_columns_each():
    cut = short_summary(JAPANESE, width=40)
    assert cut.endswith(ELLIPSIS) and width(cut) <= 40
    kept = cut.removesuffix(ELLIPSIS)
    assert JAPANESE.startswith(kept)
    # 19 characters (38 columns) and the ellipsis fit in 40 columns; a 20th character would not
    assert len(kept) == 19


def test_trailing_punctuation_is_not_left_before_the_ellipsis():
    cut = short_summary("Markets fell, and traders sold everything they had left", width=16)
    assert cut == "Markets fell…"


def test_markup_and_entities_become_plain_text_on_one_line():
    assert plain_text("<p>Fees &amp; yields</p>\n<p>rose</p>") == "Fees & yields rose"
    assert short_summary("") == ""
