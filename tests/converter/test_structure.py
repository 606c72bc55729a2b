"""The body of a text dump read back into structure: lists, joined fragments, subheadings.

The lines below are shaped after real Bitget dumps (tests/fixtures/corpus/): list items with
`-`, `·`, `•` and numbers, a bullet on a line of its own, sentences cut where a link was
stripped, tweet attributions and lines that only introduce a list.
"""

from __future__ import annotations

import pytest
from converter.grammar import load_grammar
from converter.model import Block, PageFacts
from converter.structure import infer_structure


def structure(*lines: str) -> list[tuple[str, str]]:
    facts = PageFacts(lang="en", blocks=[Block("paragraph", line, line) for line in lines])
    return [(block.kind, block.text) for block in infer_structure(facts, load_grammar()).blocks]


LEAD = "Japan's government bond market delivered another jolt to global risk assets this week."
CLOSE = "Traders now watch the December policy meeting."


def test_short_unpunctuated_line_between_paragraphs_is_a_subheading():
    assert structure(LEAD, "The carry trade that never fully unwound", CLOSE) == [
        ("paragraph", LEAD), ("heading", "The carry trade that never fully unwound"), ("paragraph", CLOSE)]


def test_the_last_line_is_never_a_subheading_the_first_may_be():
    """Support pages open their body with a section heading ("リスク警告")."""
    assert structure("Short opener", LEAD, "Short closer") == [
        ("heading", "Short opener"), ("paragraph", LEAD), ("paragraph", "Short closer")]


def test_a_long_unpunctuated_first_line_is_the_deck_not_a_subheading():
    deck = "Bond yields in Tokyo jumped to a 17-year high and took Bitcoin down with them"
    assert structure(deck, LEAD, CLOSE)[0] == ("paragraph", deck)
    assert structure("Introduction", LEAD, CLOSE)[0] == ("heading", "Introduction")


@pytest.mark.parametrize("line", [
    "¿Se está asustando el capital institucional?", "総合取引アカウントとは?", "如何開啟尊享模式？"])
def test_a_short_question_between_paragraphs_is_a_subheading(line):
    assert structure(LEAD, line, CLOSE)[1] == ("heading", line)


@pytest.mark.parametrize(
    "line",
    [
        "Bitcoin fell.",
        "Analysts said:",
        "「市場は反発する」",
        "“We expect a hike”",
        "(Updated with prices)",
        "2025",
        "",
    ],
)
def test_sentences_quotations_and_figures_are_not_subheadings(line):
    assert structure(LEAD, line, CLOSE)[1] == ("paragraph", line)


@pytest.mark.parametrize("line", [
    "Good news! The June trading contest has begun",  # bitget-th-support-futures-competition-macbook.txt
    "Prices fell again. Traders wait for the Fed",
    "好消息！六月交易赛开始了",
])
def test_a_short_line_in_which_a_sentence_ends_is_prose_not_a_subheading(line):
    assert structure(LEAD, line, CLOSE)[1] == ("paragraph", line)


@pytest.mark.parametrize("line", [
    "ビットコインとは?初心者が押さえたい基本", "U.S. SEC approves spot ether funds", "What Mr. Powell said",
    "Apple Inc. Buys Bitcoin", "Ethereum 2.0 at a glance"])
def test_questions_initials_and_abbreviations_inside_a_subheading_end_no_sentence(line):
    assert structure(LEAD, line, CLOSE)[1] == ("heading", line)


def test_latin_subheadings_up_to_110_characters():
    longest = ("Why the carry trade matters " * 4)[:110]
    assert len(longest) == 110
    assert structure(LEAD, longest, CLOSE)[1][0] == "heading"
    assert structure(LEAD, longest + "y", CLOSE)[1][0] == "paragraph"


def test_cjk_subheadings_up_to_60_characters():
    longest = "レアアース備蓄が金とビットコインに与える意味" * 3
    longest = longest[:60]
    assert structure(LEAD, longest, CLOSE)[1][0] == "heading"
    assert structure(LEAD, longest + "を", CLOSE)[1][0] == "paragraph"


