"""The words the search index holds (plugins/archive/search_words.py): what Pagefind is given to index.

Pagefind (told no language) cuts text at white space only, drops punctuation and U+2060 from the
words it indexes, and indexes a word joined by `'` whole and in its parts. So the words it indexes
are what `pagefind_words` below returns, and what a reader reads back is the text without the marks.
"""

from __future__ import annotations

import unicodedata

import pytest
from archive.search_index import indexed_page, thai_words
from archive.search_words import CUT, GROUP, JOIN, MARK, Lexicon, indexed_text, normal
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html


def pagefind_words(indexed: str) -> list[str]:
    """The words as Pagefind takes them apart: white space cuts, the mark is dropped; a compound
    keeps its joins (`'`) here so a test can see which words were joined."""
    return [word.replace(MARK, "") for word in indexed.split()]


def read_back(indexed: str) -> str:
    """What search.js shows of an excerpt: the marks and what they inserted removed, a grouped
    figure's space as a space."""
    return indexed.replace(GROUP, " ").replace(CUT, "").replace(JOIN, "").replace(MARK, "")


@pytest.mark.parametrize(("text", "lang", "words"), [
    # katakana and Latin apart; the particle alone; the kanji word, its verb's endings alone
    ("ビットコインETFが承認された", "ja", ["ビット'コイン", "ETF", "が", "承認", "さ", "れ", "た"]),
    # one script between particles: one compound of the shortest words
    ("対中輸出規制強化と日本銀行の利上げ", "ja", ["対中'輸出'規制'強化", "と", "日本'銀行", "の", "利上げ"]),
    # where the script changes, the compound ends
    ("ステーブルコイン規制", "ja", ["ステーブル'コイン", "規制"]),
    # Chinese: jieba's words, one character alone
    ("比特币现货ETF获批", "zh-CN", ["比特", "币", "现货", "ETF", "获批"]),  # 币 alone: see the next test
    # a page in another language: a run with kana is Japanese
    ("Tokyo (東京) says ビットコイン", "en", ["Tokyo", "(", "東京", ")", "says", "ビット'コイン"]),
])
def test_japanese_and_chinese_runs_become_compounds_of_their_words(text, lang, words):
    indexed = indexed_text(text, lang)
    assert pagefind_words(indexed) == words
    assert read_back(indexed) == text


def test_the_topics_keywords_keep_a_chinese_word_whole():
    """jieba's dictionary is mostly Simplified Chinese: it cuts 比特幣 unless told the word."""
    assert "比特幣" not in pagefind_words(indexed_text("比特幣價格突破", "zh-TW"))[0].split("'")
    told = Lexicon(chinese=frozenset({"比特幣", "比特币"}))
    assert pagefind_words(indexed_text("比特幣價格突破", "zh-TW", told)) == ["比特幣'價格'突破"]
    assert pagefind_words(indexed_text("比特币现货", "zh-CN", told)) == ["比特币'现货"]


@pytest.mark.parametrize(("text", "words"), [
    ("passed $90,000 today", ["passed", "$", "90,000", "today"]),
    ("US$90,000", ["US$", "90,000"]),
    ("90,000€ and ¥1,000", ["90,000", "€", "and", "¥", "1,000"]),
    ("1 000 000 dollars", ["1,000,000", "dollars"]),  # a figure grouped by spaces is one figure
    ("90\u00a0000 USD", ["90,000", "USD"]),
    ("In 2024 100 firms", ["In", "2024", "100", "firms"]),  # four digits start no group
    ("“Reserve managers” (buying)", ["“Reserve", "managers”", "(buying)"]),  # Pagefind drops the marks
    ("chaîne d’approvisionnement, dell’anno, l'ETF, don’t",
     ["chaîne", "d’", "approvisionnement,", "dell’", "anno,", "l'", "ETF,", "don’t"]),
])
def test_figures_and_punctuation_at_the_edge_of_a_word(text, words):
    indexed = indexed_text(text, "en")
    assert pagefind_words(indexed) == words
    assert read_back(indexed) == normal(text)


def test_thai_runs_are_cut_as_the_lexicon_says():
    thai = Lexicon(thai={"ราคาบิตคอยน์พุ่งขึ้น": ("ราคา", "บิตคอยน์", "พุ่ง", "ขึ้น")})
    indexed = indexed_text("BTC ราคาบิตคอยน์พุ่งขึ้น(ตลาด)", "th", thai)
    assert pagefind_words(indexed) == ["BTC", "ราคา'บิตคอยน์'พุ่ง'ขึ้น", "(", "ตลาด", ")"]
    assert read_back(indexed) == "BTC ราคาบิตคอยน์พุ่งขึ้น(ตลาด)"


