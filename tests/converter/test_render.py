"""Page text reaches Markdown only as text: what Pelican renders is exactly what the page said.

Each case is rendered the way the site renders it: Python-Markdown with pelicanconf.py's
MARKDOWN settings (`extra`, so attr_list, tables, footnotes, abbreviations...).
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import markdown
import pytest
from bs4 import BeautifulSoup
from converter.model import Article, Block
from converter.render import ArticleMarkdown, document_text, markdown_text, render, render_body
from converter.sanitize import inline_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pelicanconf

# Text that Markdown or its extensions would turn into markup if it were not escaped.
MARKUP_IN_TEXT = [
    "a picture ![x](x){onerror=alert(document.domain)} in it.",
    "[here](https://example.com/){onmouseover=alert(2)}",
    "[x](javascript:alert(1)) and [y](%6a%61vascript:alert(1))",
    "[r]: javascript:alert(1)",
    "see [x][r] for more",
    "<javascript:alert(1)> and <https://evil.example/>",
    "<img src=x onerror=alert(1)> &lt;b&gt; &#106;avascript:",
    "[x]({static}/../../pelicanconf.py) and {attach}../secret.txt and |static|/x",
    "{: onclick=alert(1) }",
    "| a | b |",
    "`code` and ``more`` and *stars* and _under_ and **strong**",
    "# not a heading",
    "- not a list",
    "+ not a list either",
    "1. not numbered",
    "2) nor this",
    "---",
    "> not a quote",
    "*[HTML]: Hyper Text",
    "term\n: not a definition",
    "title\n=====",
    "fence\n~~~\ncode\n~~~",
    "a footnote[^1]\n\n[^1]: that is not one",
    "back\\slash \\[escaped\\]",
]
MARKDOWN = pelicanconf.MARKDOWN


def rendered(source: str) -> BeautifulSoup:
    """`source` as a document of its own (how Pelican renders Summary), with the site's extensions."""
    extensions = list(MARKDOWN["extension_configs"])
    html_text = markdown.markdown(source, extensions=extensions, output_format="html5")
    return BeautifulSoup(html_text, "html.parser")


def rendered_in_article(body: str) -> BeautifulSoup:
    """`body` as it stands in an article file: after the metadata header and its blank line."""
    return rendered(f"Title: An article\nLang: en\n\n{body}")


def _visible(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("text", MARKUP_IN_TEXT)
def test_text_renders_as_exactly_that_text(text):
    page = rendered_in_article(markdown_text(text))
    assert [tag.name for tag in page.find_all(True)] == ["p"] * len(page.find_all("p"))
    assert len(page.find_all("p")) >= 1
    assert _visible(page.get_text(" ")) == _visible(text)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[](){}<>|`*_!#+-.:=~\\&;'\"/ \nabcXYZ019ビ")), max_size=60))
def test_any_text_stays_text(text):
    """Property: whatever the characters, Markdown shows them and makes no element of them."""
    page = rendered_in_article(markdown_text(text))
    assert {tag.name for tag in page.find_all(True)} <= {"p"}
    assert _visible(page.get_text(" ")) == _visible(text)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[](){}<>|`*_!#+-.:=~\\&;'\"/ \nabcXYZ019ビ")), max_size=60))
def test_any_summary_stays_text(text):
    """Property: a summary, rendered as a document of its own, shows its text and nothing else."""
    page = rendered(document_text(text))
    assert {tag.name for tag in page.find_all(True)} <= {"p"}
    assert _visible(page.get_text(" ")) == _visible(text)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("[](){}<>|`*_!#+-.:=~\\&;'\"/ \t\r\n\u3000\xa0abcXYZ0129ビ")),
               max_size=60), st.booleans())
def test_a_paragraph_of_text_is_written_as_markdownify_writes_it(text, from_page):
    """Property: paragraphs without tags skip markdownify's parse (render._plain_paragraph), and
    come out exactly as markdownify writes them, from a text dump (escaped) or a page (nh3)."""
    markup = inline_html(text) if from_page else inline_html(text, escape=True)
    block = Block("paragraph", text, markup)
    assert render_body([block]) == ArticleMarkdown().convert(f"<p>{markup}</p>").strip()


def test_text_blocks_from_dumps_render_as_their_text():
    blocks = [Block("paragraph", text, html.escape(text, quote=False)) for text in MARKUP_IN_TEXT]
    page = rendered(render_body(blocks))
    assert {tag.name for tag in page.find_all(True)} == {"p"}
    for text in MARKUP_IN_TEXT:
        assert _visible(text.replace("\n", " ")) in _visible(page.get_text(" "))


