"""Hostile inputs that attack the converter's file system side, not the site: a declared
language that is a path, file names that are not text or not one line, folders nested
past any limit. Generators, so the attack tests grow by adding a value here.

Pages are shaped like tests/fixtures/pages/cryptoslate-en-genius-act-stablecoins.html (a
saved WordPress article: <html lang>, og:/article: meta, a visible <article>) with a body too
short for the language to be detected, so the declared language is what the converter goes by.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

# <html lang> values that try to leave content/articles/<year>/ or to name an object's member.
HOSTILE_LANGS = (
    "x/../../../pages/about",
    "../../pages/about",
    "..",
    "/etc/passwd",
    "en/../../../pages/about",
    "ja/../../../../pages/about.ja",
    "x\\..\\..\\pages\\about",
    "ja%2f..%2f..%2fpages",
    "zh-CN/../..",
    "ja\t",
    "e\u0301n",
    "constructor",
    "__proto__",
    "und/..",
    "x" * 300,
)

# File names the file system allows and a person would not type (bytes: some are not UTF-8).
HOSTILE_NAMES = (
    b"a\xff.txt",
    b"\xe3\x81.html",
    b"a\n::error title=x::pwned.txt",
    b"b\r::warning::forged.txt",
    b"c\x1b[31mred.txt",
    b"::set-output name=x::y.txt",
    b"d\xe2\x80\xaetxt.html",
)


def short_page(lang: str, title: str = "Hi there", body: str = "Buy more tokens") -> str:
    """A saved article page whose text is too short to tell its language: the declared one counts."""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="UTF-8">
<title>{html.escape(title)} | CryptoSlate</title>
<meta property="og:title" content="{html.escape(title)}" />
<meta property="article:published_time" content="2025-06-17T21:40:03+00:00" />
</head>
<body class="single single-post">
<article class="full-article post">
<h1 class="post-title">{html.escape(title)}</h1>
<div class="post-box"><p>{html.escape(body)}</p></div>
</article>
</body>
</html>
"""


def write_lang_pages(folder: Path) -> list[Path]:
    """One short page per hostile language, each with a title of its own (its own slug)."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for number, lang in enumerate(HOSTILE_LANGS):
        path = folder / f"lang-{number:02d}.html"
        path.write_text(short_page(lang, title=f"Hi {number}"), encoding="utf-8")
        pages.append(path)
    return pages


def write_named_pages(folder: Path, page: bytes, utf8_only: bool = False) -> list[bytes]:
    """`page` saved under every hostile name (those that are UTF-8 only, if asked); returns the
    names as the file system holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [name for name in HOSTILE_NAMES if not utf8_only or _is_utf8(name)]
    for name in names:
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(page)
    return names


def _is_utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def nest_folders(folder: Path, depth: int, page: bytes) -> Path:
    """`depth` folders inside one another under `folder`, `page` at the bottom; returns the
    innermost folder. Made relative to each level (a path of a thousand levels is longer than
    the system lets one call name)."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=descriptor)
            inner = os.open("d", os.O_RDONLY, dir_fd=descriptor)
            os.close(descriptor)
            descriptor = inner
        handle = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptor)
        os.write(handle, page)
        os.close(handle)
    finally:
        os.close(descriptor)
    return folder


def remove_nested(folder: Path) -> None:
    """Remove what nest_folders made, level by level: shutil.rmtree recurses once per level and
    fails on a thousand (pytest's own clean-up of old test folders would fail with it)."""
    levels = [os.open(folder, os.O_RDONLY)]
    try:
        while "d" in os.listdir(levels[-1]):
            levels.append(os.open("d", os.O_RDONLY, dir_fd=levels[-1]))
        for name in os.listdir(levels[-1]):
            os.unlink(name, dir_fd=levels[-1])
        while len(levels) > 1:
            os.close(levels.pop())
            os.rmdir("d", dir_fd=levels[-1])
    finally:
        for descriptor in levels:
            os.close(descriptor)
    folder.rmdir()


def files_outside(base: Path, inside: Path) -> dict[str, bytes]:
    """Every file under `base` but those under `inside`, by relative path, with its bytes."""
    found = {}
    for path in sorted(base.rglob("*")):
        if path.is_file() and not path.is_relative_to(inside):
            found[path.relative_to(base).as_posix()] = path.read_bytes()
    return found
