"""How the search index gets written: Pagefind indexes the article pages, the plugin writes every
file it returns (whole, under a temporary name first) and then checks the bundle on disk.

Most tests stand a small fake in for Pagefind's Python API (`FakeIndex`), so they can say exactly
what the backend was asked and answered; one runs the real Pagefind over a three-page site.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest
from archive import search_index
from archive.search_index import (
    ENTRY,
    REPLY_LIMIT,
    REQUIRED,
    SearchIndexError,
    _relative,
    build_search_index,
    count_pages,
    index_site,
    run_to_completion,
    verify_index,
    write_atomically,
)

GLOB = "articles/**/*.html"
ARTICLE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head>
<body><main><article><data value="2025" data-pagefind-filter="year[value]"></data>
<data value="{date}" data-pagefind-sort="date[value]"></data><h1>{title}</h1><p>{text}</p></article></main>
</body></html>"""
PAGES = [Path("articles/2025/pentagon-rare-earths.html"), Path("articles/bitcoin-etf-record.html")]


def site(output: Path) -> Path:
    """Two article pages of 2025 (in a year folder and directly under articles/) and a tag page."""
    pages = {
        PAGES[0]: ("ja", "ペンタゴン、レアアース", "ビットコインと金の価格", 1760305860),
        PAGES[1]: ("en", "Bitcoin ETFs record inflow", "Spot ETFs took in $1bn", 1740000000),
        Path("tags/bitcoin.html"): ("en", "Bitcoin", "Every article tagged Bitcoin", 1740000000),
    }
    for name, (lang, title, text, date) in pages.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        page = ARTICLE.format(lang=lang, title=title, text=text, date=date)
        (output / name).write_text(page, encoding="utf-8")
    return output


def bundle_files(pages: int, language: str = "ja") -> list[dict]:
    """What Pagefind's get_files() returns for `pages` pages: paths relative to the bundle, bytes."""
    gz = gzip.compress
    files = [{"path": name, "content": b"stub"} for name in REQUIRED]
    files.append({"path": f"pagefind.{language}_abc.pf_meta", "content": gz(b"pagefind_dcdmeta")})
    files.append({"path": f"index/{language}_1.pf_index", "content": gz(b"pagefind_dcdwords")})
    files += [{"path": f"fragment/{language}_{n}.pf_fragment", "content": gz(b"pagefind_dcd{}")}
              for n in range(pages)]
    entry = {"version": "1.5.2", "languages": {language: {"hash": f"{language}_abc", "wasm": None,
                                                          "page_count": pages}}}
    files.append({"path": ENTRY, "content": json.dumps(entry).encode()})
    return files


class FakeService:
    """The backend process as the API holds it: its stdout reader has a 2 MiB line limit."""

    def __init__(self) -> None:
        self._backend = SimpleNamespace(stdout=asyncio.StreamReader(limit=2**21))
        self.closed = False

    async def close(self) -> None:
        self.closed = True


class FakeIndex:
    """Stands in for pagefind.index.PagefindIndex; records what the plugin asked of it."""

    reply: ClassVar[object] = None
    files: ClassVar[list[dict]] = []
    failure: ClassVar[Exception | None] = None
    made: ClassVar[list[FakeIndex]] = []
    add_directory_hook: ClassVar[object] = None  # sees the folder Pagefind is given, while it exists

    def __init__(self, config=None) -> None:
        self.config = config
        self._service = None
        self.requests: list = []
        self.limit_when_asked = None
        FakeIndex.made.append(self)

    async def __aenter__(self) -> FakeIndex:
        self._service = FakeService()
        return self

    async def add_directory(self, path, *, glob=None):
        self.limit_when_asked = self._service._backend.stdout._limit
        self.requests.append((path, glob))
        if type(self).add_directory_hook:  # through the class: a function, not a method
            type(self).add_directory_hook(path)
        if self.failure:
            raise self.failure
        return self.reply

    async def get_files(self) -> list[dict]:
        return self.files


@pytest.fixture
def pagefind(monkeypatch):
    """The fake Pagefind, answering as the real one does for two pages; tests change its answers."""
    monkeypatch.setattr(FakeIndex, "made", [])
    monkeypatch.setattr(FakeIndex, "reply", {"type": "IndexedDir", "page_count": 2})
    monkeypatch.setattr(FakeIndex, "files", bundle_files(2))
    monkeypatch.setattr(FakeIndex, "failure", None)
    monkeypatch.setattr(FakeIndex, "add_directory_hook", None)
    monkeypatch.setattr(search_index, "PagefindIndex", FakeIndex)
    return FakeIndex


