"""Links between articles: related articles by shared topic, and the previous/next article.

Related articles are looked for among each tag's articles nearest in time (a window, not the
whole tag), so the cost stays linear in the archive's size: a tag like Bitcoin can hold most
of the archive.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from itertools import pairwise
from operator import attrgetter

RELATED_COUNT = 5
WINDOW = 30  # candidates taken on each side of the article, in each of its tags


class TagIndex:
    """Each tag's articles in date order, to find an article's neighbours within a tag."""

    def __init__(self, articles: list) -> None:
        self.tagged: dict[str, list] = defaultdict(list)
        for article in articles:  # already in date order
            for tag in getattr(article, "tags", []):
                self.tagged[tag.name].append(article)
        self.dates = {name: [a.date for a in tagged] for name, tagged in self.tagged.items()}

    def near(self, article, tag: str) -> list:
        at = bisect_left(self.dates[tag], article.date)
        return self.tagged[tag][max(0, at - WINDOW): at + WINDOW + 1]

    def related_to(self, article, count: int) -> list:
        """Most shared tags first; then the same language; then nearest in time."""
        group = {id(article), *map(id, getattr(article, "translations", []))}
        shared: Counter = Counter()
        for tag in getattr(article, "tags", []):
            shared.update(other for other in self.near(article, tag.name) if id(other) not in group)

        def rank(other):
            distance = abs((other.date - article.date).total_seconds())
            return (-shared[other], other.lang != article.lang, distance)

        return sorted(shared, key=rank)[:count]


def link_articles(generator) -> None:
    """Give each article `related`, `older_article` and `newer_article` (article_generator_finalized)."""
    articles = sorted(generator.articles, key=attrgetter("date"))
    index = TagIndex(articles)
    count = generator.settings.get("RELATED_ARTICLES", RELATED_COUNT)
    for article in articles:
        article.related = index.related_to(article, count)
    _link_neighbours(articles)


def _link_neighbours(articles: list) -> None:
    """Previous and next article in the same language, by date."""
    by_lang: dict[str, list] = defaultdict(list)
    for article in articles:
        article.older_article = article.newer_article = None  # an object may come from an earlier build
        by_lang[article.lang].append(article)
    for same_lang in by_lang.values():
        for older, newer in pairwise(same_lang):
            older.newer_article = newer
            newer.older_article = older
