"""Topic tags from the rules file (topics.toml): canonical English names, keywords in any language.

A keyword in Japanese or Chinese matches only where the segmenter (segment.py) says it is a
whole word or a run of whole words: 金 is gold in 金は and 金価格, never in 補償金, 資金 or 金利.
This is a bulk converter (hundreds of pages a second), so nothing scans the text once per
keyword or per topic:
- Latin, Cyrillic and Hangul words are read once and looked up in a table of keywords' first words
  (and of Latin stems, `madenci*`, by their first three letters);
- Japanese, Chinese, Arabic and Thai keywords are found as plain substrings (by their first
  characters); only the few characters around a Japanese or Chinese one are segmented, within its
  sentence (segmenting a whole article would cost ~2 ms per 1,000 Japanese characters).

What a mention is, is data too: a topic's `not` phrases ("liquidity mining" for Mining) are
found like its keywords, and a keyword inside one of them is no mention of the topic.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import segment

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "topics.toml"
_LATIN = re.compile(r"^[\x00-\u024f\u1e00-\u1eff\s]+$")
# What a Latin keyword may not touch: a letter or digit of a Latin script (so l'or is not in L'Oréal).
_LATIN_LETTER = r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]"
# A stem's ending is in the stem's script: never the Chinese after "Bitcoin" in Bitcoin的SOPR.
_LATIN_ENDING = r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]*"
_SPACED_ENDING = r"[\u0400-\u04ff\uac00-\ud7af]*"  # Cyrillic, Hangul
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# Words of the scripts that write spaces: Latin (with Vietnamese), Cyrillic, Hangul.
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff]+|[\u0400-\u04ff]+|[\uac00-\ud7af]+")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# An Arabic keyword starts a word, or follows the letters written onto a word's front: and (و, ف),
# with, for, like (ب, ل, ك), the article (ال, لل). Arabic writes them without a space.
_ARABIC_FRONT = re.compile(r"(?:^|[^\u0620-\u064a])[وف]?(?:[بلك]?(?:ال)?|لل)$")
ARABIC_FRONT = 4  # the longest front: و + ب + ال
# Between two keywords of one topic that are one mention: "Bitcoin (BTC)", "以太坊（ETH）".
_JOINED = re.compile(r"[ \u00a0\t(（\[]*")
# How much text either side of a Japanese or Chinese keyword decides how it is segmented: the
# words next to it, never past its sentence.
REACH = 8
WEAK = 0.5  # what a `weak` keyword's mention counts for
# What stands right before a weak keyword that names a unit: a figure and a space ("500 USDT"; not
# "3取引所", where Japanese writes a count against its noun), or a pair's slash ("NOT/USDT").
_AMOUNT_OR_PAIR = re.compile(r"(?:\d[ \u00a0]|/)$")
UNIT_WINDOW = 2
_TICKER = re.compile(r"[A-Z]{2,6}\b")
# The other side of a trading pair, after a ticker (BTC/USDT) or before it (NOT/USDT).
_PAIR_QUOTE = re.compile(r"/[A-Z0-9]{2,10}\b")
_PAIR_BASE = re.compile(r"\b[A-Z0-9]{2,10}/$")
PAIR_REACH = 11  # the longest other side and its slash
# How much of a title and a body is read for topics (characters): far more than any article.
MAX_TITLE = 1_000
MAX_TEXT = 60_000
LEAD = 200  # characters of the body that are its lead, at least (to the end of their line)
STEM_KEY = 3  # a Latin stem's letters that file it: every stem has at least these
# A topic's fields in topics.toml; any other key is a language code and lists its keywords.
FIELDS = frozenset({"family", "keywords", "weak", "not", "min_hits", "beyond_lead", "narrows"})
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?")
# How a keyword counts where it is found.
STRONG, WEAK_MENTION, NOT = "keyword", "weak", "not"


@dataclass(frozen=True)
class Topic:
    name: str
    family: str
    keywords: tuple[str, ...]  # `keywords` and every language's, in that order
    weak: tuple[str, ...] = ()
    min_hits: int = 1
    excluded: tuple[str, ...] = ()  # `not`: phrases in which its keywords are no mention of it
    narrows: str = ""  # the broader topic this one is a part of: an article gets one of the two
    languages: tuple[str, ...] = ()  # the languages it lists keywords for
    beyond_lead: int = 0  # more mentions it needs when neither the title nor the lead names it


@dataclass(frozen=True)
class Entry:
    """One keyword where the index finds it: which topic, how it counts (STRONG, WEAK_MENTION or
    NOT), and the pattern that confirms a match at a place (None for a keyword found as a
    substring: the segmenter confirms a Japanese or Chinese one, the word's front an Arabic one)."""

    topic: int
    kind: str
    keyword: str
    pattern: re.Pattern[str] | None = None

    @property
    def weak(self) -> bool:
        return self.kind == WEAK_MENTION


@dataclass(frozen=True)
class KeywordIndex:
    words: dict[str, list[Entry]] = field(default_factory=dict)  # first word, lower case -> entries
    # Latin stems (`madenci*`) by their first STEM_KEY letters -> (stem, entry)
    stems: dict[str, list[tuple[str, Entry]]] = field(default_factory=dict)
    spelled: dict[str, list[Entry]] = field(default_factory=dict)  # first two characters (or one) -> entries
    spelled_start: re.Pattern[str] | None = None  # any first character of a spelled keyword
    regexes: tuple[Entry, ...] = ()  # `re:` keywords: one pass each
    vocabulary: frozenset[str] = frozenset()  # the Japanese and Chinese keywords, for the segmenter

    def matches(self, text: str, lang: str) -> set[tuple[int, bool, int]]:
        """(topic, weak, place) of every mention: one per place, however many of a topic's
        keywords match there ("ETF" and "ETFs", 金 and 金価格); one per run of a topic's keywords
        written together (監管合規, regulation and compliance; "Bitcoin (BTC)") or one inside
        another (先物 in 無期限先物); none inside one of the topic's `not` phrases ("liquidity
        mining" is no Mining)."""
        spans = self.spans(text, lang)
        excluded = Excluded.of((topic, begin, end) for topic, kind, begin, end in spans if kind == NOT)
        mentions = [(topic, kind == WEAK_MENTION, begin, end) for topic, kind, begin, end in spans
                    if kind != NOT and not excluded.holds(topic, begin, end)]
        ends = {(topic, end) for topic, _, _, end in mentions}
        ends |= {(topic, _JOINED.match(text, end).end()) for topic, _, _, end in mentions}
        held = _held(mentions)
        return {(topic, weak, start) for topic, weak, start, end in mentions
                if (topic, start) not in ends and (topic, start, end) not in held}

    def spans(self, text: str, lang: str) -> set[tuple[int, str, int, int]]:
        """(topic, kind, begin, end) of every keyword and `not` phrase found in the text."""
        spans = {(e.topic, e.kind, m.start(), m.end())
                 for e in self.regexes for m in e.pattern.finditer(text)}
        spans.update(self._word_matches(text))
        candidates = []
        for begin, end, entry in self._spelled_candidates(text):
            if is_cjk(entry.keyword):
                candidates.append((begin, end, entry))
            elif not _ARABIC.match(entry.keyword) or _arabic_word_start(text, begin):
                spans.add((entry.topic, entry.kind, begin, end))
        if candidates:
            places = {(begin, end) for begin, end, _ in candidates}
            index = WordIndex.around(text, places, lang, self.vocabulary)
            spans.update((e.topic, e.kind, b, end) for b, end, e in candidates if index.is_words(b, end))
        return spans

    def _word_matches(self, text: str) -> Iterable[tuple[int, str, int, int]]:
        for word in _WORD.finditer(text):
            for entry in self._entries_for(word.group().lower()):
                if found := entry.pattern.match(text, word.start()):
                    yield entry.topic, entry.kind, word.start(), found.end()

    def _entries_for(self, word: str) -> list[Entry]:
        """Keywords whose first word this can be: itself, its singular, a Latin stem's word
        (madencilik, madencilerin: `madenci*`), or (Cyrillic, Hangul: a stem and an ending,
        биткоина, 비트코인은) any of its beginnings."""
        if word[0] < "\u0400" or "\u1e00" <= word[0] <= "\u1eff":  # Latin: most words, most match nothing
            found = self.words.get(word, [])
            if word.endswith("s") and (singular := self.words.get(word[:-1])):
                found = [*found, *singular]
            if stems := self.stems.get(word[:STEM_KEY]):
                found = [*found, *(entry for stem, entry in stems if word.startswith(stem))]
            return found
        keys = [word[:n] for n in range(len(word), 0, -1)]
        return [entry for key in keys for entry in self.words.get(key, ())]

    def _spelled_candidates(self, text: str) -> Iterable[tuple[int, int, Entry]]:
        if not self.spelled_start:
            return
        for first in self.spelled_start.finditer(text):
            begin = first.start()
            for key in (text[begin : begin + 2], first.group()):
                for entry in self.spelled.get(key, ()):
                    if text.startswith(entry.keyword, begin):
                        yield begin, begin + len(entry.keyword), entry


def _arabic_word_start(text: str, place: int) -> bool:
    """Whether an Arabic keyword at `place` starts a word, maybe after letters written onto it."""
    return bool(_ARABIC_FRONT.search(text, max(0, place - ARABIC_FRONT), place))


def _held(mentions: Iterable[tuple[int, bool, int, int]]) -> set[tuple[int, int, int]]:
    """(topic, begin, end) of the mentions a longer keyword of the same topic holds (先物 in
    無期限先物): one mention, not two. One sweep per topic, in order of place."""
    held = set()
    last_end: dict[int, int] = {}
    places = sorted({(t, b, e) for t, _, b, e in mentions}, key=lambda m: (m[0], m[1], -m[2]))
    for topic, begin, end in places:
        if last_end.get(topic, -1) >= end:
            held.add((topic, begin, end))
        last_end[topic] = max(last_end.get(topic, -1), end)
    return held


@dataclass(frozen=True)
class Excluded:
    """The `not` phrases found in a text, per topic: where each starts (in order) and the furthest
    any of those up to it reaches, so whether one holds a mention is one binary search (a hostile
    page of 10,000 "流动性挖矿" is 10,000 phrases and 10,000 mentions)."""

    starts: dict[int, list[int]]
    reach: dict[int, list[int]]

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int, int]]) -> Excluded:
        starts: dict[int, list[int]] = defaultdict(list)
        reach: dict[int, list[int]] = defaultdict(list)
        for topic, begin, end in sorted(spans):
            starts[topic].append(begin)
            reach[topic].append(max(end, reach[topic][-1]) if reach[topic] else end)
        return cls(starts, reach)

    def holds(self, topic: int, begin: int, end: int) -> bool:
        last = bisect_right(self.starts.get(topic, ()), begin) - 1
        return last >= 0 and self.reach[topic][last] >= end


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
        more than the budget of tags (--max-tags) keeps those it is most about. A topic that
        `narrows` a broader one (Listings, of Exchanges) stands for it: the two are not given together.
        A page where no topic reaches its mark gets the one it names most, if that has `min_hits`.

        Only the opening of a very long text is read: no article needs more to say what it is
        about, and a hostile megabyte of keywords would otherwise be segmented whole."""
        scores, opening = self._read(title[:MAX_TITLE], body[:MAX_TEXT])
        given = {i for i, t in enumerate(self.topics)
                 if scores.get(i, 0) >= t.min_hits + (0 if i in opening else t.beyond_lead)}
        if not given and scores:
            # No topic reaches its own mark (a higher `min_hits`, or an aside beyond the lead): the page
            # is still about the one it comes back to most, if that one has the file's `min_hits`.
            best = max(scores.values())
            given = {i for i, score in scores.items() if score == best and score >= self.min_hits}
        broader = {self.topics[i].narrows for i in given}
        found = [(-scores[i], self.topics[i].name.casefold(), self.topics[i].name) for i in given
                 if self.topics[i].name not in broader]
        return [name for _, _, name in sorted(found)]

    def scores(self, title: str, body: str) -> dict[int, float]:
        """Per topic: mentions in the body, a weak keyword's counting half; a mention in the title
        counts `min_hits` on its own (a headline says what the article is about), a weak one as one.
        A weak keyword is one that comes up in passing: USDT in a trading pair is no stablecoin story."""
        return self._read(title, body)[0]

    def _read(self, title: str, body: str) -> tuple[dict[int, float], set[int]]:
        """The scores, and the topics the opening names (the title, or the lead: the body's first
        LEAD characters, to the end of their line). A news story says what it is about there; a
        topic only named further down is an aside unless it comes up its `beyond_lead` times more."""
        lang = segment.language(title + body)
        scores: dict[int, float] = defaultdict(float)
        in_body = {(topic, weak, place) for topic, weak, place in self.index.matches(body, lang)
                   if not _in_pair(body, place)}
        strong_places = {(topic, place) for topic, weak, place in in_body if not weak}
        for topic, weak, place in in_body:
            if not weak:
                scores[topic] += 1
            elif (topic, place) not in strong_places and not _unit(body, place):
                scores[topic] += WEAK
        in_title = {(topic, weak, place) for topic, weak, place in self.index.matches(title, lang)
                    if not _in_pair(title, place)}
        for topic in {topic for topic, weak, _ in in_title if not weak}:
            scores[topic] += self.topics[topic].min_hits
        for topic in {topic for topic, weak, _ in in_title if weak} - {t for t, w, _ in in_title if not w}:
            scores[topic] += 1
        line_end = body.find("\n", LEAD)
        lead = len(body) if line_end < 0 else line_end
        opening = {topic for topic, weak, _ in in_title if not weak}
        opening |= {topic for topic, weak, place in in_body if place < lead and not weak}
        return scores, opening


def _in_pair(text: str, place: int) -> bool:
    """A ticker in a trading pair (DEFI/USDT, BTC/USDT) names the market a notice or a guide is
    about, not the asset as a subject: "the DEFI/USDT pair is delisted" is no DeFi story."""
    ticker = _TICKER.match(text, place)
    if not ticker:
        return False
    quoted = _PAIR_QUOTE.match(text, ticker.end())
    return bool(quoted or _PAIR_BASE.search(text, max(0, place - PAIR_REACH), place))


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
    beyond_lead = int(data.get("beyond_lead", 0))
    topics = tuple(topic(name, spec, min_hits, beyond_lead) for name, spec in data.get("tags", {}).items())
    names = {t.name for t in topics}
    for t in topics:
        if t.narrows and (t.narrows not in names or t.narrows == t.name):
            raise ValueError(f"topics.toml: {t.name} narrows {t.narrows!r}, which is no other topic")
    return TopicRules(topics, tuple(data.get("families", [])), min_hits, build_index(topics))


def topic(name: str, spec: dict, min_hits: int, beyond_lead: int = 0) -> Topic:
    """One [tags."Name"] table: its fields, and its keywords in each language it lists."""
    languages = {key: value for key, value in spec.items() if key not in FIELDS}
    for key, value in languages.items():
        if not _LANGUAGE_CODE.fullmatch(key) or not isinstance(value, list):
            raise ValueError(f"topics.toml: {name}: {key!r} is neither a field nor a language's keywords")
    keywords = [*spec.get("keywords", ()), *(k for words in languages.values() for k in words)]
    return Topic(
        name=name,
        family=spec.get("family", ""),
        keywords=tuple(dict.fromkeys(keywords)),
        weak=tuple(spec.get("weak", ())),
        min_hits=int(spec.get("min_hits", min_hits)),
        excluded=tuple(spec.get("not", ())),
        narrows=spec.get("narrows", ""),
        languages=tuple(languages),
        beyond_lead=int(spec.get("beyond_lead", beyond_lead)),
    )


def build_index(topics: Iterable[Topic]) -> KeywordIndex:
    """Every keyword and `not` phrase of every topic, filed by how it is found."""
    words: dict[str, list[Entry]] = {}
    stems: dict[str, list[tuple[str, Entry]]] = {}
    spelled: dict[str, list[Entry]] = {}
    regexes: list[Entry] = []
    for number, topic in enumerate(topics):
        for kind, keywords in ((STRONG, topic.keywords), (WEAK_MENTION, topic.weak), (NOT, topic.excluded)):
            for keyword in keywords:
                if keyword.startswith("re:"):
                    regexes.append(Entry(number, kind, keyword, re.compile(keyword_pattern(keyword))))
                elif is_cjk(keyword) or _ARABIC.search(keyword) or _THAI.search(keyword):
                    spelled.setdefault(keyword[:2], []).append(Entry(number, kind, keyword))
                else:
                    entry = Entry(number, kind, keyword, re.compile(keyword_pattern(keyword)))
                    first, stem = _first_word(keyword)
                    if stem:
                        stems.setdefault(first[:STEM_KEY], []).append((first, entry))
                    else:
                        words.setdefault(first, []).append(entry)
    firsts = sorted({key[0] for key in spelled})
    start = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None
    vocabulary = frozenset(e.keyword for entries in spelled.values() for e in entries if is_cjk(e.keyword))
    return KeywordIndex(words, stems, spelled, start, tuple(regexes), vocabulary)


def _first_word(keyword: str) -> tuple[str, bool]:
    """The keyword's first word, lower case, and whether it is a Latin stem (`madenci*`)."""
    first = _WORD.search(keyword)
    if not first:
        raise ValueError(f"topics.toml: keyword {keyword!r} has no letter or digit to find it by")
    stem = keyword.startswith("*", first.end()) and bool(_LATIN.match(keyword))
    if stem and len(first.group()) < STEM_KEY:
        raise ValueError(f"topics.toml: stem {keyword!r} is shorter than {STEM_KEY} letters")
    return first.group().lower(), stem


def is_cjk(keyword: str) -> bool:
    """Japanese or Chinese: matched on the segmenter's words (a `re:` keyword never is)."""
    return not keyword.startswith("re:") and bool(_CJK.search(keyword))


def keyword_pattern(keyword: str) -> str:
    """How a keyword that is not Japanese or Chinese matches, as a regular expression; the rules
    are explained at the top of topics.toml."""
    if keyword.startswith("re:"):
        return f"(?:{keyword[3:]})"
    if not _LATIN.match(keyword):
        # Korean, Russian...: each word a stem, any ending (비트코인은, биткоина, процентной ставки)
        words = (f"(?i:{re.escape(word)})" for word in keyword.split())
        return r"(?<!\w)" + rf"{_SPACED_ENDING}\s+".join(words)
    word = _LATIN_ENDING.join(map(re.escape, keyword.split("*")))  # `madenci*`: any ending
    word = word if keyword.replace("*", "").isupper() else f"(?i:{word})"
    return rf"(?<!{_LATIN_LETTER}){word}s?(?!{_LATIN_LETTER})"
