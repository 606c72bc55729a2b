"""Topic tags from the rules file (topics.toml): canonical English names, keywords in any language."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_RULES = Path(__file__).resolve().parents[2] / "topics.toml"
_LATIN = re.compile(r"^[\x00-\u024f\s]+$")


@dataclass(frozen=True)
class Topic:
    name: str
    family: str
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class TopicRules:
    topics: tuple[Topic, ...]
    families: tuple[str, ...]
    min_hits: int

    def tags_for(self, title: str, body: str) -> list[str]:
        """Canonical tag names whose keywords occur often enough, sorted by name."""
        found = []
        for topic in self.topics:
            # Distinct places, not pattern matches: "ETFs" is one mention, though "ETF" and
            # "ETFs" both match it.
            hits = len({m.start() for p in topic.patterns for m in p.finditer(body)})
            if any(p.search(title) for p in topic.patterns):
                hits += self.min_hits
            if hits >= self.min_hits:
                found.append(topic.name)
        return sorted(found, key=str.casefold)


@cache
def load_rules(path: Path = DEFAULT_RULES) -> TopicRules:
    """Parse and compile a rules file once per process."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    topics = tuple(
        Topic(
            name=name,
            family=spec.get("family", ""),
            keywords=tuple(spec["keywords"]),
            patterns=tuple(keyword_pattern(k) for k in spec["keywords"]),
        )
        for name, spec in data.get("tags", {}).items()
    )
    return TopicRules(topics, tuple(data.get("families", [])), int(data.get("min_hits", 1)))


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """How one keyword matches; the rules are explained at the top of topics.toml."""
    if keyword.startswith("re:"):
        return re.compile(keyword[3:])
    if not _LATIN.match(keyword):
        return re.compile(re.escape(keyword))
    flags = 0 if keyword.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(keyword)}s?(?![A-Za-z0-9])", flags)
