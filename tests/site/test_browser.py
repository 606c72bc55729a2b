"""The built sample archive in a real browser (Debian's chromium): reading, searching, accessibility."""

from __future__ import annotations

import json
import tomllib
import unicodedata

import pytest

from tests.conftest import ARTIFACTS, ROOT
from tests.converter.test_sample_page import TITLE
from tests.site.builtsite import (
    article_lang,
    article_pages,
    article_tags,
    article_titled,
    indexed_text,
    soup,
    url_of,
)

NARROW = {"width": 360, "height": 740}


def _topic_of(query: str) -> str | None:
    rules = tomllib.loads((ROOT / "topics.toml").read_text(encoding="utf-8"))["tags"]
    norm = unicodedata.normalize("NFKC", query).casefold()
    for tag, spec in rules.items():
        if norm in {unicodedata.normalize("NFKC", w).casefold() for w in (tag, *spec["keywords"])}:
            return tag
    return None


def expected_results(site, query: str, lang: str | None = None, tag: str | None = None) -> list[str]:
    """The articles a search must return, from the built pages: those whose indexed text contains the
    query, and, when the query is one of a topic's keywords, every article with that topic."""
    topic = _topic_of(query)
    found = []
    for page in article_pages(site):
        if (lang and article_lang(page) != lang) or (tag and tag not in article_tags(page)):
            continue
        if query.casefold() in indexed_text(page).casefold() or topic in article_tags(page):
            found.append(url_of(site, page))
    return sorted(found)


def search_ui(page, site_url: str, **params: str) -> list[str]:
    """Search through the search page as a reader does (the query and filters in its URL);
    returns the result URLs shown, after loading every page of results."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{site_url}/search/?{query}")
    page.wait_for_selector("#search-results[aria-busy=false]")
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {count}")
    return sorted(page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.pathname)"))


def test_reader_walks_from_index_through_topic_article_source_author_archive_and_back(reader, site_url):
    page = reader.page
    page.goto(f"{site_url}/")
    visited = [page.url]

    def follow(locator, heading_start: str) -> None:
        locator.first.click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text().startswith(heading_start), page.url
        visited.append(page.url)

    follow(page.get_by_role("link", name="Topics", exact=True), "Topics")
    follow(page.get_by_role("link", name="Rare Earths", exact=True), "Topic: Rare Earths")
    follow(page.locator("main ul.articles a"), TITLE)
    follow(page.locator(".byline a.source"), "Source: CryptoSlate")
    follow(page.locator("main ul.articles a", has_text=TITLE), TITLE)
    follow(page.locator(".byline a[href*='/authors/']"), "Author: Christina Comben")
    follow(page.get_by_role("link", name="Archives", exact=True), "Archives")
    follow(page.locator("main li a"), "Archives: ")
    assert page.locator("main ul.articles li").count() >= 1
    for url in reversed(visited[:-1]):
        page.go_back()
        assert page.url == url
    assert reader.errors == []
    assert reader.outside == []


def test_article_pages_have_no_errors_and_request_only_their_own_site(reader, site_url, sample_site):
    for article in article_pages(sample_site):
        reader.page.goto(site_url + url_of(sample_site, article))
    assert reader.errors == []
    assert reader.outside == []
    assert all("/pagefind/" not in url for url in reader.requested)  # search loads only on the search page


@pytest.mark.parametrize("query", ["レアアース", "Bitcoin", "ビットコイン", "比特币"])
def test_search_finds_exactly_the_expected_articles(reader, site_url, sample_site, query):
    expected = expected_results(sample_site, query)
    assert expected
    assert search_ui(reader.page, site_url, q=query) == expected
    assert reader.errors == []
    assert reader.outside == []


def test_cross_language_topic_search_finds_every_language(page, site_url, sample_site):
    tagged = {url_of(sample_site, p) for p in article_pages(sample_site) if "Bitcoin" in article_tags(p)}
    assert {article_lang(p) for p in article_pages(sample_site) if url_of(sample_site, p) in tagged} >= {
        "en", "ja", "zh-TW"}
    for query in ("Bitcoin", "ビットコイン", "比特币", "比特幣", "BTC"):
        assert tagged <= set(search_ui(page, site_url, q=query)), query


@pytest.mark.parametrize(("lang", "tag"), [("ja", "Bitcoin"), ("en", "Bitcoin"), ("en", "Stablecoins")])
def test_search_with_tag_and_language_filters(page, site_url, sample_site, lang, tag):
    query = "比特币" if tag == "Bitcoin" else "stablecoin"
    expected = expected_results(sample_site, query, lang=lang, tag=tag)
    assert expected
    found = search_ui(page, site_url, q=query, tag=tag, language=lang)
    assert found == expected
    assert set(found) < set(search_ui(page, site_url, q=query))


def test_search_results_show_excerpt_source_date_and_tags(page, site_url):
    search_ui(page, site_url, q="レアアース")
    result = page.locator("#search-results li").first
    assert result.locator("h2 a").inner_text() == TITLE
    assert result.locator("h2 a").get_attribute("lang") == "ja"
    assert result.locator(".meta").inner_text() == "CryptoSlate · 12 October 2025 · Japanese"
    assert result.locator(".excerpt mark").count() >= 1
    assert "Rare Earths" in result.locator(".result-tags").inner_text().split(" · ")
    assert page.locator("#search-status").inner_text() == "1 result"


def test_search_sorts_by_date(page, site_url, sample_site):
    found = search_ui(page, site_url, q="Bitcoin", sort="date")
    shown = page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.pathname)")
    assert sorted(shown) == found
    published = {
        url_of(sample_site, p): soup(p).find("meta", property="article:published_time")["content"]
        for p in article_pages(sample_site)
    }
    assert [published[url] for url in shown] == sorted((published[url] for url in shown), reverse=True)


def test_pagefind_loads_only_when_the_reader_searches(reader, site_url):
    page = reader.page
    page.goto(f"{site_url}/search/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in reader.requested if "/pagefind/" in url]
    page.get_by_label("Search the archive", exact=True).fill("レアアース")
    page.locator("#search-results li").first.wait_for()
    assert any(url.endswith("/pagefind/pagefind.js") for url in reader.requested)
    assert "q=%E3%83%AC" in page.url  # the search is in the address, to share or reload
    assert reader.errors == []


def test_published_project_site_works_under_its_folder(reader, project_site_url):
    """GitHub Pages serves a project's site under /<repository>/: search, its results and links work."""
    page = reader.page
    page.goto(f"{project_site_url}/search/?q=レアアース")
    page.wait_for_selector("#search-results[aria-busy=false] li")
    page.locator("#search-results li h2 a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{project_site_url}/articles/")
    assert page.locator("h1").inner_text() == TITLE
    page.get_by_role("link", name="Rare Earths", exact=True).click()
    page.wait_for_load_state()
    assert page.url == f"{project_site_url}/tags/rare-earths/"
    assert reader.errors == []
    assert reader.outside == []


