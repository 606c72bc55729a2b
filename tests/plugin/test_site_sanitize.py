"""The last sanitiser: no markup that can run script, and no Pelican link a web page can abuse.

Each vector is checked twice: `dangers()` finds it in the raw markup (so the checker is not
blind), then finds nothing once the markup is cleaned.
"""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime

import markdown
import pytest
from archive.images import link_remote_images
from archive.sanitize import clean_html, clean_title, sanitize_content
from bs4 import BeautifulSoup
from pelican.contents import Article, Page
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Tag

import pelicanconf
from tests.conftest import ROOT

STRINGS = str(ROOT / "theme" / "strings.toml")  # the images plugin labels image links from it
SETTINGS = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": "/site/content", "UI_STRINGS": STRINGS}
PUBLISHED = datetime(2025, 6, 19, 8, 20, tzinfo=UTC)
DIGEST = {"converter_digest": "12b2c6ad8a16f6a4"}  # what marks an article as converted from a web page

ACTIVE_TAGS = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "button", "base", "link", "meta",
}
ACTIVE_ATTRIBUTES = {"style", "srcdoc", "formaction"}
URL_ATTRIBUTES = ("href", "src", "action", "data", "formaction", "xlink:href")
ACTIVE_SCHEMES = ("javascript:", "vbscript:", "data:")

SCRIPT_VECTORS = [
    '<img src="x" onerror="alert(1)">',
    '<p onclick="alert(1)" onmouseover="alert(2)">Click</p>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="&#106;&#97;vascript&#58;alert(1)">entities</a>',
    '<a href="java&#x09;script:alert(1)">tab entity</a>',
    '<a href="java\nscript:alert(1)">newline</a>',
    '<a href=" \x01vbscript:msgbox(1)">vbscript with a control character</a>',
    '<a href="DaTa:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:text/html,<script>alert(1)</script>">',
    "<script>alert(1)</script>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">Go</button></form>',
    '<p style="background:url(javascript:alert(1))">CSS</p>',
    "<style>body { background: url(javascript:alert(1)) }</style>",
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
]

PELICAN_LINK_VECTORS = [
    '<a href="{static}/../../secret">static</a>',
    '<a href="{attach}/../../../etc/passwd">attach</a>',
    '<a href="{filename}/../../pelicanconf.py">filename</a>',
    '<img src="|filename|x" alt="old syntax">',
    '<a href="|STATIC|/../../secret">old syntax, upper case</a>',
    '<a href="  {Static}/../../secret">leading spaces, mixed case</a>',
    '<a href="&#123;static}/../../secret">an entity for the brace</a>',
    '<a href="&#x7c;static&#x7c;/../../secret">entities for the bars</a>',
    '<a href="{tag}Bitcoin">tag</a> <a href="{category}x">category</a> <a href="{author}x">author</a>',
    '<a href="{index}">index</a>',
    # Pelican's link regex also matches inside another attribute's value
    '<a title="x src=\'{static}/../../secret\'" href="https://cryptoslate.com/">in a title</a>',
    '<img alt=\'x href="|static|/../../secret"\' src="images/chart.png">',  # a local image: stays an img
    '<a href="https://cryptoslate.com/?q=src=\'{static}/../../secret\'">in a query</a>',
]

ORDINARY_MARKDOWN = """\
## Flows by fund

Spot ETFs took in **$1.05 billion**, the most since *January*[^1]. See the
[filing](https://www.sec.gov/filing) or [our notes](../notes/) and [the table](#flows).

- IBIT: +$872 million
- FBTC: +$120 million

1. First
2. Second

> Demand is not price-sensitive.

| Fund | Flow |
|:-----|-----:|
| IBIT | 872 |

![Chart of flows](https://img.example.com/chart.png "Daily flows")

ETF
:   Exchange-traded fund

*[SEC]: Securities and Exchange Commission

The SEC has not ruled.

[^1]: Farside Investors data.
"""


