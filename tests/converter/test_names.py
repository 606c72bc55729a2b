"""Names and titles as they are meant to be shown (converter/names.py); the hostile pages that
need it are generated in tests/security/names.py, through the whole converter and Pelican."""

from __future__ import annotations

import pytest
from converter.model import InputError, PageFacts
from converter.names import (
    MAX_NAME,
    SEMICOLON_LOOKALIKE,
    author_list,
    known_sources,
    lookalike_of,
    read_author_list,
    show_names,
    visible,
)


def facts(**fields) -> PageFacts:
    return PageFacts(lang="en", **{"title": "Reserves rise", **fields})


@pytest.mark.parametrize(("text", "shown"), [
    ("Crypto\u202eSlate", "CryptoSlate"),
    ("\u2067Ann\u2069 Lee\u200b", "Ann Lee"),
    ("Ann\tLee\u0085\u000b", "Ann Lee"),
    ("Ann\u0001\u007f\u009b Lee", "Ann Lee"),
    ("\ufeff\u061c\u200e\u200f\u2060", ""),
    ("アン・リー (ニュース)", "アン・リー (ニュース)"),
])
def test_visible_text_has_no_bidi_invisible_or_control_characters(text, shown):
    assert visible(text) == shown


def test_names_are_nfkc_normalised_and_lookalikes_of_known_sources_are_noted():
    page = facts(source="Cr\u0443ptoSlate", via="\uff22\uff49\uff54\uff47\uff45\uff54",
                 authors=["\uff21nn Lee", "Ann Lee", "Bo\u200b"], translators=["\u0422he Block"])
    show_names(page)
    assert (page.source, page.via, page.authors, page.translators) == (
        "CryptoSlate", "Bitget", ["Ann Lee", "Bo"], ["The Block"])
    assert page.notes == [
        "source 'CrуptoSlate' looks like the known source 'CryptoSlate': written as 'CryptoSlate'",
        "via 'Ｂｉｔｇｅｔ' looks like the known source 'Bitget': written as 'Bitget'",
        "translator 'Тhe Block' looks like the known source 'The Block': written as 'The Block'",
    ]


def test_a_known_source_written_as_it_is_is_not_noted():
    page = facts(source="Crypto\u200bSlate", authors=["CryptoSlate"])
    show_names(page)
    assert (page.source, page.authors, page.notes) == ("CryptoSlate", ["CryptoSlate"], [])


@pytest.mark.parametrize("name", ["CryptoSlates", "CryptoState", "The Blocks", "Bitgen", "cryptoslate", ""])
def test_other_names_are_no_lookalikes(name):
    assert lookalike_of(name) is None


def test_known_sources_are_the_sites_and_the_listed_publishers():
    assert known_sources()[:2] == ("Bitget", "CryptoSlate") and "The Block" in known_sources()


def test_a_title_of_nothing_visible_fails_with_a_reason():
    with pytest.raises(InputError, match=r"the title has no visible character \(only U\+0001, U\+202E\)"):
        show_names(facts(title="\u202e\u0001"))


def test_titles_lose_hidden_characters_but_keep_their_letters():
    page = facts(title="Ｂｉｔｃｏｉｎ\u202e 価格（速報）", original_title="\u200bOriginal")
    show_names(page)
    assert (page.title, page.original_title) == ("Ｂｉｔｃｏｉｎ 価格（速報）", "Original")


@pytest.mark.parametrize(("names", "written"), [
    (["Ann Lee", "Bo Chen"], "Ann Lee, Bo Chen"),
    (["Doe, Jane", "Roe"], "Doe, Jane; Roe"),
    (["Alice; Bob", "Carol"], f"Alice{SEMICOLON_LOOKALIKE} Bob; Carol"),
])
def test_author_lists_pelican_reads_back_whole(names, written):
    assert author_list(names) == written


@pytest.mark.parametrize("names", [["Alice; Bob", "Carol"], ["Doe, Jane", "Roe, Richard"], ["A", "B", "C"],
                                   ["Ana; Luis, Sr.", "Mei"]])
def test_an_author_list_reads_back_as_written(names):
    """What the converter writes, claims.claim_of_file reads back (the file's authors are compared
    with a new copy's): the same names, whole."""
    assert read_author_list(author_list(names)) == names


def test_a_name_longer_than_any_is_cut_at_a_word_and_reported():
    """A 300 KB 'author' named a folder too long for the file system and stopped the build."""
    facts = PageFacts(lang="en", title="A title", authors=["Jane Doe " * 40_000, "Ana Lima"],
                      source="The Block " * 50)
    show_names(facts)
    assert len(facts.authors[0]) <= MAX_NAME and facts.authors[0].startswith("Jane Doe Jane")
    assert facts.authors[0].endswith("Doe…") and facts.authors[1] == "Ana Lima"
    assert len(facts.source) <= MAX_NAME
    assert any(note.startswith("author name of 359,999 characters cut to 9") for note in facts.notes)
