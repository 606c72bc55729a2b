"""The search index in year bundles (plugins/archive/search_shards.py), as readers and builds see it.

- Newest first is exactly the order of one index of the same pages: the same search page, on the
  same site, once with its year bundles and once with a single bundle of every article page (made
  here with Pagefind's Python API, through the plugin's own page copies), lists the same results in
  the same order, for queries and filters, on the sample archive and on a generated one over
  2020-2026.
- A search by date fetches only the bundles its first page needs: the newest years, down to the
  date of the last result shown.
- A rebuild leaves the bundle of a year whose articles did not change as it was (every file, bytes
  and modification time), and makes again the one of a year that got an article.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import benchmark
import pytest
from archive import search_index, search_shards

import pelicanconf
from tests.conftest import ARTIFACTS, build_site
from tests.site.builtsite import article_pages, soup, url_of
from tests.site.conftest import serve
from tests.site.searchpage import every_result, open_search, shown

GLOB = pelicanconf.PAGEFIND_GLOB


def one_index(site: Path, target: Path) -> Path:
    """A copy of `site` whose search index is one bundle of every article page, listed alone in
    shards.json: what the search page does with a single index of the same pages."""
    shutil.copytree(site, target, ignore=lambda folder, names: ["pagefind"] if Path(folder) == site else [])
    every = search_shards.Shard("all", [page for shard in search_shards.shards_of(target, GLOB)
                                        for page in shard.pages])
    settings = {"TOPIC_RULES": pelicanconf.TOPIC_RULES}
    vocabulary = search_index.chinese_vocabulary(settings)
    root = target / "pagefind"
    search_index.index_pages(target, [page.path for page in every.pages], root / "all", GLOB,
                             pelicanconf.PAGEFIND_LANGUAGE, vocabulary, search_index.topic_keywords(settings))
    (root / search_shards.MANIFEST).write_bytes(search_shards.manifest([every.record("one index")]))
    shutil.copy(root / "all" / search_shards.SCRIPT, root / search_shards.SCRIPT)
    return target


def bundles(site: Path) -> list[dict]:
    return json.loads((site / "pagefind" / search_shards.MANIFEST).read_text(encoding="utf-8"))["shards"]


def searched_years(fetched: list[str]) -> set[str]:
    """The year bundles whose index a page opened (their metadata file fetched)."""
    return {url.split("/pagefind/")[1].split("/")[0] for url in fetched if url.endswith(".pf_meta")}


def published(site: Path) -> dict[str, str]:
    """URL path -> the article's date and time (its article:published_time)."""
    return {url_of(site, page): soup(page).find("meta", property="article:published_time")["content"]
            for page in article_pages(site)}


@pytest.fixture(scope="module")
def sample_pair(sample_site, tmp_path_factory):
    """(URL of the sample site, URL of the same site with one index)."""
    single = one_index(sample_site, tmp_path_factory.mktemp("one-index") / "sample")
    with serve(sample_site) as sharded, serve(single) as whole:
        yield sharded, whole


@pytest.fixture(scope="module")
def generated_pair(readers_archive, tmp_path_factory):
    output, _ = readers_archive
    single = one_index(output, tmp_path_factory.mktemp("one-index") / "generated")
    with serve(output) as sharded, serve(single) as whole:
        yield sharded, whole


def same_as_one_index(tab, pair, searches) -> dict[str, list[str]]:
    """Each search by date, to its last result, on the year bundles and on one index: the same
    results in the same order (and some). Returns the results of each."""
    sharded, whole = pair
    found = {}
    for params in searches:
        with_date = {**params, "sort": "date"}
        mine = every_result(tab, sharded, **with_date)
        assert mine, params
        assert mine == every_result(tab, whole, **with_date), params
        found[json.dumps(params, ensure_ascii=False)] = mine
    return found


