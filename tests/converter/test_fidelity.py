"""A saved page's structure survives conversion: what the site shows is what the page showed.

Each page in tests/fixtures/fidelity/ goes through the converter's whole pipeline; its Markdown is
rendered the way the site renders it (pelicanconf.MARKDOWN, with `codehilite` and `footnotes` as
the site is to use them when pelicanconf does not name them yet) and cleaned by the site's own
sanitiser; the element tree is then compared with the labels in expected_structure.toml.
"""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from zoneinfo import ZoneInfo

import markdown
import pytest
from archive.sanitize import clean_html
from bs4 import BeautifulSoup, Tag
from converter.metadata import Settings
from converter.pipeline import convert_file
from converter.topics import load_rules

import pelicanconf
from tests.conftest import FIXTURES

FIDELITY = FIXTURES / "fidelity"
LABELS = tomllib.loads((FIDELITY / "expected_structure.toml").read_text(encoding="utf-8"))
PAGES = sorted(LABELS)


def site_markdown_settings() -> dict[str, dict]:
    """The site's own Markdown extensions and settings (pelicanconf.py), as Pelican uses them."""
    return dict(pelicanconf.MARKDOWN["extension_configs"])


@cache
def converted(name: str) -> tuple[str, BeautifulSoup]:
    """The page's Markdown body and the HTML the site makes of it (rendered, then sanitised)."""
    conversion = convert_file(FIDELITY / name, load_rules(), Settings(timezone=ZoneInfo("UTC")))
    body = conversion.markdown.split("\n\n", 1)[1]
    settings = site_markdown_settings()
    rendered = markdown.markdown(body, extensions=list(settings), extension_configs=settings,
                                 output_format="html5")
    return body, BeautifulSoup(clean_html(rendered, converted=True), "html.parser")


def _own_text(item: Tag) -> str:
    """A list item's text without its nested lists."""
    item = copy.copy(item)
    for nested in item.find_all(["ul", "ol"]):
        nested.decompose()
    return " ".join(item.get_text().split())


def _text(element: Tag) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("name", PAGES)
def test_the_title_is_the_pages(name):
    conversion = convert_file(FIDELITY / name, load_rules(), Settings(timezone=ZoneInfo("UTC")))
    assert conversion.article.title == LABELS[name]["title"]


@pytest.mark.parametrize("name", PAGES)
def test_code_blocks_keep_their_exact_text_and_language(name):
    _, page = converted(name)
    blocks = [(code, code.find_parent("pre")) for code in page.find_all("code") if code.find_parent("pre")]
    found = [(" ".join(code.get("class") or []), code.get_text().rstrip("\n")) for code, _ in blocks]
    expected = [(f"language-{block['language']}", block["text"]) for block in LABELS[name]["code"]]
    assert found == expected


@pytest.mark.parametrize("name", PAGES)
def test_code_is_highlighted_by_pygments_classes(name):
    _, page = converted(name)
    for block in page.select("div.highlight"):
        assert block.find("pre").find("code").find("span", class_=True), "Pygments marks tokens with classes"
    assert len(page.select("div.highlight")) == len(LABELS[name]["code"])


@pytest.mark.parametrize("name", PAGES)
def test_inline_code_stays_inline(name):
    _, page = converted(name)
    inline = [code.get_text() for code in page.find_all("code") if not code.find_parent("pre")]
    assert inline == LABELS[name]["inline_code"]
    assert all(code.find_parent("p") for code in page.find_all("code") if not code.find_parent("pre"))


@pytest.mark.parametrize("name", PAGES)
def test_tables_markdown_can_hold_become_markdown_tables(name):
    body, page = converted(name)
    for label in LABELS[name]["tables"]:
        assert "| " + " | ".join(label["header"]) + " |" in body.splitlines()
        table = next(t for t in page.find_all("table")
                     if [_text(th) for th in t.find_all("th")] == label["header"])
        rows = [[_text(td) for td in row.find_all("td")] for row in table.find("tbody").find_all("tr")]
        assert rows == label["rows"]


@pytest.mark.parametrize("name", PAGES)
def test_tables_with_merged_cells_stay_tables_with_their_spans(name):
    body, page = converted(name)
    for label in LABELS[name]["html_tables"]:
        table = next(t for t in page.find_all("table")
                     if [_text(cell) for cell in t.find_all(["th", "td"])] == label["cells"])
        for span in label["spans"]:
            cells = [cell for cell in table.find_all(["th", "td"]) if _text(cell) == span["text"]]
            attribute = "colspan" if "colspan" in span else "rowspan"
            assert any(cell.get(attribute) == span[attribute] for cell in cells), span
        assert not table.find(attrs={"class": True}) and not table.find(attrs={"style": True})
    assert body.count("<table") == len(LABELS[name]["html_tables"])


