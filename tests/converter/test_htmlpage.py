"""Saved HTML pages: what a reader would call the page's facts and body, read off its markup.

The pages below are cut down from the structure of the fixture pages (Bitget's Next.js news
detail pages, CryptoSlate's WordPress posts with Yoast JSON-LD): the same chrome, bylines and
class names, with article sentences of our own.
"""

from __future__ import annotations

import json

import pytest
from converter.grammar import load_grammar
from converter.htmlpage import LD_DEPTH, MAX_DEPTH, SUFFIX_WINDOW, load_site_rules, parse_html_page

BITGET_URL = "https://www.bitget.com/news/detail/12560604829741"
CS_URL = "https://cryptoslate.com/senate-passes-genius-act-as-stablecoin-issuers-brace-for-federal-oversight/"


def parse(page: str):
    return parse_html_page(page, load_grammar())


def bitget_page(content: str, *, info: str | None = None, author: str | None = None,
                head: str | None = None, origin: str | None = None, after: str = "") -> str:
    """A Bitget news detail page around `content` (the inner HTML of the article's content div)."""
    head = head if head is not None else (
        "<title>Ethereum ETFs pull in $240 million as SEC weighs staking | Bitget News</title>"
        '<meta property="og:title" content="Ethereum ETFs pull in $240 million as SEC weighs staking">'
        f'<meta property="og:url" content="{BITGET_URL}"><meta property="og:site_name" content="Bitget">'
        '<link rel="icon" href="https://img.bgstatic.com/image/third/1701055440953.png">'
        f'<link rel="canonical" href="{BITGET_URL}">'
    )
    info = info if info is not None else (
        '<div class="ArticleDetail_source__W0e3N"><img class="ArticleDetail_sourceLogo__jB6aI" '
        'src="https://img.bgstatic.com/multiLang/news/source/cryptoslate.png" alt="CryptoSlate">'
        '<span class="ArticleDetail_sourceName__Kd9Vz">CryptoSlate</span></div>'
        '<span class="ArticleDetail_time__3kPq1">2025/06/18 14:05</span>'
    )
    author = author if author is not None else (
        '<span class="ArticleDetail_authorLabel__G7sDc">By:</span>'
        '<span class="ArticleDetail_authorName__hY4nE">Dana Whitfield</span>'
    )
    origin = origin if origin is not None else (
        '<a href="https://cryptoslate.com/ethereum-etfs-pull-in-240-million/" target="_blank" '
        'class="ArticleDetail_originLink__o2Lh8">View original</a>'
    )
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">{head}
<script>window.dataLayer=window.dataLayer||[];</script></head>
<body class="__className_9c4a21 bg-body"><div id="__next">
<header class="Header_header__3nYc1"><a href="https://www.bitget.com/" aria-label="Bitget">Bitget</a>
<nav class="Header_nav__7TbwE"><ul><li><a href="https://www.bitget.com/markets">Markets</a></li></ul></nav></header>
<div class="AppBanner_banner__kP3x7"><div class="AppBanner_title__2WcRk">Bitget App</div></div>
<main class="NewsDetail_main__V6p0K"><div class="ArticleDetail_wrap__Rr5vB">
<h1 class="ArticleDetail_title__mZ1pQ">Ethereum ETFs pull in $240 million as SEC weighs staking</h1>
<div class="ArticleDetail_info__4FzKo">{info}</div>
<div class="ArticleDetail_origin__T5nYc">{origin}</div>
<div class="ArticleDetail_author__Q2w1e">{author}</div>
<div class="ArticleDetail_content__x1Yz9 news-content rich-text" id="news-content">{content}</div>
{after}</div></main>
<footer class="Footer_footer__Pq2xV"><p>© 2025 Bitget.com. All rights reserved.</p></footer>
</div></body></html>"""


def cryptoslate_page(content: str, *, ld: object | None = None, meta: str = "", post_meta: str = "") -> str:
    """A CryptoSlate post: Yoast JSON-LD graph, og/article meta tags, the .post-box body."""
    ld = ld if ld is not None else {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": CS_URL, "name": "Senate passes GENIUS Act | CryptoSlate"},
            {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act as stablecoin issuers brace",
             "datePublished": "2025-06-17T21:40:03+00:00",
             "author": [{"name": "Elena Kovac"}, {"name": "Jordan Peck"}],
             "publisher": {"@id": "https://cryptoslate.com/#organization"}},
        ],
    }
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>Senate passes GENIUS Act as stablecoin issuers brace | CryptoSlate</title>
<link rel="canonical" href="{CS_URL}" />
<meta property="og:site_name" content="CryptoSlate" />{meta}
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld)}</script>
</head><body class="wp-singular single">
<header id="masthead" class="site-header"><nav class="main-navigation"><a href="https://cryptoslate.com/news/">News</a></nav></header>
<main id="main" class="site-main"><article class="full-article">
<header class="post-header"><h1 class="post-title">Senate passes GENIUS Act as stablecoin issuers brace</h1>
<div class="post-meta">{post_meta}</div></header>
<div class="post-container"><div class="post-box">{content}</div></div>
<section class="related-posts"><h3>Related posts</h3>
<p>What is the GENIUS Act? The US stablecoin bill explained</p></section>
</article></main>
<footer class="site-footer"><p>CryptoSlate is a crypto news site.</p></footer></body></html>"""


PARAGRAPH = "<p>US spot Ethereum funds took in $240.3 million over five trading days.</p>"


def texts(facts, kind=None):
    return [block.text for block in facts.blocks if kind is None or block.kind == kind]


# --- Bitget pages: the aggregator's byline -----------------------------------------------------


