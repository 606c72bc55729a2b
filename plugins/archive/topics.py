"""The topic rules (topics.toml, the file the converter tags with) as seen by the site.

- Cross-language search: Pagefind cannot match `比特币` to a page that says `Bitcoin`. The rules
  know they are one topic, so the copy of each article page that Pagefind indexes carries its
  tags' keywords in every language (search_index.py adds them: the published page does not, as
  readers never see them), and the search page gets the keyword -> tag map.
- The tag index: tags grouped into the rules' families, each with its count and a weight.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

WEIGHTS = 5  # tag sizes on the tag index: 1 (fewest articles) .. 5 (most)


@dataclass(frozen=True)
class TopicRules:
    families: tuple[str, ...]
    family_of: dict[str, str]
    # plain keywords, weak ones too: a regular expression can't be searched
    keywords: dict[str, tuple[str, ...]]


@cache
def load_rules(path: Path) -> TopicRules:
    with path.open("rb") as handle:
        rules = tomllib.load(handle)
    tags = rules.get("tags", {})
    return TopicRules(
        families=tuple(rules.get("families", [])),
        family_of={name: spec.get("family", "") for name, spec in tags.items()},
        keywords={
            name: tuple(
                k for k in (*spec.get("keywords", []), *spec.get("weak", [])) if not k.startswith("re:")
            )
            for name, spec in tags.items()
        },
    )


def _rules(generator) -> TopicRules:
    return load_rules(Path(generator.settings.get("TOPIC_RULES", "topics.toml")).resolve())


def search_keywords(tags: Iterable[str], keywords: dict[str, tuple[str, ...]]) -> list[str]:
    """The words a page with `tags` is found by beyond its text: each tag and all its keywords
    (`TopicRules.keywords`), once each, in the tags' order."""
    words: list[str] = []
    for tag in tags:
        words.extend((tag, *keywords.get(tag, ())))
    return list(dict.fromkeys(words))


def add_search_keywords(generator) -> None:
    """Give every article `search_keywords` (see search_keywords), and every template the
    keyword -> tag map as `topic_keywords`."""
    keywords = _rules(generator).keywords
    for article in generator.articles:
        tags = (tag.name for tag in getattr(article, "tags", []))
        article.search_keywords = search_keywords(tags, keywords)
    generator.context["topic_keywords"] = {name: list(words) for name, words in keywords.items()}


def add_topic_families(generator) -> None:
    """`topic_families` for the tag index: [(family, [(tag, count, weight), ...]), ...].

    Families keep the rules' order (a family the rules use but do not list follows, by name); tags
    not in the rules (added by hand) come last, under "".
    """
    rules = _rules(generator)
    counts = {tag: len(articles) for tag, articles in generator.tags.items()}
    if not counts:
        generator.context["topic_families"] = []
        return
    most = max(counts.values())
    unlisted = sorted(set(rules.family_of.values()) - set(rules.families) - {""})
    grouped: dict[str, list] = {family: [] for family in (*rules.families, *unlisted, "")}
    for tag in sorted(counts, key=lambda t: t.name.lower()):
        family = rules.family_of.get(tag.name, "")
        grouped[family].append((tag, counts[tag], weight(counts[tag], most)))
    generator.context["topic_families"] = [(family, tags) for family, tags in grouped.items() if tags]


def weight(count: int, most: int) -> int:
    """1..WEIGHTS on a log scale: a tag with 100 articles should not dwarf one with 10."""
    if most <= 1:
        return 1
    return 1 + round((WEIGHTS - 1) * math.log(count) / math.log(most))
