"""The page grammar: questions about single lines, answered from grammar/*.toml."""

from __future__ import annotations

import shutil

import pytest
from converter.grammar import GRAMMAR_DIR, MAX_METADATA_LINE, Attribution, load_grammar


@pytest.fixture
def grammar():
    return load_grammar()


@pytest.fixture
def own_grammar(tmp_path):
    """The shared rules with two languages of our own: what adding a language file does."""
    shutil.copy(GRAMMAR_DIR / "common.toml", tmp_path / "common.toml")
    (tmp_path / "en.toml").write_text(
        'lang = "en"\ntaglines = ["Trade smarter"]\nview_original = ["View original"]\n'
        'author_prefixes = ["By", "By:", "Author:"]\nsource_prefixes = ["Source:"]\n'
        "attributions = ['^The post (?P<title>.+) appeared first on (?P<source>[^.]+?)\\.?$']\n"
        'tail_lines = ["You may also like"]\ntail_prefixes = ["Disclaimer:"]\n',
        encoding="utf-8",
    )
    # A language that states only some of the keys.
    (tmp_path / "ko.toml").write_text('lang = "ko"\nview_original = ["원문 보기"]\n', encoding="utf-8")
    return load_grammar(tmp_path)


def test_chrome_lines_and_untranslated_ui_keys(grammar):
    assert grammar.is_chrome("Bitget App")
    assert grammar.is_chrome("Buy cryptoMarketsTradeFuturesEarnWeb3SquareMore")
    assert grammar.is_chrome("スマートな取引を実現")
    assert grammar.is_chrome("common_header.buy_crypto")
    assert not grammar.is_chrome("Bitcoin slips below $90,000")
    assert not grammar.is_chrome("Bitget App launches a new feature")


def test_author_lines(grammar):
    assert grammar.author_line("By:Hannah Brooks") == "Hannah Brooks"
    assert grammar.author_line("著者： Liam Wright ") == "Liam Wright"
    assert grammar.author_line("作者: 王明 , 李华") == "王明 , 李华"
    assert grammar.author_line("By:") == ""
    assert grammar.author_line("Bitcoin fell by 3%") is None


def test_source_lines(grammar):
    assert grammar.source_line("来源: PANews") == "PANews"
    assert grammar.source_line("Source:CoinGlass") == "CoinGlass"
    assert grammar.source_line("By:Hannah Brooks") is None


def test_datelines(grammar):
    match = grammar.dateline_match("CryptoSlateCryptoSlate2025/12/03 14:05")
    assert (match["source"], match["date"]) == ("CryptoSlateCryptoSlate", "2025/12/03 14:05")
    assert grammar.dateline_match("Bitcoin fell on 2025/12/03 and recovered") is None
    assert grammar.date_only_match("2025/12/03 14:05:09")["date"] == "2025/12/03 14:05:09"
    assert grammar.date_only_match("CryptoSlate2025/12/03 14:05") is None


def test_image_placeholders(grammar):
    assert grammar.placeholder_alt("Hashprice chart image 0") == "Hashprice chart"
    assert grammar.placeholder_alt("Hashprice chart") is None


def test_tail_lines(grammar):
    assert grammar.starts_tail("You may also like")
    assert grammar.starts_tail("PoolX")
    assert grammar.starts_tail("免責事項：本記事の内容はあくまでも筆者の意見を反映したものです。")
    assert not grammar.starts_tail("More miners may follow.")
    assert not grammar.starts_tail("PoolX rewards rose this week.")


def test_attributions(grammar):
    english = "The post Bitcoin miners pivot to AI appeared first on CryptoSlate."
    assert grammar.attribution(english) == Attribution("Bitcoin miners pivot to AI", "CryptoSlate")
    japanese = "この記事「 マイナーがAIへ転換 」はCoinPostに最初に掲載されました。"
    assert grammar.attribution(japanese) == Attribution("マイナーがAIへ転換", "CoinPost")
    assert grammar.attribution("Bitcoin miners pivot to AI.") is None


def test_language_hint(grammar):
    assert grammar.language_hint(["Bitcoin App", "原文を表示"]) == "ja"
    assert grammar.language_hint(["交易“智”变"]) == "zh-CN"
    assert grammar.language_hint(["檢視原文"]) == "zh-TW"
    assert grammar.language_hint(["By:Hannah Brooks", "原文を表示"]) == "en"
    assert grammar.language_hint(["Bitcoin fell."]) is None


def _line(head: str, tail: str, length: int, fill: str = "x") -> str:
    return head + fill * (length - len(head) - len(tail)) + tail


@pytest.mark.parametrize(
    ("question", "head", "tail", "fill"),
    [
        ("author_line", "By:", "", "x"),
        ("source_line", "Source:", "", "x"),
        ("dateline_match", "", "2025/12/03 14:05", "x"),
        ("date_only_match", "2025/12/03", "14:05", " "),
        ("attribution", "The post ", " appeared first on CryptoSlate.", "x"),
    ],
)
def test_lines_longer_than_any_metadata_line_are_body_text(grammar, question, head, tail, fill):
    """Metadata lines are short: a longer line is never matched, whatever the patterns allow."""
    ask = getattr(grammar, question)
    assert ask(_line(head, tail, MAX_METADATA_LINE, fill)) is not None
    assert ask(_line(head, tail, MAX_METADATA_LINE + 1, fill)) is None


def test_an_image_placeholder_is_a_short_alt_text_not_a_paragraph(grammar):
    """ "<alt> image 0" drops the line; a paragraph that happens to end so is kept."""
    assert grammar.placeholder_alt("Bitcoin ETF flows image 0 Source: CryptoQuant") == "Bitcoin ETF flows"
    assert grammar.placeholder_alt(_line("", " image 0", 250 + len(" image 0"))) is not None
    assert grammar.placeholder_alt(_line("", " image 0", 251 + len(" image 0"))) is None


def test_a_grammar_of_our_own_languages(own_grammar):
    assert own_grammar.is_chrome("Trade smarter")
    assert own_grammar.view_original == frozenset({"View original", "원문 보기"})
    assert own_grammar.language_hint(["원문 보기"]) == "ko"
    assert own_grammar.starts_tail("You may also like")
    assert own_grammar.starts_tail("Disclaimer: not advice")
    assert own_grammar.source_line("Source: CoinGlass") == "CoinGlass"
    assert own_grammar.attribution("The post X appeared first on Y.") == Attribution("X", "Y")


def test_longest_prefix_is_tried_first(own_grammar):
    """"By:" must win over "By", or the name would keep the colon."""
    assert own_grammar.author_prefixes == ("Author:", "By:", "By")
    assert own_grammar.author_line("By: Hannah Brooks") == "Hannah Brooks"
