"""Topic tags from the rules file (topics.toml): canonical English names, keywords in any language.

A keyword in Japanese or Chinese matches only where the segmenter (segment.py) says it is a
whole word or a run of whole words: 金 is gold in 金は and 金価格, never in 補償金, 資金 or 金利.
This is a bulk converter (hundreds of pages a second), so nothing scans the text once per
keyword or per topic:
- Latin, Cyrillic and Hangul words are read once and looked up in a table of keywords' first words;
- Japanese and Chinese keywords are found as plain substrings (by their first character) and only
  the few characters around each one are segmented, within its sentence (segmenting a whole
  article would cost ~2 ms per 1,000 Japanese characters).
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import segment

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "topics.toml"
_LATIN = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\s]+$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Words of the scripts that write spaces: Latin (with Vietnamese), Cyrillic, Hangul.
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]+|[\u0400-\u04ff]+|[\uac00-\ud7af]+")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# How much text either side of a Japanese or Chinese keyword decides how it is segmented: the
# words next to it, never past its sentence.
REACH = 8
WEAK = 0.5  # what a `weak` keyword's mention counts for
# What stands right before a weak keyword that names a unit: a figure and a space ("500 USDT"; not
# "3取引所", where Japanese writes a count against its noun), or a pair's slash ("NOT/USDT").
_AMOUNT_OR_PAIR = re.compile(r"(?:\d[ \u00a0]|/)$")
UNIT_WINDOW = 2
_TICKER = re.compile(r"[A-Z]{2,6}\b")
# How much of a title and a body is read for topics (characters): far more than any article.
MAX_TITLE = 1_000
MAX_TEXT = 60_000


@dataclass(frozen=True)
class Topic:
    name: str
    family: str
    keywords: tuple[str, ...]
    weak: tuple[str, ...] = ()
    min_hits: int = 1


@dataclass(frozen=True)
class Entry:
    """One keyword where the index finds it: which topic, how strong, and the pattern that
    confirms a match at a place (None for Japanese and Chinese: the segmenter confirms)."""

    topic: int
    weak: bool
    keyword: str
    pattern: re.Pattern[str] | None = None


@dataclass(frozen=True)
class KeywordIndex:
    words: dict[str, list[Entry]] = field(default_factory=dict)  # first word, lower case -> entries
    cjk: dict[str, list[Entry]] = field(default_factory=dict)  # first two characters (or one) -> entries
    cjk_start: re.Pattern[str] | None = None  # any first character of a CJK keyword
    regexes: tuple[Entry, ...] = ()  # `re:` keywords: one pass each
    vocabulary: frozenset[str] = frozenset()  # the Japanese and Chinese keywords, for the segmenter

    def matches(self, text: str, lang: str) -> set[tuple[int, bool, int]]:
        """(topic, weak, place) of every keyword match: one mention per place, however many of a
        topic's keywords match there ("ETF" and "ETFs", 金 and 金価格), and one per run of a topic's
        keywords written together (監管合規, regulation and compliance, is one mention of Regulation)."""
        spans = {(e.topic, e.weak, m.start(), m.end())
                 for e in self.regexes for m in e.pattern.finditer(text)}
        spans.update(self._word_matches(text))
        candidates = list(self._cjk_candidates(text))
        if candidates:
            places = {(begin, end) for begin, end, _ in candidates}
            index = WordIndex.around(text, places, lang, self.vocabulary)
            spans.update((e.topic, e.weak, b, end) for b, end, e in candidates if index.is_words(b, end))
        ends = {(topic, end) for topic, _, _, end in spans}
        return {(topic, weak, start) for topic, weak, start, _ in spans if (topic, start) not in ends}

    def _word_matches(self, text: str) -> Iterable[tuple[int, bool, int, int]]:
        for word in _WORD.finditer(text):
            for entry in self._entries_for(word.group().lower()):
                if found := entry.pattern.match(text, word.start()):
                    yield entry.topic, entry.weak, word.start(), found.end()

    def _entries_for(self, word: str) -> list[Entry]:
        """Keywords whose first word this can be: itself, its singular, or (Cyrillic, Hangul:
        a stem and an ending, биткоина, 비트코인은) any of its beginnings."""
        if word[0] < "\u0400" or "\u1e00" <= word[0] <= "\u1eff":  # Latin: most words, most match nothing
            found = self.words.get(word, [])
            singular = self.words.get(word[:-1]) if word.endswith("s") else None
            return found + singular if singular else found
        keys = [word[:n] for n in range(len(word), 0, -1)]
        return [entry for key in keys for entry in self.words.get(key, ())]

    def _cjk_candidates(self, text: str) -> Iterable[tuple[int, int, Entry]]:
        if not self.cjk_start:
            return
        for first in self.cjk_start.finditer(text):
            begin = first.start()
            for key in (text[begin : begin + 2], first.group()):
                for entry in self.cjk.get(key, ()):
                    if text.startswith(entry.keyword, begin):
                        yield begin, begin + len(entry.keyword), entry


@dataclass(frozen=True)
class TopicRules:
    topics: tuple[Topic, ...]
    families: tuple[str, ...]
    min_hits: int
    index: KeywordIndex = field(default_factory=KeywordIndex, repr=False)

    def tags_for(self, title: str, body: str) -> list[str]:
        """Canonical tag names whose keywords occur often enough, sorted by name."""
        return sorted(self.ranked_tags(title, body), key=str.casefold)

    def ranked_tags(self, title: str, body: str) -> list[str]:
        """The tags `tags_for` gives, the most mentioned first (then by name): a page that earns
        more than the budget of tags (--max-tags) keeps those it is most about.

        Only the opening of a very long text is read: no article needs more to say what it is
        about, and a hostile megabyte of keywords would otherwise be segmented whole."""
        scores = self.scores(title[:MAX_TITLE], body[:MAX_TEXT])
        found = [(-scores[i], t.name.casefold(), t.name) for i, t in enumerate(self.topics)
                 if scores.get(i, 0) >= t.min_hits]
        return [name for _, _, name in sorted(found)]

    def scores(self, title: str, body: str) -> dict[int, float]:
        """Per topic: mentions in the body, a weak keyword's counting half; a mention in the title
        counts `min_hits` on its own (a headline says what the article is about), a weak one as one.
        A weak keyword is one that comes up in passing: USDT in a trading pair is no stablecoin story."""
        lang = segment.language(title + body)
        scores: dict[int, float] = defaultdict(float)
        in_body = self.index.matches(body, lang)
        strong_places = {(topic, place) for topic, weak, place in in_body if not weak}
        for topic, weak, place in in_body:
            if not weak:
                scores[topic] += 1
            elif (topic, place) not in strong_places and not _unit(body, place):
                scores[topic] += WEAK
        in_title = self.index.matches(title, lang)
        for topic in {topic for topic, weak, _ in in_title if not weak}:
            scores[topic] += self.topics[topic].min_hits
        for topic in {topic for topic, weak, _ in in_title if weak} - {t for t, w, _ in in_title if not w}:
            scores[topic] += 1
        return scores


def _unit(text: str, place: int) -> bool:
    """A weak ticker right after an amount ("a prize pool of 500,800 USDT") or in a trading pair
    ("NOT/USDT") is the unit of a figure, not what the article is about: it does not count. Only
    tickers: "1.1 Bitget" is a numbered clause about Bitget."""
    after_figure = _AMOUNT_OR_PAIR.search(text, max(0, place - UNIT_WINDOW), place)
    return bool(after_figure and _TICKER.match(text, place))


@dataclass(frozen=True)
class WordIndex:
    """Where words start and end in a text (the parts of it that were segmented)."""

    starts: frozenset[int]  # where a word starts that is not a suffix of the word before
    ends: frozenset[int]
    inner: frozenset[tuple[int, int]]  # dictionary words inside longer words

    @classmethod
    def around(
        cls, text: str, spans: Iterable[tuple[int, int]], lang: str, vocabulary: frozenset[str] = frozenset()
    ) -> WordIndex:
        starts: set[int] = set()
        ends: set[int] = set()
        inner: set[tuple[int, int]] = set()
        for low, high in windows(text, spans):
            for begin, end, kind in segment.words(text[low:high], lang, vocabulary):
                if kind == segment.INNER:
                    inner.add((low + begin, low + end))
                    continue
                if kind != segment.SUFFIX:
                    starts.add(low + begin)
                ends.add(low + end)
        return cls(frozenset(starts), frozenset(ends), frozenset(inner))

    def is_words(self, begin: int, end: int) -> bool:
        """Whether text[begin:end] is a run of whole words (or one dictionary word)."""
        return (begin in self.starts and end in self.ends) or (begin, end) in self.inner


def windows(text: str, spans: Iterable[tuple[int, int]], reach: int = REACH) -> list[tuple[int, int]]:
    """The stretches to segment: each span with `reach` characters either side, cut at the ends of
    its sentence, overlapping stretches merged."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted(spans):
        low, high = max(0, begin - reach), min(len(text), end + reach)
        before = [m.end() for m in _SENTENCE_END.finditer(text, low, begin)]
        after = _SENTENCE_END.search(text, end, high)
        low, high = (before[-1] if before else low), (after.start() if after else high)
        if merged and low <= merged[-1][1]:
            previous_low, previous_high = merged.pop()
            low, high = previous_low, max(high, previous_high)
        merged.append((low, high))
    return merged