def test_search_needs_no_javascript_to_show_a_way_out(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/search/")
    assert "Browse by topic" in page.locator("main").inner_text()
    context.close()


AXE_PAGES = {
    "index": "/",
    "article": None,  # the real sample article
    "tags": "/tags/",
    "search": "/search/?q=Bitcoin",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_accessibility_violations(browser, site_url, sample_site, axe_script, name, scheme):
    path = AXE_PAGES[name] or url_of(sample_site, article_titled(sample_site, TITLE))
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + path)
    if name == "search":
        page.locator("#search-results li").first.wait_for()
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("async () => await axe.run(document)")
    context.close()
    violations = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{name}-{scheme}.json").write_text(
        json.dumps({"page": path, "passes": len(result["passes"]), "violations": violations}, indent=1),
        encoding="utf-8",
    )
    assert len(result["passes"]) > 10
    assert violations == []


@pytest.mark.parametrize("path", ["/", "/tags/", "/search/?q=Bitcoin", "/archives/", None])
def test_nothing_scrolls_sideways_at_360_pixels(browser, site_url, sample_site, path):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    pages = [path] if path else [url_of(sample_site, p) for p in article_pages(sample_site)]
    for url in pages:
        page.goto(site_url + url)
        if "?q=" in url:
            page.locator("#search-results li").first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (url, width)
    context.close()


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("light", {"color_scheme": "light"}),
        ("dark", {"color_scheme": "dark"}),
        ("360px", {"color_scheme": "light", "viewport": NARROW}),
    ],
)
def test_article_screenshots_are_kept(browser, site_url, sample_site, name, options):
    """Light, dark and narrow screenshots of the real sample article, kept in test-artifacts/."""
    context = browser.new_context(**options)
    page = context.new_page()
    page.goto(site_url + url_of(sample_site, article_titled(sample_site, TITLE)))
    background = page.evaluate("getComputedStyle(document.body).backgroundColor || ''")
    root_background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"article-{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    context.close()
    assert shot.stat().st_size > 10_000
    channels = [int(c) for c in root_background.removeprefix("rgb(").rstrip(")").split(",")[:3]]
    assert (max(channels) < 60) == (name == "dark"), (name, root_background, background)


def test_keyboard_focus_is_visible_and_skip_link_goes_to_content(page, site_url):
    page.goto(f"{site_url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
                   return {cls: e.className, outline: s.outlineStyle, width: s.outlineWidth,
                           left: r.left, top: r.top}; }"""
    )
    assert focused["cls"] == "skip"
    assert focused["outline"] != "none" and focused["width"] != "0px"
    assert 0 <= focused["left"] < 360 and 0 <= focused["top"] < 200  # on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
