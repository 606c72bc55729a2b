"""An article's URL is worked out once, when every plugin has settled its slug and language."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import SimpleNamespace

from archive.article_urls import keep_article_urls
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

SETTINGS = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": "/site/content", "DEFAULT_LANG": "en",
            "ARTICLE_URL": "articles/{slug}/", "ARTICLE_LANG_URL": "articles/{slug}/{lang}/"}


def article(slug: str, lang: str = "en", **metadata) -> Article:
    return Article("<p>Text</p>", {"title": slug, "slug": slug, "lang": lang,
                                   "date": datetime(2025, 6, 19, tzinfo=UTC), **metadata},
                   settings=SETTINGS, source_path=f"/site/content/articles/{slug}.md")


def generator(articles=(), translations=(), drafts=()) -> SimpleNamespace:
    return SimpleNamespace(articles=list(articles), translations=list(translations), drafts=list(drafts),
                           drafts_translations=[], hidden_articles=[], hidden_translations=[])


def test_each_article_keeps_the_url_its_settings_gave_it():
    english, japanese, draft = article("etf-record"), article("etf-record", "ja"), article("draft")
    keep_article_urls(generator([english], [japanese], [draft]))
    assert (english.url, japanese.url, draft.url) == (
        "articles/etf-record/", "articles/etf-record/ja/", "articles/draft/")
    english.slug = "renamed"  # nothing may rename an article after article_generator_finalized
    assert english.url == "articles/etf-record/"  # kept, not worked out again


def test_an_article_whose_metadata_names_its_url_keeps_that_url():
    custom = article("etf-record", url="special/etf/")
    keep_article_urls(generator([custom]))
    assert custom.url == "special/etf/"


def test_where_an_article_is_saved_is_left_to_pelican():
    """Pelican writes a page whose save_as is overridden even over another file: not so here."""
    english = article("etf-record")
    keep_article_urls(generator([english]))
    assert not hasattr(english, "override_save_as") and english.save_as == "etf-record.html"
