"""Command line: `python scripts/convert.py [PATH ...] [--out DIR] [--report FILE] [--force]`.

Exit status: 0 when no input failed, 1 when any failed (the others are still converted),
2 for usage errors (argparse's convention), 3 when the run itself broke off (a bug): `make`
goes on after 1 and stops after anything else, so a site is never published without the
articles of a run that did not finish.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sized
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .batch import Options, ReportEntry, convert_all, print_failures
from .budgets import (
    DEFAULT_MAX_AUTHORS,
    DEFAULT_MAX_BLOCKS,
    DEFAULT_MAX_LINES,
    DEFAULT_MAX_TAGS,
    DEFAULT_MAX_TEXT,
    DEFAULT_MAX_TITLE,
)
from .cache import ConversionCache, fingerprint
from .display import run_or_report_bug
from .inputs import DEFAULT_MAX_BYTES, DEFAULT_MAX_CAPTURE_BYTES, find_inputs
from .metadata import Settings
from .store import atomic_write
from .topics import DEFAULT_RULES, load_rules

ROOT = Path(__file__).resolve().parents[2]
PROGRESS_THRESHOLD = 5
MB = 1024 * 1024
# Conversions of unchanged inputs are remembered here (git-ignored, like Pelican's cache).
CACHE_FILE = ROOT / "cache" / "converter.pickle"
# The per-page budgets (budgets.py): option, Settings field, metavar, help with its default.
BUDGETS = (
    ("--max-authors", "max_authors", "N",
     f"keep a page's first N authors and translators (default: {DEFAULT_MAX_AUTHORS})"),
    ("--max-tags", "max_tags", "N",
     f"keep an article's N most mentioned topic tags (default: {DEFAULT_MAX_TAGS})"),
    ("--max-title", "max_title", "CHARS",
     f"cut longer titles to this many characters (default: {DEFAULT_MAX_TITLE})"),
    ("--max-blocks", "max_blocks", "N",
     f"refuse pages with more paragraphs, list items and other blocks (default: {DEFAULT_MAX_BLOCKS})"),
    ("--max-lines", "max_lines", "N", f"refuse text dumps of more lines (default: {DEFAULT_MAX_LINES})"),
    ("--max-text", "max_text", "CHARS",
     f"refuse pages whose article has more characters of text (default: {DEFAULT_MAX_TEXT})"),
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="convert.py",
        description="Convert scraped news pages (.txt dumps, saved .html and .mhtml, WARC, WACZ and "
                    "JSON Lines captures) into Pelican Markdown.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to convert (default: scraped/)")
    parser.add_argument("--out", type=Path, default=ROOT / "content" / "articles",
                        help="folder for the Markdown files (default: content/articles/)")
    parser.add_argument("--report", type=Path, help="write a JSON report of every input here")
    parser.add_argument("--force", action="store_true",
                        help="overwrite articles even when they were edited by hand, and give each "
                             "the slug the converter makes now (default: an article keeps the slug "
                             "it was published under)")
    parser.add_argument("--timezone", default="UTC",
                        help="timezone of the times shown on the pages (default: UTC)")
    parser.add_argument("--topics", type=Path, default=DEFAULT_RULES,
                        help="topic rules file (default: topics.toml)")
    parser.add_argument("--date-from-mtime", action="store_true",
                        help="date pages that show no date by their file's modification time "
                             "(default: convert them as drafts)")
    parser.add_argument("--jobs", type=int, default=1, help="convert in N processes (default: 1)")
    parser.add_argument("--prune", action="store_true",
                        help="remove articles whose scraped page is gone (never hand-edited ones)")
    parser.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / MB, metavar="MB",
                        help=f"refuse inputs larger than this (default: {DEFAULT_MAX_BYTES // MB} MB)")
    parser.add_argument("--max-capture-size", type=float, default=DEFAULT_MAX_CAPTURE_BYTES / MB,
                        metavar="MB", help="refuse capture files (WARC, WACZ, MHTML, JSON Lines) larger "
                                           f"than this (default: {DEFAULT_MAX_CAPTURE_BYTES // MB} MB)")
    for option, field, metavar, help_text in BUDGETS:
        parser.add_argument(option, type=int, dest=field, metavar=metavar, help=help_text)
    parser.add_argument("--no-cache", action="store_true",
                        help=f"parse every input again, not only the changed ones (cache: {CACHE_FILE})")
    parser.add_argument("--debug", action="store_true",
                        help="print the traceback of inputs that fail because of a converter bug")
    args = parser.parse_args(argv)
    try:
        args.timezone = ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        parser.error(f"unknown timezone: {args.timezone}")
    if not args.topics.is_file():
        parser.error(f"topic rules file not found: {args.topics}")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if args.max_size <= 0:
        parser.error("--max-size must be more than 0")
    if args.max_capture_size <= 0:
        parser.error("--max-capture-size must be more than 0")
    for option, field, _, _ in BUDGETS:
        if getattr(args, field) is not None and getattr(args, field) < 1:
            parser.error(f"{option} must be at least 1")
    args.paths = args.paths or [ROOT / "scraped"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_or_report_bug(lambda: run(args), args.debug, "convert")


def run(args: argparse.Namespace) -> int:
    """Convert what the arguments name; 1 when any input failed, else 0."""
    inputs = find_inputs(args.paths)
    settings = Settings(timezone=args.timezone, date_from_mtime=args.date_from_mtime,
                        max_bytes=int(args.max_size * MB),
                        max_capture_bytes=int(args.max_capture_size * MB), **budgets(args))
    options = Options(force=args.force, prune=args.prune, jobs=args.jobs, debug=args.debug)
    cache = None if args.no_cache else ConversionCache.load(CACHE_FILE, fingerprint(args.topics, settings))
    entries = convert_all(inputs, args.out, load_rules(args.topics), settings, options,
                          progress=_progress_bar(len(inputs.pages)), cache=cache)
    print_failures(entries)
    if args.report:
        write_report(args.report, entries)
    _print_summary(entries)
    return 1 if any(entry.status == "failed" for entry in entries) else 0


def budgets(args: argparse.Namespace) -> dict[str, int]:
    """The budgets the user set, as Settings fields; the others keep Settings' defaults."""
    return {field: getattr(args, field) for _, field, _, _ in BUDGETS if getattr(args, field) is not None}


def write_report(path: Path, entries: list[ReportEntry]) -> None:
    text = json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2)
    atomic_write(path, text + "\n")


def _progress_bar(total: int):
    """A rich progress bar on a terminal for batches; nothing when piped or in CI."""
    if total <= PROGRESS_THRESHOLD or not sys.stderr.isatty():
        return iter

    def track(items: Iterable) -> Iterable:
        from rich.progress import track as rich_track

        # The batch passes its pages with their count (a crawl's file holds many).
        count = len(items) if isinstance(items, Sized) else total
        return rich_track(items, total=count, description="Converting", transient=True)

    return track


def _print_summary(entries: list[ReportEntry]) -> None:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"convert: {summary or 'no input found'}", file=sys.stderr)