def test_bitget_page_facts():
    """Bitget republishes: it is the "via", the source is the publisher its byline shows."""
    facts = parse(bitget_page(PARAGRAPH))
    assert facts.title == "Ethereum ETFs pull in $240 million as SEC weighs staking"
    assert facts.lang == "en"
    assert facts.structured is True
    assert facts.source == "CryptoSlate"
    assert facts.date_text == "2025/06/18 14:05"
    assert facts.other_dates == []
    assert facts.authors == ["Dana Whitfield"]
    assert facts.original_url == "https://cryptoslate.com/ethereum-etfs-pull-in-240-million/"
    assert (facts.via, facts.via_url) == ("Bitget", BITGET_URL)
    assert texts(facts) == ["US spot Ethereum funds took in $240.3 million over five trading days."]


def test_chrome_and_tail_of_the_page_are_not_body():
    after = ('<div class="RelatedNews_related__k2Lp0"><p>Bitcoin ETF outflows hit $300 million</p></div>'
             '<div class="Disclaimer_disclaimer__x"><p>Disclaimer: not investment advice.</p></div>')
    share = '<div class="ShareBar_share__Q1"><p>Share on X</p></div>'
    facts = parse(bitget_page(PARAGRAPH + share, after=after))
    assert texts(facts) == ["US spot Ethereum funds took in $240.3 million over five trading days."]


def test_source_name_comes_from_the_logo_when_no_text_precedes_the_time():
    """Some saves keep only the publisher's logo before the time: its alt text names the source."""
    page = ("<html lang=\"en\"><body><main>"
            '<img class="ArticleDetail_sourceLogo__jB6aI" src="https://img.bgstatic.com/source/theblock.png" '
            'alt="The Block"><span class="ArticleDetail_time__3kPq1">2025/06/18 14:05</span>'
            f"<h1>Spot bitcoin ETFs drew $1.2 billion</h1>{PARAGRAPH}</main></body></html>")
    facts = parse(page)
    assert facts.date_text == "2025/06/18 14:05"
    assert facts.source == "The Block"


def test_no_logo_and_no_text_before_the_time_leaves_the_source_empty():
    page = ("<html lang=\"en\"><body><main><span>2025/06/18 14:05</span>"
            f"<h1>Spot bitcoin ETFs drew $1.2 billion</h1>{PARAGRAPH}</main></body></html>")
    facts = parse(page)
    assert (facts.date_text, facts.source) == ("2025/06/18 14:05", "")


def test_source_and_time_glued_in_one_line():
    """Some saves flatten the byline to "CryptoSlate2025/06/18 14:05", like the text dumps."""
    info = "<span>CryptoSlate2025/06/18 14:05</span>"
    facts = parse(bitget_page(PARAGRAPH, info=info))
    assert facts.source == "CryptoSlate"
    assert facts.date_text == "2025/06/18 14:05"


def test_only_the_first_time_shown_is_the_date():
    """Later times on the page belong to related articles."""
    content = PARAGRAPH + "<p>2025/06/19 09:00</p>"
    facts = parse(bitget_page(content))
    assert facts.date_text == "2025/06/18 14:05"


def test_author_label_and_name_in_one_text():
    facts = parse(bitget_page(PARAGRAPH, author="<span>By: Dana Whitfield and Omar Reyes</span>"))
    assert facts.authors == ["Dana Whitfield", "Omar Reyes"]


def test_a_page_without_byline_author_has_none():
    facts = parse(bitget_page(PARAGRAPH, author=""))
    assert facts.authors == []


def test_text_after_the_author_is_not_another_author():
    facts = parse(bitget_page("<p>By: the numbers, inflows doubled.</p>" + PARAGRAPH))
    assert facts.authors == ["Dana Whitfield"]


def test_view_original_link_is_resolved_against_the_page():
    origin = '<a href="/news/original/98765">View original</a>'
    facts = parse(bitget_page(PARAGRAPH, origin=origin))
    assert facts.original_url == "https://www.bitget.com/news/original/98765"


def test_view_original_without_href_is_skipped():
    origin = ('<a class="ArticleDetail_originLink__o2Lh8">View original</a>'
              '<a href="https://cryptoslate.com/eth-etf-flows/">View original</a>'
              '<a href="https://cryptoslate.com/other/">View original</a>')
    facts = parse(bitget_page(PARAGRAPH, origin=origin))
    assert facts.original_url == "https://cryptoslate.com/eth-etf-flows/"


def test_unsafe_view_original_link_is_dropped():
    facts = parse(bitget_page(PARAGRAPH, origin='<a href="javascript:alert(1)">View original</a>'))
    assert facts.original_url == ""


def test_links_outside_main_are_not_the_byline():
    """The byline is read inside <main>: the header's links and times are chrome."""
    page = bitget_page(PARAGRAPH, origin="").replace(
        '<a href="https://www.bitget.com/" aria-label="Bitget">Bitget</a>',
        '<a href="https://www.bitget.com/promo">View original</a>')
    assert parse(page).original_url == ""


# --- Structured data -----------------------------------------------------------------------------


def test_cryptoslate_page_facts():
    """A publisher's own page: it is the source and the original, not a "via"."""
    post_meta = '<span class="post-date">Jun. 17, 2025 at 9:40 pm UTC</span>'
    facts = parse(cryptoslate_page(PARAGRAPH, post_meta=post_meta))
    assert facts.title == "Senate passes GENIUS Act as stablecoin issuers brace"
    assert facts.lang == "en-US"
    assert facts.authors == ["Elena Kovac", "Jordan Peck"]
    assert facts.date_text == "2025-06-17T21:40:03+00:00"
    assert facts.other_dates == ["Jun. 17, 2025 at 9:40 pm UTC"]
    assert facts.source == "CryptoSlate"
    assert facts.original_url == CS_URL
    assert (facts.via, facts.via_url) == ("", "")
    assert texts(facts) == ["US spot Ethereum funds took in $240.3 million over five trading days."]