def test_text_is_nfkc_as_queries_are_but_thai_sara_am_stays_one_letter():
    assert pagefind_words(indexed_text("ＥＴＦ　９０，０００", "ja")) == ["ETF", "90,000"]
    assert indexed_text("ชําระ", "th") == indexed_text("ชำระ", "th") == "ชำระ"  # ํ + า is ำ


LETTERS = "aZ09 ,.$€¥“”'()-ビットコイン対中輸出規制がの比特币現物\u00a0\n"
TEXT = st.text(alphabet=st.sampled_from(list(LETTERS)), max_size=60)


@given(TEXT, st.sampled_from(["ja", "zh-CN", "en"]))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_a_reader_reads_back_the_text_as_written(text, lang):
    """Whatever is cut or joined, removing the marks gives the text back (NFKC, a grouped figure's
    space as a space), and no word Pagefind is given is a mark alone."""
    indexed = indexed_text(text, lang)
    assert read_back(indexed) == normal(text) == unicodedata.normalize("NFKC", text)
    assert "" not in pagefind_words(indexed)


PAGE = """<!DOCTYPE html><html lang="ja"><head><title>t</title></head><body>
<header class="site"><nav><a href="/">ホーム</a></nav></header>
<main><article>
<data value="$90,000 ビットコインETF" data-pagefind-meta="note[value]"></data>
<h1 data-pagefind-meta="title"><bdi>ビットコインETFが承認</bdi></h1>
<p class="byline">著者</p>
<div data-pagefind-body><div class="body"><p>価格は<b>$90,000</b>を超えた。</p></div></div>
</article><section class="related"><p>関連記事</p></section></main>
<footer class="site"><p>フッター</p></footer></body></html>"""


def test_pagefind_is_given_the_main_part_of_a_page_with_its_text_cut_into_words():
    indexed = lxml_html.fromstring(indexed_page(PAGE.encode(), Lexicon()))
    assert indexed.get("lang") == "ja"
    assert not indexed.xpath("//header[@class='site'] | //footer[@class='site']")  # never indexed anyway
    [body] = indexed.xpath("//*[@data-pagefind-body]")
    assert pagefind_words(body.text_content()) == ["価格", "は", "$", "90,000", "を", "超え", "た", "。"]
    assert read_back(body.text_content()) == "価格は$90,000を超えた。"
    [title] = indexed.xpath("//h1")
    assert title.text_content() == "ビットコインETFが承認"  # results show the title as written
    [words] = indexed.xpath("//*[@data-pagefind-meta='words[value]']")
    assert pagefind_words(words.get("value")) == ["ビット'コイン", "ETF", "が", "承認"]
    [note] = indexed.xpath("//*[@data-pagefind-meta='note[value]']")
    assert note.get("value") == "$90,000 ビットコインETF"  # attributes are not text
    assert indexed.xpath("string(//section[@class='related'])") == "関連記事"  # outside the body: as it was


def test_the_indexed_copy_adds_the_keywords_of_the_page_s_topics_the_page_itself_does_not_carry():
    """A Japanese page tagged Bitcoin is found by `比特币` and `BTC`: its copy's body ends with every
    keyword of its topics (from its tag filters), weighted down; a topic without keywords adds its name."""
    tags = "".join(f'<data value="{tag}" data-pagefind-filter="tag[value]"></data>'
                   for tag in ("Bitcoin", "Pentagon"))
    page = PAGE.replace("<data ", tags + "<data ", 1)
    keywords = {"Bitcoin": ("Bitcoin", "BTC", "比特币"), "Gold": ("gold",)}
    lexicon = Lexicon(frozenset({"比特币"}))
    indexed = lxml_html.fromstring(indexed_page(page.encode(), lexicon, keywords=keywords))
    [terms] = indexed.xpath("//*[@data-pagefind-body]/ul")
    assert terms.get("data-pagefind-weight") == "0.5"
    listed = [read_back(item.text_content()) for item in terms]
    assert listed == ["Bitcoin。", "BTC。", "比特币。", "Pentagon。"]
    assert "gold" not in indexed.text_content()
    assert "比特币" not in page  # the published page: none of it


def test_the_thai_keywords_a_copy_gets_are_cut_by_pagefind_s_thai_dictionary_like_the_page_s_text(tmp_path):
    """An English page tagged Listings is found by การลิสต์ cut as a Thai page's text is; the keywords
    of a topic no page has are not indexed (Pagefind is not run for them)."""
    page = tmp_path / "articles" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="en"><body><main><data value="Listings" data-pagefind-filter="tag[value]">'
                    "</data><div data-pagefind-body><p>A token is listed.</p></div></main></body></html>")
    keywords = {"Listings": ("listing", "การลิสต์"), "Thailand": ("ตลาดหุ้นไทย",)}
    assert thai_words(tmp_path, [page.relative_to(tmp_path)], tmp_path / ".thai", keywords) == {
        "การลิสต์": ("การ", "ลิสต์")}
