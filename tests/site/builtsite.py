"""Reading a built site from disk the way its links will be followed: pages, links, articles."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import benchmark
from bs4 import BeautifulSoup

from tests.conftest import build_site, run_converter

LINK_ATTRIBUTES = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_of(site: Path, page: Path) -> str:
    """The path a page is served at: folder URLs for index.html."""
    relative = page.relative_to(site).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def file_for(site: Path, url: str, page: Path | None = None) -> Path:
    """The file a static host serves for a URL path, or for a link found on `page`."""
    url_path = urlsplit(urljoin("http://site" + url_of(site, page), url)).path if page else url
    target = site / url_path.lstrip("/")
    return target / "index.html" if url_path.endswith("/") or target.is_dir() else target


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def article_pages(site: Path) -> list[Path]:
    return sorted(site.glob("articles/**/index.html"))


def article_titled(site: Path, title: str) -> Path:
    """The one article page whose heading is `title` (other pages may mention it in lists)."""
    [page] = [p for p in article_pages(site) if soup(p).h1.get_text() == title]
    return page


def internal_links(site: Path, page: Path) -> Iterator[tuple[str, str]]:
    """(raw attribute, resolved URL path with #fragment) of every same-site link on a page."""
    base = "http://site" + url_of(site, page)
    for tag, attribute in LINK_ATTRIBUTES:
        for element in soup(page).find_all(tag):
            raw = element.get(attribute)
            if raw is None or raw.startswith(("mailto:", "data:")):
                continue
            resolved = urlsplit(urljoin(base, raw))
            if resolved.netloc == "site":
                yield raw, resolved.path + (f"#{resolved.fragment}" if resolved.fragment else "")


def article_lang(page: Path) -> str:
    return soup(page).html["lang"]


def article_tags(page: Path) -> list[str]:
    return [a.get_text() for a in soup(page).select("article a[rel=tag]")]


def listed_urls(site: Path, page: Path) -> set[str]:
    """URL paths of the articles a listing page (index, tag, source, ...) lists (each item's first
    link: its topics are links too)."""
    base = "http://site" + url_of(site, page)
    return {urlsplit(urljoin(base, a["href"])).path for a in soup(page).select("main ul.articles li > a")}


def generated_site(base: Path, articles: int, seed: int, *pelican_args: str) -> tuple[Path, Path]:
    """A site of `articles` generated pages (scripts/benchmark.py's corpus), converted and built as
    `make html` builds it (`pelican_args`: more, e.g. `-e DEFAULT_PAGINATION=4`); returns (output,
    content)."""
    benchmark.generate_corpus(base / "scraped", articles, seed=seed)
    converted = run_converter(base / "scraped", "--out", base / "content" / "articles", "--no-cache",
                              "--date-from-mtime")
    assert converted.returncode == 0, converted.stderr
    build_site(base / "content", base / "output", "pelicanconf.py", *pelican_args)
    return base / "output", base / "content"