def dangers(html: str) -> list[str]:
    """What in `html` could run script or load active content, as a browser would read it."""
    found = []
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        if element.name in ACTIVE_TAGS:
            found.append(f"<{element.name}>")
        for name, value in element.attrs.items():
            if name.startswith("on") or name in ACTIVE_ATTRIBUTES:
                found.append(f"{element.name}[{name}]")
            if name in URL_ATTRIBUTES and _url(value).startswith(ACTIVE_SCHEMES):
                found.append(f"{element.name}[{name}={value!r}]")
    return found


def _url(value: str) -> str:
    """A URL as a browser reads it: no tabs or newlines, no outer controls or spaces, any case."""
    return re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21)))).lower()


def render(text: str) -> str:
    """Markdown rendered with the site's own Python-Markdown settings (pelicanconf.MARKDOWN)."""
    configs = pelicanconf.MARKDOWN["extension_configs"]
    return markdown.markdown(
        text, extensions=list(configs), extension_configs=configs,
        output_format=pelicanconf.MARKDOWN["output_format"],
    )


def normalised(html: str) -> str:
    """`html` re-serialised, so that `&#8217;` and `’` compare equal."""
    return BeautifulSoup(html, "html.parser").decode()


def article(content: str, converted: bool = True, **metadata) -> Article:
    """A Pelican article as the reader makes it; `converted`: it came from the converter."""
    metadata = {"title": "An article", "date": PUBLISHED, **(DIGEST if converted else {}), **metadata}
    return Article(content, metadata, settings=SETTINGS, source_path="/site/content/articles/a.md")


@pytest.mark.parametrize("vector", SCRIPT_VECTORS)
@pytest.mark.parametrize("converted", [True, False], ids=["converted", "hand-written"])
def test_no_script_survives_in_any_content(vector, converted):
    assert dangers(vector)
    assert dangers(clean_html(vector, converted)) == []


@pytest.mark.parametrize("vector", PELICAN_LINK_VECTORS)
def test_a_converted_page_cannot_use_pelicans_link_syntax(vector):
    """Checked after the images plugin too: it parses and re-writes the HTML the sanitiser left."""
    page = article(f'<p>{vector}<img src="https://img.example.com/chart.png" alt="Chart"></p>')
    sanitize_content(page)
    link_remote_images(page)
    assert "remote-image" in page._content
    assert page._get_intrasite_link_regex().search(page._content) is None
    assert page.get_static_links() == set()  # nothing for Pelican to copy into the site
    for link in BeautifulSoup(page._content, "html.parser").find_all(["a", "img"]):
        assert not _url(link.get("href", link.get("src", ""))).startswith(("{", "|"))


def test_the_same_static_link_in_a_hand_written_page_is_left_to_pelican():
    """The contrast with the test above: hand-written, `{static}` is an instruction to Pelican."""
    page = article('<p><a href="{static}/../../secret">secret</a></p>', converted=False)
    sanitize_content(page)
    assert page.get_static_links() == {"../../secret"}


def test_hand_written_content_keeps_its_filename_links():
    about = Page("<p>About</p>", {"title": "About", "slug": "about"}, settings=SETTINGS,
                 source_path="/site/content/pages/about.md")
    context = {"generated_content": {"pages/about.md": about}, "static_content": {}, "localsiteurl": ""}
    page = Article('<p>Read <a href="{filename}/pages/about.md">about the archive</a>.</p>',
                   {"title": "News", "date": PUBLISHED}, settings=SETTINGS,
                   source_path="/site/content/articles/a.md", context=context)
    sanitize_content(page)
    assert 'href="{filename}/pages/about.md"' in page._content
    assert f'href="/{about.url}"' in page.content  # Pelican still replaces it afterwards


@pytest.mark.parametrize("converted", [True, False], ids=["converted", "hand-written"])
def test_ordinary_markup_survives(converted):
    html = render(ORDINARY_MARKDOWN)
    cleaned = clean_html(html, converted)
    if converted:
        cleaned = cleaned.replace(' rel="nofollow noopener"', "")
    assert normalised(cleaned) == normalised(html)
    for markup in ('<th align="left">', '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">',
                   '<li id="fn:1">', '<abbr title="Securities and Exchange Commission">',
                   '<img alt="Chart of flows" src="https://img.example.com/chart.png" title="Daily flows">',
                   '<a href="../notes/">', '<a href="#flows">', "<dt>ETF</dt>", "<blockquote>"):
        assert markup in cleaned, markup


