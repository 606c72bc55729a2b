"""Which bundle of the search index a built article page goes into, and what makes a year's bundle be
indexed again (plugins/archive/search_shards.py): pages written as theme/templates/article.html
writes them, in miniature."""

from __future__ import annotations

import json
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
