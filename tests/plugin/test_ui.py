"""The interface strings file and how dates are written for readers."""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, datetime
from types import SimpleNamespace

import jinja2
import pytest
from archive import ui
from archive.ui import format_date, og_locale, strings_for, zone_name
from converter.detect import _project_languages
from pelican.utils import get_date

from tests.conftest import ROOT

STRINGS = ROOT / "theme" / "strings.toml"
PUBLISHED = datetime(2025, 10, 12, 21, 51, tzinfo=UTC)


# What an article page and a listing say around the articles: every archive language has them.
ARTICLE_LABELS = {
    "by", "translated_by", "original_title", "first_published", "republished_by", "saved_page",
    "saved_page_undated", "other_languages", "related", "topics", "sources", "topic", "source",
    "previous", "next", "newer", "older", "page_of", "pages_label", "table", "image", "footer",
    "languages_label", "language_unknown", "date", "short_date", "month", "months",
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")
DATE_PATTERNS = {"date", "short_date", "month"}
DATE_FIELDS = {"year", "month", "day", "hour", "minute", "tz", "month_name"}


def tables() -> dict:
    return tomllib.loads(STRINGS.read_text(encoding="utf-8"))


def interface_tables() -> dict:
    return {lang: table for lang, table in tables().items() if lang != ui.NAMES_TABLE}


def test_english_and_japanese_translate_every_string():
    english = set(tables()["en"])
    assert set(tables()["ja"]) - {"families"} == english  # English family names are the topic rules' own


def test_every_language_the_converter_writes_is_named_in_its_own_language():
    """The converter's languages (its page grammars and Bitget's locales) each have a name, and
    an interface table with the labels of article pages and listings."""
    names = tables()[ui.NAMES_TABLE]
    written = set(_project_languages()) - {ui.UNDETERMINED}
    assert written <= set(names)
    assert len(set(names.values())) == len(names)  # no two languages look the same in a list
    for code, name in names.items():
        assert name != code and name.lower() != code.lower(), code
        assert set(interface_tables()[code]) >= ARTICLE_LABELS, code


@pytest.mark.parametrize("lang", sorted(interface_tables()))
def test_every_table_keeps_each_label_s_placeholders_and_twelve_months(lang):
    english, table = tables()["en"], interface_tables()[lang]
    assert set(table) <= set(english) | {"families", "months_standalone"}, lang
    for key, value in table.items():
        if key in DATE_PATTERNS:  # a language writes a date with the fields it wants
            assert set(PLACEHOLDER.findall(value)) <= DATE_FIELDS, (lang, key)
        elif isinstance(value, str):
            assert set(PLACEHOLDER.findall(value)) == set(PLACEHOLDER.findall(english[key])), (lang, key)
    for months in ("months", "months_standalone"):
        assert len(table.get(months, english["months"])) == 12, lang


@pytest.mark.parametrize(
    ("lang", "timezone", "expected"),
    [
        ("en", "UTC", "12 October 2025, 21:51 UTC"),
        ("ja", "UTC", "2025年10月12日 21:51 UTC"),
        ("ja", "Asia/Tokyo", "2025年10月13日 06:51 JST"),  # the site's timezone, not the page's
        ("en", "America/New_York", "12 October 2025, 17:51 EDT"),
    ],
)
def test_dates_are_written_in_the_site_language_and_timezone(lang, timezone, expected):
    strings = strings_for(STRINGS, lang)
    assert format_date(PUBLISHED, strings["date"], strings, timezone) == expected


@pytest.mark.parametrize(
    ("date", "timezone", "expected"),
    [
        ("9999-12-31 23:59-14:00", "UTC", "31 December 9999, 23:59 UTC-14:00"),  # 10000-01-01 in UTC
        ("0001-01-01 00:00+14:00", "UTC", "1 January 1, 00:00 UTC+14:00"),  # year 0 in UTC
        ("9999-12-31 23:00+00:00", "Asia/Tokyo", "31 December 9999, 23:00 UTC"),
        ("9999-12-31 09:00+00:00", "Asia/Tokyo", "31 December 9999, 18:00 JST"),  # still in range
    ],
)
def test_a_date_with_no_equivalent_in_the_site_timezone_keeps_its_own(date, timezone, expected):
    """Pelican parses the page's Date; converting it would overflow the calendar and stop the build."""
    strings = strings_for(STRINGS, "en")
    assert format_date(get_date(date), strings["date"], strings, timezone) == expected


def test_a_language_without_strings_falls_back_to_english():
    assert strings_for(STRINGS, "nl")["skip"] == "Skip to content"
    assert strings_for(STRINGS, "ja-JP")["skip"] == "本文へ移動"  # a regional variant uses its language
    english, polish = strings_for(STRINGS, "en"), strings_for(STRINGS, "pl")
    assert polish["search_placeholder"] == english["search_placeholder"]
    assert strings_for(STRINGS, "pl")["other_languages"] == "Inne języki"


def test_languages_are_named_in_their_own_language_whatever_the_interface_language():
    for lang in ("en", "ja", "pl"):
        names = strings_for(STRINGS, lang)["languages"]
        shown = (names["en"], names["ja"], names["pl"], names["uk"])
        assert shown == ("English", "日本語", "Polski", "Українська"), lang


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        ("pl", "short_date", "12 października 2025"),  # a month in a date is inflected...
        ("pl", "month", "październik 2025"),  # ...and not when it stands alone
        ("uk", "month", "жовтень 2025"),
        ("de", "short_date", "12. Oktober 2025"),
        ("zh-CN", "month", "2025年10月"),
        ("en", "month", "October 2025"),  # no months_standalone: the months themselves
    ],
)
def test_a_month_standing_alone_takes_its_own_form(lang, style, expected):
    strings = strings_for(STRINGS, lang)
    assert format_date(PUBLISHED, strings[style], strings, "UTC", standalone=style == "month") == expected