def test_every_stated_date_is_kept_once_in_page_order():
    """One broken field must not cost the page: the other dates are tried after the first."""
    meta = '<meta property="article:published_time" content="2025-06-17T21:40:00+00:00" />'
    facts = parse(cryptoslate_page(PARAGRAPH, meta=meta))
    assert facts.date_text == "2025-06-17T21:40:03+00:00"
    assert facts.other_dates == ["2025-06-17T21:40:00+00:00"]
    same = '<meta property="article:published_time" content="2025-06-17T21:40:03+00:00" />'
    assert parse(cryptoslate_page(PARAGRAPH, meta=same)).other_dates == []


def test_meta_date_when_the_json_ld_has_none():
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act"}
    meta = '<meta property="article:published_time" content="2025-06-17T21:40:03+00:00" />'
    facts = parse(cryptoslate_page(PARAGRAPH, ld=ld, meta=meta))
    assert (facts.date_text, facts.other_dates) == ("2025-06-17T21:40:03+00:00", [])


def test_visible_date_and_authors_by_site_selectors():
    """Without structured date and authors, CryptoSlate's .post-date and author links are read."""
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act"}
    post_meta = ('<a href="https://cryptoslate.com/author/elena-kovac/" class="author-avatar"></a>'
                 '<a href="https://cryptoslate.com/author/elena-kovac/">Elena Kovac</a> '
                 '<a href="https://cryptoslate.com/author/jordan-peck/">Jordan Peck</a>'
                 '<a href="https://cryptoslate.com/author/elena-kovac/">Elena Kovac</a>'
                 '<span class="post-date">Jun. 17, 2025 at 9:40 pm UTC</span>'
                 '<span class="post-date">Jun. 18, 2025 at 8:15 am UTC</span>')
    facts = parse(cryptoslate_page(PARAGRAPH, ld=ld, post_meta=post_meta))
    assert facts.date_text == "Jun. 17, 2025 at 9:40 pm UTC"
    assert facts.authors == ["Elena Kovac", "Jordan Peck"]


def test_site_selectors_find_nothing_on_a_bare_post():
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act"}
    facts = parse(cryptoslate_page(PARAGRAPH, ld=ld))
    assert (facts.date_text, facts.authors) == ("", [])


def test_rel_author_links_are_the_second_author_selector():
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act"}
    post_meta = '<a rel="author" href="https://cryptoslate.com/team/">Elena Kovac</a>'
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld, post_meta=post_meta)).authors == ["Elena Kovac"]


def test_publisher_named_in_json_ld_is_the_source():
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act",
          "publisher": {"@type": "Organization", "name": "CryptoSlate Media"}}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).source == "CryptoSlate Media"


@pytest.mark.parametrize("kind", ["Article", "NewsArticle", ["BlogPosting", "ReportageNewsArticle"]])
def test_article_like_types(kind):
    ld = {"@type": kind, "headline": "Senate passes GENIUS Act"}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == "Senate passes GENIUS Act"


def test_json_ld_of_other_types_is_ignored():
    """A WebPage's name carries the site suffix and is no article headline."""
    ld = [{"@type": "WebPage", "headline": "Page name"}, {"@type": "Organization", "name": "CryptoSlate"}]
    facts = parse(cryptoslate_page(PARAGRAPH, ld=ld))
    assert facts.title == "Senate passes GENIUS Act as stablecoin issuers brace"
    assert facts.authors == []


def test_broken_json_ld_is_skipped_for_the_next_script():
    page = cryptoslate_page(PARAGRAPH, ld={"@type": "NewsArticle", "headline": "The real headline"})
    page = page.replace('<script type="application/ld+json"', '<script type="application/ld+json">{"@type": '
                        '"NewsArticle", "headline": </script><script type="application/ld+json"', 1)
    assert parse(page).title == "The real headline"


def test_json_ld_nested_deeper_than_pages_nest_it_is_not_read():
    found = {"@type": "NewsArticle", "headline": "Nested headline"}
    data: object = found
    for _ in range(LD_DEPTH - 1):
        data = [data]
    assert parse(cryptoslate_page(PARAGRAPH, ld=data)).title == "Nested headline"
    assert parse(cryptoslate_page(PARAGRAPH, ld=[data])).title == (
        "Senate passes GENIUS Act as stablecoin issuers brace")


def test_graph_nested_in_graph():
    ld = {"@graph": [{"@graph": [{"@type": "NewsArticle", "headline": "Inner headline"}]}]}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == "Inner headline"


@pytest.mark.parametrize(
    ("headline", "title"),
    [
        (["", "  Listed headline  "], "Listed headline"),
        (2025, "Senate passes GENIUS Act as stablecoin issuers brace"),
        ({"text": "x"}, "Senate passes GENIUS Act as stablecoin issuers brace"),
        ("Headline with a lone \ud800 surrogate", "Headline with a lone  surrogate"),
        ("Senate passes GENIUS Act – CryptoSlate", "Senate passes GENIUS Act"),
    ],
)
def test_json_ld_text_that_is_not_a_plain_string(headline, title):
    """Pages put numbers, lists and objects where a string belongs; the title falls back to og:title
    or the visible heading, never to "2025" or a dict's repr."""
    meta = '<meta property="og:title" content="Senate passes GENIUS Act as stablecoin issuers brace" />'
    ld = {"@type": "NewsArticle", "headline": headline}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld, meta=meta)).title == title