SAMPLE_SEARCHES = [
    {"q": "Bitcoin"}, {"q": "ビットコイン"}, {"q": "比特币"}, {"q": "ETF"}, {"q": "stablecoin"},
    {"q": "Bitcoin", "language": "en"}, {"q": "Bitcoin", "year": "2025"},
    {"source": "CryptoSlate", "language": "ja"}, {"tag": "Bitcoin", "language": "ja"},
]


def test_newest_first_is_the_order_of_one_index_on_the_sample_archive(tab, sample_pair, sample_site):
    found = same_as_one_index(tab, sample_pair, SAMPLE_SEARCHES)
    dates = published(sample_site)
    bitcoin = [dates[url] for url in found['{"q": "Bitcoin"}']]
    assert bitcoin == sorted(bitcoin, reverse=True)
    assert len({date[:4] for date in bitcoin}) == len(bundles(sample_site)) >= 3  # every year in it


def test_newest_first_is_the_order_of_one_index_on_a_generated_archive(tab, generated_pair, readers_archive):
    output, _ = readers_archive
    choices = benchmark.filter_choices(output)  # each filter's value with the most articles
    source, language = choices["source"][0], choices["language"][0]
    searches = [{"q": "bitcoin"}, {"q": "ETF"}, {"q": "ビットコイン"}, {"q": "BTC"}, {"q": "market"},
                {"q": "bitcoin", "language": language}, {"q": "bitcoin", "year": "2023"},
                {"source": source, "language": language}, {"tag": "Bitcoin", "language": language}]
    names = [bundle["name"] for bundle in bundles(output)]
    split = [name for name in names if "-" in name]  # years cut into months (SEARCH_BUNDLE_PAGES)
    assert len(split) >= 6 and len(names) > len({name[:4] for name in names})
    found = same_as_one_index(tab, generated_pair, searches)
    dates = published(output)
    bitcoin = [dates[url] for url in found['{"q": "bitcoin"}']]
    assert bitcoin == sorted(bitcoin, reverse=True) and len(bitcoin) > 40
    assert len({date[:4] for date in bitcoin}) >= 6


def test_a_search_by_date_fetches_only_the_years_its_first_page_reaches(browser, generated_pair,
                                                                        readers_archive):
    """The newest year is searched first; an older one only when the results shown reach its
    newest date. Here the first page of 20 reaches a few years back and no further; the count
    says "at least" until every year has been searched, and the last page makes it exact."""
    output, _ = readers_archive
    sharded, _ = generated_pair
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    open_search(page, sharded, q="bitcoin", sort="date")
    first = shown(page)
    last = int(datetime.fromisoformat(published(output)[first[-1]]).timestamp())
    metas = searched_years(fetched)
    years = bundles(output)
    needed = {years[0]["name"]} | {year["name"] for year in years if year["newest"] >= last}
    assert len(first) == 20 and metas == needed and len(needed) < len(years)
    assert page.inner_text("#search-status").endswith("+ results")
    more = every_result(page, sharded, q="bitcoin", sort="date")
    assert page.inner_text("#search-status") == f"{len(more)} results" and more[:20] == first
    context.close()


def test_by_relevance_every_article_is_found_and_how_close_the_first_page_is_is_recorded(
        tab, generated_pair):
    """By relevance the year bundles are searched newest first, as the page needs them, and merged
    by score: the first page of a common word is the newest year's best. Every result of one index
    is found all the same; how many of one index's first 20 the first page shows is written to
    test-artifacts/search-shards-relevance.txt."""
    sharded, whole = generated_pair
    lines = []
    for query in ("bitcoin", "ETF", "ビットコイン", "stablecoin", "regulation"):
        mine, theirs = every_result(tab, sharded, q=query), every_result(tab, whole, q=query)
        assert sorted(mine) == sorted(theirs) and mine, query
        lines.append(f"{query}: {len(mine)} results, first 20 in common with one index: "
                     f"{len(set(mine[:20]) & set(theirs[:20]))}\n")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-shards-relevance.txt").write_text("".join(lines), encoding="utf-8")


