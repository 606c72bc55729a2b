"""The built sample archive in a real browser (Debian's chromium): reading, searching, accessibility."""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from archive.search_words import normal

from tests.conftest import ARTIFACTS, ROOT
from tests.converter.test_sample_page import TITLE
from tests.plugin.test_search_words import read_back
from tests.site import labels
from tests.site.accessibility import axe_in_both_schemes, violations
from tests.site.builtsite import (
    article_pages,
    article_titled,
    file_for,
    soup,
    url_of,
)
from tests.site.conftest import Reader, serve

NARROW = {"width": 360, "height": 740}
SEARCH_PARAMETERS = ("q", "tag", "source", "language", "year")


def search_ui(page, site_url: str, **params: str) -> list[str]:
    """Search through the search page as a reader does (the query and filters in its URL);
    returns the result URLs shown, after loading every page of results. One filter without words
    opens that filter's static listing instead (issue 24): its articles, on every page, are the results."""
    page.goto(f"{site_url}/search/?{urlencode(params)}")
    if "q" not in params and len(params) == 1:
        page.wait_for_url(lambda url: "/search/" not in url)
        return listing_ui(page)
    page.wait_for_selector("#search-results[aria-busy=false]")
    page.wait_for_function("document.getElementById('search-status').textContent !== ''")
    more = page.locator("#search-more")
    while more.is_visible():
        count = page.locator("#search-results li").count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {count}")
    return sorted(page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.pathname)"))


def listing_ui(page) -> list[str]:
    """The article URLs of the listing the page shows, following its pages to the last."""
    found = []
    while True:
        found += page.eval_on_selector_all("main ul.articles li > a", "links => links.map(a => a.pathname)")
        older = page.locator(".pagination a[rel=next]")
        if not older.count():
            return sorted(found)
        older.click()
        page.wait_for_load_state()


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
    assert len(article_pages(sample_site)) == len(labels.dated())
    for article in article_pages(sample_site):
        reader.page.goto(site_url + url_of(sample_site, article))
    assert reader.errors == []
    assert reader.outside == []
    assert all("/pagefind/" not in url for url in reader.requested)  # search loads only on the search page


def search_id(search: dict) -> str:
    return "&".join(f"{key}={value}" for key, value in search.items() if key in SEARCH_PARAMETERS)


@pytest.fixture(scope="module")
def search_tab(browser):
    """One tab for all the labelled searches: Pagefind's files stay in its cache between them."""
    context = browser.new_context()
    yield Reader(context.new_page()).watch()
    context.close()


@pytest.mark.parametrize("search", labels.search_expectations(), ids=search_id)
def test_search_finds_exactly_the_labelled_articles(search_tab, site_url, fixture_urls, search):
    """Queries in four scripts, with and without topic, source, language and year filters: the results
    are exactly the articles tests/fixtures/expected_search.toml lists, read off the fixture pages."""
    reader = search_tab
    reader.errors.clear()
    reader.outside.clear()
    expected = sorted(fixture_urls[name] for name in search["found"])
    assert expected, search
    params = {key: value for key, value in search.items() if key in SEARCH_PARAMETERS}
    found = search_ui(reader.page, site_url, **params)
    names = {url: name for name, url in fixture_urls.items()}
    assert found == expected, (
        f"missing {[names.get(u, u) for u in expected if u not in found]}, "
        f"unexpected {[names.get(u, u) for u in found if u not in expected]}"
    )
    if "first" in search:
        assert reader.page.locator("#search-results li h2 a").first.evaluate("a => a.pathname") == (
            fixture_urls[search["first"]])
    assert reader.errors == []
    assert reader.outside == []


def test_the_search_expectations_cover_every_filter_and_every_bitcoin_keyword_in_every_language():
    """The labelled searches above really exercise what README promises: each filter, queries in four
    scripts, and each Bitcoin keyword expected to find Bitcoin articles in English, Japanese and Chinese."""
    searches = labels.search_expectations()
    for parameter in SEARCH_PARAMETERS:
        assert any(parameter in search for search in searches), parameter
    by_query = {search["q"]: search for search in searches if set(search) & set(SEARCH_PARAMETERS) == {"q"}}
    for keyword in ("Bitcoin", "BTC", "ビットコイン", "比特币", "比特幣"):
        languages = {labels.labels()[name]["lang"] for name in by_query[keyword]["found"]}
        assert languages >= {"en", "ja", "zh-TW"}, keyword
    assert {"レアアース", "stablecoin"} <= set(by_query)
    for search in searches:
        for name in search["found"]:
            assert labels.labels()[name]["date"], f"{name} is a draft: no search can find it"