def test_deeply_listed_text_is_not_read():
    headline: object = "Deep headline"
    for _ in range(LD_DEPTH + 1):
        headline = [headline]
    ld = {"@type": "NewsArticle", "headline": headline}
    visible = "Senate passes GENIUS Act as stablecoin issuers brace"
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == visible
    ld = {"@type": "NewsArticle", "headline": headline[0]}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == "Deep headline"


@pytest.mark.parametrize(
    ("author", "authors"),
    [
        ("Elena Kovac", ["Elena Kovac"]),
        ("https://cryptoslate.com/author/elena-kovac/", []),
        ({"@type": "Person", "name": " Elena Kovac "}, ["Elena Kovac"]),
        ({"@type": "Person", "url": "https://cryptoslate.com/author/elena-kovac/"}, []),
        ([[{"name": "Elena Kovac"}], "Jordan Peck"], ["Elena Kovac", "Jordan Peck"]),
    ],
)
def test_json_ld_authors(author, authors):
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act", "author": author}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).authors == authors


def test_json_ld_authors_nested_past_the_depth_are_not_read():
    author: object = {"name": "Elena Kovac"}
    for _ in range(LD_DEPTH - 1):
        author = [author]
    ld = {"@type": "NewsArticle", "headline": "Senate passes GENIUS Act", "author": author}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).authors == ["Elena Kovac"]
    ld["author"] = [author]
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).authors == []


def test_meta_tags_are_read_by_property_or_name_in_any_case():
    head = ('<title>Old title | Bitget</title>'
            '<META PROPERTY="OG:TITLE" CONTENT="  Ethereum ETFs pull in $240 million ">'
            f'<meta name="og:url" content="{BITGET_URL}">')
    facts = parse(bitget_page(PARAGRAPH, head=head))
    assert facts.title == "Ethereum ETFs pull in $240 million"
    assert facts.via_url == BITGET_URL


def test_canonical_link_wins_over_og_url():
    head = (f'<link rel="canonical" href="{BITGET_URL}">'
            '<meta property="og:url" content="https://www.bitget.com/news/detail/1">')
    assert parse(bitget_page(PARAGRAPH, head=head)).via_url == BITGET_URL


def test_page_without_lang_or_url():
    page = bitget_page(PARAGRAPH, head="").replace('<html lang="en" dir="ltr">', "<html>")
    facts = parse(page)
    assert facts.lang == ""
    assert (facts.via, facts.via_url) == ("", "")
    assert facts.source == "CryptoSlate"


def test_fragment_without_html_element():
    facts = parse("<body><main><h1>Bitcoin miners pivot to AI</h1><p>Hashprice fell to a record low.</p>"
                  "</main></body>")
    assert facts.lang == ""
    assert facts.title == "Bitcoin miners pivot to AI"
    assert texts(facts) == ["Hashprice fell to a record low."]


def test_lang_is_stripped():
    page = cryptoslate_page(PARAGRAPH).replace('lang="en-US"', 'lang=" ja "')
    assert parse(page).lang == "ja"


# --- Titles ---------------------------------------------------------------------------------------


def test_visible_heading_when_no_structured_title():
    head = '<title>Ethereum ETFs | Bitget News</title>'
    assert parse(bitget_page(PARAGRAPH, head=head)).title == (
        "Ethereum ETFs pull in $240 million as SEC weighs staking")


def test_title_element_without_site_suffix_when_no_heading():
    page = ("<html><head><title>Ethereum ETFs pull in $240 million | Bitget News</title></head>"
            "<body><main><p>Funds took in $240.3 million.</p></main></body></html>")
    assert parse(page).title == "Ethereum ETFs pull in $240 million"


def test_page_without_any_title():
    page = "<html><body><main><p>Funds took in $240.3 million.</p></main></body></html>"
    assert parse(page).title == ""


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bitcoin slips below $90,000 | Bitget", "Bitcoin slips below $90,000"),
        ("Bitcoin slips below $90,000 ｜ Bitget News", "Bitcoin slips below $90,000"),
        ("Bitcoin slips below $90,000 - CryptoSlate", "Bitcoin slips below $90,000"),
        ("Bitcoin slips below $90,000 — cryptoslate", "Bitcoin slips below $90,000"),
        ("Bitcoin slips | Ether rises | Bitget", "Bitcoin slips | Ether rises"),
        ("Bitcoin slips below $90,000 | The Block", "Bitcoin slips below $90,000 | The Block"),
        ("Bitget lists a new token | Markets", "Bitget lists a new token | Markets"),
    ],
)
def test_site_suffix_removal(title, expected):
    assert load_site_rules().without_suffix(title) == expected


def test_suffix_of_a_long_title():
    """Only the end is searched, but the whole title is kept."""
    head = "Bitcoin " * 30
    assert len(head) > SUFFIX_WINDOW
    assert load_site_rules().without_suffix(head + "| Bitget") == head.strip()
    assert load_site_rules().without_suffix(head + "- CryptoSlate ") == head.strip()


def test_site_is_recognised_by_host():
    rules = load_site_rules()
    assert rules.site_for("https://www.bitget.com/ja/news/detail/1").name == "Bitget"
    assert rules.site_for("https://cryptoslate.com/x/").name == "CryptoSlate"
    assert rules.site_for("https://www.theblock.co/post/1") is None


# --- Body blocks --------------------------------------------------------------------------------


