#!/usr/bin/env python3
"""Measure the archive against its peers on one generated corpus (`make bench N=<articles>`).

    .venv/bin/python scripts/benchmark.py [--articles N] [--seed S] [--keep DIR]

Generates N scraped pages (plus 100 held back) from the fixture pages' layouts, then, on that
corpus and this machine, times each step in a fresh child process (its peak resident memory,
children included): the converter in 1 and 2 processes (cold: an empty conversion cache), again
with nothing changed; trafilatura's `extract` over the same HTML pages; the full build
(publishconf.py: theme, plugins, search index) beside bare Pelican and the Pagefind CLI; the
rebuild with nothing changed and after adding 100 articles; output and index sizes; what a
browser downloads for a first search (raw, and gzipped as GitHub Pages sends it), and for a
filter without words (the filter's static listing, gzipped: "filter-only view"). Prints a table,
the issue's targets as met/missed, and
writes bench-results.json at the repository root. Not a test: nothing fails on a missed target.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = [ROOT / "tests" / "fixtures" / "pages", ROOT / "tests" / "fixtures" / "corpus"]
RESULTS = ROOT / "bench-results.json"
ADDED = 100  # articles added before the last rebuild
HTML_WEIGHT = 3  # an HTML layout is used this many times as often as a text dump's (~20 % of pages)
FIRST_DAY, LAST_DAY = datetime(2020, 1, 1, tzinfo=UTC), datetime(2026, 10, 31, tzinfo=UTC)
NEWS_WEEK = 7 * 86400  # seconds after LAST_DAY in which the added articles are dated
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UNSPACED = {"ja", "zh-CN", "zh-TW", "th"}  # languages whose titles are not cut into words by spaces
_SLOT = "\x00{}\x00"
_WORD = re.compile(r"[^\W\d_]{3,}")
_RUN = re.compile(r"[\u4e00-\u9fff々]+|[\u30a0-\u30ffー]+|[\u3040-\u309f]+|[\u0e00-\u0e7f]+|[A-Za-z]+|.",
                  re.S)
_NOT_WORD = re.compile(r"[\W_]+")
_TEXT_DATE = re.compile(r"(?<![/-])(20\d\d)([/-])(\d\d)\2(\d\d)(?: (\d\d):(\d\d))?")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?")
_PARAGRAPH = re.compile(r"(<p(?:\s[^>]*)?>)(.*?)(</p>)", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")

# Each step runs as `python -c CHILD <result file> <command...>`: its wall time and the peak
# resident memory of the command and its children (RUSAGE_CHILDREN of a process that ran only it),
# and, where /proc is, each program's own peak (the build's Pelican process apart from the Pagefind
# processes it starts), read from the process tree every 0.2 s.
CHILD = """
import json, os, resource, subprocess, sys, threading, time

def tree(root):
    children = {}
    for name in os.listdir("/proc"):
        try:
            with open(f"/proc/{name}/stat") as stat:
                children.setdefault(int(stat.read().rsplit(")", 1)[1].split()[1]), []).append(int(name))
        except (OSError, ValueError, IndexError):
            pass
    found, todo = [], [root]
    while todo:
        found.append(todo.pop())
        todo += children.get(found[-1], [])
    return found

def sample(root, peaks, done):
    while not done.wait(0.2):
        for pid in tree(root):
            try:
                with open(f"/proc/{pid}/status") as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
                name, mb = fields["Name"].strip(), int(fields["VmRSS"].split()[0]) / 1024
            except (OSError, KeyError, ValueError):
                continue
            peaks[name] = max(peaks.get(name, 0), mb)

start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peaks, done = {}, threading.Event()
if os.path.isdir("/proc"):
    threading.Thread(target=sample, args=(child.pid, peaks, done), daemon=True).start()
errors = child.stderr.read()
code = child.wait()
if code:
    sys.stderr.write(errors[-2000:].decode(errors="replace"))
done.set()
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
rss_mb = rss / 2**20 if sys.platform == "darwin" else rss / 1024
with open(sys.argv[1], "w") as out:
    json.dump({"seconds": seconds, "rss_mb": rss_mb, "code": code,
               "programs_mb": {name: round(mb, 1) for name, mb in peaks.items()}}, out)
"""
# The converter's CLI with its conversion cache somewhere else than the project's cache/.
CONVERT = """
import sys
from pathlib import Path
sys.path.insert(0, "scripts")
import converter.cli as cli
cli.CACHE_FILE = Path(sys.argv[1])
sys.exit(cli.main(sys.argv[2:]))
"""
TRAFILATURA = """
import sys
from pathlib import Path
from trafilatura import extract
pages = sorted(Path(sys.argv[1]).rglob("*.html"))
found = sum(bool(extract(p.read_text(encoding="utf-8"), with_metadata=True)) for p in pages)
print(f"{found} of {len(pages)} extracted")
"""
BARE_SETTINGS = """# Bare Pelican: its default theme, no plugins; the archive's pagination size and folders.
PATH = {content!r}
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
SITEURL = ""
DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = ((1, "{{url}}", "{{save_as}}"),
                       (2, "{{base_name}}/page/{{number}}/", "{{base_name}}/page/{{number}}/index.html"))
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""


