"""Nothing from a scraped page may run in a reader's browser."""

from __future__ import annotations

from converter.model import Block
from converter.render import render_body
from converter.sanitize import MAX_INLINE_MARKUP, host_of, inline_html, plain_text, safe_url


def test_inline_html_keeps_text_and_safe_links():
    html = inline_html('Read <a href="https://example.com/a" onclick="x()">this</a> <b>now</b>')
    assert 'href="https://example.com/a"' in html
    assert "onclick" not in html
    assert "<b>now</b>" in html


def test_script_style_iframe_and_handlers_are_removed():
    hostile = (
        '<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example/"></iframe>'
        '<img src=x onerror="alert(2)"><svg onload="alert(4)"></svg><span onmouseover="alert(5)">text</span>'
    )
    html = inline_html(hostile)
    for needle in ("script", "alert(1)", "style", "iframe", "onerror", "onload", "svg", "onmouseover"):
        assert needle not in html
    assert "text" in html


def test_dangerous_url_schemes_are_dropped():
    for url in ("javascript:alert(3)", "JaVaScRiPt:alert(6)", " javascript:x", "data:text/html;base64,AAAA",
                "vbscript:x"):
        assert safe_url(url) == ""
        assert "href" not in inline_html(f'<a href="{url}">x</a>')
    assert safe_url("https://cryptoslate.com/x/") == "https://cryptoslate.com/x/"


def test_relative_links_become_absolute():
    html = inline_html('<a href="/news/1">a</a>', base_url="https://www.bitget.com/news/detail/2")
    assert 'href="https://www.bitget.com/news/1"' in html


def test_escaped_markup_stays_text_in_markdown():
    text = "<script>alert(8)</script> is how the exploit was written & a < b"
    block = Block("paragraph", text, inline_html(text, escape=True))
    markdown = render_body([block])
    assert "<script>" not in markdown
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in markdown


def test_only_web_addresses_with_a_host_are_kept():
    """A host alone is not enough: the scheme must be http(s) (`javascript://bitget.com/%0a…`)."""
    for url in ("javascript://www.bitget.com/%0aalert(1)", "vbscript://example.com/x", "ftp://example.com/x",
                "file:///etc/passwd", "https:///no-host", "//example.com/scheme-relative"):
        assert safe_url(url) == "", url
    assert safe_url("HTTPS://Example.com/a b") == "https://Example.com/a%20b"
    assert host_of("https://www.bitget.com@evil.example/") == "evil.example"
    assert safe_url("/news/1", "https://www.bitget.com/news/detail/2") == "https://www.bitget.com/news/1"


def test_urls_are_kept_exactly_when_already_safe():
    """Query strings and fragments keep their meaning: `&`, `=` and `#` are not percent-encoded."""
    url = "https://www.bitget.com/news/detail/12560604?lang=ja&ref=home#comments"
    assert safe_url(url) == url


def test_what_browsers_ignore_in_a_url_is_dropped():
    """Controls and spaces at either end, tabs and newlines inside (a scraped href often has them)."""
    assert safe_url(" \x00https://www.the\tblock.co/\npost/1 \x1f") == "https://www.theblock.co/post/1"


def test_control_characters_inside_a_url_reject_it():
    for url in ("https://a.example/x\x01y", "https://a.example/x\x7fy"):
        assert safe_url(url) == ""


def test_an_empty_link_does_not_become_a_link_to_the_page_itself():
    assert safe_url("", "https://www.bitget.com/news/detail/2") == ""
    base = "https://www.bitget.com/news/detail/2"
    assert inline_html('<a href="">ETF flows</a>', base_url=base) == "<a>ETF flows</a>"


def test_hosts_are_written_in_ascii_or_not_at_all():
    """A non-Latin domain is IDNA-encoded; a host IDNA or Markdown cannot carry drops the URL."""
    assert safe_url("https://ビットコイン.jp/ニュース?q=1") == (
        "https://xn--eck3a9bu7cul.jp/%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9?q=1"
    )
    for url in ("https://bücher..example/", "https://a\u3000b.example/", 'https://a"b.example/',
                "https://a<b.example/", "https://[::1/"):
        assert safe_url(url) == "", url
    assert host_of("https://ビットコイン.jp/") == "xn--eck3a9bu7cul.jp"
    assert host_of("javascript:alert(1)") == ""


def test_only_the_allowed_tags_and_attributes_survive():
    """Block-level markup and layout attributes from the page never reach the article."""
    markup = (
        '<div><p>Bitcoin <b>rose</b></p><table><tr><td>3%</td></tr></table></div>'
        '<img src="https://a.example/chart.png" alt="chart" width="600" height="400" loading="lazy">'
        '<a href="https://a.example/etf" hreflang="en" target="_blank">flows</a>'
    )
    assert inline_html(markup) == (
        'Bitcoin <b>rose</b>3%<img src="https://a.example/chart.png" alt="chart">'
        '<a href="https://a.example/etf">flows</a>'
    )


def test_comments_from_the_page_are_removed():
    assert inline_html("Bitcoin<!-- tracking: campaign=ja -->fell") == "Bitcoinfell"


def test_text_is_escaped_only_where_html_needs_it():
    """Quotes in text need no entity; `&` and `<` do."""
    assert inline_html('He said "buy" & <left>', escape=True) == 'He said "buy" &amp; &lt;left&gt;'


def test_markup_over_the_limit_is_kept_as_text_only():
    """A paragraph longer than any real one is not given to nh3 (quadratic on `&` runs): its text stays."""
    opening = '<b>Hashprice</b> fell, "miners" said & '
    filler = "x" * (MAX_INLINE_MARKUP - len(opening) - len("<i></i>"))
    at_limit = f"{opening}<i>{filler}</i>"
    assert len(at_limit) == MAX_INLINE_MARKUP
    assert inline_html(at_limit).startswith('<b>Hashprice</b> fell, "miners" said &amp; <i>xxx')
    over = at_limit + "y"
    assert inline_html(over) == f'Hashprice fell, "miners" said &amp; {filler}y'


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<b>Bitcoin</b> &amp; ether &lt;3") == "Bitcoin & ether <3"


def test_structure_html_keeps_tables_and_figures_and_nothing_else():
    from converter.sanitize import structure_html
    markup = (
        '<table class="x" style="color:red" onclick="a()"><tr><td colspan="2" rowspan="x">A\n\n B</td>'
        '<td colspan="99999">C</td></tr></table><figure><img src="javascript:alert(1)" alt="a">'
        '<img src="https://example.com/i.png" alt="b" onerror="x()"><figcaption><a href="javascript:x">c</a>'
        "<script>alert(2)</script></figcaption></figure><iframe src=\"https://example.com/\"></iframe>"
    )
    cleaned = structure_html(markup)
    assert cleaned == (
        '<table><tbody><tr><td colspan="2">A B</td><td>C</td></tr></tbody></table><figure><img alt="a">'
        '<img src="https://example.com/i.png" alt="b"><figcaption><a>c</a></figcaption></figure>'
    )


def test_only_a_number_marks_a_footnote_reference():
    assert inline_html('<sup data-footnote="3">3</sup>') == '<sup data-footnote="3">3</sup>'
    for value in ("x", "0", "1 onclick=x", "12345"):
        assert inline_html(f'<sup data-footnote="{value}">3</sup>') == "<sup>3</sup>"
    assert inline_html('<span data-footnote="3">3</span>') == "<span>3</span>"
