"""A page's fingerprint (plugins/archive/fingerprints.py) follows what its template reads: the
names its templates read, what it shows of other articles, and the build's inputs."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from types import SimpleNamespace

from archive import fingerprints
from jinja2 import DictLoader, Environment
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG


def test_a_templates_reads_follow_what_it_extends_includes_and_filters():
    env = Environment(loader=DictLoader({
        "base.html": "{{ SITENAME }}{% block content %}{% endblock %}",
        "page.html": '{% extends "base.html" %}{% block content %}{% include "part.html" %}{% endblock %}',
        "part.html": "{{ article.title }} {{ lang|language_url }}",
        "chosen.html": "{% include article.template %}",
    }))
    env.filters["language_url"] = lambda lang: lang
    reads = fingerprints.template_reads(env, "page.html")
    assert reads == {"SITENAME", "article", "lang", "archive_languages"}
    assert fingerprints.template_reads(env, "chosen.html") is None  # known only when it renders


SETTINGS = {**DEFAULT_CONFIG, "PATH": "/site/content", "THEME": "", "PLUGIN_PATHS": []}


def article(title: str, day: int, **attributes) -> Article:
    made = Article(f"<p>{title}.</p>", {"title": title, "date": datetime(2025, 6, day, tzinfo=UTC)},
                   settings=SETTINGS, source_path=f"/site/content/articles/{day}.md")
    for name, value in attributes.items():
        setattr(made, name, value)
    return made


def test_an_article_page_changes_with_what_it_shows_of_another_article_and_only_then():
    env = Environment(loader=DictLoader({"article.html": "{{ article.title }}{{ article.related }}"}))
    template = env.get_template("article.html")

    def fingerprint(page, *others) -> str:
        return fingerprints.Fingerprints(SETTINGS).page_fingerprint(template, {
            "article": page, "output_file": "articles/a/index.html", "articles": [page, *others]})

    related, unrelated = article("Related", 2), article("Unrelated", 3)
    page = article("Page", 1, related=[related])
    base = fingerprint(page, unrelated)
    unrelated.title = "Unrelated, renamed"
    assert fingerprint(page, unrelated) == base  # the page does not read `articles`
    related.title = "Related, renamed"
    assert fingerprint(page, unrelated) != base


def test_a_value_known_only_by_its_address_makes_a_page_that_is_always_rendered():
    env = Environment(loader=DictLoader({"page.html": "{{ widget }}"}))
    digests = fingerprints.Fingerprints(SETTINGS)
    template = env.get_template("page.html")
    assert digests.page_fingerprint(template, {"widget": object(), "output_file": "a.html"}) is None
    assert digests.page_fingerprint(template, {"widget": "text", "output_file": "a.html"}) is not None


def test_the_inputs_count_every_theme_and_plugin_file_by_its_bytes(tmp_path):
    theme, plugins = tmp_path / "theme", tmp_path / "plugins"
    (theme / "templates").mkdir(parents=True)
    (plugins / "archive" / "__pycache__").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text("v1", encoding="utf-8")
    settings = {"THEME": str(theme), "PLUGIN_PATHS": [str(plugins)], "SITENAME": "A"}
    base = fingerprints.inputs_digest(settings)
    os.utime(theme / "templates" / "base.html", ns=(1, 1))
    (plugins / "archive" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert fingerprints.inputs_digest(settings) == base  # a checkout's times and bytecode do not count
    assert fingerprints.inputs_digest({**settings, "SITENAME": "B"}) != base
    assert fingerprints.inputs_digest({**settings, "LOAD_CONTENT_CACHE": True}) == base  # how, not what
    (theme / "templates" / "base.html").write_text("v2", encoding="utf-8")
    assert fingerprints.inputs_digest(settings) != base


def test_objects_that_name_each_other_have_a_fingerprint_that_follows_them():
    """A listing page names its paginator, whose index page names the paginator again
    (pagination.py): the cycle is digested once, the same way every build."""
    env = Environment(loader=DictLoader({"listing.html": "{{ articles_page.number }}"}))
    template = env.get_template("listing.html")

    def fingerprint(name: str) -> str | None:
        paginator = SimpleNamespace(name=name, per_page=2)
        page = SimpleNamespace(number=1, paginator=paginator)
        paginator.index = page
        context = {"articles_page": page, "output_file": "tags/gold/index.html"}
        return fingerprints.Fingerprints(SETTINGS).page_fingerprint(template, context)

    assert fingerprint("tags/gold") is not None
    assert fingerprint("tags/gold") == fingerprint("tags/gold")
    assert fingerprint("tags/gold") != fingerprint("tags/silver")


def test_an_articles_neighbours_count_on_its_own_page_not_where_it_is_listed():
    env = Environment(loader=DictLoader({
        "article.html": "{{ article.title }} {{ article.newer_article.title }}",
        "listing.html": "{% for item in articles %}{{ item.title }}{% endfor %}"}))

    def fingerprints_of(listed) -> tuple[str | None, str | None]:
        digests = fingerprints.Fingerprints(SETTINGS)
        own = digests.page_fingerprint(env.get_template("article.html"),
                                       {"article": listed, "output_file": "articles/a/index.html"})
        listing = digests.page_fingerprint(env.get_template("listing.html"),
                                           {"articles": [listed], "output_file": "index.html"})
        return own, listing

    listed = article("Listed", 1, newer_article=article("Newer", 2))
    own, listing = fingerprints_of(listed)
    listed.newer_article = article("Newest", 3)  # an article published since, between them
    assert fingerprints_of(listed)[1] == listing
    assert fingerprints_of(listed)[0] != own


def test_a_period_archive_counts_its_own_periods_neighbours_only():
    env = Environment(loader=DictLoader({"period.html": "{{ period_neighbours.get(period_num) }}"}))
    template = env.get_template("period.html")

    def fingerprint(neighbours: dict) -> str | None:
        return fingerprints.Fingerprints(SETTINGS).page_fingerprint(template, {
            "period_neighbours": neighbours, "period_num": (2025, 6), "output_file": "archives/2025/06/"})

    base = fingerprint({(2025, 6): ("2025/05", "2025/07"), (2024, 1): (None, "2025/05")})
    assert fingerprint({(2025, 6): ("2025/05", "2025/07"), (2026, 1): ("2025/07", None)}) == base
    assert fingerprint({(2025, 6): ("2025/05", "2025/08")}) != base


class Paginator:
    """A listing numbered from the oldest, as pagination.py's OldestFirstPaginator names its parts."""

    def __init__(self, articles: list, per_page: int) -> None:
        self.name, self.url, self.object_list = "tags/gold/index.html", "tags/gold/", articles
        self.per_page, self.newest_first, self.index_url = per_page, True, "tags/gold/"