@pytest.mark.parametrize(
    ("markup", "alt"),
    [
        (
            '<img src="https://a.example/i.png" alt="] <img src=x onerror=alert(1)> [">',
            "] <img src=x onerror=alert(1)> [",
        ),
        ('<img src="https://a.example/i.png" alt="x](javascript:alert(1))">', "x](javascript:alert(1))"),
        ('<img src="https://a.example/i.png" alt="{onerror=alert(1)}">', "{onerror=alert(1)}"),
    ],
)
def test_image_alt_text_is_text(markup, alt):
    page = rendered(render_body([Block("image", alt, inline_html(markup))]))
    [image] = page.find_all("img")
    assert image["alt"] == alt
    assert image["src"] == "https://a.example/i.png"
    assert set(image.attrs) == {"alt", "src"}
    assert len(page.find_all(True)) == 2  # the paragraph and the image


@pytest.mark.parametrize(
    "markup",
    [
        '<a href="https://a.example/)<img src=x onerror=alert(1)>">text</a>',
        '<a href="https://a.example/" title="&quot;)<img src=x onerror=alert(1)>">text</a>',
        '<a href="https://a.example/a b(c)[d]{e}|&quot;<x>">text</a>',
        '<img src="https://a.example/i.png?a=1&b=)<script>" alt="text">',
    ],
)
def test_link_destinations_and_titles_cannot_break_out(markup):
    page = rendered(render_body([Block("paragraph", "text", inline_html(markup))]))
    assert {tag.name for tag in page.find_all(True)} <= {"p", "a", "img"}
    for element in page.find_all(["a", "img"]):
        assert set(element.attrs) <= {"href", "src", "alt"}
        url = element.get("href") or element.get("src")
        assert url.startswith("https://a.example/")
        assert not re.search(r"[\s<>\"'(){}|\[\]]", url)
    assert "text" in page.get_text() + " ".join(image["alt"] for image in page.find_all("img"))


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " \x01javascript:alert(1)",
        "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=", "{static}/../../pelicanconf.py",
        "|filename|/../../x.md", "{attach}../secret.txt", "/relative/without/base", "mailto:a@b.example",
    ],
)
def test_links_that_are_not_web_addresses_keep_only_their_text(href):
    markup = inline_html(f'<a href="{href}">read this</a>')
    page = rendered(render_body([Block("paragraph", "read this", markup)]))
    assert page.find("a") is None
    assert page.get_text(strip=True) == "read this"


ETF_LEAD = Block(
    "paragraph", "lead",
    'Spot bitcoin ETFs took in <b>$1.05 billion</b> &amp; <a href="https://www.theblock.co/data"> more </a>.',
)


def etf_article(**changes) -> Article:
    article = Article(
        title="Spot bitcoin ETFs & <the> \"record\"\ninflow", lang="en",
        slug="spot-bitcoin-etfs-record-inflow",
        date=datetime(2024, 3, 12, 9, 12, tzinfo=timezone(timedelta(hours=9))), source="The Block",
        authors=["Daniel Okafor"], tags=["Bitcoin", "ETF"], summary="Flows: a *record* day",
        original_title="Spot bitcoin ETFs log record inflow", original_url="https://www.theblock.co/post/1",
        via="Bitget", via_url="https://www.bitget.com/news/detail/1", scraped_from="scraped/etf.txt",
        key="0123456789abcdef", blocks=[ETF_LEAD],
    )
    return replace(article, **changes)


def test_the_header_has_pelicans_keys_in_order_each_on_one_line():
    """Pelican reads `Key: value` lines up to the first blank line: a newline in a title would end it.
    The title is HTML to Pelican: `&` and `<` are escaped, quotes need not be."""
    assert render(etf_article()) == (
        "Title: Spot bitcoin ETFs &amp; &lt;the&gt; \"record\" inflow\n"
        "Date: 2024-03-12 09:12:00+09:00\n"
        "Author: Daniel Okafor\n"
        "Source: The Block\n"
        "Lang: en\n"
        "Tags: Bitcoin, ETF\n"
        "Slug: spot-bitcoin-etfs-record-inflow\n"
        "Summary: &#70;lows: a \\*record\\* day\n"
        "Original_Title: Spot bitcoin ETFs log record inflow\n"
        "Original_URL: https://www.theblock.co/post/1\n"
        "Via: Bitget\n"
        "Via_URL: https://www.bitget.com/news/detail/1\n"
        "Scraped_From: scraped/etf.txt\n"
        "Article_Key: 0123456789abcdef\n"
        "\n"
        "Spot bitcoin ETFs took in **$1.05 billion** &amp;  [more](https://www.theblock.co/data) .\n"
    )


