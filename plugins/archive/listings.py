"""Ways through the lists of articles: a jump to any year, the neighbouring periods of an archive
page, and a listing of the articles in each language.

- Year jump: a list of 10,000 articles is 500 pages; a reader looking for 2021 should not page
  through 2026..2022. Every listing that spans more than one year shows its years on its index,
  each a link to the page holding the year's first (newest) article, at the year's heading there
  (`#y2021`). Listings are numbered from the oldest page (pagination.py) and a numbered page never
  changes, so it shows only what cannot change below it: the years before its own newest year (they
  are complete: their counts and pages are settled), and "<its year> and later", a link to the
  index, whose jump has every year. The page a year starts on is worked out once per listing, not
  once per page of it (500 pages of a 10,000-article listing). The topic page's year links are
  the same links.
- Period archives (archives/<year>/, archives/<year>/<month>/) link the previous and the next
  period that has articles: a month without articles has no page to link.
- Language listings: languages/<code>/ lists the articles in one language, newest first and
  paginated like every listing, so the search page's language filter without words is a page the
  site already has (no search index to load). `language_url` (a template filter) names one for
  templates; `archive_languages` (languages.py) lists them.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import attrgetter

from .languages import LANG_CODE, listing_url
from .timeline import timeline

LANGUAGE_URL = "languages/{lang}/"
LANGUAGE_SAVE_AS = "languages/{lang}/index.html"


@dataclass(frozen=True)
class YearLink:
    year: int
    count: int | None  # None for "year and later", whose count grows
    url: str  # relative to SITEURL, like every Pelican URL
    later: bool = False  # this year and the later ones: a link to the listing's index


_jumps: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def year_jump(paginator, page=None) -> list[YearLink]:
    """The years a page of a listing (an OldestFirstPaginator, pagination.py) links, newest first:
    on the index (or with no page) every year of the listing with its article count and the URL of
    the page (and heading) where its newest article is listed; on a numbered page the years before
    the page's newest year, then that year "and later" (the index); on the pending page none.

    Pelican renders each page of a listing with the same paginator: the listing is walked once
    and kept for the paginator, so a listing of 500 pages is walked once, not 500 times.
    """
    if paginator is None:
        return []
    if paginator not in _jumps:
        _jumps[paginator] = _year_links(paginator)
    years = _jumps[paginator]
    if page is None or page.is_index:
        return years
    if page.pending or not page.object_list:
        return []
    newest = max(article.date for article in page.object_list).year
    settled = [link for link in years if link.year < newest]
    later = YearLink(newest, None, paginator.index_url, later=True)
    return [later, *settled] if settled else []


def _year_links(paginator) -> list[YearLink]:
    counts: dict[int, int] = {}
    newest: dict[int, int] = {}  # year -> position from the oldest of its newest article
    for offset, article in enumerate(paginator.object_list):
        year = article.date.year
        counts[year] = counts.get(year, 0) + 1
        newest[year] = max(newest.get(year, -1), paginator.position(offset))
    links = []
    for year in sorted(counts, reverse=True):
        url = paginator.page_of(newest[year]).url.removesuffix("index.html")  # the index's folder
        links.append(YearLink(year, counts[year], f"{url}#y{year}"))
    return links


def year_groups(articles) -> list[tuple[int, list]]:
    """A page's articles as (year, articles) runs, in the page's order (newest first)."""
    return [(year, list(run)) for year, run in groupby(articles, key=attrgetter("date.year"))]


@dataclass(frozen=True)
class Period:
    url: str
    period_num: tuple  # (year,) or (year, month), as Pelican numbers its archives

    @property
    def date(self) -> datetime:
        """A moment inside the period in every timezone, for `ui_date('month')`: an article's own
        date can fall in the next month where the site shows dates."""
        year, month = (*self.period_num, 6)[:2]
        return datetime(year, month, 15, 12, tzinfo=UTC)


def link_periods(generator) -> None:
    """`period_neighbours`: each year's and month's archive -> (the earlier, the later) archive of
    the same granularity that has articles, or None; and `archive_years`, the year archives newest
    first, for their year jump (article_generator_finalized)."""
    neighbours = {}
    for archives in generator.context.get("period_archives", {}).values():
        periods = sorted((Period(a["url"], tuple(a["period_num"])) for a in archives),
                         key=attrgetter("period_num"))
        for index, period in enumerate(periods):
            earlier = periods[index - 1] if index else None
            later = periods[index + 1] if index + 1 < len(periods) else None
            neighbours[period.period_num] = (earlier, later)
    generator.context["period_neighbours"] = neighbours
    years = generator.context.get("period_archives", {}).get("year", [])
    generator.context["archive_years"] = sorted(
        (YearLink(a["period_num"][0], len(a["dates"]), a["url"]) for a in years),
        key=attrgetter("year"), reverse=True)


def _by_language(generator) -> dict[str, list]:
    languages: dict[str, list] = {}
    for article in generator.articles:  # newest first (translations.list_every_language)
        if LANG_CODE.fullmatch(article.lang or ""):
            languages.setdefault(article.lang, []).append(article)
    return languages


def write_language_listings(generator, writer) -> None:
    """languages/<code>/ for each language, paginated (article_writer_finalized)."""
    settings = generator.settings
    url = settings.get("LANGUAGE_URL", LANGUAGE_URL)
    save_as = settings.get("LANGUAGE_SAVE_AS", LANGUAGE_SAVE_AS)
    if not save_as:
        return
    template = generator.get_template("language")
    newest_dates = settings.get("NEWEST_FIRST_ARCHIVES", True)
    for lang, articles in _by_language(generator).items():
        writer.write_file(  # `dates` in the order Pelican gives its listings' (pagination.py pages both)
            listing_url(save_as, lang), template, generator.context, relative_urls=settings["RELATIVE_URLS"],
            articles=articles, dates=articles if newest_dates else articles[::-1], language=lang,
            template_name="language", blog=True,
            url=listing_url(url, lang), page_name=listing_url(save_as, lang).removesuffix(".html"),
            all_articles=generator.articles,
        )


def install(generator) -> None:
    """Template helpers for every generator's templates (generator_init)."""
    context = generator.context
    env = generator.env
    env.globals["year_jump"] = year_jump
    env.globals["year_groups"] = year_groups
    env.globals["topic_timeline"] = timeline

    def language_url(lang: str) -> str | None:
        """The URL of `lang`'s listing (relative to SITEURL), or None when it has no articles
        (`archive_languages`, languages.py)."""
        for language in context.get("archive_languages", ()):
            if language.code == lang:
                return language.url
        return None

    env.filters["language_url"] = language_url
