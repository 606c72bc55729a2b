"""What a run remembers for the next: an input whose bytes are unchanged and whose output is as
written is not parsed, rendered or read again.

A run over a large archive mostly meets pages it has converted before, and articles it wrote
before. It remembers three things, all under one fingerprint of everything else a
conversion depends on (the converter's code and grammar, the topic rules, the settings, the
libraries that parse and render; change any of them and the cache starts empty):

- each input's conversion, under its label, the digest of its bytes, and its stat (so an
  untouched input is not even read), with the page's frame lines (repetition.Frame: the
  batch learns chrome from them without reading the page) and the learned chrome the
  conversion dropped (another set, and the page is converted again); the article's blocks
  stay packed bytes until something needs them, which a run that changes nothing never does;
- the digest of each rendering of that conversion written (under another slug, or with
  facts a duplicate lent it), so placing an article as before renders nothing;
- each Markdown file's facts (slug, origin, hand edit, digest) under its stat, so a file
  whose stat is as recorded is not read: Archive.load reads only files that changed.

Nothing here decides anything: the batch still places every conversion and settles slugs
and duplicates exactly as without the cache, and a file whose stat differs from the one
recorded is read and checked for hand edits as on the first run. The files are the
project's own (under `cache/`, like Pelican's content cache), written atomically; an
unreadable or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import metadata
from pathlib import Path

from .archive import Records
from .captures import Capture, capture_stat, read_capture
from .metadata import Settings
from .model import Article, Block, InputError
from .pipeline import Conversion
from .repetition import NO_FRAME, Frame
from .store import Stat, settled

PACKAGE = Path(__file__).resolve().parent
# Libraries whose output is part of a conversion: a new version may convert differently.
LIBRARIES = ("beautifulsoup4", "lxml", "markdownify", "nh3", "python-dateutil", "py3langid", "sudachipy",
             "sudachidict-core", "rjieba", "charset-normalizer", "confusable-homoglyphs", "unidecode")
FORMAT = 4
PROTOCOL = pickle.HIGHEST_PROTOCOL


def fingerprint(topics: Path, settings: Settings) -> str:
    """Everything but the input that decides a conversion, as one digest."""
    digest = hashlib.sha256(f"{FORMAT}\n{settings!r}\n".encode())
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml")]):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(topics.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library}={_version(library)}".encode())
    return digest.hexdigest()


def input_digest(data: bytes, modified: float | None = None) -> str:
    """The input's bytes (and its modification time when that dates the article)."""
    digest = hashlib.sha256(data)
    if modified is not None:
        digest.update(repr(modified).encode())
    return digest.hexdigest()


class PackedBlocks(Sequence[Block]):
    """An article's blocks as pickled bytes, unpickled when first read.

    Blocks are most of a conversion's weight: unpickling ten thousand articles' blocks took
    longer than the whole of a run that changes nothing should. Only rendering and keying
    read them, so a remembered article carries them packed."""

    __slots__ = ("_blocks", "_packed")

    def __init__(self, packed: bytes) -> None:
        self._packed = packed
        self._blocks: list[Block] | None = None

    @classmethod
    def of(cls, blocks: Sequence[Block]) -> PackedBlocks:
        return blocks if isinstance(blocks, PackedBlocks) else cls(pickle.dumps(list(blocks), PROTOCOL))

    def _unpacked(self) -> list[Block]:
        if self._blocks is None:
            self._blocks = pickle.loads(self._packed)
        return self._blocks

    def __getitem__(self, index):  # Sequence's own signature: an index or a slice
        return self._unpacked()[index]

    def __len__(self) -> int:
        return len(self._unpacked())

    def __iter__(self) -> Iterator[Block]:
        return iter(self._unpacked())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedBlocks | list):
            return self._unpacked() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment] - a list's stand-in is no more hashable than a list

    def __reduce__(self) -> tuple:
        return PackedBlocks, (self._packed,)

    def __repr__(self) -> str:
        return repr(self._unpacked())


@dataclass(frozen=True)
class InputKey:
    """How an input was found this run: its stat (None while it may still be changing) and
    the digest of its bytes."""

    stat: Stat | None
    digest: str


@dataclass
class Remembered:
    """One input's conversion (format, the article's fields, date_from_page, notes), or the
    result that was not one (a page that is no article), and the digests of its renderings
    written. The article is kept as a tuple of its fields: unpickling ten thousand Article
    objects cost twice what building them from tuples does."""

    key: InputKey
    result: object
    renderings: dict[str, str] = field(default_factory=dict)
    # The variant (see _variant) of the article as converted: most runs write it as it is,
    # and working it out again for every input is a tenth of a run that changes nothing.
    base: str = ""
    # The page's frame (what it adds to the batch's repetition count) and the learned chrome
    # its conversion dropped.
    frame: Frame = NO_FRAME
    learned: frozenset[str] = frozenset()
    # The article last built from `result` (this run's only; never stored).
    article: Article | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict:
        return {name: value for name, value in vars(self).items() if name != "article"}

    def variant(self, article: Article) -> str:
        return self.base if article is self.article else _variant(article)

    def result_for(self, path: Capture) -> object:
        if not isinstance(self.result, tuple):
            return self.result
        form, values, date_from_page, notes = self.result
        self.article = Article(*values)
        return Conversion(path, form, self.article, date_from_page, notes)


