"""When two inputs are one article: what both state agrees, and their bodies agree as a whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from converter.claims import (
    MIN_SENTENCE,
    REPOST_CLOCK_SLACK,
    SHARED_SENTENCES,
    apart_key,
    bodies_agree,
    claim_of,
    claim_of_file,
    disagreements,
    sentences,
)
from converter.metadata import Settings
from converter.model import Article, Block
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import FIXTURES, PAGES
from tests.converter.test_corpus import load_labels

SETTINGS = Settings(timezone=ZoneInfo("UTC"))
WHEN = datetime(2025, 3, 2, 10, 0, tzinfo=UTC)
BODY = [f"Sentence number {n} of the article says something of its own." for n in range(20)]


def article(title: str = "Weekly market wrap", body: list[str] = BODY, **facts) -> Article:
    facts = {"date": WHEN, "source": "The Block", "authors": ["Marcus Hale"], **facts}
    blocks = [Block("paragraph", text, text) for text in body]
    return Article(title=title, lang="en", slug="weekly-market-wrap", blocks=blocks, **facts)


def differ(one: Article, other: Article) -> list[str]:
    return disagreements(claim_of(one), claim_of(other))


def test_sentences_end_at_stops_in_every_script_and_at_line_breaks():
    text = "Bitcoin rose 5%. Ether fell!\nDid SOL follow? 比特币上涨。以太坊下跌\nU.S. flows"
    assert sentences(text) == {"bitcoinrose5", "etherfell", "didsolfollow", "比特币上涨", "以太坊下跌",
                               "us", "flows"}


def test_fragments_shorter_than_a_word_are_no_sentences():
    assert sentences("A. Bitcoin rose. ?") == {"bitcoinrose"}
    assert len("a") < MIN_SENTENCE


def test_sentences_are_compared_as_keys_are():
    """A dump and a saved page of one sentence differ in case, width, punctuation and spacing."""
    assert sentences("ＢＩＴＣＯＩＮ  rose — 5 %!") == sentences("Bitcoin rose 5%.")


def test_bodies_agree_when_the_share_of_the_shorter_ones_sentences_is_reached():
    longer = frozenset(f"sentence{n}" for n in range(100))
    ten = round(1 / (1 - SHARED_SENTENCES))  # one sentence in ten may be the shorter body's own
    shorter = frozenset([*list(longer)[: ten - 1], "ownsentence"])
    assert bodies_agree(shorter, longer) and bodies_agree(longer, shorter)
    two_own = frozenset([*list(longer)[: ten - 2], "own1", "own2"])
    assert not bodies_agree(two_own, longer)
    assert bodies_agree(frozenset(), frozenset()) and not bodies_agree(frozenset(), longer)


def test_one_article_in_two_copies_agrees_a_copy_of_its_opening_does_not():
    assert differ(article(), article()) == []
    assert differ(article(body=BODY[:5]), article()) == []  # a partial copy of the whole
    opening_then_own = [*BODY[:3], "Send tokens to the wallet below.", "It is urgent."]
    assert differ(article(body=opening_then_own), article()) == ["body"]


def test_facts_disagree_only_when_both_copies_state_them():
    assert differ(article(title="Monthly market wrap"), article()) == ["title"]
    assert differ(article(source="CoinDesk"), article()) == ["source"]
    assert differ(article(source=""), article()) == []
    assert differ(article(authors=["Dana Whitfield"]), article()) == ["authors"]
    assert differ(article(authors=[]), article()) == []
    assert differ(article(date=None), article()) == []
    everything = article(title="Other", source="CoinDesk", authors=["X"], date=WHEN + timedelta(days=3))
    assert differ(everything, article()) == ["title", "date", "source", "authors"]


def test_a_copy_may_name_fewer_authors_never_others():
    two = article(authors=["Elena Kovac", "Jordan Peck"])
    assert differ(article(authors=["elena  KOVAC"]), two) == []
    assert differ(article(authors=["Elena Kovac", "Dana Whitfield"]), two) == ["authors"]


def test_a_title_made_from_the_lead_is_not_compared():
    """A body-only crawl has no title line: its title is its lead's first sentence."""
    crawl = replace(article(title=BODY[0]), title_from_lead=True)
    assert differ(crawl, article()) == []
    assert differ(replace(crawl, title_from_lead=False), article()) == ["title"]


