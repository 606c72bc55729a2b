"""htmltree: a page read with lxml, the article body handed to BeautifulSoup as a whole-page
parse would have given it."""

from __future__ import annotations

from bs4 import BeautifulSoup, Comment
from converter.htmltree import parse_document, remove, strings, text_of, to_soup
from lxml import etree


def test_text_leaves_out_what_beautifulsoup_leaves_out():
    """Comments and the text of script, style, template and ruby readings are not text."""
    markup = ("<div>Gold <!-- note --><b>rose</b><script>var x;</script> "
              "<ruby>金<rt>きん</rt></ruby><template><p>later</p></template>today</div>")
    div = parse_document(markup).find(".//div")
    expected = BeautifulSoup(markup, "lxml").div.get_text()
    assert "".join(strings(div)) == expected == "Gold rose 金today"
    assert text_of(div, " ", strip=True) == BeautifulSoup(markup, "lxml").div.get_text(" ", strip=True)


def test_a_dropped_element_keeps_the_text_on_either_side_apart():
    """As BeautifulSoup's decompose: two runs of text, not one merged string."""
    div = parse_document("<div>First line<nav>menu</nav>Second line</div>").find(".//div")
    remove(div.find("nav"))
    assert [str(child) for child in to_soup(div).contents] == ["First line", "Second line"]


def test_the_body_in_beautifulsoup_is_what_a_whole_page_parse_gives():
    markup = '<div class="post  body"><p>Text<!-- c --><script>s()</script></p><br>tail</div>'
    replayed = to_soup(parse_document(markup).find(".//div"))
    parsed = BeautifulSoup(markup, "lxml").div
    assert replayed == parsed
    assert replayed["class"] == ["post", "body"]
    assert isinstance(replayed.p.contents[1], Comment)



def test_content_nested_past_libxml2s_tree_limit_is_kept_with_what_follows():
    """lxml's own tree building drops what is nested deeper than 2,048 levels, and the rest."""
    deep = "<div>" * 3000 + "<p>Deep text</p>" + "</div>" * 3000
    root = parse_document(f"<html><body>{deep}<p>After it</p></body></html><!-- cache -->")
    text = etree.tostring(root, method="text", encoding="unicode")
    assert "Deep text" in text and "After it" in text


def test_the_root_is_html_whatever_surrounds_it():
    for page in ("", "Just text", "<!-- a --><html lang=ja><p>x</p></html><!-- generated in 0.2 s -->"):
        assert parse_document(page).tag == "html"
    assert parse_document("<!-- a --><html lang=ja><p>x</p></html><!-- b -->").get("lang") == "ja"
