"""search/names.json and search/terms.json (plugins/archive/search_terms.py): the names, language
names, topics and title words the search page gets besides Pagefind's index."""

from __future__ import annotations

import itertools
import json
from types import SimpleNamespace

from archive.search_terms import NAMES, TERMS, WORDS, language_names, title_words, write_search_terms
from converter.detect import _project_languages

from tests.conftest import ROOT


class Named:
    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


def article(title: str, lang: str = "en") -> SimpleNamespace:
    return SimpleNamespace(title=title, lang=lang)


def generator(settings: dict | None = None) -> SimpleNamespace:
    one, two = article("Bitcoin &amp; <b>gold</b> rally"), article("Bitcoin slips", "ja")
    three = article("急落", "ja")
    return SimpleNamespace(
        settings=settings or {"UI_STRINGS": str(ROOT / "theme" / "strings.toml")},
        articles=[one, two, three],
        authors=[(Named("Jai Hamid", "authors/jai-hamid/"), [one]),
                 (Named("Ann Lee", "authors/ann-lee/"), [two, three])],
        categories=[(Named("CryptoSlate", "sources/cryptoslate/"), [one, two, three])],
        tags={Named("Gold", "tags/gold/"): [one], Named("Bitcoin", "tags/bitcoin/"): [one, two, three]},
    )


def test_the_files_list_names_and_languages_then_topics_and_words_most_articles_first(tmp_path):
    write_search_terms(generator(), SimpleNamespace(output_path=str(tmp_path)))
    names = json.loads((tmp_path / NAMES).read_text(encoding="utf-8"))
    assert names["authors"] == [["Ann Lee", "authors/ann-lee/", 2], ["Jai Hamid", "authors/jai-hamid/", 1]]
    assert names["sources"] == [["CryptoSlate", "sources/cryptoslate/", 3]]
    assert names["languages"] == {"en": "English", "ja": "日本語"}
    terms = json.loads((tmp_path / TERMS).read_text(encoding="utf-8"))
    assert terms["topics"] == [["Bitcoin", "tags/bitcoin/", 3], ["Gold", "tags/gold/", 1]]
    assert terms["words"] == ["bitcoin", "gold", "rally", "slips"]  # markup and entities are not words


def test_title_words_are_counted_once_a_title_and_only_the_most_frequent_are_kept():
    letters = ["".join(pair) for pair in itertools.product("abcdefghijklmnopqrstuvwxyz", repeat=3)]
    titles = [f"Common word{letters[n]} common" for n in range(WORDS + 10)] + ["Zebra", "ab cd"]
    words = title_words(titles)
    assert len(words) == WORDS and words[0] == "common"
    assert "ab" not in words and "zebra" not in words  # too short; past the most frequent WORDS


def test_language_names_come_from_the_interface_strings(tmp_path):
    strings = tmp_path / "strings.toml"
    settings = {"UI_STRINGS": str(strings)}
    strings.write_text('[en]\nsearch = "Search"\n', encoding="utf-8")
    assert language_names(settings, {"ja"}) == {}  # no table: the search page shows codes' names as it can
    strings.write_text('[language_names]\nja = "日本語"\npl = "Polski"\n[en]\n', encoding="utf-8")
    assert language_names(settings, {"ja", "xx"}) == {"ja": "日本語"}


def test_every_language_the_converter_writes_has_its_own_name():
    names = language_names({"UI_STRINGS": str(ROOT / "theme" / "strings.toml")}, set(_project_languages()))
    assert set(_project_languages()) - set(names) <= {"und"}
    shown = (names["ja"], names["zh-TW"], names["pl"], names["uk"])
    assert shown == ("日本語", "繁體中文", "Polski", "Українська")
