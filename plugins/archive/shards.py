"""A build split by year, so that runners (or processes) each render and index some years.

An archive of many years is built in parts that need not share a machine: each part reads the
whole content (an article page links its neighbours and related articles, whatever their year)
but writes only its share, and the parts' outputs together are the site, file for file
(scripts/publish_shards.py runs them; the publishing workflow runs them as a matrix). The part a
build is, ARCHIVE_SHARD (publishconf.py takes it from the environment):

- `""`: the whole site (the default);
- `years:2023,2024`: only the pages of the articles dated in those years (and their
  translations' pages, each by its own date) and those years' search bundles;
- `rest:2023,2024`: everything else: every listing, feed, the sitemap, the static files, the
  search page and its terms, and the pages and bundles of the years not listed.

Years are the articles' years as the site shows their dates (ARCHIVE_TIMEZONE), as the search
bundles are cut (search_index.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SETTING = "ARCHIVE_SHARD"
_FORM = re.compile(r"(?P<mode>years|rest):(?P<years>\d{4}(?:,\d{4})*)")


@dataclass(frozen=True)
class Shard:
    mode: str = ""  # "", "years" or "rest"
    years: frozenset[int] = frozenset()

    def writes_article(self, article) -> bool:
        year = article_year(article)
        if self.mode == "years":
            return year in self.years
        return self.mode == "" or year not in self.years

    def writes_year(self, year: int | None) -> bool:
        """The year's search bundle (None: articles without a date) is this part's to write."""
        if self.mode == "years":
            return year in self.years
        return self.mode == "" or year not in self.years

    @property
    def writes_site(self) -> bool:
        """Listings, feeds, static files, the search page: every file that is no article's page."""
        return self.mode != "years"


def shard_of(settings: dict) -> Shard:
    """The part this build is; a malformed value is an error (a part that wrote the wrong share
    would publish a site with holes or two copies of a page)."""
    value = (settings.get(SETTING) or "").strip()
    if not value:
        return Shard()
    found = _FORM.fullmatch(value)
    if not found:
        raise ValueError(f"{SETTING}={value!r}: expected '', 'years:2023,2024' or 'rest:2023,2024'")
    return Shard(found["mode"], frozenset(int(year) for year in found["years"].split(",")))


def article_year(article) -> int | None:
    date = getattr(article, "date", None)
    return date.year if date is not None else None


class ShardSelection:
    """A writer mixin: a file that is not this part's share is neither rendered nor written."""

    settings: dict

    def write_file(self, name, template, context, *args, **kwargs):
        if not self._ours(kwargs):
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, *args, **kwargs):
        if not shard_of(self.settings).writes_site:
            return None
        return super().write_feed(*args, **kwargs)

    def _ours(self, kwargs: dict) -> bool:
        shard = shard_of(self.settings)
        article = kwargs.get("article")
        if article is not None and not kwargs.get("articles_paginator"):
            return shard.writes_article(article)
        return shard.writes_site


def skip_static_outside_site(generator) -> None:
    """static_generator_init: a years-only part copies no static file (the `rest` part does)."""
    if shard_of(generator.settings).writes_site:
        return
    generator.generate_output = lambda writer: None