def test_a_line_counts_as_latin_above_60_percent_ascii():
    """A Japanese subheading quoting English words is measured by the CJK limit."""
    english = "Bitcoin miners and ETF flows in macro risk"
    japanese = "マイナーの備蓄と資金流入がマクロ不確実性の時期にどう動い"
    at_60_percent = english + japanese[:28]  # 42 of 70 characters ASCII: CJK, over 60
    assert structure(LEAD, at_60_percent, CLOSE)[1][0] == "paragraph"
    above = "S" + at_60_percent  # 43 of 71: Latin, under 110
    assert structure(LEAD, above, CLOSE)[1][0] == "heading"


def test_section_markers_announce_a_subheading_and_are_dropped():
    """"01" standing alone numbers the next line, which is a subheading whatever its length."""
    long_heading = ("Bitcoin's paradox: immune to supply chains, exposed to risk-off sentiment, "
                    "and still traded like tech.")
    assert structure(LEAD, "01", long_heading, CLOSE) == [
        ("paragraph", LEAD), ("heading", long_heading), ("paragraph", CLOSE)]


def test_a_marker_only_marks_the_next_line():
    assert structure(LEAD, "02", "A heading", LEAD, CLOSE) == [
        ("paragraph", LEAD), ("heading", "A heading"), ("paragraph", LEAD), ("paragraph", CLOSE)]


def test_a_marker_as_the_last_line_is_kept():
    assert structure(LEAD, "03") == [("paragraph", LEAD), ("paragraph", "03")]


def test_a_marker_before_the_last_line_still_marks_it():
    assert structure(LEAD, "01", "What comes next") == [("paragraph", LEAD), ("heading", "What comes next")]


def items(*lines: str) -> list[tuple[str, str, bool]]:
    facts = PageFacts(lang="en", blocks=[Block("paragraph", line, line) for line in lines])
    return [(b.kind, b.text, b.ordered) for b in infer_structure(facts, load_grammar()).blocks]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("- Crypto loans with BGB as collateral", "Crypto loans with BGB as collateral"),
        ("· BGB担保ローン", "BGB担保ローン"),
        ("·BGB担保ローン", "BGB担保ローン"),
        ("• Lower fees for makers", "Lower fees for makers"),
        ("・手数料の引き下げ", "手数料の引き下げ"),
        ("○ Übertragen Sie BGB auf Ihr Konto.", "Übertragen Sie BGB auf Ihr Konto."),
        ("■ Lower fees for makers", "Lower fees for makers"),
    ],
)
def test_bulleted_lines_are_list_items_whatever_the_bullet(line, text):
    assert items(LEAD, line, CLOSE)[1] == ("list_item", text, False)


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("1. 单时隙确定性最终性", "单时隙确定性最终性"),
        ("1.单时隙确定性最终性", "单时隙确定性最终性"),
        ("2) Validators exit faster", "Validators exit faster"),
        ("3、质押门槛降低", "质押门槛降低"),
    ],
)
def test_numbered_lines_are_ordered_list_items(line, text):
    assert items(LEAD, line, line, CLOSE)[1:3] == [("list_item", text, True)] * 2


def test_paragraphs_numbered_in_parentheses_stay_paragraphs_with_their_numbers():
    """bitget-zh-cn-support-onchain-deposit-web.txt: notes "(1)…" to "(7)…" under "充值前注意事项:"."""
    lines = ("Before you deposit:", "(1)The address appears once you pick a network.",
             "(2)Each coin has a minimum deposit.", "（3）入账后即可交易。")
    assert structure(*lines, CLOSE) == [("paragraph", line) for line in (*lines, CLOSE)]


@pytest.mark.parametrize("line", ["1. Overview", "2. 比較するときに見るべき点"])
def test_a_short_numbered_line_between_paragraphs_is_a_section_heading(line):
    assert items(LEAD, line, CLOSE)[1] == ("heading", line, False)


def test_a_short_numbered_line_over_a_bulleted_list_is_the_sections_heading():
    """bitget-pt-news-altcoin-etfs-price-gap.txt: "1. <section>", then "● " points, then "2. …"."""
    lines = items(LEAD, "1. A market redrawn by regulation", "● Eight altcoins got spot funds.",
                  "● Approval took six months.", "2. Money in the funds, prices down", CLOSE)
    assert [kind for kind, _, _ in lines] == ["paragraph", "heading", "list_item", "list_item", "heading",
                                              "paragraph"]


