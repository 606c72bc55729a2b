"""The interface language: strings from theme/strings.toml and dates written for readers.

The site language is Pelican's DEFAULT_LANG; every template reads its words from `ui` and
formats dates with the filters below, so switching the site to Japanese is one setting.
Month names come from the strings file, not the system locale, so a build prints the same
dates on every machine.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from .summaries import short_summary

FALLBACK_LANG = "en"


@cache
def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def strings_for(path: Path, lang: str) -> dict:
    """The strings of `lang`, each missing key taken from English."""
    tables = _load(path)
    if lang not in tables and lang.split("-")[0] in tables:
        lang = lang.split("-")[0]
    merged = dict(tables.get(FALLBACK_LANG, {}))
    for key, value in tables.get(lang, {}).items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def format_date(date: datetime, pattern: str, strings: dict, timezone: str) -> str:
    """`date` in the site's timezone, written with one of the strings file's date patterns."""
    date = in_timezone(date, timezone)
    return pattern.format(
        year=date.year, month=date.month, day=date.day,
        hour=f"{date.hour:02d}", minute=f"{date.minute:02d}",
        month_name=strings["months"][date.month - 1], tz=zone_name(date),
    )


def in_timezone(date: datetime, timezone: str) -> datetime:
    """`date` in the site's timezone; at the edges of the calendar (9999-12-31 at -14:00, 0001-01-01
    at +14:00) there is no such date, so the page's own wall-clock date is shown rather than failing."""
    if date.tzinfo is None:
        return date
    try:
        return date.astimezone(ZoneInfo(timezone))
    except OverflowError:
        return date


def zone_name(date: datetime) -> str:
    """`JST`, or `UTC-14:00` for a bare offset (a date left in the page's own offset has no zone name)."""
    name, offset = date.tzname(), date.utcoffset()
    if name or offset is None:
        return name or ""
    return dt_timezone(offset).tzname(None)


def og_locale(lang: str) -> str:
    """Open Graph wants `ja_JP`-style locales; a bare language is a valid answer too."""
    return lang.replace("-", "_")


def install(generator) -> None:
    """Give every template `ui`, the `ui_date` filter and friends (connected to generator_init)."""
    settings = generator.settings
    path = Path(settings.get("UI_STRINGS", "theme/strings.toml")).resolve()
    strings = strings_for(path, settings.get("DEFAULT_LANG", FALLBACK_LANG))
    timezone = settings.get("TIMEZONE", "UTC")
    env = generator.env
    env.globals["ui"] = strings
    env.filters["ui_date"] = lambda date, style="date": format_date(date, strings[style], strings, timezone)
    env.filters["language_name"] = lambda lang: strings.get("languages", {}).get(lang, lang)
    env.filters["family_name"] = lambda family: strings.get("families", {}).get(family, family)
    env.filters["og_locale"] = og_locale
    env.filters["short_summary"] = short_summary
