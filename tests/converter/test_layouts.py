"""Every page layout we know, as fixtures written from real pages' structure.

tests/fixtures/expected_text.toml and expected_html.toml say, per fixture, what a reader of that
page would call its title, source, authors, date, language, original, subheadings and body; and
which chrome and promo strings must be gone. Each check below is one of those expectations.
"""

from __future__ import annotations

import tomllib
from functools import cache
from zoneinfo import ZoneInfo

import markdown
import pytest
from bs4 import BeautifulSoup
from converter.metadata import Settings
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import FIXTURES, PAGES


def _expectations() -> dict[str, dict]:
    cases: dict[str, dict] = {}
    for name in ("expected_text.toml", "expected_html.toml"):  # expected_search.toml is the site's
        with (FIXTURES / name).open("rb") as handle:
            cases.update(tomllib.load(handle))
    return cases


CASES = _expectations()


@cache
def _converted(name: str):
    return convert_file(PAGES / name, load_rules(), Settings(timezone=ZoneInfo("UTC")))


@pytest.fixture(scope="module", params=sorted(CASES), ids=str)
def case(request):
    return CASES[request.param], _converted(request.param)


def _cases_with(*keys: str) -> list[str]:
    """The fixtures that expect something of these kinds: a case with nothing to check is no test."""
    return sorted(name for name, expected in CASES.items() if any(expected.get(key) for key in keys))


def test_every_kind_of_expectation_has_fixtures():
    assert len(_cases_with("links", "images")) >= 3
    assert len(_cases_with("visible")) >= 1


def _body(conversion) -> str:
    return conversion.markdown.partition("\n\n")[2]


def test_title_source_authors_language(case):
    expected, conversion = case
    article = conversion.article
    assert article.title == expected["title"]
    assert article.source == expected["source"]
    assert article.authors == expected["authors"]
    assert article.lang == expected["lang"]


def test_date_or_draft(case):
    expected, conversion = case
    article = conversion.article
    if expected["date"]:
        assert article.date.strftime("%Y-%m-%d %H:%M") == expected["date"]
        offset = expected.get("utc_offset", "+00:00")
        assert article.date.isoformat()[-6:] == offset
        assert article.status == ""
    else:
        assert article.date is None
        assert article.status == "draft"


def test_original_and_aggregator(case):
    expected, conversion = case
    article = conversion.article
    assert article.original_title == expected.get("original_title", "")
    if "original_url" in expected:
        assert article.original_url == expected["original_url"]
    if "via" in expected:
        assert article.via == expected["via"]
    if "via_url" in expected:
        assert article.via_url == expected["via_url"]


def test_tags_are_canonical_and_central(case):
    expected, conversion = case
    assert set(expected["tags"]) <= set(conversion.article.tags)


def test_headings_in_order(case):
    expected, conversion = case
    headings = [b.text for b in conversion.article.blocks if b.kind == "heading"]
    assert headings == expected["headings"]
    body = _body(conversion)
    for heading in expected["headings"]:
        assert any(line.startswith("#") and heading in line for line in body.split("\n")), heading


def test_whole_body_kept(case):
    expected, conversion = case
    paragraphs = [b for b in conversion.article.blocks if b.kind != "heading"]
    texts = [b.text for b in paragraphs if b.kind != "image"]
    assert texts[0] == expected["body_first"]
    assert texts[-1] == expected["body_last"]
    if "body_paragraph_count" in expected:
        assert len([b for b in paragraphs if b.kind == "paragraph"]) == expected["body_paragraph_count"]


def test_no_chrome_or_promo_in_body(case):
    expected, conversion = case
    body = _body(conversion)
    for text in expected["absent"]:
        assert text not in body, text


@pytest.mark.parametrize("name", _cases_with("links", "images"))
def test_links_and_images_survive(name):
    expected, conversion = CASES[name], _converted(name)
    body = _body(conversion)
    for url in expected.get("links", []):
        assert f"]({url}" in body, url
    for url in expected.get("images", []):
        assert f"]({url}" in body and "![" in body, url


@pytest.mark.parametrize("name", _cases_with("visible"))
def test_escaped_markup_stays_visible_text(name):
    expected, conversion = CASES[name], _converted(name)
    html = markdown.markdown(_body(conversion))
    text = BeautifulSoup(html, "html.parser").get_text()
    for visible in expected.get("visible", []):
        assert visible in text, visible