def test_body_blocks_of_every_kind():
    content = (
        "<p>Spot <a href=\"/coins/ethereum/\">Ether</a> funds took in <b>$240</b>&nbsp;million.</p>"
        "<h2>Staking  in spot funds</h2><h3>What issuers asked</h3><h4>Fees</h4><h5>Risks</h5><h6>Notes</h6>"
        "<blockquote><p>We expect a decision by October.</p><p>Staking is the missing piece.</p></blockquote>"
        "<blockquote>Yields matter.</blockquote>"
        "<ul><li>BlackRock: $187.6 million</li><li>Fidelity: $40.1 million<ul><li>nested</li></ul></li></ul>"
        "<ol><li>Grayscale</li></ol>"
        "<pre>ETHA 187.6</pre><table><tr><td>ETHA</td><td>187.6</td></tr></table>"
    )
    facts = parse(bitget_page(content))
    kinds = [(block.kind, block.text) for block in facts.blocks]
    assert kinds == [
        ("paragraph", "Spot Ether funds took in $240 million."),
        ("heading", "Staking in spot funds"),
        ("heading", "What issuers asked"), ("heading", "Fees"), ("heading", "Risks"), ("heading", "Notes"),
        ("quote", "We expect a decision by October."), ("quote", "Staking is the missing piece."),
        ("quote", "Yields matter."),
        ("list_item", "BlackRock: $187.6 million"), ("list_item", "Fidelity: $40.1 millionnested"),
        ("list_item", "Grayscale"),
        ("code", "ETHA 187.6"), ("table", "ETHA 187.6"),
    ]
    assert [block.level for block in facts.blocks[1:6]] == [2, 3, 4, 5, 6]
    assert [block.ordered for block in facts.blocks if block.kind == "list_item"] == [False, False, True]
    assert facts.blocks[0].html == ('Spot <a href="https://www.bitget.com/coins/ethereum/">Ether</a> '
                                    "funds took in "
                                    "<b>$240</b>&nbsp;million.")
    assert facts.blocks[1].html == "Staking in spot funds"


def test_heading_markup_is_escaped_text():
    facts = parse(bitget_page("<h2>Fees &lt;b&gt; and <i>yield</i></h2>" + PARAGRAPH))
    assert facts.blocks[0].text == "Fees <b> and yield"
    assert facts.blocks[0].html == "Fees &lt;b&gt; and yield"


def test_article_heading_inside_the_body_is_not_repeated():
    facts = parse(bitget_page("<h1>Ethereum ETFs pull in $240 million</h1>" + PARAGRAPH))
    assert texts(facts) == ["US spot Ethereum funds took in $240.3 million over five trading days."]


def test_nested_containers_and_bare_text():
    content = ("Staking could lift yields.\n\n  Issuers filed <b>amended</b> forms."
               f"<div><section>{PARAGRAPH}</section></div>  ")
    facts = parse(bitget_page(content))
    assert texts(facts) == ["Staking could lift yields.", "Issuers filed", "amended",
                            "forms.", "US spot Ethereum funds took in $240.3 million over five trading days."]
    assert facts.blocks[0].html == "Staking could lift yields."


def test_bare_text_is_escaped():
    facts = parse(bitget_page("Fees &lt;script&gt; were cut &amp; waived."))
    assert facts.blocks[0].text == "Fees <script> were cut & waived."
    assert facts.blocks[0].html == "Fees &lt;script&gt; were cut &amp; waived."


def test_images_and_captions():
    content = (
        '<figure><img src="/news/img/etf-flows.png" alt="ETF  flows\nchart">'
        "<figcaption>Weekly flows</figcaption>"
        "</figure>"
        '<figure><img src="https://img.bgstatic.com/a.png" alt=""><figcaption> </figcaption></figure>'
        '<img src="javascript:alert(1)" alt="x"><img alt="no source">'
        '<p><img src="https://img.bgstatic.com/b.png" alt="Fidelity &quot;FETH&quot;"></p>'
        '<p>Flows rose <img src="https://img.bgstatic.com/up.png" alt="up"> again.</p>'
    )
    facts = parse(bitget_page(content))
    assert [(block.kind, block.text, block.html) for block in facts.blocks] == [
        ("figure", "Weekly flows",  # the caption stays with its image
         '<figure><img src="https://www.bitget.com/news/img/etf-flows.png" alt="ETF flows chart">'
         "<figcaption>Weekly flows</figcaption></figure>"),
        ("image", "", '<img src="https://img.bgstatic.com/a.png" alt="">'),
        ("image", 'Fidelity "FETH"',
         '<img src="https://img.bgstatic.com/b.png" alt="Fidelity &quot;FETH&quot;">'),
        ("paragraph", "Flows rose again.",
         'Flows rose <img alt="up" src="https://img.bgstatic.com/up.png"> again.'),
    ]


def test_image_url_with_markup_characters_is_escaped():
    facts = parse(bitget_page('<img src="https://img.bgstatic.com/a.png?w=1&h=2" alt="a<b">'))
    assert facts.blocks[0].html == '<img src="https://img.bgstatic.com/a.png?w=1&amp;h=2" alt="a&lt;b">'


def test_site_body_selectors_are_tried_in_order():
    """On CryptoSlate, .post-box is the article even when another block has more paragraphs."""
    sidebar = "<div class=\"post-container\"><div class=\"entry-content\">" + PARAGRAPH * 3 + "</div></div>"
    page = cryptoslate_page("<p>Short body.</p>").replace("</article>", sidebar + "</article>")
    assert texts(parse(page)) == ["Short body."]


def test_later_selector_when_the_first_is_missing():
    page = cryptoslate_page("<p>Body.</p>").replace('class="post-box"', 'class="entry-content"')
    page = page.replace('<div class="post-container">', '<div class="post-container"><div>'
                        + "<p>Longer sidebar paragraph text.</p>" * 3 + "</div>")
    assert texts(parse(page)) == ["Body."]