def test_choosing_filters_puts_them_in_the_address(page, site_url, fixture_urls):
    """A search made in the form, not from a shared address, is kept in the address with its filters."""
    page.goto(f"{site_url}/search/")
    page.get_by_label("Search the archive", exact=True).fill("ビットコイン")
    page.locator("select[name=language]").select_option("ja")
    page.wait_for_url(lambda url: "language=ja" in url and "q=" in url)
    page.wait_for_function(
        "document.getElementById('search-status').textContent === '3 results'"
        " && document.querySelectorAll('#search-results li').length === 3"
        " && document.getElementById('search-results').getAttribute('aria-busy') === 'false'"
    )
    shown = page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.pathname)")
    assert sorted(shown) == sorted(fixture_urls[name] for name in (
        "bitget-ja-cryptoslate-pentagon-rare-earths.txt",
        "bitget-ja-cryptoslate-japan-yields-carry-trade.txt",
        "bitget-ja-html-bitcoin-miners-ai-hashprice.html",
    ))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["ビットコイン"], "language": ["ja"]}


def test_search_results_show_excerpt_source_date_and_tags(page, site_url):
    search_ui(page, site_url, q="レアアース")
    result = page.locator("#search-results li").first
    assert result.locator("h2 a").inner_text() == TITLE
    assert result.locator("h2 a").get_attribute("lang") == "ja"
    assert result.locator(".meta").inner_text() == "CryptoSlate · 12 October 2025 · 日本語"
    assert result.locator(".excerpt mark").count() >= 1
    assert "Rare Earths" in result.locator(".result-tags").inner_text().split(" · ")
    assert page.locator("#search-status").inner_text() == "1 result"


# A passage of the Coinspeaker gold article's body (tests/fixtures/pages/...gold-record-bitcoin-lags.txt,
# paragraph 5): words found in no title, byline or other article.
BODY_QUERY = ("Reserve managers", "bitget-en-coinspeaker-gold-record-bitcoin-lags.txt")


def test_search_excerpt_is_the_passage_around_the_words_not_the_byline(page, site_url, fixture_urls):
    """The index holds the article's text only: a result's excerpt is the passage with the query's
    words marked, never the title, source, author or date; a name only the byline has finds the
    author's article by its metadata, and its excerpt is still the article's text."""
    query, name = BODY_QUERY
    label = labels.labels()[name]
    assert search_ui(page, site_url, q=query) == [fixture_urls[name]]
    excerpt = page.locator("#search-results li .excerpt").first
    marked = {word.strip().lower() for word in excerpt.locator("mark").all_text_contents()}
    assert {word.lower() for word in query.split()} <= marked
    text = excerpt.inner_text()
    assert "buying gold" in text  # the words around the match, from the same sentence of the body
    for byline in (label["source"], *label["authors"], label["title"], "14 January 2026"):
        assert byline not in text, byline
    assert search_ui(page, site_url, q=label["authors"][0].split()[-1]) == [fixture_urls[name]]
    assert label["authors"][0] not in page.locator("#search-results li .excerpt").first.inner_text()


