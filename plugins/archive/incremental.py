"""Render only what changed: a page whose inputs are as the last build saw them is neither rendered
nor written, and a file the last build produced that this one did not is removed.

Pelican renders and writes every page on every build, and DELETE_OUTPUT_DIRECTORY wiped the output
first so that pages of removed articles did not linger. With RENDER_ONLY_CHANGED (pelicanconf.py)
the build runs with `IncrementalWriter` instead (Pelican's `get_writer` signal):

- **Rendered only when its fingerprint changed**: each page's fingerprint (fingerprints.py: what
  its templates read, the settings, theme and plugin code) is made before rendering; a page whose
  fingerprint and file are as the last build left them is not rendered (`_Gate`) and not written.
- **Written only when its bytes change**: every rendered page and feed, static file and search
  terms file is compared with the file in place and written only when it differs.
- **Removed when gone**: the manifest of what a build produced (every page and feed, the static
  and theme files copied, the search terms files) is kept in CACHE_PATH with each file's size and
  modification time. After the next build, a file the earlier build produced, this one did not,
  and that is as that build left it is deleted, then its folders if they are left empty. A file
  the build never wrote (a user's) is never in the manifest; Pagefind's folder is left to
  search_index.py, which clears it itself.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import logging
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from functools import cache
from pathlib import Path, PurePosixPath

from pelican.log import console
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from . import pagination
from .fingerprints import Fingerprints
from .scripts import compact_script
from .search_index import write_atomically

log = logging.getLogger(__name__)

SETTING = "RENDER_ONLY_CHANGED"
FORMAT = 1  # of the manifest
STORE = "incremental"  # folder under CACHE_PATH: one manifest per output folder
LEFT_TO_OWN_CODE = ("pagefind/",)  # written and cleared by search_index.py, never removed here
COUNTS = ("rendered", "skipped", "written", "copied", "same", "removed")  # in the manifest, per build


# ----------------------------------------------------------------------------------------------
# Wiring


def writer_class(pelican) -> type[Writer]:
    """get_writer: the site's writer, pagination.py's (listings numbered from the oldest page, the
    part of a split build: shards.py), which with RENDER_ONLY_CHANGED renders and writes only what
    changed: its mixins come first, then IncrementalWriter's rendering and writing."""
    base = pagination.listing_writer(pelican)
    if not pelican.settings.get(SETTING):
        return base
    return _incremental(base)


@cache
def _incremental(base: type[Writer]) -> type[Writer]:
    return type(f"Incremental{base.__name__}", (base, IncrementalWriter), {})


def copy_static_only_changed(generator) -> None:
    """static_generator_init: the theme's and the content's static files go through the writer,
    which copies a file only when its bytes differ and records it in the manifest."""
    if not generator.settings.get(SETTING):
        return
    original = generator.generate_output

    def generate_output(writer) -> None:
        if isinstance(writer, IncrementalWriter):
            writer.copy_static(generator, original)
        else:
            original(writer)

    generator.generate_output = generate_output


def finish(pelican) -> None:
    """finalized, before the search index is made (it indexes the article pages on disk, so the
    pages of removed articles must be gone): remove what is stale, save the manifest."""
    writer = _open_writers.get(_key(pelican.output_path))
    if writer is not None:
        writer.finish()


def write_output(writer: Writer, name: str, data: bytes) -> None:
    """Write a file the build makes outside templates (search/terms.json) into the output: through
    the incremental writer when the build has one (written only when its bytes change, recorded
    in the manifest), else as before."""
    if isinstance(writer, IncrementalWriter):
        writer.write_bytes(name, data)
    else:
        write_atomically(Path(writer.output_path) / name, data)


# ----------------------------------------------------------------------------------------------
# The writer


_open_writers: dict[str, IncrementalWriter] = {}


def _key(output: str | os.PathLike) -> str:
    return os.path.realpath(output)


@atexit.register
def _keep_what_was_written() -> None:
    """A build that failed after writing pages records them (without removing anything), so a
    later build still knows those files are its own."""
    for writer in list(_open_writers.values()):
        writer.abandon()



def _as_published(name: str, data: bytes, settings: dict) -> bytes:
    """A static file as the site publishes it: the theme's scripts without their comment lines
    (scripts.py), so that the copy in place is the same bytes and is not copied again."""
    theme = f"{settings.get('THEME_STATIC_DIR', 'theme')}/"
    if name.startswith(theme) and name.endswith(".js"):
        return compact_script(data.decode("utf-8")).encode("utf-8")
    return data