# ----------------------------------------------------------------------------------------------
# The corpus


@dataclass
class Template:
    """A fixture page cut into literal text and body-paragraph slots (`_SLOT` markers)."""

    name: str
    fmt: str  # "text" or "html"
    lang: str
    page: str  # the page with each body paragraph replaced by a slot marker
    slots: int
    title: str
    original_title: str
    date: datetime | None


@dataclass
class Vocabulary:
    """Per language: real headline words, and body paragraphs as (text, inline HTML)."""

    words: dict[str, list[str]] = field(default_factory=dict)
    paragraphs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _normal(text: str) -> str:
    return _NOT_WORD.sub("", html.unescape(text)).casefold()


def _converter():
    sys.path.insert(0, str(ROOT / "scripts"))
    from zoneinfo import ZoneInfo

    from converter.decode import decode
    from converter.metadata import Settings
    from converter.model import InputError
    from converter.pipeline import convert_file
    from converter.topics import load_rules

    return decode, convert_file, load_rules(), Settings(timezone=ZoneInfo("UTC")), InputError


def load_templates() -> tuple[list[Template], Vocabulary, list[str]]:
    """Every fixture article page (not listings, app pages or the hostile test page), its body
    paragraphs found by matching the converter's paragraphs, and the words of every title."""
    decode, convert_file, rules, settings, input_error = _converter()
    templates, vocabulary, left_out = [], Vocabulary(), []
    for path in sorted(p for folder in FIXTURES for p in folder.iterdir()):
        if path.suffix not in (".txt", ".html") or path.name.startswith("malicious"):
            continue
        try:
            article = convert_file(path, rules, settings).article
        except input_error:
            left_out.append(path.name)
            continue
        openings = {_normal(b.text)[:24] for b in article.blocks if b.kind == "paragraph"}
        openings.discard("")
        text = decode(path.read_bytes())
        fmt = "html" if path.suffix == ".html" else "text"
        pool = vocabulary.paragraphs.setdefault(article.lang, [])
        page, slots = _cut(text, fmt, functools.partial(_is_body, openings=openings), pool)
        if not slots:
            left_out.append(path.name)
            continue
        words = vocabulary.words.setdefault(article.lang, [])
        words.extend(_title_words(article.title, article.lang))
        templates.append(Template(path.name, fmt, article.lang, page, slots, article.title,
                                  article.original_title, article.date))
    for lang, words in vocabulary.words.items():
        if len(set(words)) < 40:  # one page in this language: its lead's words as well
            for text, _ in vocabulary.paragraphs[lang][:2]:
                words.extend(_title_words(text, lang))
        vocabulary.words[lang] = sorted(set(words))
    return templates, vocabulary, left_out


def _is_body(text: str, openings: set[str]) -> bool:
    opening = _normal(text)[:24]
    return len(opening) == 24 and opening in openings


def _cut(text: str, fmt: str, is_body, pool: list[tuple[str, str]]) -> tuple[str, int]:
    """The page with its body paragraphs as numbered slots; the paragraphs go to `pool`."""
    slots = 0

    def slot(plain: str, inline: str) -> str:
        nonlocal slots
        pool.append((plain, inline))
        slots += 1
        return _SLOT.format(slots - 1)

    if fmt == "html":
        def paragraph(match: re.Match) -> str:
            plain = html.unescape(_TAG.sub("", match[2])).strip()
            return match[1] + slot(plain, match[2].strip()) + match[3] if is_body(plain) else match[0]
        return _PARAGRAPH.sub(paragraph, text), slots
    lines = []
    for line in text.split("\n"):
        parts = line.split("⋅")  # Bitget's dumps join paragraphs with ⋅
        lines.append("⋅".join(slot(p, html.escape(p)) if is_body(p) else p for p in parts))
    return "\n".join(lines), slots


def _title_words(title: str, lang: str) -> list[str]:
    if lang in UNSPACED:
        return [run for run in _RUN.findall(title) if len(run) >= 2 and _script(run)]
    return [word for word in title.split() if _WORD.fullmatch(word)]


def _script(run: str) -> str:
    first = run[0]
    if "\u4e00" <= first <= "\u9fff" or first == "々":
        return "han"
    if "\u30a0" <= first <= "\u30ff":
        return "katakana"
    if "\u0e00" <= first <= "\u0e7f":
        return "thai"
    if first.isascii() and first.isalpha():
        return "latin"
    return ""


def vary_title(title: str, lang: str, words: list[str], rng: random.Random, share: float) -> str:
    """The title with about `share` of its words swapped for headline words of its language."""
    if lang in UNSPACED:
        by_script: dict[str, list[str]] = {}
        for word in words:
            by_script.setdefault(_script(word), []).append(word)
        runs = _RUN.findall(title)
        return "".join(rng.choice(by_script[_script(r)]) if len(r) >= 2 and _script(r) in by_script
                       and rng.random() < share else r for r in runs)
    # The word in each token, its punctuation kept ("BTC란?" is a word and a question mark).
    return " ".join(_WORD.sub(lambda m: rng.choice(words) if rng.random() < share else m[0], w)
                    for w in title.split())


