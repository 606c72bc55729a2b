"""Search as readers use it (issue 24), in chromium, on the sample archive and a small generated one:
results in the reader's language first, Japanese and Chinese queries cut into words, authors'
names, figures, the latest articles for an empty search, suggestions when nothing is found, 20
results a page with the total, each result's language and date, and no accessibility violation.

Expected values come from the fixture pages' labels (tests/fixtures/expected_text.toml ...) and
their text; for the generated archive, from the Markdown the converter wrote, never from the
search code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from tests.conftest import PAGES, ROOT, SAMPLE
from tests.site import labels
from tests.site.accessibility import axe_in_both_schemes, checked, violations
from tests.site.builtsite import article_pages, file_for, soup, url_of
from tests.site.conftest import serve
from tests.site.searchpage import every_result, open_search, settle, shown

STRINGS_FILE = (ROOT / "theme" / "strings.toml").read_text(encoding="utf-8")
LANGUAGE_NAMES = tomllib.loads(STRINGS_FILE)["language_names"]
SHORT_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")  # the site's short date in English: 12 October 2025


def result_languages(page) -> list[str]:
    return page.eval_on_selector_all("#search-results li h2 a", "links => links.map(a => a.lang)")


def dated_by(predicate) -> list[str]:
    return [name for name in labels.dated() if predicate(labels.labels()[name])]


# --- Your language first -------------------------------------------------------------------------

def test_a_search_from_a_japanese_page_lists_japanese_articles_first_and_one_click_ranks_all_together(
        tab, site_url, fixture_urls):
    """The sample's Japanese article page has the header's search box: "Bitcoin" typed there gives
    every article that writes Bitcoin, the Japanese ones first; "All languages" ranks them together,
    and the English articles, which write Bitcoin most, come first."""
    page = tab
    page.goto(site_url + fixture_urls[SAMPLE.name])
    page.locator("header.site input[name=q]").fill("Bitcoin")
    page.locator("header.site button[type=submit]").click()
    page.wait_for_url(lambda url: "/search/" in url)
    settle(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Bitcoin"], "hl": ["ja"]}
    [bitcoin] = [s for s in labels.search_expectations() if set(s) == {"q", "found"} and s["q"] == "Bitcoin"]
    expected = sorted(fixture_urls[name] for name in bitcoin["found"])
    in_japanese = sum(labels.labels()[name]["lang"] == "ja" for name in bitcoin["found"])
    assert 0 < in_japanese < len(expected)
    assert sorted(shown(page)) == expected
    langs = result_languages(page)
    assert langs[:in_japanese] == ["ja"] * in_japanese and "ja" not in langs[in_japanese:], langs
    line = page.locator("#search-languages")
    assert line.is_visible() and "日本語" in line.inner_text()

    line.locator("button").click()
    page.wait_for_url(lambda url: "all=1" in url)
    settle(page)
    assert sorted(shown(page)) == expected  # the same articles...
    assert result_languages(page)[0] != "ja"  # ...ranked together: English ones write Bitcoin most
    assert "日本語" in page.locator("#search-languages button").inner_text()  # and the way back


def test_the_query_s_script_says_the_reader_s_language(tab, site_url, fixture_urls):
    """On the English search page, kana means Japanese: ビットコイン lists the Japanese Bitcoin
    articles first; Chinese characters alone mean Chinese here: 比特币 lists the Chinese ones first."""
    for query, langs in (("ビットコイン", {"ja"}), ("比特币", {"zh-CN", "zh-TW"})):
        found = every_result(tab, site_url, q=query)
        [label] = [s for s in labels.search_expectations() if set(s) == {"q", "found"} and s["q"] == query]
        assert sorted(found) == sorted(fixture_urls[name] for name in label["found"])
        first = sum(labels.labels()[name]["lang"] in langs for name in label["found"])
        assert first and set(result_languages(tab)[:first]) <= langs, (query, result_languages(tab))


# --- Japanese and Chinese queries cut into words ---------------------------------------------------

@pytest.mark.parametrize(("joined", "spaced"),
                         [("ビットコインETF", "ビットコイン ETF"), ("Solana現物ETF", "Solana 現物 ETF")])
def test_a_japanese_query_finds_what_its_words_typed_apart_find(tab, site_url, joined, spaced):
    together = every_result(tab, site_url, q=joined)
    apart = every_result(tab, site_url, q=spaced)
    assert together and sorted(together) == sorted(apart)


# --- Names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("author", ["Hannah Brooks", "Christina Comben", "周舟"])
def test_an_author_s_name_finds_exactly_their_articles(tab, site_url, fixture_urls, author):
    """Matched as a name, not as words: no article merely holding words that start `ha` or `brooks`."""
    expected = sorted(fixture_urls[name] for name in dated_by(lambda label: author in label["authors"]))
    assert expected
    assert sorted(every_result(tab, site_url, q=author)) == expected
    assert sorted(every_result(tab, site_url, q=author.lower())) == expected


def test_a_source_s_name_finds_exactly_its_articles(tab, site_url, fixture_urls):
    expected = sorted(fixture_urls[name] for name in dated_by(lambda label: label["source"] == "The Block"))
    assert len(expected) >= 2
    assert sorted(every_result(tab, site_url, q="The Block")) == expected


# --- Figures ---------------------------------------------------------------------------------------

FIGURE = re.compile(r"\$?\b90[,.\u00a0 ]?000\b")


def test_a_figure_is_found_however_it_is_written(tab, site_url, fixture_urls):
    """`$90,000`, `90,000` and `90000` find the same articles: at least the one whose text says
    "$90,000" (the English Japan-yields article), at most those whose page writes the figure."""
    queries = ("$90,000", "90,000", "90000", "90 000")
    found = {query: sorted(every_result(tab, site_url, q=query)) for query in queries}
    assert len({tuple(urls) for urls in found.values()}) == 1, found
    urls = set(found["90000"])
    assert fixture_urls["bitget-en-cryptoslate-japan-yields-carry-trade.txt"] in urls
    writing = {fixture_urls[page.name] for page in PAGES.iterdir()
               if page.name in labels.dated() and FIGURE.search(page.read_text(encoding="utf-8"))}
    assert urls <= writing
    excerpt = tab.locator("#search-results li .excerpt").first.inner_text()
    assert "$90,000" in excerpt and "\u2060" not in excerpt  # shown as the article writes it


# --- An empty search -------------------------------------------------------------------------------

def test_an_empty_search_lists_the_latest_articles_newest_first_without_loading_the_index(
        reader, site_url, sample_site):
    page = reader.page
    page.goto(f"{site_url}/search/")
    page.wait_for_load_state("networkidle")
    latest = page.locator("#search-latest")
    assert latest.is_visible()
    links = latest.locator("li h3 a")
    assert links.count() == min(20, len(labels.dated()))
    published = {url_of(sample_site, p): soup(p).find("meta", property="article:published_time")["content"]
                 for p in article_pages(sample_site)}
    urls = links.evaluate_all("links => links.map(a => a.pathname)")
    dates = [published[url] for url in urls]
    assert dates == sorted(published.values(), reverse=True)[:len(urls)]
    assert latest.locator(".search-range").inner_text() == f"1–{len(urls)} of {len(labels.dated())}"
    assert not [url for url in reader.requested if "/pagefind/" in url]
    page.get_by_label("Search the archive", exact=True).fill("レアアース")
    page.locator("#search-results li").first.wait_for()
    assert latest.is_hidden()
    page.get_by_label("Search the archive", exact=True).fill("")
    page.wait_for_function("document.getElementById('search-latest').hidden === false")
    assert page.locator("#search-results li").count() == 0
    assert reader.errors == []


# --- When nothing is found -------------------------------------------------------------------------

def test_a_misspelt_query_suggests_the_word_and_its_topic_as_links_that_find_articles(
        tab, site_url, sample_site):
    open_search(tab, site_url, q="bitcon")
    assert tab.locator("#search-status").inner_text() == "No results."
    suggest = tab.locator("#search-suggest")
    assert suggest.is_visible()
    spelling = suggest.get_by_role("link", name="bitcoin", exact=True)
    topic = suggest.get_by_role("link", name=re.compile(r"^Bitcoin \(\d+\)$"))
    topic_href = topic.evaluate("a => a.pathname")
    assert file_for(sample_site, topic_href).is_file()
    spelling.click()
    settle(tab)
    assert parse_qs(urlsplit(tab.url).query)["q"] == ["bitcoin"]
    assert tab.locator("#search-results li").count() > 0
    assert suggest.is_hidden()


def test_a_nonsense_query_finds_nothing_and_offers_the_largest_topics(tab, site_url, sample_site):
    """xyzzy matches nothing but pages with words starting `x` (Pagefind's fallback): that is no result."""
    open_search(tab, site_url, q="xyzzy")
    assert tab.locator("#search-status").inner_text() == "No results."
    assert tab.locator("#search-results li").count() == 0
    links = tab.locator("#search-suggest a")
    assert links.count() >= 3
    for href in links.evaluate_all("links => links.map(a => a.pathname)"):
        assert file_for(sample_site, href).is_file(), href
        assert href.startswith("/tags/")


# --- Each result says what it is -------------------------------------------------------------------

def test_each_result_shows_its_language_by_its_own_name_and_its_date(tab, site_url, fixture_urls):
    found = every_result(tab, site_url, q="Bitcoin")
    by_url = {url: name for name, url in fixture_urls.items()}
    metas = tab.eval_on_selector_all("#search-results li .meta", "ps => ps.map(p => p.textContent)")
    assert len(metas) == len(found) >= 5
    for url, meta in zip(found, metas, strict=True):
        label = labels.labels()[by_url[url]]
        source, date, language = meta.split(" · ")
        assert source == label["source"]
        assert SHORT_DATE.match(date) and date.split()[-1] == label["date"][:4], meta
        assert language == LANGUAGE_NAMES[label["lang"]], meta


# --- A larger archive: 20 results a page, and words cut alike ---------------------------------------

@pytest.fixture(scope="module")
def generated(readers_archive):
    """An archive of generated articles over 2020-2026 (scripts/benchmark.py's corpus); returns
    (output, content)."""
    return readers_archive


@pytest.fixture(scope="module")
def generated_url(generated):
    with serve(generated[0]) as url:
        yield url


def counted(page) -> tuple[int, bool]:
    """The count the status gives, and whether it is the total: "31+ results" is the results found
    in the years searched so far (the older years are searched as the pages need them)."""
    number, more = re.fullmatch(r"(\d+)(\+?) results", page.locator("#search-status").inner_text()).groups()
    return int(number), not more


def test_results_come_20_at_a_time_with_the_total(tab, generated_url):
    """20 results a page, with the count: of the results found so far ("31+ results",
    "1–20 of 31+") while older years are still to be searched, and the total once they all are."""
    open_search(tab, generated_url, q="Bitcoin")
    assert tab.locator("#search-results li").count() == 20
    known, whole = counted(tab)
    assert known >= 20
    assert tab.locator("#search-range").inner_text() == f"1–20 of {known}" + ("" if whole else "+")
    tab.locator("#search-more").click()
    tab.wait_for_function("document.querySelectorAll('#search-results li').length === 40")
    later, whole = counted(tab)
    assert later >= known
    assert tab.locator("#search-range").inner_text() == f"1–40 of {later}" + ("" if whole else "+")
    found = every_result(tab, generated_url, q="Bitcoin")
    total, whole = counted(tab)
    assert whole and len(found) == len(set(found)) == total > 40
    assert tab.locator("#search-range").inner_text() == f"1–{total} of {total}"
    assert tab.locator("#search-more").is_hidden()


KATAKANA_AND_LATIN = re.compile(r"[\u30a0-\u30ff]{3,}[A-Z]{2,}")


def japanese_texts(content: Path) -> dict[str, str]:
    """Slug -> text of each Japanese article of a converted archive (its Markdown, NFKC)."""
    texts = {}
    for markdown in sorted((content / "articles").rglob("*.ja.md")):
        header = labels.metadata(markdown)
        if header.get("Status") != "draft":
            texts[header["Slug"]] = unicodedata.normalize("NFKC", markdown.read_text(encoding="utf-8"))
    return texts


def test_japanese_words_written_together_find_what_they_find_apart_on_a_larger_archive(
        tab, generated, generated_url):
    """Each katakana word glued to a Latin one in the generated Japanese articles (`ビットコインETF`):
    searched as written and with a space, the same articles, among them every article writing it."""
    texts = japanese_texts(generated[1])
    compounds = sorted({m.group() for text in texts.values() for m in KATAKANA_AND_LATIN.finditer(text)})
    assert compounds, "the generated Japanese articles write no katakana word glued to a Latin one"
    for joined in compounds[:4]:
        spaced = re.sub(r"(?<=[\u30a0-\u30ff])(?=[A-Z])", " ", joined)
        together = every_result(tab, generated_url, q=joined)
        assert sorted(together) == sorted(every_result(tab, generated_url, q=spaced)), joined
        writing = {slug for slug, text in texts.items() if joined in text}
        assert writing <= {urlsplit(url).path.split("/")[2] for url in together}, joined


# --- Accessibility ---------------------------------------------------------------------------------

STATES = {
    "latest": {},
    "results": {"q": "Bitcoin", "hl": "ja"},
    "suggestions": {"q": "bitcon"},
}


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_violation_on_the_search_page_in_light_and_dark(browser, site_url, axe_script, state):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    params = STATES[state]
    page.goto(f"{site_url}/search/" + (f"?{urlencode(params)}" if params else ""))
    if params:
        settle(page)
    results = axe_in_both_schemes(page, axe_script)
    context.close()
    assert checked(results)["light"] > 10 and checked(results)["dark"] > 0
    assert violations(results) == {"light": [], "dark": []}, state
