"""Every source, author and tag gets a page of its own, even when its name has no slug.

Pelican makes URLs from slugs, and the slug of `???` or of an emoji-only name is empty: the
source's page would be written to `sources//index.html`, over the sources index, and every such
name would share one page (Pelican compares and hashes these objects by slug). A name that
slugifies to nothing gets `source-`, `author-` or `tag-` and 8 hex digits of its SHA-256: the
same name gets the same page in every build, different names get different pages.

A slug longer than MAX_SLUG (a name of 300,000 characters) is cut and given the same digest:
a folder name the file system refuses ("File name too long") stopped the whole build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from pelican.urlwrappers import Author, Category, Tag, URLWrapper

KINDS = {Category: "source", Author: "author", Tag: "tag"}  # categories are the articles' sources
# Characters of a slug: a URL segment and a folder name (most file systems allow 255 bytes).
MAX_SLUG = 80
LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations",
)


def fallback_slug(wrapper: URLWrapper) -> str:
    """`tag-1a2b3c4d`: the kind of page and a digest of the exact name."""
    digest = hashlib.sha256(wrapper.name.encode("utf-8")).hexdigest()[:8]
    return f"{KINDS.get(type(wrapper), type(wrapper).__name__.lower())}-{digest}"


def name_empty_slugs(generator) -> None:
    """article_generator_pretaxonomy: before Pelican groups articles by (the hash of) these slugs."""
    for article in _every_article(generator):
        for wrapper in _wrappers(article):
            if not wrapper.slug:
                wrapper.slug = fallback_slug(wrapper)
            elif len(wrapper.slug) > MAX_SLUG:
                wrapper.slug = shortened_slug(wrapper)


def shortened_slug(wrapper: URLWrapper) -> str:
    """The slug's first words and a digest of the exact name: short enough for a folder."""
    digest = hashlib.sha256(wrapper.name.encode("utf-8")).hexdigest()[:8]
    head = wrapper.slug[: MAX_SLUG - len(digest) - 1].rsplit("-", 1)[0].strip("-")
    return f"{head}-{digest}" if head else fallback_slug(wrapper)


def _every_article(generator) -> Iterator:
    for name in LISTS:
        yield from getattr(generator, name, [])


def _wrappers(article) -> Iterator[URLWrapper]:
    """Each source, author and tag object of an article (Pelican makes one per article and name)."""
    candidates = [getattr(article, "category", None), getattr(article, "author", None)]
    candidates += [*getattr(article, "authors", []), *getattr(article, "tags", [])]
    yield from (c for c in candidates if isinstance(c, URLWrapper))
