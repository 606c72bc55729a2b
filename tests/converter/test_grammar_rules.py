"""Every rule of the page grammar earns its place, and the lines pages carry are removed.

tests/fixtures/grammar_examples.toml labels lines Bitget pages carry that are not the article
(chrome, promos, bylines, tails), by language and by where pages carry them. Each is put on a
real-shaped page of its language in its place, and the converted article must lack it: a rule
deleted from the grammar by mistake fails here. And each rule of scripts/converter/grammar/*.toml
must be the one that removes some labelled line: with that one rule taken out of the grammar,
the line shows in the article. A rule nothing needs, or one another rule shadows, fails.

Rules and lines are read from the files: a grammar file added later is tested without edits to
this file. It needs a text page in its language under tests/fixtures/ and its labelled lines.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4.builder import HTMLParserTreeBuilder
from converter import htmlpage, pipeline
from converter.grammar import GRAMMAR_DIR, PageGrammar, load_grammar
from converter.htmlpage import load_site_rules
from converter.metadata import Settings
from converter.model import Article
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import FIXTURES

GRAMMAR = load_grammar()
PAGE_FOLDERS = (FIXTURES / "pages", FIXTURES / "languages", FIXTURES / "corpus")
SITES = GRAMMAR_DIR / "sites.toml"
LANGUAGE_FILES = sorted(path for path in GRAMMAR_DIR.glob("*.toml") if path != SITES)

# Where a page carries a line of each kind of rule.
PLACES = {
    "app_banners": "header", "nav_lines": "header", "taglines": "header", "raw_key_prefixes": "header",
    "view_original": "byline", "author_prefixes": "byline", "source_prefixes": "body_top",
    "attributions": "body_end", "tail_lines": "tail", "tail_prefixes": "tail",
    "translator_prefixes": "body_top", "original_title_prefixes": "body_top", "share_prefixes": "body_top",
    "summary_prefixes": "body_top", "buttons": "body_middle", "related_prefixes": "body_middle",
}
PREFIX_KINDS = {
    "raw_key_prefixes", "author_prefixes", "source_prefixes", "tail_prefixes", "translator_prefixes",
    "original_title_prefixes", "share_prefixes", "summary_prefixes", "related_prefixes",
}


@dataclass(frozen=True)
class Rule:
    """One entry of the merged grammar: a line shared by several languages is one rule."""

    kind: str
    value: str
    files: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"

    def matches(self, line: str) -> bool:
        if self.kind == "attributions":
            return re.match(self.value, line) is not None
        return line.startswith(self.value) if self.kind in PREFIX_KINDS else line == self.value


@dataclass(frozen=True)
class Labelled:
    """A line a page carries (grammar_examples.toml), its language and its place."""

    lang: str
    place: str
    text: str

    def __str__(self) -> str:
        return f"{self.lang}:{self.place}:{self.text[:40]}"


def grammar_rules() -> list[Rule]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in LANGUAGE_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for kind in PLACES:
            for value in data.get(kind, []):
                found.setdefault((kind, value), []).append(path.name)
    return [Rule(kind, value, tuple(files)) for (kind, value), files in found.items()]


def labelled_lines() -> list[Labelled]:
    data = tomllib.loads((FIXTURES / "grammar_examples.toml").read_text(encoding="utf-8"))
    return [Labelled(lang, place, text) for lang, places in data.items()
            for place, texts in places.items() for text in texts]


RULES = grammar_rules()
LABELLED = labelled_lines()


def test_every_grammar_file_kind_language_and_place_is_under_test():
    """The floor: the parametrised tests below see every file, kind, language and place."""
    assert {name for rule in RULES for name in rule.files} == {path.name for path in LANGUAGE_FILES}
    assert {rule.kind for rule in RULES} == set(PLACES)
    languages = {tomllib.loads(p.read_text(encoding="utf-8")).get("lang") for p in LANGUAGE_FILES} - {None}
    assert {line.lang for line in LABELLED} == languages
    assert {line.place for line in LABELLED} == set(PLACES.values())
    assert len(RULES) >= 75 and len(LABELLED) >= 80


@pytest.mark.parametrize("line", LABELLED, ids=str)
def test_labelled_line_is_not_in_the_article(line, tmp_path):
    kept = lines_of(convert(write_page(line, tmp_path)))
    assert line.text not in kept, f"{line.lang} pages keep {line.text!r} in the article ({line.place})"


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_each_grammar_rule_removes_a_labelled_line(rule, tmp_path, monkeypatch):
    owned = [line for line in LABELLED if line.place == PLACES[rule.kind] and rule.matches(line.text)]
    assert owned, f"{rule} ({', '.join(rule.files)}) matches no line of grammar_examples.toml: add one"
    page = write_page(owned[0], tmp_path)
    monkeypatch.setattr(pipeline, "load_grammar", lambda: grammar_without(rule, tmp_path / "grammar"))
    assert owned[0].text in lines_of(convert(page)), f"{rule}: another rule removes its lines anyway"


# --- text pages --------------------------------------------------------------------------------


def base_page(lang: str) -> list[str]:
    """A real-shaped text dump in the language, with a dateline; one with a tail too, if any."""
    pages = [path.read_text(encoding="utf-8").split("\n") for folder in PAGE_FOLDERS
             for path in sorted(folder.glob(f"bitget-{lang.lower()}-*.txt"))]
    dated = [lines for lines in pages if any(GRAMMAR.dateline_match(line) for line in lines)]
    for lines in sorted(dated, key=lambda page: not any(GRAMMAR.starts_tail(line.strip()) for line in page)):
        return lines
    pytest.fail(f"no text page in {lang!r} under {', '.join(map(str, PAGE_FOLDERS))}: add one "
                f"(bitget-{lang.lower()}-<source>-<topic>.txt) so its grammar file is tested")


def write_page(line: Labelled, folder: Path) -> Path:
    """The language's page with the line where pages carry it, as a file to convert."""
    lines = base_page(line.lang)
    dateline = next(i for i, text in enumerate(lines) if GRAMMAR.dateline_match(text))
    byline_end = dateline + 1
    while byline_end < len(lines) and (lines[byline_end] in GRAMMAR.view_original
                                       or GRAMMAR.author_line(lines[byline_end]) is not None):
        byline_end += 1
    tails = (i for i in range(byline_end, len(lines)) if GRAMMAR.starts_tail(lines[i].strip()))
    tail = next(tails, len(lines))
    if line.place == "header":
        # Without a dateline the title is the first line that is not chrome (an undated dump).
        title = next(i for i, text in enumerate(lines) if text and not GRAMMAR.is_chrome(text))
        page = [*lines[:title], line.text, *lines[title:dateline], *lines[dateline + 1:]]
    elif line.place == "byline":
        page = [*lines[:dateline + 1], line.text, *lines[byline_end:]]
    elif line.place == "body_top":
        page = [*lines[:byline_end], "", line.text, *lines[byline_end:]]
    elif line.place == "body_end":
        page = [*lines[:tail], line.text, "", *lines[tail:]]
    elif line.place == "body_middle":  # between two blocks of the body, as a line of its own
        middle = next(i for i in range((byline_end + tail) // 2, tail + 1) if i == tail or not lines[i])
        page = [*lines[:middle], "", line.text, "", *lines[middle:]]
    else:  # the line opens the tail; the promo lines that follow it on the page stay, but not a
        # related article's "<Source><date>" line, which cuts the tail by itself (clean.py)
        promo = [text for text in lines[tail + 1:]
                 if text and not GRAMMAR.starts_tail(text) and not GRAMMAR.dateline_match(text)][:3]
        page = [*lines[:tail], line.text, *promo, ""]
    path = folder / f"bitget-{line.lang}-page.txt"
    path.write_text("\n".join(page), encoding="utf-8")
    return path


def lines_of(article: Article) -> set[str]:
    return {article.title, *(block.text for block in article.blocks)}


def grammar_without(rule: Rule, folder: Path) -> PageGrammar:
    """The grammar files, each without the rule, loaded by the converter's own loader."""
    folder.mkdir()
    for path in LANGUAGE_FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        if rule.kind in data:
            data[rule.kind] = [value for value in data[rule.kind] if value != rule.value]
        write_toml(folder / path.name, data)
    return load_grammar(folder)


# --- saved HTML: what sites.toml drops before the body is read ------------------------------------

# Void elements cannot hold text: there is nothing of theirs to find in the body.
VOID_TAGS = set(HTMLParserTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS or ())
SELECTOR = re.compile(r"^\[(?P<attr>[\w-]+)(?:(?P<op>\*?=)(?P<value>[^\]]+))?\]$")
SITE_DATA = tomllib.loads(SITES.read_text(encoding="utf-8"))
HTML_PAGE = FIXTURES / "pages" / "bitget-en-html-ethereum-etf-staking.html"
DROP_RULES = [("drop_selectors", s) for s in SITE_DATA["drop_selectors"]] + [
    ("drop_tags", tag) for tag in SITE_DATA["drop_tags"] if tag not in VOID_TAGS
]


def test_every_dropping_rule_with_content_is_under_test():
    assert len(DROP_RULES) >= len(SITE_DATA["drop_selectors"]) + 10
    assert {tag for tag in SITE_DATA["drop_tags"] if tag not in VOID_TAGS} <= {r for _, r in DROP_RULES}


def element_for(kind: str, rule: str, text: str) -> str:
    """An element the rule matches, holding `text`."""
    if kind == "drop_tags":
        return f"<{rule}>{text}</{rule}>"
    match = SELECTOR.match(rule)
    assert match, f"write an element for {rule!r}: the test knows only [attr], [attr=v], [attr*=v]"
    attr, op, value = match["attr"], match["op"], match["value"]
    if op is None:
        return f"<div {attr}>{text}</div>"
    return f'<div {attr}="{value if op == "=" else f"promo-{value}-box"}">{text}</div>'


def html_page_with(elements: list[str]) -> str:
    """The saved Bitget page with the elements after the article's first paragraph."""
    page = HTML_PAGE.read_text(encoding="utf-8")
    at = page.index("</p>", page.index('id="news-content"')) + len("</p>")
    return page[:at] + "".join(elements) + page[at:]


def block_text(rule: str) -> str:
    return f"Sponsored block for {rule}: lock to earn new tokens."


def test_every_dropped_block_is_gone(tmp_path):
    page = tmp_path / HTML_PAGE.name
    page.write_text(html_page_with([element_for(kind, rule, block_text(rule)) for kind, rule in DROP_RULES]))
    article = "\n".join(lines_of(convert(page)))
    assert [rule for _, rule in DROP_RULES if block_text(rule) in article] == []
    assert "Ethereum" in article  # the article itself is still there


@pytest.mark.parametrize(("kind", "rule"), DROP_RULES, ids=lambda value: str(value))
def test_each_dropping_rule_is_needed(kind, rule, tmp_path, monkeypatch):
    """Without the rule, its block shows in the article: no other rule removes it."""
    page = tmp_path / HTML_PAGE.name
    page.write_text(html_page_with([element_for(kind, rule, block_text(rule))]), encoding="utf-8")
    data = {**SITE_DATA, kind: [value for value in SITE_DATA[kind] if value != rule]}
    write_toml(tmp_path / "sites.toml", data)
    monkeypatch.setattr(htmlpage, "load_site_rules", lambda: load_site_rules(tmp_path / "sites.toml"))
    assert any(block_text(rule) in line for line in lines_of(convert(page))), f"{kind} {rule!r}"


# --- helpers ------------------------------------------------------------------------------------

SETTINGS = Settings(timezone=ZoneInfo("UTC"))


def convert(page: Path) -> Article:
    return convert_file(page, load_rules(), SETTINGS).article


def write_toml(path: Path, data: dict) -> None:
    """TOML of plain tables, strings, numbers and lists (all a grammar file holds)."""
    text = _toml_table(data, ())
    assert tomllib.loads(text) == data, "the grammar did not survive the round trip"
    path.write_text(text, encoding="utf-8")


def _toml_table(data: dict, name: tuple[str, ...]) -> str:
    key: Callable[[str], str] = lambda k: json.dumps(k, ensure_ascii=False)  # noqa: E731
    lines = [f"[{'.'.join(map(key, name))}]"] if name else []
    lines += [f"{key(k)} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    tables = [_toml_table(v, (*name, k)) for k, v in data.items() if isinstance(v, dict)]
    return "\n".join([*lines, *tables]) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(_toml_value, value)) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
