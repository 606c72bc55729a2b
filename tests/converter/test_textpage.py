"""Text dumps of Bitget pages: the header read by the page grammar, the body cut into blocks.

The dumps below follow the fixtures' layout (tests/fixtures/pages/*.txt): app banner, tagline,
nav line, the title twice, "<Source><Source><date>", "View original", the author line, the body.
"""

from __future__ import annotations

import pytest
from converter.grammar import load_grammar
from converter.model import PageFacts
from converter.textpage import parse_text_page

CHROME = "Bitget App\nTrade smarter\nBuy cryptoMarketsTradeFuturesEarnWeb3SquareMore\n"
TITLE = "Japan's yield surge revives carry-trade fears as Bitcoin slips below $90,000"
BODY = (
    "Japan's government bond market delivered another jolt to global risk assets this week.\n\n"
    "Bitcoin slipped below $90,000 during Asian trading hours on Tuesday.\n"
)


def parse(text: str) -> PageFacts:
    return parse_text_page(text, load_grammar())


def dump(byline: str = "View original\nBy:Hannah Brooks\n",
         dateline: str = "CryptoSlateCryptoSlate2025/12/03 14:05", body: str = BODY) -> str:
    return f"{CHROME}{TITLE}\n\n{TITLE}\n\n{dateline}\n{byline}\n{body}"


def paragraphs(facts: PageFacts) -> list[str]:
    return [block.text for block in facts.blocks]


def test_header_of_a_bitget_dump():
    facts = parse(dump())
    assert facts.title == TITLE
    assert facts.source == "CryptoSlate"
    assert facts.date_text == "2025/12/03 14:05"
    assert facts.via == "Bitget"
    assert facts.authors == ["Hannah Brooks"]
    assert facts.lang == ""
    assert facts.structured is False
    assert paragraphs(facts) == [
        "Japan's government bond market delivered another jolt to global risk assets this week.",
        "Bitcoin slipped below $90,000 during Asian trading hours on Tuesday.",
    ]
    assert {block.kind for block in facts.blocks} == {"paragraph"}


@pytest.mark.parametrize(
    ("dateline", "source"),
    [
        ("The Block2025/11/23 22:24", "The Block"),  # name only, odd length
        ("CoinDesk2025/11/23 22:24", "CoinDesk"),  # even length, not doubled
        ("The BlockThe Block2025/11/23 22:24", "The Block"),
        ("PANewsPANews2025/11/23 22:24:05", "PANews"),
    ],
)
def test_source_logo_text_and_name_are_undoubled(dateline, source):
    facts = parse(dump(dateline=dateline))
    assert facts.source == source
    assert facts.date_text == dateline[len(dateline) - len(facts.date_text):]


def test_a_number_glued_to_a_date_is_no_dateline():
    """A like count or list number run into a related article's time is not the byline."""
    text = f"{CHROME}12025/11/23 22:24\n{TITLE}\nCoinspeaker2025/12/03 14:05\n{BODY}"
    facts = parse(text)
    assert facts.source == "Coinspeaker"
    assert facts.title == TITLE


def test_datelines_after_the_tail_start_belong_to_related_articles():
    text = f"{CHROME}{TITLE}\n{BODY}\nYou may also like\nThe Block2025/11/23 22:24\nAnother article\n"
    facts = parse(text)
    assert (facts.source, facts.date_text) == ("", "")
    assert facts.title == TITLE
    assert facts.via == "Bitget"
    assert paragraphs(facts)[0].startswith("Japan's government bond market")


def test_a_dump_without_chrome_or_dateline_is_not_via_bitget():
    facts = parse(f"{TITLE}\n{BODY}")
    assert facts.title == TITLE
    assert facts.via == ""
    assert len(facts.blocks) == 2


def test_an_all_chrome_dump_has_no_title():
    facts = parse(CHROME)
    assert facts.title == ""
    assert facts.blocks == []


def test_title_is_the_last_content_line_before_the_dateline():
    text = f"{CHROME}Old headline\n{TITLE}\nTrade smarter\n\nCryptoSlate2025/12/03 14:05\n{BODY}"
    assert parse(text).title == TITLE


