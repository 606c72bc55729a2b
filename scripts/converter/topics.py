"""Topic tags from the rules file (topics.toml): canonical English names, keywords in any language."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "topics.toml"
_LATIN = re.compile(r"^[\x00-\u024f\s]+$")


@dataclass(frozen=True)
class Topic:
    name: str
    family: str
    keywords: tuple[str, ...]
    # All keywords in one alternation: one linear pass over the text per topic.
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class TopicRules:
    topics: tuple[Topic, ...]
    families: tuple[str, ...]
    min_hits: int

    def tags_for(self, title: str, body: str) -> list[str]:
        """Canonical tag names whose keywords occur often enough, sorted by name."""
        found = []
        for topic in self.topics:
            # Distinct places: "ETFs" is one mention, though "ETF" and "ETFs" both match it.
            hits = sum(1 for _ in topic.pattern.finditer(body))
            if topic.pattern.search(title):
                hits += self.min_hits
            if hits >= self.min_hits:
                found.append(topic.name)
        return sorted(found, key=str.casefold)


def load_rules(path: Path = DEFAULT_RULES) -> TopicRules:
    """The rules of a file, compiled once per content of it: a long-running process (the site
    plugin under `make serve`, a test session) sees the user's edits."""
    return _compile_rules(path.read_bytes())


@lru_cache(maxsize=4)  # a few versions of a file: edits do not pile up in a long-running process
def _compile_rules(text: bytes) -> TopicRules:
    data = tomllib.loads(text.decode("utf-8"))
    topics = tuple(
        Topic(
            name=name,
            family=spec.get("family", ""),
            keywords=tuple(spec["keywords"]),
            pattern=re.compile("|".join(keyword_pattern(k) for k in spec["keywords"])),
        )
        for name, spec in data.get("tags", {}).items()
    )
    return TopicRules(topics, tuple(data.get("families", [])), int(data.get("min_hits", 1)))


def keyword_pattern(keyword: str) -> str:
    """How one keyword matches, as a regular expression; the rules are explained at the top of
    topics.toml. Longer alternatives are not needed first: each keyword is bounded by itself."""
    if keyword.startswith("re:"):
        return f"(?:{keyword[3:]})"
    if not _LATIN.match(keyword):
        return re.escape(keyword)
    word = re.escape(keyword) if keyword.isupper() else f"(?i:{re.escape(keyword)})"
    return rf"(?<![A-Za-z0-9]){word}s?(?![A-Za-z0-9])"
