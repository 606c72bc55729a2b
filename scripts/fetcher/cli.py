"""Command line: `python scripts/fetch.py [URL ...] [--list FILE] [--out DIR] [--report FILE] [--force]`.

Prints one line per address (`fetched:`, `skipped:`, `refused:`, `failed:`, then the address
and the capture or the reason), and with --report writes the converter's JSON report shape.
Exit status: 0 when every address was fetched or skipped (robots.txt said no, or it was
captured already), 1 when any was refused or failed (the others are still fetched), 2 for
usage errors (argparse's convention), 3 when the run itself broke off (a bug), as convert.py.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from converter.display import printed, run_or_report_bug
from converter.store import atomic_write

from .batch import FINE, Options, ReportEntry, fetch_all
from .client import DEFAULT_CONTACT, MB, Client, Limits, user_agent
from .policy import Policy

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = Limits()
# A page may take this many read timeouts in all (a server can drip a byte per timeout forever).
TOTAL_TIMEOUTS = 4
# What may stand in the User-Agent as the contact: printable ASCII, no parentheses (they close
# its comment).
CONTACT = re.compile(r"[!-'*-~][ -'*-~]{0,199}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="fetch.py",
        description="Fetch news pages by address into scraped/ as WARC.gz captures, politely "
                    "(robots.txt, one request a second per host); `make site` converts them.",
    )
    parser.add_argument("urls", nargs="*", metavar="URL", help="addresses to fetch (http or https)")
    parser.add_argument("--list", type=Path, metavar="FILE",
                        help="fetch the addresses in FILE too, one a line (# starts a comment line; "
                             "- reads stdin)")
    parser.add_argument("--out", type=Path, default=ROOT / "scraped" / "fetched",
                        help="folder for the captures (default: scraped/fetched/)")
    parser.add_argument("--report", type=Path, help="write a JSON report of every address here")
    parser.add_argument("--force", action="store_true",
                        help="fetch addresses that were captured before again (default: skip them)")
    parser.add_argument("--delay", type=float, default=DEFAULTS.delay, metavar="SECONDS",
                        help=f"pause after each answer from a host before asking it again "
                             f"(default: {DEFAULTS.delay:g})")
    parser.add_argument("--timeout", type=float, default=DEFAULTS.timeout, metavar="SECONDS",
                        help=f"give up on a host silent this long; a page may take {TOTAL_TIMEOUTS} "
                             f"times it in all (default: {DEFAULTS.timeout:g})")
    parser.add_argument("--retries", type=int, default=DEFAULTS.retries, metavar="N",
                        help=f"try again N times after a connection error, 429 or 5xx, pausing "
                             f"{DEFAULTS.backoff:g} s, then twice as long each time "
                             f"(default: {DEFAULTS.retries})")
    parser.add_argument("--max-wait", type=float, default=DEFAULTS.max_wait, metavar="SECONDS",
                        help=f"give up when a server's Retry-After asks to wait longer "
                             f"(default: {DEFAULTS.max_wait:g})")
    parser.add_argument("--max-size", type=float, default=DEFAULTS.max_bytes / MB, metavar="MB",
                        help=f"refuse pages larger than this (default: {DEFAULTS.max_bytes // MB} MB)")
    parser.add_argument("--max-redirects", type=int, default=DEFAULTS.max_redirects, metavar="N",
                        help=f"follow at most N redirects (default: {DEFAULTS.max_redirects})")
    parser.add_argument("--allow-private", action="store_true",
                        help="fetch from loopback and private-network addresses too (a test server)")
    parser.add_argument("--contact", default=DEFAULT_CONTACT,
                        help=f"who site owners may write to, sent in the User-Agent (default: the "
                             f"placeholder {DEFAULT_CONTACT}: set your e-mail or web address)")
    parser.add_argument("--debug", action="store_true", help="print the traceback of an internal error")
    args = parser.parse_args(argv)
    for option, value in (("--delay", args.delay), ("--retries", args.retries),
                          ("--max-wait", args.max_wait), ("--max-redirects", args.max_redirects)):
        if value < 0:
            parser.error(f"{option} must be at least 0")
    for option, value in (("--timeout", args.timeout), ("--max-size", args.max_size)):
        if value <= 0:
            parser.error(f"{option} must be more than 0")
    if args.out.exists() and not args.out.is_dir():
        parser.error(f"--out is not a folder: {args.out}")
    if not CONTACT.fullmatch(args.contact):
        parser.error("--contact must be printable ASCII without parentheses, at most 200 characters")
    if args.list:
        args.urls += read_list(args.list, parser)
    if not args.urls:
        parser.error("no address given: name URLs or --list FILE")
    return args


def read_list(path: Path, parser: argparse.ArgumentParser) -> list[str]:
    """The addresses in a list file: one a line, blank lines and `#` lines left out."""
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        parser.error(f"--list: not UTF-8 text: {path}")
    except OSError as error:
        parser.error(f"--list: cannot read {path}: {error.strerror or error}")
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_or_report_bug(lambda: run(args), args.debug, "fetch")


def run(args: argparse.Namespace) -> int:
    """Fetch what the arguments name; 1 when any address was refused or failed, else 0."""
    limits = Limits(delay=args.delay, timeout=args.timeout, total_time=TOTAL_TIMEOUTS * args.timeout,
                    max_bytes=int(args.max_size * MB), retries=args.retries, max_wait=args.max_wait,
                    max_redirects=args.max_redirects)
    client = Client(Policy(allow_private=args.allow_private), limits, user_agent(args.contact))
    try:
        entries = fetch_all(args.urls, client, Options(out=args.out, force=args.force), report=print_entry)
    finally:
        client.close()
    if args.report:
        write_report(args.report, entries)
    print_summary(entries)
    return 0 if all(entry.status in FINE for entry in entries) else 1


def write_report(path: Path, entries: list[ReportEntry]) -> None:
    text = json.dumps([entry.as_dict() for entry in entries], ensure_ascii=False, indent=2)
    atomic_write(path, text + "\n")


def print_entry(entry: ReportEntry) -> None:
    """`fetched: URL: CAPTURE`, `skipped: URL: REASON`, ... each part escaped to one line."""
    parts = [entry.input, *(part for part in (entry.output, entry.reason) if part)]
    print(printed(entry.status, *parts), flush=True)


def print_summary(entries: list[ReportEntry]) -> None:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    print("fetch: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())), file=sys.stderr)