def build(output: Path, **settings) -> None:
    """The `finalized` signal, with the Pelican object it sends."""
    build_search_index(SimpleNamespace(settings=settings, output_path=str(output)))


def test_a_copy_of_the_article_pages_is_indexed_with_no_language_by_default(pagefind, tmp_path, caplog):
    """Pagefind is told no language (the plugin cuts the words: search_words.py) and indexes a copy
    of the article pages beside the output, at their own paths, into the bundle of their year (made
    beside it, then moved into place); the copy is gone afterwards."""
    output = tmp_path / "output"
    output.mkdir()
    pagefind.files = bundle_files(2, "und")
    copies = []
    pagefind.add_directory_hook = lambda path: copies.append(sorted(
        p.relative_to(path).as_posix() for p in Path(path).rglob("*.html")))
    with caplog.at_level(logging.INFO, logger="archive.search_index"):
        build(site(output))
    [index] = pagefind.made
    assert index.config == {"force_language": "und", "output_path": str(output / "pagefind" / ".2025.new")}
    [(folder, glob)] = index.requests
    assert glob == GLOB and Path(folder).parent.parent in (tmp_path, search_index.MEMORY_DISK)
    assert not Path(folder).exists()
    assert copies == [["articles/2025/pentagon-rare-earths.html", "articles/bitcoin-etf-record.html"]]
    assert index._service.closed
    assert verify_index(output / "pagefind" / "2025", expected=2)["languages"]["und"]["page_count"] == 2
    assert sorted(p.name for p in (output / "pagefind").iterdir()) == ["2025", "pagefind.js", "shards.json"]
    messages = [record.getMessage() for record in caplog.records]
    bundle = output / "pagefind" / "2025"
    files = sum(1 for path in bundle.rglob("*") if path.is_file())  # a new year: every file is new
    assert messages == [f"Pagefind: indexed 2 pages into {bundle} ({files} files written)"]


def test_the_copies_are_written_in_memory_when_there_is_room_else_beside_the_output(tmp_path, monkeypatch):
    output = site(tmp_path / "output")
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(search_index, "MEMORY_DISK", memory)
    assert search_index.scratch_space(output, PAGES) == memory
    monkeypatch.setattr(search_index.shutil, "disk_usage", lambda path: SimpleNamespace(free=100))
    assert search_index.scratch_space(output, PAGES) == tmp_path  # less room than twice the pages
    monkeypatch.setattr(search_index, "MEMORY_DISK", tmp_path / "none")
    assert search_index.scratch_space(output, PAGES) == tmp_path


def test_which_pages_and_which_language_are_settings(pagefind, tmp_path):
    pagefind.reply = {"type": "IndexedDir", "page_count": 3}
    pagefind.files = bundle_files(3, "en")
    build(site(tmp_path), PAGEFIND_GLOB="**/*.html", PAGEFIND_LANGUAGE="en")
    [index] = pagefind.made
    assert index.config["force_language"] == "en"
    assert [glob for _, glob in index.requests] == ["**/*.html"]


def test_each_year_is_indexed_by_a_pagefind_process_of_its_own_newest_first(pagefind, tmp_path):
    """Two years: two backends, the newer year first, each given the copies of its own pages only;
    a year whose indexing fails raises, and its bundle of the last build stays where it was."""
    output = site(tmp_path / "output")
    older = output / "articles" / "2024" / "etf.html"
    older.parent.mkdir(parents=True)
    older.write_text(ARTICLE.format(lang="en", title="ETF", text="Flows", date=1710234720)
                     .replace('value="2025"', 'value="2024"'), encoding="utf-8")
    copies = []

    def answer_for(path) -> None:  # the fake answers for the pages it is given
        copies.append(sorted(p.relative_to(path).as_posix() for p in Path(path).rglob("*.html")))
        pagefind.reply = {"type": "IndexedDir", "page_count": len(copies[-1])}
        pagefind.files = bundle_files(len(copies[-1]))

    pagefind.add_directory_hook = answer_for
    build(output)
    assert [Path(index.config["output_path"]).name for index in pagefind.made] == [".2025.new", ".2024.new"]
    assert copies == [[p.as_posix() for p in PAGES], ["articles/2024/etf.html"]]
    assert all(index._service.closed for index in pagefind.made)

    kept = (output / "pagefind" / "2024" / ENTRY).read_bytes()
    older.write_text(older.read_text(encoding="utf-8").replace("Flows", "Outflows"), encoding="utf-8")
    pagefind.failure = RuntimeError("backend died")
    with pytest.raises(RuntimeError, match="backend died"):
        build(output)
    assert (output / "pagefind" / "2024" / ENTRY).read_bytes() == kept


