"""Conversions remembered between runs: unchanged inputs are not parsed again, anything else is."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from converter import archive, batch, cache, captures, render, store
from converter.batch import Options, convert_all
from converter.cache import ConversionCache, fingerprint
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.model import Block
from converter.topics import DEFAULT_RULES, load_rules

from tests.conftest import FIXTURES, PAGES, SAMPLE
from tests.converter.test_batch import WRAP_2024, WRAP_MARCH, WRAP_SEPTEMBER, write_pages

SETTINGS = Settings(timezone=ZoneInfo("UTC"))


def run(pages, out, cache):
    return convert_all(find_inputs([pages]), out, load_rules(), SETTINGS, cache=cache)


def counting(monkeypatch) -> list:
    parsed = []
    real = batch.convert_file

    def convert_file(page, rules, settings, learned=frozenset()):
        parsed.append(page.path.name)
        return real(page, rules, settings, learned)

    monkeypatch.setattr(batch, "convert_file", convert_file)
    return parsed


def test_a_second_run_parses_only_what_changed_and_writes_the_same(tmp_path, monkeypatch):
    pages = tmp_path / "scraped"
    pages.mkdir()
    for page in sorted(PAGES.glob("bitget-*.txt"))[:4]:
        (pages / page.name).write_bytes(page.read_bytes())
    cache_file = tmp_path / "cache.pickle"
    parsed = counting(monkeypatch)
    first = run(pages, tmp_path / "a", ConversionCache.load(cache_file, "f1"))
    assert len(parsed) == 4 and cache_file.is_file()
    changed = sorted(pages.iterdir())[0]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Bitget App", "Bitget App\n"), encoding="utf-8")
    parsed.clear()
    again = run(pages, tmp_path / "a", ConversionCache.load(cache_file, "f1"))
    assert parsed == [changed.name]
    assert [e.status for e in again] == ["unchanged"] * 4
    assert [e.output for e in again] == [e.output for e in first]


def test_another_fingerprint_starts_an_empty_cache(tmp_path, monkeypatch):
    pages = tmp_path / "scraped"
    pages.mkdir()
    (pages / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    cache_file = tmp_path / "cache.pickle"
    run(pages, tmp_path / "a", ConversionCache.load(cache_file, "f1"))
    parsed = counting(monkeypatch)
    run(pages, tmp_path / "a", ConversionCache.load(cache_file, "f2"))
    assert parsed == [SAMPLE.name]


def test_a_broken_cache_file_is_ignored(tmp_path):
    broken = tmp_path / "cache.pickle"
    broken.write_bytes(b"not a pickle")
    assert ConversionCache.load(broken, "f1").entries == {}


def test_the_fingerprint_follows_the_topic_rules_and_settings(tmp_path):
    rules = tmp_path / "topics.toml"
    rules.write_bytes(DEFAULT_RULES.read_bytes())
    before = fingerprint(rules, SETTINGS)
    assert fingerprint(rules, Settings(timezone=ZoneInfo("Asia/Tokyo"))) != before
    rules.write_bytes(DEFAULT_RULES.read_bytes() + b"\n# edited\n")
    assert fingerprint(rules, SETTINGS) != before


def test_the_fingerprint_follows_every_budget(tmp_path):
    """A page refused or cut under one budget converts otherwise: a remembered conversion is
    another run's when any budget changed."""
    rules = tmp_path / "topics.toml"
    rules.write_bytes(DEFAULT_RULES.read_bytes())
    prints = {fingerprint(rules, SETTINGS)}
    for name in ("max_authors", "max_tags", "max_title", "max_blocks", "max_lines", "max_text"):
        prints.add(fingerprint(rules, replace(SETTINGS, **{name: getattr(SETTINGS, name) + 1})))
    assert len(prints) == 7


# What the cache must keep: a run that changes nothing parses, renders and reads nothing, and
# still decides exactly what a run without the cache decides.