def test_unknown_site_body_is_the_block_richest_in_paragraphs():
    page = ("<html lang=\"en\"><head><link rel=\"canonical\" href=\"https://www.theblock.co/post/1\"></head><body>"
            "<div class=\"teaser\"><p>Short teaser.</p><p>Another teaser.</p></div>"
            "<div class=\"story\"><p>Spot bitcoin ETFs drew $1.2 billion in a single day, a record.</p>"
            "<div><p>Nested paragraphs do not count for the outer block.</p></div></div>"
            "</body></html>")
    assert texts(parse(page)) == ["Spot bitcoin ETFs drew $1.2 billion in a single day, a record.",
                                  "Nested paragraphs do not count for the outer block."]


def test_page_without_containers_reads_its_body():
    page = "<html><head><title>Note | Bitget</title></head><body><p>Only a paragraph.</p></body></html>"
    assert texts(parse(page)) == ["Only a paragraph."]


def test_page_without_body_has_no_blocks():
    assert parse("<html><head><title>Empty | Bitget</title></head></html>").blocks == []


def test_header_inside_the_article_is_kept_outside_dropped():
    page = ("<html><body><header><p>Site tagline that is long enough to win.</p></header>"
            "<article><header><p>Lead: issuers filed amended forms.</p></header>"
            "<p>Funds took in $240.3 million.</p></article>"
            "<footer><p>Footer text about the company and its many offices.</p></footer></body></html>")
    facts = parse(page)
    assert texts(facts) == ["Lead: issuers filed amended forms.", "Funds took in $240.3 million."]


def test_hidden_and_nested_chrome_is_dropped():
    content = (PARAGRAPH + '<div class="share-bar"><div class="share-inner"><p>Share</p></div></div>'
               '<p hidden>Hidden</p><p aria-hidden="true">Decor</p>'
               '<div class="cookie-notice"><p>Cookies</p></div>')
    assert texts(parse(bitget_page(content))) == [
        "US spot Ethereum funds took in $240.3 million over five trading days."]


def test_overlong_character_references_do_not_stop_the_page():
    facts = parse(bitget_page("<p>Price &#99999999999; and &#x1234567890; rose.</p>"))
    assert facts.blocks[0].text == "Price \ufffd and \ufffd rose."


def test_deep_nesting_is_read_as_text():
    """No article nests so deep: a hostile page's elements at MAX_DEPTH become paragraphs of their text."""
    divs = MAX_DEPTH - 4  # html, body and main hold the divs; their children sit at MAX_DEPTH
    inner = "<h2>Deep heading</h2><p>Deep  <b>text</b> &amp; more</p><script>var deep = 1;</script>"
    nested = "<div>" * divs + inner + "</div>" * divs
    facts = parse(f"<html><body><main>\n{nested}</main></body></html>")
    assert [(b.kind, b.text, b.html) for b in facts.blocks] == [
        ("paragraph", "Deep heading", "Deep heading"),
        ("paragraph", "Deep text & more", "Deep text &amp; more"),
    ]


def test_nesting_just_below_the_limit_keeps_its_structure():
    depth = MAX_DEPTH - 4  # html, body, main and the paragraph itself
    inner = "<h2>Heading</h2><p>Paragraph text.</p>"
    nested = "<div>" * (depth - 1) + inner + "</div>" * (depth - 1)
    page = f"<html><body><main>{nested}</main></body></html>"
    facts = parse(page)
    blocks = [(b.kind, b.text) for b in facts.blocks]
    assert blocks == [("heading", "Heading"), ("paragraph", "Paragraph text.")]


def test_relative_links_in_every_kind_of_block_are_made_absolute():
    content = (
        '<div><p>See <a href="/news/detail/1">the filing</a>.</p></div>'
        '<blockquote><p>Read <a href="/news/detail/2">the letter</a>.</p></blockquote>'
        '<ul><li><a href="/news/detail/3">Flows</a></li></ul>'
        '<p>\n<img src="/news/img/chart.png" alt="Chart">\n</p>'
        '<figure><img src="/news/img/flows.png" alt=""><figcaption>Source: <a href="/data">Farside</a>'
        "</figcaption></figure>"
    )
    facts = parse(bitget_page(content))
    assert [(b.kind, b.html) for b in facts.blocks] == [
        ("paragraph", 'See <a href="https://www.bitget.com/news/detail/1">the filing</a>.'),
        ("quote", 'Read <a href="https://www.bitget.com/news/detail/2">the letter</a>.'),
        ("list_item", '<a href="https://www.bitget.com/news/detail/3">Flows</a>'),
        ("image", '<img src="https://www.bitget.com/news/img/chart.png" alt="Chart">'),
        ("figure", '<figure><img src="https://www.bitget.com/news/img/flows.png" alt="">'
                   '<figcaption>Source: <a href="https://www.bitget.com/data">Farside</a></figcaption></figure>'),
    ]
    assert not any(b.ordered for b in facts.blocks)


def test_quote_paragraphs_with_inline_markup_are_one_quote_each():
    content = "<blockquote><p>Staking is <em>the</em> missing <b>piece</b>.</p></blockquote>"
    facts = parse(bitget_page(content))
    assert [(b.kind, b.text) for b in facts.blocks] == [("quote", "Staking is the missing piece.")]


def test_lazy_images_without_src_do_not_hide_the_next_one():
    content = ('<figure><img alt="placeholder" data-src="/lazy.png">'
               '<img src="https://img.bgstatic.com/c.png" alt="Chart"></figure>')
    facts = parse(bitget_page(content))
    assert [b.html for b in facts.blocks] == ['<img src="https://img.bgstatic.com/c.png" alt="Chart">']


def test_a_video_in_a_figure_is_not_an_image():
    content = ('<figure><video src="https://img.bgstatic.com/clip.mp4"></video>'
               '<img src="https://img.bgstatic.com/c.png" alt="Still"></figure>')
    facts = parse(bitget_page(content))
    assert [b.html for b in facts.blocks] == ['<img src="https://img.bgstatic.com/c.png" alt="Still">']


