"""Cross-language topic search: each article carries every keyword of its tags.

Pagefind cannot match `ビットコイン` to a page that says `Bitcoin`, nor `比特币`. The topic rules
(topics.toml, the file the converter tags with) know that they are one topic, so the article
page carries its tags' keywords in every language, indexed but not shown.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path


@cache
def keywords_by_tag(path: Path) -> dict[str, tuple[str, ...]]:
    """Tag name -> its plain keywords (regular-expression rules cannot be searched for)."""
    with path.open("rb") as handle:
        rules = tomllib.load(handle)
    return {
        name: tuple(k for k in spec.get("keywords", []) if not k.startswith("re:"))
        for name, spec in rules.get("tags", {}).items()
    }


def add_search_keywords(generator) -> None:
    """Give every article `search_keywords`: its tags and all their keywords, once each."""
    path = Path(generator.settings.get("TOPIC_RULES", "topics.toml"))
    keywords = keywords_by_tag(path.resolve())
    for article in generator.articles + generator.translations:
        words: list[str] = []
        for tag in getattr(article, "tags", []):
            words.extend((tag.name, *keywords.get(tag.name, ())))
        article.search_keywords = list(dict.fromkeys(words))
