"""The interface language: strings from theme/strings.toml and dates written for readers.

The site language is Pelican's DEFAULT_LANG; every template reads its words from `ui` and
formats dates with the filters below, so switching the site to Japanese is one setting.
An article page speaks its article's language around the article: `ui_in(lang)` gives that
language's strings (English for a key it lacks) and `ui_date(style, lang)` its dates.
Languages are named as their speakers write them (`[language_names]`: 日本語, Polski), the same
in every interface language. Month names come from the strings file, not the system locale,
so a build prints the same dates on every machine.
"""

from __future__ import annotations

import tomllib
import unicodedata
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from .summaries import short_summary

FALLBACK_LANG = "en"
NAMES_TABLE = "language_names"  # not an interface language: each language's own name
UNDETERMINED = "und"  # the converter's code for an article whose language it could not tell


@cache
def _load(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def strings_for(path: Path, lang: str) -> dict:
    """The strings of `lang`, each missing key taken from English; `languages` is every
    language's own name (search.js reads it from the search page's data)."""
    tables = _load(path)
    if lang not in tables and lang.split("-")[0] in tables:
        lang = lang.split("-")[0]
    merged = dict(tables.get(FALLBACK_LANG, {}))
    for key, value in (tables.get(lang, {}) if lang != NAMES_TABLE else {}).items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    merged["languages"] = language_names(path)
    return merged


def language_names(path: Path) -> dict[str, str]:
    """Language code -> the language's name in that language."""
    return dict(_load(path).get(NAMES_TABLE, {}))


def language_name(code: str, strings: dict) -> str:
    """`日本語` for `ja`; a language without a name in the strings file keeps its code, and the
    undetermined language is said so in the interface language."""
    if code == UNDETERMINED:
        return strings.get("language_unknown", code)
    return strings["languages"].get(code, code)


def name_order(name: str) -> tuple[str, str]:
    """How a list of names is sorted: accents and case ignored first ("Español" between "English"
    and "Filipino"), then as written; scripts follow each other (Latin, Cyrillic, …, CJK)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold(), name


def format_date(date: datetime, pattern: str, strings: dict, timezone: str, standalone: bool = False) -> str:
    """`date` in the site's timezone, written with one of the strings file's date patterns;
    `standalone` for a month named on its own (`month`), where some languages inflect it apart."""
    date = in_timezone(date, timezone)
    months = strings.get("months_standalone", strings["months"]) if standalone else strings["months"]
    return pattern.format(
        year=date.year, month=date.month, day=date.day,
        hour=f"{date.hour:02d}", minute=f"{date.minute:02d}",
        month_name=months[date.month - 1], tz=zone_name(date),
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


def strings_path(settings: dict) -> Path:
    return Path(settings.get("UI_STRINGS", "theme/strings.toml")).resolve()


def install(generator) -> None:
    """Give every template `ui`, `ui_in`, the `ui_date` filter and friends (connected to generator_init)."""
    settings = generator.settings
    path = strings_path(settings)
    site_lang = settings.get("DEFAULT_LANG", FALLBACK_LANG)
    strings = strings_for(path, site_lang)
    timezone = settings.get("TIMEZONE", "UTC")

    def ui_date(date: datetime, style: str = "date", lang: str | None = None) -> str:
        table = strings_for(path, lang or site_lang)
        return format_date(date, table[style], table, timezone, standalone=style == "month")

    env = generator.env
    env.globals["ui"] = strings
    # What search.js reads (theme/templates/search.html writes it into the page): its own strings and
    # the languages' names, not every label of the site (1 KB less on the first search).
    env.globals["search_ui"] = {key: value for key, value in strings.items()
                                if key.startswith("search_") or key == "languages"}
    env.globals["ui_in"] = lambda lang: strings_for(path, lang or site_lang)
    env.filters["ui_date"] = ui_date
    env.filters["language_name"] = lambda code: language_name(code, strings)
    env.filters["by_language_name"] = lambda items: sorted(
        items, key=lambda item: name_order(language_name(item.lang, strings)))
    env.filters["family_name"] = lambda family: strings.get("families", {}).get(family, family)
    env.filters["og_locale"] = og_locale
    env.filters["short_summary"] = short_summary
