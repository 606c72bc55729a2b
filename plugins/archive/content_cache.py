"""A content cache file that cannot be read is deleted, not fatal to every later build.

With LOAD_CONTENT_CACHE (publishconf.py), Pelican unpickles its cache files in CACHE_PATH when
the generators start. A file cut short (the build was killed while writing it, the disk was
full) raises EOFError there, which Pelican does not catch: every build after it fails until
someone deletes the cache by hand. At `initialized`, before any generator exists, each cache
file is loaded the way Pelican loads it; one that fails is deleted with a warning naming it,
and Pelican rebuilds it from the content.

Pelican's reader cache keeps each file's HTML as the reading settings of the build that read it
made it (Markdown extensions, typogrify), and never looks at the settings again. The settings
that shape reading are recorded beside the cache; when they change, the reader caches go.
"""

from __future__ import annotations

import gzip
import json
import logging
import pickle
import re
from pathlib import Path

from .search_index import write_atomically

log = logging.getLogger(__name__)

# Pelican's cache files: "<Generator class>" and "<Generator class>-Readers", nothing else.
CACHE_FILE = re.compile(r"\w+Generator(-Readers)?")
READING_SETTINGS = ("MARKDOWN", "TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS", "TYPOGRIFY_OMIT_FILTERS",
                    "TYPOGRIFY_DASHES", "FORMATTED_FIELDS", "SUMMARY_MAX_LENGTH", "SUMMARY_END_SUFFIX")
RECORD = "reading-settings.json"


def discard_unreadable_caches(pelican) -> None:
    """initialized: check the cache files Pelican is about to load."""
    settings = pelican.settings
    if not settings.get("LOAD_CONTENT_CACHE"):
        return
    for path in cache_files(Path(settings["CACHE_PATH"])):
        error = load_error(path, gzipped=settings.get("GZIP_CACHE", True))
        if error is not None:
            log.warning("Discarding unreadable content cache %s (%s): rebuilt from the content.", path, error)
            path.unlink(missing_ok=True)
    forget_other_reading(Path(settings["CACHE_PATH"]), settings)


def forget_other_reading(folder: Path, settings: dict) -> None:
    """Delete the reader caches read under other reading settings; record the current ones."""
    record = folder / RECORD
    current = json.dumps({name: settings.get(name) for name in READING_SETTINGS}, sort_keys=True, default=str)
    try:
        recorded = record.read_text(encoding="utf-8")
    except OSError:
        recorded = None
    if recorded == current:
        return
    readers = [path for path in cache_files(folder) if path.name.endswith("-Readers")]
    if readers and recorded is not None:
        log.info("The reading settings changed since the content cache was made: reading every file again.")
    for path in readers:
        path.unlink(missing_ok=True)
    write_atomically(record, current.encode())


def cache_files(folder: Path) -> list[Path]:
    """Pelican's cache files in `folder` (other files there are left alone)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and CACHE_FILE.fullmatch(p.name))


def load_error(path: Path, gzipped: bool) -> str | None:
    """Why Pelican could not load `path`, or None when it can."""
    opener = gzip.open if gzipped else open
    try:
        with opener(path, "rb") as handle:
            data = pickle.load(handle)
    except Exception as error:  # anything: EOFError, BadGzipFile, UnpicklingError, a class gone
        return f"{type(error).__name__}: {error}"
    return None if isinstance(data, dict) else f"a {type(data).__name__}, not Pelican's dict"
