"""Which bundle of the search index a built article page goes into, and what makes a year's bundle be
indexed again (plugins/archive/search_shards.py): pages written as theme/templates/article.html
writes them, in miniature."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from archive import search_shards
from archive.search_shards import MANIFEST, UNDATED, manifest, read_manifest, read_page, shards_of, stale

GLOB = "articles/**/*.html"
PAGE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body><main>
<article>{data}<h1 data-pagefind-meta="title">{title}</h1>
<div data-pagefind-body><p>{text}</p></div></article>
<div class="after-article"><section class="related"><a href="/articles/other/">{related}</a></section></div>
</main></body></html>"""


def data(year: str | None, date: int | None) -> str:
    """article.html's <data> elements for the year filter and the date sort."""
    parts = ['<data value="CryptoSlate" data-pagefind-filter="source[value]"></data>']
    if year is not None:
        parts.append(f'<data value="{year}" data-pagefind-filter="year[value]"></data>')
    if date is not None:
        parts.append(f'<data value="{date}" data-pagefind-sort="date[value]"></data>')
    return "".join(parts)


def write(output: Path, slug: str, year: str | None, date: int | None, *, lang: str = "en",
          text: str = "Bitcoin rose.", related: str = "Another article") -> Path:
    path = output / "articles" / slug / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(lang=lang, title=slug, text=text, related=related, data=data(year, date)),
                    encoding="utf-8")
    return path


def test_a_page_goes_into_the_bundle_of_its_year_filter_with_its_date(tmp_path):
    page = read_page(tmp_path, write(tmp_path, "a", "2025", 1760305860))
    assert (page.path, page.year, page.date) == (Path("articles/a/index.html"), "2025", 1760305860)


def test_a_page_that_names_no_year_or_a_year_no_folder_can_be_named_is_undated(tmp_path):
    """A year is a folder name: only digits are taken from a page, whatever it says."""
    assert read_page(tmp_path, write(tmp_path, "none", None, 1760305860)).year == UNDATED
    for value in ("../../etc", "2025/../x", "", "２０２５", "2025 "):
        assert read_page(tmp_path, write(tmp_path, "odd", value, None)).year == UNDATED, value


def test_shards_come_newest_first_with_the_undated_last_and_their_pages_in_path_order(tmp_path):
    write(tmp_path, "b-2024", "2024", 1710234720)
    write(tmp_path, "a-2024", "2024", 1704067200)
    write(tmp_path, "z-2026", "2026", 1768408620)
    write(tmp_path, "undated", None, None)
    write(tmp_path, "c-2025", "2025", 1760305860)
    (tmp_path / "tags" / "bitcoin").mkdir(parents=True)
    (tmp_path / "tags" / "bitcoin" / "index.html").write_text("<html></html>")  # not an article
    shards = shards_of(tmp_path, GLOB)
    assert [shard.name for shard in shards] == ["2026", "2025", "2024", UNDATED]
    assert [page.path.parent.name for page in shards[2].pages] == ["a-2024", "b-2024"]
    record = shards[2].record("d1")
    assert record == {"name": "2024", "years": ["2024"], "pages": 2, "newest": 1710234720,
                      "oldest": 1704067200, "digest": "d1"}
    assert shards[3].record("d2")["years"] == [] and shards[3].record("d2")["newest"] is None