def test_dates_agree_within_a_minute_or_as_an_aggregators_repost():
    assert differ(article(date=WHEN + timedelta(seconds=59)), article()) == []
    assert differ(article(date=WHEN + timedelta(minutes=2)), article()) == ["date"]
    repost = article(via="Bitget", date=WHEN + timedelta(days=200))
    assert differ(repost, article()) == []
    assert differ(article(date=WHEN + timedelta(days=200)), article(via="Bitget")) == ["date"]
    guessed_zone = article(via="Bitget", date=WHEN - REPOST_CLOCK_SLACK)
    assert differ(guessed_zone, article()) == []
    assert differ(article(via="Bitget", date=WHEN - REPOST_CLOCK_SLACK - timedelta(minutes=1)),
                  article()) == ["date"]


def test_a_date_the_page_does_not_state_is_not_compared():
    """Dated by the file's modification time (--date-from-mtime): the page said nothing."""
    mtime = article(date=WHEN + timedelta(days=30))
    assert disagreements(claim_of(mtime, dated=False), claim_of(article())) == []
    assert disagreements(claim_of(mtime, dated=True), claim_of(article())) == ["date"]


# The fixture pages that are articles: the corpus labels the pages that are not (listings, app
# pages), and test_corpus checks they are skipped.
NOT_ARTICLES = {name for name, label in load_labels().items() if label["status"] == "skipped"}
PAGE_FILES = sorted(path for path in [*PAGES.glob("*.txt"), *PAGES.glob("*.html"),
                                      *(FIXTURES / "corpus").glob("*.txt")]
                    if path.name not in NOT_ARTICLES)


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda path: path.name)
def test_a_file_states_what_its_page_stated(tmp_path, page):
    """An article file written earlier is compared with a new page as the page it came from
    would be: same facts, same sentences (links, escapes and list markers are not text)."""
    conversion = convert_file(page, load_rules(), SETTINGS)
    written = tmp_path / "article.en.md"
    written.write_text(conversion.stored, encoding="utf-8")
    page_claim = claim_of(conversion.article, conversion.date_from_page)
    file_claim = claim_of_file(written)
    assert replace(file_claim, title="") == replace(page_claim, title="")
    assert disagreements(file_claim, page_claim) == []


def test_a_file_that_says_no_date_or_author_states_none(tmp_path):
    written = tmp_path / "a.en.md"
    written.write_text("Title: A\nStatus: draft\nSource: The Block\n\nOne sentence here.\n", encoding="utf-8")
    claim = claim_of_file(written)
    assert (claim.date, claim.authors, claim.source, claim.via) == (None, frozenset(), "theblock", False)
    assert claim.sentences == {"onesentencehere"}


def test_a_copy_kept_apart_has_a_key_of_its_own_every_run():
    key = "4e4edc08599ac0ba"
    own = apart_key(key, "scraped/claim.html")
    assert own == apart_key(key, "scraped/claim.html")
    assert len(own) == 16 and int(own, 16) >= 0
    assert own not in (key, apart_key(key, "scraped/other.html"), apart_key("0" * 16, "scraped/claim.html"))



def test_a_file_states_its_authors_as_pelican_reads_them(tmp_path):
    """Names holding a comma are written with '; ' between them (names.author_list): the file's
    claim reads the same two authors, not four fragments."""
    written = tmp_path / "a.en.md"
    header = "Title: A\nAuthors: Doe, Jane; Roe, Richard\nSource: The Block\n"
    written.write_text(f"{header}\nOne sentence here.\n", encoding="utf-8")
    assert claim_of_file(written).authors == {"doejane", "roerichard"}
    written.write_text("Title: A\nAuthor: Doe, Jane\n\nOne sentence here.\n", encoding="utf-8")
    assert claim_of_file(written).authors == {"doejane"}
