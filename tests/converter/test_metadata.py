"""From what a page says to the article: its date in a timezone, slug, tags, summary, status."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from converter.metadata import SUMMARY_LENGTH, Settings, build_article
from converter.model import Block, InputError, PageFacts
from converter.topics import load_rules

TOKYO = ZoneInfo("Asia/Tokyo")
LEAD = "Japan's government bond market delivered another jolt to global risk assets this week."
RULES = 'min_hits = 2\n[tags.Bitcoin]\nkeywords = ["Bitcoin", "ビットコイン"]\n'


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text(RULES, encoding="utf-8")
    return load_rules(path)


def para(text: str) -> Block:
    return Block("paragraph", text, text)


def facts(**fields) -> PageFacts:
    values = {"lang": "ja", "title": "日本の利回り急騰でキャリートレード懸念", "blocks": [para(LEAD)]}
    values.update(fields)
    return PageFacts(**values)


def article(page: PageFacts, rules, settings: Settings | None = None, file_date=None):
    return build_article(page, rules, settings or Settings(timezone=TOKYO), file_date=file_date)


def test_an_article_from_a_bitget_page(rules):
    page = facts(
        source="CryptoSlate", date_text="2025/12/03 14:05", authors=["Hannah Brooks"],
        original_title="Japan's yield surge revives carry-trade fears",
        original_url="https://cryptoslate.com/japan-yield-surge/", via="Bitget",
        via_url="https://www.bitget.com/ja/news/detail/1",
        blocks=[Block("heading", "The carry trade", "The carry trade"), para(LEAD)],
    )
    result = article(page, rules)
    assert result.title == "日本の利回り急騰でキャリートレード懸念"
    assert result.lang == "ja"
    assert result.slug == "japans-yield-surge-revives-carry-trade-fears"
    assert result.date == datetime(2025, 12, 3, 14, 5, tzinfo=TOKYO)
    assert result.source == "CryptoSlate"
    assert result.authors == ["Hannah Brooks"]
    assert result.summary == LEAD
    assert result.original_title == "Japan's yield surge revives carry-trade fears"
    assert result.original_url == "https://cryptoslate.com/japan-yield-surge/"
    assert (result.via, result.via_url) == ("Bitget", "https://www.bitget.com/ja/news/detail/1")
    assert result.status == ""
    assert result.blocks == page.blocks


def test_a_page_without_title_or_body_is_no_article(rules):
    with pytest.raises(InputError) as caught:
        article(facts(title=""), rules)
    assert str(caught.value) == "no article title found"
    with pytest.raises(InputError) as caught:
        article(facts(blocks=[]), rules)
    assert str(caught.value) == "no article body found"


def test_tags_from_the_original_title(rules):
    """The English original's title names the topic when the translated title does not."""
    assert article(facts(original_title="Bitcoin slips below $90,000"), rules).tags == ["Bitcoin"]
    assert article(facts(), rules).tags == []


def test_tags_count_mentions_in_separate_blocks(rules):
    """Blocks are separate lines: a keyword ending one block and one starting the next are two mentions."""
    page = facts(blocks=[para("Miners sold part of their Bitcoin"), para("Bitcoin then recovered.")])
    assert article(page, rules).tags == ["Bitcoin"]


def test_the_slug_of_a_japanese_title_is_its_reading(rules):
    """The page's language reaches the slug: kanji read the Japanese way, not as Mandarin."""
    result = article(facts(source="CoinPost", date_text="2025/12/03 14:05"), rules)
    assert result.slug.startswith("nippon-no-rimawari-kyuto-")


def test_the_slug_of_a_japanese_title_comes_from_the_originals_address_first(rules):
    url = "https://cryptoslate.com/japan-yield-surge-revives-carry-trade-fears/"
    result = article(facts(original_url=url), rules)
    assert result.slug == "japan-yield-surge-revives-carry-trade-fears"


def test_a_stated_offset_is_kept(rules):
    result = article(facts(date_text="2025-06-17T21:40:03+00:00"), rules)
    assert result.date == datetime(2025, 6, 17, 21, 40, 3, tzinfo=UTC)
    assert result.date.utcoffset() == timedelta(0)


def test_a_date_inside_words_is_found(rules):
    result = article(facts(date_text="Updated: Jun. 18, 2025 at 8:15 am UTC"), rules)
    assert result.date == datetime(2025, 6, 18, 8, 15, tzinfo=UTC)


def test_the_next_stated_date_when_the_first_cannot_be_read(rules):
    page = facts(date_text="2025/13/45 99:99", other_dates=["broken", "2025-06-17T21:40:03+00:00"])
    assert article(page, rules).date == datetime(2025, 6, 17, 21, 40, 3, tzinfo=UTC)


def test_when_no_date_reads_the_first_error_is_the_reason(rules):
    page = facts(date_text="2025/13/45 99:99", other_dates=["1989-06-17"])
    with pytest.raises(InputError) as caught:
        article(page, rules)
    assert str(caught.value) == "unreadable date '2025/13/45 99:99'"


def test_an_undated_page_is_a_draft(rules):
    result = article(facts(), rules)
    assert (result.date, result.status) == (None, "draft")