def generate_corpus(target: Path, count: int, seed: int = 13,
                    loaded: tuple[list[Template], Vocabulary, list[str]] | None = None,
                    newest: int = 0) -> list[Path]:
    """Write `count` distinct scraped pages under target/text/ and target/html/, dated (the
    dateline, the HTML dates and the file's mtime) over 2020-2026; deterministic for a seed.
    The last `newest` pages are dated in the week after the others, as the news a user scrapes
    after building the archive: they are the articles the benchmark adds to the built site."""
    templates, vocabulary, _ = loaded or load_templates()
    rng = random.Random(seed)
    cycle = [t for t in templates for _ in range(HTML_WEIGHT if t.fmt == "html" else 1)]
    rng.shuffle(cycle)
    titles: set[tuple[str, str]] = set()
    written = []
    span = (LAST_DAY - FIRST_DAY).total_seconds()
    for number in range(count):
        template = cycle[number % len(cycle)]
        words = vocabulary.words[template.lang]
        title = template.title
        for attempt in range(60):
            title = vary_title(template.title, template.lang, words, rng, min(0.4 + attempt / 20, 1.0))
            if (template.lang, title) not in titles and title != template.title:
                break
        else:
            title = f"{title} {number}"
        titles.add((template.lang, title))
        if number < count - newest:
            date = FIRST_DAY + timedelta(seconds=rng.uniform(0, span))
        else:
            date = LAST_DAY + timedelta(seconds=rng.uniform(0, NEWS_WEEK))
        page = _dated(template, template.page.replace(template.title, title), date)
        if template.original_title:
            original = vary_title(template.original_title, "en", vocabulary.words.get("en", []), rng, 0.5)
            page = page.replace(template.original_title, original)
            if template.fmt == "html":
                page = _replace_escaped(page, template.original_title, original)
        if template.fmt == "html":
            page = _replace_escaped(page, template.title, title)
        page = _fill(page, template, vocabulary.paragraphs[template.lang], title, rng)
        folder = target / template.fmt
        folder.mkdir(parents=True, exist_ok=True)
        suffix = "html" if template.fmt == "html" else "txt"
        path = folder / f"{number:05d}-{Path(template.name).stem}.{suffix}"
        path.write_text(page, encoding="utf-8")
        os.utime(path, (date.timestamp(), date.timestamp()))  # for pages without a date (--date-from-mtime)
        written.append(path)
    return written


def _replace_escaped(page: str, old: str, new: str) -> str:
    for escape in (html.escape, lambda s: html.escape(s, quote=False),
                   lambda s: json.dumps(s)[1:-1], lambda s: json.dumps(s, ensure_ascii=False)[1:-1],
                   lambda s: json.dumps(s)[1:-1].replace("/", "\\/")):
        page = page.replace(escape(old), escape(new))
    return page


def _dated(template: Template, page: str, date: datetime) -> str:
    if template.fmt == "html":  # meta and JSON-LD dates, then a visible dateline (Bitget's)
        page = _ISO_DATE.sub(lambda m: date.strftime("%Y-%m-%dT%H:%M:%S")[:len(m[0])], page)
    if template.date is None:
        return page

    def first(match: re.Match) -> str:
        if (int(match[1]), int(match[3]), int(match[4])) != template.date.timetuple()[:3]:
            return match[0]
        sep = match[2]
        stamp = date.strftime(f"%Y{sep}%m{sep}%d")
        return f"{stamp} {date:%H:%M}" if match[5] else stamp

    return _TEXT_DATE.sub(first, page, count=1)


def _fill(page: str, template: Template, pool: list[tuple[str, str]], title: str, rng: random.Random) -> str:
    """Body paragraphs drawn from the language's pages, led by a sentence made of the new title."""
    chosen = rng.sample(pool, template.slots) if len(pool) >= template.slots else \
        [rng.choice(pool) for _ in range(template.slots)]
    stop = "。" if template.lang in {"ja", "zh-CN", "zh-TW"} else " " if template.lang == "th" else ". "
    for index, (plain, inline) in enumerate(chosen):
        body = inline if template.fmt == "html" else plain
        if index == 0:
            body = (html.escape(title) if template.fmt == "html" else title) + stop + body
        page = page.replace(_SLOT.format(index), body, 1)
    return page


# ----------------------------------------------------------------------------------------------
# Steps


def step(name: str, command: list[str], results: dict, env: dict | None = None) -> dict:
    """Run one command in a fresh child; record its seconds and peak RSS under results[name]."""
    with tempfile.NamedTemporaryFile(suffix=".json") as record:
        child = subprocess.run([sys.executable, "-c", CHILD, record.name, *command], cwd=ROOT,
                               env={**os.environ, **(env or {})}, capture_output=True, text=True)
        figures = json.loads(Path(record.name).read_text() or "{}")
    if child.returncode or figures.get("code"):
        print(f"  ! {name} exited {figures.get('code')}: {child.stderr[-600:]}", file=sys.stderr)
    programs = figures.get("programs_mb", {})
    results["steps"][name] = {"seconds": round(figures["seconds"], 3), "rss_mb": round(figures["rss_mb"], 1),
                              "programs_mb": programs}
    each = by_peak(programs)
    print(f"  {name}: {figures['seconds']:.2f} s, {figures['rss_mb']:.0f} MB"
          + (f" (each program's peak, MB: {each})" if each else ""), flush=True)
    return figures


