"""Words of Japanese and Chinese text, from real segmenters: those scripts write no spaces, so
"is 金 a word here?" (gold in 金は, not in 補償金 or 資金) needs a dictionary, not a regex.

- Japanese: SudachiPy with its core dictionary, split mode A (the shortest units, so a keyword
  finds its place inside a compound: 金 in 金|相場). Sudachi tags the 金 of 補償金 as a suffix
  (接尾辞): a word's tail, never the start of a word of its own.
- Chinese: jieba-rs (rjieba), exact mode, plus the dictionary words that its search mode finds
  inside a longer word (黄金 inside 黄金价格).

Both ship their dictionaries in their wheels (nothing fetched, nothing written at run time) and
load lazily, on the first Japanese or Chinese text: English-only runs never pay for them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SUFFIX = "接尾辞"  # Sudachi's part of speech for a word's tail: 補償|金, 取引|所


# What a word is to a keyword: each word is (begin, end, kind), text[begin:end].
WORD = 0
SUFFIX = 1  # belongs to the word before it: a keyword can end on it, never start on it (補償|金)
INNER = 2  # a dictionary word inside a longer word (Chinese 黄金 in 黄金价格): matches only whole

Word = tuple[int, int, int]
DICTIONARY = "core"  # sudachidict-core: see requirements.txt
PIECE = 10_000  # characters: at most 40,000 bytes of UTF-8, under Sudachi's limit


def language(text: str) -> str:
    """"ja" or "zh": Japanese writes kana in every sentence, Chinese none. A tenth of the CJK
    characters is the line, so a Chinese article quoting one Japanese name stays Chinese."""
    kana = sum(map(len, _KANA.findall(text)))
    return "ja" if kana and kana * 10 >= kana + sum(map(len, _HAN.findall(text))) else "zh"


def words(text: str, lang: str, vocabulary: frozenset[str] = frozenset()) -> list[Word]:
    """The text cut into words, in order and covering it ("ja" or "zh"; anything else is zh).
    For Chinese, the dictionary words inside longer words follow (INNER), out of order.

    `vocabulary`: words to add to the Chinese dictionary (the topics' keywords). jieba's own is
    mostly Simplified Chinese: without 比特幣 it cuts 為比特幣等 into 為|比特|幣等. Sudachi's
    Japanese dictionary needs none."""
    return _japanese(text) if lang == "ja" else _chinese(text, vocabulary)


def _japanese(text: str) -> list[Word]:
    tokenizer, suffix_ids = _sudachi()
    found: list[Word] = []
    for start, piece in _pieces(text):
        found.extend(
            (start + m.begin(), start + m.end(), SUFFIX if m.part_of_speech_id() in suffix_ids else WORD)
            for m in tokenizer.tokenize(piece)
        )
    return found


def _pieces(text: str, most: int = PIECE) -> list[tuple[int, str]]:
    """Sudachi refuses input over 49,149 bytes: longer text goes in pieces, each cut after its
    last sentence end (or line end) if it has one."""
    pieces = []
    start = 0
    while len(text) - start > most:
        cut = max(text.rfind(end, start, start + most) for end in "。！？\n") + 1
        cut = cut if cut > start else start + most
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def _chinese(text: str, vocabulary: frozenset[str]) -> list[Word]:
    jieba = _jieba(vocabulary)
    exact = [(begin, end, WORD) for _, begin, end in jieba.tokenize(text, mode="default", hmm=True)]
    spans = {(begin, end) for begin, end, _ in exact}
    inner = [
        (begin, end, INNER)
        for _, begin, end in jieba.tokenize(text, mode="search", hmm=True)
        if (begin, end) not in spans
    ]
    return exact + inner


@lru_cache(maxsize=4)  # one per version of the rules (~150 ms and ~30 MB each)
def _jieba(vocabulary: frozenset[str]):
    """A jieba with its dictionary plus `vocabulary`, each new word just frequent enough to be
    cut out whole (what jieba suggests); words it already has keep their frequency."""
    import rjieba

    jieba = rjieba.Jieba()
    for word in sorted(vocabulary):
        if not jieba.has_word(word):
            jieba.add_word(word, jieba.suggest_freq(word), None)
    return jieba


@cache
def sudachi_dictionary():
    """Sudachi's dictionary, opened once per process (memory-mapped: ~50 ms to open, ~120 MB
    resident once read) and shared by every tokenizer made from it (romanize.py's reads words
    whole, with their readings): a second one would be read into memory again."""
    from sudachipy import Dictionary

    return Dictionary(dict=DICTIONARY)


@cache
def _sudachi():
    """One tokenizer per process, and the part-of-speech ids (numbers in the dictionary) that
    mean "suffix"."""
    dictionary = sudachi_dictionary()
    suffix_ids = set()
    pos_id = 0
    while (pos := dictionary.pos_of(pos_id)) is not None:
        if pos[0] == _SUFFIX:
            suffix_ids.add(pos_id)
        pos_id += 1
    # Only the part of speech is read: ~35% faster than all fields.
    return dictionary.tokenizer(mode="A", fields={"pos"}), frozenset(suffix_ids)
