"""Shared fixtures: the repository's paths, the sample pages, a built sample site."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
SAMPLE = PAGES / "bitget-ja-cryptoslate-pentagon-rare-earths.txt"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots and figures the tests leave for people to look at


def run_converter(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the converter's CLI as a user would: arguments in; exit status, stdout and stderr out.

    It runs in this process (as `scripts/convert.py` does, by calling `cli.main`): a process per
    call would cost 0.6 s of imports, and mutation testing sees only what runs in-process.
    `run_converter_process` is the real command, for what only a process shows.
    """
    from converter.cli import main

    argv = list(map(str, args))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse: 2 for usage errors, 0 for --help
            status = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


def run_converter_process(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python scripts/convert.py ARGS` in a process of its own, capturing its output."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py"), *map(str, args)],
        cwd=cwd, capture_output=True, text=True, check=False,
    )


def build_site(
    content: Path, output: Path, settings: str = "pelicanconf.py", *extra: str, env: dict | None = None
) -> None:
    """Build `content` into `output` with Pelican and the repository's settings and theme, as
    `make html` does: any error Pelican logs (an article it had to skip) fails the build.

    `extra` are more pelican arguments (e.g. `-e DEFAULT_LANG="ja"`), `env` more environment.
    """
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", settings,
         "--fatal", "errors", *extra],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **(env or {})},
    )
    assert result.returncode == 0, result.stdout + result.stderr


def sample_content(base: Path) -> Path:
    """The fixture pages converted, with the repository's hand-written pages (about); returns content/."""
    content = base / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    converted = run_converter(PAGES, "--out", content / "articles")
    assert converted.returncode == 0, converted.stderr
    return content


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder the test processes of one run share: the first to ask makes it, under a lock the
    others wait on, and they reuse it (every process converting and building the same sample
    archive again cost seconds of CPU each). A folder whose making failed is made afresh."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # pytest-xdist gives each worker a folder in the run's own
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def sample_site_content(tmp_path_factory) -> Path:
    """content/ of the sample archive: the fixture pages converted, plus the about pages."""
    return made_once(tmp_path_factory, "sample", sample_content) / "content"


@pytest.fixture(scope="session")
def sample_site(sample_site_content, tmp_path_factory) -> Path:
    """The sample archive built with pelicanconf.py, as `make site` builds it; returns output/."""
    def build(folder: Path) -> None:
        build_site(sample_site_content, folder / "output")

    return made_once(tmp_path_factory, "sample-site", build) / "output"


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's chromium; CHROMIUM_PATH names another Chromium build (e.g. on other systems)."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def missing(what: str) -> None:
    """A tool the tests need is absent: fail in CI (it must be installed), skip loudly elsewhere."""
    message = f"NOT RUN: {what} (make test installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        missing("chromium not found, so the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items) -> None:
    """`make test` spreads the suite over processes (pytest-xdist --dist loadgroup). A file stays
    in one process, so its site builds and browser visit are made once; tests/security/ stays in
    one as a whole: its three files share one hostile build and one findings ledger."""
    groups = {}
    for item in items:
        path = item.path.relative_to(ROOT)
        groups[item] = "tests/security" if path.parts[:2] == ("tests", "security") else path.as_posix()
        item.add_marker(pytest.mark.xdist_group(groups[item]))
    items.sort(key=lambda item: _start_order(groups[item]))


# The longest groups (seconds on one core, idle) are handed out first and the short ones fill
# the gaps after them: started last, the hostile browser visit alone added half a minute.
LONGEST_FIRST = (
    "tests/site/test_web_quality.py",  # ~70 s: Lighthouse on six pages, the Nu checker on every page
    "tests/security",  # ~60 s: 384 hostile pages built and 294 opened in chromium
    "tests/site/test_browser.py",  # ~70 s: two site builds, axe, screenshots
    "tests/site/test_languages_provenance.py",  # ~100 s: a 14-language site, axe at two widths
    "tests/site/test_listings.py",  # ~60 s: long-topic and paginated sites, axe in both schemes
    "tests/site/test_search_readers.py",  # ~50 s: 120 generated articles built and searched
    "tests/site/test_build_recovery.py",
    "tests/site/test_build.py",
    "tests/converter/test_robustness.py",
    "tests/converter/test_patterns.py",
    "tests/plugin/test_search_index.py",
    "tests/site/test_search_weight.py",  # ~25 s: 300 generated articles converted and built
    "tests/site/test_code.py",
    "tests/converter/test_corpus.py",
    "tests/scripts/test_benchmark.py",
)


def _start_order(group: str) -> int:
    """Position of a group in the run: the listed long ones first, the rest as collected."""
    return LONGEST_FIRST.index(group) if group in LONGEST_FIRST else len(LONGEST_FIRST)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids: list[str]) -> None:
    """Refuse a split that ignores the groups: each worker would build the hostile site and
    open its 193 pages, doubling the suite's time, and the findings ledgers would clash.
    (Under --dist loadgroup each worker names a test `<id>@<group>`.)"""
    if node.config.getvalue("dist") != "loadgroup":
        return
    ungrouped = [nodeid for nodeid in ids if "@tests/" not in nodeid]
    if ungrouped:
        raise pytest.UsageError(
            f"pytest-xdist's --dist loadgroup left {len(ungrouped)} of {len(ids)} tests ungrouped"
            f" (first: {ungrouped[0]}): this pytest and pytest-xdist do not work together,"
            " see requirements-dev.txt")


SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """Figures the tests wrote to test-artifacts/ in this session: the real-page corpus scores and
    the hostile-input findings (under pytest -n they were written by a worker: only this conftest
    is loaded where the summary is printed)."""
    reports = (("corpus-report.txt", "real-page corpus", 2), ("security-findings.txt", "hostile input", 1))
    for name, title, head in reports:
        report = ARTIFACTS / name
        if not report.exists() or report.stat().st_mtime < SESSION_START:
            continue  # those tests did not run in this session
        lines = report.read_text(encoding="utf-8").split("\n")
        terminalreporter.write_sep("-", title)
        for line in lines[:head]:
            terminalreporter.write_line(line)
        for line in lines[head:]:
            if line.startswith("== ") and not line.startswith("== 0 "):
                terminalreporter.write_line("  " + line[3:])