def test_converted_links_are_nofollow_and_only_web_fragment_or_relative():
    html = clean_html(
        '<a href="https://a.example/x">web</a><a href="#fn:1">note</a><a href="../other/">relative</a>'
        '<a href="mailto:x@example.com">mail</a><a href="//evil.example/">other host</a>'
        '<a href="ftp://files.example/">ftp</a><a href="/\\evil.example/">backslash</a>',
        converted=True,
    )
    hrefs = [a.get("href") for a in BeautifulSoup(html, "html.parser").find_all("a")]
    assert hrefs == ["https://a.example/x", "#fn:1", "../other/", None, None, None, None]
    assert html.count('rel="nofollow noopener"') == 7


def test_ids_only_on_footnotes():
    """An id from a page could shadow the site's own (`search-form`) and confuse its script."""
    html = clean_html('<p id="search-form">x</p><li id="fn:2">note</li><sup id="fnref2:2">2</sup>')
    assert html == '<p>x</p><li id="fn:2">note</li><sup id="fnref2:2">2</sup>'


def test_titles_keep_inline_emphasis_and_text_only():
    title = ('Bitcoin <em>soars</em><script>alert(1)</script><img src=x onerror=alert(1)> '
             '<a href="javascript:alert(1)">now</a> <h1 onclick="x">again</h1>')
    assert clean_title(title) == "Bitcoin <em>soars</em> now again"


def test_the_articles_title_and_summary_are_cleaned():
    summary = '<p>Gold <a href="javascript:alert(1)">rallied</a><svg onload="alert(1)"></svg></p>'
    page = article("<p>Body</p>", title='Gold <img src=x onerror="alert(1)">rallies', summary=summary)
    sanitize_content(page)
    assert page.title == page.metadata["title"] == "Gold rallies"
    clean = '<p>Gold <a rel="nofollow noopener">rallied</a></p>'
    assert page.summary == page._summary == clean
    page.refresh_metadata_intersite_links()  # Pelican copies _summary back into the metadata later
    assert page.summary == clean


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
     "//evil.example/x", "https://", "http:///etc/passwd", "file:///etc/passwd", "{static}/x", "http://[::1"],
)
def test_source_links_that_are_not_web_urls_are_removed(url):
    page = article("<p>Body</p>", original_url=url, via_url=url)
    sanitize_content(page)
    assert not hasattr(page, "original_url") and not hasattr(page, "via_url")
    assert "original_url" not in page.metadata and "via_url" not in page.metadata


def test_source_links_that_are_web_urls_are_kept_as_a_browser_reads_them():
    page = article("<p>Body</p>", converted=False, original_url=" https://cryptoslate.com/a\n",
                   via_url="HTTPS://www.bitget.com/news/detail/1")
    sanitize_content(page)
    assert page.original_url == page.metadata["original_url"] == "https://cryptoslate.com/a"
    assert page.via_url == "HTTPS://www.bitget.com/news/detail/1"


def test_escaped_markup_in_the_text_stays_text():
    """The converter escapes scraped HTML; the sanitiser must not turn it back into markup."""
    html = "<p>&lt;script&gt;alert(1)&lt;/script&gt; is shown, not run</p>"
    assert clean_html(html, converted=True) == html


def test_characters_xml_cannot_hold_are_removed_from_every_text():
    """The feeds are XML 1.0: feedgenerator refuses U+0001 and stops the build."""
    page = article(
        "<p>Body\x02 text\ufffe</p>", title="Gold\x01 rallies", summary="<p>Sum\x0bmary</p>",
        source="Crypto\x1fSlate", via="Bit\x00get", authors=[Author("Priya\x07 Natarajan", SETTINGS)],
        tags=[Tag("Gold\x0c", SETTINGS)],
    )
    sanitize_content(page)
    assert (page._content, page.title, page.summary) == ("<p>Body text</p>", "Gold rallies", "<p>Summary</p>")
    assert (page.source, page.metadata["source"], page.via) == ("CryptoSlate", "CryptoSlate", "Bitget")
    assert (page.author.name, page.tags[0].name, page.tags[0].slug) == ("Priya Natarajan", "Gold", "gold")


