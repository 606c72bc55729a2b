"""Links between articles: related articles by shared topic, and the previous/next article.

An article page must not change when an unrelated article is added (issue 26: a new article
rewrites its own page, its predecessor's "next" link and the newest listing pages, nothing else).
So an article's related articles are chosen among articles *before* it in the archive's order
(order.py: date, then slug, then language): an article added later is never a candidate, and the
article page links each of its topics' listing, whose index holds the topic's newest articles,
for what came after ("Newer on Bitcoin", theme/templates/article.html).

Candidates are each tag's WINDOW articles just before the article (a window, not the whole tag),
so the cost stays linear in the archive's size: a tag like Bitcoin can hold most of the archive.
An article dated in the middle of the archive becomes a candidate of the articles after it within
that window, in each of its tags: those, at most WINDOW per tag, are the pages it can change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from itertools import pairwise

from .order import archive_order

RELATED_COUNT = 5
WINDOW = 30  # candidates taken before the article in each of its tags


class TagIndex:
    """Each tag's articles in the archive's order, to find the articles just before one in a tag."""

    def __init__(self, articles: list) -> None:
        self.order = {id(article): archive_order(article) for article in articles}
        self.tagged: dict[str, list] = defaultdict(list)
        for article in sorted(articles, key=self.key):
            for tag in getattr(article, "tags", []):
                self.tagged[tag.name].append(article)
        self.keys = {name: [self.order[id(a)] for a in tagged] for name, tagged in self.tagged.items()}

    def key(self, article) -> tuple:
        """The article's place in the archive's order, computed once per build."""
        known = self.order.get(id(article))
        return known if known is not None else archive_order(article)

    def earlier(self, article, tag: str) -> list:
        """The WINDOW articles of `tag` just before `article`, oldest first."""
        at = bisect_left(self.keys[tag], self.key(article))
        return self.tagged[tag][max(0, at - WINDOW): at]

    def related_to(self, article, count: int) -> list:
        """Earlier articles only: most shared tags first; then the same language; then nearest in
        time; then the later of two equally near (by the archive's order)."""
        group = {id(article), *map(id, getattr(article, "translations", []))}
        shared: Counter = Counter()
        for tag in getattr(article, "tags", []):
            shared.update(other for other in self.earlier(article, tag.name) if id(other) not in group)

        when = self.key(article)[0]

        def rank(other):
            return (-shared[other], other.lang != article.lang, when - self.key(other)[0])

        nearest_first = sorted(shared, key=self.key, reverse=True)
        return sorted(nearest_first, key=rank)[:count]


def link_articles(generator) -> None:
    """Give each article `related`, `older_article` and `newer_article` (article_generator_finalized)."""
    articles = sorted(generator.articles, key=archive_order)
    index = TagIndex(articles)
    count = generator.settings.get("RELATED_ARTICLES", RELATED_COUNT)
    for article in articles:
        article.related = index.related_to(article, count)
    _link_neighbours(articles)


def _link_neighbours(articles: list) -> None:
    """Previous and next article in the same language, in the archive's order."""
    by_lang: dict[str, list] = defaultdict(list)
    for article in articles:
        article.older_article = article.newer_article = None  # an object may come from an earlier build
        by_lang[article.lang].append(article)
    for same_lang in by_lang.values():
        for older, newer in pairwise(same_lang):
            older.newer_article = newer
            newer.older_article = older
