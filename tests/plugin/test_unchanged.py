"""A published build (publishconf.py) with nothing changed since the last one is not run again;
any change to what decides the output, or to the output itself, runs the build (which renders and
writes only the pages that changed: plugins/archive/incremental.py)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from archive import unchanged
from jinja2 import FileSystemBytecodeCache

from tests.conftest import PAGES, ROOT, build_site, run_converter


@pytest.fixture(scope="module")
def two_pages_content(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("unchanged") / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    pages = [PAGES / "bitget-en-theblock-bitcoin-etf-record-inflow.txt",
             PAGES / "bitget-ja-theblock-solana-etf-inflows.txt"]
    converted = run_converter(*pages, "--out", content / "articles")
    assert converted.returncode == 0, converted.stderr
    return content


def stamps(output: Path) -> dict[str, int]:
    """Every output file's modification time: a build that runs rewrites them all."""
    return {path.relative_to(output).as_posix(): path.stat().st_mtime_ns
            for path in output.rglob("*") if path.is_file()}


def test_nothing_changed_is_not_built_again_and_any_change_is(two_pages_content, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(two_pages_content, content)
    output, cache = tmp_path / "output", tmp_path / "cache"

    def publish() -> None:
        build_site(content, output, "publishconf.py", "-e", f"CACHE_PATH={json.dumps(str(cache))}",
                   env={"SITEURL": "https://example.org/archive"})

    publish()
    first = stamps(output)
    assert len(first) > 20
    publish()
    assert stamps(output) == first  # not one file written

    article = next((content / "articles").rglob("*.en.md"))
    with article.open("a", encoding="utf-8") as handle:
        handle.write("\nA sentence added by hand.\n")
    publish()
    after_edit = stamps(output)
    assert any(after_edit[name] != first[name] for name in first if name in after_edit)  # it ran
    assert any("A sentence added by hand." in page.read_text(encoding="utf-8")
               for page in output.glob("articles/**/*.html"))

    (output / "index.html").unlink()
    publish()
    assert (output / "index.html").is_file()


def settings_for(folder: Path, **more) -> dict:
    for name in ("content", "theme", "plugins"):
        (folder / name).mkdir(exist_ok=True)
    return {"PATH": str(folder / "content"), "THEME": str(folder / "theme"),
            "PLUGIN_PATHS": [str(folder / "plugins")], "CACHE_PATH": str(folder / "cache"), **more}


def test_the_inputs_digest_follows_content_theme_plugins_and_settings(tmp_path):
    settings = settings_for(tmp_path, SITENAME="A", JINJA_ENVIRONMENT={
        "bytecode_cache": FileSystemBytecodeCache(str(tmp_path))})
    base = unchanged.inputs_digest(settings)
    again = {**settings, "JINJA_ENVIRONMENT": {"bytecode_cache": FileSystemBytecodeCache(str(tmp_path))}}
    assert unchanged.inputs_digest(again) == base  # an object setting counts by its type
    assert unchanged.inputs_digest({**settings, "SITENAME": "B"}) != base
    seen = {base}
    for folder in ("content", "theme", "plugins"):
        (tmp_path / folder / "new.txt").write_text("x", encoding="utf-8")
        seen.add(unchanged.inputs_digest(settings))
    theme_file = tmp_path / "theme" / "new.txt"
    os.utime(theme_file, ns=(1, 1))
    seen.add(unchanged.inputs_digest(settings))
    assert len(seen) == 5


def test_the_output_digest_sees_a_deleted_or_touched_file(tmp_path):
    (tmp_path / "a.html").write_text("a", encoding="utf-8")
    (tmp_path / "b.html").write_text("b", encoding="utf-8")
    base = unchanged.output_digest(tmp_path)
    os.utime(tmp_path / "a.html", ns=(1, 1))
    touched = unchanged.output_digest(tmp_path)
    (tmp_path / "b.html").unlink()
    assert len({base, touched, unchanged.output_digest(tmp_path)}) == 3


def fake_pelican(tmp_path: Path, run) -> SimpleNamespace:
    pelican = SimpleNamespace(settings=settings_for(tmp_path, SKIP_UNCHANGED_BUILD=True),
                              output_path=str(tmp_path / "output"), run=run)
    (tmp_path / "output").mkdir(exist_ok=True)
    unchanged.skip_if_unchanged(pelican)
    return pelican


def test_a_failed_build_leaves_no_stamp_so_the_next_one_runs(tmp_path):
    runs = []
    pelican = fake_pelican(tmp_path, lambda: runs.append("built"))
    pelican.run()
    unchanged.write_stamp(pelican)  # Pelican sends `finalized` at the end of a run
    pelican.run()
    assert runs == ["built"]

    (tmp_path / "content" / "new.md").write_text("x", encoding="utf-8")

    def failing() -> None:
        raise RuntimeError("the build failed")

    pelican = fake_pelican(tmp_path, failing)
    with pytest.raises(RuntimeError):
        pelican.run()
    assert not unchanged.stamp_path(pelican.settings, pelican.output_path).exists()
    (tmp_path / "content" / "new.md").unlink()  # back to the inputs of the stamped build
    pelican = fake_pelican(tmp_path, lambda: runs.append("built"))
    pelican.run()
    assert runs == ["built", "built"]


def test_without_the_setting_every_run_builds(tmp_path):
    runs = []
    pelican = SimpleNamespace(settings=settings_for(tmp_path), output_path=str(tmp_path),
                              run=lambda: runs.append(1))
    unchanged.skip_if_unchanged(pelican)
    unchanged.write_stamp(pelican)
    pelican.run()
    pelican.run()
    assert runs == [1, 1] and not (tmp_path / "cache").exists()


def test_each_output_folder_has_its_own_stamp_under_the_cache(tmp_path):
    settings = settings_for(tmp_path)
    one = unchanged.stamp_path(settings, tmp_path / "one")
    other = unchanged.stamp_path(settings, tmp_path / "two")
    assert one != other and one == unchanged.stamp_path(settings, tmp_path / "one")
    assert one.parent == tmp_path / "cache" / "build-stamps"


def test_the_digests_do_not_depend_on_order_or_place(tmp_path):
    """Settings read in another order, or the same output in another folder, digest alike;
    a file in any subfolder counts."""
    settings = settings_for(tmp_path, SITENAME="A", TIMEZONE="UTC")
    reordered = dict(reversed(list(settings.items())))
    assert unchanged.inputs_digest(reordered) == unchanged.inputs_digest(settings)
    without_plugins = {key: value for key, value in settings.items() if key != "PLUGIN_PATHS"}
    assert unchanged.inputs_digest(without_plugins)  # a site without local plugins
    folders = []
    for name in ("here", "there"):
        for part in ("a", "b"):
            page = tmp_path / name / part / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text(part, encoding="utf-8")
            os.utime(page, ns=(1, 1))
        folders.append(tmp_path / name)
    assert unchanged.output_digest(folders[0]) == unchanged.output_digest(folders[1])
    os.utime(folders[1] / "a" / "index.html", ns=(2, 2))
    assert unchanged.output_digest(folders[0]) != unchanged.output_digest(folders[1])


def test_a_skipped_build_says_so_and_stamps_are_rewritten(tmp_path, capsys):
    runs = []
    pelican = fake_pelican(tmp_path, lambda: runs.append("built"))
    unchanged.write_stamp(pelican)  # `finalized` without a run through the wrapper: no stamp
    assert not unchanged.stamp_path(pelican.settings, pelican.output_path).exists()
    for _ in range(2):  # the second stamp replaces the first in the existing folder
        pelican.run()
        unchanged.write_stamp(pelican)
    pelican.run()
    assert runs == ["built"]
    assert "Nothing changed since the last build" in capsys.readouterr().out