def cached_pages(tmp_path: Path) -> Path:
    """Three articles wanting one slug (two get a suffix), a duplicate, and a page that is no
    article: every decision the batch makes, so a cached run has each to repeat."""
    text = SAMPLE.read_text(encoding="utf-8")
    return write_pages(tmp_path / "scraped", {
        "a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER, "c.txt": WRAP_2024,
        "d-copy.txt": text.replace("\n", "\r\n"), "e.txt": text,
        "f.txt": (FIXTURES / "corpus" / "bitget-en-news-listing-flash-2026.txt").read_text(encoding="utf-8"),
    })


def settle_at_once(monkeypatch) -> None:
    """Files count as settled as soon as written (store.RACY_NS is for real clocks and editors)."""
    monkeypatch.setattr(store, "RACY_NS", 0)


def spy(monkeypatch, module, name: str) -> list:
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def summary(entries, out: Path) -> list[tuple]:
    return [(Path(e.input).name, e.status, e.output and str(Path(e.output).relative_to(out)), e.reason)
            for e in entries]


def test_a_run_that_changes_nothing_parses_renders_and_reads_nothing(tmp_path, monkeypatch):
    settle_at_once(monkeypatch)
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    first = run(pages, out, ConversionCache.load(cache_file, "f1"))
    written = files(out)
    parsed = counting(monkeypatch)
    rendered = spy(monkeypatch, render, "render")
    read = spy(monkeypatch, archive, "read_existing")
    again = run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert (parsed, rendered, read) == ([], [], [])
    assert {e.status for e in first} == {"converted", "duplicate", "skipped"}
    assert [e.status for e in again] == [e.status.replace("converted", "unchanged") for e in first]
    assert [e.output for e in again] == [e.output for e in first]
    assert files(out) == written


def test_cached_runs_decide_and_write_what_a_run_without_the_cache_does(tmp_path, monkeypatch):
    settle_at_once(monkeypatch)
    pages, cache_file = cached_pages(tmp_path), tmp_path / "cache.pickle"
    plain, cached = tmp_path / "plain", tmp_path / "cached"
    for _ in range(3):  # the first run fills the cache, the others are served from it
        expected = summary(run(pages, plain, None), plain)
        assert summary(run(pages, cached, ConversionCache.load(cache_file, "f1")), cached) == expected
        assert files(cached) == files(plain)


def test_a_touched_but_identical_input_is_not_parsed_again(tmp_path, monkeypatch):
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    run(pages, out, ConversionCache.load(cache_file, "f1"))
    later = time.time() + 60
    os.utime(pages / "a.txt", (later, later))
    parsed = counting(monkeypatch)
    entries = run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert parsed == []
    assert entries[0].status == "unchanged"


def test_an_untouched_input_is_not_even_read(tmp_path, monkeypatch):
    settle_at_once(monkeypatch)
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    run(pages, out, ConversionCache.load(cache_file, "f1"))
    read, framed = spy(monkeypatch, cache, "read_capture"), spy(monkeypatch, batch, "read_capture")
    run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert read == [] and framed == []


def test_a_hand_edit_after_a_cached_run_is_kept_and_reported(tmp_path, monkeypatch):
    settle_at_once(monkeypatch)
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    run(pages, out, ConversionCache.load(cache_file, "f1"))
    first = run(pages, out, ConversionCache.load(cache_file, "f1"))  # all from the cache
    edited = Path(first[1].output)  # an article saved under a suffixed slug
    text = edited.read_text(encoding="utf-8") + "\nMy own note.\n"
    edited.write_text(text, encoding="utf-8")
    again = run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert again[1].status == "unchanged" and "edited by hand" in again[1].reason
    assert edited.read_text(encoding="utf-8") == text
    (pages / "b.txt").write_text(WRAP_SEPTEMBER.replace("2025/09/07", "2025/09/08"), encoding="utf-8")
    changed = run(pages, out, ConversionCache.load(cache_file, "f1"))  # a new conversion: still kept
    assert changed[1].status == "unchanged" and "edited by hand" in changed[1].reason
    assert edited.read_text(encoding="utf-8") == text
    assert run(pages, out, None)[1].reason == changed[1].reason


