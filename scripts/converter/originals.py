"""Which articles are language versions of one original, and the one slug they share.

Pelican links translations by slug (ARTICLE_TRANSLATION_ID): the versions of one original in
different languages must share one, or no page shows the others. make_slug already gives the
same slug to versions that each name the original's title in Latin script; this module links
the others, in a batch and against the files already in content/:

- versions of one original share its address (Original_URL, normalised: scheme, host case and
  `www.`, trailing slash, fragment and tracking parameters dropped) or its title (Original_Title,
  or the title of a page that names no original: the original itself; normalised as article
  keys are);
- a group with two different articles in one language is no group: something ties together
  what is not one original (a site's home page given as the original, one title used twice),
  and two articles of one language never share a slug anyway;
- the slug, the same whatever order the pages come in: an address already published wins (it
  never moves), the best of them if several; else the slug of the original's own copy, else one
  made from the original (its title or address), else a readable one, else a hashed one; among
  equals, the smallest.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from .archive import ExistingArticle, normalised
from .model import Article
from .slugs import hashed_slug, slug_of_original

# How sure a slug is to be the original's: the smaller, the better.
ORIGINAL, FROM_ORIGINAL, READABLE, HASHED = range(4)
# A title shorter than this (normalised characters) is too common to say which original it is.
MIN_TITLE_KEY = 8
# Query parameters that say who sent the reader, not which page: dropped from addresses.
_TRACKING = re.compile(r"utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|ref_url|igshid|_ga")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str) -> str:
    """The original's address as two mentions of it compare: "" when it names no article (not
    http(s), no host, or a site's home page)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    path = unquote(parts.path).rstrip("/")
    if scheme not in _DEFAULT_PORTS or not host or not path:
        return ""
    if port and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = sorted((name, value) for name, value in parse_qsl(parts.query) if not _TRACKING.fullmatch(name))
    return f"url:{host}{path}" + (f"?{urlencode(query)}" if query else "")


def title_key(title: str) -> str:
    normal = normalised(title)
    return f"title:{normal}" if len(normal) >= MIN_TITLE_KEY else ""


def original_keys(title: str, original_title: str, original_url: str,
                  title_from_lead: bool = False) -> frozenset:
    """What names the original this article is a version of. A title made from the lead names
    nothing: its words are the body's."""
    named = original_title or ("" if title_from_lead else title)
    return frozenset(key for key in (url_key(original_url), title_key(named)) if key)


def rank(slug: str, title: str, original_title: str, original_url: str, via: str, via_url: str,
         source: str, date: datetime | None) -> int:
    """How sure `slug` is to be the original's (ORIGINAL ... HASHED)."""
    its_own = normalised(original_title) == normalised(title) if original_title else (
        bool(url_key(original_url)) and not via)
    if its_own:
        return ORIGINAL  # the original's title is its own, or it is the publisher's page
    made = slug_of_original(original_title, original_url, via_url)
    if made and (slug == made or slug.startswith(f"{made}-")):
        return FROM_ORIGINAL
    hashed = hashed_slug(title, source, date)
    return HASHED if slug == hashed or slug.startswith(f"{hashed}-") else READABLE


@dataclass(frozen=True)
class Version:
    """One language version of an article, as far as translations go."""

    ident: str  # the article's key; "file:<path>" for a file written by hand
    lang: str
    slug: str  # the slug it holds, or would hold on its own
    keys: frozenset
    pinned: bool  # its address is published: it does not move
    rank: Callable[[], int]  # asked only of versions that have translations

    def order(self) -> tuple[int, str]:
        return self.rank(), self.slug


def version_of(article: Article, slug: str, pinned: bool) -> Version:
    keys = original_keys(article.title, article.original_title, article.original_url, article.title_from_lead)
    return Version(article.key, article.lang, slug, keys, pinned, lambda: rank(
        slug, article.title, article.original_title, article.original_url, article.via, article.via_url,
        article.source, article.date))


def version_of_file(existing: ExistingArticle) -> Version:
    """A file already in the output folder: published, so its slug is fixed."""
    title = html.unescape(existing.title)  # Title is the one key written escaped (render.py)
    keys = original_keys(title, existing.original_title, existing.original_url)
    date = _header_date(existing.date)
    ident = existing.key or f"file:{existing.path}"
    return Version(ident, existing.lang, existing.slug, keys, True, lambda: rank(
        existing.slug, title, existing.original_title, existing.original_url, existing.via,
        existing.via_url, existing.source, date))


class Originals:
    """The versions a batch knows (files in the output folder, articles placed in this run), and
    which share a key: a group is every version reached from one through shared keys."""

    def __init__(self, versions: Iterable[Version] = ()) -> None:
        self.versions: dict[str, Version] = {}
        self._holders: dict[str, dict[str, set[str]]] = {}  # key -> language -> idents
        for version in versions:
            self.add(version)

    def add(self, version: Version) -> None:
        """Add a version, or replace the one of the same article (a file converted again)."""
        self.remove(version.ident)
        self.versions[version.ident] = version
        for key in version.keys:
            self._holders.setdefault(key, {}).setdefault(version.lang, set()).add(version.ident)

    def remove(self, ident: str) -> None:
        old = self.versions.pop(ident, None)
        for key in old.keys if old else ():
            languages = self._holders[key]
            languages[old.lang].discard(ident)
            if not languages[old.lang]:
                del languages[old.lang]

    def group(self, ident: str) -> list[Version] | None:
        """The version and every version that shares a key with it, through any chain of keys;
        None as soon as two articles of one language turn up (no original's versions, see the
        module's docstring): a key a whole site shares is given up at once, not walked."""
        languages: dict[str, str] = {}
        seen, todo = {ident}, [ident]
        while todo:
            version = self.versions[todo.pop()]
            if languages.setdefault(version.lang, version.ident) != version.ident:
                return None
            for key in version.keys:
                for holders in self._holders[key].values():
                    if len(holders) > 1:
                        return None
                    for other in holders - seen:
                        seen.add(other)
                        todo.append(other)
        return [self.versions[each] for each in sorted(seen)]

    def slug_for(self, ident: str) -> str:
        """The slug this version should hold: its group's, or its own when it has no group."""
        version = self.versions[ident]
        if version.pinned:
            return version.slug
        group = self.group(ident)
        return (shared_slug(group) if group else None) or version.slug


def shared_slug(group: list[Version]) -> str | None:
    """The one slug of a group of versions; None when they are not one original's versions (a
    single language, or two articles in one language)."""
    languages = [version.lang for version in group]
    if len(set(languages)) < 2 or len(set(languages)) < len(languages):
        return None
    published = [version for version in group if version.pinned]
    return min(published or group, key=Version.order).slug


def _header_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
