"""The languages the archive holds, named as their speakers write them and sorted by that name.

Templates get `archive_languages` (the header's language switch, the search page's language
filter): one `Language` per language some published article is in, with its name from
theme/strings.toml's `[language_names]` and the address of its listing page
(LANGUAGE_URL, default `languages/{code}/`). Sorted by name, as a reader scans a list of names,
not by code: "Deutsch, English, Español, …, Polski, …, 日本語, 简体中文".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .ui import language_name, name_order, strings_for, strings_path

LANGUAGE_URL = "languages/{code}/"
# A language code as BCP 47 writes it (en, ja, zh-CN): anything else gets no listing, as nothing
# read from an article may choose a path.
LANG_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    url: str
    count: int  # published articles in the language


def languages_of(codes: Counter, strings: dict, url_pattern: str = LANGUAGE_URL) -> list[Language]:
    """Each language of `codes` (code -> article count) with its own name, sorted by that name."""
    found = [Language(code, language_name(code, strings), listing_url(url_pattern, code), count)
             for code, count in codes.items() if LANG_CODE.fullmatch(code or "")]
    return sorted(found, key=lambda language: name_order(language.name))


def listing_url(pattern: str, code: str) -> str:
    """A language listing's URL or file (LANGUAGE_URL, LANGUAGE_SAVE_AS), which may name the code
    {code}, {lang} or {slug}."""
    return pattern.format(code=code, lang=code, slug=code.lower())


def list_archive_languages(generator) -> None:
    """article_generator_finalized: every template of the build sees `archive_languages`."""
    settings = generator.settings
    strings = strings_for(strings_path(settings), settings.get("DEFAULT_LANG", "en"))
    codes = Counter(article.lang for article in generator.articles)
    pattern = settings.get("LANGUAGE_URL") or LANGUAGE_URL
    generator.context["archive_languages"] = languages_of(codes, strings, pattern)