@pytest.mark.parametrize("converted", [True, False], ids=["converted", "hand-written"])
def test_markup_outside_the_allow_list_keeps_only_its_text(converted):
    """Scraped pages use tags Python-Markdown never writes: the reader gets their words, not their tags."""
    html = '<p><u>Read</u> <ins>this</ins> <q cite="https://x.example/">now</q> <small>fine print</small></p>'
    assert clean_html(html, converted) == "<p>Read this now fine print</p>"


@pytest.mark.parametrize("converted", [True, False], ids=["converted", "hand-written"])
def test_the_text_inside_script_like_elements_never_reaches_the_reader(converted):
    html = ("<p>Price<noscript>Enable JavaScript to see the chart</noscript></p>"
            "<template><p>Row</p></template><iframe>Your browser does not support iframes</iframe>"
            "<svg><text>BTC</text></svg><p>End</p>")
    assert clean_html(html, converted) == "<p>Price</p><p>End</p>"


def test_hand_written_links_may_be_web_or_mail_only():
    html = ('<a href="ftp://files.example/a">ftp</a><a href="tel:+15551234">call</a>'
            '<a href="bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2">donate</a>'
            '<a href="mailto:x@example.com">mail</a>')
    assert clean_html(html) == '<a>ftp</a><a>call</a><a>donate</a><a href="mailto:x@example.com">mail</a>'


def test_without_the_converted_flag_content_is_treated_as_hand_written():
    link = '<a href="{filename}/pages/about.md">about</a>'
    assert clean_html(link) == link


def test_titles_lose_attributes_that_only_inline_tags_could_carry():
    title = '<del datetime="2025-06-19" cite="https://x.example/">old</del> new'
    assert clean_title(title) == "<del>old</del> new"


def test_the_text_inside_script_like_elements_never_reaches_a_title():
    title = "Bitcoin<svg><title>icon</title></svg> <noscript>No JS</noscript>soars<iframe>x</iframe>"
    assert clean_title(title) == "Bitcoin soars"


@pytest.mark.filterwarnings("error")  # nh3 only prints an exception in the attribute filter, and drops the id
@pytest.mark.parametrize("converted", [True, False], ids=["converted", "hand-written"])
def test_ids_are_kept_only_where_footnotes_put_them(converted):
    html = '<ol><li id="search-form">x</li><li id="fn:1">note</li></ol><p>a<sup id="top">1</sup></p>'
    assert clean_html(html, converted) == '<ol><li>x</li><li id="fn:1">note</li></ol><p>a<sup>1</sup></p>'


def test_braces_and_bars_in_a_converted_link_are_percent_encoded():
    """Pelican would read `{` or `|` in a link as its own syntax; encoded, the link means the same."""
    html = clean_html('<a href="https://cryptoslate.com/search?q={btc}|eth">search</a>', converted=True)
    assert html == (
        '<a href="https://cryptoslate.com/search?q=%7Bbtc}%7Ceth" rel="nofollow noopener">search</a>'
    )


def test_pelicans_link_syntax_inside_a_title_is_defused_with_a_space():
    html = clean_html('<a title="x src=\'{static}/../x\'" href="https://a.example/">t</a>', True)
    assert html == (
        '<a title="x src=\' {static}/../x\'" href="https://a.example/" rel="nofollow noopener">t</a>'
    )


@pytest.mark.parametrize(
    "link",
    [
        '<a href="{static}/../../secret">x</a>',  # Pelican's syntax: dropped, not kept encoded
        '<a href="|filename|/../../secret">x</a>',
        '<a href="http://[::1">x</a>',  # no URL at all
        '<a href="//[::1">x</a>',  # nor this, which nh3 would pass as relative
        '<a href="/\t/evil.example/">x</a>',  # a browser drops the tab: //evil.example/
        '<a href="\x7f//evil.example/">x</a>',
    ],
)
def test_a_converted_link_that_is_not_plainly_web_or_relative_loses_its_target(link):
    assert clean_html(link, converted=True) == '<a rel="nofollow noopener">x</a>'


