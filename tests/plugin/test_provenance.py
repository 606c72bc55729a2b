"""Where an article's text came from: the kind of source each article page names, and when the
original's title is worth a line of its own."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from archive.provenance import add_provenance, captured_at, differs, provenance_of, site_name

ORIGINAL = "https://www.cryptoslate.com/miners-pivot/"
COPY = "https://www.bitget.com/news/detail/1"
SAVED = "2025-12-03T09:15:02+00:00"


def article(**fields) -> SimpleNamespace:
    defaults = {"title": "Miners pivot to AI", "scraped_from": "scraped/page.txt", "lang": "en"}
    return SimpleNamespace(**(defaults | fields))


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"original_url": ORIGINAL, "via": "Bitget", "via_url": COPY}, "original"),  # the most direct wins
        ({"via": "Bitget", "via_url": COPY}, "via"),
        ({"via": "Bitget", "captured": SAVED}, "saved"),  # an aggregator's name alone is no address
        ({"captured": SAVED}, "saved"),
        ({"scraped_from": ""}, ""),  # written by hand, no address: nothing to claim
    ],
)
def test_each_article_names_its_most_direct_known_source(fields, kind):
    assert provenance_of(article(**fields)).kind == kind


def test_a_saved_page_carries_the_time_it_was_saved():
    source = provenance_of(article(captured=SAVED, via="Bitget"))
    assert source.captured == datetime(2025, 12, 3, 9, 15, 2, tzinfo=UTC)
    assert source.via == "Bitget" and source.via_url == ""


@pytest.mark.parametrize("value", ["", "yesterday", "2025-13-45", None])
def test_an_unreadable_capture_time_is_no_date(value):
    assert captured_at(value) is None


def test_the_original_is_named_by_its_site():
    assert site_name(ORIGINAL) == "cryptoslate.com"
    assert site_name("https://theblock.co/post/1") == "theblock.co"
    assert provenance_of(article(original_url=ORIGINAL)).original_site == "cryptoslate.com"


@pytest.mark.parametrize(
    ("original", "title", "shown"),
    [
        ("Miners' AI pivot -- a \"record\"", "Miners’ AI pivot – a “record”", False),  # Pelican's typography
        ("Gold & Bitcoin", "Gold &amp; Bitcoin", False),  # the title is HTML, the original's plain text
        ("Gold &amp; Bitcoin", "Gold &amp; Bitcoin", True),
        ("GOLD  rallies", "Gold rallies", False),  # case and spacing
        ("Gold rallies", "<em>Gold</em> rallies", False),  # markup
        ("Gold rallies", "金価格が上昇", True),  # a translation's original headline
        ("Gold rallies", "Gold rallies as the dollar slips", True),  # a republisher's own headline
        ("", "Gold rallies", False),
    ],
)
def test_the_original_title_is_shown_only_when_it_says_something_else(original, title, shown):
    assert differs(original, title) is shown
    expected = original if shown else ""
    assert provenance_of(article(title=title, original_title=original)).original_title == expected


def test_every_list_of_articles_gets_its_provenance():
    lists = {name: [article(original_url=ORIGINAL)] for name in ("articles", "translations", "drafts")}
    generator = SimpleNamespace(**lists)
    add_provenance(generator)
    assert all(item.provenance.kind == "original" for items in lists.values() for item in items)
