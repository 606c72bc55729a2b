"""robots.txt: RFC 9309's matching, and a site's robots.txt honoured on the local server."""

from __future__ import annotations

import time
from urllib.robotparser import RobotFileParser

import httpx
import pytest
from fetcher.client import Failed
from fetcher.robots import PRODUCT_TOKEN, Disallowed, Robots, matches, parse

from tests.fetcher.server import page

LONGEST_WINS = "User-agent: *\nDisallow: /\nAllow: /news/\n"
WILDCARDS = "User-agent: *\nDisallow: /*?session=\nDisallow: /*.pdf$\n"


def test_the_longest_matching_rule_decides():
    rules = parse(LONGEST_WINS)
    assert rules.allows("/news/bitcoin-etf")
    assert not rules.allows("/account/login")


def test_allow_wins_a_tie():
    rules = parse("User-agent: *\nDisallow: /page\nAllow: /page\n")
    assert rules.allows("/page")


def test_wildcards_and_end_anchor():
    rules = parse(WILDCARDS)
    assert not rules.allows("/news/a?session=1")
    assert rules.allows("/news/a?page=2")
    assert not rules.allows("/files/report.pdf")
    assert rules.allows("/files/report.pdf.html")


def test_the_standard_library_gets_both_wrong():
    """Why robots.py does not use urllib.robotparser (Python 3.11): were this to start
    failing, the standard library would have caught up and could be used instead."""
    first_match = RobotFileParser()
    first_match.parse(LONGEST_WINS.splitlines())
    assert not first_match.can_fetch(PRODUCT_TOKEN, "https://example.com/news/bitcoin-etf")
    no_wildcards = RobotFileParser()
    no_wildcards.parse(WILDCARDS.splitlines())
    assert no_wildcards.can_fetch(PRODUCT_TOKEN, "https://example.com/news/a?session=1")


def test_our_own_group_replaces_the_star_group():
    text = ("User-agent: *\nDisallow: /\n\n"
            f"User-agent: Other-Bot\nUser-agent: {PRODUCT_TOKEN.upper()}/2.0\nDisallow: /private/\n")
    rules = parse(text)
    assert rules.allows("/news/a")
    assert not rules.allows("/private/a")


def test_groups_for_us_are_merged_and_comments_and_sitemaps_ignored():
    text = (f"# ours\nUser-agent: {PRODUCT_TOKEN}\nDisallow: /a/ # old\nSitemap: https://x/s.xml\n"
            "Disallow: /b/\n\nUser-agent: other\nDisallow: /\n\n"
            f"user-agent: {PRODUCT_TOKEN}\ndisallow: /c/\n")
    rules = parse(text)
    assert [rules.allows(path) for path in ("/a/1", "/b/1", "/c/1", "/d/1")] == [False, False, False, True]


def test_an_empty_disallow_and_no_group_allow_everything():
    assert parse("User-agent: *\nDisallow:\n").allows("/anything")
    assert parse("Disallow: /\n").allows("/anything")  # a rule outside any group
    assert parse("").allows("/anything")


def test_robots_txt_itself_is_always_allowed():
    assert parse("User-agent: *\nDisallow: /\n").allows("/robots.txt")


def test_percent_escapes_match_their_characters():
    rules = parse("User-agent: *\nDisallow: /%7Euser/\nDisallow: /ニュース/\n")
    assert not rules.allows("/~user/page")
    assert not rules.allows("/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9/a")


def test_a_pattern_of_many_stars_is_matched_quickly():
    pattern = "/" + "*a" * 200 + "$"
    started = time.monotonic()
    assert not matches(pattern, "/" + "a" * 150 + "b" * 2000)
    assert time.monotonic() - started < 2


def robots_for(client) -> Robots:
    return Robots(lambda url: client.get(url))


def test_a_disallowed_page_is_never_requested(site, client):
    site.routes["/robots.txt"] = page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    robots = robots_for(client)
    with pytest.raises(Disallowed):
        robots.check(httpx.URL(site.url("/private/page.html")))
    robots.check(httpx.URL(site.url("/news/page.html")))  # allowed: no exception
    assert site.paths() == ["/robots.txt"]  # read once for the site, and nothing else asked


def test_a_missing_robots_txt_allows_everything(site, client):
    robots = robots_for(client)
    robots.check(httpx.URL(site.url("/any/page.html")))
    assert site.paths() == ["/robots.txt"]  # the server's 404


def test_an_unreadable_robots_txt_keeps_the_site_unfetched(site, client):
    site.routes["/robots.txt"] = page(b"down", "text/plain", status=503)
    robots = robots_for(client)
    for path in ("/a.html", "/b.html"):
        with pytest.raises(Failed) as failed:
            robots.check(httpx.URL(site.url(path)))
        assert failed.value.reason.startswith("robots.txt: HTTP 503")
    assert site.paths() == ["/robots.txt"]  # not asked again this run