def test_the_title_printed_twice_wins_over_a_level_line_under_it():
    """bitget-pt-academy-pre-market-header.txt: the title twice, then the level ("Iniciante")."""
    text = f"{CHROME}{TITLE}\n\n{TITLE}\n\nBeginner\nCryptoSlate2025/12/03 14:05\n{BODY}"
    assert parse(text).title == TITLE


def test_dateline_under_chrome_only_leaves_the_title_empty():
    facts = parse(f"{CHROME}CryptoSlate2025/12/03 14:05\n{BODY}")
    assert facts.title == ""
    assert facts.source == "CryptoSlate"


def test_byline_lines_in_any_order_and_with_blank_lines():
    facts = parse(dump(byline="\nBy : Hannah Brooks , Omar Reyes\n\nView original\n"))
    assert facts.authors == ["Hannah Brooks", "Omar Reyes"]
    assert paragraphs(facts)[0].startswith("Japan's government bond market")


def test_dump_without_byline_starts_the_body_after_the_dateline():
    facts = parse(dump(byline=""))
    assert facts.authors == []
    assert len(facts.blocks) == 2


def test_empty_author_line_names_nobody_and_is_not_body():
    facts = parse(dump(byline="By:\n"))
    assert facts.authors == []
    assert paragraphs(facts)[0].startswith("Japan's government bond market")


def test_japanese_byline():
    text = ("Bitget App\nスマートな取引を実現\n暗号資産を購入市場取引先物Bitget Earn広場もっと見る\n"
            "ペンタゴンがレアアース備蓄を拡大\n\nCryptoSlateCryptoSlate2025/10/12 09:30\n"
            "原文を表示\n著者：Liam 'Akiba' Wright\n\n"
            "米国防総省は重要鉱物の備蓄を拡大している。\n")
    facts = parse(text)
    assert facts.authors == ["Liam 'Akiba' Wright"]
    assert paragraphs(facts) == ["米国防総省は重要鉱物の備蓄を拡大している。"]


def test_paragraph_separators_split_and_strip():
    facts = parse(dump(body="First point ⋅ second point ⋅  ⋅ third point\n   \n"))
    assert paragraphs(facts) == ["First point", "second point", "third point"]


def test_body_text_is_escaped_not_markup():
    facts = parse(dump(body='Fees <b>fell</b> & "spreads" tightened.\n'))
    block = facts.blocks[0]
    assert block.text == 'Fees <b>fell</b> & "spreads" tightened.'
    assert block.html == 'Fees &lt;b&gt;fell&lt;/b&gt; &amp; "spreads" tightened.'


def test_body_right_under_the_dateline_is_kept():
    text = f"{CHROME}{TITLE}\nCryptoSlate2025/12/03 14:05\n{BODY}"
    assert paragraphs(parse(text))[0].startswith("Japan's government bond market")


def test_a_dump_cut_after_its_byline_has_no_body():
    facts = parse(f"{CHROME}{TITLE}\nCryptoSlate2025/12/03 14:05\nView original\nBy:Hannah Brooks")
    assert facts.authors == ["Hannah Brooks"]
    assert facts.blocks == []


def test_one_chrome_line_is_enough_to_recognise_the_layout():
    facts = parse(f"Bitget App\n{TITLE}\n{BODY}")
    assert (facts.title, facts.via) == (TITLE, "Bitget")


# --- Pages without a title line (body-only crawls) ------------------------------------------------


LEAD = ("Public miners sold more bitcoin than they mined in November. Hosting deals with AI firms "
        "doubled over the same month, filings show.")


def test_a_crawl_that_starts_with_its_lead_keeps_it_and_leaves_the_title_to_the_lead():
    facts = parse(f"{LEAD}\n\n{BODY}")
    assert (facts.title, facts.title_from_lead) == ("", True)
    assert paragraphs(facts)[0] == LEAD


def test_a_bylined_crawl_keeps_its_author_line_for_clean_and_its_lead():
    facts = parse(f"Author: Cathy, BAIHUA Blockchain\n{LEAD}\n{BODY}")
    assert facts.title_from_lead
    assert paragraphs(facts)[:2] == ["Author: Cathy, BAIHUA Blockchain", LEAD]