def test_a_converted_link_a_browser_reads_as_https_is_kept():
    html = clean_html('<a href="ht\ntps://cryptoslate.com/x">x</a>', converted=True)
    assert BeautifulSoup(html, "html.parser").a["href"] == "ht\ntps://cryptoslate.com/x"


def test_plain_http_source_links_are_kept():
    page = article("<p>Body</p>", original_url="http://cryptoslate.com/a", via_url="\x7fhttps://www.bitget.com/a")
    sanitize_content(page)
    assert (page.original_url, page.via_url) == ("http://cryptoslate.com/a", "https://www.bitget.com/a")


def test_a_source_link_that_is_not_text_is_removed():
    page = article("<p>Body</p>", original_url=["https://cryptoslate.com/a"])
    sanitize_content(page)
    assert not hasattr(page, "original_url") and "original_url" not in page.metadata


def test_a_source_link_set_on_the_article_alone_is_cleaned_too():
    page = article("<p>Body</p>")
    page.via_url = "javascript:alert(1)"  # by another plugin, without touching the metadata
    sanitize_content(page)
    assert not hasattr(page, "via_url")


def test_a_summary_with_a_character_xml_cannot_hold_is_still_sanitised():
    """Reading the summary before it is cleaned would make Pelican remember the dirty one."""
    page = article("<p>Body</p>", summary='<p>Gold\x0b <a href="javascript:alert(1)">rallied</a></p>')
    sanitize_content(page)
    assert page.summary == '<p>Gold <a rel="nofollow noopener">rallied</a></p>'


def test_a_save_as_or_url_with_a_character_xml_cannot_hold_is_cleaned():
    page = article("<p>Body</p>", save_as="articles/gold\x01-rally.html", url="articles/gold\x01-rally.html")
    sanitize_content(page)
    assert (page.save_as, page.url) == ("articles/gold-rally.html", "articles/gold-rally.html")
    assert page.metadata["save_as"] == page.metadata["url"] == "articles/gold-rally.html"


# Every element an article's HTML holds after Markdown (codehilite, footnotes, tables, images):
# whichever of them the sanitiser lets through, none keeps an event handler or a style.
ARTICLE_ELEMENTS = [
    '<a href="https://cryptoslate.com/x/" {attrs}>link</a>',
    '<img src="https://img.bgstatic.com/a.png" alt="chart" {attrs}>',
    "<span {attrs}>span</span>", "<div {attrs}>div</div>", "<p {attrs}>p</p>", "<h2 {attrs}>h2</h2>",
    "<pre {attrs}><code {attrs}>code</code></pre>",
    "<table><tr><th {attrs}>th</th><td {attrs}>td</td></tr></table>",
    "<ol><li {attrs}>li</li></ol>", "<sup {attrs}>1</sup>", "<abbr {attrs}>ETF</abbr>",
    "<blockquote {attrs}>q</blockquote>", "<em {attrs}>em</em>", "<strong {attrs}>strong</strong>",
    "<figure {attrs}><figcaption {attrs}>c</figcaption></figure>",
]
HOSTILE_ATTRIBUTES = 'style="position:fixed;inset:0" onclick="alert(1)" onmouseover="a(2)" onfocus="a(3)"'


@pytest.mark.parametrize("element", ARTICLE_ELEMENTS, ids=lambda e: e.split()[0].strip("<>"))
def test_no_element_keeps_a_style_or_an_event_handler(element):
    dirty = element.format(attrs=HOSTILE_ATTRIBUTES)
    assert "onclick" in dirty and "style=" in dirty  # the checker sees them before cleaning
    cleaned = BeautifulSoup(clean_html(dirty, converted=True), "html.parser")
    assert cleaned.get_text(strip=True) or cleaned.find("img"), "the element itself survives"
    kept = {name for tag in cleaned.find_all(True) for name in tag.attrs}
    assert kept.isdisjoint({"style", "onclick", "onmouseover", "onfocus"}), kept
