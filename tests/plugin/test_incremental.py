"""Render only what changed (plugins/archive/incremental.py): a build renders and writes only the
pages whose inputs changed, removes the files of what is gone, and its output is byte for byte
what a clean build of the same content, theme and settings makes.

One sample site goes through a history of builds (`history`, made once for the module): built,
built again with nothing changed, an article added, one edited and one deleted, a theme file
changed, a setting changed; listings are two articles a page, so each has several pages. After
each of the last three a clean build (an empty output and cache, Pelican's own writer) is made of
the same inputs to compare with. Pagefind's folder is left out of every comparison:
search_index.py writes it, and Pagefind names its files differently on every run.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from archive import incremental
from jinja2 import DictLoader, Environment
from pelican.settings import DEFAULT_CONFIG

from tests.conftest import ROOT, build_site

MINERS = "articles/bitcoin-miners-ai-pivot-accelerates-as-hashprice-sinks-to-record-low"  # its pages
ADDED = "articles/2025/bitcoin-miners-ai-pivot-accelerates-as-hashprice-sinks-to-record-low.ja.md"
EDITED = "articles/2025/ethereum-etfs-pull-in-240-million-as-sec-weighs-staking-in-spot-funds.en.md"
DELETED = "articles/2024/spot-bitcoin-etfs-log-record-105-billion-daily-inflow-as-bitcoin-nears-227f63.en.md"
DELETED_PAGE = "articles/spot-bitcoin-etfs-log-record-105-billion-daily-inflow-as-bitcoin-nears-227f63"
USER_FILES = ("notes.txt", f"{DELETED_PAGE}/kept-by-hand.txt")  # written by a person, not the build


def site_files(output: Path) -> dict[str, Path]:
    """Every file of the site but Pagefind's, by its name in the output."""
    return {path.relative_to(output).as_posix(): path for path in sorted(output.rglob("*"))
            if path.is_file() and not path.relative_to(output).as_posix().startswith("pagefind/")}


def site_folders(output: Path) -> set[str]:
    return {path.relative_to(output).as_posix() for path in output.rglob("*")
            if path.is_dir() and not path.relative_to(output).as_posix().startswith("pagefind")}


@dataclass(frozen=True)
class Snapshot:
    """The site's files as one build left them: each file's bytes and what a write changes (its
    inode, modification and change times)."""

    data: dict[str, bytes]
    writes: dict[str, tuple[int, int, int]]
    folders: set[str]
    counts: dict[str, int]

    @classmethod
    def take(cls, output: Path, cache: Path) -> Snapshot:
        files = site_files(output)
        writes = {}
        for name, path in files.items():
            info = path.stat()
            writes[name] = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
        manifests = list((cache / incremental.STORE).glob("*.json"))  # none for Pelican's own writer
        counts = json.loads(manifests[0].read_text(encoding="utf-8"))["counts"] if manifests else {}
        return cls({name: path.read_bytes() for name, path in files.items()}, writes, site_folders(output),
                   counts)

    def written_since(self, earlier: Snapshot) -> set[str]:
        return {name for name in self.data if earlier.writes.get(name) != self.writes[name]}

    def changed_since(self, earlier: Snapshot) -> set[str]:
        return {name for name in self.data if earlier.data.get(name) != self.data[name]}


@dataclass
class History:
    builds: dict[str, Snapshot] = field(default_factory=dict)
    clean: dict[str, Snapshot] = field(default_factory=dict)


