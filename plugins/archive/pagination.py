"""Listings numbered from the oldest page, so that a listing page once written never changes.

Pelican numbers a listing from its newest page: page 1 holds the newest 20 articles, and one more
article moves every article of every page one place on, so each new article rewrote every page of
every listing it is in (the index, its topics, source, author, language, year and month). Here
page 1 holds the oldest PER_PAGE articles, page 2 the next PER_PAGE, and so on: a numbered page
holds exactly PER_PAGE articles and an article arriving at the newest end never changes it. The
listing's first URL (its index: `tags/bitcoin/`) holds the newest articles, between PER_PAGE and
2 x PER_PAGE - 1 of them, so it is never a page of one article: when it would reach 2 x PER_PAGE,
its oldest PER_PAGE become the next numbered page.

    articles (P a page)   index holds     numbered pages
    0 .. 2P - 1           all of them     none
    2P                    the newest P    1
    5P + 3                the newest P+3  1 .. 4 (page 1 the oldest)

Every page lists its articles newest first. A reader goes from the index to page N ("older"),
then N - 1 ... 1, and back ("newer"). Page k's "newer" link names page k + 1, so it never changes;
the address after the last numbered page (N + 1: the index's own number) holds a short "pending"
page that sends the reader on to the index, where those articles still are. Linking page N to the
index instead would change page N when page N + 1 is made.

The index is page N + 1 (`Page.number`): "page 7 of 7" on the index, "page 6" below it. URLs come
from PAGINATION_PATTERNS as Pelican reads them, the index taking the rule of Pelican's page 1 and
numbered page k the rule of Pelican's page k + 1 (pelicanconf.py: `{base_name}/page/{number}/`).

What adding an article changes in a listing: an article newer than the listing's others changes
its index only, and one time in PER_PAGE (the index full) also writes a new numbered page and
moves the pending page on. An article dated before some of the listing's articles lands on the
numbered page its date falls in and pushes one article from each page after it onto the next:
that page, every numbered page after it, the index and (one time in PER_PAGE) a new page change.
News arrives in date order, so that is the rare case; keeping those pages unchanged too would need
pages of unequal length.

Pelican makes its paginator in `Writer.write_file` (pelican/writers.py, Pelican 4.12), with no
setting to choose another: `ListingWriter` (given to Pelican by the get_writer signal) writes the
listings a page at a time through the stock writer, and leaves every other file to it. Pelican uses
one writer class (the first a get_writer receiver returns): another writer of the plugin takes the
`OldestFirstPagination` mixin first in its bases instead of answering get_writer beside this one.
"""

from __future__ import annotations

from functools import cached_property

from pelican.paginator import Page
from pelican.writers import Writer

from .shards import ShardSelection


