"""What a first search downloads on an archive of many articles (issue 13: at most 200 KB at 10,000
articles): a few chunks of each year's Pagefind word index, never the whole of it.

A search without words (filters only) makes Pagefind load every chunk of the word index (the empty
word is a prefix of all words): at 10,000 articles 446 files, 12 MB, for /search/?q=bitcoin, whose
topic results were such a search. The sample site is too small to show it (its index is a handful
of chunks), so this builds an archive of generated articles from scripts/benchmark.py's corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest

from tests.site.builtsite import generated_site, soup
from tests.site.conftest import serve
from tests.site.searchpage import every_result

ARTICLES = 300
MOST_CHUNKS = 3  # a word can straddle two chunks (bitcoin | bitcoins), a tag name has two words


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory):
    """An archive of ARTICLES generated articles, built as `make html` builds; returns output/."""
    output, _ = generated_site(tmp_path_factory.mktemp("many"), ARTICLES, seed=13)
    return output


@pytest.fixture(scope="module")
def many_url(many_articles):
    with serve(many_articles) as url:
        yield url


@dataclass
class FirstSearch:
    chunks: list[str]  # the word index's chunks fetched
    counted: int  # the result count the page announces
    offered: dict[str, int]  # topic -> its count in the topic filter (made at build time)
    excerpts: list[str]  # of the results shown
    total: int  # the results listed once "More results" has been pressed to the end


def first_search(browser, url: str, **params: str) -> FirstSearch:
    """Open the search page with a search in its address, in a fresh tab with an empty cache, as a
    reader following a shared link does; then press "More results" to the end."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(f"{url}/search/?{urlencode(params)}")
    page.wait_for_selector("#search-results[aria-busy=false] li")
    page.wait_for_load_state("networkidle")
    status = page.inner_text("#search-status")
    options = page.eval_on_selector_all("select[name=tag] option", "os => os.map(o => o.textContent)")
    excerpts = page.eval_on_selector_all("#search-results .excerpt", "ps => ps.map(p => p.textContent)")
    chunks = [u for u in fetched if u.endswith(".pf_index")]
    total = len(every_result(page, url, **params))
    context.close()
    offered = {m[1]: int(m[2]) for m in map(re.compile(r"(.+) \((\d+)\)$").match, options) if m}
    return FirstSearch(chunks, int(re.sub(r"\D", "", status) or 1),  # "1 result" may have no digit
                       offered, excerpts, total)


def per_bundle(chunks: list[str]) -> Counter:
    """How many of the chunks fetched are of each year's bundle (/pagefind/<year>/index/...)."""
    return Counter(urlsplit(url).path.split("/")[-3] for url in chunks)


@pytest.mark.parametrize("params", [{"q": "bitcoin"}, {"q": "ビットコイン"}, {"q": "比特币"}, {"q": "BTC"}],
                         ids=lambda params: params["q"])
def test_a_topic_keyword_loads_a_few_index_chunks_and_finds_every_article_of_the_topic(
        browser, many_articles, many_url, params):
    """Bitcoin's keywords: the topic's articles in every language are found, from a few chunks of
    the newest years' bundles (the years the first page needs: see test_year_bundles.py); every
    article of the topic is counted once the older years are searched too."""
    found = first_search(browser, many_url, **params)
    fetched = per_bundle(found.chunks)
    chunks = per_bundle([path.as_uri() for path in many_articles.glob("pagefind/*/index/*.pf_index")])
    assert max(chunks.values()) > MOST_CHUNKS  # the archive is big enough to tell, in a bundle at least
    newest_first = sorted(chunks, reverse=True)
    assert sorted(fetched, reverse=True) == newest_first[:len(fetched)]  # the newest years, and on
    assert all(1 <= count <= MOST_CHUNKS for count in fetched.values()), fetched
    assert found.counted >= 20
    assert found.total >= found.offered["Bitcoin"] > 0


@pytest.mark.parametrize("sort", ["", "date"])
def test_a_topic_filter_alone_opens_the_topic_listing_and_loads_no_index(
        browser, many_articles, many_url, sort):
    """?tag=X with no words is the topic's own listing, newest first (issue 24): not one Pagefind
    file is fetched, and the listing counts the articles the filter's count (made at build time) says."""
    search = soup(many_articles / "search" / "index.html")
    [option] = search.select("select[name=tag] option[value=Bitcoin]")
    offered = int(re.search(r"\((\d+)\)$", option.get_text())[1])
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(f"{many_url}/search/?{urlencode({'tag': 'Bitcoin', 'sort': sort})}")
    page.wait_for_url(f"{many_url}/{option['data-listing']}")
    page.wait_for_load_state("networkidle")
    span = page.inner_text(".timeline .span")
    dates = page.eval_on_selector_all("main ul.articles li .meta time", "ts => ts.map(t => t.dateTime)")
    context.close()
    assert not [url for url in fetched if "/pagefind/" in url]
    assert int(re.match(r"\d+", span)[0]) == offered > 20
    assert len(dates) == 20 and dates == sorted(dates, reverse=True)
