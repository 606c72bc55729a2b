"""Hostile names and titles through the converter and Pelican's reader (issue 22, round two).

Every page of tests/security/names.py's generators is converted in this process; the Markdown
is read back with Pelican's own Markdown reader, with the archive's settings, as the site build
reads it. A name is shown as it is meant: no bidi control or invisible character, a look-alike
of a known source is that source (and the report says so), an author stays one author, a title
is its text, and a page whose title is nothing visible fails with a reason.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter.metadata import Settings
from converter.model import InputError
from converter.pipeline import Conversion, convert_file
from converter.topics import load_rules
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from tests.conftest import ROOT
from tests.security.names import (
    BIDI_CONTROLS,
    CONTROLS,
    INVISIBLE,
    NamePage,
    control_title_pages,
    hidden_character_pages,
    lookalike_source_pages,
    markup_title_pages,
    separator_author_pages,
)

RULES = load_rules()
UTC = Settings(timezone=ZoneInfo("UTC"))
PELICAN = read_settings(str(ROOT / "pelicanconf.py"))
HIDDEN = set(BIDI_CONTROLS + INVISIBLE + CONTROLS)


def convert(page: NamePage, folder: Path) -> Conversion:
    path = folder / f"{page.name}{page.suffix}"
    path.write_text(page.text, encoding="utf-8")
    return convert_file(path, RULES, UTC)


def read_back(conversion: Conversion, folder: Path) -> dict:
    """The article's metadata as Pelican reads its Markdown file."""
    path = folder / "article.md"
    path.write_text(conversion.markdown, encoding="utf-8")
    return MarkdownReader(PELICAN).read(str(path))[1]


def names_of(metadata: dict) -> list[str]:
    """The authors Pelican made of the file, one `Author` each."""
    if "authors" in metadata:
        return [str(author) for author in metadata["authors"]]
    return [str(metadata["author"])] if "author" in metadata else []


def _ids(pages) -> dict:
    pages = list(pages)
    return {"argvalues": pages, "ids": [page.name for page in pages]}


@pytest.mark.parametrize("page", **_ids(hidden_character_pages()))
def test_bidi_controls_and_invisible_characters_leave_names_and_titles(page, tmp_path):
    """An unclosed U+202E in a source reverses the date printed after it in every listing."""
    conversion = convert(page, tmp_path)
    article = conversion.article
    assert (article.title, article.source, tuple(article.authors)) == (page.title, page.source, page.authors)
    header = conversion.markdown.split("\n\n", 1)[0]
    assert not HIDDEN & set(header), [f"U+{ord(c):04X}" for c in sorted(HIDDEN & set(header))]


@pytest.mark.parametrize("page", **_ids(lookalike_source_pages()))
def test_a_lookalike_of_a_known_source_is_that_source_and_reported(page, tmp_path):
    """"CrуptoSlate" with a Cyrillic у made a second CryptoSlate in the source filter."""
    conversion = convert(page, tmp_path)
    assert conversion.article.source == page.source
    assert any(page.source in note for note in conversion.notes), conversion.notes


@pytest.mark.parametrize("page", **_ids(separator_author_pages()))
def test_each_author_stays_one_author_in_pelican(page, tmp_path):
    """Pelican splits `Authors` on `;` when the value holds one, else on `,`. Names are compared
    NFKC-normalised: a character that reads as `;` inside a name is that name, as the page wrote it."""
    metadata = read_back(convert(page, tmp_path), tmp_path)
    shown = [unicodedata.normalize("NFKC", name) for name in names_of(metadata)]
    assert shown == list(page.authors)


@pytest.mark.parametrize("page", **_ids(markup_title_pages()))
def test_a_headline_that_looks_like_markup_is_the_title_whole(page, tmp_path):
    """`Feed ]]> &amp; <![CDATA[ x` was cut to `Feed ]]> &`: the title is text, never parsed as HTML."""
    conversion = convert(page, tmp_path)
    assert conversion.article.title == page.title
    assert read_back(conversion, tmp_path)["title"] == page.title.replace("&", "&amp;").replace(
        "<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize("page", **_ids(control_title_pages()))
def test_a_title_of_control_or_invisible_characters_fails_with_a_reason(page, tmp_path):
    """`\\u0001` as a headline made an empty title and an empty link in every listing."""
    with pytest.raises(InputError, match="title"):
        convert(page, tmp_path)
