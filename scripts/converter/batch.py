"""Many inputs: find them, convert them (in parallel if asked), settle duplicates, write, report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from .metadata import Settings
from .model import InputError
from .pipeline import Conversion, convert_file
from .store import write_article
from .topics import TopicRules

INPUT_SUFFIXES = (".txt", ".html", ".htm")
Status = Literal["converted", "unchanged", "duplicate", "failed"]
# When one article was scraped several times, the richer format is kept, and the publisher's
# own page before an aggregator's copy; among equals, the first input in path order.
FORMAT_PREFERENCE = {"html": 0, "text": 1}


def _preference(conversion: Conversion) -> tuple[int, bool]:
    return FORMAT_PREFERENCE[conversion.format], bool(conversion.article.via)


@dataclass(frozen=True)
class ReportEntry:
    input: str
    status: Status
    output: str | None
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def find_inputs(paths: Iterable[Path]) -> tuple[list[Path], list[ReportEntry]]:
    """Files named, and the scraped pages inside folders named, in a stable order."""
    found: list[Path] = []
    missing: list[ReportEntry] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if _is_page(p)))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(ReportEntry(str(path), "failed", None, "no such file or folder"))
    return list(dict.fromkeys(found)), missing


def _is_page(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in INPUT_SUFFIXES and not path.name.startswith(".")


def convert_all(
    inputs: list[Path],
    out_dir: Path,
    rules: TopicRules,
    settings: Settings,
    force: bool = False,
    jobs: int = 1,
    progress: Callable[[Iterable], Iterable] = iter,
) -> list[ReportEntry]:
    """Convert every input; one bad file costs only its own entry in the report."""
    results = dict(progress(_converted(inputs, rules, settings, jobs)))
    winners = _pick_originals(results)
    entries = []
    for path in inputs:
        result = results[path]
        if isinstance(result, InputError):
            entries.append(ReportEntry(str(path), "failed", None, str(result)))
            continue
        target = out_dir / result.relative_path
        winner = winners[result.relative_path]
        if winner is not result:
            reason = f"same article as {winner.input}"
            entries.append(ReportEntry(str(path), "duplicate", str(target), reason))
            continue
        written = write_article(target, result.markdown, force=force)
        entries.append(ReportEntry(str(path), written.status, str(target), _reason(result, written.reason)))
    return entries


def _converted(inputs: list[Path], rules: TopicRules, settings: Settings, jobs: int) -> Iterator:
    work = partial(_convert_one, rules=rules, settings=settings)
    if jobs <= 1 or len(inputs) < 2:
        yield from zip(inputs, map(work, inputs), strict=False)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from zip(inputs, pool.map(work, inputs, chunksize=8), strict=False)


def _convert_one(path: Path, rules: TopicRules, settings: Settings) -> Conversion | InputError:
    try:
        return convert_file(path, rules, settings)
    except InputError as error:
        return error


def _pick_originals(results: dict) -> dict[Path, Conversion]:
    winners: dict[Path, Conversion] = {}
    for conversion in results.values():
        if isinstance(conversion, InputError):
            continue
        best = winners.get(conversion.relative_path)
        if best is None or _preference(conversion) < _preference(best):
            winners[conversion.relative_path] = conversion
    return winners


def _reason(conversion: Conversion, write_reason: str) -> str:
    notes = [write_reason] if write_reason else []
    if conversion.article.status == "draft":
        notes.append("no date on the page: saved as a draft (Status: draft); --date-from-mtime dates it")
    elif not conversion.date_from_page:
        notes.append("no date on the page: dated by the file's modification time (--date-from-mtime)")
    return "; ".join(notes)


def print_failures(entries: list[ReportEntry], stream=sys.stderr) -> None:
    for entry in entries:
        if entry.status == "failed":
            print(f"error: {entry.input}: {entry.reason}", file=stream)
