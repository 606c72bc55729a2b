"""Ways through the listings: the year jump, neighbouring archive periods, per-language listings."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import SimpleNamespace

from archive import listings
from archive.languages import list_archive_languages
from archive.listings import (
    link_periods,
    write_language_listings,
    year_groups,
    year_jump,
)
from archive.ui import format_date
from pelican.paginator import PaginationRule, Paginator
from pelican.settings import DEFAULT_CONFIG

import pelicanconf

# pelicanconf.py's pagination patterns, as Pelican reads them
SETTINGS = {**copy.deepcopy(DEFAULT_CONFIG), "DEFAULT_ORPHANS": 0,
            "PAGINATION_PATTERNS": [PaginationRule(*rule) for rule in pelicanconf.PAGINATION_PATTERNS]}


class Article(SimpleNamespace):
    __hash__ = object.__hash__


def articles_on(*dates: str, lang: str = "en") -> list[Article]:
    """Articles dated `dates`, newest first as every listing has them."""
    made = [Article(date=datetime.fromisoformat(d).replace(tzinfo=UTC), lang=lang, title=d) for d in dates]
    return sorted(made, key=lambda a: a.date, reverse=True)


def paginator(articles, per_page: int = 3) -> Paginator:
    return Paginator("tags/bitcoin/index.html", "tags/bitcoin/", articles, SETTINGS, per_page)


def test_each_year_links_the_page_and_heading_of_its_newest_article():
    """Seven articles, three a page: 2026 | 2026 2025 2025 | 2024 2024 | 2022 ... newest first."""
    listing = articles_on("2026-05-01", "2026-01-02", "2025-12-01", "2025-03-01", "2024-07-01",
                          "2024-01-01", "2022-01-01")
    jump = year_jump(paginator(listing))
    assert [(link.year, link.count, link.url) for link in jump] == [
        (2026, 2, "tags/bitcoin/#y2026"),
        (2025, 2, "tags/bitcoin/#y2025"),
        (2024, 2, "tags/bitcoin/page/2/#y2024"),
        (2022, 1, "tags/bitcoin/page/3/#y2022"),
    ]


def test_the_index_page_links_its_folder_not_index_html():
    listing = articles_on("2026-05-01", "2025-01-01")
    jump = year_jump(Paginator("index.html", "index.html", listing, SETTINGS, 20))
    assert [link.url for link in jump] == ["#y2026", "#y2025"]


def test_a_listing_is_walked_once_for_all_its_pages():
    """Pelican renders each page of a listing with the same paginator: 500 pages, one walk."""
    pages = paginator(articles_on("2026-05-01", "2025-01-01"))
    first = year_jump(pages)
    pages.object_list.append(Article(date=datetime(2020, 1, 1, tzinfo=UTC)))  # not walked again
    assert year_jump(pages) is first
    assert year_jump(None) == []


def test_a_page_is_cut_into_runs_of_one_year_in_its_own_order():
    page = articles_on("2026-05-01", "2025-12-01", "2025-03-01", "2024-07-01")
    assert [(year, [a.title for a in run]) for year, run in year_groups(page)] == [
        (2026, ["2026-05-01"]), (2025, ["2025-12-01", "2025-03-01"]), (2024, ["2024-07-01"])]


def archive(url: str, period_num: tuple, *dates: str) -> dict:
    return {"url": url, "period_num": period_num, "dates": articles_on(*dates)}


def test_each_period_links_the_earlier_and_later_period_that_has_articles():
    """April and August 2025 have no articles: June's neighbours are March and September."""
    context = {"period_archives": {
        "year": [archive("archives/2025/", (2025,), "2025-09-01", "2025-06-01", "2025-03-01"),
                 archive("archives/2023/", (2023,), "2023-01-01")],
        "month": [archive("archives/2025/09/", (2025, 9), "2025-09-01"),
                  archive("archives/2025/06/", (2025, 6), "2025-06-01"),
                  archive("archives/2025/03/", (2025, 3), "2025-03-01")],
    }}
    link_periods(SimpleNamespace(context=context))
    neighbours = context["period_neighbours"]

    def urls(period):
        return tuple(other.url if other else None for other in neighbours[period])

    assert urls((2025, 6)) == ("archives/2025/03/", "archives/2025/09/")
    assert urls((2025, 3)) == (None, "archives/2025/06/")
    assert urls((2025, 9)) == ("archives/2025/06/", None)
    assert urls((2025,)) == ("archives/2023/", None)
    strings = {"months": [f"M{n}" for n in range(1, 13)]}
    earlier = neighbours[(2025, 6)][0]
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):  # the label is March wherever it is shown
        assert format_date(earlier.date, "{month_name} {year}", strings, zone) == "M3 2025"
    assert [(y.year, y.count, y.url) for y in context["archive_years"]] == [
        (2025, 3, "archives/2025/"), (2023, 1, "archives/2023/")]


def generator_with(articles) -> SimpleNamespace:
    settings = {**SETTINGS, "LANGUAGE_URL": pelicanconf.LANGUAGE_URL,
                "LANGUAGE_SAVE_AS": pelicanconf.LANGUAGE_SAVE_AS, "RELATIVE_URLS": True}
    return SimpleNamespace(articles=articles, settings=settings, context={},
                           get_template=lambda name: f"template:{name}")


def test_each_language_gets_a_listing_of_its_articles_newest_first():
    english = articles_on("2025-03-01", "2025-01-01")
    japanese = articles_on("2025-02-01", lang="ja")
    hostile = articles_on("2025-02-02", lang="../../x")  # a code that is no language chooses no path
    generator = generator_with(sorted([*english, *japanese, *hostile], key=lambda a: a.date, reverse=True))
    list_archive_languages(generator)
    assert [(each.code, each.url, each.count) for each in generator.context["archive_languages"]] == [
        ("en", "languages/en/", 2), ("ja", "languages/ja/", 1)]
    written = []

    def write_file(name, template, context, **kwargs) -> None:
        written.append((name, kwargs))

    write_language_listings(generator, SimpleNamespace(write_file=write_file))
    assert [name for name, _ in written] == ["languages/en/index.html", "languages/ja/index.html"]
    kwargs = written[0][1]
    assert kwargs["articles"] == english and kwargs["template_name"] == "language"
    assert kwargs["url"] == "languages/en/" and kwargs["language"] == "en"
    assert "language" in pelicanconf.PAGINATED_TEMPLATES  # so Pelican paginates it


def test_templates_get_the_url_of_a_languages_listing():
    """`language_url` for the header's language switch: None for a language without articles."""
    generator = generator_with(articles_on("2025-03-01", lang="ja"))
    generator.env = SimpleNamespace(globals={}, filters={})
    listings.install(generator)
    list_archive_languages(generator)  # after install, as Pelican runs them: the filter reads it late
    assert generator.env.filters["language_url"]("ja") == "languages/ja/"
    assert generator.env.filters["language_url"]("fr") is None
