"""The search index in year shards: which article pages go into which Pagefind bundle, what each
bundle was made of, and the list of bundles the search page reads.

Pagefind holds every page it indexes in memory until it writes its bundle (about 0.3 MB a page
here: 3 GB for one index of 10,000 articles, growing with the archive), and one index of the whole
archive is made again whenever any page changes. So each year of articles is a bundle of its own,
indexed by a Pagefind backend process of its own, one year after another: the build's peak is the
largest bundle's, and a year whose pages did not change keeps its bundle as it is. A year of more
than SEARCH_BUNDLE_PAGES pages (pelicanconf.py) is cut into runs of whole months (`parts`), so the
peak stays that of SEARCH_BUNDLE_PAGES pages however many articles a year holds.

Layout under output/pagefind/ (read by theme/static/js/search.js):
- `<year>/`: one complete Pagefind bundle per year, or `<year>-<first month>/` for each run of
  months of a large year (`undated/` for a page that names no year);
- `shards.json`: the bundles, newest first, each with its name (its folder), its years, page count,
  newest and oldest date (the pages' `date` sort values, seconds) and the digest of what was
  indexed in it. The
  search page merges the bundles' results by date itself and opens an older year only when the
  results shown could reach into it;
- `pagefind.js`: Pagefind's script, which the search page imports once for every bundle.

A page's year is the one its `year` filter says (article.html: the article's date in its own time
zone), so the bundles are exactly the search page's year filter. Pelican publishes no article
without a date (an undated page is a draft, written to drafts/, which is not indexed), so
`undated/` holds only a page of the glob that carries no year, if there ever is one: it is indexed
all the same, and listed last.

What was indexed: a year's digest covers, for each of its pages, its path, its language and the
`<article>` element, which holds everything Pagefind reads of the page (the metadata, filters, sort
value and the `data-pagefind-body` text); what is around it (related articles, previous and next)
does not make a year be indexed again. The digest also covers how the pages are cut into words and
indexed (search_words.py, search_index.py, Pagefind's version, its settings and the topics'
Chinese keywords).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

MANIFEST = "shards.json"
SCRIPT = "pagefind.js"
UNDATED = "undated"
FORMAT = 1
_YEAR = re.compile(r"[0-9]{1,6}")  # a folder name: ASCII digits only, whatever a page says
_ARTICLE = re.compile(rb"<article\b.*</article>", re.S)
_DATA = re.compile(rb"<data\b[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w-]+)="([^"]*)"')
_LANG = re.compile(rb"<html\b[^>]*?\blang=\"([^\"]*)\"")


@dataclass(frozen=True)
class IndexedPage:
    """One article page as the search index sees it."""

    path: Path  # relative to the output folder
    year: str  # the bundle it belongs in
    date: int | None  # its `date` sort value (seconds), if it has one
    indexed: bytes  # what Pagefind reads of it: its language and its <article>


@dataclass
class Shard:
    """The pages of one year: one Pagefind bundle."""

    name: str
    pages: list[IndexedPage] = field(default_factory=list)

    @property
    def dates(self) -> list[int]:
        return [page.date for page in self.pages if page.date is not None]

    def digest(self, recipe: str) -> str:
        """What this bundle is made of: the recipe (how pages are indexed) and every page."""
        digest = hashlib.sha256(f"{recipe}\n{self.name}\n".encode())
        for page in self.pages:
            digest.update(page.path.as_posix().encode() + b"\0" + page.indexed + b"\0")
        return digest.hexdigest()[:32]

    def record(self, digest: str) -> dict:
        """This bundle's entry in shards.json: `years`, the values of the year filter its pages
        have (a search filtered to a year searches only the bundles of that year)."""
        dates = self.dates
        years = sorted({page.year for page in self.pages if page.year != UNDATED}, reverse=True)
        return {"name": self.name, "years": years, "pages": len(self.pages),
                "newest": max(dates, default=None), "oldest": min(dates, default=None), "digest": digest}


def read_page(output: Path, path: Path) -> IndexedPage:
    """The year, date and indexed part of one built article page (see the top)."""
    page = path.read_bytes()
    found = _ARTICLE.search(page)
    article = found.group() if found else page
    year, date = None, None
    for element in _DATA.finditer(article):  # article.html's own <data> (the body may have none)
        attributes = dict(_ATTRIBUTE.findall(element.group()))
        value = attributes.get(b"value", b"").decode("utf-8", "replace")
        if year is None and attributes.get(b"data-pagefind-filter") == b"year[value]":
            year = value
        elif date is None and attributes.get(b"data-pagefind-sort") == b"date[value]":
            date = _integer(value)
    lang = _LANG.search(page)
    indexed = (lang.group(1) if lang else b"") + b"\0" + article
    return IndexedPage(path.relative_to(output), year if year and _YEAR.fullmatch(year) else UNDATED,
                       date, indexed)


def _integer(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def shards_of(output: Path, glob: str, most: int | None = None) -> list[Shard]:
    """The article pages under `output` that `glob` gives, by year (a year of more than `most`
    pages in runs of months, `parts`): newest first, `undated` last; each shard's pages in path
    order."""
    shards: dict[str, Shard] = {}
    for path in sorted(p for p in output.glob(glob) if p.is_file()):
        page = read_page(output, path)
        shards.setdefault(page.year, Shard(page.year)).pages.append(page)
    return sorted((part for shard in shards.values() for part in parts(shard, most)), key=_newest_first)


def parts(year: Shard, most: int | None) -> list[Shard]:
    """A year of more than `most` pages as bundles of whole months, each of at most `most` pages
    where a month allows (a larger month stays whole), named after their first month (`2025-01`,
    `2025-07`). Pagefind's memory grows with the pages of a bundle, and a year holds what the
    archive scrapes in a year: twice the sources, twice the pages. Months are cut from January
    on, so articles added to a year's last months change its last bundle only."""
    if not most or len(year.pages) <= most or year.name == UNDATED:
        return [year]
    months: dict[int, list[IndexedPage]] = {}
    for page in year.pages:
        months.setdefault(_month(page, int(year.name)), []).append(page)
    runs: list[tuple[int, list[IndexedPage]]] = []
    for month in sorted(months):
        if not runs or len(runs[-1][1]) + len(months[month]) > most:
            runs.append((month, []))
        runs[-1][1].extend(months[month])
    return [Shard(f"{year.name}-{first:02d}", sorted(pages, key=lambda page: page.path))
            for first, pages in runs]


