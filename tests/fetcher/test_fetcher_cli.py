"""The fetcher's command-line contract: a line per address, the JSON report, the exit codes,
and `make fetch`, against the local server."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
from pathlib import Path

import pytest
from fetcher.cli import main
from warcio.archiveiterator import ArchiveIterator

from tests.conftest import PAGES, ROOT
from tests.fetcher.server import page

# The real sample in scraped/, the way cryptoslate.io served it.
SAMPLE = ROOT / "scraped" / "cryptoslate-en-bitcoin-miners-ai-hashprice.html"
QUICK = ("--delay", "0", "--timeout", "0.5", "--retries", "0")


def run_fetcher(*args: str | Path, stdin: str = "") -> subprocess.CompletedProcess:
    """`scripts/fetch.py ARGS` in this process: exit status, stdout and stderr."""
    argv = list(map(str, args))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with contextlib.ExitStack() as stack:
                if stdin:
                    stack.enter_context(_stdin(stdin))
                status = main(argv)
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else 1
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _stdin(text: str):
    import sys

    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def test_a_page_is_fetched_into_a_capture_and_reported(site, tmp_path):
    site.routes["/news/miners.html"] = page(SAMPLE.read_bytes())
    out, report = tmp_path / "fetched", tmp_path / "report.json"
    url = site.url("/news/miners.html")
    result = run_fetcher(url, "--out", out, "--report", report, "--allow-private", *QUICK)
    assert result.returncode == 0, result.stdout + result.stderr
    [entry] = json.loads(report.read_text(encoding="utf-8"))
    assert entry == {"input": url, "status": "fetched", "output": entry["output"], "reason": ""}
    capture = Path(entry["output"])
    assert capture.parent == out and capture.name.endswith(".warc.gz")
    assert result.stdout == f"fetched: {url}: {capture}\n"
    assert result.stderr == "fetch: 1 fetched\n"
    with capture.open("rb") as stream:
        responses = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                     for r in ArchiveIterator(stream) if r.rec_type == "response"]
    assert responses == [(url, SAMPLE.read_bytes())]


def test_every_outcome_has_its_line_and_the_exit_status_says_one_failed(site, tmp_path):
    site.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    site.routes["/a.html"] = page((PAGES / "bitget-en-html-ethereum-etf-staking.html").read_bytes())
    urls = [site.url("/a.html"), site.url("/private/b.html"), site.url("/missing.html"),
            "javascript:alert(1)"]
    report = tmp_path / "report.json"
    result = run_fetcher(*urls, "--out", tmp_path / "out", "--report", report, "--allow-private", *QUICK)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["fetched", urls[0]], ["skipped", urls[1]], ["failed", urls[2]], ["refused", urls[3]]]
    assert lines[1:] == [
        f"skipped: {urls[1]}: disallowed by robots.txt",
        f"failed: {urls[2]}: HTTP 404 Not Found",
        "refused: javascript:alert(1): only http and https addresses are fetched, not javascript",
    ]
    assert result.stderr == "fetch: 1 failed, 1 fetched, 1 refused, 1 skipped\n"
    assert [entry["status"] for entry in json.loads(report.read_text(encoding="utf-8"))] == [
        "fetched", "skipped", "failed", "refused"]


def test_only_robots_skips_leave_the_status_at_0(site, tmp_path):
    site.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /\n", "text/plain")
    result = run_fetcher(site.url("/a.html"), "--out", tmp_path, "--allow-private", *QUICK)
    assert result.returncode == 0
    assert site.paths() == ["/robots.txt"]


def test_loopback_is_refused_without_allow_private(site, tmp_path):
    site.routes["/a.html"] = page(b"<p>secret</p>")
    result = run_fetcher(site.url("/a.html"), "--out", tmp_path / "out", *QUICK)
    assert result.returncode == 1
    assert result.stdout.startswith(f"refused: {site.url('/a.html')}: 127.0.0.1 is a loopback address")
    assert site.seen == []
    assert not (tmp_path / "out").exists()


def test_a_capture_is_not_fetched_or_overwritten_again(site, tmp_path):
    site.routes["/a.html"] = page(b"<p>first</p>")
    run_fetcher(site.url("/a.html"), "--out", tmp_path, "--allow-private", *QUICK)
    [capture] = tmp_path.iterdir()
    before, requests = capture.read_bytes(), len(site.seen)
    site.routes["/a.html"] = page(b"<p>changed</p>")
    result = run_fetcher(site.url("/a.html"), "--out", tmp_path, "--allow-private", *QUICK)
    assert result.returncode == 0
    assert result.stdout == (f"skipped: {site.url('/a.html')}: {capture}: "
                             "already captured (--force fetches it again)\n")
    assert (capture.read_bytes(), len(site.seen)) == (before, requests)
    forced = run_fetcher(site.url("/a.html"), "--out", tmp_path, "--allow-private", "--force", *QUICK)
    assert forced.returncode == 0 and capture.read_bytes() != before


def test_a_list_file_gives_addresses_one_a_line(site, tmp_path):
    for path in ("/a.html", "/b.html"):
        site.routes[path] = page(b"<p>page</p>")
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# today's pages\n{site.url('/a.html')}\n\n  {site.url('/b.html')}  \n",
                      encoding="utf-8")
    result = run_fetcher("--list", listed, "--out", tmp_path / "out", "--allow-private", *QUICK)
    assert result.returncode == 0, result.stdout
    assert site.paths() == ["/robots.txt", "/a.html", "/b.html"]
    piped = run_fetcher("--list", "-", "--out", tmp_path / "out", "--allow-private", *QUICK,
                        stdin=site.url("/a.html") + "\n")
    assert piped.stdout.startswith(f"skipped: {site.url('/a.html')}")


def test_printed_lines_stay_one_line_each(tmp_path):
    hostile = "https://example.com/\x1b[2J\n::error::forged"
    result = run_fetcher(hostile, "--out", tmp_path, *QUICK)
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    assert line.startswith("refused: https://example.com/\\x1b[2J\\n::error::forged: ")


@pytest.mark.parametrize("args", [
    (), ("--list", "no-such-file.txt"), ("https://example.com/", "--delay", "-1"),
    ("https://example.com/", "--max-size", "0"), ("https://example.com/", "--contact", "me (evil)"),
])
def test_usage_errors_exit_2(args, tmp_path):
    result = run_fetcher(*args, "--out", tmp_path)
    assert result.returncode == 2
    assert "error:" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_out_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_fetcher("https://example.com/", "--out", tmp_path / "file")
    assert result.returncode == 2
    assert "--out is not a folder" in result.stderr


def test_make_fetch_quotes_each_address_and_fetches(site, tmp_path):
    """`make fetch URLS=...`: an address with `&` reaches the fetcher whole, then make says what is next."""
    site.routes["/a.html?x=1&y=2"] = page(b"<p>page</p>")
    url = site.url("/a.html?x=1&y=2")
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.site-requirements", "fetch", f"URLS={url}",
         f"FETCH_OPTS=--allow-private --delay 0 --out {tmp_path}"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"fetched: {url}: {tmp_path}/" in result.stdout
    assert result.stdout.rstrip().endswith("fetch: now run 'make site' to convert the captures into the site")
    assert site.paths() == ["/robots.txt", "/a.html?x=1&y=2"]
