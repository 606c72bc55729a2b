"""Which files are scraped pages, and reading one without trusting it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from converter import inputs
from converter.inputs import InputSet, Problem, find_inputs, read_input
from converter.model import InputError

from tests.conftest import SAMPLE

PAGE = SAMPLE.read_bytes()


def scraped(tmp_path: Path, *names: str) -> Path:
    """A scraped/ folder holding the sample page under each of `names`."""
    folder = tmp_path / "scraped"
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(PAGE)
    return folder


def test_a_folder_yields_its_pages_in_path_order(tmp_path):
    """Path order decides which of two copies of an article is kept: it must be stable."""
    folder = scraped(tmp_path, "b.txt", "a.html", "sub/c.htm", "Z.TXT", "sub/a.txt")
    found = find_inputs([folder])
    assert found.pages == [folder / name for name in ("Z.TXT", "a.html", "b.txt", "sub/a.txt", "sub/c.htm")]
    assert found.problems == []
    assert found.scope == [folder]


def test_other_files_and_hidden_ones_are_not_pages(tmp_path):
    """Notes, images and editor or VCS leftovers beside the pages are not inputs (and do not
    stop the walk: pages after them in name order are still found)."""
    folder = scraped(tmp_path, "a-notes.md", "b.txt", "c.png", ".d.txt", ".git/e.txt", "f.html")
    found = find_inputs([folder])
    assert found.pages == [folder / "b.txt", folder / "f.html"]


def test_pages_named_twice_are_converted_once(tmp_path):
    folder = scraped(tmp_path, "a.txt")
    found = find_inputs([folder / "a.txt", folder, folder / "a.txt"])
    assert found.pages == [folder / "a.txt"]


def test_named_paths_that_are_no_page_are_problems_with_a_reason(tmp_path):
    folder = scraped(tmp_path, "a.txt")
    (tmp_path / "link.txt").symlink_to(folder / "a.txt")
    found = find_inputs([tmp_path / "link.txt", tmp_path / "gone.txt", folder / "a.txt"])
    assert found.problems == [
        Problem(tmp_path / "link.txt", "a symbolic link: not followed"),
        Problem(tmp_path / "gone.txt", "no such file or folder"),
    ]
    assert found.pages == [folder / "a.txt"]
    assert found.scope == [folder / "a.txt"]


def test_links_inside_a_folder_are_reported_not_followed(tmp_path):
    folder = scraped(tmp_path, "a.txt")
    elsewhere = scraped(tmp_path / "other", "secret.txt")
    (folder / "b.txt").symlink_to(elsewhere / "secret.txt")
    (folder / "more").symlink_to(elsewhere, target_is_directory=True)
    found = find_inputs([folder])
    assert found.pages == [folder / "a.txt"]
    assert found.problems == [
        Problem(folder / "more", "a symbolic link to a folder: not followed"),
        Problem(folder / "b.txt", "a symbolic link: not followed"),
    ]


def test_scope_covers_what_was_searched_however_it_is_named(tmp_path):
    """An article whose page was in scope and is gone is an orphan; one from elsewhere is not."""
    folder = scraped(tmp_path, "sub/a.txt")
    found = find_inputs([folder / "sub" / ".." / "sub"])
    assert found.scope == [folder / "sub"]
    assert found.covers(folder / "sub" / "deleted.txt")
    assert found.covers(Path(os.path.relpath(folder / "sub" / "x.txt")))
    assert not found.covers(folder / "other.txt")
    assert not InputSet().covers(folder / "sub" / "a.txt")


def test_reading_a_page_returns_its_bytes():
    assert read_input(SAMPLE) == PAGE


def test_a_page_exactly_at_the_limit_is_read_whole(tmp_path):
    page = tmp_path / "a.txt"
    page.write_bytes(PAGE[:1000])
    assert read_input(page, max_bytes=1000) == PAGE[:1000]


def test_oversized_pages_are_refused_with_both_sizes(tmp_path):
    page = tmp_path / "a.txt"
    page.write_bytes(PAGE[:1001])
    with pytest.raises(InputError, match=r"^1001 bytes: over the 1000 bytes limit \(--max-size\)$"):
        read_input(page, max_bytes=1000)


def test_sizes_of_a_megabyte_and_more_are_shown_in_mb(tmp_path):
    huge, one_mb, over_one = tmp_path / "huge.html", tmp_path / "one.html", tmp_path / "over.html"
    for page, size in ((huge, 6 * 1024 * 1024 + 200 * 1024), (one_mb, 1024 * 1024), (over_one, 1_101_530)):
        with page.open("wb") as handle:  # sparse: the size is what counts, not the disk used
            handle.truncate(size)
    with pytest.raises(InputError, match=r"^6\.2 MB: over the 5\.0 MB limit \(--max-size\)$"):
        read_input(huge)
    with pytest.raises(InputError, match=r"^1\.0 MB: over the 1048575 bytes limit \(--max-size\)$"):
        read_input(one_mb, max_bytes=1024 * 1024 - 1)
    with pytest.raises(InputError, match=r"^1\.1 MB: over the 1\.0 MB limit \(--max-size\)$"):  # 1.0505 MB
        read_input(over_one, max_bytes=1024 * 1024)


def test_a_page_that_grows_while_read_is_refused(tmp_path, monkeypatch):
    """The size checked before reading may be stale: what was read counts."""
    page = tmp_path / "a.txt"
    page.write_bytes(PAGE[:2000])
    real_fstat = os.fstat

    def stale_fstat(descriptor):
        fields = list(real_fstat(descriptor))
        fields[6] = 10  # st_size when it was looked at
        return os.stat_result(fields)

    monkeypatch.setattr(inputs.os, "fstat", stale_fstat)
    with pytest.raises(InputError, match=r"^over the 1000 bytes limit \(--max-size\)$"):
        read_input(page, max_bytes=1000)


def test_links_and_pipes_are_refused(tmp_path):
    """A page swapped for a link after the walk is still refused; a named pipe is opened without
    blocking (nothing may ever write to it) and refused."""
    (tmp_path / "link.txt").symlink_to(SAMPLE)
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match=r"^a symbolic link: not followed$"):
        read_input(tmp_path / "link.txt")
    with pytest.raises(InputError, match=r"^not a regular file$"):
        read_input(tmp_path / "pipe.txt")


def test_unreadable_pages_name_the_cause(tmp_path):
    with pytest.raises(InputError, match=r"^cannot read file: No such file or directory$"):
        read_input(tmp_path / "gone.txt")
    with pytest.raises(InputError, match=r"^cannot read file: Input/output error$"):
        read_input(Path("/proc/self/mem"))  # a regular file whose read fails


def test_folders_deeper_than_the_limit_are_reported_not_searched(tmp_path):
    """The walk keeps a list, not a call stack: no depth stops it, and what it skips is said."""
    folder = scraped(tmp_path, "a.txt")
    deep = folder / Path(*["d"] * (inputs.MAX_FOLDER_DEPTH + 3))
    deep.mkdir(parents=True)
    (deep.parents[2] / "at-the-limit.txt").write_bytes(PAGE)
    (deep.parents[1] / "too-deep.txt").write_bytes(PAGE)
    found = find_inputs([folder])
    assert found.pages == [folder / "a.txt", deep.parents[2] / "at-the-limit.txt"]
    assert found.problems == [Problem(deep.parents[1], f"more than {inputs.MAX_FOLDER_DEPTH} folders deep: "
                                                       "not searched")]


@pytest.mark.parametrize(("name", "reason"), [
    (b"a\xff.txt", "file name is not valid UTF-8: rename it"),
    (b"a\n::error::x.txt", "file name holds a control character (U+000A): rename it"),
    (b"a\x7f.txt", "file name holds a control character (U+007F): rename it"),
])
def test_a_page_whose_name_cannot_be_one_line_of_text_is_refused(tmp_path, name, reason):
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), name)))
    path.write_bytes(PAGE)
    with pytest.raises(InputError, match=re.escape(reason)):
        read_input(path)
