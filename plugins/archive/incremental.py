"""Render only what changed: a page whose inputs are as the last build saw them is neither rendered
nor written, and a file the last build produced that this one did not is removed.

Pelican renders and writes every page on every build, and DELETE_OUTPUT_DIRECTORY wiped the output
first so that pages of removed articles did not linger. With RENDER_ONLY_CHANGED (pelicanconf.py)
the build runs with `IncrementalWriter` instead (Pelican's `get_writer` signal):

- **A fingerprint per output page**, made before rendering from what its template can read: the
  names its template and those it extends, includes or imports read from the context (found in
  their syntax trees, `template_reads`), each value digested. An article read as the page's own
  (`article`, `page`) counts by its source file's bytes, its HTML (links resolved), every attribute
  the reader and plugins gave it, and the card of every article it links (related, neighbours,
  translations). Any other article counts by its *card*: its source file, its HTML and its own
  attributes, with the articles those link named by address. A listing counts by its articles'
  cards in order and its pagination. Every page also counts the build's inputs: every setting,
  every file under the theme and the plugin folders, the files the settings name (the interface
  strings, the topic rules) and the renderers' versions. A page whose fingerprint and file are as
  the last build left them is not rendered (`_Gate`) and not written. A page whose template reads
  something that cannot be digested, or picks a template at render time, is always rendered.
- **Written only when its bytes change**: every rendered page and feed, static file and search
  terms file is compared with the file in place and written only when it differs.
- **Removed when gone**: the manifest of what a build produced (every page and feed, the static
  and theme files copied, the search terms files) is kept in CACHE_PATH with each file's size and
  modification time. After the next build, a file the earlier build produced, this one did not,
  and that is as that build left it is deleted, then its folders if they are left empty. A file
  the build never wrote (a user's) is never in the manifest; Pagefind's folder is left to
  search_index.py, which clears it itself.

One rule for templates follows: a page that shows a count of articles (per language, per year)
must read the articles it counts (`articles`, `dates`), not only the count (`archive_languages`
counts by language, and only its codes, names and addresses count for a page's fingerprint, so
that adding an article does not change every page's header).
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import io
import json
import logging
import os
import stat
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, tzinfo
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

from jinja2 import TemplateError, meta, nodes
from pelican.contents import Content
from pelican.log import console
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from .search_index import write_atomically
from .unchanged import PACKAGES, _by_type, _files, _version

log = logging.getLogger(__name__)

SETTING = "RENDER_ONLY_CHANGED"
FORMAT = 1
STORE = "incremental"  # folder under CACHE_PATH: one manifest per output folder
LEFT_TO_OWN_CODE = ("pagefind/",)  # written and cleared by search_index.py, never removed here
# The siteurl an article's links are resolved with for its digest: the page's own siteurl is in
# the page's fingerprint (`localsiteurl`), and links are joined to it, never parsed.
SITEURL_MARK = "{SITEURL}"
# Template filters that read the build's context, and the names they read.
FILTER_READS = {"language_url": frozenset({"archive_languages"})}
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings", "_content"})  # _content: resolved instead
DEPTH = 16  # nesting past which a value is not digested (and its page always rendered)
COUNTS = ("rendered", "skipped", "written", "copied", "same", "removed")  # in the manifest, per build


class Undigestable(ValueError):
    """A value a template reads has no stable digest: its page is rendered on every build."""


# ----------------------------------------------------------------------------------------------
# Wiring


def writer_class(pelican) -> type[Writer] | None:
    """get_writer: Pelican builds with IncrementalWriter when RENDER_ONLY_CHANGED is on."""
    return IncrementalWriter if pelican.settings.get(SETTING) else None


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
    writer = _open_writers.pop(_key(pelican.output_path), None)
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
    _open_writers.clear()


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
        earlier = _open_writers.pop(_key(output_path), None)
        if earlier is not None:  # the last run in this process (autoreload) failed
            earlier.abandon()
        _open_writers[_key(output_path)] = self

    # Pages and feeds

    def write_file(self, name, template, context, *args, **kwargs):
        self.fingerprints.new_listing()
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
            data = source.read_bytes()
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
        self._save({**self.before, **self._states()})

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


# ----------------------------------------------------------------------------------------------
# Fingerprints


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=16)


class Fingerprints:
    """The digests of one build: its inputs once, each article's card once, each page's fingerprint."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.inputs = inputs_digest(settings)
        self._cards: dict[int, tuple[object, bytes]] = {}  # id -> (article, card), for the build
        self._memo: dict[tuple[int, bool], tuple[object, bytes]] = {}  # for one write_file call
        self._sources: dict[str, bytes] = {}
        self._reads: dict[tuple[int, str], frozenset[str] | None] = {}
        self._told: set[tuple[str, str]] = set()

    def new_listing(self) -> None:
        """Forget the values digested for the last write_file call (its pages share them)."""
        self._memo.clear()

    def page_fingerprint(self, template, localcontext: dict) -> str | None:
        """The fingerprint of the page `template` renders from `localcontext`, or None when one
        cannot be made (the page is then always rendered)."""
        env = template.environment
        key = (id(env), template.name)
        if key not in self._reads:
            try:
                self._reads[key] = template_reads(env, template.name)
            except TemplateError as error:
                log.warning("%s: its reads are not known (%s); its pages are always rendered",
                            template.name, error)
                self._reads[key] = None
        names = self._reads[key]
        if names is None:
            return None
        digest = _digest()
        digest.update(self.inputs)
        for part in (template.name, localcontext.get("output_file"), localcontext.get("localsiteurl")):
            self._add(digest, part)
        for name in sorted(names):
            digest.update(name.encode() + b"\0")
            try:
                self._add_name(digest, name, localcontext, env)
            except Undigestable as why:
                if (template.name, name) not in self._told:
                    self._told.add((template.name, name))
                    log.info("%s reads %s, which has no digest (%s): its pages are always rendered",
                             template.name, name, why)
                return None
        return digest.hexdigest()

    def feed_fingerprint(self, elements, context: dict, call: tuple) -> str:
        """A feed's fingerprint: the writer's arguments, the context it reads and the cards of the
        articles it lists."""
        digest = _digest()
        digest.update(self.inputs)
        self._add(digest, call)
        for name in ("SITENAME", "SITESUBTITLE", "SITEURL", "FEED_DOMAIN", "localsiteurl"):
            self._add(digest, context.get(name))
        for element in list(elements)[: self.settings.get("FEED_MAX_ITEMS")]:
            digest.update(self.card(element))
        return digest.hexdigest()

    def _add_name(self, digest, name: str, localcontext: dict, env) -> None:
        if name not in localcontext:
            digest.update(b"global" if name in env.globals else b"undefined")  # code, theme, settings
            return
        value = localcontext[name]
        if name in self.settings and _same(value, self.settings[name]):
            digest.update(b"setting")  # in self.inputs
            return
        if name in PROJECTIONS:
            value = PROJECTIONS[name](value)
        if isinstance(value, Content):
            digest.update(self.own(value))
        else:
            self._add(digest, value)

    def own(self, article: Content) -> bytes:
        """An article as its own page reads it: its card, and the cards of the articles it links."""
        digest = _digest()
        digest.update(self.card(article))
        for name, value in sorted(vars(article).items()):
            if name not in SKIPPED_ATTRIBUTES:
                digest.update(name.encode() + b"\0")
                self._add(digest, value, 1)
        return digest.digest()

    def card(self, article: Content) -> bytes:
        """What any page can show of an article: its source file, its HTML with links resolved and
        its attributes (the articles it links only by address). Once per article and build."""
        known = self._cards.get(id(article))
        if known is not None and known[0] is article:
            return known[1]
        digest = _digest()
        digest.update(type(article).__qualname__.encode())
        digest.update(self._source(getattr(article, "source_path", None)))
        raw = article._get_content() if hasattr(article, "_get_content") else article._content
        self._add(digest, article._update_content(raw, SITEURL_MARK) if raw else raw)
        for name, value in sorted(vars(article).items()):
            if name not in SKIPPED_ATTRIBUTES:
                digest.update(name.encode() + b"\0")
                self._add(digest, value, 1, address_only=True)
        card = digest.digest()
        self._cards[id(article)] = (article, card)
        return card

    def _source(self, path: str | None) -> bytes:
        """The digest of an article's source file, read once a build."""
        if not path:
            return b"no source"
        if path not in self._sources:
            try:
                self._sources[path] = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()
            except OSError:
                self._sources[path] = b"unreadable source"
        return self._sources[path]

    def _add(self, digest, value, depth: int = 0, address_only: bool = False) -> None:
        """Add `value` to `digest`, tagged by its kind so that no two values read alike."""
        if depth > DEPTH:
            raise Undigestable(f"nested deeper than {DEPTH}")
        if value is None or isinstance(value, (bool, int, float)):
            digest.update(f"{type(value).__name__}:{value!r};".encode())
        elif isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"str:%d:" % len(data) + data)
        elif isinstance(value, (datetime, date, time)):
            tz = getattr(value, "tzinfo", None)
            digest.update(f"{type(value).__name__}:{value.isoformat()}:{tz!r};".encode())
        elif isinstance(value, Content):
            digest.update(_address(value) if address_only else self.card(value))
        elif isinstance(value, URLWrapper):
            self._add(digest, (type(value).__qualname__, value.name, value.slug, value.url, value.save_as))
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            digest.update(self._container(value, depth, address_only))
        else:
            self._add_object(digest, value, depth, address_only)

    def _container(self, value, depth: int, address_only: bool) -> bytes:
        """A list, tuple, dict or set's digest; kept for the listing (a listing's 500 pages read
        the same list of articles)."""
        known = self._memo.get((id(value), address_only))
        if known is not None and known[0] is value:
            return known[1]
        digest = _digest()
        digest.update(f"{type(value).__name__}:{len(value)}:{address_only}".encode())
        if isinstance(value, dict):
            items = sorted((self._part(k, depth, address_only), self._part(v, depth, address_only))
                           for k, v in value.items())
            for key, item in items:
                digest.update(key + item)
        elif isinstance(value, (set, frozenset)):
            for part in sorted(self._part(item, depth, address_only) for item in value):
                digest.update(part)
        else:
            for item in value:
                self._add(digest, item, depth + 1, address_only)
        result = digest.digest()
        self._memo[(id(value), address_only)] = (value, result)  # kept alive: its id stays its own
        return result

    def _part(self, value, depth: int, address_only: bool) -> bytes:
        digest = _digest()
        self._add(digest, value, depth + 1, address_only)
        return digest.digest()

    def _add_object(self, digest, value, depth: int, address_only: bool) -> None:
        """Pelican's paginators by what they page; dataclasses and plain objects by their fields;
        functions and classes by name (their code is the plugins' or a package's: in the inputs)."""
        kind = type(value)
        digest.update(f"{kind.__module__}.{kind.__qualname__}:".encode())
        if isinstance(value, Paginator):
            self._add(digest, (value.name, value.url, value.per_page, value.orphans, value.count,
                                value.num_pages, value.object_list), depth + 1, address_only)
        elif isinstance(value, Page):
            self._add(digest, (value.full_name, value.base_url, value.number, value.object_list,
                                value.paginator), depth + 1, address_only)
        elif isinstance(value, (type, Callable)):
            digest.update(f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}".encode())
        elif dataclasses.is_dataclass(value):
            self._add(digest, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)},
                      depth + 1, address_only)
        elif isinstance(value, tzinfo):
            digest.update(repr(value).encode())
        elif hasattr(value, "__dict__"):
            self._add(digest, {k: v for k, v in vars(value).items() if k not in SKIPPED_ATTRIBUTES},
                       depth + 1, address_only)
        else:
            text = repr(value)
            if " at 0x" in text:
                raise Undigestable(f"a {kind.__qualname__} known only by its address")
            digest.update(text.encode())