def load_rules(path: Path = DEFAULT_RULES) -> TopicRules:
    """The rules of a file, compiled once per content of it: a long-running process (the site
    plugin under `make serve`, a test session) sees the user's edits."""
    return _compile_rules(path.read_bytes())


@lru_cache(maxsize=4)  # a few versions of a file: edits do not pile up in a long-running process
def _compile_rules(text: bytes) -> TopicRules:
    data = tomllib.loads(text.decode("utf-8"))
    min_hits = int(data.get("min_hits", 1))
    topics = tuple(
        Topic(
            name=name,
            family=spec.get("family", ""),
            keywords=tuple(spec["keywords"]),
            weak=tuple(spec.get("weak", ())),
            min_hits=int(spec.get("min_hits", min_hits)),
        )
        for name, spec in data.get("tags", {}).items()
    )
    return TopicRules(topics, tuple(data.get("families", [])), min_hits, build_index(topics))


def build_index(topics: Iterable[Topic]) -> KeywordIndex:
    """Every keyword of every topic, filed by how it is found."""
    index = KeywordIndex()
    regexes: list[Entry] = []
    for number, topic in enumerate(topics):
        for weak, keywords in ((False, topic.keywords), (True, topic.weak)):
            for keyword in keywords:
                if keyword.startswith("re:"):
                    regexes.append(Entry(number, weak, keyword, re.compile(keyword_pattern(keyword))))
                elif is_cjk(keyword):
                    index.cjk.setdefault(keyword[:2], []).append(Entry(number, weak, keyword))
                else:
                    entry = Entry(number, weak, keyword, re.compile(keyword_pattern(keyword)))
                    index.words.setdefault(_first_word(keyword), []).append(entry)
    firsts = sorted({key[0] for key in index.cjk})
    start = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None
    vocabulary = frozenset(entry.keyword for entries in index.cjk.values() for entry in entries)
    return KeywordIndex(index.words, index.cjk, start, tuple(regexes), vocabulary)


def _first_word(keyword: str) -> str:
    first = _WORD.search(keyword)
    if not first:
        raise ValueError(f"topics.toml: keyword {keyword!r} has no letter or digit to find it by")
    return first.group().lower()


def is_cjk(keyword: str) -> bool:
    """Japanese or Chinese: matched on the segmenter's words (a `re:` keyword never is)."""
    return not keyword.startswith("re:") and bool(_CJK.search(keyword))


def keyword_pattern(keyword: str) -> str:
    """How a keyword that is not Japanese or Chinese matches, as a regular expression; the rules
    are explained at the top of topics.toml."""
    if keyword.startswith("re:"):
        return f"(?:{keyword[3:]})"
    if not _LATIN.match(keyword):
        # Korean, Russian...: the start of a word, any ending (비트코인은, биткоина)
        return rf"(?<!\w)(?i:{re.escape(keyword)})"
    word = re.escape(keyword) if keyword.isupper() else f"(?i:{re.escape(keyword)})"
    return rf"(?<![A-Za-z0-9]){word}s?(?![A-Za-z0-9])"