def test_empty_fields_are_left_out_and_several_authors_are_listed():
    """An undated page is a draft with no Date line; Pelican reads `Authors` as a list."""
    text = render(etf_article(authors=["Daniel Okafor", "Mia Chen"], date=None, status="draft", tags=[],
                              via="", via_url=""))
    header = text.split("\n\n")[0].splitlines()
    assert "Authors: Daniel Okafor, Mia Chen" in header
    assert "Status: draft" in header
    assert not [line for line in header if line.startswith(("Author:", "Date:", "Tags:", "Via"))]


def test_blocks_become_markdown_structure():
    blocks = [
        Block("heading", "Flows", "Flows by issuer", level=3),
        Block("list_item", "IBIT", "IBIT"), Block("list_item", "FBTC", "FBTC"),
        Block("list_item", "Monday", "Monday", ordered=True),
        Block("list_item", "Tuesday", "Tuesday", ordered=True),
        Block("list_item", "GBTC", "GBTC"),
        Block("quote", "A record day.", "A record day."),
        Block("image", "chart", '<img src="https://a.example/flows.png" alt="daily   flows">'),
        Block("paragraph", "end", "Outflows resumed."),
    ]
    assert render_body(blocks) == (
        "### Flows by issuer\n\n- IBIT\n- FBTC\n\n1. Monday\n2. Tuesday\n\n- GBTC\n\n"
        "> A record day.\n\n![daily flows](https://a.example/flows.png)\n\nOutflows resumed."
    )


def test_links_without_text_or_inside_code_keep_only_their_text():
    markup = '<a href="https://a.example/"> </a>IBIT <code><a href="https://a.example/">ticker</a></code>'
    assert render_body([Block("paragraph", "IBIT ticker", markup)]) == "IBIT `ticker`"


def test_images_in_headings_become_their_alt_text():
    """A Markdown heading holds text only."""
    heading = Block("heading", "Chart", 'Flows <img src="https://a.example/c.png" alt="chart">', level=2)
    assert render_body([heading]) == "## Flows chart"


def test_an_image_without_a_safe_source_is_its_alt_text():
    image = Block("image", "chart", '<img src="javascript:alert(1)" alt="[daily] flows">')
    assert render_body([image]) == "\\[daily\\] flows"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("1. not numbered", "1\\. not numbered"),
        ("  12) nor this", "  12\\) nor this"),
        ("- not a list", "\\- not a list"),
        ("# not a heading", "\\# not a heading"),
        ("term\n: no definition", "term\n&#58; no definition"),
        ("~~~", "&#126;~~"),
        ("Key: value", "Key: value"),
        ("...and then", "...and then"),
        ("line  \nbreak", "line \nbreak"),
        ("1.5% gain", "1.5% gain"),
        ("-5% drop", "-5% drop"),
    ],
)
def test_text_that_would_be_markdown_is_written_escaped(text, written):
    assert markdown_text(text) == written


@pytest.mark.parametrize(("text", "written"), [
    ("Key: value", "&#75;ey: value"), ("...and then", "&#46;..and then"), ("--- rule", "\\--- rule"),
    ("Autor: Ana", "&#65;utor: Ana"),
])
def test_a_summary_cannot_open_with_metadata(text, written):
    """Pelican renders Summary as a document of its own: `Key:` there would be read as metadata."""
    assert document_text(text) == written


def test_a_body_block_that_opens_like_metadata_reads_as_written():
    """Only a document's first lines can be metadata; the body follows the header's blank line
    (issue 23: `&#65;utor: …` in every such block was hard to read and edit)."""
    blocks = [Block("paragraph", "Autor: Ana", "Autor: Ana"),
              Block("list_item", "Spot-Trading: on", "Spot-Trading: on")]
    assert render_body(blocks) == "Autor: Ana\n\n- Spot-Trading: on"


def test_an_image_without_alt_text_has_an_empty_alt():
    image = Block("image", "", '<img src="https://a.example/flows.png">')
    assert render_body([image]) == "![](https://a.example/flows.png)"


def test_an_emptied_quote_leaves_no_gap():
    """An embedded post is a quote whose content the sanitiser removed: no run of blank lines stays."""
    embed = Block("quote", "", inline_html("<script>twttr.widgets.load()</script>"))
    blocks = [Block("paragraph", "Flows", "Flows rose."), embed, Block("paragraph", "Prices", "Prices fell.")]
    assert render_body(blocks) == "Flows rose.\n\nPrices fell."


def test_translators_follow_the_authors_in_the_header():
    text = render(etf_article(authors=["Shew", "Faust"], translators=["Luffy", "Cookie"]))
    assert "\nAuthors: Shew, Faust\nTranslators: Luffy, Cookie\nSource: The Block\n" in text
    assert "Translators" not in render(etf_article())


# --- Structure: code, tables, footnotes, sup/sub --------------------------------------------------

