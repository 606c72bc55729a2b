"""Which kind of page a file is, and which language its article is written in."""

from __future__ import annotations

import pytest
from converter.detect import article_language, language_of, normalise_tag, page_format
from converter.grammar import load_grammar

EN = "Bitcoin slipped below $90,000 as Japanese bond yields climbed to their highest level since 2007."
JA = "日本国債の利回りが急上昇し、ビットコインは9万ドルを割り込んだ。"
ZH_CN = "香港立法会通过稳定币条例，这为发行人带来新的监管要求。"
ZH_TW = "聯準會降息後，比特幣價格這週說漲就漲，市場對此反應熱烈。"
KO = "비트코인 가격이 9만 달러 아래로 떨어졌다"
RU = "Биткоин упал ниже 90 000 долларов на фоне роста доходности японских облигаций."
AR = "انخفض سعر البيتكوين إلى ما دون 90 ألف دولار"


@pytest.mark.parametrize(
    "start",
    [
        "<!DOCTYPE html>\n<html lang=\"en\">",
        "<!doctype HTML><html>",
        "  \n<html lang=\"ja\"><head>",
        "<!-- saved from url=(0049)https://www.bitget.com/news/detail/1 -->\n<!DOCTYPE html>",
        "<!-- a --><!-- b -->\n<head><title>x</title>",
        "<body class=\"bg-body\">",
    ],
)
def test_saved_html_pages(start):
    assert page_format(start + "<p>Bitcoin fell.</p>") == "html"


@pytest.mark.parametrize(
    "start",
    [
        "Bitget App\nTrade smarter\n",
        "<p>A paragraph without a document around it</p>",
        "Tags like <html> in the text of a dump\n",
        "<htmlx>",
    ],
)
def test_text_dumps(start):
    assert page_format(start + EN) == "text"


def test_only_the_start_of_a_file_is_looked_at():
    """A file is HTML when it opens like HTML; its opening is its first 2000 characters."""
    assert page_format(" " * 1995 + "<html lang=\"en\"><body>") == "html"
    assert page_format(" " * 1996 + "<html lang=\"en\"><body>") == "text"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("ja-JP", "ja"),
        ("ja", "ja"),
        ("zh-Hans", "zh-CN"),
        ("zh_CN", "zh-CN"),
        ("zh", "zh-CN"),
        ("zh-Hant", "zh-TW"),
        ("zh-Hant-HK", "zh-TW"),
        ("ZH-tw", "zh-TW"),
        ("zh_HK", "zh-TW"),
        ("zh-MO", "zh-TW"),
        ("", ""),
    ],
)
def test_normalise_tag(tag, expected):
    assert normalise_tag(tag) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (EN, "en"),
        (JA, "ja"),
        (ZH_CN, "zh-CN"),
        (ZH_TW, "zh-TW"),
        (KO, "ko"),
        (RU, "ru"),
        (AR, "ar"),
        ("", "en"),
        ("2025/12/03 14:05 — 90,000", "en"),
    ],
)
def test_language_of_the_article_text(text, lang):
    assert language_of(text, load_grammar()) == lang


def test_leading_figures_and_spaces_do_not_stop_the_count():
    assert language_of("  2025 " + JA, load_grammar()) == "ja"


def test_a_japanese_article_is_mostly_kanji_with_some_kana():
    """Japanese writes many kanji per kana; one kana in twenty characters of Han is still Japanese."""
    grammar = load_grammar()
    assert language_of("の" + "国" * 20, grammar) == "ja"
    assert language_of("の" + "国" * 21, grammar) == "zh-CN"


def test_katakana_counts_as_kana():
    assert language_of("ビットコイン" + "価格" * 40, load_grammar()) == "ja"


def test_han_needs_more_than_a_quarter_of_the_latin_letters():
    """An English article quoting a few Chinese words stays English."""
    grammar = load_grammar()
    assert language_of("Upbit listing 比特币", grammar) == "en"  # 12 letters: 3 is not more than 3
    assert language_of("Upbit listin 比特币", grammar) == "zh-CN"  # 11 letters: 3 > 2


def test_hangul_needs_more_than_a_quarter_of_the_latin_letters():
    grammar = load_grammar()
    assert language_of("Upbit listing" + " 업비트", grammar) == "en"  # 12 letters: 3 is not more than 3
    assert language_of("Upbit listin" + " 업비트", grammar) == "ko"  # 11 letters: 3 > 2


def test_one_korean_word_in_english_is_english():
    assert language_of(EN + " (업비트)", load_grammar()) == "en"


def test_cyrillic_or_arabic_must_outnumber_latin():
    grammar = load_grammar()
    assert language_of("Bitcoin ETF Биткоин", grammar) == "en"  # 10 Latin, 7 Cyrillic
    assert language_of("ETF Биткоин", grammar) == "ru"
    assert language_of("Bitcoin ETF البيتكوين", grammar) == "en"
    assert language_of("ETF البيتكوين", grammar) == "ar"


def test_han_text_with_as_many_traditional_as_simplified_characters_is_simplified():
    grammar = load_grammar()
    assert language_of("这這", grammar) == "zh-CN"
    assert language_of("这這說", grammar) == "zh-TW"
    assert language_of("比特币价格上涨", grammar) == "zh-CN"


@pytest.mark.parametrize(
    ("declared", "text", "lang"),
    [
        ("en-US", EN, "en"),
        ("ja", EN, "en"),  # Bitget's Japanese locale carrying an English article
        ("en", JA, "ja"),
        ("zh-Hant", ZH_TW, "zh-TW"),
        ("zh-TW", ZH_CN, "zh-TW"),  # the declared variant wins when the language agrees
        ("zh-CN", JA, "ja"),
        ("", ZH_CN, "zh-CN"),
    ],
)
def test_declared_language_when_the_text_agrees(declared, text, lang):
    assert article_language(declared, text, load_grammar()) == lang


def test_letters_without_a_unicode_name_count_for_no_script():
    """Tangut ideographs are letters Python's unicodedata has no name for: they must not stop a page."""
    assert language_of("Bitcoin miners \U00017000\U00017001", load_grammar()) == "en"
