"""Listings numbered from the oldest page: page 1 holds the oldest articles, a numbered page holds
exactly PER_PAGE and never changes as newer articles arrive, the index holds the newest."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from archive.pagination import OldestFirstPagination, OldestFirstPaginator, numbered_pages
from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG

import pelicanconf

PER_PAGE = 4
SETTINGS = {**copy.deepcopy(DEFAULT_CONFIG), "DEFAULT_PAGINATION": PER_PAGE,
            "PAGINATED_TEMPLATES": pelicanconf.PAGINATED_TEMPLATES,
            "PAGINATION_PATTERNS": [PaginationRule(*rule) for rule in pelicanconf.PAGINATION_PATTERNS]}
START = datetime(2025, 1, 1, tzinfo=UTC)


def archive(count: int) -> list[SimpleNamespace]:
    """`count` articles a day apart, named by their day (a0 the oldest), newest first as listings are."""
    made = [SimpleNamespace(title=f"a{day}", date=START + timedelta(days=day)) for day in range(count)]
    return made[::-1]


def paginator(articles: list, newest_first: bool = True) -> OldestFirstPaginator:
    return OldestFirstPaginator("tags/bitcoin/index.html", "tags/bitcoin/", articles, SETTINGS, PER_PAGE,
                                newest_first=newest_first)


def titles(page) -> list[str]:
    return [article.title for article in page.object_list]


def written(count: int) -> dict[str, tuple]:
    """Each file a listing of `count` articles writes -> what it shows: its articles, its number
    and its "newer" and "older" links."""
    return {page.save_as: (titles(page), page.number, newer and newer.url, older and older.url)
            for page, newer, older in paginator(archive(count)).reading_order()}


def names(first: int, last: int) -> list[str]:
    """a<last> .. a<first>: the articles of days first..last, newest first."""
    return [f"a{day}" for day in range(last, first - 1, -1)]


@pytest.mark.parametrize(("count", "numbered", "index"), [
    (0, 0, []),
    (1, 0, names(0, 0)),
    (PER_PAGE - 1, 0, names(0, PER_PAGE - 2)),
    (PER_PAGE, 0, names(0, PER_PAGE - 1)),
    (2 * PER_PAGE - 1, 0, names(0, 2 * PER_PAGE - 2)),  # the index holds up to 2 x PER_PAGE - 1
    (2 * PER_PAGE, 1, names(PER_PAGE, 2 * PER_PAGE - 1)),  # ... then its oldest become page 1
    (5 * PER_PAGE + 3, 4, names(4 * PER_PAGE, 5 * PER_PAGE + 2)),
])
def test_page_one_holds_the_oldest_and_the_index_the_newest(count, numbered, index):
    pages = paginator(archive(count))
    assert pages.numbered == numbered_pages(count, PER_PAGE) == numbered
    assert titles(pages.index) == index
    assert pages.index.number == pages.num_pages == numbered + 1
    for number in range(1, numbered + 1):  # page k: days (k-1)P .. kP-1, newest first
        assert titles(pages.page(number)) == names((number - 1) * PER_PAGE, number * PER_PAGE - 1)
    listed = [title for page, _, _ in pages.reading_order() for title in titles(page)]
    assert listed == [a.title for a in archive(count)]  # index, then N .. 1: the whole listing, newest first
    if count >= PER_PAGE:
        assert PER_PAGE <= len(index) <= 2 * PER_PAGE - 1  # never a nearly empty first page


def test_pages_are_saved_under_the_theme_s_folders_and_link_their_neighbours():
    """Page k is `page/k/`; its "newer" link names page k + 1, which for the last numbered page is
    the pending page at the index's number, pointing on to the index."""
    assert written(5 * PER_PAGE + 3) == {
        "tags/bitcoin/index.html": (names(16, 22), 5, None, "tags/bitcoin/page/4/"),
        "tags/bitcoin/page/4/index.html": (names(12, 15), 4, "tags/bitcoin/page/5/", "tags/bitcoin/page/3/"),
        "tags/bitcoin/page/3/index.html": (names(8, 11), 3, "tags/bitcoin/page/4/", "tags/bitcoin/page/2/"),
        "tags/bitcoin/page/2/index.html": (names(4, 7), 2, "tags/bitcoin/page/3/", "tags/bitcoin/page/1/"),
        "tags/bitcoin/page/1/index.html": (names(0, 3), 1, "tags/bitcoin/page/2/", None),
        "tags/bitcoin/page/5/index.html": ([], 5, None, "tags/bitcoin/page/4/"),  # pending
    }
    assert written(PER_PAGE) == {"tags/bitcoin/index.html": (names(0, 3), 1, None, None)}
    pages = paginator(archive(2 * PER_PAGE))
    assert pages.pending.pending and not pages.pending.is_index and pages.index_url == "tags/bitcoin/"
    assert [(p.has_previous(), p.has_next()) for p, _, _ in pages.reading_order()] == [
        (False, True), (True, False), (False, True)]  # index, page 1, pending


