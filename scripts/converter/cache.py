"""Conversions remembered between runs: an input whose bytes did not change is not parsed again.

A run over a large archive mostly meets pages it has converted before. Each conversion is
kept under the input's label and a digest of its bytes; the whole cache belongs to one
fingerprint of everything else a conversion depends on (the converter's code and grammar,
the topic rules, the settings, the libraries that parse and render). Change any of them and
the cache starts empty. The batch still places and writes every conversion as usual, so
slugs, duplicates and hand edits are decided exactly as without the cache.

The file is the project's own (under `cache/`, like Pelican's content cache), written
atomically; an unreadable or foreign file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .metadata import Settings

PACKAGE = Path(__file__).resolve().parent
# Libraries whose output is part of a conversion: a new version may convert differently.
LIBRARIES = ("beautifulsoup4", "markdownify", "nh3", "python-dateutil", "py3langid", "sudachipy",
             "sudachidict-core", "rjieba", "charset-normalizer")
FORMAT = 1


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


@dataclass
class ConversionCache:
    path: Path
    fingerprint: str
    entries: dict[str, tuple[str, object]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path, fingerprint: str) -> ConversionCache:
        cache = cls(path, fingerprint)
        try:
            with path.open("rb") as handle:
                stored = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
                TypeError):
            return cache
        if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
            cache.entries = stored.get("entries", {})
        return cache

    def get(self, label: str, digest: str) -> object | None:
        entry = self.entries.get(label)
        return entry[1] if entry and entry[0] == digest else None

    def put(self, label: str, digest: str, conversion: object) -> None:
        self.entries[label] = (digest, conversion)
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump({"fingerprint": self.fingerprint, "entries": self.entries}, out,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "-"
