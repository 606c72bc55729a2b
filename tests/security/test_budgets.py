"""Per-page budgets (issue 22): a page too big in one way costs a bounded conversion and build.

Each shape of budget_pages.py is written at the size issue 22 found (or the largest --max-size
and the HTML tag cap let through) and at the largest the default budgets allow. Over a budget
that cuts (authors, tags, titles) the article is converted with the facts cut and the report
says so; over one that refuses (blocks, elements, lines, text) the page fails with its count
and the option. The largest allowed page converts whole, and one more of its thing is refused.

Only what is deterministic is asserted: outcomes, counts, files and megabytes of the built
site, and the converter's peak memory. Times are printed by scripts/budgets.py, not asserted.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter.budgets import DEFAULT_MAX_AUTHORS, DEFAULT_MAX_TAGS, DEFAULT_MAX_TITLE, title_within
from converter.metadata import Settings
from converter.model import InputError
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import ROOT, build_site, run_converter
from tests.security.budget_pages import PEAK_MB, SHAPE, SHAPES, Shape, measured_run, names

# What each budget does to a page over it: the option named in the report, and whether the
# article is still converted (cut) or the page fails (refused).
OPTION = {"authors": "--max-authors", "tags": "--max-tags", "title": "--max-title", "blocks": "--max-blocks",
          "elements": "--max-blocks", "lines": "--max-lines", "text": "--max-text", "page-tags": "tags"}
CUT = ("authors", "tags", "title")
REFUSED = [shape for shape in SHAPES if shape.budget not in CUT]
_BUDGET_ERROR = re.compile(
    r"^(?:over )?[\d,]+ [^:]+: more than any article has \(at most [\d,]+, .*--max-\w+\)$")
# The HTML tag cap (htmlpage.MAX_TAGS), which the hostile pages of the body's budgets now meet first.
_TAG_CAP = re.compile(r"^[\d,]+ tags: more than any article page has \(at most 50,000\)$")


def _header(markdown: Path) -> dict[str, str]:
    lines = markdown.read_text(encoding="utf-8").partition("\n\n")[0].split("\n")
    return dict(line.split(": ", 1) for line in lines)


def _names(header: dict[str, str]) -> list[str]:
    listed = header.get("Authors") or header.get("Author") or ""
    return [name.strip() for name in listed.split(",") if name.strip()]


@dataclass
class Converted:
    """One page converted by the CLI: its report entry and its article's header, if any."""

    entry: dict
    header: dict[str, str]


def _convert(shape: Shape, size: int, folder: Path) -> Converted:
    folder.mkdir(parents=True)
    page = folder / f"{shape.name}{shape.suffix}"
    page.write_text(shape.page(size), encoding="utf-8")
    report = folder / "report.json"
    result = run_converter(page, "--out", folder / "articles", "--report", report, "--no-cache")
    [entry] = json.loads(report.read_text(encoding="utf-8"))
    assert result.returncode == (1 if entry["status"] == "failed" else 0), result.stderr
    made = list((folder / "articles").rglob("*.md"))
    return Converted(entry, _header(made[0]) if made else {})


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_a_page_over_a_budget_is_cut_or_refused(shape, tmp_path):
    converted = _convert(shape, shape.hostile, tmp_path / "page")
    entry, header = converted.entry, converted.header
    if shape.budget not in CUT:
        assert entry["status"] == "failed", (entry, header.get("Title", "")[:80])
        capped = _TAG_CAP.match(entry["reason"])
        assert capped or (_BUDGET_ERROR.match(entry["reason"]) and OPTION[shape.budget] in entry["reason"]), \
            entry["reason"]
        assert capped or shape.budget != "page-tags"
        assert entry["output"] is None
        return
    assert entry["status"] == "converted", entry
    assert f"({OPTION[shape.budget]})" in entry["reason"], entry["reason"]
    if shape.budget == "authors":
        assert _names(header) == names(shape.hostile)[:DEFAULT_MAX_AUTHORS]
        assert f"{shape.hostile:,} authors: the first {DEFAULT_MAX_AUTHORS} kept" in entry["reason"]
    elif shape.budget == "tags":
        assert len(header["Tags"].split(", ")) == DEFAULT_MAX_TAGS
        assert f"tags: the {DEFAULT_MAX_TAGS} most mentioned kept" in entry["reason"]
    else:
        assert len(header["Title"]) <= DEFAULT_MAX_TITLE and header["Title"].endswith("…")
        assert f"cut to {DEFAULT_MAX_TITLE} (--max-title)" in entry["reason"]


@pytest.mark.parametrize("shape", SHAPES, ids=lambda shape: shape.name)
def test_the_largest_allowed_page_converts_whole(shape, tmp_path):
    converted = _convert(shape, shape.allowed, tmp_path / "page")
    assert converted.entry["status"] == "converted", converted.entry
    assert "--max-" not in converted.entry["reason"]
    if shape.budget == "authors":
        assert _names(converted.header) == names(shape.allowed)