def _address(article: Content) -> bytes:
    """An article linked from another's card: where it is, not what it says."""
    return f"{type(article).__qualname__}:{article.url}:{article.save_as};".encode()


def _same(value, setting) -> bool:
    try:
        return value is setting or bool(value == setting)
    except Exception:  # a value whose == fails is not the setting
        return False


def _languages_named(languages) -> list:
    """`archive_languages` as every page's header shows it: code, name and address (see the top)."""
    return [(language.code, language.name, language.url) for language in languages or ()]


PROJECTIONS: dict[str, Callable] = {"archive_languages": _languages_named}


def template_reads(env, name: str) -> frozenset[str] | None:
    """Every name the template `name` and those it extends, includes or imports read from the
    context (and what the filters they use read); None when one of them names a template only
    when it renders (`{% include variable %}`), whose reads cannot be known."""
    names: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)
        tree = env.parse(source, current)
        names |= meta.find_undeclared_variables(tree)
        for node in tree.find_all((nodes.Filter, nodes.Test)):
            names |= FILTER_READS.get(node.name, frozenset())
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                return None
            todo.append(referenced)
    return frozenset(names)


def inputs_digest(settings: dict) -> bytes:
    """What every page depends on besides its own values: the settings (templates read them and
    filters format with them), every file of the theme and the plugin folders, the files the
    settings name, the renderers' versions."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}\n".encode())
    digest.update(json.dumps(settings, sort_keys=True, default=_by_type).encode())
    named = sorted({value for value in settings.values() if isinstance(value, str) and os.path.isfile(value)})
    folders = [folder for folder in (settings.get("THEME"), *settings.get("PLUGIN_PATHS", [])) if folder]
    files = [Path(path) for path in named]
    for folder in folders:
        files += [path for path in _files(Path(folder))
                  if "__pycache__" not in path.parts and path.suffix != ".pyc"]
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
