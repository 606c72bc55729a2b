"""Related articles by shared topics, and previous/next in the same language."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from archive.related import RELATED_COUNT, WINDOW, TagIndex, link_articles

START = datetime(2025, 1, 1)


class Article(SimpleNamespace):
    """Stands in for pelican.contents.Article, which is hashable by identity."""

    __hash__ = object.__hash__


def article(name: str, day: int, tags: str, lang: str = "en"):
    return Article(
        name=name, date=START + timedelta(days=day), lang=lang, translations=[],
        tags=[SimpleNamespace(name=t) for t in tags.split()],
    )


def names(articles) -> list[str]:
    return [a.name for a in articles]


def test_earlier_articles_only_most_shared_tags_first_then_same_language_then_nearest_in_time():
    me = article("me", 10, "Bitcoin ETFs Regulation")
    both = article("two-shared", 2, "Bitcoin ETFs")
    near = article("near", 9, "Bitcoin", lang="ja")
    far = article("far", 1, "Bitcoin")
    later = article("later", 11, "Bitcoin ETFs Regulation")  # shares every topic, but came after
    unrelated = article("unrelated", 10, "Gold")
    articles = sorted([me, both, near, far, later, unrelated], key=lambda a: a.date)
    assert names(TagIndex(articles).related_to(me, 5)) == ["two-shared", "far", "near"]
    assert names(TagIndex(articles).related_to(me, 1)) == ["two-shared"]
    assert "me" in names(TagIndex(articles).related_to(later, 5))


def test_translations_of_the_article_are_not_related_articles():
    english = article("en", 5, "Bitcoin")
    japanese = article("ja", 5, "Bitcoin", lang="ja")
    english.translations, japanese.translations = [japanese], [english]
    other = article("other", 4, "Bitcoin")
    assert names(TagIndex([other, english, japanese]).related_to(english, 5)) == ["other"]
    assert names(TagIndex([other, english, japanese]).related_to(japanese, 5)) == ["other"]


def test_only_earlier_articles_near_in_time_are_candidates_in_a_big_tag():
    many = [article(f"a{day}", day, "Bitcoin") for day in range(500)]
    related = TagIndex(many).related_to(many[250], 5)
    assert all(timedelta(0) < many[250].date - a.date <= timedelta(days=WINDOW) for a in related)
    assert len(related) == 5


def test_previous_and_next_stay_in_one_language():
    first, second, third = article("en1", 1, "X"), article("ja", 2, "X", "ja"), article("en2", 3, "X")
    generator = SimpleNamespace(articles=[third, second, first], settings={})
    link_articles(generator)
    assert first.newer_article is third and third.older_article is first
    assert first.older_article is None and third.newer_article is None
    assert second.older_article is None and second.newer_article is None


def test_among_equally_related_articles_the_nearest_earlier_come_first():
    me = article("me", 10, "Gold")
    others = [article("day1", 1, "Gold"), article("day9", 9, "Gold"), article("day12", 12, "Gold")]
    index = TagIndex(sorted([me, *others], key=lambda a: a.date))
    assert names(index.related_to(me, 5)) == ["day9", "day1"]


def test_a_big_tag_offers_its_window_of_earlier_articles():
    many = [article(f"a{day}", day, "Bitcoin") for day in range(200)]
    related = TagIndex(many).related_to(many[100], 500)
    assert sorted(a.date for a in related) == [many[day].date for day in range(100 - WINDOW, 100)]


def test_the_number_of_related_articles_is_a_setting():
    articles = [article(f"a{day}", day, "Bitcoin") for day in range(8)]
    link_articles(SimpleNamespace(articles=articles, settings={"RELATED_ARTICLES": 2}))
    assert [len(a.related) for a in articles] == [0, 1, 2, 2, 2, 2, 2, 2]  # the first has no earlier
    link_articles(SimpleNamespace(articles=articles, settings={}))
    assert [len(a.related) for a in articles] == [0, 1, 2, 3, 4, 5, 5, 5]
    assert RELATED_COUNT == 5
    assert names(articles[7].related) == ["a6", "a5", "a4", "a3", "a2"]


def test_an_article_without_tags_has_no_related_articles():
    untagged = Article(name="untagged", date=START, lang="en", translations=[])  # Pelican sets no `tags`
    tagged = article("tagged", 1, "Bitcoin")
    link_articles(SimpleNamespace(articles=[untagged, tagged], settings={}))
    assert untagged.related == [] and tagged.related == []
    assert untagged.newer_article is tagged


def links(articles) -> dict[str, tuple]:
    """What each article page shows of the others: related articles and previous/next."""
    return {a.name: (names(a.related), a.older_article and a.older_article.name,
                     a.newer_article and a.newer_article.name) for a in articles}


def test_a_newer_article_changes_only_its_predecessors_next_link():
    """However many topics it shares, a new article is no older article's related article; of
    their links only the previous article's "next" names it."""
    topics = ["Bitcoin ETFs", "Bitcoin", "ETFs Gold", "Gold", "Bitcoin Gold"]
    archive = [article(f"a{day}", day, topics[day % 5], lang="ja" if day % 7 == 3 else "en")
               for day in range(40)]
    link_articles(SimpleNamespace(articles=archive, settings={}))
    before = links(archive)
    newest = article("new", 41, "Bitcoin ETFs Gold")
    link_articles(SimpleNamespace(articles=[*archive, newest], settings={}))
    after = links(archive)
    assert {name for name in before if before[name] != after[name]} == {"a39"}
    assert after["a39"] == (before["a39"][0], before["a39"][1], "new")


def test_articles_of_the_same_minute_are_related_in_the_order_of_their_slugs():
    """Not the order they were read in: a rebuild must not change a page."""
    def related(order: list[int]) -> list[str]:
        made = [Article(name=f"s{n}", slug=f"s{n}", date=START, lang="en", translations=[],
                        tags=[SimpleNamespace(name="Gold")]) for n in range(4)]
        link_articles(SimpleNamespace(articles=[made[n] for n in order], settings={}))
        return names(made[3].related)

    assert related([0, 1, 2, 3]) == related([3, 1, 0, 2]) == ["s2", "s1", "s0"]
