"""plugins/archive/groupings.py: Pelican's groupings, the same lists in the same order, in linear time."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from archive import groupings
from archive.groupings import Members
from pelican.generators import ArticlesGenerator

SETTINGS = {
    "YEAR_ARCHIVE_SAVE_AS": "archives/{date:%Y}/index.html", "YEAR_ARCHIVE_URL": "archives/{date:%Y}/",
    "MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
    "MONTH_ARCHIVE_URL": "archives/{date:%Y}/{date:%m}/", "DAY_ARCHIVE_SAVE_AS": "", "DAY_ARCHIVE_URL": "",
}


class Article:
    """Like Pelican's articles: compared by identity (no __eq__), dated."""

    def __init__(self, date: datetime) -> None:
        self.date = date


def _articles(count: int) -> list[Article]:
    rng = random.Random(7)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    return [Article(start + timedelta(days=rng.uniform(0, 900))) for _ in range(count)]


def test_periods_hold_the_same_articles_in_the_same_order_as_pelicans():
    groupings.install()
    wrapped = ArticlesGenerator._build_period_archives
    pelicans = wrapped.__wrapped__
    articles = _articles(300)
    by_date = sorted(articles, key=lambda article: article.date, reverse=True)
    listed = articles[::2]  # Pelican's `articles` (one language) is a part of its `dates`
    mine = wrapped(None, by_date, listed, SETTINGS)
    theirs = pelicans(None, by_date, listed, SETTINGS)
    assert [a["save_as"] for a in mine["month"]] == [a["save_as"] for a in theirs["month"]]
    for granularity in ("year", "month"):
        assert [[id(x) for x in a["articles"]] for a in mine[granularity]] == \
               [[id(x) for x in a["articles"]] for a in theirs[granularity]]
        assert [a["dates"] for a in mine[granularity]] == [a["dates"] for a in theirs[granularity]]
    assert sum(len(a["articles"]) for a in mine["year"]) == len(listed)


def test_members_answer_in_by_identity_also_after_a_change():
    one, two, three = _articles(3)
    members = Members([one, two])
    assert one in members and two in members and three not in members
    members.append(three)
    members.remove(one)
    assert three in members and one not in members
    members[0] = one
    assert one in members and two not in members
    members += [two]
    del members[1]
    assert members == [one, two] and three not in members and isinstance(members, list)


def test_tags_sources_and_authors_are_members_when_their_pages_are_written():
    groupings.install()
    groupings.install()  # once a process: wrapped once, however many builds
    pelicans = ArticlesGenerator.generate_pages.__wrapped__  # Pelican's own, wrapped once
    assert pelicans.__module__ == "pelican.generators" and not hasattr(pelicans, "__wrapped__")
    a, b = _articles(2)
    seen = {}

    def generate_pages(self, writer):
        seen.update(tags=self.tags["t"], categories=self.categories[0][1], authors=self.authors[0][1])

    categories = [("c", [a])]
    generator = SimpleNamespace(tags={"t": [a, b]}, categories=categories, authors=[("x", [b])])
    groupings._with_members(generate_pages)(generator, writer=None)
    assert all(isinstance(group, Members) for group in seen.values())
    assert seen["tags"] == [a, b] and a in seen["categories"] and b not in seen["categories"]
    assert generator.categories is categories  # changed in place: the context holds this list
