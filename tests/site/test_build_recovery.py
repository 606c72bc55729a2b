"""Hostile or broken input must not break the build, and a broken article must not pass silently.

- dates at the very edges of the calendar, names without a slug and characters XML cannot hold
  build a whole site;
- a content cache left unreadable by a killed build is discarded, not fatal to every build after;
- `make html` fails, naming the file, on an article Pelican can only skip (bad Date, no Title),
  and the sample archive builds without a single error.
"""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.builtsite import file_for, soup

WIDE = {"COLUMNS": "400"}  # Pelican's log wraps at the terminal width: keep file names on one line


def article(
    title: str | None = "Gold rallies", date: str = "2025-06-19 08:20+00:00", source: str = "CryptoSlate",
    **more: str,
) -> str:
    """The Markdown of an article; `more` are further headers (Author=..., Tags=...); None leaves one out."""
    headers = {"Title": title, "Date": date, "Source": source, **more}
    return "".join(f"{key}: {value}\n" for key, value in headers.items() if value is not None) + "\nText.\n"


GOOD = article()


def write_articles(content: Path, **articles: str) -> Path:
    """content/articles/<name>.md for each keyword argument; returns content/."""
    folder = content / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return content


# `python -m pelican`, except that each Markdown file Pelican really parses (not served from its content
# cache) is logged: "PARSED <path>" on stderr.
COUNTING_PELICAN = """
import sys
from pelican import main, readers
init = readers.Readers.__init__
def counting(read):
    def counted(source_path):
        print("PARSED", source_path, file=sys.stderr, flush=True)
        return read(source_path)
    return counted
def counting_init(self, *args, **kwargs):  # whichever reader classes plugins put in place
    init(self, *args, **kwargs)
    for reader in self.readers.values():
        reader.read = counting(reader.read)
readers.Readers.__init__ = counting_init
main()
"""


def pelican(
    content: Path, output: Path, *extra: str, settings: str = "pelicanconf.py"
) -> subprocess.CompletedProcess:
    """Run Pelican as tests/conftest.py's build_site does, but return the result instead of asserting;
    `parsed(result)` tells which Markdown files it parsed."""
    return subprocess.run(
        [sys.executable, "-c", COUNTING_PELICAN, str(content), "-o", str(output), "-s", settings, *extra],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **WIDE},
    )


def parsed(result: subprocess.CompletedProcess) -> list[str]:
    """The names of the Markdown files a `pelican()` run parsed, sorted."""
    return sorted(Path(line.split(" ", 1)[1]).name for line in result.stderr.splitlines()
                  if line.startswith("PARSED "))


def make_html(content: Path, output: Path, **variables: str) -> subprocess.CompletedProcess:
    """`make html` on another content folder, with this interpreter's Pelican; never installs anything.
    `variables` are more make variables (TIMEZONE=...)."""
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "pelican").exists(), f"no pelican script next to {sys.executable}"
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.site-requirements", "html",
         f"CONTENT={content}", f"OUTPUT={output}", f"BIN={bin_dir}",
         *(f"{key}={value}" for key, value in variables.items())],
        cwd=ROOT, capture_output=True, text=True, check=False, env={**os.environ, **WIDE},
    )