def output_state(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each output file's inode, modification and change time: a file written since differs in one."""
    state = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            state[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    return state


def files_written(before: dict, after: dict) -> dict:
    """What a rebuild wrote: files new or rewritten (and of them Pagefind's), and files removed."""
    written = [name for name, state in after.items() if before.get(name) != state]
    folders: dict[str, int] = {}
    for name in written:  # where they are: articles/2026, tags, pagefind/2026, ...
        parts = name.split("/")
        folder = "/".join(parts[:2]) if parts[0] in ("articles", "pagefind") and len(parts) > 2 else parts[0]
        folders[folder] = folders.get(folder, 0) + 1
    return {"written": len(written), "pagefind": sum(name.startswith("pagefind/") for name in written),
            "removed": len(set(before) - set(after)), "files": len(after),
            "by_folder": dict(sorted(folders.items(), key=lambda item: -item[1]))}


def print_written(results: dict) -> None:
    """Files written per rebuild (issue 26: adding 100 articles writes at most 2 % of the site)."""
    for name, label in (("rebuild_nochange", "nothing changed"), ("rebuild_add100", f"{ADDED} added")):
        w = results.get("written", {}).get(name)
        if w:
            print(f"files written, rebuild with {label}: {w['written']} of {w['files']} "
                  f"({100 * w['written'] / max(w['files'], 1):.1f} %; {w['pagefind']} of them in pagefind/), "
                  f"{w['removed']} removed")
            if w.get("by_folder"):
                where = w["by_folder"].items()
                print("  where: " + ", ".join(f"{folder} {count}" for folder, count in where))


def print_memory(results: dict) -> None:
    """Peak memory per step, and within it each program's own peak (the build's Pelican process
    apart from the Pagefind processes it runs one after another, one per year)."""
    print("\npeak memory per step, MB (each program's own peak):")
    for name, figures in results["steps"].items():
        each = by_peak(figures.get("programs_mb") or {})
        print(f"  {name}: {figures['rss_mb']:.0f}" + (f" ({each})" if each else ""))


def by_peak(programs: dict[str, float]) -> str:
    """`pagefind_extended 705, python 380`: each program's peak MB, the largest first."""
    return ", ".join(f"{program} {mb:.0f}" for program, mb in sorted(programs.items(), key=lambda p: -p[1]))


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def first_search(site: Path, query: str = "bitcoin") -> dict:
    """What chromium downloads for /search/?q=<query> on the built site until the results show,
    twice: served as files are (raw), and served as GitHub Pages serves them (gzip, level 6, for
    the text types in GZIP_TYPES; Pagefind's .pf_* and wasm files are gzipped by Pagefind and sent
    as they are). Each figure is what the local server wrote as response bodies."""
    raw = _first_search(site, query, compress=False)
    sent = _first_search(site, query, compress=True)
    return {"kb": raw["kb"], "pagefind_kb": raw["pagefind_kb"], "requests": raw["requests"],
            "results_shown": raw["results_shown"], "kb_by_kind": raw["kb_by_kind"],
            "first_result_ms": raw["first_result_ms"], "transfer_first_result_ms": sent["first_result_ms"],
            "transfer_kb": sent["kb"], "transfer_pagefind_kb": sent["pagefind_kb"],
            "transfer_kb_by_kind": sent["kb_by_kind"], "transfer_requests": sent["requests"],
            "files": raw["files"]}


# What GitHub Pages sends gzip-compressed (to a browser that accepts it), by file extension.
GZIP_TYPES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"}


def file_kind(path: str) -> str:
    """pf_meta, pf_index, pf_fragment, pf_filter, pagefind (the wasm), js, css, html, ..."""
    name = path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else "html"


def _first_search(site: Path, query: str, compress: bool) -> dict:
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}
    handler = functools.partial(CountingHandler, directory=str(site), sent=sent, compress=compress)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/search/?q={query}")
            page.wait_for_selector("#search-results > li", timeout=60_000)
            # From the start of the page's navigation to the first result on screen (local server).
            shown_ms = page.evaluate("performance.now()")
            page.wait_for_load_state("networkidle")
            results = page.locator("#search-results > li").count()
            browser.close()
    finally:
        server.shutdown()
    by_kind: dict[str, float] = {}
    for path, size in sent.items():
        kind = file_kind(path)
        by_kind[kind] = round(by_kind.get(kind, 0) + size / 1024, 1)
    pagefind = sum(size for path, size in sent.items() if re.match(r"/pagefind(-\d+)?/", path))
    return {"kb": sum(sent.values()) / 1024, "pagefind_kb": pagefind / 1024, "requests": len(sent),
            "results_shown": results, "kb_by_kind": by_kind, "files": dict(sorted(sent.items())),
            "first_result_ms": round(shown_ms)}


_COUNT = re.compile(r"\((\d+)\)\s*$")  # an option's article count: "Bitcoin (312)"
_PAGEFIND = re.compile(r"/pagefind(-\d+)?/")


def filter_choices(site: Path) -> dict[str, tuple[str, str, int]]:
    """Filter -> (value, listing URL, article count) of its value with the most articles, read off
    the built search page (each option's data-listing): the topic, source, language and year whose
    listing is the longest."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((site / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
    chosen = {}
    for select in page.select("form select[name]"):
        found = [(option["value"], option["data-listing"], int(_COUNT.search(option.get_text())[1]))
                 for option in select.select("option[data-listing]") if _COUNT.search(option.get_text())]
        if found:
            chosen[select["name"]] = max(found, key=lambda option: option[2])
    return chosen


def filter_only_views(site: Path) -> dict:
    """What chromium downloads (gzip, as GitHub Pages sends it) for a filter without words (issue 24:
    at most 100 KB): /search/?<filter>=<value> in a fresh tab, which opens the filter's static
    listing, until the network is idle; for each filter, its value with the most articles. Also
    whether any Pagefind file was fetched and whether the listing shown is newest first."""
    from playwright.sync_api import sync_playwright

    sent: dict[str, int] = {}
    handler = functools.partial(CountingHandler, directory=str(site), sent=sent, compress=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_port}"
    views = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name, (value, listing, count) in filter_choices(site).items():
                sent.clear()
                dates = _open_filter(browser, f"{root}/search/?{urllib.parse.urlencode({name: value})}",
                                     f"{root}/{listing}")
                views[name] = {"value": value, "articles": count, "listing": listing,
                               "kb": round(sum(sent.values()) / 1024, 1), "requests": len(sent),
                               "pagefind_requests": sum(1 for path in sent if _PAGEFIND.match(path)),
                               "shown": len(dates), "newest_first": dates == sorted(dates, reverse=True)}
            browser.close()
    finally:
        server.shutdown()
    return {"views": views, "kb": max((v["kb"] for v in views.values()), default=float("nan"))}


def _open_filter(browser, address: str, listing: str) -> list[str]:
    """Open `address` in a fresh tab (empty cache), wait until it has become `listing` and the
    network is idle; the dates of the articles the listing shows, in its order."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(address)
    page.wait_for_url(listing, timeout=60_000)
    page.wait_for_load_state("networkidle")
    dates = page.eval_on_selector_all("main ul.articles li .meta time", "ts => ts.map(t => t.dateTime)")
    context.close()
    return dates


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class CountingHandler(QuietHandler):
    """Serves the site's files and adds up, per path, the response body bytes it writes; with
    `compress`, gzips the GZIP_TYPES for a client that accepts gzip, as GitHub Pages does."""

    def __init__(self, *args, sent: dict[str, int], compress: bool, **kwargs) -> None:
        self.sent, self.compress = sent, compress
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))  # inside the site: it drops ".." parts
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():  # a folder without its slash (redirect), or a 404
            super().do_GET()
            return
        body = path.read_bytes()
        gzipped = (self.compress and path.suffix in GZIP_TYPES
                   and "gzip" in self.headers.get("Accept-Encoding", ""))
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        key = self.path.split("?")[0]
        self.sent[key] = self.sent.get(key, 0) + len(body)  # counted before the client can read it
        self.end_headers()
        self.wfile.write(body)


