"""Pages that are not articles, told apart by structure (shaped after tests/fixtures/corpus/)."""

from __future__ import annotations

from converter.grammar import load_grammar
from converter.pagekind import not_an_article

GRAMMAR = load_grammar()
ARTICLE = ("Bitget App\nTrade smarter\nSpot bitcoin ETFs post a third day of outflows\n\n"
           "The BlockThe Block2025/12/03 14:05\nBy:Marcus Hale\n\n"
           "US spot bitcoin funds lost $410 million on Monday, the third day in a row.\n\n"
           "Traders said at 09:30 the selling slowed.\n")


def test_an_article_is_an_article():
    assert not_an_article(ARTICLE, GRAMMAR) is None


def test_a_flash_feed_is_a_listing():
    items = "".join(f"0{n}:1{n}\nHeadline number {n}\nA line of text about it.\n" for n in range(3))
    assert not_an_article(f"News\nbanner\nFlash\n{items}", GRAMMAR) == (
        "not an article: a news feed or listing (3 timestamped items)")


def test_two_times_on_their_own_lines_may_be_an_articles():
    assert not_an_article(ARTICLE + "06:17\nA quote.\n06:18\n", GRAMMAR) is None


def test_a_page_of_ui_keys_is_an_app_page():
    page = "Bitget App\ncommon_header.buy_crypto\nCard\nreserveCertificate-bannerRight\nno-risk-riskVs\n"
    reason = not_an_article(page, GRAMMAR)
    assert reason == "not an article: a site or app page (3 lines are UI keys, not text)"


def test_words_joined_by_hyphens_in_an_article_are_not_ui_keys():
    page = ARTICLE + "on-chain\nlayer-2\nproof-of-stake\nfast_food\n"
    assert not_an_article(page, GRAMMAR) is None


def test_an_article_under_an_untranslated_menu_is_an_article():
    """An academy page whose header menu printed its UI keys (common_header.*) still has its own
    paragraphs: it is no app page (issue 23: such a page was skipped, and its twin lost a date)."""
    menu = "".join(f"common_header.{key}\n" for key in ("buy_crypto", "markets", "trade", "futures", "earn"))
    body = ("Copy trading lets a follower mirror the positions of a trader they choose, at a size they set.\n"
            "The follower keeps control of the account and can stop copying at any moment they want.\n"
            "Fees are shared with the trader only on profitable positions, as the platform's rules state.\n")
    assert not_an_article(f"Bitget App\n{menu}What is copy trading?\n{body}", GRAMMAR) is None
    assert not_an_article(f"Bitget App\n{menu}What is copy trading?\n", GRAMMAR) is not None