def _stamp(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def test_a_year_of_more_pages_than_a_bundle_holds_is_cut_into_runs_of_whole_months(tmp_path):
    """SEARCH_BUNDLE_PAGES: at most `most` pages a bundle, whole months, named after the first;
    a month larger than that stays whole; an article at New Year in its own time zone (2025 there,
    2024 in UTC) goes with January."""
    for month, count in ((1, 2), (2, 1), (3, 2), (5, 4), (9, 1)):
        for day in range(1, count + 1):
            write(tmp_path, f"m{month}-{day}", "2025", _stamp(f"2025-{month:02d}-{day:02d}T08:00:00+00:00"))
    write(tmp_path, "new-year-tokyo", "2025", _stamp("2025-01-01T00:30:00+09:00"))
    write(tmp_path, "y2024", "2024", _stamp("2024-06-01T08:00:00+00:00"))
    shards = shards_of(tmp_path, GLOB, most=3)
    assert [shard.name for shard in shards] == ["2025-09", "2025-05", "2025-02", "2025-01", "2024"]
    assert [len(shard.pages) for shard in shards] == [1, 4, 3, 3, 1]  # May alone is more than 3
    assert {page.path.parent.name for page in shards[3].pages} == {"m1-1", "m1-2", "new-year-tokyo"}
    assert all(shard.record("d")["years"] == ["2025"] for shard in shards[:4])
    assert [shard.name for shard in shards_of(tmp_path, GLOB, most=20)] == ["2025", "2024"]


def test_articles_added_to_a_years_last_months_change_its_last_bundle_only(tmp_path):
    for month in range(1, 13):
        write(tmp_path, f"a{month}", "2025", _stamp(f"2025-{month:02d}-10T08:00:00+00:00"))
    recipe = "r"
    before = {shard.name: shard.digest(recipe) for shard in shards_of(tmp_path, GLOB, most=5)}
    write(tmp_path, "late", "2025", _stamp("2025-12-20T08:00:00+00:00"))
    after = {shard.name: shard.digest(recipe) for shard in shards_of(tmp_path, GLOB, most=5)}
    assert sorted(before) == sorted(after) == ["2025-01", "2025-06", "2025-11"]
    assert [name for name in after if after[name] != before[name]] == ["2025-11"]


def test_the_bundles_of_parts_are_listed_as_one_build_lists_them():
    """A split build (shards.py) merges each part's shards.json: newest first, by name after that."""
    records = [{"name": n, "years": [n[:4]], "newest": t} for n, t in
               (("2024", 10), ("2025-07", 30), ("undated", None), ("2025-01", 20))]
    merged = json.loads(search_shards.merged_manifest([manifest(records[:2]), manifest(records[2:])]))
    assert [record["name"] for record in merged["shards"]] == ["2025-07", "2025-01", "2024", "undated"]


def test_a_year_s_digest_changes_with_what_pagefind_reads_of_its_pages_only(tmp_path):
    """The article (text, metadata, filters), the page's language, its path and the recipe count;
    the related articles and previous/next around it do not (a new article changes those of older
    ones, which need not be indexed again for that)."""
    write(tmp_path, "a", "2025", 1760305860)

    def digest(recipe: str = "r") -> str:
        [shard] = shards_of(tmp_path, GLOB)
        return shard.digest(recipe)

    first = digest()
    write(tmp_path, "a", "2025", 1760305860, related="A newer article")
    assert digest() == first
    changes = [dict(text="Bitcoin fell."), dict(lang="ja"), dict(related="x", text="Ether rose.")]
    for change in changes:
        write(tmp_path, "a", "2025", 1760305860, **change)
        assert digest() != first, change
        write(tmp_path, "a", "2025", 1760305860)
    assert digest("another recipe") != first
    (tmp_path / "articles" / "a").rename(tmp_path / "articles" / "b")
    assert digest() != first


def test_the_recipe_changes_with_the_settings_the_words_and_the_code(tmp_path):
    code = tmp_path / "search_words.py"
    code.write_text("RULES = 1\n")
    recipe = search_shards.recipe("und", GLOB, frozenset({"比特币"}), [code])
    assert recipe != search_shards.recipe("ja", GLOB, frozenset({"比特币"}), [code])
    assert recipe != search_shards.recipe("und", "**/*.html", frozenset({"比特币"}), [code])
    assert recipe != search_shards.recipe("und", GLOB, frozenset({"以太坊"}), [code])
    code.write_text("RULES = 2\n")
    assert recipe != search_shards.recipe("und", GLOB, frozenset({"比特币"}), [code])


def test_the_manifest_is_read_back_by_name_and_a_damaged_one_is_none(tmp_path):
    records = [{"name": "2025", "years": ["2025"], "pages": 1, "newest": 2, "oldest": 1, "digest": "d"}]
    (tmp_path / MANIFEST).write_bytes(manifest(records))
    assert read_manifest(tmp_path) == {"2025": records[0]}
    assert json.loads((tmp_path / MANIFEST).read_text())["shards"] == records
    for damaged in (b"", b"[]", b'{"shards": 3}', b'{"shards": [1, {"nom": "x"}]}', b"\xff"):
        (tmp_path / MANIFEST).write_bytes(damaged)
        assert read_manifest(tmp_path) == {}, damaged
    assert read_manifest(tmp_path / "none") == {}


def test_everything_but_this_build_s_bundles_the_script_and_the_manifest_is_stale(tmp_path):
    for name in ("2025", "2019", ".2025.new", "fragment", "index"):
        (tmp_path / name).mkdir()
    for name in ("pagefind.js", MANIFEST, "pagefind-entry.json", "pagefind.und_1.pf_meta"):
        (tmp_path / name).write_text("x")
    assert [path.name for path in stale(tmp_path, {"2025"})] == [
        ".2025.new", "2019", "fragment", "index", "pagefind-entry.json", "pagefind.und_1.pf_meta"]
    assert stale(tmp_path / "none", {"2025"}) == []