@pytest.mark.parametrize("count", range(6 * PER_PAGE))
def test_one_more_article_changes_the_index_or_adds_one_numbered_page(count):
    """Every numbered page written for `count` articles is written again byte for byte with one
    more: only the index changes, and when it fills up a new page takes its oldest articles and
    the pending page moves on to the next number."""
    before, after = written(count), written(count + 1)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    index, numbered = "tags/bitcoin/index.html", numbered_pages(count, PER_PAGE)
    if numbered_pages(count + 1, PER_PAGE) == numbered:
        assert changed == {index}
    else:
        new, pending = (f"tags/bitcoin/page/{numbered + n}/index.html" for n in (1, 2))
        assert changed == {index, new, pending}
        assert after[new][0] == names(numbered * PER_PAGE, (numbered + 1) * PER_PAGE - 1)


def test_an_older_article_shifts_the_pages_from_where_it_lands():
    """Dated between a5 and a6 (on page 2 of 5 x PER_PAGE + 2 articles): page 1 is unchanged, pages
    2 to 4 each move one article on, and the index gets one."""
    articles = archive(5 * PER_PAGE + 2)
    backdated = SimpleNamespace(title="late", date=START + timedelta(days=5, hours=12))
    before = {p.save_as: titles(p) for p, _, _ in paginator(articles).reading_order()}
    after = {p.save_as: titles(p) for p, _, _ in paginator(sorted(
        [*articles, backdated], key=lambda a: a.date, reverse=True)).reading_order()}
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"tags/bitcoin/index.html", *(f"tags/bitcoin/page/{k}/index.html" for k in (2, 3, 4))}
    assert after["tags/bitcoin/page/2/index.html"] == ["a6", "late", "a5", "a4"]


def test_an_oldest_first_list_is_cut_into_the_same_pages_in_its_own_order():
    """Pelican's `dates` are oldest first: same pages, each in that order."""
    newest_first = paginator(archive(2 * PER_PAGE + 1))
    oldest_first = paginator(archive(2 * PER_PAGE + 1)[::-1], newest_first=False)
    assert titles(oldest_first.page(1)) == titles(newest_first.page(1))[::-1] == names(0, 3)[::-1]
    assert titles(oldest_first.index) == titles(newest_first.index)[::-1]
    assert [oldest_first.position(i) for i in (0, 8)] == [0, 8]
    assert [newest_first.position(i) for i in (0, 8)] == [8, 0]


class RecordingWriter:
    """Stands in for Pelican's Writer: records what it is asked to write."""

    def __init__(self) -> None:
        self.settings = {**SETTINGS, "NEWEST_FIRST_ARCHIVES": False}  # Pelican's `dates` oldest first
        self.files: list[tuple[str, dict]] = []

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        assert not paginated  # every listing page reaches the writer already cut
        self.files.append((name, kwargs))


class Writer(OldestFirstPagination, RecordingWriter):
    """The mixin as ListingWriter uses it, over the recorder instead of Pelican's writer."""


def test_the_writer_writes_each_page_of_a_listing_and_everything_else_as_it_came():
    writer = Writer()
    articles = archive(2 * PER_PAGE + 1)
    writer.write_file("tags/bitcoin/index.html", "tag.html", {}, articles=articles, dates=articles[::-1],
                      template_name="tag", url="tags/bitcoin/", tag="Bitcoin")
    writer.write_file("articles/a/index.html", "article.html", {}, article=articles[0], url="articles/a/")
    assert [name for name, _ in writer.files] == [
        "tags/bitcoin/index.html", "tags/bitcoin/page/1/index.html", "tags/bitcoin/page/2/index.html",
        "articles/a/index.html"]
    index, page_one, pending = (kwargs for _, kwargs in writer.files[:3])
    assert titles(index["articles_page"]) == names(4, 8) and index["articles_next_page"].number == 1
    assert titles(index["dates_page"]) == names(4, 8)[::-1]  # Pelican's `dates`, oldest first
    assert page_one["articles_previous_page"] is pending["articles_page"] and pending["articles_page"].pending
    assert index["tag"] == "Bitcoin" and writer.files[3][1]["article"] is articles[0]
