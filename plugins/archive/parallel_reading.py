"""Articles are read on every core, not one after the other.

Pelican reads each article (Markdown, then typogrify: the reader's work) in turn in one process,
and reading was the biggest part of a full build: 38 % of a 10,000-article build on two cores,
one of them idle. Before the articles generator reads them, the articles its reader cache does
not hold are read by a pool of forked processes; the reader then hands each file's result to
Pelican as if it had just read it. Everything else stays Pelican's, in Pelican's order: its
signals, its cache, its error for a file that cannot be read (such a file is simply read again
by Pelican, which then reports it as always). Whatever goes wrong in the processes (a result that
cannot be sent back, a process killed) leaves those files to Pelican, never stops the build.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pelican.utils import file_suffix

log = logging.getLogger(__name__)

# Below this many files to read, starting processes costs more than it saves.
LEAST_FILES = 64
_READS: dict[str, Callable] = {}  # the parent's readers, inherited by the forked processes
# The settings the readers' results point to (each tag, author and category holds them), by id:
# they are sent back as a reference, not a copy, so every result shares the build's own settings,
# as it does when Pelican reads the file itself (10,000 copies made its content cache 20 times
# bigger to save and load).
_SHARED: dict[int, object] = {}


def read_articles_in_parallel(generator) -> None:
    """article_generator_init: read the uncached articles in READ_PROCESSES processes."""
    jobs = generator.settings.get("READ_PROCESSES") or os.cpu_count() or 1
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return
    paths = _unread(generator)
    if len(paths) < LEAST_FILES:
        return
    readers = generator.readers.readers
    _READS.clear()
    _READS.update({fmt: reader.read for fmt, reader in readers.items()})
    _SHARED.clear()
    shared = (generator.settings, *(reader.settings for reader in readers.values()))
    _SHARED.update({id(settings): settings for settings in shared})
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            results = dict(zip(paths, pool.map(_read, paths, chunksize=32), strict=True))
    except BrokenProcessPool as error:
        log.warning("Reading articles in %d processes failed (%s): reading them in turn.", jobs, error)
        results = {}
    finally:
        _READS.clear()
    read_already = {path: result for path, data in results.items() if (result := _loaded(data)) is not None}
    _SHARED.clear()
    for reader in readers.values():
        reader.read = _handing_over(reader.read, read_already)
    log.debug("Read %d of %d articles in %d processes", len(read_already), len(paths), jobs)


def _unread(generator) -> list[str]:
    """Absolute paths of the articles Pelican's reader cache does not hold, in a stable order."""
    settings, readers = generator.settings, generator.readers
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    paths = (os.path.abspath(os.path.join(generator.path, name)) for name in sorted(files))
    return [path for path in paths
            if file_suffix(path) in readers.readers and readers.get_cached_data(path, None) is None]


def _read(path: str) -> bytes | None:
    """In a forked process: the reader's result for one file, pickled here so that a result that
    cannot be pickled costs its own file only; None when reading it fails."""
    try:
        result = _READS[file_suffix(path)](path)
        buffer = io.BytesIO()
        _SharingPickler(buffer).dump(result)
        return buffer.getvalue()
    except Exception:  # Pelican reads it again in the build's process and reports it there
        return None


def _loaded(data: bytes | None):
    try:
        return _SharingUnpickler(io.BytesIO(data)).load() if data is not None else None
    except Exception:  # e.g. a class the result names is gone: Pelican reads the file again
        return None


class _SharingPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return id(obj) if id(obj) in _SHARED and _SHARED[id(obj)] is obj else None


class _SharingUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _SHARED[pid]


def _handing_over(read: Callable, read_already: dict) -> Callable:
    def read_or_hand_over(source_path):
        result = read_already.pop(source_path, None)
        return result if result is not None else read(source_path)

    return read_or_hand_over