@pytest.mark.parametrize("shape", REFUSED, ids=lambda shape: shape.name)
def test_one_more_than_allowed_is_refused(shape, tmp_path):
    page = tmp_path / f"{shape.name}{shape.suffix}"
    page.write_text(shape.page(shape.allowed + 1), encoding="utf-8")
    with pytest.raises(InputError, match="more than any article") as refused:
        convert_file(page, load_rules(), Settings(timezone=ZoneInfo("UTC")))
    expected = _TAG_CAP if shape.budget == "page-tags" else _BUDGET_ERROR
    assert expected.match(str(refused.value)), refused.value


def test_the_budgets_are_the_users_to_set(tmp_path):
    """Each option moves its budget: a page within the defaults is cut or refused by a lower one."""
    page = tmp_path / "scraped" / "authors.html"
    page.parent.mkdir()
    page.write_text(SHAPE["ld-authors"].page(6), encoding="utf-8")
    out, report = tmp_path / "articles", tmp_path / "report.json"
    run_converter(page, "--out", out, "--report", report, "--no-cache", "--max-authors", "4",
                  "--max-tags", "1", "--max-title", "40")
    [entry] = json.loads(report.read_text(encoding="utf-8"))
    header = _header(next(out.rglob("*.md")))
    assert _names(header) == names(4)
    assert len(header["Tags"].split(", ")) == 1
    assert len(header["Title"]) <= 40
    assert all(option in entry["reason"] for option in ("--max-authors", "--max-tags", "--max-title"))
    dump = tmp_path / "scraped" / "paragraphs.txt"
    dump.write_text(SHAPE["dump-paragraphs"].page(3), encoding="utf-8")
    for option, value in (("--max-blocks", "10"), ("--max-lines", "60"), ("--max-text", "1000")):
        for each, refused in ((page, option != "--max-lines"), (dump, True)):  # HTML has no lines
            run_converter(each, "--out", tmp_path / option / each.stem, "--report", report, "--no-cache",
                          option, value)
            [entry] = json.loads(report.read_text(encoding="utf-8"))
            assert (entry["status"] == "failed" and option in entry["reason"]) == refused, (option, entry)


def test_a_title_is_cut_at_a_space_near_the_budget():
    notes: list[str] = []
    title = "Bitcoin " * 50
    cut = title_within(title, 100, "title", notes)
    assert cut == ("Bitcoin " * 12).strip() + "…"
    assert notes == ["title of 400 characters cut to 100 (--max-title)"]
    assert title_within("x" * 150, 100, "title", notes) == "x" * 99 + "…"
    assert title_within("Bitcoin rises", 13, "title", notes) == "Bitcoin rises"
    spaced = "Bitcoin" + " " * 200 + "rises"  # printed as "Bitcoin rises"
    assert title_within(spaced, 13, "title", notes) == spaced
    assert title_within("Bitcoin" + " \n" * 200 + "rises again", 13, "title", notes) == "Bitcoin rise…"
    assert len(notes) == 3 and notes[2] == "title of 418 characters cut to 13 (--max-title)"


# --- the converter's process and the site built from what it made ------------------------------

@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> dict:
    """Every shape's page at its hostile size, converted by one converter process, and the site
    built from the articles it made."""
    base = tmp_path_factory.mktemp("budgets")
    scraped = base / "scraped"
    scraped.mkdir()
    for shape in SHAPES:
        (scraped / f"{shape.name}{shape.suffix}").write_text(shape.page(shape.hostile), encoding="utf-8")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    command = [sys.executable, str(ROOT / "scripts" / "convert.py"), str(scraped), "--out",
               str(content / "articles"), "--report", str(base / "report.json"), "--no-cache"]
    measured = measured_run(command)
    assert measured.code in (0, 1), measured.stderr[-3000:]
    build_site(content, base / "output")
    report = json.loads((base / "report.json").read_text(encoding="utf-8"))
    return {"peak_mb": measured.peak_mb, "output": base / "output",
            "statuses": {Path(entry["input"]).stem: entry["status"] for entry in report}}


def test_converting_any_hostile_page_stays_under_300_mb(hostile_run):
    assert hostile_run["statuses"] == {
        shape.name: "converted" if shape.budget in CUT else "failed" for shape in SHAPES}
    assert hostile_run["peak_mb"] < PEAK_MB


def test_the_site_has_one_author_page_per_author_kept(hostile_run):
    """90,000 authors made 90,000 author pages (717 MB); the budget keeps 20. The pages of every
    shape name the same first 20 hostile names, and the fixture pages' own authors."""
    authors = {path.name for path in (hostile_run["output"] / "authors").iterdir() if path.is_dir()}
    kept = {name.lower().replace(" ", "-") for name in names(DEFAULT_MAX_AUTHORS)}
    assert authors == kept | {"elena-kovac", "jordan-peck", "sofia-lindqvist"}
    files = [path for path in hostile_run["output"].rglob("*") if path.is_file()]
    assert len(files) < 500
    assert sum(path.stat().st_size for path in files) < 20_000_000