def test_bare_text_blocks_are_paragraphs():
    facts = parse(bitget_page("Staking could lift yields.<p>Issuers filed forms.</p>"))
    assert [b.kind for b in facts.blocks] == ["paragraph", "paragraph"]


def test_page_header_inside_main_is_kept_outside_dropped():
    page = ("<html><body><div class=\"page\"><header><p>Markets, news and data for every trader.</p></header>"
            "<p>Funds took in $240.3 million.</p><p>Issuers filed amended forms.</p>"
            "<footer><p>About us and the offices of the company.</p></footer></div>"
            "<main><header><p>Lead: staking could arrive this year.</p></header></main></body></html>")
    facts = parse(page)
    assert texts(facts) == ["Funds took in $240.3 million.", "Issuers filed amended forms."]
    page = ("<html><body><main><header><p>Lead: staking could arrive this year.</p></header>"
            "<p>Funds took in $240.3 million.</p></main></body></html>")
    assert texts(parse(page)) == ["Lead: staking could arrive this year.", "Funds took in $240.3 million."]


def test_the_block_richest_in_its_own_paragraphs_not_its_wrapper():
    """A wrapper holding the article and a sidebar must not win by its descendants' text."""
    page = ("<html><head><link rel=\"canonical\" href=\"https://www.theblock.co/post/1\"></head><body>"
            "<div class=\"layout\"><div class=\"story\">"
            "<p>Spot bitcoin ETFs drew $1.2 billion in one day.</p>"
            "<p>BlackRock's fund led with $870 million.</p></div>"
            "<div class=\"rail\"><p>Most read: Solana ETF filings updated.</p></div></div></body></html>")
    assert texts(parse(page)) == ["Spot bitcoin ETFs drew $1.2 billion in one day.",
                                  "BlackRock's fund led with $870 million."]


def test_a_publisher_page_without_publisher_data_names_the_site():
    page = cryptoslate_page(PARAGRAPH, ld={"@type": "NewsArticle", "headline": "Senate passes GENIUS Act"})
    page = page.replace('<meta property="og:site_name" content="CryptoSlate" />', "")
    assert parse(page).source == "CryptoSlate"


def test_unknown_site_source_from_og_site_name_or_nothing():
    page = ("<html lang=\"en\"><head><link rel=\"canonical\" href=\"https://www.theblock.co/post/1\">"
            '<meta property="og:site_name" content="The Block"></head>'
            "<body><main><h1>Spot bitcoin ETFs drew $1.2 billion</h1><p>Flows hit a record.</p></main>"
            "</body></html>")
    facts = parse(page)
    assert (facts.source, facts.original_url) == ("The Block", "https://www.theblock.co/post/1")
    assert parse(page.replace('<meta property="og:site_name" content="The Block">', "")).source == ""


def test_meta_without_content_is_no_title():
    head = '<meta property="og:title"><title>Ethereum ETFs | Bitget News</title>'
    assert parse(bitget_page(PARAGRAPH, head=head)).title == (
        "Ethereum ETFs pull in $240 million as SEC weighs staking")


def test_visible_texts_are_joined_by_spaces_and_stripped():
    """Bylines and headings split over spans and pretty-printed lines read as one phrase."""
    ld = {"@type": "NewsArticle"}
    post_meta = ('<a href="https://cryptoslate.com/author/elena-kovac/">'
                 "\n <span>Elena</span><span>Kovac</span> </a>"
                 '<span class="post-date">\n Jun. 17, 2025 <span>at 9:40 pm UTC</span> </span>')
    page = cryptoslate_page(PARAGRAPH, ld=ld, post_meta=post_meta).replace(
        '<h1 class="post-title">Senate passes GENIUS Act as stablecoin issuers brace</h1>',
        '<h1 class="post-title">\n <span>Senate passes</span><span>GENIUS Act</span>\n</h1>')
    facts = parse(page)
    assert facts.title == "Senate passes GENIUS Act"
    assert facts.authors == ["Elena Kovac"]
    assert facts.date_text == "Jun. 17, 2025 at 9:40 pm UTC"


def test_byline_is_read_in_the_article_when_there_is_no_main():
    page = ('<html lang="en"><body><header><a href="https://cryptoslate.com/promo/">View original</a>'
            "<span>Promo</span><span>2024/01/01 09:00</span></header>"
            "<article><h1>Spot bitcoin ETFs drew $1.2 billion</h1><span>The Block</span>"
            '<span>2025/06/18 14:05</span><a href="https://www.theblock.co/post/1">\n  View original\n</a>'
            "<p>Flows hit a record.</p></article></body></html>")
    facts = parse(page)
    assert (facts.source, facts.date_text) == ("The Block", "2025/06/18 14:05")
    assert facts.original_url == "https://www.theblock.co/post/1"


def test_author_label_and_name_in_pretty_printed_spans():
    author = '<span class="label">By:</span>\n      <span class="name">Dana Whitfield</span>'
    assert parse(bitget_page(PARAGRAPH, author=author)).authors == ["Dana Whitfield"]


def test_data_islands_in_scripts_are_not_the_byline():
    info = ('<script type="text/plain" id="publish-time">2024/01/01 00:00</script>'
            '<span class="ArticleDetail_sourceName__Kd9Vz">CryptoSlate</span>'
            '<span class="ArticleDetail_time__3kPq1">2025/06/18 14:05</span>')
    facts = parse(bitget_page(PARAGRAPH, info=info))
    assert (facts.source, facts.date_text) == ("CryptoSlate", "2025/06/18 14:05")


