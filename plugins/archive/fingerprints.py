"""The fingerprint of an output page: a digest of everything its template can read, made before
rendering, so that a page whose fingerprint did not change need not be rendered (incremental.py).

- **What a template reads**: the names its template and those it extends, includes or imports
  read from the context, found in their syntax trees (`template_reads`), and what the filters they
  use read (FILTER_READS). A template picked only when it renders (`{% include variable %}`)
  makes a page without a fingerprint: it is always rendered.
- **Each value digested by kind**: an article counts by its *card*: its source file's bytes, its
  HTML with links resolved, and every attribute the reader and the plugins gave it, the articles
  those name (translations) by address. The page of an article (`article`, `page`) counts its card
  and the cards of the articles it links (related, neighbours, translations). A list of articles
  counts by its cards in order; paginators and pages by their fields; tags, sources and authors by
  name and address; dataclasses and plain objects by their fields; functions by name (their code
  is in the inputs). A value known only by its address (an object whose repr is `<... at 0x...>`)
  has no digest, and its page is always rendered.
- **The build's inputs**, in every fingerprint: every setting (templates read them and filters
  format with them) but those that only steer the build (BUILD_ONLY), every file under the theme
  and the plugin folders by its bytes, the files the settings name (the interface strings, the
  topic rules), the Python and renderer versions.

Where a page reads a value that changes with every article but shows only part of it, only that
part counts, so that one more article does not render every page again. Each is a rule for the
templates, and the tests (tests/plugin/test_incremental.py) compare incremental builds with clean
ones to hold them to it:
- `archive_languages`: only the codes, names and addresses (the languages page); a page that
  shows the counts must read the articles it counts (`articles`, `dates`), as the archives and
  search pages do.
- An article's related articles and neighbours (OWN_PAGE_LINKS) are shown on its own page only,
  never where the article is listed or linked.
- `period_neighbours`: a period's archive reads its own period's entry only; `archive_years`: the
  years and their addresses only, no count.
- A numbered page of a listing numbered from the oldest (pagination.py) shows nothing that grows:
  it counts its own articles, number and neighbours' addresses and the articles at or before it,
  not the newer articles, the listing's length or its last page, nor the archive's years and a
  period's neighbours (NOT_ON_NUMBERED_PAGES: `_numbered_page_views`).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time, tzinfo
from pathlib import Path

from jinja2 import TemplateError, meta, nodes
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

from .unchanged import PACKAGES, _by_type, _files, _version

log = logging.getLogger(__name__)

FORMAT = 1  # of the fingerprints: a new one renders every page once
# The siteurl an article's links are resolved with for its digest: the page's own siteurl is in
# the page's fingerprint (`localsiteurl`), and links are joined to it, never parsed.
SITEURL_MARK = "{SITEURL}"
# Template filters that read the build's context, and the names they read.
FILTER_READS = {"language_url": frozenset({"archive_languages"})}
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings", "_content"})  # _content: resolved instead
# Links related.py gives an article for its own page: its card leaves them out (a listing that
# shows the article does not show its neighbours), its own page counts their cards.
OWN_PAGE_LINKS = frozenset({"related", "older_article", "newer_article"})
NOT_ON_NUMBERED_PAGES = ("period_neighbours", "archive_years")  # site-wide, shown on a listing's index
DEPTH = 16  # nesting past which a value is not digested (and its page always rendered)
# Settings that steer how the build runs, not what it makes: not in every fingerprint (a page whose
# template reads one counts its value), so turning the content cache or the stamp on and off does
# not render every page again.
BUILD_ONLY = frozenset({
    "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "CACHE_PATH", "CHECK_MODIFIED_METHOD", "CONTENT_CACHING_LAYER",
    "GZIP_CACHE", "READ_PROCESSES", "SKIP_UNCHANGED_BUILD", "RENDER_ONLY_CHANGED", "DELETE_OUTPUT_DIRECTORY",
    "OUTPUT_RETENTION", "DEBUG", "LOG_FILTER",
})


class Undigestable(ValueError):
    """A value a template reads has no stable digest: its page is rendered on every build."""


def _digest() -> hashlib.blake2b:
    return hashlib.blake2b(digest_size=16)


class Fingerprints:
    """The digests of one build: its inputs once, each article's card once, each page's fingerprint."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.inputs = inputs_digest(settings)
        self._cards: dict[int, tuple[object, bytes]] = {}  # id -> (article, card), for the build
        self._memo: dict[tuple[int, bool], tuple[object, bytes]] = {}  # containers, for the build
        self._sources: dict[str, bytes] = {}
        # Addresses of articles and of tags, sources and authors: Pelican formats a URL each time
        # it is asked (~50 µs), and a tag is named on thousands of pages.
        self._names: dict[int, tuple[object, bytes]] = {}
        self._reads: dict[tuple[int, str], frozenset[str] | None] = {}
        self._parsed: dict[tuple[int, str], tuple[frozenset[str], tuple]] = {}  # per template file
        self._links: dict[int, tuple[str, ...]] = {}  # article -> its attributes naming articles
        self._projected: dict[tuple[str, int], tuple[object, bytes]] = {}
        self._path: set[int] = set()  # the objects being digested, outermost first
        self._cycles = 0  # back-references met: a digest that met one holds only for its path
        self._settled_marks: dict[int, tuple[object, dict[int, str]]] = {}  # listing -> page ends
        self._told: set[tuple[str, str]] = set()

    def page_fingerprint(self, template, localcontext: dict) -> str | None:
        """The fingerprint of the page `template` renders from `localcontext`, or None when one
        cannot be made (the page is then always rendered)."""
        env = template.environment
        key = (id(env), template.name)
        if key not in self._reads:
            try:
                self._reads[key] = template_reads(env, template.name, self._parsed)
            except TemplateError as error:
                log.warning("%s: its reads are not known (%s); its pages are always rendered",
                            template.name, error)
                self._reads[key] = None
        names = self._reads[key]
        if names is None:
            return None
        digest = _digest()
        digest.update(self.inputs)
        for part in (template.name, localcontext.get("output_file"), localcontext.get("localsiteurl")):
            self._add(digest, part)
        views = self._numbered_page_views(localcontext)
        for name in sorted(names):
            digest.update(name.encode() + b"\0")
            try:
                if name in views:
                    self._add(digest, views[name])
                else:
                    self._add_name(digest, name, localcontext, env)
            except Undigestable as why:
                if (template.name, name) not in self._told:
                    self._told.add((template.name, name))
                    log.info("%s reads %s, which has no digest (%s): its pages are always rendered",
                             template.name, name, why)
                return None
        return digest.hexdigest()

    def _numbered_page_views(self, localcontext: dict) -> dict[str, object]:
        """On a numbered page of a listing numbered from the oldest (pagination.py), what the page
        reads of its listing, for the names that hold all of it: the page's own articles, number
        and neighbours' addresses, and the articles at or before it (the years before its newest
        year are counted from them), not the newer articles. pagination.py's pages promise it: a
        numbered page never changes as newer articles arrive, so it shows nothing that grows (the
        listing's count, its later years, its last page's number). Other pages get no views."""
        views: dict[str, object] = {}
        for key in ("articles", "dates"):
            page, paginator = localcontext.get(f"{key}_page"), localcontext.get(f"{key}_paginator")
            if not _numbered(page, paginator):
                continue
            settled = self._settled(paginator, page.number * paginator.per_page)
            if settled is None:
                continue
            views[f"{key}_page"] = ("numbered page", page.url, page.save_as, page.number, page.object_list)
            views[f"{key}_paginator"] = ("numbered from the oldest", paginator.name, paginator.url,
                                         paginator.per_page, paginator.index_url, settled)
            if localcontext.get(key) is paginator.object_list:
                views[key] = ("the articles at or before the page", settled)
            for side in ("previous", "next"):
                other = localcontext.get(f"{key}_{side}_page")
                views[f"{key}_{side}_page"] = (None if other is None else
                                               ("page", other.url, other.save_as, other.number))
            # A period's numbered pages show neither its neighbours nor the archive's years (their
            # counts and the newest year grow): period_archives.html shows them on its index.
            views.update({name: "not on a numbered page" for name in NOT_ON_NUMBERED_PAGES})
        return views

    def _settled(self, paginator, end: int) -> str | None:
        """The digest of a listing's `end` oldest articles, in order; None when `end` is not the
        end of a full page. Worked out once a listing: a running digest, kept at each page's end."""
        known = self._settled_marks.get(id(paginator))
        if known is None or known[0] is not paginator:
            items = paginator.object_list
            running, marks = _digest(), {}
            for position, item in enumerate(reversed(items) if paginator.newest_first else items, 1):
                running.update(self._part(item, 0, False))
                if position % paginator.per_page == 0:
                    marks[position] = running.hexdigest()
            known = (paginator, marks)
            self._settled_marks[id(paginator)] = known
        return known[1].get(end)

    def feed_fingerprint(self, elements, context: dict, call: tuple) -> str:
        """A feed's fingerprint: the writer's arguments, the context it reads and the cards of the
        articles it lists."""
        digest = _digest()
        digest.update(self.inputs)
        self._add(digest, call)
        for name in ("SITENAME", "SITESUBTITLE", "SITEURL", "FEED_DOMAIN", "localsiteurl"):
            self._add(digest, context.get(name))
        for element in list(elements)[: self.settings.get("FEED_MAX_ITEMS")]:
            digest.update(self.card(element))
        return digest.hexdigest()

    def _add_name(self, digest, name: str, localcontext: dict, env) -> None:
        if name not in localcontext:
            digest.update(b"global" if name in env.globals else b"undefined")  # code, theme, settings
            return
        value = localcontext[name]
        if name in self.settings and name not in BUILD_ONLY and _same(value, self.settings[name]):
            digest.update(b"setting")  # in self.inputs
            return
        if name in PROJECTIONS:
            digest.update(self._projection(name, value))
        elif name == "period_neighbours" and isinstance(value, dict):
            self._add(digest, _own_period(value, localcontext.get("period_num")))
        elif isinstance(value, Content):
            digest.update(self.own(value))
        else:
            self._add(digest, value)

    def _projection(self, name: str, value) -> bytes:
        """The digest of what a page reads of a site-wide value (PROJECTIONS), once a build."""
        known = self._projected.get((name, id(value)))
        if known is not None and known[0] is value:
            return known[1]
        digest = _digest()
        self._add(digest, PROJECTIONS[name](value))
        self._projected[(name, id(value))] = (value, digest.digest())
        return digest.digest()

    def own(self, article: Content) -> bytes:
        """An article as its own page reads it: its card (everything but what the articles it
        links say), and the cards of the articles it links (related, neighbours, translations)."""
        digest = _digest()
        digest.update(self.card(article))
        for name in self._links[id(article)]:
            digest.update(name.encode() + b"\0")
            self._add(digest, getattr(article, name), 1)
        return digest.digest()

    def card(self, article: Content) -> bytes:
        """What any page can show of an article: its source file, its HTML with links resolved and
        its attributes (the articles it links only by address). Once per article and build."""
        known = self._cards.get(id(article))
        if known is not None and known[0] is article:
            return known[1]
        digest = _digest()
        digest.update(type(article).__qualname__.encode())
        digest.update(self._source(getattr(article, "source_path", None)))
        raw = article._get_content() if hasattr(article, "_get_content") else article._content
        self._add(digest, article._update_content(raw, SITEURL_MARK) if raw else raw)
        links = []
        for name, value in sorted(vars(article).items()):
            if name in OWN_PAGE_LINKS:
                links.append(name)
            elif name not in SKIPPED_ATTRIBUTES:
                digest.update(name.encode() + b"\0")
                self._add(digest, value, 1, address_only=True)
                if _names_articles(value):
                    links.append(name)
        card = digest.digest()
        self._cards[id(article)] = (article, card)
        self._links[id(article)] = tuple(links)
        return card

    def _address(self, value: Content | URLWrapper) -> bytes:
        """A tag, source or author by its name and address; an article linked from another's card
        by its address: where it is, not what it says. Once per object and build."""
        known = self._names.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        name = value.name if isinstance(value, URLWrapper) else ""
        address = f"{type(value).__qualname__}:{name}:{value.url}:{value.save_as};".encode()
        if isinstance(value, URLWrapper):
            address += value.slug.encode()
        self._names[id(value)] = (value, address)
        return address

    def _source(self, path: str | None) -> bytes:
        """The digest of an article's source file, read once a build."""
        if not path:
            return b"no source"
        if path not in self._sources:
            try:
                self._sources[path] = hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()
            except OSError:
                self._sources[path] = b"unreadable source"
        return self._sources[path]

    def _add(self, digest, value, depth: int = 0, address_only: bool = False) -> None:
        """Add `value` to `digest`, tagged by its kind so that no two values read alike."""
        if depth > DEPTH:
            raise Undigestable(f"nested deeper than {DEPTH}")
        kind = type(value)
        if kind is str or isinstance(value, str):
            data = value.encode("utf-8", "surrogatepass")
            digest.update(b"str:%d:" % len(data) + data)
        elif value is None or isinstance(value, (bool, int, float)):
            digest.update(f"{kind.__name__}:{value!r};".encode())
        elif isinstance(value, (datetime, date, time)):
            tz = getattr(value, "tzinfo", None)
            digest.update(f"{type(value).__name__}:{value.isoformat()}:{tz!r};".encode())
        elif isinstance(value, Content):
            digest.update(self._address(value) if address_only else self.card(value))
        elif isinstance(value, URLWrapper):
            digest.update(self._address(value))
        elif isinstance(value, (list, tuple, dict, set, frozenset)):
            digest.update(self._container(value, depth, address_only))
        else:
            self._add_object(digest, value, depth, address_only)

    def _container(self, value, depth: int, address_only: bool) -> bytes:
        """A list, tuple, dict or set's digest, kept for the build (a listing's 500 pages read the
        same list of articles). Nothing a template reads changes once pages are written: the lists
        are Pelican's and the plugins', made before."""
        known = self._memo.get((id(value), address_only))
        if known is not None and known[0] is value:
            return known[1]
        digest = _digest()
        cycles = self._cycles
        digest.update(f"{type(value).__name__}:{len(value)}:{address_only}".encode())
        if isinstance(value, dict) and all(type(key) is str for key in value):
            for key in sorted(value):
                self._add(digest, key, depth + 1, address_only)
                self._add(digest, value[key], depth + 1, address_only)
        elif isinstance(value, dict):
            items = sorted((self._part(k, depth, address_only), self._part(v, depth, address_only))
                           for k, v in value.items())
            for key, item in items:
                digest.update(key + item)
        elif isinstance(value, (set, frozenset)):
            for part in sorted(self._part(item, depth, address_only) for item in value):
                digest.update(part)
        else:
            for item in value:
                self._add(digest, item, depth + 1, address_only)
        result = digest.digest()
        if self._cycles == cycles:  # else it names an object above it, and holds only under it
            self._memo[(id(value), address_only)] = (value, result)  # kept alive: its id stays its own
        return result

    def _part(self, value, depth: int, address_only: bool) -> bytes:
        digest = _digest()
        self._add(digest, value, depth + 1, address_only)
        return digest.digest()

    def _add_object(self, digest, value, depth: int, address_only: bool) -> None:
        """Pelican's paginators by what they page; dataclasses and plain objects by their fields;
        functions and classes by name (their code is the plugins' or a package's: in the inputs)."""
        kind = type(value)
        digest.update(f"{kind.__module__}.{kind.__qualname__}:".encode())
        if isinstance(value, Paginator):  # Pelican's, whose counts are cached when first asked
            self._add(digest, (value.name, value.url, value.per_page, value.orphans, value.count,
                                value.num_pages, value.object_list), depth + 1, address_only)
        elif isinstance(value, (type, Callable)):
            digest.update(f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', '')}".encode())
        elif isinstance(value, tzinfo):
            digest.update(repr(value).encode())
        elif id(value) in self._path:  # a page's paginator names the page again
            digest.update(b"<the object above>")
            self._cycles += 1
        elif dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
            fields = ({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
                      if dataclasses.is_dataclass(value) else
                      {k: v for k, v in vars(value).items() if k not in SKIPPED_ATTRIBUTES})
            self._path.add(id(value))
            try:
                self._add(digest, fields, depth + 1, address_only)
            finally:
                self._path.discard(id(value))
        else:
            text = repr(value)
            if " at 0x" in text:
                raise Undigestable(f"a {kind.__qualname__} known only by its address")
            digest.update(text.encode())


def _numbered(page, paginator) -> bool:
    """A numbered page of a listing numbered from the oldest (pagination.py's ListingPage and
    OldestFirstPaginator): not its index, not its pending page."""
    return (getattr(page, "is_index", None) is False and getattr(page, "pending", None) is False
            and getattr(page, "paginator", None) is paginator
            and isinstance(getattr(page, "number", None), int)
            and isinstance(getattr(paginator, "newest_first", None), bool)
            and isinstance(getattr(paginator, "per_page", None), int) and paginator.per_page > 0
            and hasattr(paginator, "index_url") and isinstance(getattr(paginator, "object_list", None), list))


def _names_articles(value, depth: int = 0) -> bool:
    """Whether `value` is, or holds, an article (a card names it by address; its own page reads
    its card)."""
    if isinstance(value, Content):
        return True
    if depth < DEPTH and isinstance(value, (list, tuple, set, frozenset)):
        return any(_names_articles(item, depth + 1) for item in value)
    if depth < DEPTH and isinstance(value, dict):
        return any(_names_articles(item, depth + 1) for item in (*value.keys(), *value.values()))
    return False


def _same(value, setting) -> bool:
    try:
        return value is setting or bool(value == setting)
    except Exception:  # a value whose == fails is not the setting
        return False


def _languages_named(languages) -> list:
    """`archive_languages` as every page's header shows it: code, name and address (see the top)."""
    return [(language.code, language.name, language.url) for language in languages or ()]


def _years_linked(years) -> list:
    """`archive_years` as a period's archive shows it: each year and its address, no count (the
    newest year's grows with every article: period_archives.html leaves the counts out)."""
    return [(link.year, link.url, getattr(link, "later", False)) for link in years or ()]


PROJECTIONS: dict[str, Callable] = {"archive_languages": _languages_named, "archive_years": _years_linked}


def _own_period(neighbours: dict, period) -> object:
    """`period_neighbours` as a period's archive reads it: the entry of its own period (the earlier
    and the later period), not the neighbours of every other."""
    try:
        return ("own period", neighbours.get(period))
    except TypeError:  # a period that is no key
        return neighbours


def template_reads(env, name: str, parsed: dict | None = None) -> frozenset[str] | None:
    """Every name the template `name` and those it extends, includes or imports read from the
    context (and what the filters they use read); None when one of them names a template only
    when it renders (`{% include variable %}`), whose reads cannot be known. `parsed` keeps each
    file's reads for the next template that uses it (base.html is under every page)."""
    parsed = {} if parsed is None else parsed
    names: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if (id(env), current) not in parsed:
            parsed[(id(env), current)] = _file_reads(env, current)
        reads, referenced = parsed[(id(env), current)]
        if None in referenced:
            return None
        names |= reads
        todo.extend(referenced)
    return frozenset(names)


def _file_reads(env, name: str) -> tuple[frozenset[str], tuple]:
    """What one template file reads, and the templates it names (None for one named at render)."""
    source, _, _ = env.loader.get_source(env, name)
    tree = env.parse(source, name)
    names = set(meta.find_undeclared_variables(tree))
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        names |= FILTER_READS.get(node.name, frozenset())
    return frozenset(names), tuple(meta.find_referenced_templates(tree))


def inputs_digest(settings: dict) -> bytes:
    """What every page depends on besides its own values: the settings (templates read them and
    filters format with them), every file of the theme and the plugin folders, the files the
    settings name, the renderers' versions."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n".encode())
    for package in PACKAGES:
        digest.update(f"{package}={_version(package)}\n".encode())
    shaping = {name: value for name, value in settings.items() if name not in BUILD_ONLY}
    digest.update(json.dumps(shaping, sort_keys=True, default=_by_type).encode())
    named = sorted({value for value in settings.values() if isinstance(value, str) and os.path.isfile(value)})
    folders = [folder for folder in (settings.get("THEME"), *settings.get("PLUGIN_PATHS", [])) if folder]
    files = [Path(path) for path in named]
    for folder in folders:
        files += [path for path in _files(Path(folder))
                  if "__pycache__" not in path.parts and path.suffix != ".pyc"]
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