@pytest.fixture(scope="module")
def history(sample_site_content, tmp_path_factory) -> History:
    base = tmp_path_factory.mktemp("incremental")
    content, theme = base / "content", base / "theme"
    shutil.copytree(sample_site_content, content)
    shutil.copytree(ROOT / "theme", theme)
    held_back = base / "held-back.md"
    shutil.move(content / ADDED, held_back)
    output, cache = base / "output", base / "cache"
    # Pelican's -e takes them all at once. Two articles a page: listings of several pages.
    settings = [f"THEME={json.dumps(str(theme))}", "DEFAULT_PAGINATION=2"]
    recorded = History()

    def build(step: str) -> None:
        build_site(content, output, "pelicanconf.py", "-e", f"CACHE_PATH={json.dumps(str(cache))}", *settings)
        recorded.builds[step] = Snapshot.take(output, cache)

    def clean_build(step: str) -> None:
        fresh = base / f"clean-{step}"
        build_site(content, fresh / "output", "pelicanconf.py", "-e", "RENDER_ONLY_CHANGED=false",
                   f"CACHE_PATH={json.dumps(str(fresh / 'cache'))}", *settings)
        recorded.clean[step] = Snapshot.take(fresh / "output", fresh / "cache")

    build("first")
    build("nothing changed")
    shutil.move(held_back, content / ADDED)  # a translation of an article already there
    build("one added")

    for name in USER_FILES:
        (output / name).write_text("mine\n", encoding="utf-8")
    edited = content / EDITED
    text = edited.read_text(encoding="utf-8")
    text = text.replace("Title: Ethereum ETFs pull in", "Title: Ether funds draw", 1)
    edited.write_text(text + "\nA paragraph added by the editor.\n", encoding="utf-8")
    (content / DELETED).unlink()  # the only article of 2024 and of its author
    build("content")
    clean_build("content")

    article = theme / "templates" / "article.html"
    after = '<div class="after-article"'
    article.write_text(article.read_text(encoding="utf-8").replace(
        after, f'<p class="edition">Second edition</p>\n{after}'), encoding="utf-8")
    with (theme / "static" / "css" / "article.css").open("a", encoding="utf-8") as css:
        css.write("\n.edition { font-style: italic; }\n")
    (theme / "static" / "favicon.svg").unlink()
    build("theme")
    clean_build("theme")

    settings.append("RELATED_ARTICLES=2")  # read by a plugin (related.py), not by a template
    build("setting")
    clean_build("setting")
    return recorded


def test_a_build_with_nothing_changed_renders_nothing_and_writes_nothing(history):
    first, again = history.builds["first"], history.builds["nothing changed"]
    assert first.counts["rendered"] > 50 and first.counts["skipped"] == 0
    assert again.counts["rendered"] == 0 and again.counts["skipped"] == first.counts["rendered"]
    assert again.written_since(first) == set()
    assert again.data == first.data


def test_adding_an_article_writes_exactly_the_files_whose_bytes_changed(history):
    before, after = history.builds["nothing changed"], history.builds["one added"]
    written = after.written_since(before)
    assert written == after.changed_since(before)  # none written with the same bytes, none skipped
    assert f"{MINERS}/ja/index.html" in written
    english = f"{MINERS}/index.html"
    assert english in written and b'hreflang="ja"' in after.data[english]  # it links its new translation
    assert len(written) < len(after.data) / 2
    assert after.counts["rendered"] > 0 and after.counts["skipped"] > 0


@pytest.mark.parametrize("step", ["content", "theme", "setting"])
def test_an_incremental_build_is_byte_identical_to_a_clean_build(history, step):
    built, clean = history.builds[step], history.clean[step]
    mine = {name: data for name, data in built.data.items() if name not in USER_FILES}
    assert sorted(mine) == sorted(clean.data)
    assert [name for name in mine if mine[name] != clean.data[name]] == []
    assert built.folders - {DELETED_PAGE} == clean.folders


def test_the_files_of_a_deleted_article_are_removed_and_a_users_files_stay(history):
    before, after = history.builds["one added"], history.builds["content"]
    gone = set(before.data) - set(after.data)
    assert f"{DELETED_PAGE}/index.html" in gone
    assert {"archives/2024/index.html", "authors/daniel-okafor/index.html"} <= gone
    for name in USER_FILES:
        assert after.data[name] == b"mine\n"
    assert "theme/favicon.svg" not in history.builds["theme"].data  # a theme file deleted is gone too


def test_a_setting_or_theme_change_renders_every_page(history):
    for step in ("theme", "setting"):
        assert history.builds[step].counts["skipped"] == 0


# ----------------------------------------------------------------------------------------------
# The manifest


def write_manifest(path: Path, output: Path, files: dict, **record) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"format": incremental.FORMAT, "output": str(output.resolve()),
                                "files": files, **record}), encoding="utf-8")


def state(path: Path) -> list:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


