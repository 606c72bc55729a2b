"""Writing articles into content/ without ever losing what is there.

Every generated file carries a digest of its own text in the metadata header. A file whose
digest no longer matches was edited by hand (or written by hand): it is left alone unless
the user forces it. Writes go to a temporary file in the same folder, then replace the
target in one rename, so a crash or a failed input never leaves a truncated article.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DIGEST_KEY = "Converter_Digest"
_DIGEST_LINE = re.compile(rf"^{DIGEST_KEY}: (?P<digest>[0-9a-f]+)\n", re.M)

WriteStatus = Literal["converted", "unchanged"]
TEMP_SUFFIX = ".tmp"


def _umask() -> int:
    """The process umask (read by setting it, then restoring it at once)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Files get the permissions any new file of the user's gets (0644 under umask 022), not
# mkstemp's private 0600.
FILE_MODE = 0o666 & ~_umask()


@dataclass(frozen=True)
class WriteResult:
    status: WriteStatus
    reason: str


UP_TO_DATE = WriteResult("unchanged", "already up to date")
KEPT_EDIT = WriteResult("unchanged", "edited by hand since conversion; --force overwrites it")


def with_digest(text: str) -> str:
    """Add the digest line at the end of the metadata header."""
    header, _, body = text.partition("\n\n")
    return f"{header}\n{DIGEST_KEY}: {_digest(text)}\n\n{body}"


def is_hand_edited(text: str) -> bool:
    """True when the file is not exactly what the converter wrote."""
    match = _DIGEST_LINE.search(text.partition("\n\n")[0] + "\n")
    if not match:
        return True
    original = text[: match.start()] + text[match.end():]
    return match["digest"] != _digest(original)


def write_article(path: Path, text: str, force: bool = False) -> WriteResult:
    """Write one generated article, respecting hand edits; `text` has no digest yet."""
    return write_stored(path, with_digest(text), force)


def write_stored(path: Path, content: str, force: bool = False) -> WriteResult:
    """write_article for text that already has its digest line (`with_digest`)."""
    if path.exists():
        # A hand-written file may be in any encoding: undecodable bytes just mean "edited".
        existing = path.read_bytes().decode("utf-8", errors="replace")
        if existing == content:
            return UP_TO_DATE
        if is_hand_edited(existing) and not force:
            return KEPT_EDIT
    atomic_write(path, content)
    return WriteResult("converted", "")


def atomic_write(path: Path, content: str) -> None:
    """The file has its old content or its new content, never part of either.

    A file that replaces another is flushed to disk before the rename, so even a power cut
    cannot leave an empty file where an article was. A new file is not: an fsync costs
    milliseconds, a bulk run writes thousands of new files, and a new file lost to a power cut
    is converted again from its page on the next run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replacing = path.exists()
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as temp:
            temp.write(content)
            temp.flush()
            if replacing:
                os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


# A file's identity between runs without reading it: inode, size, modification and change
# times (as git's index keeps them). A rename, an edit in place or a new copy changes one.
Stat = tuple[int, int, int, int]
# Timestamps tick coarsely (a few ms): a file changed within this long of being looked at
# could change again without its stat showing it, so its stat is not trusted next run.
RACY_NS = 1_000_000_000


def stat_key(info: os.stat_result) -> Stat:
    return info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def settled(stat: Stat, now_ns: int | None = None) -> bool:
    """True when the file last changed long enough before `now` for its stat to date its bytes."""
    return max(stat[2], stat[3]) < (now_ns or time.time_ns()) - RACY_NS


def file_digest(data: bytes) -> str:
    """What a file holds, to tell without reading it again that it is what would be written."""
    return hashlib.sha256(data).hexdigest()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