def test_numbered_sections_after_a_numbered_list_start_again_at_one():
    """bitget-th-support-futures-competition-macbook.txt: the events listed 1 to 3, then the
    sections "1. <period>" and "2. <rules>", each over short lines of dates."""
    lines = items("The contest has three events:", "1. Early birds get a 10 USDT bonus",
                  "2. The top trader wins a laptop", "3. The top 200 share 80,000 USDT",
                  "1. Promotion period", "Sign-up: June 10, 07:00 – June 30, 22:59 (UTC+7)",
                  "Contest: June 10, 07:00 – June 30, 22:59 (UTC+7)", "2. Reward rules", CLOSE)
    assert [kind for kind, _, _ in lines] == ["paragraph", "list_item", "list_item", "list_item", "heading",
                                              "paragraph", "paragraph", "heading", "paragraph"]


def test_a_short_numbered_line_whose_next_number_is_a_sentence_opens_a_list():
    """bitget-vi-support-spot-fee-structure.txt: "1. <fee table's name>", the table, then
    "2. <sentence>." and "3. <sentence>.": one list, cut by the table."""
    lines = items(LEAD, "1. Spot fee structure", "VIP 1", "0.040%", "2. Margin fees cannot be paid in BGB.",
                  "3. Spot volume counts toward VIP levels.", CLOSE)
    assert lines[1] == ("list_item", "Spot fee structure", True)


@pytest.mark.parametrize("label", ["第{}步:", "Step {}:", "Шаг {}.", "Bước {}"])
def test_a_numbered_step_label_repeated_down_the_page_heads_each_step(label):
    """bitget-zh-cn-support-onchain-deposit-web.txt: "第1步:", a sentence, "第2步:", … ."""
    lines = structure(LEAD, label.format(1), "Open the Assets page.", label.format(2),
                      "Pick the coin.", label.format(3), "Pick the network.", "Check the memo.", CLOSE)
    assert [text for kind, text in lines if kind == "heading"] == [label.format(n) for n in (1, 2, 3)]
    assert ("paragraph", "Pick the network.") in lines  # a colon no longer introduces a list


@pytest.mark.parametrize("lines", [
    ("Step 1:", "Open the Assets page."),  # one step: nothing repeats
    ("Step 1:", "Open the Assets page.", "Step 3:", "Pick the coin."),  # not the next number
    ("Schritt 1: Melden Sie sich an.", "Schritt 2: Klicken Sie auf den Schalter."),  # steps, not labels
    ("VIP 1", "0.040%", "0.060%", "VIP 2", "0.030%", "0.050%"),  # a table's rows, one cell a line
])
def test_a_label_that_does_not_repeat_with_the_next_number_is_no_step_heading(lines):
    assert "heading" not in [kind for kind, _ in structure(LEAD, *lines, CLOSE)]


def test_lettered_steps_under_a_numbered_heading_are_a_list_not_one_paragraph():
    """bitget-id-support-traderpro-rules.txt: "2. Cara mendaftar", then "a. …", "b. …" (a
    lowercase line had read as the rest of the line above, cut where a link was)."""
    lines = items(LEAD, "2. How to sign up", "a. Open the TraderPro page.",
                  "b. Fill in your Telegram account.", CLOSE)
    assert lines[1:4] == [("heading", "2. How to sign up", False),
                          ("list_item", "Open the TraderPro page.", True),
                          ("list_item", "Fill in your Telegram account.", True)]


def test_a_sentence_that_opens_with_an_initial_is_no_lettered_item():
    assert items(LEAD, "e.g. the fee stays at zero.", CLOSE)[0][0] == "paragraph"


def test_numbered_lines_side_by_side_stay_a_list_whatever_their_numbers():
    """Bitget numbers every item of some lists 1."""
    assert [kind for kind, _, _ in items(LEAD, "1. Open the app", "1. Tap Futures", CLOSE)][1:3] == [
        "list_item", "list_item"]


def test_a_numbered_sentence_between_paragraphs_is_a_list_of_one():
    line = "1. Validators that exit early lose part of their stake."
    assert items(LEAD, line, CLOSE)[1] == ("list_item", line[3:], True)