def test_a_lone_bullet_is_never_the_title():
    facts = parse(f"-\n{TITLE}\n{BODY}")
    assert (facts.title, facts.title_from_lead) == (TITLE, False)


def test_a_short_unpunctuated_first_line_is_still_the_title():
    facts = parse(f"{TITLE}\n{BODY}")
    assert (facts.title, facts.title_from_lead) == (TITLE, False)
    assert TITLE not in paragraphs(facts)


def test_a_cut_teaser_above_the_full_text_is_not_body():
    """bitget-ru-news-not-usdt-trade-to-earn.txt: a preview card's copy of the first lines, cut
    mid-word, above the lines themselves (a list marker in them does not hide the copy)."""
    lead, intro, item = ("Bitget opens a campaign for NOT/USDT traders!", "The prize pool has two parts:",
                         "- A fixed part of 200,000 BGB. Each day 20,000 BGB are shared.")
    teaser = f"{lead} {intro} A fixed part of 200,000 BGB. Each da"
    facts = parse(dump(body=f"{teaser}\n{lead}\n{intro}\n{item}\n"))
    assert paragraphs(facts) == [lead, intro, item]


def test_a_line_that_does_not_copy_what_follows_stays():
    heading = "Bitcoin slipped below $90,000: what traders watch next"
    body = f"{heading}\nBitcoin slipped below $90,000 during Asian trading hours on Tuesday.\n"
    assert paragraphs(parse(dump(body=body)))[0] == heading


def test_a_buttons_label_that_a_line_above_names_in_quotes_is_not_body():
    """bitget-ru-news-not-usdt-trade-to-earn.txt: "Нажмите «Торгуйте, чтобы заработать», …", the
    period line, then the button's label alone."""
    lines = ["Нажмите «Торгуйте, чтобы заработать», чтобы присоединиться к акции!",
             "Период акции: 4 июня, 13:00 – 12 июня, 18:59 (мск)", "Торгуйте, чтобы заработать",
             "Как принять участие:"]
    assert paragraphs(parse(dump(body="\n".join(lines) + "\n"))) == [lines[0], lines[1], lines[3]]


def test_a_quoted_name_far_above_or_unquoted_does_not_remove_a_line():
    lines = ["Tap “Earn” on the home page.", "Rates change daily.", "Rates are set by demand.",
             "Payouts come hourly.", "Earn", "Open the app and tap Earn.", "Earn"]
    assert paragraphs(parse(dump(body="\n".join(lines) + "\n"))) == lines


@pytest.mark.parametrize("line", ["延伸閱讀:《以太幣跌破趨勢線》", "推荐阅读：《比特币减半》 《以太坊升级》"])
def test_a_label_over_other_articles_titles_is_no_body_line_whatever_the_label(line):
    body = f"比特币价格周二回落。\n{line}\n分析师认为支撑位在九万美元。\n"
    assert paragraphs(parse(dump(body=body))) == ["比特币价格周二回落。", "分析师认为支撑位在九万美元。"]


def test_a_title_named_inside_a_sentence_stays():
    line = "他在《比特币白皮书》中写道:点对点电子现金。"
    assert line in paragraphs(parse(dump(body=f"{line}\n")))


@pytest.mark.parametrize(("line", "kept"), [
    ("upload_47f7c2d9e8b1a1558×1546 298 KB", None),
    ("The chart shows the drop. chart.png 1920x1080 1.2 MB The fund bought more.",
     "The chart shows the drop. The fund bought more."),
])
def test_a_forum_pictures_upload_name_size_and_bytes_are_not_body(line, kept):
    """A forum's picture leaves its file name, its size in pixels and in bytes as text."""
    after = "Bitcoin slipped below $90,000."
    assert paragraphs(parse(dump(body=f"{line}\n{after}\n"))) == ([kept] if kept else []) + [after]


def test_sizes_in_a_sentence_without_bytes_stay():
    line = "The new screens run at 2560×1440 and cost 300 USDT."
    assert paragraphs(parse(dump(body=f"{line}\n"))) == [line]
