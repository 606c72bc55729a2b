"""Cleaning a page's blocks: the tail cut, metadata lifted out of the body, noise dropped."""

from __future__ import annotations

import html

from converter.clean import IN_BODY_METADATA_WINDOW, MAX_BLOCK_TEXT, clean_page, split_authors
from converter.grammar import load_grammar
from converter.model import Block, PageFacts

TITLE = "Bitcoin miners pivot to AI as hashprice hits a record low"
LEAD = "Public miners are signing hosting deals with AI firms as revenue per terahash falls."
MORE = "Hashprice fell below $40 per petahash per day this week, according to Luxor data."


def para(text: str, markup: str | None = None) -> Block:
    return Block("paragraph", text, html.escape(text, quote=False) if markup is None else markup)


def clean(*blocks: Block, **facts) -> PageFacts:
    return clean_page(PageFacts(lang="en", title=TITLE, blocks=list(blocks), **facts), load_grammar())


def texts(facts: PageFacts) -> list[str]:
    return [block.text for block in facts.blocks]


def test_nothing_from_the_tail_on_is_article():
    disclaimer = "Disclaimer: The content of this article solely reflects the author's opinion."
    facts = clean(para(LEAD), para(disclaimer), para(MORE), para("You may also like"))
    assert texts(facts) == [LEAD]


def test_a_disclaimer_the_articles_own_prose_follows_is_part_of_the_article():
    """An academy page states its terms first (bitget-ja-academy-bitcoin-2025-review.txt): three
    finished paragraphs after it, before anything of the site's tail, make it the article's."""
    terms = "Disclaimer: This content is for information only and is not financial advice."
    body = [LEAD, MORE, "Miners that signed early deals now earn more from hosting than from blocks."]
    facts = clean(para(terms), *map(para, body), para("PoolX: Lock to earn new tokens"))
    assert texts(facts) == [terms, *body]


def test_a_disclaimer_before_the_sites_tail_ends_the_article_however_much_follows():
    disclaimer = "Disclaimer: The content of this article solely reflects the author's opinion."
    related = [para(MORE), para("The Block2025/08/19 03:12"), para(LEAD), para(MORE + " Again."),
               para("Miners that signed early deals now earn more from hosting than from blocks.")]
    facts = clean(para(LEAD), para(disclaimer), para("PoolX: Lock to earn new tokens"), *related)
    assert texts(facts) == [LEAD]
    facts = clean(para(LEAD), para(disclaimer), *related)
    assert texts(facts) == [LEAD]


def test_tail_lines_are_whole_lines():
    facts = clean(para(LEAD), para("More miners may follow."), para("More"), para(MORE))
    assert texts(facts) == [LEAD, "More miners may follow."]


def test_attribution_names_the_original():
    markup = ('The post '
              '<a href="https://cryptoslate.com/miners-pivot-to-ai/?utm_source=rss&amp;utm_medium=rss">'
              "Bitcoin miners pivot to AI</a> appeared first on CryptoSlate.")
    attribution = "The post Bitcoin miners pivot to AI appeared first on CryptoSlate."
    facts = clean(para(LEAD), para(attribution, markup))
    assert texts(facts) == [LEAD]
    assert facts.original_title == "Bitcoin miners pivot to AI"
    assert facts.original_url == "https://cryptoslate.com/miners-pivot-to-ai/?utm_source=rss&utm_medium=rss"
    assert facts.source == "CryptoSlate"


def test_attribution_does_not_override_what_the_page_said():
    markup = ('The post <a href="https://cryptoslate.com/feed-copy/">Miners pivot</a> '
              "appeared first on CryptoSlate.")
    facts = clean(para("The post Miners pivot appeared first on CryptoSlate.", markup), para(LEAD),
                  source="The Block", original_title="Bitcoin miners pivot to AI",
                  original_url="https://www.theblock.co/post/1")
    assert (facts.source, facts.original_title, facts.original_url) == (
        "The Block", "Bitcoin miners pivot to AI", "https://www.theblock.co/post/1")
    assert texts(facts) == [LEAD]


def test_attribution_without_link_leaves_the_url_empty():
    facts = clean(para("この記事「マイナーがAIへ転換」はCoinPostに最初に掲載されました。"), para(LEAD))
    assert (facts.original_title, facts.source, facts.original_url) == ("マイナーがAIへ転換", "CoinPost", "")


def test_unsafe_attribution_link_is_dropped():
    markup = 'The post <a href="javascript:alert(1)">Miners pivot</a> appeared first on CryptoSlate.'
    facts = clean(para("The post Miners pivot appeared first on CryptoSlate.", markup), para(LEAD))
    assert facts.original_url == ""


def test_metadata_lines_at_the_top_of_the_body_are_lifted():
    facts = clean(para("作者: 王明 , 李华"), para("来源: PANews"), para(LEAD))
    assert facts.authors == ["王明", "李华"]
    assert facts.source == "PANews"
    assert texts(facts) == [LEAD]


