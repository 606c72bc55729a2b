"""Hostile scraped pages, converted with the CLI and built with Pelican once per session.

Layout of the session folder (planted files let the tests see a file leave its place):

    <base>/secret.txt, <base>/pelicanconf.py           planted: must never be published
    <base>/scraped/attack-NNN-....txt|.html            the hostile pages (tests/security/hostile.py)
    <base>/scraped/hostile-crawl.*, attack-NNN-*.mhtml the same payloads in capture files
                                                       (hostile.carried_pages, hostile_captures.py)
    <base>/report.json                                 the converter's report
    <base>/site/secret.txt, <base>/site/pelicanconf.py planted
    <base>/site/content/secret.txt                     planted (not an article, page or static file)
    <base>/site/content/{articles,pages}               converted articles + the repository's pages
    <base>/site/output/                                the built site

`{static}/../../pelicanconf.py` in an article resolves to <base>/pelicanconf.py, and
`{attach}../../secret.txt` from content/articles/<year>/ to content/secret.txt.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS, ROOT, build_site, run_converter
from tests.security.findings import BROWSER_CHECKS, LEDGER
from tests.security.hostile import (
    CANARY,
    DATE_FIELDS,
    FIELDS,
    HostilePage,
    carried_pages,
    fields_tried,
    hostile_pages,
    load_payloads,
    write_pages,
)
from tests.security.hostile_captures import write_carried
from tests.security.sitecheck import files_under, scan

# Characters XML 1.0 cannot carry: an article holding one cannot be put into a feed.
_NOT_XML = {chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF)}


@dataclass
class HostileBuild:
    base: Path
    scraped: Path
    content: Path
    output: Path
    pages: list[HostilePage]
    report: list[dict]
    converter: subprocess.CompletedProcess
    planted: list[Path]
    files_before: set[Path]
    build_error: str = ""
    # Articles taken out so that the rest could still be built (only when the build failed).
    quarantined: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    scan: Future | None = None  # sitecheck.scan of output/, running beside the browser tests

    def page_of_input(self, path: str | Path) -> HostilePage:
        return self.by_filename[Path(path).name]

    @property
    def by_filename(self) -> dict[str, HostilePage]:
        return {page.filename: page for page in self.pages}

    def articles(self) -> dict[Path, HostilePage]:
        """Converted Markdown files and the hostile page each came from."""
        return {Path(entry["output"]): self.page_of_input(entry["input"]) for entry in self.report
                if entry["status"] == "converted" and entry.get("output")}


def _plant(base: Path, content: Path) -> list[Path]:
    planted = []
    for folder in (base, content.parent):
        secret = folder / "secret.txt"
        secret.write_text(f"{CANARY}: {folder.name}\n", encoding="utf-8")
        settings = folder / "pelicanconf.py"
        settings.write_text((ROOT / "pelicanconf.py").read_text(encoding="utf-8") + f"\n# {CANARY}\n",
                            encoding="utf-8")
        planted += [secret, settings]
    inner = content / "secret.txt"
    inner.write_text(f"{CANARY}: content\n", encoding="utf-8")
    return [*planted, inner]


@pytest.fixture(scope="session")
def hostile_conversion(tmp_path_factory) -> HostileBuild:
    """The hostile pages written and converted with the converter's CLI."""
    base = tmp_path_factory.mktemp("hostile")
    scraped, content = base / "scraped", base / "site" / "content"
    pages = hostile_pages()
    write_pages(scraped, pages)
    carried = carried_pages(first=len(pages) + 1)
    write_carried(scraped, carried)
    pages += carried
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    planted = _plant(base, content)
    before = files_under(base)
    report_path = base / "report.json"
    started = time.perf_counter()
    converter = run_converter(scraped, "--out", content / "articles", "--report", report_path, "--jobs", "2")
    seconds = {"convert": time.perf_counter() - started}
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else []
    LEDGER.tried["seconds"] = seconds
    build = HostileBuild(base, scraped, content, base / "site" / "output", pages, report, converter,
                         planted, before, seconds=seconds)
    payloads = load_payloads()
    plain = [page for page in pages if not page.carrier]
    LEDGER.tried.update(
        payloads=len(payloads), kinds=len(FIELDS), pages=len(plain),
        fields=sum(len(f) for f in FIELDS.values()) + sum(len(f) for f in DATE_FIELDS.values()),
        pairs=fields_tried(plain), carried=len(carried), carried_pages=len({page.number for page in carried}),
        converted=sum(entry["status"] == "converted" for entry in report),
        failed=sum(entry["status"] == "failed" for entry in report),
    )
    return build