def test_a_page_count_pagefind_does_not_confirm_fails_the_build(pagefind, tmp_path):
    pagefind.reply = {"type": "IndexedDir", "page_count": 1}
    with pytest.raises(SearchIndexError, match="Pagefind reports 1 pages indexed, but 2 article pages were"):
        build(site(tmp_path))


@pytest.mark.parametrize("reply", [None, {"type": "IndexedDir"}], ids=["no reply", "no page count"])
def test_a_reply_without_a_page_count_fails_the_build(pagefind, tmp_path, reply):
    pagefind.reply = reply
    with pytest.raises(SearchIndexError, match="Pagefind reports -1 pages indexed, but 2 article pages"):
        build(site(tmp_path))


def test_index_site_returns_the_count_pagefind_reports(pagefind, tmp_path):
    pagefind.reply = {"type": "IndexedDir", "page_count": 7}
    assert run_to_completion(index_site(tmp_path, glob=GLOB, language="ja")) == 7


def test_a_stale_index_of_an_earlier_build_is_removed(pagefind, tmp_path):
    """What an earlier build left under pagefind/ that is no bundle of this one's years is removed:
    its own stale fragments in a year's bundle, the files of the one-bundle layout, a year that has
    no pages any more."""
    stale = [tmp_path / "pagefind" / "2025" / "fragment" / "ja_old.pf_fragment",
             tmp_path / "pagefind" / "fragment" / "ja_old.pf_fragment",
             tmp_path / "pagefind" / ENTRY, tmp_path / "pagefind" / "2019" / ENTRY]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x1f\x8b truncated")
    build(site(tmp_path))
    assert [path for path in stale if path.exists()] == []
    assert sorted(p.name for p in (tmp_path / "pagefind").iterdir()) == ["2025", "pagefind.js", "shards.json"]
    assert sorted(p.name for p in (tmp_path / "pagefind" / "2025" / "fragment").iterdir()) == [
        "ja_0.pf_fragment", "ja_1.pf_fragment",
    ]


def test_every_file_pagefind_returns_is_written_whole(pagefind, tmp_path):
    run_to_completion(index_site(site(tmp_path), glob=GLOB, language="ja"))
    for file in pagefind.files:
        assert (tmp_path / "pagefind" / file["path"]).read_bytes() == file["content"], file["path"]
    assert not list((tmp_path / "pagefind").rglob("*.tmp"))


def test_the_backend_may_send_a_bundle_bigger_than_its_reply_limit(pagefind, tmp_path):
    run_to_completion(index_site(site(tmp_path), glob=GLOB, language="ja"))
    assert pagefind.made[0].limit_when_asked == REPLY_LIMIT == 2**30


def backend_reading_with(reader) -> SimpleNamespace:
    return SimpleNamespace(_service=SimpleNamespace(_backend=SimpleNamespace(stdout=reader)))


def test_a_larger_reply_limit_is_kept():
    reader = SimpleNamespace(_limit=2**31)
    search_index._raise_reply_limit(backend_reading_with(reader))
    assert reader._limit == 2**31


def test_an_api_without_a_backend_reader_is_left_as_it_is():
    """A later pagefind release may hold its process differently: then nothing is patched."""
    for service in (None, SimpleNamespace(), SimpleNamespace(_backend=SimpleNamespace(stdout=None)),
                    SimpleNamespace(_backend=SimpleNamespace(stdout=SimpleNamespace()))):
        index = SimpleNamespace(_service=service)
        search_index._raise_reply_limit(index)
        assert index._service is service
    reader = SimpleNamespace()
    search_index._raise_reply_limit(backend_reading_with(reader))
    assert not hasattr(reader, "_limit")


def test_the_backend_is_stopped_when_indexing_fails(pagefind, tmp_path):
    pagefind.failure = RuntimeError("backend died")
    with pytest.raises(RuntimeError, match="backend died"):
        run_to_completion(index_site(site(tmp_path), glob=GLOB, language="ja"))
    assert pagefind.made[0]._service.closed


def test_stopping_a_backend_that_never_started_is_no_error():
    index = SimpleNamespace(_service=None)
    run_to_completion(search_index._stop(index))
    assert index._service is None


def test_pagefind_file_names_are_placed_inside_the_bundle(tmp_path):
    bundle = tmp_path / "pagefind"
    assert _relative("fragment/ja_1.pf_fragment", bundle) == Path("fragment/ja_1.pf_fragment")
    assert _relative(str(bundle / "pagefind.js"), bundle) == Path("pagefind.js")
    assert _relative("pagefind/index/ja_1.pf_index", bundle) == Path("index/ja_1.pf_index")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../pelicanconf.py", "fragment/../../../x"])
