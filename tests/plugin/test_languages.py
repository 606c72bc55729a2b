"""The archive's languages: named as their speakers write them, sorted by that name, each with the
address of its listing page."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

from archive.languages import LANGUAGE_URL, languages_of, list_archive_languages
from archive.ui import strings_for

from tests.conftest import ROOT

STRINGS = ROOT / "theme" / "strings.toml"


def test_languages_are_sorted_by_their_own_names_with_counts_and_listing_addresses():
    codes = Counter({"zh-CN": 2, "pl": 1, "ja": 5, "en": 8, "es": 1, "uk": 3, "fil": 1, "de": 1})
    found = languages_of(codes, strings_for(STRINGS, "en"))
    assert [language.name for language in found] == [
        "Deutsch", "English", "Español", "Filipino", "Polski", "Українська", "日本語", "简体中文",
    ]
    assert {language.code: language.count for language in found} == dict(codes)
    assert {language.code: language.url for language in found}["zh-CN"] == "languages/zh-CN/"


def test_the_undetermined_language_is_said_so_in_the_interface_language():
    [undetermined] = languages_of(Counter({"und": 2}), strings_for(STRINGS, "ja"))
    assert undetermined.name == "言語不明"


def test_listing_addresses_follow_the_listing_pages_setting():
    found = languages_of(Counter({"zh-TW": 1}), strings_for(STRINGS, "en"), "lang/{slug}.html")
    assert found[0].url == "lang/zh-tw.html"
    assert LANGUAGE_URL.format(code="pl") == "languages/pl/"


def test_only_published_articles_count_and_every_template_sees_the_list():
    settings = {"UI_STRINGS": str(STRINGS), "DEFAULT_LANG": "en"}
    articles = [SimpleNamespace(lang=lang) for lang in ("en", "ja", "en")]
    generator = SimpleNamespace(settings=settings, articles=articles, drafts=[SimpleNamespace(lang="pl")],
                                context={})
    list_archive_languages(generator)
    assert [(language.code, language.count) for language in generator.context["archive_languages"]] == [
        ("en", 2), ("ja", 1)]