def numbered_pages(count: int, per_page: int) -> int:
    """How many full numbered pages a listing of `count` articles has: the index keeps the rest,
    at least `per_page` of them when there are that many."""
    return max(0, count // per_page - 1) if per_page > 0 else 0


class ListingPage(Page):
    """A page of a listing numbered from the oldest: `is_index` for the listing's first URL (the
    newest articles), `pending` for the page after the last numbered one, which lists nothing yet."""

    def __init__(self, paginator: OldestFirstPaginator, number: int, object_list: list,
                 is_index: bool = False, pending: bool = False) -> None:
        super().__init__(paginator.name, paginator.url, object_list, number, paginator, paginator.settings)
        self.is_index = is_index
        self.pending = pending

    def __repr__(self) -> str:
        kind = "index" if self.is_index else "pending" if self.pending else "page"
        return f"<ListingPage {kind} {self.number} of {self.paginator.num_pages}>"

    def has_next(self) -> bool:
        """An older page: below every numbered page but page 1, and below the index (or the pending
        page) when there are numbered pages."""
        if self.is_index or self.pending:
            return self.paginator.numbered > 0
        return self.number > 1

    def has_previous(self) -> bool:
        """A newer page: every numbered page has one (the next page, or the pending page)."""
        return not (self.is_index or self.pending)

    def _rule(self):
        """The last PAGINATION_PATTERNS rule for Pelican's page 1 (the index) or page k + 1."""
        wanted = 1 if self.is_index else self.number + 1
        rule = None
        for candidate in self.settings["PAGINATION_PATTERNS"]:
            if 0 < candidate.min_page <= wanted:
                rule = candidate
        return rule

    def _from_pattern(self, key: str) -> str:
        """The page's URL or SAVE_AS, formatted as Pelican formats its pages' (paginator.py)."""
        rule = self._rule()
        if rule is None:
            return ""
        value = getattr(rule, key).format(save_as=self.full_name, url=self.base_url, name=self.name,
                                          base_name=self.base_name, extension=self.extension,
                                          number=self.number)
        return value[1:] if value.startswith("/") else value

    @property
    def url(self) -> str:
        return self._from_pattern("URL")

    @property
    def save_as(self) -> str:
        return self._from_pattern("SAVE_AS")


class OldestFirstPaginator:
    """A listing's pages numbered from the oldest. `object_list` is in date order, newest first
    (or oldest first with `newest_first=False`, as Pelican's `dates` may be); each page's list
    keeps that order. `numbered` full pages of `per_page`, then the index (number numbered + 1)."""

    def __init__(self, name: str, url: str, object_list: list, settings: dict, per_page: int | None,
                 newest_first: bool = True) -> None:
        self.name = name
        self.url = url
        self.object_list = object_list
        self.settings = settings
        self.per_page = per_page or max(1, len(object_list))
        self.newest_first = newest_first
        self.count = len(object_list)
        self.numbered = numbered_pages(self.count, self.per_page) if per_page else 0
        self.num_pages = self.numbered + 1  # with the index

    def _slice(self, start: int, stop: int) -> list:
        """The articles at positions [start, stop) counted from the oldest, in the list's order."""
        if self.newest_first:
            return self.object_list[max(0, self.count - stop): self.count - start]
        return self.object_list[start:stop]

    def page(self, number: int) -> ListingPage:
        """Numbered page 1..numbered, or the index for number numbered + 1."""
        if number == self.num_pages:
            return self.index
        if not 1 <= number <= self.numbered:
            raise ValueError(f"no page {number} in a listing of {self.numbered} numbered pages")
        return ListingPage(self, number, self._slice((number - 1) * self.per_page, number * self.per_page))

    @cached_property
    def index(self) -> ListingPage:
        return ListingPage(self, self.num_pages, self._slice(self.numbered * self.per_page, self.count),
                           is_index=True)

    @property
    def index_url(self) -> str:
        """The index's URL as a folder (`tags/bitcoin/`, `` for the site's own `index.html`)."""
        return self.index.url.removesuffix("index.html")

    @cached_property
    def pending(self) -> ListingPage | None:
        """The page at the index's number, which older pages link as "newer"; none without them."""
        return ListingPage(self, self.num_pages, [], pending=True) if self.numbered else None

    def page_of(self, position: int) -> ListingPage:
        """The page listing the article at `position`, counted from the oldest (0)."""
        number = position // self.per_page + 1
        return self.page(number) if number <= self.numbered else self.index

    def position(self, offset: int) -> int:
        """The position from the oldest of `object_list[offset]`."""
        return self.count - 1 - offset if self.newest_first else offset

    def reading_order(self) -> list[tuple[ListingPage, ListingPage | None, ListingPage | None]]:
        """(page, newer page, older page) for the index, the numbered pages from the newest, and
        the pending page: what each page's "newer" and "older" links name."""
        numbered = [self.page(number) for number in range(self.numbered, 0, -1)]
        steps = [(self.index, None, numbered[0] if numbered else None)]
        for at, page in enumerate(numbered):
            newer = numbered[at - 1] if at else self.pending
            steps.append((page, newer, numbered[at + 1] if at + 1 < len(numbered) else None))
        if self.pending is not None:
            steps.append((self.pending, None, numbered[0]))
        return steps


class OldestFirstPagination:
    """A writer mixin: listings (PAGINATED_TEMPLATES) are paginated from the oldest page, each page
    written by the writer's own `write_file` as a file of its own; every other file goes to it as
    it came. Stays a mixin so another writer (one that skips unchanged pages) can take it too."""

    settings: dict

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):
        if paginated is None:  # as Pelican's writer decides what to paginate
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if not (name and paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        newest_dates = self.settings.get("NEWEST_FIRST_ARCHIVES", True)
        paginators = {key: OldestFirstPaginator(name, url, value, self.settings, per_page,
                                                newest_first=key != "dates" or newest_dates)
                      for key, value in paginated.items()}
        steps = {key: paginator.reading_order() for key, paginator in paginators.items()}
        for step in range(len(next(iter(steps.values())))):
            page_kwargs = dict(kwargs)
            for key, paginator in paginators.items():
                page, newer, older = steps[key][step]
                page_kwargs.update({f"{key}_paginator": paginator, f"{key}_page": page,
                                    f"{key}_previous_page": newer, f"{key}_next_page": older})
            # An empty `paginated` writes one file: the page, already cut.
            super().write_file(page.save_as, template, context, relative_urls, {}, template_name,
                               override_output, url, **page_kwargs)
        return None


class ListingWriter(ShardSelection, OldestFirstPagination, Writer):
    """Pelican's writer with listings numbered from the oldest page, writing only its part of a
    build split by year (shards.py; the whole site by default)."""


def listing_writer(pelican) -> type[Writer]:
    """get_writer: the writer Pelican writes the site with."""
    return ListingWriter
