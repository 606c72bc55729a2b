"""Topic tags: which canonical tags an article gets from the keywords of the rules file."""

from __future__ import annotations

import re

import pytest
from converter.topics import keyword_pattern, load_rules

RULES = """\
min_hits = 2
families = ["Crypto assets", "Commodities"]

[tags.Bitcoin]
family = "Crypto assets"
keywords = ["Bitcoin", "BTC", "ビットコイン"]

[tags.Ethereum]
family = "Crypto assets"
keywords = ["Ether", "ETH", "イーサリアム"]

[tags.dYdX]
family = "Crypto assets"
keywords = ["dYdX"]

[tags.ETF]
family = "Markets"
keywords = ["ETF"]

[tags.Gold]
family = "Commodities"
keywords = ["gold", "re:(?<![資料])金(?!融)"]
"""


@pytest.fixture
def rules(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text(RULES, encoding="utf-8")
    return load_rules(path)


def test_the_rules_file_is_read(rules):
    assert [topic.name for topic in rules.topics] == ["Bitcoin", "Ethereum", "dYdX", "ETF", "Gold"]
    assert rules.families == ("Crypto assets", "Commodities")
    assert rules.min_hits == 2


def test_a_topic_needs_min_hits_in_the_body(rules):
    """One passing mention does not make an article about a topic; two do."""
    once = "Miners sold part of their Bitcoin reserves on Tuesday."
    twice = once + " Bitcoin then recovered above $90,000."
    assert rules.tags_for("Markets wrap", once) == []
    assert rules.tags_for("Markets wrap", twice) == ["Bitcoin"]


def test_a_title_mention_is_enough_on_its_own(rules):
    assert rules.tags_for("Bitcoin slips below $90,000", "Traders cut leverage overnight.") == ["Bitcoin"]


def test_a_title_mention_adds_to_the_body_count(rules):
    assert rules.tags_for("Bitcoin slips", "Bitcoin fell 3% overnight.") == ["Bitcoin"]


def test_a_plural_is_the_same_mention(rules):
    """"ETFs" is one mention of ETF: two words in the body are two hits, not four."""
    assert rules.tags_for("Flows", "Spot ETFs took in $240 million; ETF issuers cheered.") == ["ETF"]
    assert rules.tags_for("Flows", "Spot ETFs took in $240 million.") == []


def test_latin_keywords_match_whole_words_only(rules):
    """"Ether" is not in "Tether": a stablecoin story is no Ethereum story."""
    body = "Tether minted another $1 billion of USDT. Tether said reserves are in Treasuries."
    assert rules.tags_for("Stablecoin supply grows", body) == []


def test_latin_keywords_ignore_case_but_capitals_match_capitals_only(rules):
    assert rules.tags_for("Markets", "bitcoin rose, and bitcoin miners followed.") == ["Bitcoin"]
    # ".eth" in lower case is an ENS name, not the ticker.
    assert rules.tags_for("Markets", "Transfers from vitalik.eth and nick.eth were flagged.") == []
    assert rules.tags_for("Markets", "ETH rose. ETH funding turned positive.") == ["Ethereum"]


def test_cjk_keywords_match_inside_words(rules):
    body = "ビットコインETFへの資金流入が続いた。ビットコイン価格は反発した。"
    assert "Bitcoin" in rules.tags_for("市場概況", body)


def test_regular_expression_keywords(rules):
    """金 is gold, but not in 資金 (funds) nor 金融 (finance)."""
    assert rules.tags_for("市場概況", "金価格が上昇し、金が最高値を更新した。") == ["Gold"]
    assert rules.tags_for("市場概況", "資金が流入し、金融市場は落ち着いた。") == []


def test_tags_are_sorted_ignoring_case(rules):
    title = "Bitcoin, Ether and dYdX rally"
    assert rules.tags_for(title, "") == ["Bitcoin", "dYdX", "Ethereum"]


@pytest.mark.parametrize(
    ("keyword", "pattern"),
    [
        ("re:金(?!融)", "(?:金(?!融))"),
        ("比特币", "比特币"),
        ("BTC", r"(?<![A-Za-z0-9])BTCs?(?![A-Za-z0-9])"),
        ("Bitcoin", r"(?<![A-Za-z0-9])(?i:Bitcoin)s?(?![A-Za-z0-9])"),
    ],
)
def test_keyword_patterns(keyword, pattern):
    assert keyword_pattern(keyword) == pattern
    re.compile(pattern)