def listing_page(paginator: Paginator, number: int, is_index: bool = False) -> SimpleNamespace:
    count = len(paginator.object_list)
    start = count - number * paginator.per_page
    return SimpleNamespace(number=number, is_index=is_index, pending=False, paginator=paginator,
                           url=f"tags/gold/page/{number}/", save_as=f"tags/gold/page/{number}/index.html",
                           object_list=paginator.object_list[start:start + paginator.per_page])


def test_a_numbered_page_counts_the_articles_at_or_before_it_not_the_newer_ones():
    env = Environment(loader=DictLoader({"listing.html": (
        "{{ articles|count }}{{ articles_page.object_list }}{{ articles_paginator.num_pages }}")}))
    template = env.get_template("listing.html")

    def fingerprint(articles: list, number: int, is_index: bool = False) -> str | None:
        paginator = Paginator(articles, per_page=2)
        page = listing_page(paginator, number, is_index)
        return fingerprints.Fingerprints(SETTINGS).page_fingerprint(template, {
            "articles": articles, "articles_page": page, "articles_paginator": paginator,
            "output_file": page.save_as})

    newest_first = [article(f"Article {day}", day) for day in range(6, 0, -1)]
    newer = [article("Article 7", 7), *newest_first]
    assert fingerprint(newer, 1) == fingerprint(newest_first, 1)  # page 1: articles 1 and 2
    assert fingerprint(newer, 1, is_index=True) != fingerprint(newest_first, 1, is_index=True)
    older = [*newest_first, article("Article 0", 1)]  # one dated before page 1's: it moves
    assert fingerprint(older, 1) != fingerprint(newest_first, 1)
    before = fingerprint(newest_first, 2)
    newest_first[-1].title = "Article 1, corrected"  # on page 1, before page 2: page 2 counts it
    assert fingerprint(newest_first, 2) != before
