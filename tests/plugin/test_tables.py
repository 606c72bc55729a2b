"""Tables a reader can read: number columns aligned right, alignment as classes (HTML5 has no
`align`), and each table in a named region that scrolls by itself."""

from __future__ import annotations

from types import SimpleNamespace

import markdown
import pytest
from archive.tables import is_number, readable_tables
from bs4 import BeautifulSoup

from tests.conftest import ROOT

SETTINGS = {"UI_STRINGS": str(ROOT / "theme" / "strings.toml")}


def built(html: str, lang: str = "en") -> BeautifulSoup:
    content = SimpleNamespace(_content=html, settings=SETTINGS, lang=lang)
    readable_tables(content)
    return BeautifulSoup(content._content, "html.parser")


def from_markdown(text: str, lang: str = "en") -> BeautifulSoup:
    """As the site renders a Markdown table (pelicanconf.py: use_align_attribute)."""
    html = markdown.markdown(text, extensions=["tables"],
                             extension_configs={"tables": {"use_align_attribute": True}})
    return built(html, lang)


def classes(soup: BeautifulSoup) -> list[list[str]]:
    return [[" ".join(cell.get("class", [])) for cell in row.find_all(["th", "td"])]
            for row in soup.find_all("tr")]


@pytest.mark.parametrize(
    "text", ["1,840", "$4.6 million", "-1.06%", "+1.18%", "4億", "€1.234,56", "1.5x", "12 BTC"])
def test_numbers_in_any_notation_are_numbers(text):
    assert is_number(text)


@pytest.mark.parametrize(
    "text", ["ETH", "paused before any loss", "Q3 2025", "2024/03/12", "2 of 5", "", "–"])
def test_words_dates_and_dashes_are_not(text):
    assert not is_number(text)


def test_a_column_of_numbers_is_aligned_right_with_its_header_and_markdown_s_own_alignment_kept():
    soup = from_markdown(
        "| Asset | Drained | Note | Rank |\n| --- | --- | --- | :---: |\n"
        "| ETH | 1,840 | first | 1 |\n| USDC | | second | 2 |\n| wstETH | 312 | 3rd pool | 3 |\n")
    assert classes(soup) == [["", "align-right", "", "align-center"]] * 4  # the header row too
    assert soup.find(align=True) is None  # valid HTML5: no `align` left


def test_in_a_table_with_merged_cells_each_number_cell_is_aligned():
    soup = built('<table><tr><th rowspan="2">Chain</th><th colspan="2">Drained</th></tr>'
                 "<tr><td>1,200</td><td>$800,000</td></tr>"
                 '<tr><td>Base</td><td colspan="2">none</td></tr></table>')
    assert classes(soup) == [["", ""], ["align-right", "align-right"], ["", ""]]


def test_each_table_scrolls_in_a_region_named_in_the_article_s_language_or_by_its_caption():
    soup = built("<p>x</p><table><tr><th>a</th></tr><tr><td>b</td></tr></table>"
                 "<table><caption>Flows  by fund</caption><tr><th>a</th></tr>"
                 "<tr><td><table><tr><td>1</td></tr></table></td></tr></table>", lang="ja")
    regions = soup.select("div.table")
    assert [(r["role"], r["tabindex"], r["aria-label"]) for r in regions] == [
        ("region", "0", "表"), ("region", "0", "Flows by fund")]
    assert len(soup.find_all("table")) == 3  # the table inside a cell scrolls with its table


def test_an_article_without_a_table_is_left_as_it_is():
    content = SimpleNamespace(_content="<p>1,840 <b>ETH</b></p>", settings=SETTINGS, lang="en")
    readable_tables(content)
    assert content._content == "<p>1,840 <b>ETH</b></p>"
