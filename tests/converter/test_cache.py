"""Conversions remembered between runs: unchanged inputs are not parsed again, anything else is."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from converter import batch
from converter.batch import convert_all
from converter.cache import ConversionCache, fingerprint
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.topics import DEFAULT_RULES, load_rules

from tests.conftest import PAGES, SAMPLE

SETTINGS = Settings(timezone=ZoneInfo("UTC"))


def run(pages, out, cache):
    return convert_all(find_inputs([pages]), out, load_rules(), SETTINGS, cache=cache)


def counting(monkeypatch) -> list:
    parsed = []
    real = batch.convert_file

    def convert_file(path, rules, settings):
        parsed.append(path.name)
        return real(path, rules, settings)

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