def count_statuses(report: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in json.loads(report.read_text(encoding="utf-8")):
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    return counts


def languages(articles: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in articles.rglob("*.md"):
        with path.open(encoding="utf-8") as head:
            lang = next((line[5:].strip() for line in head if line.startswith("Lang:")), "?")
        counts[lang] = counts.get(lang, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def run(count: int, seed: int, base: Path) -> dict:
    results: dict = {"articles": 0, "pages": count, "seed": seed, "steps": {},
                     "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
                     "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    scraped, extra = base / "scraped", base / "extra"
    started = time.perf_counter()
    pages = generate_corpus(scraped, count + ADDED, seed, newest=ADDED)
    extra.mkdir()
    for path in pages[count:]:
        (extra / path.parent.name).mkdir(exist_ok=True)
        path.rename(extra / path.parent.name / path.name)
    html_pages = sum(1 for p in pages[:count] if p.suffix == ".html")
    results["html_pages"] = html_pages
    print(f"corpus: {count} pages ({html_pages} HTML) + {ADDED} held back, "
          f"{time.perf_counter() - started:.1f} s, in {base}", flush=True)

    py = sys.executable
    cache = base / "converter.pickle"

    def convert(*args: str | Path) -> list[str]:
        return [py, "-c", CONVERT, str(cache), "--date-from-mtime", *map(str, args)]

    content = base / "content"
    step("convert_jobs1", convert(scraped, "--out", base / "cold1", "--no-cache"), results)
    step("convert_jobs2", convert(scraped, "--out", content / "articles", "--jobs", 2,
                                  "--report", base / "report.json"), results)  # empty cache: cold
    results["convert_statuses"] = count_statuses(base / "report.json")
    step("reconvert_nochange", convert(scraped, "--out", content / "articles", "--jobs", 2,
                                       "--report", base / "report2.json"), results)
    results["reconvert_statuses"] = count_statuses(base / "report2.json")
    step("convert_html_jobs1", convert(scraped / "html", "--out", base / "cold-html", "--no-cache"), results)
    step("trafilatura_html", [py, "-c", TRAFILATURA, scraped / "html"], results)
    results["languages"] = languages(content / "articles")
    results["articles"] = sum(results["languages"].values())
    print(f"  {results['articles']} articles, {results['convert_statuses']}, by language: "
          f"{results['languages']}", flush=True)

    output, pelican_cache = base / "output", base / "pelican-cache"
    build = [py, "-m", "pelican", content, "-o", output, "-s", ROOT / "publishconf.py",
             "-e", f"CACHE_PATH={json.dumps(str(pelican_cache))}"]
    env = {"ARCHIVE_TIMEZONE": "UTC", "SITEURL": ""}
    step("build", build, results, env)
    results["output_mb"] = round(size_mb(output), 2)
    results["search_index_mb"] = round(size_mb(output / "pagefind"), 2)
    bare_output = base / "bare-output"
    settings = base / "bare_settings.py"
    settings.write_text(BARE_SETTINGS.format(content=str(content)), encoding="utf-8")
    step("bare_pelican", [py, "-m", "pelican", content, "-o", bare_output, "-s", settings], results)
    step("bare_pagefind", [py, "-m", "pagefind", "--site", bare_output], results)
    results["bare_output_mb"] = round(size_mb(bare_output), 2)
    results["bare_search_index_mb"] = round(size_mb(bare_output / "pagefind"), 2)
    results["written"] = {}
    before = output_state(output)
    step("rebuild_nochange", build, results, env)
    results["written"]["rebuild_nochange"] = files_written(before, output_state(output))
    step("convert_add100", convert(extra, "--out", content / "articles", "--jobs", 2), results)
    before = output_state(output)
    step("rebuild_add100", build, results, env)
    results["written"]["rebuild_add100"] = files_written(before, output_state(output))
    try:
        results["first_search"] = first_search(output)
    except Exception as error:  # no browser, or no results: the other figures still count
        print(f"  ! first search: {error}", file=sys.stderr)
        results["first_search"] = {"kb": float("nan"), "pagefind_kb": float("nan"), "requests": 0,
                                   "transfer_kb": float("nan"), "transfer_pagefind_kb": float("nan")}
    try:
        results["filter_only"] = filter_only_views(output)
    except Exception as error:  # no browser, or a filter that did not open its listing
        print(f"  ! filter-only views: {error}", file=sys.stderr)
        results["filter_only"] = {"views": {}, "kb": float("nan")}
    return summarise(results, count)


def run_readers(count: int, seed: int, base: Path) -> dict:
    """The readers' figures alone (issue 24: the first search, the filter-only views) on a site of
    `count` pages: generate, convert, build with publishconf.py, measure. No peer, no rebuild: a
    10,000-article run takes minutes, not the full benchmark's hour."""
    results: dict = {"articles": 0, "pages": count, "seed": seed, "steps": {},
                     "machine": f"{os.cpu_count()} cores, {sys.platform}, Python {sys.version.split()[0]}",
                     "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    scraped, content, output = base / "scraped", base / "content", base / "output"
    generate_corpus(scraped, count, seed)
    convert = [sys.executable, "-c", CONVERT, str(base / "converter.pickle"), "--date-from-mtime",
               str(scraped), "--out", str(content / "articles"), "--jobs", "2"]
    step("convert_jobs2", convert, results)
    results["articles"] = sum(languages(content / "articles").values())
    build = [sys.executable, "-m", "pelican", content, "-o", output, "-s", ROOT / "publishconf.py",
             "-e", f"CACHE_PATH={json.dumps(str(base / 'pelican-cache'))}"]
    step("build", build, results, {"ARCHIVE_TIMEZONE": "UTC", "SITEURL": ""})
    results["first_search"] = first_search(output)
    results["filter_only"] = filter_only_views(output)
    results["filter_only_kb"] = results["filter_only"]["kb"]
    return results


def print_readers(results: dict) -> None:
    """The first search and the filter-only views, as the benchmark's last lines."""
    first = results["first_search"]
    if first.get("kb_by_kind"):
        print(f"\nfirst search, first result shown after {first['first_result_ms']} ms"
              f" (gzip: {first['transfer_first_result_ms']} ms), local server")
        print(f"first search, KB by kind of file, raw: {first['kb_by_kind']}")
        print(f"first search, KB by kind of file, gzip-transferred: {first['transfer_kb_by_kind']}")
    views = results.get("filter_only", {}).get("views", {})
    print(f"\nfilter-only view: {results['filter_only_kb']:.0f} KB (gzip)")
    for name, view in views.items():
        order = "newest first" if view["newest_first"] else "NOT newest first"
        print(f"  {name}={view['value']} ({view['articles']} articles) -> /{view['listing']}: "
              f"{view['kb']} KB, {view['requests']} requests, {view['pagefind_requests']} Pagefind, "
              f"{view['shown']} shown, {order}")


def summarise(results: dict, count: int) -> dict:
    s = {name: figures["seconds"] for name, figures in results["steps"].items()}
    rss = {name: figures["rss_mb"] for name, figures in results["steps"].items()}
    html_pages = results["html_pages"]
    results.update({
        "convert_pages_per_s": round(count / s["convert_jobs1"], 1),
        "convert_jobs2_pages_per_s": round(count / s["convert_jobs2"], 1),
        "convert_html_pages_per_s": round(html_pages / s["convert_html_jobs1"], 1),
        "trafilatura_pages_per_s": round(html_pages / s["trafilatura_html"], 1),
        "reconvert_nochange_s": s["reconvert_nochange"],
        "build_s": s["build"],
        "bare_pelican_s": s["bare_pelican"],
        "bare_pagefind_s": s["bare_pagefind"],
        "rebuild_nochange_s": s["rebuild_nochange"],
        "rebuild_add100_s": s["rebuild_add100"],
        "peak_rss_mb": max(rss[n] for n in ("convert_jobs1", "convert_jobs2", "reconvert_nochange", "build",
                                              "rebuild_nochange", "convert_add100", "rebuild_add100")),
        "build_rss_mb": rss["build"],
        "output_kb_per_article": round(results["output_mb"] * 1000 / max(results["articles"], 1), 1),
        "first_search_kb": round(results["first_search"]["kb"], 1),
        "first_search_pagefind_kb": round(results["first_search"]["pagefind_kb"], 1),
        "first_search_transfer_kb": round(results["first_search"].get("transfer_kb", float("nan")), 1),
        "filter_only_kb": results.get("filter_only", {}).get("kb", float("nan")),
    })
    added = results.get("written", {}).get("rebuild_add100")
    if added:
        results["add100_written_pct"] = round(100 * added["written"] / max(added["files"], 1), 2)
    return results


def saved_runs() -> list[dict]:
    """The figures of earlier full runs kept as bench-results-<pages>.json, by their page count."""
    runs = []
    for path in ROOT.glob("bench-results-*.json"):
        try:
            runs.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return sorted(runs, key=lambda run: run.get("pages", 0))


def scale_base(results: dict, runs: list[dict]) -> dict | None:
    """The run this one's growth is measured against: the largest earlier run of fewer pages
    (issue 26: N=20000 against the 10,000-article run), its articles, peak memory and build time."""
    smaller = [run for run in runs if 0 < run.get("pages", 0) < results["pages"] and run.get("build_s")]
    if not smaller:
        return None
    base = smaller[-1]
    return {"pages": base["pages"], "articles": base["articles"], "peak_rss_mb": base["peak_rss_mb"],
            "build_s": base["build_s"], "date": base.get("date", "")}


# ----------------------------------------------------------------------------------------------
# Report


def targets(r: dict) -> list[tuple[str, str, str, bool]]:
    """The issue's targets: (what, measured, goal, met)."""
    bare = r["bare_pelican_s"] + r["bare_pagefind_s"]
    rows = [
        ("convert vs trafilatura (HTML pages, 1 process)",
         r["convert_html_pages_per_s"] / r["trafilatura_pages_per_s"], 1.5, True),
        ("convert --jobs 2 vs 1 process",
         r["convert_jobs2_pages_per_s"] / r["convert_pages_per_s"], 1.7, True),
        ("reconvert, nothing changed (s)", r["reconvert_nochange_s"], 3.0, False),
        ("full build vs bare Pelican + Pagefind", r["build_s"] / bare, 0.8, False),
        ("peak memory (MB)", r["peak_rss_mb"], 1024, False),
        ("rebuild, nothing changed vs full build", r["rebuild_nochange_s"] / r["build_s"], 0.1, False),
        ("rebuild, 100 added vs full build", r["rebuild_add100_s"] / r["build_s"], 0.1, False),
        ("first search download (KB)", r["first_search_kb"], 200, False),
        ("first search download, gzip as GitHub Pages sends it (KB)",
         r["first_search_transfer_kb"], 200, False),
        ("filter-only view, gzip (KB, the largest of topic, source, language, year)",
         r["filter_only_kb"], 100, False),
    ]
    if "add100_written_pct" in r:
        rows.append(("rebuild, 100 added: files written (% of the site's files)",
                     r["add100_written_pct"], 2, False))
    if r.get("scale"):  # issue 26: twice the articles, the same peak and about twice the time
        base, ratio = r["scale"], r["articles"] / r["scale"]["articles"]
        rows += [(f"peak memory vs the {base['articles']:,}-article run",
                  r["peak_rss_mb"] / base["peak_rss_mb"], 1.15, False),
                 (f"full build time vs the {base['articles']:,}-article run ({ratio:.2f} × the articles)",
                  r["build_s"] / base["build_s"], round(1.05 * ratio, 2), False)]
    return [(what, f"{value:.2f}", f"{'≥' if at_least else '≤'} {goal:g}",
             value >= goal if at_least else value <= goal) for what, value, goal, at_least in rows]


def table(r: dict) -> str:
    s = r["steps"]

    def t(name: str) -> str:
        return f"{s[name]['seconds']:.1f} s"

    def m(*names: str) -> str:
        return f"{max(s[n]['rss_mb'] for n in names):.0f} MB"

    n, h = r["pages"], r["html_pages"]
    bare = s["bare_pelican"]["seconds"] + s["bare_pagefind"]["seconds"]
    rows = [
        ("what", "archive", "peak RSS", "peer", "peer", "peer peak RSS"),
        ("convert, 1 process, all pages",
         f"{r['convert_pages_per_s']:.0f} pages/s ({t('convert_jobs1')}, {n})",
         m("convert_jobs1"), "", "", ""),
        ("convert, 1 process, HTML pages", f"{r['convert_html_pages_per_s']:.0f} pages/s "
         f"({t('convert_html_jobs1')}, {h})", m("convert_html_jobs1"), "trafilatura extract(with_metadata)",
         f"{r['trafilatura_pages_per_s']:.0f} pages/s ({t('trafilatura_html')})", m("trafilatura_html")),
        ("convert, --jobs 2", f"{r['convert_jobs2_pages_per_s']:.0f} pages/s ({t('convert_jobs2')})",
         m("convert_jobs2"), "", "", ""),
        ("convert again, nothing changed", t("reconvert_nochange"), m("reconvert_nochange"), "", "", ""),
        ("full build (publishconf.py + search index)", t("build"), m("build"),
         "bare Pelican + Pagefind CLI", f"{bare:.1f} s ({t('bare_pelican')} + {t('bare_pagefind')})",
         m("bare_pelican", "bare_pagefind")),
        ("rebuild, nothing changed", t("rebuild_nochange"), m("rebuild_nochange"), "", "", ""),
        (f"rebuild, {ADDED} added (convert; build)", f"{t('convert_add100')}; {t('rebuild_add100')}",
         m("convert_add100", "rebuild_add100"), "", "", ""),
        ("output", f"{r['output_mb']:.1f} MB ({r['output_kb_per_article']:.1f} KB/article)", "",
         "bare Pelican + Pagefind", f"{r['bare_output_mb']:.1f} MB", ""),
        ("search index", f"{r['search_index_mb']:.1f} MB", "",
         "Pagefind CLI", f"{r['bare_search_index_mb']:.1f} MB", ""),
        ("first search (/search/?q=bitcoin), raw", f"{r['first_search_kb']:.0f} KB "
         f"({r['first_search_pagefind_kb']:.0f} KB Pagefind, {r['first_search']['requests']} requests)", "",
         "", "", ""),
        ("first search, gzip as GitHub Pages sends it", f"{r['first_search_transfer_kb']:.0f} KB "
         f"({r['first_search'].get('transfer_pagefind_kb', float('nan')):.0f} KB Pagefind)", "", "", "", ""),
        ("filter-only view (one filter, no words: its static listing), gzip", f"{r['filter_only_kb']:.0f} KB",
         "", "", "", ""),
    ]
    lines = [f"| {' | '.join(row)} |" for row in rows]
    lines.insert(1, "|" + " --- |" * len(rows[0]))
    lines += ["", "| target | measured | goal | |", "| --- | --- | --- | --- |"]
    lines += [f"| {what} | {value} | {goal} | {'met' if ok else 'MISSED'} |"
              for what, value, goal, ok in targets(r)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", "-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", type=Path,
                        help="work in this new folder and keep it (default: a temporary one)")
    parser.add_argument("--readers", action="store_true",
                        help="only the readers' figures (first search, filter-only views): no peers")
    args = parser.parse_args(argv)
    measure = run_readers if args.readers else run
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=False)
        results = measure(args.articles, args.seed, args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as temp:
            results = measure(args.articles, args.seed, Path(temp))
    if args.readers:
        print(f"\n{results['articles']} articles from {results['pages']} pages, {results['machine']}, "
              f"{results['date']}; build {results['steps']['build']['seconds']} s")
        print_readers(results)
        return
    results["scale"] = scale_base(results, saved_runs())
    results["targets"] = [{"what": w, "measured": v, "goal": g, "met": ok}
                          for w, v, g, ok in targets(results)]
    for path in (RESULTS, ROOT / f"bench-results-{args.articles}.json"):
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{results['articles']} articles from {results['pages']} pages, "
          f"{results['machine']}, {results['date']}\n")
    print(table(results))
    print_written(results)
    print_memory(results)
    print_readers(results)
    if results["scale"]:
        base = results["scale"]
        print(f"\nagainst the {base['articles']:,}-article run of {base['date']}"
              f" (bench-results-{base['pages']}.json):"
              f" peak memory {base['peak_rss_mb']:.0f} -> {results['peak_rss_mb']:.0f} MB,"
              f" full build {base['build_s']:.1f} -> {results['build_s']:.1f} s")
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}, bench-results-{args.articles}.json")


if __name__ == "__main__":
    main()
