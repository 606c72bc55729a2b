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
from archive.pagination import OldestFirstPaginator
from archive.ui import format_date
from pelican.paginator import PaginationRule
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


def paginator(articles, per_page: int = 3) -> OldestFirstPaginator:
    return OldestFirstPaginator("tags/bitcoin/index.html", "tags/bitcoin/", articles, SETTINGS, per_page)


def jump(links) -> list[tuple]:
    return [(link.year, link.count, link.url) + (("and later",) if link.later else ()) for link in links]


# Ten articles, three a page: page 1 | page 2 | the index (the newest four).
TEN = ("2021-01-01", "2021-06-01", "2022-01-01", "2022-05-01", "2023-01-01", "2023-02-01",
       "2023-03-01", "2024-01-01", "2024-02-01", "2024-03-01")


def test_the_index_links_each_year_at_the_page_and_heading_of_its_newest_article():
    assert jump(year_jump(paginator(articles_on(*TEN)))) == [
        (2024, 3, "tags/bitcoin/#y2024"),
        (2023, 3, "tags/bitcoin/#y2023"),  # 2023-03-01 is on the index
        (2022, 2, "tags/bitcoin/page/2/#y2022"),
        (2021, 2, "tags/bitcoin/page/1/#y2021"),
    ]


def test_a_numbered_page_links_the_years_before_its_own_and_the_index_for_the_rest():
    """Page 2's newest article is of 2023: 2022 and 2021 are settled; "2023 and later" is the index,
    whose jump has every year. Page 1 (2021, 2022) has only 2021 settled."""
    pages = paginator(articles_on(*TEN))
    assert jump(year_jump(pages, pages.page(2))) == [
        (2023, None, "tags/bitcoin/", "and later"),
        (2022, 2, "tags/bitcoin/page/2/#y2022"),
        (2021, 2, "tags/bitcoin/page/1/#y2021"),
    ]
    assert jump(year_jump(pages, pages.page(1))) == [
        (2022, None, "tags/bitcoin/", "and later"), (2021, 2, "tags/bitcoin/page/1/#y2021")]
    assert year_jump(pages, pages.index) == year_jump(pages)
    assert year_jump(pages, pages.pending) == []


def test_a_numbered_page_s_years_do_not_change_as_newer_articles_arrive():
    before = paginator(articles_on(*TEN))
    after = paginator(articles_on(*TEN, "2024-04-01", "2025-01-01", "2025-02-01", "2026-01-01"))
    assert after.numbered == 3
    for number in (1, 2):
        assert year_jump(after, after.page(number)) == year_jump(before, before.page(number))


def test_a_page_of_one_year_with_none_before_it_has_no_jump():
    pages = paginator(articles_on("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2026-01-01",
                                  "2026-02-01"))
    assert year_jump(pages, pages.page(1)) == []
    assert [link.year for link in year_jump(pages)] == [2026, 2025]


def test_the_index_page_links_its_folder_not_index_html():
    listing = articles_on("2026-05-01", "2025-01-01")
    jumps = year_jump(OldestFirstPaginator("index.html", "index.html", listing, SETTINGS, 20))
    assert [link.url for link in jumps] == ["#y2026", "#y2025"]


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