def test_logo_without_alt_names_no_source():
    page = ('<html lang="en"><body><main><img src="https://img.bgstatic.com/source/x.png">'
            "<span>2025/06/18 14:05</span><h1>Spot bitcoin ETFs drew $1.2 billion</h1>"
            f"{PARAGRAPH}</main></body></html>")
    assert parse(page).source == ""


def test_graph_objects_nested_past_the_depth_are_not_read():
    ld: dict = {"@type": "NewsArticle", "headline": "Deep headline"}
    for _ in range(LD_DEPTH - 1):
        ld = {"@graph": ld}
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == "Deep headline"
    ld = {"@graph": ld}
    visible = "Senate passes GENIUS Act as stablecoin issuers brace"
    assert parse(cryptoslate_page(PARAGRAPH, ld=ld)).title == visible


def test_inline_styles_and_scripts_between_label_and_name_are_skipped():
    """Styled components put <style> and <script> elements anywhere, even inside a byline."""
    for element in ("<style>.name{color:#8a919e}</style>", "<script>window.__author = 1</script>"):
        author = f'<span class="label">By:</span>{element}<span class="name">Dana Whitfield</span>'
        assert parse(bitget_page(PARAGRAPH, author=author)).authors == ["Dana Whitfield"], element


# --- Structure: code, footnotes, embeds (htmlstructure) ------------------------------------------


@pytest.mark.parametrize(("markup", "language"), [
    ('<pre class="wp-block-code"><code class="language-solidity">x</code></pre>', "solidity"),
    ('<pre class="brush: js; gutter: false; notranslate">x</pre>', "javascript"),  # SyntaxHighlighter
    ('<pre class="lang:python decode:true">x</pre>', "python"),  # Crayon
    ('<pre class="prettyprint lang-py">x</pre>', "python"),  # prettify
    ('<pre><code class="hljs javascript">x</code></pre>', "javascript"),  # highlight.js
    ('<div class="highlight-python"><pre>x</pre></div>', "python"),  # Sphinx
    ('<pre data-lang="rust">x</pre>', "rust"),
    ('<pre class="wp-block-code"><code>x</code></pre>', ""),
    ('<pre><code class="hljs plaintext">x</code></pre>', ""),
    ('<pre><code class="language-&quot;&gt;&lt;script&gt;">x</code></pre>', ""),
    ('<pre><code class="notalanguage">x</code></pre>', ""),
])
def test_code_language_comes_from_the_pages_class_names(markup, language):
    facts = parse(bitget_page(markup + PARAGRAPH))
    code = facts.blocks[0]
    assert (code.kind, code.text) == ("code", "x")
    attribute = f' class="language-{language}"' if language else ""
    assert code.html == f"<pre><code{attribute}>x</code></pre>"


def test_code_keeps_its_indentation_and_drops_line_number_gutters():
    markup = ('<pre class="line-numbers"><code class="language-python">\ndef f():\n\treturn 1 &lt; 2'
              '<span class="line-numbers-rows"><span></span><span></span></span></code></pre>')
    code = parse(bitget_page(markup + PARAGRAPH)).blocks[0]
    assert code.text == "def f():\n\treturn 1 < 2"


def test_the_pages_own_footnote_markers_are_not_footnotes():
    facts = parse(bitget_page('<p>Fees rose <sup data-footnote="7">7</sup> again.</p>' + PARAGRAPH))
    assert "data-footnote" not in facts.blocks[0].html
    assert [block.kind for block in facts.blocks] == ["paragraph", "paragraph"]


def test_footnotes_follow_the_first_block_that_refers_to_them():
    content = (
        '<p>First<sup><a href="#n-b">b</a></sup> and second<sup><a href="#n-a">a</a></sup>.</p>' + PARAGRAPH
        + '<div class="footnotes"><ol><li id="n-a">Note A <a href="#r-a">↩</a></li>'
        '<li id="n-b">Note B</li></ol></div>'
    )
    blocks = parse(bitget_page(content)).blocks
    assert [(block.kind, block.text, block.level) for block in blocks[:3]] == [
        ("paragraph", "First1 and second2.", 2), ("footnote", "Note B", 1), ("footnote", "Note A", 2),
    ]
    assert '<sup data-footnote="1">1</sup>' in blocks[0].html


def test_a_body_marked_as_having_footnotes_is_not_a_footnote_list():
    content = '<div class="entry has-footnotes"><p>Body text that is the article itself.</p>' \
              '<ul><li id="x">an item</li></ul></div>'
    facts = parse(bitget_page(content))
    assert "Body text that is the article itself." in texts(facts)


@pytest.mark.parametrize(("frame", "href"), [
    ('<iframe src="https://www.youtube.com/embed/dQw8xYz9AbC?rel=0" title="Talk"></iframe>',
     "https://www.youtube.com/watch?v=dQw8xYz9AbC"),
    ('<iframe data-src="https://player.vimeo.com/video/123456" title="Talk"></iframe>',
     "https://vimeo.com/123456"),
    ('<iframe src="https://platform.twitter.com/embed/Tweet.html?id=1935012345678901234" title="Talk">'
     "</iframe>",
     "https://twitter.com/i/status/1935012345678901234"),
])
def test_video_players_become_links_to_the_video(frame, href):
    facts = parse(bitget_page(f"<p>{frame}</p>" + PARAGRAPH))
    assert facts.blocks[0].html == f'<a href="{href}">Talk</a>'


def test_players_of_unknown_hosts_leave_nothing():
    facts = parse(bitget_page('<iframe src="https://evil.example/embed/x"></iframe>' + PARAGRAPH))
    assert [block.text for block in facts.blocks] == [texts(facts)[0]]
    assert "evil" not in "".join(block.html for block in facts.blocks)
