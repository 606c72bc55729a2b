"""Slugs: the file name and URL of an article, stable across runs and shared by translations."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import pytest
from converter.slugs import MAX_LENGTH, make_slug, path_safe, slugify, url_slug


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


def test_japanese_title_is_read_in_hepburn_with_a_hash_of_the_title():
    """Kanji are read the Japanese way (not as Mandarin pinyin), Latin words stay as written, and a
    hash of the title follows: two titles can read alike in Latin letters."""
    title = "日本の利回り急騰でBitcoinが下落"
    slug = make_slug(title, "", "The Block", datetime(2025, 1, 5, 9, 3), lang="ja")
    assert slug == f"nippon-no-rimawari-kyuto-de-bitcoin-ga-geraku-{_digest(title, 6)}"


def test_chinese_title_is_pinyin_word_by_word():
    """Each word's syllables are written together (比特币 bitebi, not bi-te-bi); Latin words apart."""
    title = "香港稳定币条例正式生效"
    slug = make_slug(title, "", "BlockBeats", datetime(2025, 8, 1), lang="zh-CN")
    assert slug.endswith(f"-{_digest(title, 6)}")
    assert slug.startswith("xianggang-")
    assert "zhengshi-shengxiao" in slug


def test_titles_that_read_alike_in_latin_letters_get_two_slugs():
    day = datetime(2025, 1, 5)
    first, second = "ビットコイン急落", "ビットコイン急落!"
    slugs = {make_slug(title, "", "CoinPost", day, lang="ja") for title in (first, second)}
    assert len(slugs) == 2


def test_cyrillic_and_korean_titles_are_transliterated():
    """Unidecode reads Cyrillic, Greek, Arabic, Thai and Hangul; a word ends where the script changes."""
    assert make_slug("Обновление тарифов", "", "", None, lang="ru").startswith("obnovlenie-tarifov-")
    assert make_slug("BTC란?", "", "", None, lang="ko") == f"btc-ran-{_digest('BTC란?', 6)}"


def test_a_non_latin_original_title_names_the_translation():
    """The original's title, romanized, is what every version of it can share."""
    original = "香港稳定币条例正式生效"
    japanese = make_slug("香港のステーブルコイン条例が施行", original, "", None, lang="ja")
    chinese = make_slug(original, "", "", None, lang="zh-CN")
    assert japanese == chinese


def test_the_original_address_names_a_non_latin_title():
    url = "https://cryptoslate.com/bitcoin-etfs-see-record-outflows/"
    title = "ビットコインETFから過去最大の流出"
    slug = make_slug(title, "", "CryptoSlate", None, lang="ja", original_url=url)
    assert slug == "bitcoin-etfs-see-record-outflows"


def test_a_latin_title_comes_before_the_address():
    url = "https://cryptoslate.com/bitcoin-etfs-see-record-outflows/"
    assert make_slug("Record ETF outflows", "", "", None, original_url=url) == "record-etf-outflows"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://cryptoslate.com/bitcoin-etfs-see-record-outflows/", "bitcoin-etfs-see-record-outflows"),
        ("HTTPS://CryptoSlate.com/News/Bitcoin_ETFs_See_Outflows.html?utm_source=x#top",
         "bitcoin-etfs-see-outflows"),
        ("https://www.theblock.co/post/312345/solana-etf-week-inflows", "solana-etf-week-inflows"),
        # Ids, sections and short names are not titles.
        ("https://www.bitget.com/ja/news/detail/12560604029884", ""),
        ("https://cryptoslate.com/", ""),
        ("https://cryptoslate.com/news-2025/", ""),
        ("https://decrypt.co/bitcoin-etf", ""),
        # A segment in another script is not read: the title is romanized instead.
        ("https://example.jp/%E3%83%93%E3%83%83%E3%83%88", ""),
    ],
)
def test_an_address_names_an_article_only_by_its_words(url, expected):
    assert url_slug(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//bitcoin-etfs-see-record-outflows",
        "../../etc/passwd-file-name",
        "https://evil.example/a/%2e%2e%2f%2e%2e%2fetc-pass-wd",
        "https://evil.example/%2e%2e",
        "https://evil.example/x/..%2F..%2Fcontent%2Fpages%2Fabout-this-site",
        "file:///etc/bitcoin-etfs-see-record",
        "https://[::1/broken-host-name",
        r"https://evil.example/bitcoin\..\..\etc-pass-wd",
    ],
)
def test_a_hostile_address_never_reaches_a_path(url):
    """Whatever the page says its original is, the slug stays `[a-z0-9-]`: no dot, no slash."""
    slug = make_slug("ビットコイン急落", "", "", None, lang="ja", original_url=url)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) and len(slug) <= MAX_LENGTH
    assert url_slug(url) == ""


def test_a_title_with_nothing_to_read_gets_source_date_and_hash():
    """Figures and symbols only: the slug names the source and day, and a hash tells titles apart."""
    title = "★ 2025 ★"
    slug = make_slug(title, "", "The Block", datetime(2025, 1, 5, 9, 3))
    assert slug == f"the-block-20250105-{_digest(title, 8)}"


def test_undated_page_without_source_or_readable_title_is_an_article():
    title = "「」。、"
    assert make_slug(title, "", "", None) == f"article-{_digest(title, 8)}"


def test_source_that_slugifies_to_nothing_leaves_no_empty_part():
    """A source made of symbols must not give a slug starting with "-"."""
    title = "2025"
    assert make_slug(title, "", "★★", None) == _digest(title, 8)


def test_a_title_of_figures_only_is_not_latin():
    """"2025" has no letters: it is no readable slug, the hashed form is used."""
    slug = make_slug("2025", "", "CryptoSlate", datetime(2025, 12, 3))
    assert slug == f"cryptoslate-20251203-{_digest('2025', 8)}"


def test_ninety_percent_latin_letters_is_latin_enough():
    # 9 of the 10 letters are ASCII: accented English titles keep readable slugs.
    assert make_slug("Café miners", "", "CryptoSlate", None) == "cafe-miners"


def test_accented_latin_is_latin_script():
    """Vietnamese, Polish or French titles are slugified as they are, without a hash."""
    assert make_slug("Café néw ms", "", "", None) == "cafe-new-ms"
    vietnamese = "Quỹ ETF Bitcoin đã giữ 7% nguồn cung"
    assert make_slug(vietnamese, "", "", None) == "quy-etf-bitcoin-da-giu-7-nguon-cung"


def test_a_long_romanized_title_is_cut_at_a_word_before_its_hash():
    title = "ビットコイン" * 40
    slug = make_slug(title, "", "", None, lang="ja")
    assert len(slug) <= MAX_LENGTH and slug.endswith(f"-{_digest(title, 6)}")


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
