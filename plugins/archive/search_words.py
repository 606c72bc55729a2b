"""Words as the search index holds them: what search.js cuts a reader's query into must start an
indexed word, so both sides cut text the same way.

Pagefind finds a page when each word of the query is the start of a word on the page. It cuts
text at spaces, and Japanese and Chinese (which write none) with a dictionary of its own at index
time and the browser's (Intl.Segmenter) at query time; the two disagree (`ステーブルコイン規制法案`
in the browser is ス|テーブル|コイン|規制|法案), and on a page whose language is not Japanese or
Chinese the query is not cut at all. So the archive cuts the indexed text itself and Pagefind
indexes it as it is (`PAGEFIND_LANGUAGE = "und"`, no language of its own):

- Japanese and Chinese runs are cut into words (SudachiPy, split mode A, for Japanese; jieba-rs
  for Chinese, with the topics' keywords in its dictionary), and the words of one run of one
  script (katakana, or kanji with hiragana) between particles are joined into a compound.
  Pagefind indexes a compound whole *and* each of its words at the same place, so `対中輸出規制強化`
  is found by `対中輸出規制強化`, `対中輸出`, `輸出` and `強化`. search.js cuts a query only where
  the script changes (`ビットコインETF` is `ビットコイン ETF`), which every indexed word also does.
- An elided word is cut from the next (`d’approvisionnement` is `d’` and `approvisionnement`).
- Figures: a currency sign next to a figure is a word of its own (`$90,000` is `$` and `90,000`,
  which Pagefind indexes as `90000`, `90` and `000`), and figures grouped with spaces are one
  figure (`90 000` is `90,000`). search.js does the same to the query, so `$90,000`, `90,000`
  and `90000` find the same pages.

- Thai runs are cut into words by Pagefind's own Thai dictionary, asked once per build
  (search_index.thai_words), and joined into compounds as above.

What is inserted is marked with U+2060 (word joiner), which Pagefind keeps in the text its
excerpts come from and drops from the words it indexes: `MARK + " "` cuts, `MARK + "'"` joins the
words of a compound and `MARK + ","` the groups of a figure. search.js removes the marks from
what it shows, so an excerpt reads as the page does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache

MARK = "\u2060"
CUT = MARK + " "
JOIN = MARK + "'"
GROUP = MARK + ","

# Japanese and Chinese characters: hiragana, katakana (with ー), CJK ideographs, 々 and 〆.
_CJK = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CURRENCY = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Sc")
_SIGN_BEFORE = re.compile(f"([{re.escape(_CURRENCY)}])(?=\\d)")
_SIGN_AFTER = re.compile(f"(?<=\\d)([{re.escape(_CURRENCY)}])")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]*\d)")
_DIGIT = re.compile(r"\d")
# An elided article or preposition is cut from its word: d’approvisionnement, dell’anno, l'ETF.
_ELISION = re.compile(r"(?<![^\W\d_])([^\W\d_]{1,4}['’])(?=[^\W\d_]{2})")
_PARTICLES = ("助詞", "補助記号", "空白")  # Sudachi's parts of speech that end a compound
PIECE = 10_000  # characters given to Sudachi at once: its limit is 49,149 bytes


@dataclass(frozen=True)
class Lexicon:
    """Words the build knows beyond the segmenters' dictionaries."""

    chinese: frozenset[str] = frozenset()  # the topics' Chinese keywords: jieba keeps them whole
    thai: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # a Thai run -> its words


def normal(text: str) -> str:
    """NFKC, as a query is (search.js), except Thai's sara am: NFKC takes ำ apart into ํ + า,
    which Thai dictionaries do not know (ชำระ), and pages write either: both are made ำ."""
    return unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33")


def thai_runs(text: str) -> list[str]:
    """The runs of Thai letters in `text` (Thai writes no space between words), as indexed."""
    return _THAI.findall(normal(text))


