"""The built sample archive in a real browser (Debian's chromium)."""

from __future__ import annotations

from tests.converter.test_sample_page import TITLE


def test_search_page_finds_the_article_in_japanese(page, site_url):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/search/")
    page.locator(".pagefind-ui__search-input").fill("レアアース")
    result = page.locator(".pagefind-ui__result-link").first
    result.wait_for(timeout=10_000)
    assert result.inner_text() == TITLE
    result.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE
    assert errors == []


def test_pagefind_api_finds_japanese_words_of_the_body(page, site_url):
    page.goto(f"{site_url}/search/")
    titles = page.evaluate(
        """async (words) => {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.init();
            const found = {};
            for (const word of words) {
                const search = await pagefind.search(word);
                found[word] = await Promise.all(search.results.map(async r => (await r.data()).meta.title));
            }
            return found;
        }""",
        ["レアアース", "輸出規制", "サプライチェーン"],
    )
    assert titles == {word: [TITLE] for word in ("レアアース", "輸出規制", "サプライチェーン")}


def test_search_ignores_promo_text(page, site_url):
    page.goto(f"{site_url}/search/")
    count = page.evaluate(
        """async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            await pagefind.init();
            return (await pagefind.search('PoolX')).results.length;
        }"""
    )
    assert count == 0


SEARCH = """async ([query, filters]) => {
    const pagefind = await import('/pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(query, {filters});
    const data = await Promise.all(search.results.map(r => r.data()));
    return data.map(d => d.url).sort();
}"""


def _tagged(site, tag_slug: str, lang: str | None = None) -> list[str]:
    """URLs of the article pages that link to a tag page, from the built HTML itself."""
    urls = []
    for page in site.glob("articles/**/index.html"):
        html = page.read_text(encoding="utf-8")
        in_lang = lang is None or f'<html lang="{lang}">' in html
        if f"/tags/{tag_slug}/" in html.split("<article", 1)[1] and in_lang:
            urls.append("/" + str(page.parent.relative_to(site)) + "/")
    return sorted(urls)


def test_topic_found_from_every_language(page, site_url, sample_site):
    expected = _tagged(sample_site, "bitcoin")
    assert len({url.split("/")[-2] for url in expected}) > 3  # several languages and articles
    page.goto(f"{site_url}/search/")
    # ビットコイン is not here yet: Pagefind segments long katakana words differently at index and
    # query time (its issue #1237), so the keyword does not match from the topic list.
    for query in ("Bitcoin", "BTC", "比特币"):
        # Every Bitcoin-tagged article, whatever its language; pages merely mentioning it may follow.
        assert set(expected) <= set(page.evaluate(SEARCH, [query, {}])), query


def test_search_filters_by_tag_and_language(page, site_url, sample_site):
    page.goto(f"{site_url}/search/")
    unfiltered = page.evaluate(SEARCH, ["比特币", {}])
    for lang in ("en", "ja"):
        found = page.evaluate(SEARCH, ["比特币", {"tag": "Bitcoin", "language": lang}])
        assert found, lang
        assert found == _tagged(sample_site, "bitcoin", lang=lang), lang
        assert set(found) < set(unfiltered)
