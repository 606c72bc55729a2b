"""What the fixture pages are, as people labelled them, and where each one ended up on a built site.

Expected values in the site tests come from here: the labels in tests/fixtures/expected_text.toml,
expected_html.toml and expected_search.toml, written by reading the pages under tests/fixtures/pages/.
A fixture page is found on the built site through the converter's own record of it (the
`Scraped_From`, `Slug`, `Lang` and `Status` metadata of the Markdown file it became) and the URL
settings, never through the built pages' text.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from functools import cache
from pathlib import Path

from tests.conftest import FIXTURES, PAGES


def _toml(name: str) -> dict:
    return tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"))


@cache
def labels() -> dict[str, dict]:
    """Fixture file name -> its labels (title, source, authors, date, lang, tags, original_url, ...)."""
    labelled = {**_toml("expected_text.toml"), **_toml("expected_html.toml")}
    assert sorted(labelled) == sorted(p.name for p in PAGES.iterdir()), "every fixture page has labels"
    return labelled


def dated() -> list[str]:
    """The fixture pages that state a date: the published articles (the others become drafts)."""
    return sorted(name for name, label in labels().items() if label["date"])


def undated() -> list[str]:
    return sorted(name for name, label in labels().items() if not label["date"])


def dated_per_language() -> Counter:
    return Counter(labels()[name]["lang"] for name in dated())


@cache
def search_expectations() -> list[dict]:
    return _toml("expected_search.toml")["search"]


def metadata(markdown: Path) -> dict[str, str]:
    """The Pelican metadata header of a converted article."""
    header = {}
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        header[key.strip()] = value.strip()
    return header


def converted(content: Path, names: list[str] | None = None) -> dict[str, dict[str, str]]:
    """Fixture file name -> the metadata of the article it was converted into, by its Scraped_From;
    for the fixture pages `names` (default: every one)."""
    found: dict[str, dict[str, str]] = {}
    for markdown in sorted((content / "articles").rglob("*.md")):
        header = metadata(markdown)
        name = Path(header["Scraped_From"]).name
        assert name not in found, f"{name} was converted twice"
        found[name] = header
    assert sorted(found) == sorted(labels() if names is None else names), "each fixture page is one article"
    return found


def page_of(site: Path, header: dict[str, str]) -> Path:
    """The built page of a converted article, from pelicanconf.py's URL patterns: a translation is at
    articles/<slug>/<lang>/, the main version (the site language's, or the only one) at articles/<slug>/;
    drafts are under drafts/ instead."""
    folder = site / ("drafts" if header.get("Status") == "draft" else "articles") / header["Slug"]
    page = folder / header["Lang"] / "index.html"
    return page if page.is_file() else folder / "index.html"


def fixture_urls(site: Path, content: Path, names: list[str] | None = None) -> dict[str, str]:
    """Fixture file name -> URL path of its article page (e.g. /articles/<slug>/ja/), for the fixture
    pages `names` converted into `content` (default: every one)."""
    urls = {}
    for name, header in converted(content, names).items():
        page = page_of(site, header)
        assert page.is_file(), f"{name}: no page at {page.relative_to(site)}"
        urls[name] = "/" + page.parent.relative_to(site).as_posix() + "/"
    assert len(set(urls.values())) == len(urls), "two fixture pages share an article page"
    return urls
