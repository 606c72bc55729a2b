"""Where a capture's address goes: `Via_URL` for an aggregator's copy, `Original_URL` for the
publisher's page, and the slug's words only where nothing better names the article."""

from __future__ import annotations

import shutil

import pytest
from converter.captures.address import place_address
from converter.model import PageFacts

from tests.converter.captures.build import convert, internet_shortcut, markdown_facts, page, written

CANONICAL = "https://cryptoslate.com/senate-passes-genius-act-as-stablecoin-issuers-brace-for-federal-oversight/"
BITGET = "https://www.bitget.com/ja/news/detail/12560604611206"
AMP = "https://cryptoslate-com.cdn.ampproject.org/c/s/cryptoslate.com/genius-act/"
NOWHERE = {"via_url": "", "via": ""}


def placed(address: str, **facts) -> PageFacts:
    page_facts = PageFacts(lang="en", **facts)
    place_address(page_facts, address)
    return page_facts


@pytest.mark.parametrize(("address", "facts", "expected"), [
    # an aggregator's copy (Bitget's address, or a page that names the site it is via)
    (BITGET, {}, {"via_url": BITGET, "via": "Bitget", "original_url": ""}),
    (BITGET, {"original_url": CANONICAL}, {"via_url": BITGET, "via": "Bitget", "original_url": CANONICAL}),
    (CANONICAL, {"via": "Bitget"}, {"via_url": CANONICAL, "via": "Bitget", "original_url": ""}),
    # the publisher's own page: its address, or the canonical link it names on its own host
    (CANONICAL, {}, {**NOWHERE, "original_url": CANONICAL}),
    (CANONICAL + "?utm_source=x", {"original_url": CANONICAL}, {**NOWHERE, "original_url": CANONICAL}),
    # the publisher's page on another host (an AMP cache)
    (AMP, {"original_url": CANONICAL}, {"via_url": AMP, "via": "", "original_url": CANONICAL}),
], ids=["aggregator", "aggregator-naming-original", "page-says-via", "publisher", "publisher-canonical",
        "mirror"])
def test_the_address_goes_where_it_says_what_the_page_is(address, facts, expected):
    result = placed(address, **facts)
    assert {"via_url": result.via_url, "via": result.via, "original_url": result.original_url} == expected
    assert result.notes == []


@pytest.mark.parametrize("address", ["javascript:alert(1)", "file:///C:/Users/me/a.html", "about:internet"])
def test_an_address_that_is_no_web_address_is_not_kept_and_said_so(address):
    result = placed(address)
    assert (result.via_url, result.original_url) == ("", "")
    assert result.notes == ["the capture's address is not an http(s) address: not kept"]


def test_the_slug_takes_the_addresses_words_only_when_the_title_gives_none(tmp_path):
    """A Chinese text dump's slug is its title in pinyin with a hash (slugs.py): an address whose
    last segment is words (the test's; Bitget's and PANews's end in an id) gives the slug those
    words instead, and the file its name. A Bitget address, ending in an id, changes no slug."""
    zh = page("bitget-zh-cn-panews-bitcoin-miners-after-halving.txt")
    ja = page("bitget-ja-coinspeaker-sec-stablecoin-statement.txt")
    plain, captured = tmp_path / "plain", tmp_path / "captured"
    for folder in (plain, captured):
        folder.mkdir()
        for item in (zh, ja):
            shutil.copy(item.path, folder / item.name)
    words = "https://www.panewslab.com/en/articles/bitcoin-miners-one-year-after-the-halving"
    (captured / zh.name).with_suffix(".url").write_bytes(internet_shortcut(words))
    (captured / ja.name).with_suffix(".url").write_bytes(internet_shortcut(BITGET))
    _, twins = convert(plain, tmp_path / "plain-out")
    _, captures = convert(captured, tmp_path / "captured-out")
    twin, capture = by_page(twins), by_page(captures)
    assert twin[zh.name][1]["Slug"].startswith("jianban-yinian-hou-de-bite-bi-kuanggong")
    assert (capture[zh.name][1]["Slug"], capture[zh.name][1]["Original_URL"]) == (
        "bitcoin-miners-one-year-after-the-halving", words)
    assert (capture[ja.name][1]["Slug"], capture[ja.name][1]["Via_URL"]) == (twin[ja.name][1]["Slug"], BITGET)
    assert twin[zh.name][0].endswith(f"/undated/{twin[zh.name][1]['Slug']}.zh-CN.md")
    assert capture[zh.name][0].endswith("/undated/bitcoin-miners-one-year-after-the-halving.zh-CN.md")
    assert capture[ja.name][0].rsplit("/", 1)[1] == twin[ja.name][0].rsplit("/", 1)[1]


def by_page(entries: list[dict]) -> dict[str, tuple[str, dict[str, str]]]:
    """Page file name -> (the Markdown file written, its metadata)."""
    texts = written(entries)
    return {entry["input"].rsplit("/", 1)[1]: (entry["output"], markdown_facts(texts[entry["input"]]))
            for entry in entries if entry["status"] == "converted"}
