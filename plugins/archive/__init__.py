"""The archive's Pelican plugin: what the site needs beyond Pelican's defaults.

One module per job, each connected to the Pelican signal at the point in the build it needs:
- ui: the interface strings of the site language and date formatting, for every template;
- images: remote images in article bodies become links (no request to other hosts);
- sources: an article's `Source` is its category, so category pages become source pages;
- translations: every language version is listed, not only the DEFAULT_LANG one;
- topics: cross-language search keywords and the tag index grouped by topic family;
- related: related articles by shared tags, previous/next article;
- search_index: after each build, Pagefind indexes the article pages into output/pagefind/.
"""

from pelican import signals

from . import images, related, search_index, sources, topics, translations, ui


def register() -> None:
    signals.generator_init.connect(ui.install)
    signals.content_object_init.connect(images.link_remote_images)
    signals.article_generator_pretaxonomy.connect(sources.use_source_as_category)
    signals.article_generator_pretaxonomy.connect(translations.list_every_language)
    signals.article_generator_finalized.connect(topics.add_search_keywords)
    signals.article_generator_finalized.connect(topics.add_topic_families)
    signals.article_generator_finalized.connect(related.link_articles)
    signals.finalized.connect(search_index.build_search_index)