@pytest.mark.parametrize("line", [
    "-5% on the day left Solana at its lowest since June.",
    "1.5% is the new yield on the ten-year note.",
    "2024. The year spot ETFs came to the United States.",
])
def test_numbers_and_signs_that_open_a_sentence_are_not_markers(line):
    assert items(LEAD, line, CLOSE)[1][:2] == ("paragraph", line)


def test_a_bullet_alone_on_its_line_marks_the_next_line():
    assert items(LEAD, "-", "Crypto loan", "-", "Launchpool rewards", CLOSE) == [
        ("paragraph", LEAD, False),
        ("list_item", "Crypto loan", False),
        ("list_item", "Launchpool rewards", False),
        ("paragraph", CLOSE, False),
    ]


def test_a_line_cut_at_a_stripped_link_is_joined_to_its_continuation():
    cut = ("In a significant legal decision,", ", a court in London sentenced the fraudster.")
    assert structure(*cut, CLOSE) == [
        ("paragraph", "In a significant legal decision,, a court in London sentenced the fraudster."),
        ("paragraph", CLOSE),
    ]
    assert structure(LEAD, "The ruling came from", "the High Court on Tuesday.", CLOSE)[1] == (
        "paragraph", "The ruling came from the High Court on Tuesday.")


def test_a_line_that_ends_a_clause_is_not_joined_to_a_lowercase_line_under_it():
    """bitget-es-academy-trading-bonus.txt: "- Participar en eventos especiales …;" over "etc."."""
    lines = items(LEAD, "- Invite friends;", "- Join special events (such as seasonal campaigns);",
                  "etc.", CLOSE)
    assert lines[2:4] == [("list_item", "Join special events (such as seasonal campaigns);", False),
                          ("paragraph", "etc.", False)]


def test_a_line_that_ends_on_a_one_letter_word_goes_on_on_the_next_line():
    """bitget-pt-support-delisting-spot-pairs.txt: "… 18 pares de trading a" over "23 de outubro, …"."""
    cut = ("A Bitget vai retirar um total de 18 pares de trading a", "23 de outubro, às 8h00.")
    assert structure(LEAD, *cut, CLOSE)[1] == ("paragraph", " ".join(cut))
    assert structure(LEAD, "Plan B", "2024 was the year of the ETF.", CLOSE)[1] == ("heading", "Plan B")


def test_chinese_fragments_join_without_a_space():
    assert structure("据报道，", "该协议的总锁仓价值已超过十亿美元。", CLOSE)[0] == (
        "paragraph", "据报道，该协议的总锁仓价值已超过十亿美元。")


def test_a_line_introducing_a_list_is_a_paragraph_and_the_list_follows():
    assert items(LEAD, "The update brings three changes:", "- Faster exits", "- Lower fees", CLOSE)[1:4] == [
        ("paragraph", "The update brings three changes:", False),
        ("list_item", "Faster exits", False),
        ("list_item", "Lower fees", False),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "— tempo (@tempo) December 17, 2025",
        "— Vitalik Buterin (@VitalikButerin) March 3, 2024",
        "December 17, 2025",
        "2025/12/17 09:30",
        "06:17",
        "$90,000 support",
    ],
)
def test_attributions_dates_and_figures_are_not_subheadings(line):
    assert structure(LEAD, line, CLOSE)[1] == ("paragraph", line)


def test_a_run_of_short_lines_is_not_a_stack_of_subheadings():
    lines = ["Bitcoin", "Ethereum", "Solana"]
    assert [kind for kind, _ in structure(LEAD, *lines, CLOSE)[1:4]] == ["paragraph"] * 3
    two = structure(LEAD, "What changed", "Why it matters", CLOSE)
    assert [kind for kind, _ in two[1:3]] == ["heading"] * 2


def test_labels_in_brackets_over_each_part_are_subheadings_when_there_are_several():
    """bitget-es-academy-trading-bonus.txt: "[SITIO WEB]" over the website's steps, "[APP]" over the app's."""
    lines = structure(LEAD, "[WEBSITE]", "Open the Rewards Center and pick a bonus.", "[APP]",
                      "Open the Rewards Center in the app.", CLOSE)
    assert [text for kind, text in lines if kind == "heading"] == ["[WEBSITE]", "[APP]"]
    assert structure(LEAD, "[Register]", CLOSE)[1] == ("paragraph", "[Register]")


