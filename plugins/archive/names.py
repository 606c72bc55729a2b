"""Titles and names without the characters that turn the text after them around.

An unclosed bidi override (U+202E) in a source name reverses every character after it on its
line, such as the date each listing prints after the source; zero-width characters make two
names that look the same two sources. The converter removes them from what it writes
(scripts/converter/names.py); a hand-written article has only this: before Pelican groups
articles by source and author, every title and name loses them, and a title left with nothing
to show is an error (the build fails, naming the file). The theme also prints each name inside
<bdi>, so that a right-to-left name cannot reorder the text around it either.
"""

from __future__ import annotations

import logging
import re

from pelican.urlwrappers import Author

from .slugs import LISTS

log = logging.getLogger(__name__)

# The same characters as the converter's (scripts/converter/names.py HIDDEN; the plugin cannot
# import the converter, so tests/plugin/test_site_names.py keeps the two equal): bidi controls,
# marks, zero-width characters, the BOM, and C0/C1 controls.
HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]|[\x00-\x1f\x7f-\x9f]")
TEXT_FIELDS = ("title", "source", "via", "original_title", "translators")


def visible(text: str) -> str:
    """`text` without bidi controls, invisible or control characters, its spaces collapsed."""
    return " ".join(HIDDEN.sub("", " ".join(text.split())).split())


def show_names(generator) -> None:
    """article_generator_pretaxonomy, before sources become categories and authors are grouped."""
    for name in LISTS:
        for article in getattr(generator, name, []):
            _show(article, generator.settings)


def _show(article, settings: dict) -> None:
    for field in TEXT_FIELDS:
        value = getattr(article, field, None)
        if isinstance(value, str) and HIDDEN.search(value):
            setattr(article, field, visible(value))
    if not visible(getattr(article, "title", "")):
        log.error("%s: the title has no visible character", getattr(article, "source_path", article))
    authors = getattr(article, "authors", None)
    if authors and any(HIDDEN.search(author.name) for author in authors):
        shown = [visible(author.name) for author in authors]
        article.authors = [Author(name, settings) for name in dict.fromkeys(shown) if name]
        if article.authors:
            article.author = article.authors[0]
        elif hasattr(article, "author"):
            del article.author