def test_with_every_year_ranked_together_the_first_search_searches_them_all(browser, readers_archive,
                                                                              generated_pair, tmp_path):
    """SEARCH_RANKS_ALL_YEARS (pelicanconf.py) on: the first page by relevance is ranked over every
    year's bundle, fetched at once, and the count is the total one index gives."""
    output, _ = readers_archive
    site = tmp_path / "site"
    shutil.copytree(output, site)
    page_file = site / "search" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    assert '"rank_all_years": false' in html
    page_file.write_text(html.replace('"rank_all_years": false', '"rank_all_years": true'), encoding="utf-8")
    _, whole = generated_pair
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    with serve(site) as url:
        open_search(page, url, q="bitcoin")
        metas = searched_years(fetched)
        status = page.inner_text("#search-status")
        open_search(page, whole, q="bitcoin")
        assert status == page.inner_text("#search-status") and not status.endswith("+ results")
    context.close()
    assert metas == {year["name"] for year in bundles(output)}


# --- Rebuilds -----------------------------------------------------------------------------------

def state(bundle: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a bundle: its modification time (ns) and bytes."""
    return {path.relative_to(bundle).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
            for path in sorted(bundle.rglob("*")) if path.is_file()}


def test_a_rebuild_leaves_an_unchanged_year_s_bundle_as_it_was_and_indexes_a_year_that_changed(
        sample_site_content, tmp_path):
    """`make html` twice into one output folder (pelicanconf.py): after an article is added in
    2025, the 2024 and 2026 bundles are the same files, untouched, the 2025 bundle counts one page
    more; a year whose last article is removed loses its bundle."""
    content = tmp_path / "content"
    shutil.copytree(sample_site_content, content)
    output = tmp_path / "output"
    build_site(content, output)
    root = output / "pagefind"
    listed = {year["name"]: year for year in bundles(output)}
    before = {name: state(root / name) for name in listed}
    script = (root / search_shards.SCRIPT).stat().st_mtime_ns
    assert set(before) >= {"2024", "2025", "2026"}

    model = next(path for path in sorted((content / "articles").rglob("*.en.md"))
                 if "\nDate: 2025" in path.read_text(encoding="utf-8"))
    added = model.read_text(encoding="utf-8").replace("Title: ", "Title: Added: ", 1)
    added = added.replace("Slug: ", "Slug: added-", 1)
    (model.parent / f"added-{model.name}").write_text(added, encoding="utf-8")
    build_site(content, output)
    after = {year["name"]: year for year in bundles(output)}
    assert set(after) == set(listed)
    for name in set(listed) - {"2025"}:
        assert state(root / name) == before[name], name  # the same files, none written again
        assert after[name] == listed[name]
    assert after["2025"]["pages"] == listed["2025"]["pages"] + 1
    assert after["2025"]["digest"] != listed["2025"]["digest"]
    entry = json.loads((root / "2025" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["und"]["page_count"] == after["2025"]["pages"]
    assert len(list((root / "2025" / "fragment").glob("*.pf_fragment"))) == after["2025"]["pages"]
    # The changed year's bundle is updated in place: the fragments of its other pages are the
    # same files, not written again (only the new page's and its neighbours', whose links changed).
    fragments = {name: was for name, was in before["2025"].items() if name.startswith("fragment/")}
    now = state(root / "2025")
    kept = [name for name, was in fragments.items() if now.get(name) == was]
    assert kept and len(kept) >= len(fragments) - 2, (len(kept), len(fragments))
    assert (root / search_shards.SCRIPT).stat().st_mtime_ns == script

    for path in (content / "articles").rglob("*.md"):
        if "\nDate: 2024" in path.read_text(encoding="utf-8"):
            path.unlink()
    build_site(content, output)
    assert "2024" not in {year["name"] for year in bundles(output)} and not (root / "2024").exists()
    assert state(root / "2026") == before["2026"]
