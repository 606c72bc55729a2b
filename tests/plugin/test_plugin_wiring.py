"""The plugin's handlers are connected to the signals they need, and the small ones do their job:
an article's Source becomes its category, and every language version is listed."""

from __future__ import annotations

import copy
import weakref
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from archive import (
    article_urls,
    content_cache,
    fragments,
    images,
    incremental,
    indentation,
    languages,
    listings,
    markdown_reader,
    names,
    pagination,
    parallel_reading,
    provenance,
    register,
    related,
    sanitize,
    scripts,
    search_index,
    shards,
    slugs,
    sources,
    tables,
    topics,
    translations,
    ui,
    unchanged,
)
from archive.sources import UNKNOWN_SOURCE, use_source_as_category
from archive.translations import list_every_language
from pelican import signals
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from tests.conftest import ROOT

STRINGS = str(ROOT / "theme" / "strings.toml")
SETTINGS = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": "/site/content", "UI_STRINGS": STRINGS}

WIRING = {
    signals.initialized: [content_cache.discard_unreadable_caches, unchanged.skip_if_unchanged],
    signals.get_writer: [incremental.writer_class],
    signals.static_generator_init: [incremental.copy_static_only_changed, shards.skip_static_outside_site],
    signals.readers_init: [markdown_reader.use_reusing_reader],
    signals.generator_init: [
        markdown_reader.typogrify_in_readers, fragments.install, indentation.install, ui.install,
        listings.install,
    ],
    signals.article_generator_init: [parallel_reading.read_articles_in_parallel],
    signals.content_object_init: [
        sanitize.sanitize_content, images.link_remote_images, tables.readable_tables,
    ],
    signals.article_generator_pretaxonomy: [
        names.show_names, sources.use_source_as_category, slugs.name_empty_slugs,
        translations.list_every_language,
    ],
    signals.article_generator_finalized: [
        article_urls.keep_article_urls, topics.add_search_keywords, topics.add_topic_families,
        related.link_articles, provenance.add_provenance, languages.list_archive_languages,
        listings.link_periods,
    ],
    signals.article_writer_finalized: [listings.write_language_listings],
    signals.finalized: [incremental.finish, search_index.build_search_index, scripts.compact_scripts,
                        unchanged.write_stamp],
}


def receivers(signal) -> list:
    """The functions connected to `signal`, in the order they run."""
    return [ref() if isinstance(ref, weakref.ref) else ref for ref in signal.receivers.values()]


@pytest.fixture
def registered():
    """register() as Pelican calls it; afterwards the signals are as they were."""
    before = {signal: set(map(id, receivers(signal))) for signal in WIRING}
    register()
    yield
    for signal, handlers in WIRING.items():
        for handler in handlers:
            if id(handler) not in before[signal]:
                signal.disconnect(handler)


def test_every_handler_is_connected_to_its_signal(registered):
    for signal, handlers in WIRING.items():
        connected = receivers(signal)
        for handler in handlers:
            assert handler in connected, f"{handler.__qualname__} not on {signal.name}"


def test_names_are_cleaned_before_sources_become_categories(registered):
    """A source with a zero-width space must not become a second source page."""
    connected = receivers(signals.article_generator_pretaxonomy)
    assert connected.index(names.show_names) < connected.index(sources.use_source_as_category)


def test_the_build_stamp_is_written_after_the_search_index(registered):
    """finalized: a build is only complete, and may be stamped as such, once its index is."""
    connected = receivers(signals.finalized)
    assert connected.index(search_index.build_search_index) < connected.index(unchanged.write_stamp)


def test_article_urls_are_kept_before_any_handler_of_finalized_articles_reads_them(registered):
    """Slugs and languages are settled by then (pretaxonomy); related lists and listings read URLs."""
    assert receivers(signals.article_generator_finalized)[0] is article_urls.keep_article_urls


