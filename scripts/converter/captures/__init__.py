"""Captures: the files capture tools write, opened as the pages they hold.

A scraped file is either one page (a saved `.html`, a text dump, Chrome's `.mhtml`) or a
container of many (a WARC, WARC.gz or WACZ of a crawl, a JSON Lines export). `expand` lists
the pages of each file as `Capture`s, cheaply (a container is read once, its records
remembered by where they start); `read_capture` returns one page's bytes with what the
capture says about it: the address it was fetched from and when. Both treat every file as
hostile: sizes are checked before anything is read whole, a container's records are
streamed, and a record's name in the archive is made from a closed set of characters.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from ..inputs import Problem
from ..model import InputError
from ..store import Stat, stat_key
from .formats import container_reader, is_container, page_reader
from .model import Capture, Payload, Skipped

__all__ = ["Capture", "Payload", "Skipped", "capture_stat", "expand", "page_of_label", "read_capture"]


@dataclass(frozen=True)
class Expansion:
    """The pages a run converts, the files that could not be opened, and per container the
    records that hold no page (one `skipped` entry each: a crawl holds more images than pages)."""

    captures: list[Capture]
    problems: list[Problem]
    skipped: dict[Path, str]


@dataclass(frozen=True)
class Listing:
    """What one container holds: its pages, why reading it stopped early, what it held besides."""

    captures: tuple[Capture, ...]
    trouble: str = ""
    passed: str = ""


class Listings(Protocol):
    """Where containers' listings are remembered between runs (cache.ConversionCache): a crawl
    that did not change is not read again to find its records."""

    def listing(self, path: Path) -> Listing | None: ...

    def keep_listing(self, path: Path, listing: Listing) -> None: ...


def expand(paths: Iterable[Path], max_capture_bytes: int, listings: Listings | None = None) -> Expansion:
    """Each file's pages, in file order then record order."""
    captures: list[Capture] = []
    problems: list[Problem] = []
    skipped: dict[Path, str] = {}
    for path in paths:
        if not is_container(path):
            captures.append(Capture(path))
            continue
        listing = listings.listing(path) if listings is not None else None
        if listing is None:
            listing = _listing(path, max_capture_bytes)
            if listings is not None:
                listings.keep_listing(path, listing)
        captures += listing.captures
        if listing.trouble:
            problems.append(Problem(path, listing.trouble))
        if listing.passed:
            skipped[path] = listing.passed
    return Expansion(captures, problems, skipped)


def _listing(path: Path, max_capture_bytes: int) -> Listing:
    """The container's pages, why it stopped early (a damaged tail costs only the tail), and
    a summary of the records that hold no page."""
    reader = container_reader(path)
    found: list[Capture] = []
    passed: list[Skipped] = []
    trouble = ""
    try:
        for item in reader.records(path, max_capture_bytes):
            if isinstance(item, Skipped):
                passed.append(item)
            else:
                found.append(item)
    except InputError as error:
        trouble = str(error)
    except (OSError, EOFError, ValueError, LookupError) as error:
        trouble = f"cannot read {reader.name}: {error}"
    if trouble and found:
        trouble += f" after {len(found)} page(s)"  # those are converted
    if not found and not trouble and not passed:
        trouble = "holds no page"
    return Listing(tuple(found), trouble, _summary(passed))


def _summary(passed: list[Skipped]) -> str:
    """`3 records hold no page: 2 × image/png, 1 × redirect` (most frequent first)."""
    if not passed:
        return ""
    counts: dict[str, int] = {}
    for item in passed:
        counts[item.reason] = counts.get(item.reason, 0) + 1
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = ", ".join(f"{count} × {reason}" for reason, count in ranked[:8])
    more = f", {len(ranked) - 8} other reasons" if len(ranked) > 8 else ""
    noun = "record holds" if len(passed) == 1 else "records hold"
    return f"{len(passed)} {noun} no page: {shown}{more}"


def read_capture(capture: Capture, max_bytes: int, max_capture_bytes: int) -> Payload:
    """The page's bytes and address facts; InputError with the reason when it cannot be read."""
    if capture.record:
        reader = container_reader(capture.path)
        if reader is None:
            raise InputError("not a container any more: run again")
        return _as_text(reader.read(capture, max_bytes, max_capture_bytes))
    return _as_text(page_reader(capture.path).read(capture, max_bytes, max_capture_bytes))


def _as_text(payload: Payload) -> Payload:
    """The payload without an address that is no text: JSON can spell a lone surrogate
    (`"\\ud800"`), which no stage can encode (a JSON Lines line holding one failed as a bug)."""
    try:
        payload.url.encode("utf-8")
    except UnicodeEncodeError:
        return replace(payload, url="", notes=(*payload.notes, "the capture's address is not text: not kept"))
    return payload


def capture_stat(capture: Capture) -> Stat:
    """What tells, without reading, that a capture may have changed: its file's stat, folded with
    the stats of the sidecars that give its address (a sidecar added later is a change)."""
    info = stat_key(os.lstat(capture.path))
    if capture.record:
        return info
    extra = [stat_key(os.lstat(side)) for side in _existing(sidecar_paths(capture.path))]
    if not extra:
        return info
    ino, size, mtime, ctime = info
    return (ino, size + sum(each[1] + 1 for each in extra), max(mtime, *(each[2] for each in extra)),
            max(ctime, *(each[3] for each in extra)))


def _existing(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if os.path.lexists(path):
            yield path


def sidecar_paths(path: Path) -> list[Path]:
    from .sidecar import sidecar_paths as paths

    return paths(path)


def page_of_label(label: str) -> str:
    """The file part of an article's `Scraped_From` (`x.warc.gz#urn:uuid:…` → `x.warc.gz`)."""
    head, mark, record = label.rpartition("#")
    if mark and record and is_container(Path(head)):
        return head
    return label