def log(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


def test_dates_at_the_edges_of_the_calendar_build(tmp_path):
    """9999-12-31 23:59 at -14:00 is year 10000 in UTC, 0001-01-01 at +14:00 is year 0."""
    content = write_articles(
        tmp_path / "content",
        last=article("The last minute", "9999-12-31 23:59-14:00"),
        first=article("The first minute", "0001-01-01 00:00+14:00"),
    )
    result = pelican(content, tmp_path / "output")
    assert result.returncode == 0, log(result)
    last = soup(tmp_path / "output" / "articles" / "the-last-minute" / "index.html")
    first = soup(tmp_path / "output" / "articles" / "the-first-minute" / "index.html")
    assert last.select_one(".byline time").get_text() == "31 December 9999, 23:59 UTC-14:00"
    assert first.select_one(".byline time").get_text() == "1 January 1, 00:00 UTC+14:00"


def test_names_without_a_slug_get_pages_of_their_own(tmp_path):
    content = write_articles(
        tmp_path / "content",
        rocket=article("Gold rallies", source="???", Author="🚀🚀", Tags="💎"),
        moon=article("Moon", source="!!!", Author="🌕", Tags="🔥"),
        plain=article("Plain"),
    )
    site = tmp_path / "output"
    result = pelican(content, site)
    assert result.returncode == 0, log(result)
    sources, authors = site / "sources" / "index.html", site / "authors" / "index.html"
    assert soup(sources).h1.get_text() == "Sources"  # the index, not a source page written over it
    assert listed_pages(site, sources) == {"???": "Gold rallies", "!!!": "Moon", "CryptoSlate": "Plain"}
    assert listed_pages(site, authors)["🚀🚀"] == "Gold rallies"
    assert listed_pages(site, authors)["🌕"] == "Moon"


def test_control_characters_do_not_stop_the_feeds(tmp_path):
    """XML 1.0 cannot hold U+0001: feedgenerator would refuse the title, tag or source and stop the build."""
    content = write_articles(
        tmp_path / "content",
        control=article("Gold\x01 rallies", source="Crypto\x02Slate", Author="A\x03B", Tags="Gold\x0b")
        + "More\x1f text.\n",
    )
    result = pelican(content, tmp_path / "output")
    assert result.returncode == 0, log(result)
    feed = ET.parse(tmp_path / "output" / "feeds" / "all.atom.xml").getroot()
    entry = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Gold rallies"
    terms = [category.get("term") for category in entry.iter("{http://www.w3.org/2005/Atom}category")]
    assert terms == ["CryptoSlate", "Gold"]


def listed_pages(site: Path, index: Path) -> dict[str, str]:
    """Each name on a sources/authors index -> the titles of the articles on the page it links to."""
    pages = {}
    for link in soup(index).select("main ul.cloud a"):
        page = file_for(site, link["href"], index)
        titles = [a.get_text() for a in soup(page).select("main ul.articles li > a")]
        pages[link.get_text()] = " | ".join(titles)
    return pages


def truncate(path: Path) -> None:
    """What SIGKILL during Pelican's save_cache leaves: the first half of the gzip stream."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def scribble(path: Path) -> None:
    path.write_bytes(b"\x00garbage, not a cache\xff" * 8)


def not_a_dict(path: Path) -> None:
    """A well-formed pickle Pelican would still trip over: it calls .get() on what it loads."""
    with gzip.open(path, "wb") as handle:
        pickle.dump(["not", "a", "cache"], handle)


@dataclass
class CachedSite:
    """A small site built with publishconf.py's content cache. Pelican keys its cache by each file's
    absolute path, as in the workflow, where every run checks out into the same folder: so every build
    of this site runs in the same `folder` (content/, cache/, output/), restored first from `pristine`,
    the content and cache as the first build left them."""

    folder: Path
    pristine: Path
    parsed: list[str]  # the Markdown files the first build parsed

    def restore(self) -> Path:
        for name in ("content", "cache", "output"):
            shutil.rmtree(self.folder / name, ignore_errors=True)
        for name in ("content", "cache"):
            shutil.copytree(self.pristine / name, self.folder / name)
        return self.folder

    def build(self) -> subprocess.CompletedProcess:
        folder = self.folder
        return pelican(folder / "content", folder / "output", "--cache-path", str(folder / "cache"),
                       settings="publishconf.py")


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory) -> CachedSite:
    base = tmp_path_factory.mktemp("cached")
    site = CachedSite(base / "site", base / "pristine", [])
    write_articles(site.folder / "content", gold=GOOD, silver=article("Silver slips"))
    result = site.build()
    assert result.returncode == 0, log(result)
    assert (site.folder / "cache" / "ArticlesGenerator-Readers").is_file()
    for name in ("content", "cache"):
        shutil.copytree(site.folder / name, site.pristine / name)
    site.parsed = parsed(result)
    return site


@pytest.mark.parametrize("damage", [truncate, scribble, not_a_dict])
def test_an_unreadable_content_cache_is_discarded_and_rebuilt(cached_site, damage: Callable):
    folder = cached_site.restore()
    cache = folder / "cache" / "ArticlesGenerator-Readers"
    damage(cache)
    result = cached_site.build()
    assert result.returncode == 0, log(result)
    assert f"Discarding unreadable content cache {cache}" in log(result)
    assert parsed(result) == ["gold.md", "silver.md"]  # every article read again, none from the damaged cache
    with gzip.open(cache, "rb") as handle:  # rewritten by this build, readable again
        assert any(key.endswith("gold.md") for key in pickle.load(handle))
    assert (folder / "output" / "articles" / "gold-rallies" / "index.html").is_file()


def test_the_next_build_reads_unchanged_articles_from_the_cache(cached_site):
    """README: Pelican's content cache is kept between workflow runs, and files are compared by content
    hash since a fresh checkout resets every modification time. So the next build parses only the
    article whose content changed, and the site shows both."""
    assert cached_site.parsed == ["gold.md", "silver.md"]  # the first build parses every article
    folder = cached_site.restore()
    articles = folder / "content" / "articles"
    later = time.time() + 3600
    for markdown in articles.glob("*.md"):  # what a fresh checkout does: new times, same content
        os.utime(markdown, (later, later))
    (articles / "silver.md").write_text(article("Silver rebounds"), encoding="utf-8")
    result = cached_site.build()
    assert result.returncode == 0, log(result)
    assert parsed(result) == ["silver.md"]
    assert (folder / "output" / "articles" / "gold-rallies" / "index.html").is_file()  # from the cache
    assert (folder / "output" / "articles" / "silver-rebounds" / "index.html").is_file()
    assert not (folder / "output" / "articles" / "silver-slips").exists()


@pytest.mark.parametrize(
    ("broken", "text"),
    [("bad-date", article(date="not a date")), ("no-title", article(title=None))],
    ids=["bad-date", "no-title"],
)
def test_make_html_fails_on_an_article_pelican_would_skip(tmp_path, broken, text):
    content = write_articles(tmp_path / "content", good=GOOD, **{broken: text})
    result = make_html(content, tmp_path / "output")
    assert result.returncode != 0
    assert f"{broken}.md" in log(result)


def test_make_html_builds_good_articles(tmp_path):
    """The other side of the test above: the same command succeeds without the broken file."""
    result = make_html(write_articles(tmp_path / "content", good=GOOD), tmp_path / "output")
    assert result.returncode == 0, log(result)
    assert (tmp_path / "output" / "articles" / "gold-rallies" / "index.html").is_file()


def test_the_sample_archive_builds_without_errors(sample_site_content, tmp_path):
    """`make html` stops at the first ERROR log line: the converted sample pages must have none."""
    result = make_html(sample_site_content, tmp_path / "output")
    assert result.returncode == 0, log(result)
    assert " ERROR " not in log(result)
