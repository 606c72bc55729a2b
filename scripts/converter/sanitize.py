"""Nothing from a scraped page may run in a reader's browser: the one place that decides.

Inline markup kept from pages is cleaned by nh3 (Ammonia) to an allow-list of harmless tags,
attributes and URL schemes before it is turned into Markdown.
"""

from __future__ import annotations

import html
from urllib.parse import urljoin, urlparse

import nh3

ALLOWED_TAGS = {"a", "strong", "b", "em", "i", "code", "br", "sub", "sup", "img", "s", "del", "mark", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def inline_html(markup: str, base_url: str = "", escape: bool = False) -> str:
    """Sanitised inline HTML; with `escape`, `markup` is plain text to show as is."""
    if escape:
        return html.escape(markup, quote=False)
    if base_url:
        markup = _absolute_links(markup, base_url)
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def safe_url(url: str) -> str:
    """The URL when it is http(s) or mailto, else the empty string."""
    url = url.strip()
    return url if urlparse(url).scheme.lower() in ALLOWED_SCHEMES else ""


def plain_text(markup: str) -> str:
    """Text with any tags removed and entities decoded (for titles from meta tags)."""
    return html.unescape(nh3.clean(markup, tags=set()))


def _absolute_links(markup: str, base_url: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value and not value.startswith(("#", "mailto:")):
                element[attribute] = urljoin(base_url, value)
    return str(soup)
