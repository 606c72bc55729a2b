"""The page grammar: what site chrome, promo and metadata lines look like, per language.

The knowledge lives in grammar/*.toml; this module only loads it and answers questions
about single lines. Adding a language is adding a file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GRAMMAR_DIR = Path(__file__).with_name("grammar")
# Metadata lines (datelines, bylines, attributions, placeholders) are short. Longer lines are
# body text and are never matched against the patterns below: that bounds the work of every
# pattern on a hostile page, whatever backtracking a pattern written in a grammar file allows.
MAX_METADATA_LINE = 1000
# How far before its marker a glued notice's sentence may start, and what ends a sentence.
NOTE_SENTENCE = 60
SENTENCE_STOPS = (".", "!", "?", "。", "！", "？")


@dataclass(frozen=True)
class Attribution:
    """The sentence naming the original article ("The post X appeared first on Y")."""

    title: str
    source: str


@dataclass(frozen=True)
class Byline:
    """An author line read: the names as written (split later) and the outlet, if it names one."""

    names: str
    outlet: str


@dataclass(frozen=True)
class PageGrammar:
    """All languages' strings merged: a page may mix UI languages (untranslated keys)."""

    chrome_lines: frozenset[str]
    raw_key_prefixes: tuple[str, ...]
    related_prefixes: tuple[str, ...]
    chrome_patterns: tuple[re.Pattern[str], ...]
    view_original: frozenset[str]
    author_prefixes: tuple[str, ...]
    author_outlet_prefixes: tuple[str, ...]
    author_role_prefixes: tuple[str, ...]
    author_name_prefixes: tuple[str, ...]
    translator_prefixes: tuple[str, ...]
    translator_outlet_prefixes: tuple[str, ...]
    original_title_prefixes: tuple[str, ...]
    source_prefixes: tuple[str, ...]
    share_prefixes: tuple[str, ...]
    summary_prefixes: tuple[str, ...]
    tail_lines: frozenset[str]
    tail_prefixes: tuple[str, ...]
    attributions: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    date_only: re.Pattern[str]
    image_placeholder: re.Pattern[str]
    image_in_line: re.Pattern[str]
    section_marker: re.Pattern[str]
    paragraph_separators: tuple[str, ...]
    glued_blocks: tuple[re.Pattern[str], ...]
    glued_note_markers: tuple[str, ...]
    marker_langs: dict[str, str]
    text_layout_site: str
    sentence_ends: tuple[str, ...]
    full_stops: tuple[str, ...]
    quote_starts: tuple[str, ...]
    heading_max: dict[str, int]
    simplified_chinese: frozenset[str]
    traditional_chinese: frozenset[str]

    def is_chrome(self, line: str) -> bool:
        """Header lines: app banner, tagline, nav, untranslated UI keys; and the site's lines in a
        body: a button's label standing alone, a related-reading link ("Further reading: …")."""
        if line in self.chrome_lines or line.startswith(self.raw_key_prefixes):
            return True
        if _short(line) and line.startswith(self.related_prefixes):
            return True
        return _short(line) and any(pattern.match(line) for pattern in self.chrome_patterns)

    def author_line(self, line: str) -> str | None:
        """The text after an author prefix ("著者:Name" -> "Name"), or None."""
        return _after_prefix(line, self.author_prefixes) if _short(line) else None

    def byline(self, line: str) -> Byline | None:
        """Who wrote the article and for which outlet, from an author line; None for other lines.

        "By:By Jai Hamid" names Jai Hamid; "Author: Cathy, BAIHUA Blockchain" names Cathy, of
        BAIHUA Blockchain; "撰文:Shew、Faust,极客 web3" names Shew and Faust, of 极客 web3."""
        names = self.author_line(line)
        if names is None:
            return None
        names = _after_prefix(names, self.author_name_prefixes) or names
        return _with_outlet(line, names, self.author_outlet_prefixes, self.author_role_prefixes)

    def translator_line(self, line: str) -> Byline | None:
        """Who translated the article ("编译:Luffy"), and for which outlet if the line says; or None."""
        names = _after_prefix(line, self.translator_prefixes) if _short(line) else None
        return None if names is None else _with_outlet(line, names, self.translator_outlet_prefixes, ())

    def original_title_line(self, line: str) -> str | None:
        """The original's title a translation names ("原文标题:…"), or None."""
        return _after_prefix(line, self.original_title_prefixes) if _short(line) else None

    def summary_line(self, line: str) -> str | None:
        """The article's points from "Share link:In this post: …" or "In this post: …"; None for
        other lines, "" for a share line that carries no points."""
        if not _short(line):
            return None
        shared = _after_prefix(line, self.share_prefixes)
        rest = line if shared is None else shared
        points = _after_prefix(rest, self.summary_prefixes)
        if points is None:
            return None if shared is None else ""
        return points

    def source_line(self, line: str) -> str | None:
        """The text after a source prefix ("来源: X" -> "X"), or None."""
        return _after_prefix(line, self.source_prefixes) if _short(line) else None

    def dateline_match(self, line: str) -> re.Match[str] | None:
        """ "<Source><date>" as one line; groups `source` (may be empty) and `date`."""
        if not _short(line):
            return None
        return next((match for pattern in self.datelines if (match := pattern.match(line))), None)

    def date_only_match(self, line: str) -> re.Match[str] | None:
        return self.date_only.match(line) if _short(line) else None

    def placeholder_alt(self, line: str) -> str | None:
        """The alt text of an "<alt> image 0" placeholder line, or None."""
        match = self.image_placeholder.match(line) if _short(line) else None
        return match["alt"] if match else None

    def without_glued_note(self, line: str) -> str:
        """The line without a site notice glued to its end: cut where the notice's sentence starts."""
        for marker in self.glued_note_markers:
            at = line.find(marker)
            if at >= 0:
                window = max(0, at - NOTE_SENTENCE)
                start = max(line.rfind(end, window, at) for end in SENTENCE_STOPS)
                line = line[:start + 1 if start >= 0 else window].rstrip()
        return line

    def starts_tail(self, line: str) -> bool:
        """Disclaimer, promo, related list...: nothing from this line on is the article."""
        return line in self.tail_lines or line.startswith(self.tail_prefixes)

    def attribution(self, line: str) -> Attribution | None:
        if not _short(line):
            return None
        for pattern in self.attributions:
            match = pattern.match(line)
            if match:
                return Attribution(match["title"].strip(), match["source"].strip())
        return None

    def language_hint(self, lines: list[str]) -> str | None:
        """The language whose UI strings the page uses, if any line is one of them."""
        for line in lines:
            for marker, lang in self.marker_langs.items():
                if line.startswith(marker):
                    return lang
        return None