def templates(**settings):
    """A Jinja environment as Pelican's generators have it, after the plugin's generator_init."""
    env = jinja2.Environment()
    ui.install(SimpleNamespace(settings=settings, env=env))
    return env


def render(env, source: str, **context) -> str:
    return env.from_string(source).render(**context)


def test_templates_speak_the_site_language_and_timezone():
    env = templates(UI_STRINGS=str(STRINGS), DEFAULT_LANG="ja", TIMEZONE="Asia/Tokyo")
    assert render(env, "{{ ui.search }}|{{ ui.image }}") == "検索|画像"
    assert render(env, "{{ d|ui_date }}", d=PUBLISHED) == "2025年10月13日 06:51 JST"
    assert render(env, "{{ d|ui_date('short_date') }}", d=PUBLISHED) == "2025年10月13日"
    assert render(env, "{{ 'en'|language_name }}|{{ 'xx'|language_name }}|{{ 'und'|language_name }}") == (
        "English|xx|言語不明")
    assert render(env, "{{ 'Commodities'|family_name }}|{{ 'Other'|family_name }}") == "コモディティ|Other"
    assert render(env, "{{ 'ja-JP'|og_locale }}") == "ja_JP"


def test_an_article_page_can_speak_its_own_language_in_a_site_of_another():
    env = templates(UI_STRINGS=str(STRINGS), DEFAULT_LANG="en", TIMEZONE="UTC")
    assert render(env, "{{ ui.related }}|{{ ui_in('ja').related }}|{{ ui_in('fil').related }}") == (
        "Related articles|関連記事|Mga kaugnay na artikulo")
    assert render(env, "{{ ui_in('nl').related }}") == "Related articles"  # no table: English
    assert render(env, "{{ d|ui_date('short_date', 'ja') }}|{{ d|ui_date('month', 'pl') }}", d=PUBLISHED) == (
        "2025年10月12日|październik 2025")
    versions = [SimpleNamespace(lang=lang) for lang in ("zh-CN", "pl", "ja", "en", "es", "uk")]
    shown = render(env, "{{ versions|by_language_name|map(attribute='lang')|join(' ') }}", versions=versions)
    assert shown == "en es pl uk ja zh-CN"  # English, Español, Polski, Українська, 日本語, 简体中文


def test_without_settings_the_theme_strings_english_and_utc_are_used(monkeypatch):
    monkeypatch.chdir(ROOT)  # pelican runs in the project folder (make html)
    env = templates()
    assert render(env, "{{ ui.search }}") == "Search"
    assert render(env, "{{ d|ui_date }}", d=PUBLISHED) == "12 October 2025, 21:51 UTC"
    assert render(env, "{{ 'Commodities'|family_name }}") == "Commodities"  # English names are the rules' own


def test_a_language_without_names_for_languages_shows_the_code(tmp_path):
    strings = tmp_path / "strings.toml"
    strings.write_text('[en]\nsearch = "Search"\n', encoding="utf-8")
    env = templates(UI_STRINGS=str(strings))
    assert render(env, "{{ 'ja'|language_name }}|{{ 'Markets'|family_name }}") == "ja|Markets"


def test_open_graph_locales_use_underscores():
    assert og_locale("zh-TW") == "zh_TW"
    assert og_locale("en") == "en"


def test_a_date_without_a_timezone_names_no_zone():
    """A page's date with no offset is shown as it is, without a made-up zone name."""
    naive = datetime(2025, 10, 12, 21, 51)
    assert zone_name(naive) == ""
    strings = strings_for(STRINGS, "en")
    assert format_date(naive, strings["short_date"], strings, "Asia/Tokyo") == "12 October 2025"


def test_a_regional_table_wins_over_its_language_and_missing_keys_come_from_english(tmp_path):
    strings = tmp_path / "strings.toml"
    strings.write_text(
        '[language_names]\nen = "English"\nzh-TW = "繁體中文"\n'
        '[en]\nsearch = "Search"\nimage = "Image"\n'
        '[zh]\nsearch = "搜索"\n'
        '[zh-TW]\nsearch = "搜尋"\n[zh-TW.families]\nMarkets = "市場"\n',
        encoding="utf-8",
    )
    taiwan = strings_for(strings, "zh-TW")
    assert (taiwan["search"], taiwan["image"], taiwan["families"]) == ("搜尋", "Image", {"Markets": "市場"})
    assert strings_for(strings, "zh-CN")["search"] == "搜索"
    assert strings_for(strings, "zh")["languages"] == {"en": "English", "zh-TW": "繁體中文"}
    assert strings_for(strings, "language_names") == strings_for(strings, "en")  # names are no interface


def test_a_strings_file_without_english_still_serves_its_languages(tmp_path):
    strings = tmp_path / "strings.toml"
    strings.write_text('[ja]\nsearch = "検索"\n', encoding="utf-8")
    assert strings_for(strings, "ja") == {"search": "検索", "languages": {}}
    assert strings_for(strings, "fr") == {"languages": {}}
