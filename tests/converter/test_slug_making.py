"""Slugs: the file name and URL of an article, stable across runs and shared by translations."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from converter.slugs import MAX_LENGTH, make_slug, path_safe, slugify


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def test_english_original_title_names_the_translation():
    """The Japanese page and the English original share a slug, so Pelican links them."""
    japanese = "日本の利回り急騰でキャリートレード懸念"
    english = "Japan's yield surge revives carry-trade fears"
    slug = make_slug(japanese, english, "CryptoSlate", datetime(2025, 12, 3, 14, 5))
    assert slug == "japans-yield-surge-revives-carry-trade-fears"


def test_latin_title_is_used_when_the_original_is_not_latin():
    slug = make_slug("Bitcoin ETF inflows hit a record", "比特币ETF资金流入创纪录", "The Block", None)
    assert slug == "bitcoin-etf-inflows-hit-a-record"


def test_cjk_title_gets_source_date_and_hash():
    """Kanji are not transliterated: the slug names the source and day, and a hash tells titles apart."""
    title = "日本の利回り急騰"
    slug = make_slug(title, "", "The Block", datetime(2025, 1, 5, 9, 3))
    assert slug == f"the-block-20250105-{_digest(title, 8)}"


def test_cjk_titles_of_one_source_and_day_differ_by_their_hash():
    day = datetime(2025, 1, 5)
    first, second = "ビットコイン急落", "イーサリアム上昇"
    assert make_slug(first, "", "CoinPost", day) != make_slug(second, "", "CoinPost", day)


def test_undated_page_without_source_is_an_article():
    title = "比特币矿工减半后"
    assert make_slug(title, "", "", None) == f"article-{_digest(title, 8)}"


def test_source_that_slugifies_to_nothing_leaves_no_empty_part():
    """A source made of symbols must not give a slug starting with "-"."""
    title = "香港稳定币条例"
    assert make_slug(title, "", "★★", None) == _digest(title, 8)


def test_a_title_of_figures_only_is_not_latin():
    """"2025" has no letters: it is no readable slug, the hashed form is used."""
    slug = make_slug("2025", "", "CryptoSlate", datetime(2025, 12, 3))
    assert slug == f"cryptoslate-20251203-{_digest('2025', 8)}"


def test_ninety_percent_latin_letters_is_latin_enough():
    # 9 of the 10 letters are ASCII: accented English titles keep readable slugs.
    assert make_slug("Café miners", "", "CryptoSlate", None) == "cafe-miners"


def test_less_than_ninety_percent_latin_is_hashed():
    # 8 of 10 letters ASCII.
    title = "Café néw ms"
    assert make_slug(title, "", "", None) == f"article-{_digest(title, 8)}"


def test_slug_of_max_length_is_kept_whole():
    title = "a" * 39 + " " + "b" * 40
    assert len(slugify(title)) == MAX_LENGTH == 80
    assert make_slug(title, "", "", None) == "a" * 39 + "-" + "b" * 40


def test_long_slug_is_cut_at_a_word_and_hashed():
    """Long URLs are hard to share; two long titles differing after the cut still get two files."""
    title = "bitcoin " * 10 + "x"
    whole = slugify(title)
    assert len(whole) == 81
    slug = make_slug(title, "", "", None)
    assert slug == "bitcoin-" * 8 + "bitcoin-" + _digest(whole, 6)
    assert len(slug) <= MAX_LENGTH
    other = make_slug("bitcoin " * 10 + "y", "", "", None)
    assert other != slug and other.startswith("bitcoin-" * 9)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # The cut falls just after "90000-": the last whole word is kept.
        ("Japan yield surge revives carry trade fears as Bitcoin slips below 90000 and liquidations "
         "top 620 million dollars",
         "japan-yield-surge-revives-carry-trade-fears-as-bitcoin-slips-below-90000-f68064"),
        # The cut falls just after "lows", before its hyphen: the word it cannot tell whole is dropped.
        ("Bitcoin miners pivot to AI data centres as hashprice falls to record lows after the halving "
         "and fees dry up",
         "bitcoin-miners-pivot-to-ai-data-centres-as-hashprice-falls-to-record-8b969d"),
    ],
)
def test_long_slugs_are_stable(title, expected):
    """A slug is a file name: the same page must get the same one on every run."""
    assert make_slug(title, "", "", None) == expected


@pytest.mark.parametrize("title", ["Snake_case_title here", "../../pages/about", "A.B.C/..", "x_" * 60])
def test_a_slug_holds_only_lowercase_letters_digits_and_single_hyphens(title):
    """A slug names a file and a URL: a closed set of characters, whatever the title held."""
    slug = make_slug(title, "", "The_Block/..", datetime(2025, 1, 2))
    assert slug and all(part.isalnum() and part.isascii() and part == part.lower()
                        for part in slug.split("-"))


def test_path_safe_keeps_words_and_drops_every_other_character():
    assert path_safe("snake_case--Title..x") == "snake-case-title-x"
    assert path_safe("__") == ""
