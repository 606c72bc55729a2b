"""Nothing from a scraped page may run in a reader's browser."""

from __future__ import annotations

from converter.model import Block
from converter.render import render_body
from converter.sanitize import host_of, inline_html, safe_url


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
