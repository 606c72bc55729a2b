"""What the search page knows besides Pagefind's index, written with the site (see the README's
figures for their size):

search/names.json, fetched with the reader's first search:
- `authors`, `sources`: [name, address, count] of every author and source with articles. A query
  that is one of these names is searched as that name, a phrase (`Jai Hamid` never finds a page
  by its `ha…` words), and gives exactly that author's or source's articles.
- `languages`: the name of each language of the articles as its speakers write it (日本語,
  Polski), which each result shows: the interface strings' `[language_names]` table.

search/terms.json, fetched only when a search finds nothing:
- `topics`: [name, address, count] of every topic with articles, and `words`: the words of the
  articles' titles, the most frequent first (at most WORDS). The page offers the topics and words
  nearest to what was typed, as links that find something: every title is indexed (Pagefind's
  `title` metadata), so every title word finds its article.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from html import unescape
from pathlib import Path

from .incremental import write_output
from .shards import shard_of

NAMES = "search/names.json"
TERMS = "search/terms.json"
WORDS = 1500  # title words kept, the most frequent first: ~12 KB, ~5 KB compressed
# Words to offer as spellings: letters only, at least 4 of them, in scripts that spell words
# (Japanese and Chinese words have no near misses to correct: their topics' keywords are offered).
_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]{4,}")
_TAG = re.compile(r"<[^>]*>")


def write_search_terms(generator, writer) -> None:
    """Write search/names.json and search/terms.json into the output (connected to
    article_writer_finalized)."""
    if not shard_of(generator.settings).writes_site:
        return  # a years-only part of a split build (shards.py): the `rest` part writes them
    for name, data in ((NAMES, search_names(generator)), (TERMS, search_terms(generator))):
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_output(writer, name, text.encode("utf-8"))


def _named(pairs) -> list:
    """[name, address, count] of each (item, articles) with articles, the most articles first."""
    return sorted(([str(item), item.url, len(articles)] for item, articles in pairs if articles),
                  key=lambda entry: (-entry[2], entry[0]))


def search_names(generator) -> dict:
    return {
        "languages": language_names(generator.settings, {article.lang for article in generator.articles}),
        "authors": _named(generator.authors),
        "sources": _named(generator.categories),
    }


def search_terms(generator) -> dict:
    return {
        "topics": _named(generator.tags.items()),
        "words": title_words(getattr(article, "title", "") for article in generator.articles),
    }


def title_words(titles) -> list[str]:
    """The words of the titles, lower case, each counted once a title; the WORDS most frequent."""
    counts: Counter[str] = Counter()
    for title in titles:
        counts.update({word.casefold() for word in _WORD.findall(unescape(_TAG.sub(" ", title)))})
    return [word for word, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:WORDS]]


def language_names(settings: dict, langs: set[str]) -> dict[str, str]:
    """Each of `langs` by its own name, where a table names it."""
    strings = Path(settings.get("UI_STRINGS", "theme/strings.toml")).resolve()
    table = _read(strings).get("language_names", {})
    return {lang: table[lang] for lang in sorted(langs) if isinstance(table.get(lang), str)}


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)