def test_metadata_lines_do_not_override_the_byline():
    facts = clean(para("By: Someone Else"), para("Source: Elsewhere"), para(LEAD),
                  authors=["Dana Whitfield"], source="CryptoSlate")
    assert (facts.authors, facts.source) == (["Dana Whitfield"], "CryptoSlate")
    assert texts(facts) == [LEAD]


def test_metadata_lines_are_looked_for_near_the_top_only():
    """Lower down, "Source: ..." is a sentence of the article (a chart credit, a quote)."""
    top = [para(f"Paragraph {n} of the miners story.") for n in range(IN_BODY_METADATA_WINDOW - 1)]
    facts = clean(*top, para("Source: Luxor"), para("Source: CoinGlass"))
    assert facts.source == "Luxor"
    assert texts(facts)[-1] == "Source: CoinGlass"
    assert len(facts.blocks) == IN_BODY_METADATA_WINDOW


def test_the_given_facts_are_not_changed():
    facts = PageFacts(lang="en", title=TITLE, authors=[], blocks=[para("By: Dana Whitfield"), para(LEAD)])
    cleaned = clean_page(facts, load_grammar())
    assert cleaned.authors == ["Dana Whitfield"]
    assert facts.authors == []
    assert len(facts.blocks) == 2


def test_title_repeats_and_view_original_are_noise():
    facts = clean(para(TITLE), para("View original"), para(""), para(LEAD))
    assert texts(facts) == [LEAD]


def test_images_without_alt_text_are_kept():
    image = Block("image", "", '<img src="https://img.bgstatic.com/a.png" alt="">')
    assert clean(para(LEAD), image).blocks == [para(LEAD), image]


def test_image_titled_like_the_article_is_kept():
    image = Block("image", TITLE, f'<img src="https://img.bgstatic.com/a.png" alt="{TITLE}">')
    assert clean(image, para(LEAD)).blocks == [image, para(LEAD)]


def test_placeholder_of_the_title_image_is_noise_others_are_kept():
    facts = clean(para(f"{TITLE} image 0"), para(LEAD), para("Hashprice chart image 1"))
    assert texts(facts) == [LEAD, "Hashprice chart image 1"]


def test_trailing_like_counts_are_dropped():
    facts = clean(para(LEAD), para("12"), para("0"))
    assert texts(facts) == [LEAD]


def test_a_number_heading_at_the_end_is_kept():
    heading = Block("heading", "2025", "2025")
    assert clean(para(LEAD), heading).blocks == [para(LEAD), heading]


def test_a_page_of_like_counts_only_is_empty():
    assert clean(para("3"), para("0")).blocks == []