SITE_EXTENSIONS = [*MARKDOWN["extension_configs"], "codehilite", "footnotes"]


def rendered_body(blocks: list[Block]) -> BeautifulSoup:
    """The body as the site renders it, with highlighting and footnotes."""
    source = render_body(blocks)
    html_text = markdown.markdown(source, extensions=SITE_EXTENSIONS, output_format="html5",
                                  extension_configs={"codehilite": {"guess_lang": False}})
    return BeautifulSoup(html_text, "html.parser")


def code_block(code: str, language: str = "python") -> Block:
    return Block("code", code, f'<pre><code class="language-{language}">{html.escape(code)}</code></pre>')


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("`~<>&[]{}|*_#-: \nabc=\"'\\")), min_size=1, max_size=80)
       .filter(lambda code: code.strip()))
def test_code_blocks_show_exactly_their_code(code):
    """Property: whatever backticks, fences or markup the code holds, one block shows exactly it."""
    page = rendered_body([code_block(code), Block("paragraph", "After.", "After.")])
    blocks = page.find_all("pre")
    assert len(blocks) == 1
    shown = blocks[0].get_text()
    # Python-Markdown empties lines that hold only spaces; the code's trailing white space goes.
    expected = re.sub(r"(?m)^ +$", "", code.rstrip()).lstrip("\n")
    assert shown.strip("\n") == expected.strip("\n")
    assert {tag.name for tag in page.find_all(True)} <= {"div", "pre", "span", "code", "p"}
    assert page.find_all("p")[-1].get_text() == "After."


def test_a_code_fence_is_longer_than_any_backtick_run_inside():
    source = render_body([code_block("a = ```\n````\nb", "")])
    assert source.startswith("`````\n") and source.endswith("\n`````")


def test_a_table_markdown_can_hold_becomes_a_markdown_table():
    table = ("<table><thead><tr><th>Asset</th><th>a|b</th></tr></thead><tbody>"
             "<tr><td>ETH</td><td><code>x|y</code> <b>1</b></td></tr><tr><td>BTC</td></tr></tbody></table>")
    source = render_body([Block("table", "", table)])
    assert source.splitlines() == [
        "| Asset | a\\|b |", "| --- | --- |", "| ETH | `x|y` **1** |", "| BTC |  |",
    ]
    page = rendered_body([Block("table", "", table)])
    assert [[cell.get_text() for cell in row.find_all(["th", "td"])] for row in page.find_all("tr")] == [
        ["Asset", "a|b"], ["ETH", "x|y 1"], ["BTC", ""],
    ]


@pytest.mark.parametrize("table", [
    "<table><tr><th>A</th><th>B</th></tr><tr><td colspan=\"2\">merged</td></tr></table>",
    "<table><tr><td>no</td><td>header</td></tr></table>",
    "<table><tr><th>A</th></tr><tr><td><p>one</p><p>two</p></td></tr></table>",
    "<table><caption>Named</caption><tr><th>A</th></tr><tr><td>1</td></tr></table>",
    "<table><tr><th>A</th></tr><tr><td>1</td><td>wider</td></tr></table>",
])
def test_a_table_markdown_cannot_hold_stays_an_html_table(table):
    source = render_body([Block("table", "", table)])
    assert source.startswith("<table>") and "\n" not in source
    assert rendered_body([Block("table", "", table)]).find("table") is not None


def test_footnotes_are_markdown_footnotes_with_text_that_stays_text():
    note = "See [x](javascript:alert(1)) and <b>this</b> *here*"
    blocks = [
        Block("paragraph", "Fees rose1.", 'Fees rose<sup data-footnote="1">1</sup>.'),
        Block("footnote", note, html.escape(note, quote=False), level=1),
    ]
    source = render_body(blocks)
    assert "Fees rose[^1]." in source and "[^1]: " in source
    page = rendered_body(blocks)
    assert page.select_one("sup a.footnote-ref").get_text() == "1"
    item = page.select_one("div.footnote li")
    item.select_one("a.footnote-backref").decompose()
    assert _visible(item.get_text()) == note
    assert not item.find(["b", "em"]) and [a["href"] for a in item.find_all("a")] == []


def test_sup_sub_and_cite_keep_their_tag_around_text():
    markup = "x<sup>2</sup> H<sub>&lt;b&gt;</sub> <sup data-footnote=\"abc\">n</sup>"
    page = rendered_body([Block("quote", "", markup), Block("quote", "", "<cite>A [b]</cite>")])
    assert [sup.get_text() for sup in page.find_all("sup")] == ["2", "n"]
    assert page.find("sub").get_text() == "<b>" and page.find("b") is None
    assert page.select_one("blockquote cite").get_text() == "A [b]"
