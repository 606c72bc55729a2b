"""Which files are scraped pages, and reading one without trusting it.

Inputs are regular files under the folders the user names. A symbolic link is never
followed (a page could point at /etc/passwd or at another folder's files), a folder that
cannot be read is reported instead of skipped silently, and a file over the size limit is
refused before it is read whole.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .model import InputError

# Pages (.txt, .html, .htm, .mhtml, .mht) and containers of pages (captures/formats.py reads each).
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".mhtml", ".mht", ".warc", ".warc.gz", ".wacz", ".jsonl",
                  ".ndjson")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A crawl's WARC of a few thousand pages with their images; an MHTML is read whole, within it.
DEFAULT_MAX_CAPTURE_BYTES = 1024 * 1024 * 1024
# How many folders deep pages are looked for below a folder the user names: far more than any
# way of sorting pages needs, and few enough that a path stays short.
MAX_FOLDER_DEPTH = 32
_TOO_DEEP = f"more than {MAX_FOLDER_DEPTH} folders deep: not searched"
_LINK_REASON = {
    "folder": "a symbolic link to a folder: not followed",
    "page": "a symbolic link: not followed",
}
# A page's name goes into its article's header (Scraped_From, one line) and the report.
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Problem:
    """A path that is not a usable input, and why (becomes a `failed` report entry)."""

    path: Path
    reason: str


@dataclass
class InputSet:
    """The pages found, the paths refused, and the scope they were looked for in."""

    pages: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Folders searched and files named: an article whose page was in scope and is gone is an orphan.
    scope: list[Path] = field(default_factory=list)

    def covers(self, path: Path) -> bool:
        return any(_absolute(path).is_relative_to(root) for root in self.scope)


def find_inputs(paths: Iterable[Path]) -> InputSet:
    """Files named, and the scraped pages inside folders named, in a stable order."""
    found = InputSet()
    for path in paths:
        if path.is_symlink():
            found.problems.append(Problem(path, "a symbolic link: not followed"))
        elif path.is_dir():
            found.scope.append(_absolute(path))
            _walk(path, found)
        elif path.is_file():
            found.scope.append(_absolute(path))
            found.pages.append(path)
        else:
            found.problems.append(Problem(path, "no such file or folder"))
    found.pages = list(dict.fromkeys(found.pages))
    return found


def _absolute(path: Path) -> Path:
    """Absolute, `..` resolved, links not followed: how pages are named in articles."""
    return Path(os.path.abspath(path))


def _walk(folder: Path, found: InputSet) -> None:
    """The pages under `folder`, without recursion: a stack of folders, each listed once.

    Folders deeper than MAX_FOLDER_DEPTH below `folder` are reported, not searched (a thousand
    nested folders made os.walk's recursion fail before any page was converted)."""
    pages: list[Path] = []
    stack = [(folder, 0)]
    while stack:
        here, depth = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda entry: entry.name)
        except OSError as error:
            found.problems.append(Problem(here, f"cannot read folder: {error.strerror}"))
            continue
        folders, links = [], []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            if entry.is_symlink():
                links.append(path)
            elif entry.is_dir():
                folders.append(path)
            elif _is_page_name(entry.name):
                pages.append(path)
        found.problems += _link_problems(links)
        if folders and depth >= MAX_FOLDER_DEPTH:
            found.problems += [Problem(path, _TOO_DEEP) for path in folders]
            continue
        stack += [(path, depth + 1) for path in reversed(folders)]
    found.pages.extend(sorted(pages, key=path_order))


def _link_problems(links: list[Path]) -> list[Problem]:
    """Links to folders, then links named like pages: reported, never followed."""
    to_folders = [Problem(path, _LINK_REASON["folder"]) for path in links if path.is_dir()]
    to_pages = [Problem(path, _LINK_REASON["page"]) for path in links
                if not path.is_dir() and _is_page_name(path.name)]
    return to_folders + to_pages


def path_order(path: Path) -> list[str]:
    """Sorts the paths under one folder as Path's own order does (part by part), at a tenth
    of the cost: sorting ten thousand Paths by comparing them took a seventh of a second,
    twice a run."""
    return str(path).split("/")


def _is_page_name(name: str) -> bool:
    return name.lower().endswith(INPUT_SUFFIXES) and not name.startswith(".")


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes; raise InputError for links, non-files, oversized or unreadable files,
    and for names that cannot be one line of text in the article's header."""
    with open_input(path, max_bytes) as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise InputError(f"cannot read file: {error.strerror or error}") from error
    if len(data) > max_bytes:  # grew while being read
        raise InputError(f"over the {size_text(max_bytes)} limit (--max-size)")
    return data


def open_input(path: Path, max_bytes: int, option: str = "--max-size") -> BinaryIO:
    """The file open for reading, after the checks of read_input (a container is streamed).

    Opened with O_NOFOLLOW and checked on the open descriptor, so a file swapped for a link
    between finding and reading is still refused."""
    check_name(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:  # the last component is a symbolic link
            raise InputError("a symbolic link: not followed") from error
        raise InputError(f"cannot read file: {error.strerror or error}") from error
    handle = os.fdopen(descriptor, "rb")
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode):
        handle.close()
        raise InputError("not a regular file")
    if info.st_size > max_bytes:
        handle.close()
        raise InputError(f"{size_text(info.st_size)}: over the {size_text(max_bytes)} limit ({option})")
    return handle


def check_name(path: Path) -> None:
    """Raise InputError when the path is not valid UTF-8 or holds a control character: the
    article records where it came from on one header line, and the report is JSON text."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError("file name is not valid UTF-8: rename it") from error
    found = _CONTROL_IN_NAME.search(name)
    if found:
        raise InputError(f"file name holds a control character (U+{ord(found[0]):04X}): rename it")


def size_text(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{count} bytes"
