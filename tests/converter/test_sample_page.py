"""The real scraped sample (a Japanese Bitget page of a CryptoSlate article), end to end
through the converter's pipeline: every metadata field, the whole body, no chrome or promo."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from converter.metadata import Settings
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import SAMPLE

ORIGINAL_TITLE = "From gold bars to rare earths: Pentagon’s billion-dollar bet on America’s resource security"
TITLE = "金の延べ棒からレアアースまで:ペンタゴンの数十億ドル規模のアメリカ資源安全保障への賭け"

# Every line of site chrome and promo on the sample page (as the page shows it).
CHROME_AND_PROMO = [
    "Bitget App",
    "スマートな取引を実現",
    "暗号資産を購入市場取引先物Bitget Earn広場もっと見る",
    "CryptoSlateCryptoSlate",
    "2025/10/12 21:51",
    "原文を表示",
    "著者:",
    "最初に掲載されました",
    "免責事項",
    "PoolX",
    "最大12%のAPR",
    "今すぐロック",
    "こちらもいかがですか",
    "Wormhole",
    "Offchain Labs",
    "Arkham",
    "The Block",
    "Coinspeaker",
]


@pytest.fixture(scope="module")
def conversion():
    return convert_file(SAMPLE, load_rules(), Settings(timezone=ZoneInfo("UTC")))


def test_metadata_fields(conversion):
    article = conversion.article
    assert article.title == TITLE
    assert article.source == "CryptoSlate"
    assert article.authors == ["Christina Comben"]
    assert article.lang == "ja"
    assert article.via == "Bitget"
    assert article.original_title == ORIGINAL_TITLE
    assert article.date.isoformat() == "2025-10-12T21:51:00+00:00"
    assert article.status == ""


def test_date_keeps_wall_clock_time_in_configured_timezone():
    article = convert_file(SAMPLE, load_rules(), Settings(timezone=ZoneInfo("Asia/Tokyo"))).article
    assert article.date.isoformat() == "2025-10-12T21:51:00+09:00"


def test_slug_is_ascii_and_comes_from_english_original(conversion):
    slug = conversion.article.slug
    assert slug.isascii()
    assert slug.startswith("from-gold-bars-to-rare-earths-pentagons-billion-dollar-bet")
    assert len(slug) <= 80


def test_canonical_topic_tags(conversion):
    assert {"Bitcoin", "Gold", "Rare Earths", "China"} <= set(conversion.article.tags)
    # Topics of the related-articles list at the bottom of the page are not the article's.
    assert "Solana" not in conversion.article.tags
    assert "Ethereum" not in conversion.article.tags


def test_body_keeps_every_paragraph_and_both_subheadings(conversion):
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("ペンタゴンは通常、コモディティ投機"))
    last = lines.index("「レースは始まった」")
    article_lines = [line for line in lines[first : last + 1] if line.strip()]
    texts = [block.text for block in conversion.article.blocks]
    assert texts == article_lines
    headings = [block.text for block in conversion.article.blocks if block.kind == "heading"]
    assert headings == ["中国が市場に救いの手を差し伸べる", "レアアース備蓄が金とBitcoinに与える意味"]


def test_markdown_has_headings_and_no_chrome_or_promo(conversion):
    _header, _, body = conversion.markdown.partition("\n\n")
    assert "\n## 中国が市場に救いの手を差し伸べる\n" in body
    assert "\n## レアアース備蓄が金とBitcoinに与える意味\n" in body
    assert TITLE not in body
    for text in CHROME_AND_PROMO:
        assert text not in body, text
    assert body.rstrip().endswith("「レースは始まった」")


def test_markdown_header_keys(conversion):
    header = conversion.markdown.partition("\n\n")[0]
    fields = dict(line.split(": ", 1) for line in header.split("\n"))
    assert fields["Title"] == TITLE
    assert fields["Date"] == "2025-10-12 21:51:00+00:00"
    assert fields["Author"] == "Christina Comben"
    assert fields["Source"] == "CryptoSlate"
    assert fields["Lang"] == "ja"
    assert fields["Via"] == "Bitget"
    assert fields["Original_Title"] == ORIGINAL_TITLE
    assert fields["Slug"] == conversion.article.slug
    assert fields["Summary"].startswith("ペンタゴンは通常、")
    assert set(fields["Tags"].split(", ")) == set(conversion.article.tags)
