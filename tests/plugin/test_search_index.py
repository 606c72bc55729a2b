"""The search index is complete or the build fails.

Pagefind's backend used to be SIGTERMed (by its Python API's context manager) while its last
writes were still queued, leaving e.g. a 0-byte pagefind-entry.json under CPU load with Pelican
exiting 0. The plugin now lets the backend exit on its own and checks what it wrote.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from archive.search_index import ENTRY, REQUIRED, SearchIndexError, count_pages, verify_index

from tests.conftest import PAGES, ROOT, build_site, run_converter

GLOB = "articles/**/*.html"


def fake_bundle(bundle: Path, pages: int = 3) -> Path:
    """What Pagefind writes for `pages` pages in one language, in miniature."""
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "index").mkdir()
    for name in REQUIRED:
        (bundle / name).write_bytes(b"stub")
    (bundle / "pagefind.ja_abc.pf_meta").write_bytes(gzip.compress(b"pagefind_dcdmeta"))
    (bundle / "index" / "ja_1.pf_index").write_bytes(gzip.compress(b"pagefind_dcdwords"))
    for n in range(pages):
        (bundle / "fragment" / f"ja_{n}.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd{}"))
    entry = {"version": "1.5.2", "languages": {"ja": {"hash": "ja_abc", "wasm": None, "page_count": pages}}}
    (bundle / ENTRY).write_text(json.dumps(entry))
    return bundle


def test_a_complete_index_passes(tmp_path):
    entry = verify_index(fake_bundle(tmp_path / "pagefind"), expected=3, reported=3)
    assert entry["languages"]["ja"]["page_count"] == 3


def test_an_empty_entry_file_fails_naming_it(tmp_path):
    bundle = fake_bundle(tmp_path / "pagefind")
    (bundle / ENTRY).write_bytes(b"")
    with pytest.raises(SearchIndexError, match=r"pagefind-entry\.json is empty"):
        verify_index(bundle, expected=3, reported=3)


def test_a_missing_or_unparsable_entry_file_fails(tmp_path):
    bundle = fake_bundle(tmp_path / "pagefind")
    (bundle / ENTRY).write_text('{"version": "1.5.2", "langu')
    with pytest.raises(SearchIndexError, match=r"pagefind-entry\.json is not JSON"):
        verify_index(bundle, expected=3)
    (bundle / ENTRY).unlink()
    with pytest.raises(SearchIndexError, match=r"pagefind-entry\.json missing"):
        verify_index(bundle, expected=3)


def test_a_page_count_mismatch_fails(tmp_path):
    bundle = fake_bundle(tmp_path / "pagefind", pages=2)
    with pytest.raises(SearchIndexError, match=r"counts 2 pages, but 3 article pages"):
        verify_index(bundle, expected=3)
    with pytest.raises(SearchIndexError, match=r"reports 2 pages indexed, but 3 article pages"):
        verify_index(bundle, expected=3, reported=2)


def test_an_empty_or_truncated_file_the_index_needs_fails_naming_it(tmp_path):
    bundle = fake_bundle(tmp_path / "pagefind")
    (bundle / "pagefind.ja_abc.pf_meta").write_bytes(b"")
    fragment = next((bundle / "fragment").iterdir())
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + b"x" * 1000)[:20])
    (bundle / "pagefind.js").unlink()
    with pytest.raises(SearchIndexError) as failure:
        verify_index(bundle, expected=3, reported=3)
    message = str(failure.value)
    assert "pagefind.ja_abc.pf_meta is empty" in message
    assert f"{fragment.name} is truncated or corrupt" in message
    assert "pagefind.js missing" in message


@pytest.fixture(scope="module")
def few_pages_content(tmp_path_factory) -> Path:
    """Three converted fixture pages (two languages) and the about pages: a quick build."""
    base = tmp_path_factory.mktemp("search-index")
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    pages = [
        PAGES / "bitget-ja-cryptoslate-pentagon-rare-earths.txt",
        PAGES / "bitget-ja-theblock-solana-etf-inflows.txt",
        PAGES / "bitget-en-theblock-bitcoin-etf-record-inflow.txt",
    ]
    converted = run_converter(*pages, "--out", content / "articles")
    assert converted.returncode == 0, converted.stderr
    return content


def test_the_index_is_complete_in_every_build_under_cpu_load(few_pages_content, tmp_path):
    """One build more than there are cores, all at once (make html's --fatal errors): each build
    contends with the others for the CPU, as under a busy runner, and every index must be whole.
    (A spinning process beside three builds in turn did the same at three times the CPU cost.)"""
    outputs = [tmp_path / f"output-{n}" for n in range(max(3, (os.cpu_count() or 2) + 1))]
    with ThreadPoolExecutor(len(outputs)) as pool:  # each thread waits on its own pelican process
        list(pool.map(lambda output: build_site(few_pages_content, output), outputs))
    for output in outputs:
        pages = count_pages(output, GLOB)
        assert pages >= 3, f"{output.name}: only {pages} article pages"
        indexed = 0
        for shard in json.loads((output / "pagefind" / "shards.json").read_text())["shards"]:
            entry_file = output / "pagefind" / shard["name"] / ENTRY
            assert entry_file.stat().st_size > 0, f"{output.name}: {entry_file} is empty"
            entry = json.loads(entry_file.read_text())
            indexed += sum(meta["page_count"] for meta in entry["languages"].values())
            verify_index(output / "pagefind" / shard["name"], expected=shard["pages"])
        assert indexed == pages, f"{output.name}: {indexed} pages indexed of {pages}"


def test_an_unchanged_year_reuses_its_kept_index_and_a_changed_one_is_indexed_again(
        few_pages_content, tmp_path):
    """With the content cache on (publishconf.py), each year's index is kept in the cache, and a
    build in a fresh output folder (a runner with the cache restored) copies the index of a year
    whose pages are the same instead of indexing it again; a change to a page indexes its year."""
    content = tmp_path / "content"
    shutil.copytree(few_pages_content, content)
    cache = tmp_path / "cache"
    options = ("-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f"CACHE_PATH={json.dumps(str(cache))}")
    build_site(content, tmp_path / "one", "pelicanconf.py", *options)
    shards = json.loads((tmp_path / "one" / "pagefind" / "shards.json").read_text())["shards"]
    assert len(shards) >= 2
    for shard in shards:
        [kept] = (cache / "pagefind" / shard["name"]).iterdir()
        verify_index(kept, expected=shard["pages"])
        (kept / "marker").write_text("kept", encoding="utf-8")  # shows a later build copied this index

    build_site(content, tmp_path / "two", "pelicanconf.py", *options)
    assert all((tmp_path / "two" / "pagefind" / shard["name"] / "marker").is_file() for shard in shards)

    article = next((content / "articles").rglob("*.en.md"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    changed = article.read_text(encoding="utf-8").split("Date: ", 1)[1][:4]
    build_site(content, tmp_path / "three", "pelicanconf.py", *options)
    third = tmp_path / "three"
    for shard in shards:
        assert (third / "pagefind" / shard["name"] / "marker").exists() == (shard["name"] != changed), shard
        verify_index(third / "pagefind" / shard["name"], expected=shard["pages"])