def test_the_file_date_only_when_the_user_accepts_it_and_the_page_has_none(rules):
    mtime = datetime(2025, 12, 4, 9, 0, tzinfo=TOKYO)
    accepting = Settings(timezone=TOKYO, date_from_mtime=True)
    assert article(facts(), rules, accepting, mtime).date == mtime
    assert article(facts(), rules, accepting, mtime).status == ""
    assert article(facts(), rules, Settings(timezone=TOKYO), mtime).date is None
    dated = facts(date_text="2025/12/03 14:05")
    assert article(dated, rules, accepting, mtime).date == datetime(2025, 12, 3, 14, 5, tzinfo=TOKYO)


@pytest.mark.parametrize("offset", ["+14:00", "-12:00"])
def test_real_utc_offsets(rules, offset):
    assert article(facts(date_text=f"2025-06-17T21:40:03{offset}"), rules).date.isoformat().endswith(offset)


def test_impossible_offsets_are_refused(rules):
    with pytest.raises(InputError) as caught:
        article(facts(date_text="2025-06-17T21:40:03+14:01"), rules)
    assert str(caught.value) == "date '2025-06-17T21:40:03+14:01' has an impossible UTC offset"


def test_dates_news_cannot_have(rules):
    latest = datetime.now(UTC).year + 1
    assert article(facts(date_text="1990-01-01 00:00"), rules).date.year == 1990
    assert article(facts(date_text=f"{latest}-06-01 00:00"), rules).date.year == latest
    for text in ("1989-12-31 23:59", f"{latest + 1}-01-01 00:00"):
        with pytest.raises(InputError) as caught:
            article(facts(date_text=text), rules)
        assert str(caught.value) == f"date '{text}' is out of range (1990 to {latest})"


def test_long_unreadable_dates_are_shortened_in_the_reason(rules):
    forty = "Published sometime in the Year of Snake!"
    assert len(forty) == 40
    for text, shown in ((forty, forty), (forty + "?", forty + "…")):
        with pytest.raises(InputError) as caught:
            article(facts(date_text=text), rules)
        assert str(caught.value) == f"unreadable date {shown!r}"


def test_summary_is_the_first_paragraph_up_to_160_characters(rules):
    exact = ("Hashprice fell. " * 10)[:SUMMARY_LENGTH]
    page = facts(blocks=[Block("heading", "Miners", "Miners"), para(exact), para(LEAD)])
    assert article(page, rules).summary == exact


def test_longer_first_paragraphs_are_cut(rules):
    text = ("Hashprice fell. " * 10)[: SUMMARY_LENGTH - 1] + " and then more"
    assert article(facts(blocks=[para(text)]), rules).summary == text[: SUMMARY_LENGTH - 1] + "…"
    padded = " " + "x" * 200
    assert article(facts(blocks=[para(padded)]), rules).summary == padded[:SUMMARY_LENGTH] + "…"


def test_no_summary_without_a_paragraph(rules):
    page = facts(blocks=[Block("image", "Chart", '<img src="https://img.bgstatic.com/a.png" alt="Chart">')])
    assert article(page, rules).summary == ""


# --- A title made from the lead (pages without a title line) -------------------------------------


def untitled(*texts: str, kind: str = "paragraph") -> PageFacts:
    return PageFacts(lang="en", title_from_lead=True, blocks=[Block(kind, t, t) for t in texts])


def test_the_title_is_the_leads_first_sentence_and_the_lead_stays(rules):
    lead = "Public miners sold more bitcoin than they mined in November. Hosting deals doubled."
    page = untitled(lead, "Hashprice fell below $40 this week.")
    made = article(page, rules)
    assert made.title == "Public miners sold more bitcoin than they mined in November"
    assert made.blocks[0].text == lead
    assert page.notes == ["no title line: the title is the lead's first sentence"]


def test_a_long_lead_sentence_is_cut_at_a_word(rules):
    lead = ("Public miners that spent the halving year signing hosting deals with artificial intelligence "
            "firms sold more bitcoin than they mined in November, according to filings.")
    title = article(untitled(lead), rules).title
    assert title.endswith("…") and len(title) <= 111
    assert lead.startswith(title[:-1]) and lead[len(title) - 1] == " "


def test_a_chinese_lead_is_cut_at_a_character(rules):
    lead = ("香港立法会周三三读通过稳定币条例草案，持牌发行人须将储备资产全额存放于本地银行"
            "并接受金融管理局的定期审查与压力测试安排。其余内容。")
    title = article(untitled(lead), rules).title
    assert title.endswith("…") and len(title) == 51 and lead.startswith(title[:-1])


def test_a_list_and_its_introduction_are_not_the_lead(rules):
    lead = "以太幣在 ETF 競賽中先走一步。美國現貨以太幣 ETF 在 2024 年開始交易。"
    page = untitled("重點摘要:", "以太幣現貨 ETF 已經打開投資管道。", lead)
    page.blocks[1] = Block("list_item", page.blocks[1].text, page.blocks[1].text)
    assert article(page, rules).title == "以太幣在 ETF 競賽中先走一步"
