"""The interface strings file and how dates are written for readers."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from types import SimpleNamespace

import jinja2
import pytest
from archive import ui
from archive.ui import format_date, og_locale, strings_for, zone_name
from pelican.utils import get_date

from tests.conftest import ROOT

STRINGS = ROOT / "theme" / "strings.toml"
PUBLISHED = datetime(2025, 10, 12, 21, 51, tzinfo=UTC)


def test_every_language_translates_every_string():
    tables = tomllib.loads(STRINGS.read_text(encoding="utf-8"))
    english = set(tables["en"]) - {"families"}  # English family names are the topic rules' own
    for lang, table in tables.items():
        assert set(table) - {"families"} == english, lang
        assert set(table["languages"]) == set(tables["en"]["languages"]), lang
        assert len(table["months"]) == 12, lang


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
    assert strings_for(STRINGS, "fr")["skip"] == "Skip to content"
    assert strings_for(STRINGS, "ja-JP")["skip"] == "本文へ移動"  # a regional variant uses its language
    assert strings_for(STRINGS, "ja")["languages"]["en"] == "英語"


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
    assert render(env, "{{ 'en'|language_name }}|{{ 'xx'|language_name }}") == "英語|xx"
    assert render(env, "{{ 'Commodities'|family_name }}|{{ 'Other'|family_name }}") == "コモディティ|Other"
    assert render(env, "{{ 'ja-JP'|og_locale }}") == "ja_JP"


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
        '[en]\nsearch = "Search"\nimage = "Image"\n[en.languages]\nen = "English"\nja = "Japanese"\n'
        '[zh]\nsearch = "搜索"\n[zh.languages]\nen = "英语"\n'
        '[zh-TW]\nsearch = "搜尋"\n[zh-TW.families]\nMarkets = "市場"\n',
        encoding="utf-8",
    )
    taiwan = strings_for(strings, "zh-TW")
    assert (taiwan["search"], taiwan["image"], taiwan["families"]) == ("搜尋", "Image", {"Markets": "市場"})
    assert strings_for(strings, "zh-CN")["search"] == "搜索"
    assert strings_for(strings, "zh")["languages"] == {"en": "英语", "ja": "Japanese"}


def test_a_strings_file_without_english_still_serves_its_languages(tmp_path):
    strings = tmp_path / "strings.toml"
    strings.write_text('[ja]\nsearch = "検索"\n', encoding="utf-8")
    assert strings_for(strings, "ja") == {"search": "検索"}
    assert strings_for(strings, "fr") == {}
