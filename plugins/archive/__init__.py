"""The archive's Pelican plugin: what the site needs beyond Pelican's defaults.

- sources: an article's `Source` (CryptoSlate, The Block, ...) is its category, so Pelican's
  category pages and feeds become per-source pages.
- topics: each article carries its tags' keywords in every language, for cross-language search.
- search_index: after each build, Pagefind indexes the article pages into output/pagefind/.
"""

from pelican import signals

from . import search_index, sources, topics


def register() -> None:
    signals.article_generator_pretaxonomy.connect(sources.use_source_as_category)
    signals.article_generator_finalized.connect(topics.add_search_keywords)
    signals.finalized.connect(search_index.build_search_index)