@pytest.mark.parametrize("name", PAGES)
def test_footnotes_become_markdown_footnotes(name):
    body, page = converted(name)
    notes = LABELS[name]["footnotes"]
    references = page.select("sup[id^='fnref'] a.footnote-ref")
    assert [a.get_text() for a in references] == [str(number) for number in range(1, len(notes) + 1)]
    items = page.select("div.footnote ol > li")
    for item in items:
        for back in item.select("a.footnote-backref"):
            back.decompose()
    assert [_text(item) for item in items] == notes
    assert all(f"[^{number}]: " in body for number in range(1, len(notes) + 1))


@pytest.mark.parametrize("name", PAGES)
def test_figures_keep_their_caption_with_the_image(name):
    _, page = converted(name)
    figures = page.find_all("figure")
    assert len(figures) == len(LABELS[name]["figures"])
    for figure, label in zip(figures, LABELS[name]["figures"], strict=True):
        image = figure.find("img")
        assert (image["src"], image["alt"]) == (label["src"], label["alt"])
        caption = figure.find("figcaption")
        assert _text(caption) == label["caption"]
        assert [a["href"] for a in caption.find_all("a")] == label["caption_links"]


@pytest.mark.parametrize("name", PAGES)
def test_nested_lists_stay_nested(name):
    _, page = converted(name)
    label = LABELS[name]["lists"]
    tag = "ol" if label["ordered"] else "ul"
    outer = next(lst for lst in page.find_all(tag) if lst.find_parent(["ul", "ol"]) is None
                 and lst.find("li") and _own_text(lst.find("li")) == label["items"][0])
    assert [_own_text(li) for li in outer.find_all("li", recursive=False)] == label["items"]
    nested = outer.find("li").find(tag)
    assert [_text(li) for li in nested.find_all("li", recursive=False)] == label["nested"]


@pytest.mark.parametrize("name", PAGES)
def test_definition_lists_stay_definition_lists(name):
    _, page = converted(name)
    pairs = [[_text(dt), _text(dt.find_next_sibling("dd"))] for dt in page.select("dl > dt")]
    assert pairs == LABELS[name]["definitions"]["pairs"]


@pytest.mark.parametrize("name", PAGES)
def test_quotes_keep_their_attribution(name):
    _, page = converted(name)
    for label in LABELS[name]["quotes"]:
        paragraph = next(p for p in page.select("blockquote > p") if _text(p) == label["text"])
        quote = paragraph.parent
        assert [_text(cite) for cite in quote.select("p > cite")] == [label["cite"]]


def test_an_embedded_post_is_its_text_and_a_link_to_it():
    name = "cryptoslate-en-reentrancy-exploit-code.html"
    _, page = converted(name)
    label = LABELS[name]["tweet"]
    paragraph = next(p for p in page.select("blockquote > p") if _text(p) == label["text"])
    cite = paragraph.parent.select_one("p > cite")
    assert _text(cite) == label["cite"]
    assert [a["href"] for a in cite.find_all("a")] == [label["link"]]


@pytest.mark.parametrize("name", PAGES)
def test_superscripts_and_subscripts_stay(name):
    _, page = converted(name)
    assert [_text(sup) for sup in page.find_all("sup") if not sup.find("a")] == LABELS[name]["sup"]
    assert [_text(sub) for sub in page.find_all("sub")] == LABELS[name]["sub"]


@pytest.mark.parametrize("name", PAGES)
def test_videos_are_links_never_players(name):
    body, page = converted(name)
    for video in LABELS[name]["videos"]:
        assert [_text(a) for a in page.find_all("a", href=video["href"])] == [video["text"]]
    assert not page.find_all(["iframe", "script", "object", "embed", "video"])
    for text in LABELS[name]["absent"]:
        assert text not in body


def test_the_site_sanitiser_keeps_what_converted_structure_needs():
    markup = ('<table><caption>Flows</caption><tbody><tr><td colspan="2">a</td></tr></tbody>'
              '<tfoot><tr><td>b</td></tr></tfoot></table><blockquote><p>q</p><p><cite>who</cite></p></blockquote>')
    cleaned = BeautifulSoup(clean_html(markup, converted=True), "html.parser")
    assert [tag.name for tag in cleaned.find_all(True)] == [
        "table", "caption", "tbody", "tr", "td", "tfoot", "tr", "td", "blockquote", "p", "p", "cite",
    ]
    assert cleaned.find("td")["colspan"] == "2"