@dataclass
class ConversionCache:
    path: Path
    fingerprint: str
    entries: dict[str, Remembered] = field(default_factory=dict)
    # Markdown files' records (archive.Records), by the absolute output folder they are in.
    files: dict[str, Records] = field(default_factory=dict)
    changed: bool = False
    files_changed: bool = False

    @property
    def files_path(self) -> Path:
        """The files' records apart from the conversions: they change on runs that convert
        nothing (a file edited, a file settled), and rewriting them costs next to nothing."""
        return self.path.with_name(f"{self.path.stem}-files{self.path.suffix}")

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> ConversionCache:
        cache = cls(path, fingerprint)
        cache.entries = _stored(path, fingerprint)
        cache.files = _stored(cache.files_path, fingerprint)
        return cache

    def frame(self, path: Capture, label: str) -> Frame | None:
        """The input's frame as remembered, if its stat is the one remembered."""
        entry = self.entries.get(label)
        try:
            stat = capture_stat(path)
        except OSError:
            return None
        return entry.frame if entry is not None and entry.key.stat == stat else None

    def recall(self, path: Capture, label: str, settings: Settings, learned: frozenset[str] = frozenset()
               ) -> tuple[InputKey | None, object | None]:
        """The input's key (None when it cannot be read: converting it will say why) and its
        remembered result, if its stat or else its bytes are the ones remembered and the batch
        taught the same chrome for it."""
        entry = self.entries.get(label)
        if entry is not None and entry.learned != learned:
            entry = None
        try:
            stat = capture_stat(path)
        except OSError:
            return None, None
        if entry is not None and entry.key.stat == stat:
            return entry.key, entry.result_for(path)
        digest = _digest(path, settings)
        if digest is None:
            return None, None
        key = InputKey(stat if settled(stat) else None, digest)
        if entry is None or entry.key.digest != digest:
            return key, None
        if entry.key != key:  # touched, not changed: remember the new stat
            entry.key, self.changed = key, True
        return key, entry.result_for(path)

    def remember(self, label: str, key: InputKey | None, result: object, frame: Frame = NO_FRAME,
                 learned: frozenset[str] = frozenset()) -> None:
        """A result for the next run; an input without a key is forgotten (it was unreadable,
        or changed while read)."""
        if key is None:
            self.changed |= self.entries.pop(label, None) is not None
            return
        if isinstance(result, Conversion):
            article = replace(result.article, blocks=PackedBlocks.of(result.article.blocks))
            values = tuple(getattr(article, each.name) for each in fields(Article))
            result = (result.format, values, result.date_from_page, result.notes)
            self.entries[label] = Remembered(key, result, base=_variant(article), frame=frame,
                                             learned=learned)
        else:
            self.entries[label] = Remembered(key, result, frame=frame, learned=learned)
        self.changed = True

    def rendering(self, label: str, article: Article) -> str | None:
        """The digest of the file written for this rendering of the input's article, if any."""
        entry = self.entries.get(label)
        return entry.renderings.get(entry.variant(article)) if entry else None

    def rendered(self, label: str, article: Article, digest: str) -> None:
        entry = self.entries.get(label)
        if entry is not None and entry.renderings.get(entry.variant(article)) != digest:
            entry.renderings[entry.variant(article)] = digest
            self.changed = True

    def records(self, folder: Path) -> Records:
        return self.files.get(os.path.abspath(folder), {})

    def keep_records(self, folder: Path, records: Records) -> None:
        """The output folder's records after a run: those of files changed within RACY_NS of
        now are left out, so a hand edit made just after the converter wrote is still seen."""
        now = time.time_ns()
        settled_records = {name: record for name, record in records.items() if settled(record[0], now)}
        name = os.path.abspath(folder)
        if self.files.get(name) != settled_records:
            self.files[name] = settled_records
            self.files_changed = True
        gone = [other for other in self.files if not os.path.isdir(other)]  # test runs' folders
        for other in gone:
            del self.files[other]
        self.files_changed |= bool(gone)

    def save(self) -> None:
        if self.changed:
            _store(self.path, self.fingerprint, self.entries)
        if self.files_changed:
            _store(self.files_path, self.fingerprint, self.files)


def _variant(article: Article) -> str:
    """What tells one rendering of an input's article from another: every fact but the blocks
    (which are the input's own), so any change of slug or lent fact is another rendering."""
    return repr([value for name, value in vars(article).items() if name != "blocks"])


def _digest(capture: Capture, settings: Settings) -> str | None:
    """The digest of the page and of what its capture says about it (address, time)."""
    try:
        payload = read_capture(capture, settings.max_bytes, settings.max_capture_bytes)
        modified = capture.path.stat().st_mtime if settings.date_from_mtime else None
    except (InputError, OSError):
        return None
    about = f"{payload.url}\n{payload.captured}\n{payload.notes}" if payload.url or payload.notes else ""
    return input_digest(payload.data + about.encode("utf-8", "replace"), modified)


def _stored(path: Path, fingerprint: str) -> dict:
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
            TypeError, IndexError, KeyError):
        return {}
    if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
        return stored.get("entries", {})
    return {}


def _store(path: Path, fingerprint: str, entries: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump({"fingerprint": fingerprint, "entries": entries}, out, protocol=PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "-"