def test_a_file_name_outside_the_bundle_fails_the_build(tmp_path, name):
    with pytest.raises(SearchIndexError, match=f"Pagefind returned a file outside its bundle: {name}$"):
        _relative(name, tmp_path / "pagefind")


def test_a_file_is_written_into_folders_made_for_it_and_replaces_an_older_one(tmp_path):
    target = tmp_path / "pagefind" / "fragment" / "ja_1.pf_fragment"
    write_atomically(target, b"old")
    write_atomically(target.with_name("ja_2.pf_fragment"), b"other")  # the folder exists by now
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["ja_1.pf_fragment", "ja_2.pf_fragment"]


def test_a_file_is_on_disk_in_full_before_it_takes_its_name(tmp_path, monkeypatch):
    """Written and closed under a temporary name, then renamed: a reader never sees the name with
    part of the content. (Not fsynced: the next build writes the index again.)"""
    renamed = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda src, dst: (
        renamed.append((Path(src).name, Path(src).read_bytes(), Path(dst).exists())), real_replace(src, dst)))
    write_atomically(tmp_path / "pagefind-entry.json", b'{"languages": {}}')
    assert renamed == [(".pagefind-entry.json.tmp", b'{"languages": {}}', False)]
    assert [path.name for path in tmp_path.iterdir()] == ["pagefind-entry.json"]
    assert (tmp_path / "pagefind-entry.json").read_bytes() == b'{"languages": {}}'


def test_only_article_files_are_counted(tmp_path):
    site(tmp_path)
    (tmp_path / "articles" / "drafts.html").mkdir()  # a folder whose name looks like a page
    assert count_pages(tmp_path, GLOB) == 2
    assert count_pages(tmp_path, "**/*.html") == 3


def test_the_real_pagefind_indexes_a_small_site_completely(tmp_path):
    build(site(tmp_path))
    entry = json.loads((tmp_path / "pagefind" / "2025" / ENTRY).read_text())
    assert {lang: meta["page_count"] for lang, meta in entry["languages"].items()} == {"und": 2}
    assert len(list((tmp_path / "pagefind" / "2025" / "fragment").glob("*.pf_fragment"))) == 2


def on_disk(bundle: Path, files: list[dict]) -> Path:
    for file in files:
        write_atomically(bundle / file["path"], file["content"])
    return bundle


def entry_with(bundle: Path, languages: dict) -> None:
    (bundle / ENTRY).write_text(json.dumps({"version": "1.5.2", "languages": languages}))


def failure(bundle: Path, expected: int, caplog) -> list[str]:
    """The problems verify_index names, one a line; checks the build log says the same."""
    logged = caplog.at_level(logging.ERROR, logger="archive.search_index")
    with logged, pytest.raises(SearchIndexError) as error:
        verify_index(bundle, expected=expected)
    heading, *problems = str(error.value).split("\n  ")
    assert heading == "Pagefind search index incomplete:"
    assert [record.getMessage() for record in caplog.records] == [str(error.value)]
    return problems


def test_a_one_page_index_is_complete(tmp_path):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(1))
    assert verify_index(bundle, expected=1, reported=1)["languages"]["ja"]["page_count"] == 1


def test_an_empty_site_needs_no_fragments(tmp_path):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(0))
    assert verify_index(bundle, expected=0)["languages"]["ja"]["page_count"] == 0


def test_an_index_without_page_fragments_fails(tmp_path, caplog):
    bundle = on_disk(tmp_path / "pagefind", [f for f in bundle_files(2) if "fragment" not in f["path"]])
    assert failure(bundle, 2, caplog) == [f"{bundle / 'fragment'} holds no page fragments"]


def test_every_gzipped_kind_of_file_is_checked(tmp_path, caplog):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(2))
    for name in ("pagefind.ja_abc.pf_meta", "index/ja_1.pf_index", "filter/ja_1.pf_filter"):
        write_atomically(bundle / name, gzip.compress(b"pagefind_dcd" + b"x" * 100)[:15])
    problems = failure(bundle, 2, caplog)
    assert [problem.split(" (")[0] for problem in problems] == [
        f"{bundle / name} is truncated or corrupt"
        for name in ("pagefind.ja_abc.pf_meta", "pagefind.ja_abc.pf_meta", "index/ja_1.pf_index",
                     "filter/ja_1.pf_filter")
    ]  # the meta file twice: the entry names it, and it is one of the gzipped files