def test_search_sorts_by_date(page, site_url, sample_site, fixture_urls):
    found = search_ui(page, site_url, q="Bitcoin", sort="date")
    [bitcoin] = [s for s in labels.search_expectations() if set(s) == {"q", "found"} and s["q"] == "Bitcoin"]
    assert found == sorted(fixture_urls[name] for name in bitcoin["found"])
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


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_accessibility_violations(browser, site_url, sample_site, axe_script, name):
    """In the light and the dark colour scheme (accessibility.py): the page is loaded once and
    axe-core injected once, then run again after the scheme is switched."""
    path = AXE_PAGES[name] or url_of(sample_site, article_titled(sample_site, TITLE))
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url + path)
    if name == "search":
        page.locator("#search-results li").first.wait_for()
    # target-size (WCAG 2.2, 2.5.8: tap targets of 24 x 24 px) is off in axe by default.
    results = axe_in_both_schemes(page, axe_script, rules={"target-size": {"enabled": True}})
    found = violations(results)
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme, result in results.items():
        report = {"page": path, "passes": len(result["passes"]), "violations": found[scheme]}
        (ARTIFACTS / f"axe-{name}-{scheme}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    context.close()
    assert len(results["light"]["passes"]) > 10
    assert {rule["id"] for rule in results["light"]["passes"]} >= {"target-size", "color-contrast"}
    assert {rule["id"] for rule in results["dark"]["passes"]} >= {"color-contrast"}
    assert found == {"light": [], "dark": []}


@pytest.mark.parametrize("path", ["/", "/tags/", "/search/?q=Bitcoin", "/archives/", None])
def test_nothing_scrolls_sideways_at_360_pixels(browser, site_url, sample_site, path):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    pages = [path] if path else [url_of(sample_site, p) for p in article_pages(sample_site)]
    assert len(pages) == (1 if path else len(labels.dated()))
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


def test_local_build_works_from_any_folder_and_every_header_box_searches(reader, sample_site):
    """README: local builds "work from any folder", and search is "the box in every page's header":
    the sample site served under /output/, searched from its home page's box, a result opened."""
    with serve(sample_site.parent) as url:
        page = reader.page
        page.goto(f"{url}/{sample_site.name}/")
        page.locator("header.site input[name=q]").fill("レアアース")
        page.locator("header.site input[name=q]").press("Enter")
        page.wait_for_url(f"{url}/{sample_site.name}/search/?q=*")
        page.wait_for_selector("#search-results[aria-busy=false] li")
        assert page.locator("#search-status").inner_text() == "1 result"
        page.locator("#search-results li h2 a").click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{url}/{sample_site.name}/articles/")
        assert page.locator("h1").inner_text() == TITLE
    assert reader.errors == []
    assert reader.outside == []


# One article per script: the page's language decides its font (README: "system fonts for each
# script (Japanese and Chinese get their own)").
SCRIPTS = {
    "en": "bitget-en-theblock-bitcoin-etf-record-inflow.txt",
    "ja": "bitget-ja-cryptoslate-pentagon-rare-earths.txt",
    "zh-CN": "bitget-zh-cn-blockbeats-hk-stablecoin-ordinance.txt",
    "zh-TW": "bitget-zh-tw-coinspeaker-fed-rate-cut-bitcoin.txt",
}


def test_each_script_gets_its_own_system_fonts_and_no_web_font(page, site_url, fixture_urls):
    families = {}
    for lang, name in SCRIPTS.items():
        assert labels.labels()[name]["lang"] == lang
        page.goto(site_url + fixture_urls[name])
        families[lang] = page.evaluate(
            "getComputedStyle(document.querySelector('article .body p')).fontFamily"
        )
        assert page.evaluate("document.fonts.size") == 0, lang  # no @font-face: nothing to download
    assert len(set(families.values())) == len(SCRIPTS), families


def test_topic_keywords_are_indexed_but_not_shown(sample_site, fixture_urls):
    """README: every keyword of an article's topics is indexed, but not shown: the Pentagon article
    (topics Rare Earths and Bitcoin, among others) is in the search index with each one's keywords,
    and its page does not carry them (search_index.py adds them to the copy Pagefind indexes)."""
    rules = tomllib.loads((ROOT / "topics.toml").read_text(encoding="utf-8"))["tags"]
    name = "bitget-ja-cryptoslate-pentagon-rare-earths.txt"
    url = fixture_urls[name]
    shown = file_for(sample_site, url).read_text(encoding="utf-8")
    assert "data-pagefind-weight" not in shown and "レアアース" in shown  # the text is shown as usual
    [indexed] = [record["content"] for record in fragments(sample_site / "pagefind") if record["url"] == url]
    indexed = normal(read_back(indexed))
    for tag in labels.labels()[name]["tags"]:
        keywords = {word for word in rules[tag]["keywords"] if not word.startswith("re:")}
        assert keywords, tag
        assert all(f"{normal(word)}。" in indexed for word in keywords), tag


def fragments(root):
    """Pagefind's record of each indexed page (its URL and its text as indexed), in every bundle."""
    for fragment in root.glob("**/fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        yield json.loads(data[data.index(b"{"):])


def _declarations(css: str) -> list[tuple[str, str]]:
    return sorted(set(re.findall(r"(?<![\w-])([a-z-]+)\s*:\s*([^;}]+)", css)))


def test_the_dark_scheme_changes_colours_only():
    """What lets the tests run only axe's colour rules in the dark scheme (accessibility.py): the
    dark block of the stylesheets sets colour variables, and the dark code style differs from the
    light one in colours and weights alone (which axe's contrast rule reads in the dark run)."""
    dark_blocks, opening = [], r"@media \(prefers-color-scheme: dark\) \{"
    for css in sorted((ROOT / "theme" / "static" / "css").glob("*.css")):
        text = css.read_text(encoding="utf-8")
        dark_blocks += re.findall(opening + r"(.*?)\n\}", text, re.S)
        assert text.count("prefers-color-scheme") == len(re.findall(opening, text)), css.name
    assert dark_blocks
    assert all(name.startswith("--") for block in dark_blocks for name, _ in _declarations(block))

    def layout(name: str) -> list[tuple[str, str]]:
        css = (ROOT / "theme" / "static" / "css" / name).read_text(encoding="utf-8")
        colours = re.compile("color|background|font-weight|font-style")
        return [d for d in _declarations(css) if not colours.search(d[0])]

    assert layout("code-dark.css") == layout("code-light.css") != []
