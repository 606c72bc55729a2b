"""Titles in other scripts as Latin words: what a slug of a Japanese, Chinese or Russian title reads."""

from __future__ import annotations

import pytest
from converter.romanize import _romaji, romanized


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        ("キャリー", "kyari"),  # a small ャ after an i-row kana; ー written once
        ("シュウ", "shu"),  # shi + small yu is shu, and a long u is written once
        ("ジョウジョウ", "jojo"),
        ("ファイティング", "faitingu"),  # a small vowel after any kana: fa, ti
        ("ウェブ", "webu"),
        ("ヴァイオリン", "vaiorin"),
        ("キッチン", "kitchin"),  # ッ before chi is t
        ("ビットコイン", "bittokoin"),  # ッ doubles the next consonant
        ("トウキョウ", "tokyo"),  # passport Hepburn: ou is o
        ("ひらがな", "hiragana"),  # hiragana is read as its katakana
    ],
)
def test_katakana_in_hepburn(reading, expected):
    assert _romaji().spell(reading) == expected


def test_verbs_keep_their_last_u():
    """思う is omou: the う of a verb is a syllable, not a long vowel."""
    assert _romaji().spell("オモウ", "動詞") == "omou"
    assert _romaji().spell("オモウ", "名詞") == "omo"


def test_a_reading_that_is_not_kana_is_not_spelled():
    """Sudachi gives an unknown word its surface as reading: no romaji for it."""
    assert _romaji().spell("鬱") is None


def test_japanese_words_by_reading_particles_by_sound_latin_as_written():
    assert romanized("日本はBitcoinを買う", "ja") == ["nippon", "wa", "bitcoin", "o", "kau"]


def test_kanji_only_title_is_japanese_when_the_page_is():
    """No kana to tell: the page's language decides (日銀 is nichigin, not ri-yin)."""
    assert romanized("日銀総裁", "ja")[0] == "nichigin"
    assert romanized("日銀総裁", "zh-CN")[0] != "nichigin"


def test_a_japanese_title_is_told_by_its_kana_when_the_language_is_unknown():
    words = romanized("ビットコインが急落")
    assert words[-2:] == ["ga", "kyuraku"]  # not Mandarin's jiluo


def test_chinese_words_are_pinyin_written_together_latin_words_apart():
    assert romanized("从RGB到CKB:资产协议", "zh-CN") == ["cong", "rgb", "dao", "ckb", "zichan", "xieyi"]


def test_other_scripts_word_by_word_and_a_word_ends_where_its_script_changes():
    assert romanized("BTC란?", "ko") == ["btc", "ran"]
    assert romanized("Биткоин растёт", "ru") == ["bitkoin", "rastiot"]
    # The Ukrainian apostrophe (ʼ, a modifier letter) is inside the word.
    assert romanized("фʼючерси", "uk") == ["fiuchersi"]