@pytest.fixture(scope="session")
def background() -> Iterator[ProcessPoolExecutor]:
    """A second process for the static scan, so it overlaps the browser tests."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


@pytest.fixture(scope="session")
def hostile_site(hostile_conversion, background) -> HostileBuild:
    """The converted hostile articles built with pelicanconf.py into output/.

    If the build fails, that is recorded (test_hostile_pages_do_not_break_the_build fails), and
    a copy of content/ without the articles XML feeds cannot carry is built instead, so that the
    other checks still run. content/ itself is never changed.
    """
    build = hostile_conversion
    started = time.perf_counter()
    try:
        build_site(build.content, build.output)
    except AssertionError as error:
        build.build_error = " ".join(str(error).split("\nassert")[0].split())[-600:]
        buildable = build.content.with_name("content-buildable")
        shutil.copytree(build.content, buildable)
        for markdown in sorted((buildable / "articles").rglob("*.md")):
            text = markdown.read_text(encoding="utf-8")
            bad = sorted({f"U+{ord(ch):04X}" for ch in text if ch in _NOT_XML})
            if bad:
                markdown.unlink()
                build.quarantined[markdown.name] = ", ".join(bad)
        build_site(buildable, build.output)  # still failing: every check of the site errors
    build.seconds["build"] = time.perf_counter() - started
    build.scan = background.submit(scan, build.output, build.pages)
    return build


REPORT = ARTIFACTS / "security-findings.txt"  # tests/conftest.py prints it at the end


def summary_line() -> str:
    """One line to quote: payloads × fields tried, pages, and what got through (and how far)."""
    tried = LEDGER.tried
    static = [name for name in LEDGER.checks if not name.startswith("browser")]
    browser_names = [name for name in BROWSER_CHECKS if name in LEDGER.checks]
    count = {name: len(found) for name, found in LEDGER.checks.items()}
    line = (
        f"security: {tried['payloads']} payloads x {tried['fields']} fields ({tried['kinds']} page kinds) "
        f"= {tried['pairs']} payload-field pairs on {tried['pages']} pages, every payload again in "
        f"{tried['carried_pages']} pages carried by 6 capture formats ({tried['carried']} records and files: "
        "WARC, WARC.gz, WACZ, JSON Lines, MHTML, SingleFile) "
        f"({tried['converted']} converted, {tried['failed']} failed); "
        f"findings: {sum(count[n] for n in static)} static "
        f"in {len(LEDGER.payloads_through(static))} payloads, "
        f"{sum(count[n] for n in browser_names)} in the browser from "
        f"{len(LEDGER.payloads_through(browser_names))} payloads"
    )
    if "browser pages" in tried:
        line += f" ({tried['browser pages']} pages opened)"
    if "seconds" in tried:
        line += "; seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in tried["seconds"].items())
    return line


def pytest_sessionfinish(session) -> None:
    """The process that ran the hostile-input tests (this one, or a worker of `pytest -n`)
    writes their report; tests/conftest.py prints it (pytest -n loads this file in workers only)."""
    if not LEDGER.tried:
        return
    lines = [summary_line(), ""]
    for name, found in LEDGER.checks.items():
        payloads = ", ".join(sorted(LEDGER.payloads_through([name]))) or "-"
        lines += [f"== {len(found)} finding(s): {name} (payloads: {payloads})",
                  *(f"  {finding}" for finding in found), ""]
    ARTIFACTS.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(lines), encoding="utf-8")

