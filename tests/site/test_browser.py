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
