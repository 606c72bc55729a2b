"""The archive's Pelican plugin: what the site needs beyond Pelican's defaults.

One module per job, each connected to the Pelican signal at the point in the build it needs:
- markdown_reader: one Markdown instance reads every article (Pelican makes one per file), and
  typogrify runs as it reads, so the content cache keeps its output;
- parallel_reading: the articles the cache does not hold are read on every core;
- content_cache: a cache file a killed build left unreadable is deleted, not fatal to every build after;
- sanitize: an allow-list for every article's and page's HTML, the last defence against scraped markup;
- fragments: `{% fragment key %}` in templates, markup rendered once per build (a listed article,
  the language switch) however many pages show it;
- indentation: pages without their templates' indentation;
- ui: the interface strings of the site language and date formatting, for every template;
- summaries: the `short_summary` filter (installed by ui): listing summaries cut to two lines;
- images: remote images in article bodies become links (no request to other hosts);
- tables: number columns aligned right, each table in a region that scrolls sideways by itself;
- article_urls: each article's URL worked out once, not on every use;
- names: titles and names lose bidi controls and invisible characters (hand-written articles too);
- sources: an article's `Source` is its category, so category pages become source pages;
- slugs: a source, author or tag whose name has no slug (`???`, emoji) still gets a page of its own;
- translations: every language version is listed, not only the DEFAULT_LANG one;
- groupings: Pelican's groupings by tag, source, author and period in linear time;
- topics: cross-language search keywords and the tag index grouped by topic family;
- order: the archive's one order of articles (date, slug, language), for listings and links;
- pagination: listings numbered from the oldest page, so a page once written never changes (its
  writer is the one Pelican uses, made incremental by incremental.writer_class);
- related: related articles by shared tags among earlier articles, previous/next article;
- listings: a jump to any year in every listing, neighbouring periods on archive pages, a listing
  per language (languages/<code>/);
- timeline: a topic's count, first and last date and articles per month (the topic page's chart);
- provenance: where each article's text came from (original, republisher, saved page and date);
- languages: the languages the archive holds, by their own names, for the switch and filters;
- search_index: after each build, Pagefind indexes the article pages into output/pagefind/, one
  bundle per year (search_shards), their text cut into words by search_words (Japanese and Chinese
  words, figures) as search.js cuts queries;
- search_terms: search/terms.json, the names, topics and title words the search page offers;
- scripts: the theme's scripts written without their comment lines (the first search's bytes);
- unchanged: a build whose inputs and output are as the last build left them is not run again;
- incremental: a page whose fingerprint did not change is neither rendered nor written, and the
  files of removed articles are removed (the build's manifest), so the output is never wiped;
- shards: a build that writes one part of the site (its years' articles, or the rest), so that a
  large archive is built on several runners (scripts/publish_shards.py).
"""

from pelican import signals

from . import (
    article_urls,
    content_cache,
    fragments,
    groupings,
    images,
    incremental,
    indentation,
    languages,
    listings,
    markdown_reader,
    names,
    parallel_reading,
    provenance,
    related,
    sanitize,
    scripts,
    search_index,
    search_terms,
    shards,
    slugs,
    sources,
    tables,
    topics,
    translations,
    ui,
    unchanged,
)


def register() -> None:
    signals.initialized.connect(content_cache.discard_unreadable_caches)
    signals.initialized.connect(unchanged.skip_if_unchanged)
    signals.initialized.connect(groupings.install)
    # One writer (Pelican takes the first): pagination.py's, with shards.py's selection, rendering
    # only what changed (incremental.writer_class makes it from pagination.listing_writer's).
    signals.get_writer.connect(incremental.writer_class)
    signals.static_generator_init.connect(incremental.copy_static_only_changed)
    signals.static_generator_init.connect(shards.skip_static_outside_site)  # after: a years part copies none
    signals.readers_init.connect(markdown_reader.use_reusing_reader)
    signals.generator_init.connect(markdown_reader.typogrify_in_readers)
    signals.generator_init.connect(fragments.install)
    signals.generator_init.connect(indentation.install)
    signals.generator_init.connect(ui.install)
    signals.generator_init.connect(listings.install)
    signals.article_generator_init.connect(parallel_reading.read_articles_in_parallel)
    signals.content_object_init.connect(sanitize.sanitize_content)  # first: the others read clean HTML
    signals.content_object_init.connect(images.link_remote_images)
    signals.content_object_init.connect(tables.readable_tables)
    signals.article_generator_pretaxonomy.connect(names.show_names)  # before names become sources, authors
    signals.article_generator_pretaxonomy.connect(sources.use_source_as_category)
    signals.article_generator_pretaxonomy.connect(slugs.name_empty_slugs)  # sources are categories by now
    signals.article_generator_pretaxonomy.connect(translations.list_every_language)
    signals.article_generator_finalized.connect(article_urls.keep_article_urls)  # first: slugs are settled
    signals.article_generator_finalized.connect(topics.add_search_keywords)
    signals.article_generator_finalized.connect(topics.add_topic_families)
    signals.article_generator_finalized.connect(related.link_articles)
    signals.article_generator_finalized.connect(listings.link_periods)
    signals.article_writer_finalized.connect(listings.write_language_listings)
    signals.article_generator_finalized.connect(provenance.add_provenance)
    signals.article_generator_finalized.connect(languages.list_archive_languages)
    signals.article_writer_finalized.connect(search_terms.write_search_terms)
    signals.finalized.connect(incremental.finish)  # first: the index reads the pages left on disk
    signals.finalized.connect(search_index.build_search_index)
    signals.finalized.connect(scripts.compact_scripts)
    signals.finalized.connect(unchanged.write_stamp)  # last: the build is complete
