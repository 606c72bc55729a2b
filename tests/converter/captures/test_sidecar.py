"""A page's address from a file beside it: `<name>.url` (Windows) or `<name>.json` (scrapers)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from converter.cache import ConversionCache
from converter.captures import Capture, read_capture

from tests.converter.captures.build import (
    WHEN,
    chrome_mhtml,
    convert,
    internet_shortcut,
    json_sidecar,
    markdown_facts,
    page,
    singlefile,
    written,
)
from tests.converter.test_cache import counting, run, settle_at_once

MB = 1024 * 1024
DUMP = page("bitget-ja-coinspeaker-sec-stablecoin-statement.txt")
PUBLISHER = page("cryptoslate-en-genius-act-stablecoins.html")
OTHER = "https://www.bitget.com/news/detail/12560604797314"


def dump_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DUMP.path, folder / DUMP.name))


def payload_of(path: Path):
    return read_capture(Capture(path), 5 * MB, 100 * MB)


@pytest.mark.parametrize("explorer", [False, True], ids=["browser", "explorer"])
def test_a_windows_internet_shortcut_gives_the_address(tmp_path, explorer):
    """As a browser writes it when a link is dragged to a folder (`[InternetShortcut]`, `URL=`,
    CRLF), and as Explorer writes it (a property section first, more keys)."""
    path = dump_in(tmp_path)
    path.with_suffix(".url").write_bytes(internet_shortcut(DUMP.url, explorer=explorer))
    payload = payload_of(path)
    assert (payload.url, payload.captured, payload.data) == (DUMP.url, None, DUMP.data)


@pytest.mark.parametrize("name", ["{stem}.json", "{stem}.txt.json", "{stem}.url", "{stem}.txt.url"])
def test_a_sidecar_is_named_after_the_page_with_or_without_its_suffix(tmp_path, name):
    path = dump_in(tmp_path)
    side = tmp_path / name.format(stem=path.stem)
    side.write_bytes(json_sidecar(DUMP.url) if name.endswith(".json") else internet_shortcut(DUMP.url))
    payload = payload_of(path)
    assert (payload.url, payload.captured) == (DUMP.url, WHEN if name.endswith(".json") else None)


def test_the_sidecar_wins_over_what_the_page_says(tmp_path):
    """The user wrote the sidecar beside the page: its address wins over SingleFile's comment and
    over an MHTML's `Snapshot-Content-Location`; a sidecar without a time keeps the page's."""
    saved = tmp_path / "genius-act.html"
    saved.write_bytes(singlefile(PUBLISHER))
    saved.with_suffix(".url").write_bytes(internet_shortcut(OTHER))
    assert (payload_of(saved).url, payload_of(saved).captured) == (OTHER, WHEN)
    archive = tmp_path / "genius-act-2.mhtml"
    archive.write_bytes(chrome_mhtml(PUBLISHER))
    archive.with_suffix(".json").write_bytes(json_sidecar(OTHER, "2025-07-01T08:00:00Z"))
    payload = payload_of(archive)
    assert (payload.url, payload.captured.isoformat()) == (OTHER, "2025-07-01T08:00:00+00:00")


@pytest.mark.parametrize(("name", "content", "note"), [
    ("genius-act.json", b"{not json", "sidecar genius-act.json: not JSON"),
    ("genius-act.json", b'["https://cryptoslate.com/"]', "sidecar genius-act.json: not a JSON object"),
    ("genius-act.url", b"[InternetShortcut]\r\nIconIndex=0\r\n", "sidecar genius-act.url: no address in it"),
    ("genius-act.url", b"URL=https://cryptoslate.com/\r\n", "genius-act.url: not an Internet Shortcut"),
])
def test_a_broken_sidecar_costs_a_note_never_the_page(tmp_path, name, content, note):
    """The page converts with the address it gives itself (its SingleFile comment), and the
    report says what was wrong with the sidecar."""
    folder = tmp_path / "scraped"
    folder.mkdir()
    saved = folder / "genius-act.html"
    saved.write_bytes(singlefile(PUBLISHER))
    (folder / name).write_bytes(content)
    status, entries = convert(folder, tmp_path / "out")
    (entry,) = entries
    assert (status, entry["status"]) == (0, "converted") and note in entry["reason"]
    assert markdown_facts(written(entries)[str(saved)])["Original_URL"] == PUBLISHER.url


def test_a_sidecar_added_edited_or_removed_later_converts_the_page_again(tmp_path, monkeypatch):
    """The cache knows a page by its file's stat: a sidecar beside it is part of that, so the
    address it gives (or takes away) reaches the article on the next run."""
    settle_at_once(monkeypatch)
    folder, out, cache_file = tmp_path / "scraped", tmp_path / "articles", tmp_path / "cache.pickle"
    path = dump_in(folder)
    shortcut = path.with_suffix(".url")

    def again() -> tuple[list[str], str]:
        parsed = counting(monkeypatch)
        (entry,) = run(folder, out, ConversionCache.load(cache_file, "f1"))
        facts = markdown_facts(Path(entry.output).read_text(encoding="utf-8"))
        monkeypatch.undo()
        settle_at_once(monkeypatch)
        return parsed, facts.get("Via_URL", "")

    assert again() == ([DUMP.name], "")
    assert again() == ([], "")
    shortcut.write_bytes(internet_shortcut(DUMP.url))
    assert again() == ([DUMP.name], DUMP.url)
    assert again() == ([], DUMP.url)
    corrected = DUMP.url[:-1] + "7"  # a digit mistyped: the sidecar keeps its size
    later = time.time() + 5
    shortcut.write_bytes(internet_shortcut(corrected))
    os.utime(shortcut, (later, later))
    assert again() == ([DUMP.name], corrected)
    shortcut.unlink()
    assert again() == ([DUMP.name], "")
