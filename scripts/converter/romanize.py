"""Titles in other scripts as Latin words, so an article in any language gets a slug one can read.

Pelican's slugify transliterates with Unidecode, character by character. That reads Cyrillic,
Greek, Arabic, Korean and Thai well enough, but it reads Japanese kanji as Mandarin, and it
strings a Chinese title's syllables together with no word breaks and glues Latin words to the
characters around them (`从RGB到` → `cong-rgbdao`). So:

- Japanese: each word (Sudachi, mode C: whole words) by its reading, in Hepburn (the table is
  grammar/romaji/ja.toml);
- Chinese: each word (jieba) in pinyin, written as one word (`比特币` → `bitebi`);
- anything else: Unidecode, word by word, a word also ending where its script changes.

Latin letters and digits inside the title (Bitcoin, ETF, 2025) are kept as written.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .segment import WORD, language, sudachi_dictionary, words

ROMAJI = Path(__file__).resolve().parent / "grammar" / "romaji" / "ja.toml"
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HIRAGANA_TO_KATAKANA = 0x60  # ぁ (U+3041) + 0x60 = ァ (U+30A1), through ゖ/ヶ
_SOKUON, _LONG_VOWEL = "ッ", "ー"
_APOSTROPHES = "'’"
_JOINING = ("Mn", "Mc", "Lm")  # combining marks and modifier letters


def romanized(text: str, lang: str = "") -> list[str]:
    """The text's words in `[a-z0-9]`, in order. `lang` is the text's language when known ("ja"
    reads kanji the Japanese way even in a title with no kana); otherwise Japanese is told from
    Chinese by its kana."""
    text = unicodedata.normalize("NFKC", text)
    if lang == "ja" or (_KANA.search(text) and language(text) == "ja"):
        return _japanese(text)
    if _HAN.search(text):
        return _chinese(text)
    return _spelled(text)


def _japanese(text: str) -> list[str]:
    found: list[str] = []
    rules = _romaji()
    for morpheme in _sudachi().tokenize(text):
        surface = morpheme.surface()
        if not _HAN.search(surface) and not _KANA.search(surface):
            found += _spelled(surface)
            continue
        part_of_speech = morpheme.part_of_speech()[0]
        reading = rules.particles.get(surface) if part_of_speech == "助詞" else None
        reading = reading or rules.spell(morpheme.reading_form(), part_of_speech)
        found += [reading] if reading else _spelled(surface)
    return found


def _chinese(text: str) -> list[str]:
    found: list[str] = []
    for begin, end, kind in words(text, "zh"):
        if kind != WORD:
            continue
        word = text[begin:end]
        # A Chinese word's syllables are one word: 比特币 is bitebi, not bi-te-bi.
        found += [_ascii(word).replace(" ", "")] if _HAN.search(word) else _spelled(word)
    return [word for word in found if word]


def _spelled(text: str) -> list[str]:
    """Unidecode's letters, word by word; a word also ends where its script changes (`BTC란`)."""
    found: list[str] = []
    for run in _script_runs(text):
        found += [word for word in _NOT_WORD.split(_ascii(run).replace("'", "")) if word]
    return found


def _script_runs(text: str) -> list[str]:
    runs: list[str] = []
    previous = None
    for char in text:
        if previous is not None and (char in _APOSTROPHES or unicodedata.category(char) in _JOINING):
            runs[-1] += char  # a mark, a modifier letter (Ukrainian ʼ) or an apostrophe: same word
            continue
        kind = _script(char)
        if kind is not None and kind == previous:
            runs[-1] += char
        elif kind is not None:
            runs.append(char)
        previous = kind
    return runs


def _script(char: str) -> str | None:
    """"latin" for Latin letters and digits, the script's name for other letters, None for the rest."""
    if char.isascii():
        return "latin" if char.isalnum() else None
    if not char.isalnum():
        return None
    name = unicodedata.name(char, "")
    return "latin" if name.startswith("LATIN") else name.split(" ", 1)[0] or "other"


def _ascii(text: str) -> str:
    from unidecode import unidecode

    return unidecode(text).lower()


@dataclass(frozen=True)
class Romaji:
    """Katakana to Hepburn (grammar/romaji/ja.toml)."""

    kana: dict[str, str]
    small_y: frozenset[str]
    small_vowels: frozenset[str]
    glides: dict[str, str]
    particles: dict[str, str]
    long_vowels: dict[str, str]
    inflected: frozenset[str]

    def spell(self, reading: str, part_of_speech: str = "") -> str | None:
        """The reading in Latin letters; None when it holds a character that is not kana (Sudachi
        gives a word it does not know its surface as its reading)."""
        syllables: list[str] = []
        double = False
        for char in reading:
            char = _katakana(char)
            if char == _SOKUON:
                double = True
                continue
            if char == _LONG_VOWEL:
                continue
            if syllables and (char in self.small_y or char in self.small_vowels):
                syllables[-1] = self._joined(syllables[-1], char)
                continue
            syllable = self.kana.get(char)
            if syllable is None:
                return None
            if double and syllable[0] not in "aeiou":
                syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
            syllables.append(syllable)
        spelled = "".join(syllables)
        if part_of_speech not in self.inflected:
            for long, short in self.long_vowels.items():
                spelled = spelled.replace(long, short)
        return spelled or None

    def _joined(self, before: str, small: str) -> str:
        vowel = self.kana[small][-1]
        if small in self.small_y and before.endswith("i"):
            consonant = before[:-1]
            return consonant + vowel if consonant.endswith(("sh", "ch", "j")) else f"{consonant}y{vowel}"
        if small in self.small_vowels and before[-1] in "aeiou":
            return (before[:-1] or self.glides.get(before, "")) + vowel
        return before + self.kana[small]


def _katakana(char: str) -> str:
    return chr(ord(char) + _HIRAGANA_TO_KATAKANA) if "\u3041" <= char <= "\u3096" else char


@cache
def _romaji() -> Romaji:
    with ROMAJI.open("rb") as handle:
        data = tomllib.load(handle)
    return Romaji(
        kana=data["kana"], small_y=frozenset(data["small_y"]), small_vowels=frozenset(data["small_vowels"]),
        glides=data["glides"], particles=data["particles"], long_vowels=data["long_vowels"],
        inflected=frozenset(data["inflected"]),
    )


@cache
def _sudachi():
    """Whole words (mode C: 割り込む, not 割り|込む) with their readings: a tokenizer of its own
    (segment's reads only parts of speech, in mode A) on the same dictionary."""
    return sudachi_dictionary().tokenizer(mode="C", fields={"pos", "reading_form"})
