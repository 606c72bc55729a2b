"""Titles and names of every article, hand-written ones too, lose bidi controls and invisible
characters before Pelican groups articles by source and author."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from archive.names import HIDDEN, show_names
from converter import names as converter_names
from pelican.settings import read_settings
from pelican.urlwrappers import Author

from tests.conftest import ROOT
from tests.security.names import BIDI_CONTROLS, CONTROLS, INVISIBLE

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def article(**fields) -> SimpleNamespace:
    authors = [Author(name, SETTINGS) for name in fields.pop("authors", [])]
    first = authors[0] if authors else None
    return SimpleNamespace(authors=authors, author=first, source_path="a.md", **fields)


def run(*articles: SimpleNamespace) -> None:
    show_names(SimpleNamespace(articles=list(articles), translations=[], drafts=[], settings=SETTINGS))


@pytest.mark.parametrize("char", BIDI_CONTROLS + INVISIBLE + CONTROLS)
def test_titles_and_names_lose_bidi_controls_and_invisible_characters(char):
    written = article(title=f"Reserves{char} rise", source=f"Desk{char} Wire", via=f"{char}Bitget",
                      translators=f"Ann{char}", authors=[f"Ann{char} Lee", "Bo Chen"])
    run(written)
    assert (written.title, written.source, written.via, written.translators) == (
        "Reserves rise", "Desk Wire", "Bitget", "Ann")
    assert [author.name for author in written.authors] == ["Ann Lee", "Bo Chen"]
    assert written.author is written.authors[0] and written.author.slug == "ann-lee"


def test_articles_without_such_characters_keep_their_objects():
    authors = [Author("Ann Lee", SETTINGS)]
    written = SimpleNamespace(title="Reserves rise", source="Desk Wire", authors=authors, author=authors[0])
    run(written)
    assert written.authors is authors and written.title == "Reserves rise"


def test_a_title_with_nothing_visible_is_an_error(caplog):
    """Pelican's --fatal errors turns it into a failed build that names the file."""
    with caplog.at_level(logging.ERROR):
        run(article(title="\u202e\u200b", source="Desk"))
    assert "a.md: the title has no visible character" in caplog.text


def test_the_plugin_hides_the_same_characters_as_the_converter():
    """Two copies of one table (the plugin cannot import the converter): kept equal here."""
    assert HIDDEN.pattern == converter_names.HIDDEN.pattern