def test_a_language_the_entry_gives_no_meta_file_fails_and_the_others_are_still_checked(tmp_path, caplog):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(2))
    entry_with(bundle, {"en": {"hash": "", "page_count": 0}, "zh": {"hash": "zh_def", "page_count": 2}})
    assert failure(bundle, 2, caplog) == [
        f"{bundle / ENTRY} names no meta file for language 'en'",
        f"{bundle / 'pagefind.zh_def.pf_meta'} missing",
    ]


def test_the_wasm_file_a_language_needs_is_checked(tmp_path, caplog):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(2))
    entry_with(bundle, {"ja": {"hash": "ja_abc", "wasm": "ja", "page_count": 2}})
    assert failure(bundle, 2, caplog) == [f"{bundle / 'wasm.ja.pagefind'} missing"]
    write_atomically(bundle / "wasm.ja.pagefind", b"\0asm")
    assert verify_index(bundle, expected=2)["languages"]["ja"]["wasm"] == "ja"


def test_a_language_without_a_page_count_counts_no_pages(tmp_path):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(2))
    write_atomically(bundle / "pagefind.en_abc.pf_meta", gzip.compress(b"pagefind_dcdmeta"))
    entry_with(bundle, {"ja": {"hash": "ja_abc", "page_count": 2}, "en": {"hash": "en_abc"}})
    assert set(verify_index(bundle, expected=2)["languages"]) == {"ja", "en"}


@pytest.mark.parametrize("entry", [b"[]", b'{"version": "1.5.2"}', b'{"languages": ["ja"]}'])
def test_an_entry_file_without_languages_fails_naming_it(tmp_path, caplog, entry):
    bundle = on_disk(tmp_path / "pagefind", bundle_files(2))
    (bundle / ENTRY).write_bytes(entry)
    assert failure(bundle, 2, caplog) == [f"{bundle / ENTRY} has no 'languages' object"]


def test_indexing_works_inside_a_running_event_loop(tmp_path):
    """Pelican driven from async code (or a test process with Playwright's sync API open) has an
    event loop running in its thread, where asyncio.run refuses to start another."""

    async def build_from_async_code() -> int:
        async def answer() -> int:
            return 7

        return run_to_completion(answer())

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread with no loop of its own yet
        assert pool.submit(asyncio.run, build_from_async_code()).result() == 7


def _bundle(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_year_indexed_again_writes_only_its_new_files_the_entry_last_then_drops_the_old(
        tmp_path, monkeypatch):
    """Pagefind names its files after their content: a fragment with the same name and bytes is
    kept as it is (the other pages of a year that gained one), the entry that names the new meta
    file goes in after every new file, and the old year's files go only after that."""
    old = _bundle(tmp_path / "2025", {
        "pagefind-entry.json": '{"old": 1}', "pagefind.old.pf_meta": "m1", "pagefind.js": "js",
        "fragment/und_a.pf_fragment": "a", "fragment/und_b.pf_fragment": "b", "index/und_1.pf_index": "i1"})
    made = _bundle(tmp_path / ".2025.new", {
        "pagefind-entry.json": '{"new": 1}', "pagefind.new.pf_meta": "m2", "pagefind.js": "js",
        "fragment/und_a.pf_fragment": "a", "fragment/und_c.pf_fragment": "c", "index/und_2.pf_index": "i2"})
    kept = {name: (old / name).stat().st_ino for name in ("fragment/und_a.pf_fragment", "pagefind.js")}
    moves: list[str] = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (
        moves.append(Path(target).relative_to(old).as_posix()), replace(source, target)))

    written = search_index.install_bundle(made, old)

    assert written == 4 and moves[-1] == "pagefind-entry.json"
    assert sorted(moves[:-1]) == [
        "fragment/und_c.pf_fragment", "index/und_2.pf_index", "pagefind.new.pf_meta"]
    assert {p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()} == {
        "pagefind-entry.json", "pagefind.new.pf_meta", "pagefind.js", "fragment/und_a.pf_fragment",
        "fragment/und_c.pf_fragment", "index/und_2.pf_index"}
    assert {name: (old / name).stat().st_ino for name in kept} == kept
    assert not made.exists()


def test_a_new_year_s_bundle_is_moved_into_place_whole(tmp_path):
    made = _bundle(tmp_path / ".2026.new", {"pagefind-entry.json": "{}", "fragment/und_a.pf_fragment": "a"})
    assert search_index.install_bundle(made, tmp_path / "2026") == 2
    assert (tmp_path / "2026" / "fragment" / "und_a.pf_fragment").read_text(encoding="utf-8") == "a"