def indexed_text(text: str, lang: str, lexicon: Lexicon = Lexicon(), before: str = " ",
                 after: str = " ") -> str:
    """`text` as the index holds it: NFKC (as the query is), figures and Japanese, Chinese or Thai
    words cut as above. `lang` is the page's language (ja and zh-* choose the dictionary; for any
    other page a run with kana is Japanese); `before` and `after` the text next to this one on the
    page (`価格は` before `<b>$90</b>` needs a cut)."""
    if text.isspace():
        return text
    text = normal(text)
    if _DIGIT.search(text):
        text = _GROUPED.sub(lambda m: m.group().replace(" ", GROUP), text)
        text = _SIGN_AFTER.sub(CUT + r"\1", _SIGN_BEFORE.sub(r"\1" + CUT, text))
    if "'" in text or "’" in text:
        text = _ELISION.sub(r"\1" + CUT, text)
    if lexicon.thai and _THAI.search(text):
        text = _cut_runs(_THAI, text, before, after, lambda run: JOIN.join(lexicon.thai.get(run, (run,))))
    if not _CJK.search(text):
        return text
    japanese = lang == "ja" or (not lang.startswith("zh") and bool(_KANA.search(text)))
    return _cut_runs(_CJK, text, before, after, lambda run: _compounds(run, japanese, lexicon.chinese))


def _cut_runs(runs: re.Pattern, text: str, before: str, after: str, words) -> str:
    """Each run `words` gives as compounds, cut from what is next to it where no space already is."""
    def cut(match: re.Match) -> str:
        left = text[match.start() - 1] if match.start() else before[-1:]
        right = text[match.end()] if match.end() < len(text) else after[:1]
        return (CUT if _joined(left) else "") + words(match.group()) + (CUT if _joined(right) else "")

    return runs.sub(cut, text)


def _joined(neighbour: str) -> bool:
    """Whether text next to a run would make one word with it: anything but nothing, a space or a mark."""
    return bool(neighbour) and not neighbour.isspace() and neighbour != MARK


def _compounds(run: str, japanese: bool, vocabulary: frozenset[str]) -> str:
    """A run of Japanese or Chinese text as compounds: its words joined while they are of one
    script (katakana; kanji with hiragana) and no particle comes between them."""
    words = _japanese_words(run) if japanese else _chinese_words(run, vocabulary)
    out: list[str] = []
    compound: list[str] = []
    script = None
    for word, alone in words:
        kind = bool(_KATAKANA.fullmatch(word))
        if compound and (alone or kind != script):
            out.append(JOIN.join(compound))
            compound = []
        if alone:
            out.append(word)
        else:
            compound.append(word)
            script = kind
    if compound:
        out.append(JOIN.join(compound))
    return CUT.join(out)


def _japanese_words(run: str) -> list[tuple[str, bool]]:
    """(word, stands alone): particles, punctuation and one hiragana alone (が, さ|れ|た) end a compound."""
    tokenizer, alone_ids = _sudachi()
    words = []
    for start in range(0, len(run), PIECE):
        for m in tokenizer.tokenize(run[start:start + PIECE]):
            word = m.surface()
            words.append((word, m.part_of_speech_id() in alone_ids or bool(
                len(word) == 1 and _HIRAGANA.match(word))))
    return words


def _chinese_words(run: str, vocabulary: frozenset[str]) -> list[tuple[str, bool]]:
    """(word, stands alone): one character alone (的, 了, 在) ends a compound."""
    return [(word, len(word) == 1) for word in _jieba(vocabulary).cut(run, hmm=True)]


@cache
def _sudachi():
    """One tokenizer per process (the dictionary is memory-mapped, ~120 MB once read), split mode
    A (the shortest words: 日本|銀行, so each is found, and the compound finds 日本銀行), and the
    part-of-speech ids that stand alone."""
    from sudachipy import Dictionary

    dictionary = Dictionary(dict="core")
    alone = set()
    pos_id = 0
    while (pos := dictionary.pos_of(pos_id)) is not None:
        if pos[0] in _PARTICLES:
            alone.add(pos_id)
        pos_id += 1
    return dictionary.tokenizer(mode="A", fields={"pos"}), frozenset(alone)


@lru_cache(maxsize=2)
def _jieba(vocabulary: frozenset[str]):
    """jieba-rs with the topics' Chinese keywords, each just frequent enough to be cut out whole
    (its dictionary is mostly Simplified: without 比特幣 it cuts 比特|幣)."""
    import rjieba

    jieba = rjieba.Jieba()
    for word in sorted(vocabulary):
        if not jieba.has_word(word):
            jieba.add_word(word, jieba.suggest_freq(word), None)
    return jieba