class IncrementalWriter(Writer):
    """Pelican's Writer, rendering a page only when its fingerprint changed and writing a file only
    when its bytes did; it records what the build produced (see the module's docstring)."""

    def __init__(self, output_path, settings=None) -> None:
        super().__init__(output_path, settings)
        self.output = Path(output_path)
        self.manifest = manifest_path(self.settings, output_path)
        self.before = load_manifest(self.manifest, self.output)
        self.fingerprints = Fingerprints(self.settings)
        self.produced: dict[str, str | None] = {}  # output name -> fingerprint (None: not a page)
        self.pending: dict[str, tuple[str | None, bool]] = {}  # path -> (fingerprint, skipped)
        self.counts: Counter = Counter()
        earlier = _open_writers.get(_key(output_path))
        if earlier is not None:  # the last run in this process (autoreload) failed
            earlier.abandon()
        _open_writers[_key(output_path)] = self

    # Pages and feeds

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, _Gate(self, template), context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        if not path:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        complete = sanitised_join(self.output_path, path)
        call = (path, url, feed_type, override_output, feed_title)
        fingerprint = self.fingerprints.feed_fingerprint(elements, context, call)
        if self.unchanged(complete, fingerprint):
            if self._claim(complete, override_output) != os.devnull:
                self.produced[self._name(complete)] = fingerprint
            self.counts["skipped"] += 1
            return None
        self.counts["rendered"] += 1
        self.pending[complete] = (fingerprint, False)
        return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)

    def unchanged(self, path: str, fingerprint: str | None) -> bool:
        """The last build wrote `path` from the same fingerprint, and the file is as it left it."""
        if fingerprint is None:
            return False
        entry = self.before.get(self._name(path))
        return entry is not None and entry[0] == fingerprint and _state(path) == entry[1:]

    def _open_w(self, filename, encoding, override=False):
        """Pelican's checks against writing one file twice, then a file object that writes only
        when the bytes differ (or nothing, for a page whose render was skipped)."""
        fingerprint, skipped = self.pending.pop(filename, (None, False))
        target = self._claim(filename, override)
        if target == os.devnull:
            return open(os.devnull, "w", encoding=encoding)
        self.produced[self._name(filename)] = fingerprint
        if skipped:
            return io.StringIO()
        return _IfChanged(filename, encoding, self._write)

    def _claim(self, filename: str, override: bool) -> str:
        """Pelican's Writer._open_w without the opening: the file to write, os.devnull for a file
        an earlier write overrode; raises for a second write that does not override."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            log.info('Skipping "%s", not overwriting', filename)
            filename = os.devnull
        elif filename in self._written_files:
            if override:
                log.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" as Pelican has already written to it previously'
                    " (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return filename

    # Other files

    def write_bytes(self, name: str, data: bytes) -> None:
        path = sanitised_join(self.output_path, name)
        self.produced[self._name(path)] = None
        if _same_bytes(path, data):
            self.counts["same"] += 1
            return
        write_atomically(Path(path), data)
        self.counts["written"] += 1

    def copy_static(self, generator, original: Callable) -> None:
        """What StaticGenerator.generate_output copies (the theme's static folders into
        THEME_STATIC_DIR, then the content's static files), each only when its bytes differ."""
        if generator.settings.get("STATIC_CREATE_LINKS"):
            original(self)  # hard links are never stale copies; recorded below all the same
        for source, name in static_files(generator):
            path = sanitised_join(self.output_path, name)
            self.produced[self._name(path)] = None
            if generator.settings.get("STATIC_CREATE_LINKS"):
                continue
            data = _as_published(name, source.read_bytes(), generator.settings)
            if _same_bytes(path, data):
                self.counts["same"] += 1
                continue
            os.makedirs(os.path.dirname(path), exist_ok=True)
            Path(path).write_bytes(data)
            self.counts["copied"] += 1

    def _write(self, path: str, data: bytes) -> None:
        if _same_bytes(path, data):
            self.counts["same"] += 1
            return
        with open(path, "wb") as handle:
            handle.write(data)
        self.counts["written"] += 1

    def _name(self, path: str) -> str:
        return Path(os.path.relpath(path, self.output)).as_posix()

    # The end of the build

    def finish(self) -> None:
        """Record what this build produced; remove what only an earlier build produced."""
        self._close()
        removed = remove_stale(self.output, self.before, set(self.produced))
        self.counts["removed"] = len(removed)
        self._save(self._states())
        total = self.counts["rendered"] + self.counts["skipped"]
        console.print(
            f"Rendered {self.counts['rendered']} of {total} pages and feeds ({self.counts['skipped']} "
            f"unchanged); wrote {self.counts['written']} files, copied {self.counts['copied']}, "
            f"left {self.counts['same']} with the same bytes, removed {len(removed)} stale")

    def abandon(self) -> None:
        """The build did not finish: keep the earlier manifest's files and add this build's."""
        self._close()
        self._save({**self.before, **self._states()})

    def _close(self) -> None:
        if _open_writers.get(_key(self.output_path)) is self:
            del _open_writers[_key(self.output_path)]

    def _states(self) -> dict[str, tuple]:
        states = {}
        for name, fingerprint in self.produced.items():
            state = _state(self.output / name)
            if state is not None:
                states[name] = (fingerprint, *state)
        return states

    def _save(self, files: dict[str, tuple]) -> None:
        record = {"format": FORMAT, "output": str(self.output.resolve()),
                  "counts": {name: self.counts[name] for name in COUNTS},
                  "files": {name: list(entry) for name, entry in files.items()}}
        write_atomically(self.manifest, json.dumps(record, separators=(",", ":")).encode())


class _Gate:
    """Stands in for a template in Writer.write_file, which renders one page per call or, for a
    paginated listing, each of its pages in turn: each page is rendered only when it changed."""

    def __init__(self, writer: IncrementalWriter, template) -> None:
        self.writer = writer
        self.template = template

    def render(self, localcontext: dict) -> str:
        writer = self.writer
        path = sanitised_join(writer.output_path, localcontext["output_file"])
        fingerprint = writer.fingerprints.page_fingerprint(self.template, localcontext)
        skipped = writer.unchanged(path, fingerprint)
        writer.pending[path] = (fingerprint, skipped)
        if skipped:
            writer.counts["skipped"] += 1
            return ""
        writer.counts["rendered"] += 1
        return self.template.render(localcontext)


class _IfChanged(io.StringIO):
    """A text file that, once closed, hands its bytes to `done` (which writes them if they differ)."""

    def __init__(self, path: str, encoding: str, done: Callable[[str, bytes], None]) -> None:
        super().__init__()
        self.path, self.encoding_name, self.done = path, encoding, done

    def close(self) -> None:
        if not self.closed:
            text = self.getvalue()
            if os.linesep != "\n":  # as open(path, "w") would write it
                text = text.replace("\n", os.linesep)
            self.done(self.path, text.encode(self.encoding_name))
        super().close()


def _same_bytes(path: str, data: bytes) -> bool:
    try:
        return os.path.getsize(path) == len(data) and Path(path).read_bytes() == data
    except OSError:
        return False


def _state(path: str | os.PathLike) -> tuple[int, int] | None:
    """(size, modification time) of a regular file, None for anything else."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None


def static_files(generator) -> Iterator[tuple[Path, str]]:
    """(source, output name) of each file StaticGenerator copies, as Pelican names them: the
    theme's THEME_STATIC_PATHS into THEME_STATIC_DIR (IGNORE_FILES matched against each name),
    then the content's static files at their `save_as`."""
    settings = generator.settings
    ignores = settings.get("IGNORE_FILES", [])
    folder = PurePosixPath(settings["THEME_STATIC_DIR"])

    def ignored(name: str) -> bool:
        return any(fnmatch(name, pattern) for pattern in ignores)

    for entry in settings["THEME_STATIC_PATHS"]:
        source = Path(generator.theme, entry)
        if ignored(source.name):
            continue
        if source.is_file():
            yield source, str(folder / source.name)
        for root, directories, names in os.walk(source, followlinks=True):
            directories[:] = sorted(d for d in directories if not ignored(d))
            for name in sorted(names):
                path = Path(root, name)
                if not ignored(name) and path.is_file():
                    yield path, str(folder / path.relative_to(source).as_posix())
    for static in generator.context.get("staticfiles", []):
        yield Path(generator.path, static.source_path), static.save_as


# ----------------------------------------------------------------------------------------------
# The manifest


def manifest_path(settings: dict, output: str | os.PathLike) -> Path:
    """One manifest per output folder, so building elsewhere does not count as this build."""
    key = hashlib.sha256(_key(output).encode()).hexdigest()[:16]
    return Path(settings.get("CACHE_PATH", "cache")) / STORE / f"{key}.json"


def load_manifest(path: Path, output: Path) -> dict[str, tuple]:
    """The last build's files: name -> (fingerprint or None, size, mtime). A manifest that is
    unreadable, of another format or another output folder counts as none (everything is then
    rendered, nothing removed); an entry naming a path outside the output is dropped."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if (not isinstance(record, dict) or record.get("format") != FORMAT
            or record.get("output") != str(output.resolve()) or not isinstance(record.get("files"), dict)):
        return {}
    return {name: tuple(entry) for name, entry in record["files"].items() if _valid(name, entry)}


def _valid(name: object, entry: object) -> bool:
    if not isinstance(name, str) or not isinstance(entry, list) or len(entry) != 3:
        return False
    fingerprint, size, mtime = entry
    parts = PurePosixPath(name).parts
    return (isinstance(fingerprint, (str, type(None))) and type(size) is int and type(mtime) is int
            and bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name)


def remove_stale(output: Path, before: dict[str, tuple], produced: set[str]) -> list[str]:
    """Delete each file the last build produced and this one did not, if it is still the file
    that build left (same size and modification time: a file replaced since is someone else's),
    then the folders that leaves empty. Returns the names removed."""
    removed = []
    root = os.path.realpath(output)
    for name in sorted(set(before) - produced):
        path = output / name
        if name.startswith(LEFT_TO_OWN_CODE) or _state(path) != before[name][1:]:
            continue
        if os.path.commonpath([root, os.path.realpath(path.parent)]) != root:
            continue  # a folder on the way is a link out of the output
        path.unlink()
        removed.append(name)
    _remove_empty_folders(output, removed)
    return removed


def _remove_empty_folders(output: Path, removed: list[str]) -> None:
    folders = {parent for name in removed for parent in PurePosixPath(name).parents if parent.parts}
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            (output / folder).rmdir()
        except OSError:
            continue  # not empty (or already gone)