def coarse_clock(monkeypatch, tick_ns: int = store.RACY_NS) -> None:
    """File times as a filesystem with a coarse clock keeps them (whole seconds, as ext3 did):
    two writes within one tick leave the same times."""
    def coarse(info: os.stat_result) -> store.Stat:
        mtime, ctime = info.st_mtime_ns // tick_ns * tick_ns, info.st_ctime_ns // tick_ns * tick_ns
        return info.st_ino, info.st_size, mtime, ctime

    for module in (archive, batch, captures):
        monkeypatch.setattr(module, "stat_key", coarse)


def test_an_edit_within_the_clock_tick_of_the_write_is_still_seen(tmp_path, monkeypatch):
    """An edit that keeps the size, made within the tick the converter wrote in, keeps the
    stat too: files that changed that recently are read again, whatever the cache recorded."""
    coarse_clock(monkeypatch)
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    first = run(pages, out, ConversionCache.load(cache_file, "f1"))
    edited = Path(first[0].output)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("Bitcoin rose", "Bitcoin ROSE"), encoding="utf-8")
    again = run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert again[0].status == "unchanged" and "edited by hand" in again[0].reason


def test_a_deleted_article_is_written_again_from_the_cache(tmp_path, monkeypatch):
    settle_at_once(monkeypatch)
    pages, out, cache_file = cached_pages(tmp_path), tmp_path / "articles", tmp_path / "cache.pickle"
    first = run(pages, out, ConversionCache.load(cache_file, "f1"))
    written = files(out)
    Path(first[2].output).unlink()
    parsed = counting(monkeypatch)
    again = run(pages, out, ConversionCache.load(cache_file, "f1"))
    assert parsed == [] and again[2].status == "converted"
    assert files(out) == written


def test_packed_blocks_read_and_compare_as_the_list_they_stand_for():
    blocks = [Block("paragraph", "One.", "One."), Block("heading", "Two", "Two")]
    packed = cache.PackedBlocks.of(blocks)
    assert list(packed) == blocks and packed == blocks and blocks == packed and len(packed) == 2
    assert pickle.loads(pickle.dumps(packed)) == blocks
    assert cache.PackedBlocks.of(packed) is packed


def test_as_pages_change_cached_runs_keep_deciding_as_runs_without_the_cache(tmp_path, monkeypatch):
    """Retitled, gone (pruned), re-dated and duplicated pages: each run from the cache leaves the
    same files and reports the same as a run without it."""
    settle_at_once(monkeypatch)
    pages, cache_file = cached_pages(tmp_path), tmp_path / "cache.pickle"
    retitled = WRAP_MARCH.replace("Weekly market wrap: Bitcoin, Ether", "Monthly market wrap: Bitcoin, Ether")
    redated = WRAP_SEPTEMBER.replace("2025/09/07", "2025/09/08")
    changes = [
        lambda: None,
        lambda: (pages / "a.txt").write_text(retitled, encoding="utf-8"),
        lambda: (pages / "c.txt").unlink(),
        lambda: (pages / "b.txt").write_text(redated, encoding="utf-8"),
        lambda: (pages / "g-copy.txt").write_text(WRAP_SEPTEMBER, encoding="utf-8"),
        lambda: None,
    ]
    seen = set()
    for change in changes:
        change()
        results = {}
        for name, cached in (("plain", None), ("cached", ConversionCache.load(cache_file, "f1"))):
            out = tmp_path / name
            entries = convert_all(find_inputs([pages]), out, load_rules(), SETTINGS, Options(prune=True),
                                  cache=cached)
            results[name] = ([(*row[:3], row[3].replace(str(out), "OUT")) for row in summary(entries, out)],
                             files(out))
        assert results["cached"] == results["plain"]
        seen.update(status for _, status, _, _ in results["cached"][0])
    assert seen == {"converted", "unchanged", "duplicate", "skipped", "removed"}


def test_the_records_of_output_folders_that_are_gone_are_dropped(tmp_path):
    pages, cache_file = cached_pages(tmp_path), tmp_path / "cache.pickle"
    run(pages, tmp_path / "a", ConversionCache.load(cache_file, "f1"))
    shutil.rmtree(tmp_path / "a")
    run(pages, tmp_path / "b", ConversionCache.load(cache_file, "f1"))
    assert list(ConversionCache.load(cache_file, "f1").files) == [str(tmp_path / "b")]