def test_a_corrupt_foreign_or_hostile_manifest_counts_as_none(tmp_path):
    output, manifest = tmp_path / "output", tmp_path / "cache" / "m.json"
    output.mkdir()
    (output / "a.html").write_text("a", encoding="utf-8")
    good = {"a.html": ["f", *state(output / "a.html")]}
    write_manifest(manifest, output, good)
    assert incremental.load_manifest(manifest, output) == {"a.html": ("f", *state(output / "a.html"))}
    manifest.write_text('{"format": 1, "output"', encoding="utf-8")  # cut short
    assert incremental.load_manifest(manifest, output) == {}
    write_manifest(manifest, tmp_path / "elsewhere", good)
    assert incremental.load_manifest(manifest, output) == {}
    write_manifest(manifest, output, good, format=incremental.FORMAT + 1)
    assert incremental.load_manifest(manifest, output) == {}
    hostile = {"../outside.txt": ["f", 1, 1], "/etc/hosts": [None, 1, 1], "a\\..\\b": [None, 1, 1],
               "b.html": ["f", "1", 1], "c.html": ["f", 1]}
    write_manifest(manifest, output, {**good, **hostile})
    assert set(incremental.load_manifest(manifest, output)) == {"a.html"}


def test_only_files_the_last_build_left_as_they_were_are_removed(tmp_path):
    output = tmp_path / "output"
    (output / "articles" / "gone").mkdir(parents=True)
    (output / "articles" / "kept").mkdir()
    gone, edited, kept = (output / "articles" / name / "index.html" for name in ("gone", "edited", "kept"))
    (output / "articles" / "edited").mkdir()
    for page in (gone, edited, kept):
        page.write_text("page", encoding="utf-8")
    (output / "pagefind").mkdir()
    (output / "pagefind" / "old.pf_index").write_text("index", encoding="utf-8")
    before = {name: ("f", *state(output / name)) for name in
              ("articles/gone/index.html", "articles/edited/index.html", "articles/kept/index.html",
               "pagefind/old.pf_index")}
    edited.write_text("changed by hand", encoding="utf-8")  # no longer the file the build left
    removed = incremental.remove_stale(output, before, {"articles/kept/index.html"})
    assert removed == ["articles/gone/index.html"]
    assert not (output / "articles" / "gone").exists()  # its folder, left empty, too
    assert edited.is_file() and kept.is_file() and (output / "pagefind" / "old.pf_index").is_file()


def test_no_file_outside_the_output_is_removed_through_a_linked_folder(tmp_path):
    output, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    output.mkdir()
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site's", encoding="utf-8")
    (output / "linked").symlink_to(elsewhere, target_is_directory=True)
    before = {"linked/index.html": ("f", *state(elsewhere / "index.html"))}
    assert incremental.remove_stale(output, before, set()) == []
    assert (elsewhere / "index.html").is_file()


# ----------------------------------------------------------------------------------------------
# The writer


def settings_in(tmp_path: Path) -> dict:
    return {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache"), "THEME": "", "PLUGIN_PATHS": []}


def writer_for(tmp_path: Path) -> incremental.IncrementalWriter:
    return incremental.IncrementalWriter(str(tmp_path / "output"), settings_in(tmp_path))


TEMPLATES = Environment(loader=DictLoader({"page.html": "<h1>{{ title }}</h1>"}))


def test_a_page_is_rendered_again_when_its_file_is_not_as_the_last_build_left_it(tmp_path):
    (tmp_path / "output").mkdir()
    page = tmp_path / "output" / "page.html"
    for expected in ("rendered", "skipped", "rendered"):
        writer = writer_for(tmp_path)
        writer.write_file("page.html", TEMPLATES.get_template("page.html"), {}, title="Gold")
        writer.finish()
        assert writer.counts[expected] == 1, expected
        if expected == "skipped":
            os.utime(page, ns=(1, 1))  # touched by hand after the second build
    assert page.read_text(encoding="utf-8") == "<h1>Gold</h1>"


def test_a_build_that_fails_keeps_the_files_it_wrote_in_the_manifest(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "old.html").write_text("old", encoding="utf-8")
    manifest = incremental.manifest_path(settings_in(tmp_path), output)
    write_manifest(manifest, output, {"old.html": ["f", *state(output / "old.html")]})
    writer = writer_for(tmp_path)  # a build starts
    writer.write_file("new.html", TEMPLATES.get_template("page.html"), {}, title="Gold")
    incremental._keep_what_was_written()  # what runs at exit when the build raised
    files = incremental.load_manifest(manifest, output)
    assert set(files) == {"old.html", "new.html"}  # the next build may remove either, if stale
    assert (output / "old.html").is_file()  # nothing removed