def test_a_paragraph_up_to_the_limit_is_kept_whole():
    text = ("hashprice " * (MAX_BLOCK_TEXT // 10))[:MAX_BLOCK_TEXT]
    assert len(text) == MAX_BLOCK_TEXT
    block = Block("paragraph", text, "<b>kept markup</b>")
    assert clean(block).blocks == [block]


def test_overlong_paragraphs_are_cut_at_spaces_into_plain_text():
    """Later stages handle many short paragraphs in linear time; one hostile megabyte of text they may not."""
    text = "<b>hashprice</b> " * 1200  # 20,400 characters
    block = Block("quote", text.strip(), "ignored markup", level=3, ordered=True)
    parts = clean(block).blocks
    # 588 words fit in 10,000 characters; each cut drops the space it falls on.
    assert [len(part.text) for part in parts] == [9995, 9995, 407]
    assert "".join(part.text + " " for part in parts) == text
    assert all(part.kind == "quote" and part.level == 3 and part.ordered for part in parts)
    assert parts[0].html == html.escape(parts[0].text, quote=False)
    assert parts[0].html.startswith("&lt;b&gt;hashprice&lt;/b&gt; ")


def test_overlong_text_without_spaces_is_cut_at_the_limit():
    text = "x" * (2 * MAX_BLOCK_TEXT + 5)
    parts = clean(para(text)).blocks
    assert [len(part.text) for part in parts] == [MAX_BLOCK_TEXT, MAX_BLOCK_TEXT, 5]


def test_a_space_just_past_the_limit_is_no_cut():
    text = "x" * MAX_BLOCK_TEXT + " tail"
    parts = clean(para(text)).blocks
    assert [part.text for part in parts] == ["x" * MAX_BLOCK_TEXT, "tail"]


def test_overlong_image_alt_text_is_not_cut():
    image = Block("image", "x " * MAX_BLOCK_TEXT, '<img src="https://img.bgstatic.com/a.png" alt="">')
    assert clean(image).blocks == [image]


def test_split_authors():
    assert split_authors("Dana Whitfield , Omar Reyes") == ["Dana Whitfield", "Omar Reyes"]
    assert split_authors("王明、李华，张伟") == ["王明", "李华", "张伟"]
    assert split_authors("Dana Whitfield and Omar Reyes & Liam Wright") == [
        "Dana Whitfield", "Omar Reyes", "Liam Wright"]
    assert split_authors("Sandra Andersen") == ["Sandra Andersen"]
    assert split_authors(" , ") == []


def test_a_remainder_of_exactly_the_limit_is_one_paragraph():
    rest = ("hashprice " * 1000)[:MAX_BLOCK_TEXT - 1] + "x"
    parts = clean(para("a" * (MAX_BLOCK_TEXT - 1) + " " + rest)).blocks
    assert [part.text for part in parts] == ["a" * (MAX_BLOCK_TEXT - 1), rest]


def test_a_double_space_before_an_unbroken_run():
    text = "a" * (MAX_BLOCK_TEXT - 1) + "  " + "x" * 15_000
    parts = clean(para(text)).blocks
    assert [len(part.text) for part in parts] == [MAX_BLOCK_TEXT - 1, MAX_BLOCK_TEXT, 5000]


def test_cut_paragraphs_keep_quotes_as_text():
    text = 'He said "hold" & left. ' * 1000
    parts = clean(para(text.strip())).blocks
    assert parts[0].html.startswith('He said "hold" &amp; left.')


# --- Bylines and furniture of real pages (tests/fixtures/corpus/) ---------------------------------


def test_a_byline_printed_with_its_own_by_names_the_author_once():
    assert clean(para("By:By Jai Hamid"), para(LEAD)).authors == ["Jai Hamid"]


def test_an_author_line_of_a_body_only_crawl_keeps_the_outlet_apart():
    facts = clean(para("Author: Cathy, BAIHUA Blockchain"), para(LEAD))
    assert (facts.authors, facts.source, texts(facts)) == (["Cathy"], "BAIHUA Blockchain", [LEAD])


def test_the_outlet_does_not_replace_the_source_the_header_named():
    facts = clean(para("Author: Cathy, BAIHUA Blockchain"), para(LEAD), source="PANews")
    assert (facts.authors, facts.source) == (["Cathy"], "PANews")


def test_authors_can_be_a_list_where_the_prefix_says_so():
    facts = clean(para("Authors: Hannah Brooks, Leo Park"), para(LEAD))
    assert facts.authors == ["Hannah Brooks", "Leo Park"]


def test_chinese_writers_outlet_and_translators_are_metadata():
    lines = ("撰文:Shew、Faust,极客 web3", "编译:Luffy，Cookie", "原文标题:Why miners sell", LEAD)
    facts = clean(*map(para, lines))
    assert (facts.authors, facts.source) == (["Shew", "Faust"], "极客 web3")
    assert facts.translators == ["Luffy", "Cookie"]
    assert facts.original_title == "Why miners sell"
    assert texts(facts) == [LEAD]


def test_chinese_bar_bylines():
    assert clean(para("文|周舟"), para(LEAD)).authors == ["周舟"]
    assert clean(para("作者｜周舟"), para(LEAD)).authors == ["周舟"]


def test_share_link_line_gives_the_summary_and_leaves_the_body():
    points = "Miners sold more coins than they mined in November. Hosting deals with AI firms doubled."
    facts = clean(para(f"Share link:In this post: {points}"), para(LEAD))
    assert (facts.summary, texts(facts)) == (points, [LEAD])


def test_a_bare_share_link_line_is_dropped():
    facts = clean(para("Share link:"), para(LEAD))
    assert (facts.summary, texts(facts)) == ("", [LEAD])


def test_a_paragraph_printed_twice_in_a_row_is_kept_once():
    assert texts(clean(para(LEAD), para(LEAD), para(MORE), para(LEAD))) == [LEAD, MORE, LEAD]


def test_related_articles_are_cut_by_their_layout_in_a_language_the_grammar_does_not_know():
    """Bitget's related list: its heading, then headline, summary, "<Source><date>", headline."""
    blocks = [LEAD, MORE, "Potrebbe interessarti", "Wormhole lancia il gateway Sunrise",
              "Il gateway porta asset esterni su Solana.", "The Block2025/11/23 22:24",
              "Wormhole lancia il gateway Sunrise"]
    assert texts(clean(*map(para, blocks))) == [LEAD, MORE]


def test_a_date_line_in_the_first_blocks_is_not_a_related_list():
    assert texts(clean(para(LEAD), para("The Block2025/11/23 22:24"), para(MORE)))[0] == LEAD


def test_a_reading_time_chip_is_chrome_in_any_language():
    chips = ["[Estimated Reading Time: 4 mins]", "【预计阅读时间:4分钟】",
             "[Tempo di lettura stimato: 3 minuti]", "[Предполагаемое время для чтения: 3 минуты]"]
    facts = clean(*map(para, chips), para("[APP]"), para(LEAD))
    assert texts(facts) == ["[APP]", LEAD]
