"""A build whose inputs and output are as the last build left them is not run again.

Pelican has no incremental build: every run reads every article, renders every page and (here)
indexes every page for search, which is minutes for a large archive, on every push and every
scheduled run of the workflow, mostly with nothing new. With SKIP_UNCHANGED_BUILD (publishconf.py)
a successful build leaves a stamp in CACHE_PATH: a digest of what decides the output (every file
under the content, theme and plugin folders and the settings files, by path, size and modification
time; the settings; the versions of the packages that render) and a digest of the output folder
as the build left it. The next run whose digests are both equal logs that nothing changed and
returns; any difference, a deleted or edited output file included, runs the whole build. A build
that fails leaves no stamp, so the one after it runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from pelican.log import console

from .search_index import write_atomically

PROJECT = Path(__file__).resolve().parents[2]
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")
# Packages whose version changes the output: a new one renders differently.
PACKAGES = ("pelican", "markdown", "typogrify", "pygments", "jinja2", "nh3", "pagefind",
            "pagefind-bin-extended")
FORMAT = 1


def skip_if_unchanged(pelican) -> None:
    """initialized: wrap this Pelican's `run` so each run first compares the stamp."""
    if not pelican.settings.get("SKIP_UNCHANGED_BUILD"):
        return
    run = pelican.run

    def run_unless_unchanged() -> None:
        # Taken before the run: plugins add to the settings (template filters) while it runs.
        pelican.archive_inputs = inputs_digest(pelican.settings)
        stamp = stamp_path(pelican.settings, pelican.output_path)
        if _is_current(stamp, pelican.archive_inputs, Path(pelican.output_path)):
            # Where Pelican prints "Done: Processed ..." (a log line would hide at the default level).
            console.print(f"Nothing changed since the last build of {pelican.output_path}: "
                          f"it is left as it is (stamp {stamp})")
            return
        stamp.unlink(missing_ok=True)  # a build that fails half-way must not look finished
        run()

    pelican.run = run_unless_unchanged


def write_stamp(pelican) -> None:
    """finalized (connected last): the build is complete, search index included."""
    inputs = getattr(pelican, "archive_inputs", None)
    if not pelican.settings.get("SKIP_UNCHANGED_BUILD") or inputs is None:
        return
    stamp = stamp_path(pelican.settings, pelican.output_path)
    record = {"inputs": inputs, "output": output_digest(Path(pelican.output_path))}
    write_atomically(stamp, json.dumps(record).encode())


def stamp_path(settings: dict, output: str | Path) -> Path:
    """One stamp per output folder, so building elsewhere does not count as this build."""
    key = hashlib.sha256(str(Path(output).resolve()).encode()).hexdigest()[:16]
    return Path(settings["CACHE_PATH"]) / "build-stamps" / f"{key}.json"


def _is_current(stamp: Path, inputs: str, output: Path) -> bool:
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(record, dict) and record.get("inputs") == inputs
            and record.get("output") == output_digest(output))


def inputs_digest(settings: dict) -> str:
    """What decides the output: input files by stat, the settings, the renderers' versions."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}\n".encode())
    digest.update(json.dumps(settings, sort_keys=True, default=_by_type).encode())
    folders = [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", [])]
    _add_stats(digest, [PROJECT / name for name in SETTINGS_FILES])
    for folder in folders:
        _add_stats(digest, _files(Path(folder)))
    return digest.hexdigest()


def output_digest(output: Path) -> str:
    """The output folder as it stands, by path, size and modification time of each file."""
    digest = hashlib.sha256()
    _add_stats(digest, _files(output), base=output)
    return digest.hexdigest()


def _add_stats(digest, paths: Iterable[Path], base: Path | None = None) -> None:
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
            continue
        name = path.relative_to(base) if base else path.resolve()
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, in a stable order (an absent folder has none)."""
    found = []
    for root, directories, names in os.walk(folder):
        directories.sort()
        found += [Path(root, name) for name in sorted(names)]
    return found


def _by_type(value: object) -> object:
    """Settings JSON cannot write: sets and paths by their contents; objects (a formatter class,
    Jinja's bytecode cache), whose repr differs from run to run, by their type."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    kind = value if isinstance(value, type) else type(value)
    return f"<{kind.__module__}.{kind.__qualname__}>"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"

