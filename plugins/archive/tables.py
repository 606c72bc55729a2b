"""Tables a reader can read: numbers aligned on the right, and a wide table scrolled by itself.

Two changes to an article's tables, made when the site is built (content_object_init, after the
sanitiser, so they hold for converted and hand-written articles alike):
- a column whose every filled body cell is a number ("1,840", "$4.6 million", "-1.06%", "4億")
  is aligned right, its header with it; a cell the Markdown aligned (`---:`, which Python-Markdown
  writes as an `align` attribute, `use_align_attribute`) keeps its alignment. HTML5 has no
  `align` (the Nu checker rejects it) and the sanitiser removes every `style`: alignment is a
  class, `align-right`, `align-center` or `align-left`, styled by the theme;
- each table sits in a region of its own that scrolls sideways on a narrow screen, so the page
  never does; the region is named ("Table", or the caption) and focusable, so a keyboard can
  scroll it too.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .ui import strings_for

# A number, maybe signed or in a currency, with at most one word after it (a unit or a scale:
# "million", "BTC", "億") or a percent sign. Written by structure, not by language: a digit leads.
NUMBER = re.compile(r"[-+−±]?(?:[^\w\s]{1,3}|[A-Z]{1,3}\$)?\s?\d[\d.,'’\s]*(?:[%‰×x]|[^\W\d_]{1,12}\.?)?")


ALIGNMENTS = ("left", "right", "center")


def is_number(text: str) -> bool:
    text = " ".join(text.split())
    return bool(text) and NUMBER.fullmatch(text) is not None


def readable_tables(content) -> None:
    """content_object_init: align number columns, put each table in a scrolling region."""
    html = getattr(content, "_content", None)
    if not html or "<table" not in html:
        return
    soup = BeautifulSoup(html, "html.parser")
    label = _table_label(content)
    for table in soup.find_all("table"):
        align_numbers(table)
        _alignment_as_class(table)
        if table.find_parent("table") is None:
            _wrap(soup, table, label)
    content._content = str(soup)


def align_numbers(table: Tag) -> None:
    """Right-align each column of numbers (tables with merged cells: each cell that is a number)."""
    rows = [row.find_all(["th", "td"], recursive=False) for row in _rows(table)]
    merged = any(cell.get("colspan") or cell.get("rowspan") for row in rows for cell in row)
    if merged:
        for row in rows:
            for cell in row:
                if cell.name == "td" and is_number(cell.get_text()):
                    cell.attrs.setdefault("align", "right")
        return
    width = max((len(row) for row in rows), default=0)
    body = [row for row in rows if any(cell.name == "td" for cell in row)]
    for column in range(width):
        cells = [row[column] for row in body if column < len(row)]
        filled = [cell for cell in cells if cell.get_text().strip()]
        if filled and all(is_number(cell.get_text()) for cell in filled):
            for row in rows:
                if column < len(row):
                    row[column].attrs.setdefault("align", "right")


def _alignment_as_class(table: Tag) -> None:
    for cell in table.find_all(["th", "td"]):
        align = str(cell.attrs.pop("align", "")).strip().lower()
        if align in ALIGNMENTS:
            cell["class"] = [*cell.get("class", []), f"align-{align}"]


def _rows(table: Tag) -> list[Tag]:
    """The table's own rows, not those of a table inside one of its cells."""
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]


def _wrap(soup: BeautifulSoup, table: Tag, label: str) -> None:
    caption = table.find("caption")
    name = " ".join(caption.get_text().split()) if caption else ""
    region = soup.new_tag("div", attrs={"class": "table", "role": "region", "tabindex": "0",
                                        "aria-label": name or label})
    table.wrap(region)


def _table_label(content) -> str:
    """"Table" in the article's own language: the region is part of the article."""
    path = Path(content.settings.get("UI_STRINGS", "theme/strings.toml")).resolve()
    return strings_for(path, getattr(content, "lang", "en"))["table"]
