"""Names and titles as they are meant to be shown.

A page can write a name so that it shows as something else: a bidi override (U+202E) left open
in a source name turns around every character printed after it on the same line (the site's own
date in each listing), zero-width characters make two names that look the same differ, and
letters of another script (a Cyrillic у in "CrуptoSlate") or fullwidth forms make a second
source that looks like a known one. So every name (authors, translators, source, via) and title
loses its bidi controls, invisible characters and control characters; names are NFKC-normalised,
and a name that is a Unicode confusable of a known publisher (grammar/sites.toml) is that
publisher, with a note for the report. A title that is nothing visible is no title.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from .grammar import GRAMMAR_DIR
from .model import InputError, PageFacts

# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the marks (U+200E,
# U+200F, U+061C), zero-width space, non-joiner and joiner (U+200B-U+200D), the word joiner and
# invisible operators (U+2060-U+2064) and the BOM: no name or title needs them to be read. Then
# C0 and C1 controls and DEL (those Python counts as white space become spaces first).
# plugins/archive/names.py has the same pattern, for hand-written articles.
HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]|[\x00-\x1f\x7f-\x9f]")


# Characters of an author, translator or source name; longer ones are cut (see _bounded).
MAX_NAME = 100


def visible(text: str) -> str:
    """`text` without bidi controls, invisible or control characters, its spaces collapsed."""
    return " ".join(HIDDEN.sub("", " ".join(text.split())).split())


def show_names(facts: PageFacts) -> None:
    """Every name and title of the facts as a reader should see it (see the module's doc); what
    was changed to a known source is noted for the report, in `facts.notes`.

    Raises InputError when the page's title holds characters but none that shows."""
    title = visible(facts.title)
    if facts.title and not title:
        codes = ", ".join(sorted({f"U+{ord(char):04X}" for char in facts.title}))
        raise InputError(f"the title has no visible character (only {codes[:80]})")
    facts.title, facts.original_title = title, visible(facts.original_title)
    facts.source, facts.via = _name(facts.source, "source", facts.notes), _name(facts.via, "via", facts.notes)
    facts.authors = _names(facts.authors, "author", facts.notes)
    facts.translators = _names(facts.translators, "translator", facts.notes)


def _names(names: list[str], role: str, notes: list[str]) -> list[str]:
    """Each name shown; names that become empty go, and a name listed twice is listed once."""
    return list(dict.fromkeys(shown for name in names if (shown := _name(name, role, notes))))


def _name(name: str, role: str, notes: list[str]) -> str:
    written = visible(name)
    normalised = unicodedata.normalize("NFKC", written)
    if len(normalised) > MAX_NAME:  # no known source is this long
        return _bounded(normalised, role, notes)
    # Both forms: NFKC makes some look-alikes plain (fullwidth letters) and others less alike
    # (U+03F2 lunate sigma, which looks like "c", becomes the final sigma "ς").
    known = lookalike_of(normalised) or lookalike_of(written)
    if known is None:
        return normalised
    if known != written:
        notes.append(f"{role} {written!r} looks like the known source {known!r}: written as {known!r}")
    return known


def _bounded(name: str, role: str, notes: list[str]) -> str:
    """The name cut to MAX_NAME characters at a space, with "…": a name names a page (authors and
    sources have one each), and no person or publisher is called by a paragraph."""
    if len(name) <= MAX_NAME:
        return name
    head = name[:MAX_NAME - 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    notes.append(f"{role} name of {len(name):,} characters cut to {len(cut) + 1}")
    return cut.rstrip() + "…"


def lookalike_of(name: str) -> str | None:
    """The known publisher `name` is, or looks like letter for letter (Unicode's confusables,
    through the confusable_homoglyphs data); None when it is like none of them."""
    for known in known_sources():
        if len(name) == len(known) and all(map(_alike, name, known)):
            return known
    return None


def _alike(char: str, other: str) -> bool:
    return char == other or other in _homoglyphs(char) or char in _homoglyphs(other)


@cache
def _homoglyphs(char: str) -> frozenset[str]:
    """What Unicode's confusables list for `char`. The data (0.9 MB of JSON, 30 ms) is read when
    a name first differs from a known one, not by every run."""
    from confusable_homoglyphs.confusables import confusables_data

    return frozenset(glyph["c"] for glyph in confusables_data.get(char, ()))


@cache
def known_sources(path: Path = GRAMMAR_DIR / "sites.toml") -> tuple[str, ...]:
    """The sites' names and the publishers grammar/sites.toml lists."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    names = [*(site["name"] for site in data["sites"].values()), *data.get("publishers", [])]
    return tuple(dict.fromkeys(names))


# Pelican splits an `Authors` value on ";" when it holds one, else on ",", and has no escape.
# U+037E GREEK QUESTION MARK is drawn as a semicolon (and is one after NFC or NFKC); Pelican
# does not normalise, so it never splits there.
SEMICOLON_LOOKALIKE = "\u037e"


def author_list(names: list[str]) -> str:
    """The `Authors` value Pelican reads back as exactly `names`, one Author each.

    "A, B" as before when no name holds a separator; else names are joined with "; " (a comma
    inside a name is then no separator), and a semicolon inside a name is written as one that
    looks the same but that Pelican does not split on."""
    if not any(mark in name for name in names for mark in ",;"):
        return ", ".join(names)
    return "; ".join(name.replace(";", SEMICOLON_LOOKALIKE) for name in names)


def read_author_list(value: str) -> list[str]:
    """The names an `Authors` value holds, read as Pelican reads it (`author_list` in reverse)."""
    parts = value.split(";") if ";" in value else value.split(",")
    return [part.strip().replace(SEMICOLON_LOOKALIKE, ";") for part in parts if part.strip()]
