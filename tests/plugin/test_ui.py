"""The interface strings file and how dates are written for readers."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime

import pytest
from archive.ui import format_date, strings_for
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
