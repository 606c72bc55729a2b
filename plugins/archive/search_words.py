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
- Punctuation at the start or end of a word is cut from it (`“Reserve` is `“` and `Reserve`), so
  an excerpt marks the word the reader typed, not its quotation marks.
- Figures: a currency sign next to a figure is a word of its own (`$90,000` is `$` and `90,000`,
  which Pagefind indexes as `90000`, `90` and `000`), and figures grouped with spaces are one
  figure (`90 000` is `90,000`). search.js does the same to the query, so `$90,000`, `90,000`
  and `90000` find the same pages.

What is inserted is marked with U+2060 (word joiner), which Pagefind keeps in the text its
excerpts come from and drops from the words it indexes: `MARK + " "` cuts, `MARK + "'"` joins the
words of a compound and `MARK + ","` the groups of a figure. search.js removes the marks from
what it shows, so an excerpt reads as the page does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

MARK = "\u2060"
CUT = MARK + " "
JOIN = MARK + "'"
GROUP = MARK + ","

# Japanese and Chinese characters: hiragana, katakana (with ー), CJK ideographs, 々 and 〆.
_CJK = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006]+")
_KATAKANA = re.compile(r"[\u30a0-\u30ff]+")
_HIRAGANA = re.compile(r"[\u3040-\u309f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_CURRENCY = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Sc")
_SIGN_BEFORE = re.compile(f"([{re.escape(_CURRENCY)}])(?=\\d)")
_SIGN_AFTER = re.compile(f"(?<=\\d)([{re.escape(_CURRENCY)}])")
_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d.,]*\d)")
# Punctuation at the edge of a word is cut from it, so Pagefind marks `Reserve` in `“Reserve`.
_OPENING = re.compile(r"(?:(?<=\s)|^)([\"'“‘«‹(\[{¿¡]+)(?=\w)")
_CLOSING = re.compile(r"(?<=\w)([\"'.,;:!?…”’»›)\]}]+)(?=\s|$)")
_PARTICLES = ("助詞", "補助記号", "空白")  # Sudachi's parts of speech that end a compound
PIECE = 10_000  # characters given to Sudachi at once: its limit is 49,149 bytes


def indexed_text(text: str, lang: str, vocabulary: frozenset[str] = frozenset(),
                 before: str = " ", after: str = " ") -> str:
    """`text` as the index holds it: NFKC (as the query is), figures and Japanese or Chinese words
    cut as above. `lang` is the page's language (ja and zh-* choose the dictionary; for any other
    page a run with kana is Japanese); `vocabulary` are words for the Chinese dictionary; `before`
    and `after` the text next to this one on the page (`価格は` before `<b>$90</b>` needs a cut)."""
    text = unicodedata.normalize("NFKC", text)
    text = _GROUPED.sub(lambda m: m.group().replace(" ", GROUP), text)
    text = _SIGN_AFTER.sub(CUT + r"\1", _SIGN_BEFORE.sub(r"\1" + CUT, text))
    text = _CLOSING.sub(CUT + r"\1", _OPENING.sub(r"\1" + CUT, text))
    if not _CJK.search(text):
        return text
    japanese = lang == "ja" or (not lang.startswith("zh") and bool(_KANA.search(text)))

    def cut(match: re.Match) -> str:  # cut from what is next to it, where no space already does
        left = text[match.start() - 1] if match.start() else before[-1:]
        right = text[match.end()] if match.end() < len(text) else after[:1]
        return ((CUT if _joined(left) else "") + _compounds(match.group(), japanese, vocabulary)
                + (CUT if _joined(right) else ""))

    return _CJK.sub(cut, text)


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
