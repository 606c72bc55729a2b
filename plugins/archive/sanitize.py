"""The last line of defence: every article's and page's HTML passes an allow-list before a template sees it.

The theme prints an article's content, summary and title with `|safe`, so whatever HTML reaches
them runs in the reader's browser. The converter escapes scraped text, but a bug there, a
Markdown quirk or a hand-edited file must still not put a script, an event handler or a
`javascript:` link on the site. This runs at content_object_init, before Pelican replaces its
`{filename}`-style links (in get_content) and before the other plugins read the content:

- content and summary keep only the markup Python-Markdown (extra, codehilite) writes for
  ordinary text; titles keep only inline tags;
- converted articles (metadata `converter_digest`) lose every link that is not http(s) with a
  host, a fragment or a relative path, and every trace of Pelican's link syntax: a page from
  the web must never make Pelican copy a file (`{static}/../../secret`) into the site;
- `original_url` and `via_url`, printed into href by the theme, must be http(s) with a host;
- no text keeps a character XML 1.0 forbids (U+0001, U+FFFF, ...): the feeds and the sitemap are
  XML, and one such character in a title, a tag or a body stops the whole build.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from pelican.contents import Static
from pelican.urlwrappers import URLWrapper

CONVERTED = "converter_digest"  # Pelican lower-cases the converter's `Converter_Digest:` header
LINK_METADATA = ("original_url", "via_url")

INLINE_TAGS = frozenset({"em", "strong", "b", "i", "code", "sup", "sub", "del", "s", "mark", "abbr"})
TAGS = INLINE_TAGS | {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre",
    "a", "img", "br", "hr", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure",
    "figcaption", "div", "span", "cite",  # cite: the converter's attribution line of a quote
}
CELL = {"align", "colspan", "rowspan"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": CELL,
    "td": CELL,
    "abbr": {"title"},
    "sup": {"id"},  # footnote reference
    "li": {"id"},  # footnote
    "pre": {"class"},  # fenced code, codehilite
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},  # div.footnote, div.codehilite
}
CLASSES = {"a": {"footnote-ref", "footnote-backref"}}
# Removed with everything inside them: their text is code or markup, never the article's words.
DROPPED_WITH_CONTENT = {"script", "style", "svg", "math", "iframe", "object", "embed", "template", "noscript"}
SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src"}

FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[\w.:-]+")
# Browsers ignore tabs and newlines anywhere in a URL and C0 controls and spaces around it.
URL_IGNORED = re.compile(r"[\t\n\r]")
URL_EDGES = "".join(map(chr, range(0x21))) + "\x7f"
PELICAN_SYNTAX = re.compile(r"[{|]|%7b|%7c", re.IGNORECASE)
# `src='{` inside another attribute's value: Pelican's link regex finds it there too (see _defuse).
QUOTED_LINK_SYNTAX = re.compile(r"""(=\s*["'])(?=[{|])""")
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sanitize_content(content) -> None:
    """content_object_init: clean the content, summary, title and link metadata of an article or page."""
    if isinstance(content, Static):
        return  # an image or other file copied as it is: no HTML
    converted = CONVERTED in content.metadata
    _xml_safe_metadata(content)
    if getattr(content, "_content", None):
        content._content = clean_html(content._content, converted)
    _clean_summary(content, converted)
    if isinstance(getattr(content, "title", None), str):
        content.title = clean_title(content.title)
        if "title" in content.metadata:
            content.metadata["title"] = content.title
    for key in LINK_METADATA:
        _clean_link_metadata(content, key)


def clean_html(html: str, converted: bool = False) -> str:
    """`html` with only the allow-listed markup; `converted`: also the stricter rules for web pages."""
    return nh3.clean(
        xml_safe(html),
        tags=set(TAGS),
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        attribute_filter=_converted_attribute if converted else _attribute,
        url_schemes=SCHEMES,
        link_rel="nofollow noopener" if converted else None,
    )


def clean_title(title: str) -> str:
    """Titles are printed as HTML inside links and headings: inline emphasis only, no attributes."""
    return nh3.clean(xml_safe(title), tags=set(INLINE_TAGS), attributes={}, link_rel=None,
                     clean_content_tags=DROPPED_WITH_CONTENT)


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (feedgenerator refuses to write them)."""
    return NOT_XML.sub("", text)


def is_web_url(value: str) -> bool:
    """http or https with a host: the only links a converted page may point anywhere with."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def web_url(value: str) -> str | None:
    """`value` as a browser reads it (tabs, newlines and outer controls dropped), if it is a web URL."""
    url = URL_IGNORED.sub("", value).strip(URL_EDGES)
    return url if is_web_url(url) else None


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """Ids only where Python-Markdown's footnotes put them: an id can shadow the page's own."""
    if attribute == "id":
        return value if FOOTNOTE_ID.fullmatch(value) else None
    return value


def _converted_attribute(element: str, attribute: str, value: str) -> str | None:
    """Links of a converted page: a web URL, a fragment or a plain relative path, never Pelican syntax."""
    if attribute in URL_ATTRIBUTES:  # percent-encoded braces and bars mean the same in a URL
        return value.replace("{", "%7B").replace("|", "%7C") if _is_allowed_link(value) else None
    kept = _attribute(element, attribute, value)
    return None if kept is None else _defuse(kept)


def _is_allowed_link(value: str) -> bool:
    url = URL_IGNORED.sub("", value).strip(URL_EDGES).replace("\\", "/")  # browsers read \ as /
    if PELICAN_SYNTAX.match(url):
        return False
    if web_url(url):
        return True
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc  # relative path or fragment, not //other.host


def _defuse(value: str) -> str:
    """A space between `='` and `{` in a title or alt: `x src=' {static}/../../secret'`.

    Pelican rewrites (and for {static}/{attach} copies) `{what}path` and `|what|path` values of
    url-like attributes found with a regular expression over the HTML, and that finds them inside
    another attribute's value too (`title="x src='{static}/../../secret'"`); in a link, `{` and `|`
    are percent-encoded instead (`?q=src='%7Bstatic}`). Both survive any re-serialisation
    (plugins/archive/images.py re-writes the HTML); a character reference would not.
    """
    return QUOTED_LINK_SYNTAX.sub(r"\1 ", value)


def _xml_safe_metadata(content) -> None:
    """Every text a feed or the sitemap may print: source, via, author and tag names, and the rest.

    The summary is left to _clean_summary: reading it here would make Pelican compute it too early.
    """
    for key, value in content.metadata.items():
        for wrapper in value if isinstance(value, list) else [value]:
            if isinstance(wrapper, URLWrapper) and xml_safe(wrapper.name) != wrapper.name:
                wrapper.name = xml_safe(wrapper.name)  # its slug follows the new name
        if key == "summary" or not isinstance(value, str) or xml_safe(value) == value:
            continue
        content.metadata[key] = xml_safe(value)
        attribute = f"override_{key}" if key in ("save_as", "url") else key.lower()  # as Pelican sets them
        if getattr(content, attribute, None) == value:
            setattr(content, attribute, xml_safe(value))


def _clean_summary(content, converted: bool) -> None:
    """Pelican keeps the Markdown-rendered summary in metadata["summary"] and copies it to `_summary`."""
    metadata = getattr(content, "metadata", {})
    if isinstance(metadata.get("summary"), str):
        metadata["summary"] = clean_html(metadata["summary"], converted)
    if isinstance(getattr(content, "_summary", None), str):
        content._summary = clean_html(content._summary, converted)


def _clean_link_metadata(content, key: str) -> None:
    """The theme prints these into href: a `javascript:` source link would run on a click."""
    value = getattr(content, key, None)
    if value is None:
        return
    url = web_url(value) if isinstance(value, str) else None
    if url:
        setattr(content, key, url)
        content.metadata[key] = url
    else:
        delattr(content, key)
        content.metadata.pop(key, None)