@cache
def load_grammar(directory: Path = GRAMMAR_DIR) -> PageGrammar:
    """Read common.toml and every <lang>.toml once per process."""
    common = _read(directory / "common.toml")
    languages = [_read(path) for path in sorted(directory.glob("*.toml")) if path.stem != "common"]
    chrome = set(common["app_banners"]) | set(common["nav_lines"])
    marker_langs: dict[str, str] = {}
    for lang in languages:
        chrome |= {line for key in ("taglines", "nav_lines", "buttons") for line in lang.get(key, [])}
        for key in ("taglines", "nav_lines", "view_original", "author_prefixes"):
            for marker in lang.get(key, []):
                marker_langs[marker] = lang["lang"]
    return PageGrammar(
        chrome_lines=frozenset(chrome),
        raw_key_prefixes=tuple(common["raw_key_prefixes"]),
        related_prefixes=_longest_first(_gather(languages, "related_prefixes")),
        chrome_patterns=_compiled(common["chrome_patterns"]),
        view_original=frozenset(_gather(languages, "view_original")),
        author_prefixes=_longest_first(_gather(languages, "author_prefixes")),
        author_outlet_prefixes=_longest_first(_gather(languages, "author_outlet_prefixes")),
        author_role_prefixes=_longest_first(_gather(languages, "author_role_prefixes")),
        author_name_prefixes=_longest_first(_gather(languages, "author_name_prefixes")),
        translator_prefixes=_longest_first(_gather(languages, "translator_prefixes")),
        translator_outlet_prefixes=_longest_first(_gather(languages, "translator_outlet_prefixes")),
        original_title_prefixes=_longest_first(_gather(languages, "original_title_prefixes")),
        source_prefixes=_longest_first(_gather(languages, "source_prefixes")),
        share_prefixes=_longest_first(_gather(languages, "share_prefixes")),
        summary_prefixes=_longest_first(_gather(languages, "summary_prefixes")),
        tail_lines=frozenset(common["tail_lines"] + _gather(languages, "tail_lines")),
        tail_prefixes=tuple(common["tail_prefixes"] + _gather(languages, "tail_prefixes")),
        attributions=tuple(re.compile(p) for p in _gather(languages, "attributions")),
        datelines=_compiled([common["dateline"], *common["other_datelines"]]),
        date_only=re.compile(common["date_only"]),
        image_placeholder=re.compile(common["image_placeholder"]),
        image_in_line=re.compile(common["image_in_line"]),
        section_marker=re.compile(common["section_marker"]),
        paragraph_separators=tuple(common["paragraph_separators"]),
        glued_blocks=_compiled(common["glued_blocks"]),
        glued_note_markers=tuple(common["glued_note_markers"]),
        marker_langs=marker_langs,
        text_layout_site=common["text_layout_site"],
        sentence_ends=tuple(common["sentence_ends"]),
        full_stops=tuple(common["full_stops"]),
        quote_starts=tuple(common["quote_starts"]),
        heading_max={"cjk": common["heading_max_cjk"], "latin": common["heading_max_latin"]},
        simplified_chinese=frozenset(common["simplified_chinese"]),
        traditional_chinese=frozenset(common["traditional_chinese"]),
    )


def _compiled(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


def _short(line: str) -> bool:
    return len(line) <= MAX_METADATA_LINE


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _longest_first(items: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(items), key=len, reverse=True))


def _after_prefix(line: str, prefixes: tuple[str, ...]) -> str | None:
    if not line.startswith(prefixes):  # most lines: one test in C, not one per prefix
        return None
    for prefix in prefixes:
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return None


def _with_outlet(line: str, names: str, outlet_prefixes: tuple[str, ...], role_prefixes: tuple[str, ...]
                 ) -> Byline:
    """Names, then after the last comma an outlet (kept) or a role (dropped), as the prefix says."""
    if not line.startswith(outlet_prefixes + role_prefixes):
        return Byline(names.strip(), "")
    names, _, after = _rpartition_any(names, (",", "，"))
    outlet = "" if line.startswith(role_prefixes) else after
    return Byline(names.strip(), outlet.strip())


def _rpartition_any(text: str, separators: tuple[str, ...]) -> tuple[str, str, str]:
    """`str.rpartition` on whichever separator comes last; (text, "", "") when none does."""
    at = max(text.rfind(separator) for separator in separators)
    return (text, "", "") if at < 0 else (text[:at], text[at], text[at + 1:])


def _gather(languages: list[dict], key: str) -> list[str]:
    return [item for lang in languages for item in lang.get(key, [])]