def test_one_writer_numbers_listings_from_the_oldest_and_renders_only_what_changed():
    """get_writer: Pelican takes one writer, so incremental.py's is made from pagination.py's."""
    writer = incremental.writer_class(SimpleNamespace(settings={"RENDER_ONLY_CHANGED": True}))
    assert issubclass(writer, pagination.ListingWriter) and issubclass(writer, incremental.IncrementalWriter)
    assert writer.__mro__.index(pagination.OldestFirstPagination) < writer.__mro__.index(
        incremental.IncrementalWriter)  # a listing is cut into pages, then each page rendered or not
    assert incremental.writer_class(SimpleNamespace(settings={})) is pagination.ListingWriter


def test_stale_pages_are_removed_before_the_search_index_reads_the_pages(registered):
    """finalized: Pagefind indexes the article pages on disk; a removed article's must be gone."""
    connected = receivers(signals.finalized)
    assert connected.index(incremental.finish) < connected.index(search_index.build_search_index)


def test_an_article_is_sanitised_before_its_remote_images_are_linked(registered):
    """content_object_init: the images plugin must read (and re-write) HTML already cleaned."""
    page = Article(
        '<p>Flows<script>alert(1)</script></p><p><img alt="Chart" src="https://img.bgstatic.com/c.png"'
        ' onerror="alert(1)"></p>',
        {"title": "ETF flows", "date": datetime(2025, 6, 19, tzinfo=UTC), "converter_digest": "12b2c6ad"},
        settings=SETTINGS, source_path="/site/content/articles/a.md",
    )
    assert page._content == (
        '<p>Flows</p><p><a class="remote-image" href="https://img.bgstatic.com/c.png" '
        'rel="nofollow noopener">Image: Chart</a></p>'
    )


def article(title: str, day: int, lang: str = "en", **metadata) -> SimpleNamespace:
    return SimpleNamespace(title=title, date=datetime(2025, 6, day, tzinfo=UTC), lang=lang, **metadata)


def test_every_article_is_listed_under_its_source():
    english = article("ETF record", 19, source="The Block")
    japanese = article("ETF記録", 19, "ja", source="CryptoSlate")
    draft = article("Draft", 20, source="CoinSpeaker")
    generator = SimpleNamespace(
        articles=[english], translations=[japanese], drafts=[draft], settings=SETTINGS,
    )
    use_source_as_category(generator)
    names = [a.category.name for a in (english, japanese, draft)]
    assert names == ["The Block", "CryptoSlate", "CoinSpeaker"]
    assert english.category.slug == "the-block"
    assert english.category.url == "category/the-block.html"  # Pelican's default URL, from the settings


def test_an_article_without_a_source_is_listed_under_unknown_source():
    nameless, empty = article("No source", 19), article("Empty source", 19, source="")
    generator = SimpleNamespace(articles=[nameless, empty], translations=[], drafts=[], settings=SETTINGS)
    use_source_as_category(generator)
    assert nameless.category.name == empty.category.name == UNKNOWN_SOURCE == "Unknown source"


def test_translations_are_listed_as_articles_newest_first():
    old, new = article("Old", 1), article("New", 20)
    translated = article("翻訳", 10, "ja")
    generator = SimpleNamespace(articles=[old, new], translations=[translated])
    list_every_language(generator)
    assert [a.title for a in generator.articles] == ["New", "翻訳", "Old"]
    assert generator.translations == []


def test_articles_of_the_same_minute_are_listed_in_one_order_whatever_order_they_were_read_in():
    """By slug, then language: the file system's order must not move an article between pages."""
    def read_in(order: list[str]) -> list[tuple[str, str]]:
        made = {"b-en": article("B", 5, slug="b"), "a-ja": article("A ja", 5, "ja", slug="a"),
                "a-en": article("A", 5, slug="a"), "old": article("Old", 1, slug="z")}
        generator = SimpleNamespace(articles=[made[name] for name in order], translations=[])
        list_every_language(generator)
        return [(a.slug, a.lang) for a in generator.articles]

    expected = [("b", "en"), ("a", "ja"), ("a", "en"), ("z", "en")]  # newest first
    assert read_in(["old", "a-en", "a-ja", "b-en"]) == read_in(["b-en", "a-ja", "old", "a-en"]) == expected