def test_a_heading_and_its_subheading_under_a_line_of_facts_are_headings():
    """bitget-uk-support-futures-titans-leaderboard.txt: the period line, "Правила промоакції",
    "Таблиці лідерів і призовий пул", then the rules."""
    lines = structure(LEAD, "Promotion period: December 23, 18:00 – January 20, 17:55 (UTC+2)",
                      "Promotion rules", "Leaderboards and prize pool", CLOSE)
    assert [kind for kind, _ in lines] == ["paragraph", "paragraph", "heading", "heading", "paragraph"]


def test_short_lines_over_more_short_lines_stay_paragraphs():
    lines = structure(LEAD, "Period: December 23 – January 20 (UTC+2)", "Promotion rules", "Leaderboards",
                      "Prize pool (USDT)", CLOSE)
    assert "heading" not in [kind for kind, _ in lines]


def test_lines_under_an_introduction_whose_bullets_were_lost_are_a_list():
    lines = ["重點摘要:", "以太幣現貨 ETF 已經打開投資管道。", "Solana 的市場基礎設施大致就緒。",
             "以太幣在 ETF 競賽中先走一步。美國現貨以太幣 ETF 在 2024 年 7 月開始交易,"
             "第一天就吸引了大量資金流入,此後資金流向隨市場情緒起伏,並沒有一路向上。"]
    assert [kind for kind, *_ in items(*lines)] == ["paragraph", "list_item", "list_item", "paragraph"]


def test_long_one_sentence_lines_under_an_introduction_are_a_list_up_to_a_paragraph_of_sentences():
    """bitget-vi-cointelegraph-sol-vs-eth-etf.txt: "Những điểm chính:", four points of one
    sentence each (some over 140 characters), then the article's first paragraph."""
    point = ("SOL's market plumbing is nearly complete: CME futures already trade, options are due on"
             " October 13 pending approval, and a generic listing standard shortens the road to a fund.")
    assert 140 < len(point) <= 220
    lines = ("Key takeaways:", "Ether ETFs opened a new channel.", point, f"{LEAD} {CLOSE} {LEAD}")
    assert [kind for kind, *_ in items(*lines)] == ["paragraph", "list_item", "list_item", "paragraph"]


def test_one_line_under_an_introduction_is_a_paragraph():
    long_paragraph = LEAD + " " + CLOSE + " " + LEAD
    lines = ("Analysts said:", "Bitcoin will hold $90,000.", long_paragraph)
    assert [kind for kind, *_ in items(*lines)] == ["paragraph"] * 3


def test_a_first_item_glued_to_the_line_that_introduces_the_list_is_an_item():
    """bitget-zh-cn-news-rgbpp-ckb-bodyonly.txt: "摘要(较长):·RGB 协议…" over "·RGB协议…"."""
    lines = items(LEAD, "Summary:·RGB keeps data off the chain.", "·RGB++ moves it onto CKB.", CLOSE)
    assert lines[1:4] == [("paragraph", "Summary:", False),
                          ("list_item", "RGB keeps data off the chain.", False),
                          ("list_item", "RGB++ moves it onto CKB.", False)]


def test_a_middle_dot_after_a_colon_with_no_list_under_it_stays():
    for line in ("发言人:唐纳德·特朗普", "Rating:·····"):
        assert [text for _, text in structure(LEAD, line, CLOSE)] == [LEAD, line, CLOSE]


def test_key_points_glued_on_one_bulleted_line_are_one_item_each():
    """Issue 23's unseen pages: "- China's regulators halt … - Global stablecoin usage … - …"."""
    line = ("- China's regulators halt new stablecoin pilots - Global stablecoin usage keeps growing"
            " - Hong Kong licenses its first issuers")
    assert [text for kind, text, _ in items(LEAD, line, CLOSE) if kind == "list_item"] == [
        "China's regulators halt new stablecoin pilots", "Global stablecoin usage keeps growing",
        "Hong Kong licenses its first issuers"]


def test_a_dash_inside_one_point_does_not_split_it():
    line = "- Bitcoin - the largest asset - fell, and ether - the second - followed"
    assert [kind for kind, _, _ in items(LEAD, line, CLOSE)].count("list_item") == 1
