"""Nothing from a scraped page may run in a reader's browser: the one place that decides.

Inline markup kept from pages is cleaned by nh3 (Ammonia) to an allow-list of harmless tags
and attributes before it is turned into Markdown. Every URL the converter writes (links,
images, Original_URL, Via_URL) passes `safe_url`: http or https with a host, or nothing. That
also keeps Pelican's own link syntax (`{static}…`, `|filename|…`) from ever coming from a page.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import nh3
from bs4 import BeautifulSoup

ALLOWED_TAGS = {
    "a", "strong", "b", "em", "i", "code", "br", "sub", "sup", "img", "s", "del", "mark", "span", "cite",
}
# `data-footnote` marks a footnote reference the converter made from the page's tree (htmlpage
# strips the attribute from the page's own elements first); only a number survives.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "sup": {"data-footnote"}}
# A table cell or a definition may hold paragraphs and lists: kept, so a table Markdown cannot
# hold still reads as the page laid it out.
FLOW_TAGS = ALLOWED_TAGS | {"p", "ul", "ol", "li"}
_FOOTNOTE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_INLINE_MARKUP = 20_000
# A table is many cells, each cleaned on its own first (each under MAX_INLINE_MARKUP); the whole
# is cleaned once more when written. Larger tables are left to their text (htmlpage).
MAX_STRUCTURE_MARKUP = 200_000
# What a browser ignores in a URL: C0 controls and spaces at either end, tabs and newlines anywhere.
_URL_ENDS = "".join(map(chr, range(0x21)))
_URL_INSIDE = re.compile(r"[\t\n\r]")
# Characters that mean something to Markdown or HTML inside a link destination: percent-encoded
# (an equivalent URL), so a destination can never close the link or open a tag.
_URL_SAFE = "/:?#@!$&+,;=%~-._"
_NETLOC = re.compile(r"[A-Za-z0-9.\-_~%!$&+,;=:@\[\]]+")


def inline_html(markup: str, base_url: str = "", escape: bool = False, flow: bool = False) -> str:
    """Sanitised inline HTML; with `escape`, `markup` is plain text to show as is.

    Markup longer than any real paragraph's is kept as text only: html5ever (inside nh3) takes
    time quadratic in the length of one text run of `&`s, so a hostile page could stall it.
    With `flow`, paragraphs and lists are kept too (table cells, definitions).
    """
    if escape:
        return html.escape(markup, quote=False)
    if len(markup) > MAX_INLINE_MARKUP:
        return html.escape(BeautifulSoup(markup, "lxml").get_text(), quote=False)
    return nh3.clean(
        markup,
        tags=FLOW_TAGS if flow else ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=lambda tag, name, value: _url_filter(tag, name, value, base_url),
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def safe_url(url: str, base_url: str = "") -> str:
    """The URL, absolute and Markdown-safe, when it is http(s) with a host; else ''."""
    url = _URL_INSIDE.sub("", url.strip(_URL_ENDS))
    if base_url and url:
        url = urljoin(safe_url(base_url), url)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an invalid IPv6 literal or port
        return ""
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not host or _has_control(url):
        return ""
    netloc = _ascii_netloc(parts.netloc)
    if not netloc:
        return ""
    path, query, fragment = (quote(part, safe=_URL_SAFE) for part in parts[2:])
    return urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def host_of(url: str) -> str:
    """The parsed host of a safe URL ('' otherwise): host checks never match substrings."""
    safe = safe_url(url)
    return (urlsplit(safe).hostname or "") if safe else ""


def plain_text(markup: str) -> str:
    """Text with any tags removed and entities decoded (for titles from meta tags)."""
    return html.unescape(nh3.clean(markup, tags=set()))


def _url_filter(tag: str, name: str, value: str, base_url: str) -> str | None:
    if name == "data-footnote":
        return value if _FOOTNOTE_NUMBER.fullmatch(value) else None
    if (tag, name) not in URL_ATTRIBUTES:
        return value
    return safe_url(value, base_url) or None


def _ascii_netloc(netloc: str) -> str:
    """The host part in ASCII (IDNA for non-Latin domains); '' when it cannot be written safely."""
    try:
        ascii_netloc = netloc.encode("idna").decode("ascii") if not netloc.isascii() else netloc
    except UnicodeError:
        return ""
    return ascii_netloc if _NETLOC.fullmatch(ascii_netloc) else ""


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def _has_control(url: str) -> bool:
    return _CONTROL.search(url) is not None


# What the converter writes as HTML into Markdown, where Markdown has no syntax for it: a table
# with merged cells or block content, a figure with its caption. Rebuilt by htmlstructure from
# the page's tree, then cleaned again here before it is written.
STRUCTURE_TAGS = FLOW_TAGS - {"span"} | {
    "table", "caption", "thead", "tbody", "tr", "th", "td", "figure", "figcaption",
}
STRUCTURE_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "th": {"colspan", "rowspan"},
                        "td": {"colspan", "rowspan"}}
_CELL_SPAN = re.compile(r"[1-9][0-9]{0,2}")


def structure_html(markup: str) -> str:
    """Sanitised table or figure markup on one line (a raw HTML block of Markdown ends at a blank line).

    Only web URLs, numbers for cell spans and plain text survive; white space collapses, which
    no table cell or caption needs (code never goes this way)."""
    if len(markup) > MAX_STRUCTURE_MARKUP:
        return ""
    cleaned = nh3.clean(
        markup,
        tags=STRUCTURE_TAGS,
        attributes=STRUCTURE_ATTRIBUTES,
        attribute_filter=_structure_filter,
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return " ".join(cleaned.split())


def _structure_filter(tag: str, name: str, value: str) -> str | None:
    if name in ("colspan", "rowspan"):
        return value if _CELL_SPAN.fullmatch(value) else None
    return _url_filter(tag, name, value, "")