def _month(page: IndexedPage, year: int) -> int:
    """The page's month (UTC) within its bundle's year; a page whose date falls in the year before
    or after in UTC (the year is the article's own time zone's) keeps to January or December."""
    try:
        when = datetime.fromtimestamp(page.date, UTC)
    except (TypeError, ValueError, OverflowError, OSError):  # no date, or one past any calendar
        return 1
    return when.month if when.year == year else 1 if when.year < year else 12


def year_of(name: str) -> int:
    """The year a bundle's name starts with (`2025`, `2025-07`)."""
    return int(name.split("-", 1)[0])


def _newest_first(shard: Shard) -> tuple:
    return newest_first(shard.name, max(shard.dates, default=None))


def newest_first(name: str, newest: int | None) -> tuple:
    """Sort key of a bundle, by its name and newest date: the newest first, `undated` last (one
    build and the parts of a split build list them alike)."""
    undated = name == UNDATED
    return (undated, -(newest or 0), 0 if undated else -year_of(name), name)


def recipe(language: str, glob: str, vocabulary: frozenset[str], code: list[Path]) -> str:
    """How pages are indexed, as a digest: the settings, Pagefind's version and the code that cuts
    the pages' words (a change to any of them indexes every year again)."""
    digest = hashlib.sha256(f"{FORMAT}\n{language}\n{glob}\n{_version('pagefind')}\n"
                            f"{_version('pagefind-bin-extended')}\n".encode())
    digest.update("\n".join(sorted(vocabulary)).encode())
    for path in code:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def read_manifest(root: Path) -> dict[str, dict]:
    """The bundles the last build listed in root/shards.json, by name ({} if there is none)."""
    try:
        listed = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        return {record["name"]: record for record in listed["shards"] if isinstance(record, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def manifest(records: list[dict]) -> bytes:
    """shards.json's bytes: the bundles in the order given (newest first)."""
    return json.dumps({"format": FORMAT, "shards": records}, ensure_ascii=False, indent=1).encode() + b"\n"


def merged_manifest(manifests: list[bytes]) -> bytes:
    """shards.json of a site built in parts by year (shards.py): each part lists its own years'
    bundles; the site lists them all, in the order one build gives (newest first, undated last)."""
    records = [record for data in manifests for record in json.loads(data)["shards"]]

    return manifest(sorted(records, key=lambda record: newest_first(record["name"], record["newest"])))


def stale(root: Path, names: set[str]) -> list[Path]:
    """What under root is no part of the layout: bundles of years that have no pages now, an
    earlier build's single bundle (its files at the top), temporary folders."""
    keep = names | {MANIFEST, SCRIPT}
    return sorted(path for path in root.iterdir() if path.name not in keep) if root.is_dir() else []
