"""A saved page's tree, read with lxml; only the article body is handed to BeautifulSoup.

BeautifulSoup building a Python object for each of a page's few hundred tags, and its
`find_all` walks over them, were over half of the time a saved page took; most of those tags are
chrome that is thrown away. So the page is parsed by lxml (the same libxml2 parser BeautifulSoup
used, so the same tree), metadata and chrome are handled with lxml's C-level XPath, and the body
alone is replayed into BeautifulSoup, event by event through its own tree builder, so the
block readers (htmlpage, htmlstructure) see exactly the tree a whole-page parse gave them.

What BeautifulSoup counts as text is kept: `get_text` leaves out comments and what is inside
<script>, <style>, <template>, <rt> and <rp>, and an element dropped from between two runs of
text leaves them two strings, not one (`remove`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from bs4 import BeautifulSoup, Tag
from cssselect import GenericTranslator
from lxml import etree

# Elements whose strings BeautifulSoup gives a type of their own, which `get_text` leaves out.
HIDDEN_TEXT = frozenset({"script", "style", "template", "rt", "rp"})
# What a dropped element leaves in the tree: nothing a page can contain (HTML has no namespaces),
# kept so the text on either side stays two strings when the body is replayed.
GAP = "{urn:archive-converter}gap"
_TRANSLATOR = GenericTranslator()
# libxml2 builds trees at most 2,048 elements deep (with huge_tree; 256 without).
DEPTH_LIMIT = 2040
_AT_DEPTH_LIMIT = etree.XPath(f"boolean(//*[count(ancestor::*) >= {DEPTH_LIMIT}])")


def parse_document(text: str) -> etree._Element:
    """The page's <html> element, as libxml2's HTML parser repairs it (as BeautifulSoup's "lxml")."""
    root = _parse(text, etree.HTMLParser(recover=True, no_network=True, huge_tree=True))
    if text.count("<") >= DEPTH_LIMIT and _AT_DEPTH_LIMIT(root):  # fewer tags cannot nest so deep
        # lxml's own tree building silently drops what is nested deeper than 2,048 elements,
        # and the rest of the page with it, where a browser still shows it. Built from the
        # parser's events instead (as BeautifulSoup builds its tree), without comments: with
        # them, a comment after </html> would be all the builder returns.
        builder = etree.TreeBuilder(insert_comments=False, insert_pis=False)
        root = _parse(text, etree.HTMLParser(recover=True, no_network=True, huge_tree=True, target=builder))
    return root


def _parse(text: str, parser: etree.HTMLParser) -> etree._Element:
    try:
        parser.feed(text)
        root = parser.close()
    except etree.XMLSyntaxError:  # nothing in the page becomes an element
        root = None
    return root if root is not None and root.tag == "html" else etree.Element("html")


def is_element(node) -> bool:
    return isinstance(node.tag, str)


def strings(element: etree._Element) -> Iterator[str]:
    """The element's text as BeautifulSoup's get_text sees it, string by string, in order.
    Without recursion: a hostile page nests elements thousands deep."""
    if element.tag in HIDDEN_TEXT:
        return
    hidden = 0  # how many hiding elements the walk is inside
    for event, node in etree.iterwalk(element, events=("start", "end", "comment", "pi")):
        if event == "start":
            hidden += node.tag in HIDDEN_TEXT
            text = node.text
        else:
            hidden -= event == "end" and node.tag in HIDDEN_TEXT
            text = node.tail if node is not element else None
        if text and not hidden:
            yield text


def text_of(element: etree._Element, separator: str = "", strip: bool = False) -> str:
    """BeautifulSoup's `get_text(separator, strip=strip)`."""
    parts = (part.strip() for part in strings(element)) if strip else strings(element)
    return separator.join(part for part in parts if part)


def all_strings(scope: etree._Element) -> Iterator[tuple[str, etree._Element, etree._Element | None]]:
    """Every string under `scope` (comments and script text included, as BeautifulSoup's
    find_all(string=True)), in document order: (text, its parent, the last <img> before it)."""
    image = next(iter(scope.xpath("preceding::img[1]")), None)
    for event, node in etree.iterwalk(scope, events=("start", "end", "comment", "pi")):
        if event == "start":
            if node.tag == "img":
                image = node
            if node.text:
                yield node.text, node, image
        elif event != "end" and node.text:  # a comment
            yield node.text, node.getparent(), image
        if event != "start" and node is not scope and node.tail:
            yield node.tail, node.getparent(), image


@cache
def css_xpath(selector: str, prefix: str = "descendant-or-self::") -> etree.XPath:
    """A CSS selector as compiled XPath; by default over the whole document, as soupsieve
    matches it; with the prefix `self::`, a test of the context element."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix=prefix))


def select(root: etree._Element, selectors: tuple[str, ...], within: etree._Element | None = None) -> list:
    """Elements matching each selector in turn, in document order; with `within`, only its descendants."""
    found = [element for selector in selectors for element in css_xpath(selector)(root)]
    if within is None:
        return found
    return [element for element in found if any(a is within for a in element.iterancestors())]


def remove(element: etree._Element) -> None:
    """Take the element out, leaving its tail text where it was, as a string of its own."""
    parent = element.getparent()
    if parent is None:
        return
    if not element.tail:  # what follows is an element or nothing: no string to keep apart
        parent.remove(element)
        return
    gap = etree.Element(GAP)
    gap.tail = element.tail
    parent.replace(element, gap)


def to_soup(element: etree._Element) -> Tag:
    """The element and what is under it as a BeautifulSoup tree, built by BeautifulSoup's own lxml
    tree builder from the same events libxml2 gave it, so the strings and attributes (class as a
    list, script text as Script) are what a parse of the whole page made."""
    soup = BeautifulSoup("", "lxml")
    builder = soup.builder
    builder.initialize_soup(soup)
    try:
        _replay(element, builder, soup)
        soup.endData()
    finally:
        builder.soup = None
    return soup.contents[0]


def _replay(element: etree._Element, builder, soup: BeautifulSoup) -> None:
    builder.start(element.tag, dict(element.attrib))
    if element.text:
        builder.data(element.text)
    for child in element:
        if child.tag == GAP:
            soup.endData()
        elif is_element(child):
            _replay(child, builder, soup)
        elif child.tag is etree.Comment:
            builder.comment(child.text or "")
        if child.tail:
            builder.data(child.tail)
    builder.end(element.tag)
