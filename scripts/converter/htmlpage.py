"""Saved HTML pages (Bitget's Next.js pages, CryptoSlate's WordPress pages, others).

Metadata is read from structured data first (JSON-LD, og:/article: meta, <html lang>,
canonical), then from the visible page. The article body is found by the site's selectors
(grammar/sites.toml) or, for unknown sites, as the block with the most paragraph text; its
elements become blocks of sanitised inline HTML. Chrome is dropped before the body is read.
The page is parsed by lxml; only the body becomes a BeautifulSoup tree (htmltree).
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import Tag
from lxml import etree

from .budgets import DEFAULT_MAX_BLOCKS, ELEMENTS_PER_BLOCK, bounded, over_budget
from .clean import split_authors
from .grammar import GRAMMAR_DIR, PageGrammar
from .htmlstructure import (
    cite_block,
    code_block,
    definition_block,
    embed_address,
    figure_block,
    list_html,
    quote_blocks,
    table_block,
    take_footnotes,
    with_footnotes,
)
from .htmltree import (
    all_strings,
    css_xpath,
    parse_document,
    remove,
    select,
    strings,
    text_of,
    to_soup,
)
from .model import Block, InputError, PageFacts
from .sanitize import host_of, inline_html, safe_url

BLOCK_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure", "img", "pre", "table", "dl",
}
# A figure's parts that are blocks of their own (a table, a quote, code, a video link).
FIGURE_CONTENT = ("table", "blockquote", "pre", "p", "ul", "ol", "dl")
# WordPress's classic captioned image: <div class="wp-caption"><img><p class="wp-caption-text">.
CAPTIONED = "wp-caption"
CONTAINER_TAGS = ("div", "section", "article", "main")
# Elements that make a block each (or a row of one): what --max-blocks counts in a body.
BLOCK_ELEMENTS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "img", "blockquote", "figure", "pre", "tr",
                  "dt", "dd")
SUFFIX_WINDOW = 120
# Numeric character references longer than any code point: html.parser raises on them.
_OVERLONG_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{7}|[0-9]{8})[0-9a-fA-F]*;?")
LD_DEPTH = 6  # JSON-LD levels looked into: @graph lists, author lists
# Elements nested deeper than this are read as plain text: no article nests so deep, and
# every walk over the tree (text, markup, blocks) would otherwise recurse once per level.
MAX_DEPTH = 120
# A saved article page has a few thousand tags; 50,000 is a storm of them, which every walk over
# the tree would pay for (a megabyte of `<p>` took minutes) and no article needs. Outside the
# article body (budgets.py bounds that) each still costs: at 100,000, video players took 1 s to
# replace and a byline search through strings 0.7 s, on top of a body at its budget.
MAX_TAGS = 50_000
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")
_CANONICAL = etree.XPath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]")
# Depth counts from the document: <html> is at 1.
_AT_MAX_DEPTH = etree.XPath("/*" * MAX_DEPTH)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']")


@dataclass(frozen=True)
class SiteProfile:
    name: str
    hosts: tuple[str, ...]
    aggregator: bool
    body: tuple[str, ...]
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteRules:
    drop_tags: tuple[str, ...]
    drop_outside_article: tuple[str, ...]
    drop_selectors: tuple[str, ...]
    sites: tuple[SiteProfile, ...]
    # The site names pages append to their titles (" | Bitget", " - CryptoSlate").
    title_suffix: re.Pattern[str]

    def without_suffix(self, title: str) -> str:
        """The title without the site name. Only its end is searched: a suffix is short, and
        searching a whole hostile title would cost time quadratic in its length."""
        head, tail = title[:-SUFFIX_WINDOW], title[-SUFFIX_WINDOW:]
        return (head + self.title_suffix.sub("", tail)).strip()

    def site_for(self, url: str) -> SiteProfile | None:
        host = host_of(url)
        return next((site for site in self.sites if host in site.hosts), None)


@cache
def load_site_rules(path: Path = GRAMMAR_DIR / "sites.toml") -> SiteRules:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    sites = tuple(
        SiteProfile(
            name=spec["name"], hosts=tuple(spec["hosts"]), aggregator=spec.get("aggregator", False),
            body=tuple(spec.get("body", [])), date=tuple(spec.get("date", [])),
            author=tuple(spec.get("author", [])),
        )
        for spec in data["sites"].values()
    )
    names = "|".join(re.escape(site.name) for site in sites)
    return SiteRules(
        tuple(data["drop_tags"]), tuple(data["drop_outside_article"]), tuple(data["drop_selectors"]),
        sites, re.compile(rf"[|｜–—-]\s*(?:{names})[^|｜]*$", re.I),
    )


def parse_html_page(text: str, grammar: PageGrammar, max_blocks: int = DEFAULT_MAX_BLOCKS,
                    page_url: str = "") -> PageFacts:
    """Facts and body blocks of one saved HTML page.

    `page_url` is the address its capture gives (captures/): it stands in for a canonical
    link the page lacks, as the site it is from and the base of its relative links.

    The page is read with lxml and only its article body with BeautifulSoup (htmltree says why).
    A body of more than `max_blocks` blocks is refused (InputError), counted before
    BeautifulSoup or the block readers see it."""
    if text.count("<") > MAX_TAGS:
        raise InputError(f"{text.count('<'):,} tags: more than any article page has (at most {MAX_TAGS:,})")
    root = parse_document(_OVERLONG_REFERENCE.sub("\ufffd", text))
    _flatten_deep_nesting(root)
    replace_embeds(root, max_blocks)
    rules = load_site_rules()
    structured = _StructuredData(root, rules)
    structured.url = structured.url or safe_url(page_url)
    site = rules.site_for(structured.url)
    facts = PageFacts(lang=structured.lang, structured=True)
    facts.title = structured.title or _visible_title(root, rules)
    _read_visible_byline(root, facts, grammar, site, structured.url)
    _apply_structured(facts, structured, site)
    page = root.find("body")  # nothing below reads <head>
    if page is not None:
        _drop_chrome(page, rules)
        article = _find_body(page, site)
        _check_size(article, max_blocks)
        body = to_soup(article)
        notes = take_footnotes(body, structured.url, _text)
        facts.blocks = with_footnotes(bounded(_blocks(body, base_url=structured.url), max_blocks), notes)
    return facts


def _check_size(body: etree._Element, max_blocks: int) -> None:
    """Refuse a body of more blocks than `max_blocks`, or of more elements of any kind (links,
    spans, table cells), or more attributes, than ELEMENTS_PER_BLOCK times that: BeautifulSoup
    and the block readers spend about as long on each as on a block. Counted by lxml's walks
    (a page at the tag cap takes milliseconds), before any of that."""
    blocks = sum(1 for _ in body.iter(*BLOCK_ELEMENTS))
    if blocks > max_blocks:
        raise over_budget(blocks, "blocks (paragraphs, headings, list items, images, table rows, …)",
                          max_blocks, "--max-blocks")
    most = ELEMENTS_PER_BLOCK * max_blocks
    elements = list(body.iter(etree.Element))
    attributes = sum(len(element.attrib) for element in elements[:most + 1])
    for count, what in ((len(elements), "elements"), (attributes, "attributes")):
        if count > most:
            raise over_budget(count, f"{what} in the article body", most,
                              f"{ELEMENTS_PER_BLOCK} a block of --max-blocks")


def _flatten_deep_nesting(root: etree._Element) -> None:
    """Replace each element at MAX_DEPTH by a paragraph of its text. Found by an XPath of
    MAX_DEPTH steps, which libxml2 walks level by level (no recursion, no Python loop)."""
    for element in _AT_MAX_DEPTH(root):
        if element.tag != "script":
            paragraph = etree.Element("p")
            paragraph.text = " ".join("".join(strings(element)).split())
            paragraph.tail = element.tail
            element.getparent().replace(element, paragraph)


def replace_embeds(root: etree._Element, max_blocks: int = DEFAULT_MAX_BLOCKS) -> None:
    """Video players and embedded posts become a paragraph with a link to what they showed.

    Runs before chrome is dropped (iframes are chrome): the link is all that stays of them. Each
    is a block, wherever it is (the body is not known yet): a page of more than `max_blocks` is
    refused before any is read (16,000 took half a second)."""
    frames = list(root.iter("iframe", "lite-youtube"))
    if len(frames) > max_blocks:
        raise over_budget(len(frames), "video players and embedded posts", max_blocks, "--max-blocks")
    for frame in frames:
        address = embed_address(frame.tag, frame.attrib)
        if not address:
            continue
        title = " ".join(str(frame.get("title") or frame.get("playlabel") or "").split())
        link = etree.Element("a", href=address)
        link.text = title or address
        parent = frame.getparent()
        if parent is not None and parent.tag == "p":
            replacement = link
        else:
            replacement = etree.Element("p")
            replacement.append(link)
        replacement.tail = frame.tail
        parent.replace(frame, replacement)


class _StructuredData:
    """What the page says about itself in machine-readable form."""

    def __init__(self, root: etree._Element, rules: SiteRules) -> None:
        self.meta = {
            (tag.get("property") or tag.get("name") or "").lower(): (tag.get("content") or "").strip()
            for tag in root.iter("meta")
        }
        self.ld = _json_ld_article(root)
        self.lang = (root.get("lang") or "").strip()
        canonical = next(iter(_CANONICAL(root)), None)
        canonical_url = canonical.get("href") if canonical is not None else ""
        self.url = safe_url(canonical_url or self.meta.get("og:url", ""))
        # A headline is text, never parsed as HTML ("Feed ]]> & <![CDATA[ x" parsed as HTML was
        # "Feed ]]> &"). JSON-LD's is entity-encoded as WordPress stores titles (&amp;, &#8217;);
        # og:title is an attribute, whose entities the parser has decoded.
        headline = html.unescape(_ld_text(self.ld.get("headline"))) or self.meta.get("og:title") or ""
        self.title = rules.without_suffix(headline)
        self.dates = [_ld_text(self.ld.get("datePublished")), self.meta.get("article:published_time", "")]
        self.authors = _ld_names(self.ld.get("author"))
        publisher = self.ld.get("publisher")
        publishers = _ld_names(publisher)
        self.publisher = publishers[0] if publishers else self.meta.get("og:site_name", "")


def _apply_structured(facts: PageFacts, data: _StructuredData, site: SiteProfile | None) -> None:
    facts.authors = data.authors or facts.authors
    dates = list(dict.fromkeys(date for date in (*data.dates, facts.date_text) if date))
    if dates:
        facts.date_text, facts.other_dates = dates[0], dates[1:]
    if site and site.aggregator:
        facts.via, facts.via_url = site.name, data.url
    else:
        facts.source = facts.source or data.publisher or (site.name if site else "")
        facts.original_url = facts.original_url or data.url


def _byline_scope(root: etree._Element) -> etree._Element:
    for name in ("main", "article", "body"):
        found = next(root.iter(name), None)
        if found is not None:
            return found
    return root


def _read_visible_byline(root: etree._Element, facts: PageFacts, grammar: PageGrammar,
                         site: SiteProfile | None, base_url: str) -> None:
    """Source, time, "view original" link and author as the page shows them."""
    scope = _byline_scope(root)
    for anchor in scope.iter("a"):
        if text_of(anchor, strip=True) in grammar.view_original and anchor.get("href"):
            facts.original_url = safe_url(anchor.get("href"), base_url) or facts.original_url
            break
    previous = ""
    for string, parent, image in all_strings(scope):
        line = " ".join(string.split())
        if not line or parent.tag in ("script", "style"):
            continue
        match = None if facts.date_text else grammar.date_only_match(line) or grammar.dateline_match(line)
        if match:
            facts.date_text = match["date"]
            alt = (image.get("alt") or "") if image is not None else ""
            source = match.groupdict().get("source") or previous or alt
            facts.source = facts.source or source.strip()
        elif not facts.authors:
            # "By:" and the name may sit in one text node or in two neighbouring spans.
            label_before = grammar.author_line(previous) == ""
            author = grammar.author_line(line) or (line if label_before else "")
            if author:
                facts.authors = split_authors(author)
        if facts.date_text and facts.authors:
            break  # nothing more to read from the lines
        previous = line
    if site:
        _read_site_selectors(root, scope, facts, site)


def _read_site_selectors(root: etree._Element, scope: etree._Element, facts: PageFacts,
                         site: SiteProfile) -> None:
    if not facts.date_text:
        found = select(root, site.date, within=scope)
        facts.date_text = text_of(found[0], " ", strip=True) if found else ""
    if not facts.authors:
        names = [text_of(el, " ", strip=True) for el in select(root, site.author, within=scope)]
        facts.authors = list(dict.fromkeys(name for name in names if name))


def _visible_title(root: etree._Element, rules: SiteRules) -> str:
    heading = next(root.iter("h1"), None)
    if heading is not None:
        return text_of(heading, " ", strip=True)
    title = next(root.iter("title"), None)
    return rules.without_suffix(text_of(title, " ", strip=True)) if title is not None else ""


def _drop_chrome(page: etree._Element, rules: SiteRules) -> None:
    """Every chrome element, found with lxml's C-level walks: one per tag list, one per attribute
    the selectors test (a regular expression on its value), one XPath for any other selector.
    One XPath with every selector as a condition tested each condition on each element: 9 ms a
    page, against under 1 ms this way."""
    tests = _chrome_tests(rules)
    doomed = [*page.iter(*rules.drop_tags), *tests.outside(page)]
    for having, name, value in tests.attributes:
        doomed += [element for element in having(page) if value is None or value.search(element.get(name))]
    if tests.other is not None:
        doomed += tests.other(page)
    for element in doomed:
        remove(element)


@dataclass(frozen=True)
class _ChromeTests:
    outside: etree.XPath
    # (elements having the attribute, its name, a pattern its value must match or None for any)
    attributes: tuple[tuple[etree.XPath, str, re.Pattern[str] | None], ...]
    other: etree.XPath | None


_ATTRIBUTE_SELECTOR = re.compile(r"^\[(?P<attr>[\w-]+)(?:(?P<op>\*?=)(?P<value>[^\]]+))?\]$")


@cache
def _chrome_tests(rules: SiteRules) -> _ChromeTests:
    """`[attr]`, `[attr=value]` and `[attr*=value]` grouped by attribute; other selectors as XPath."""
    patterns: dict[str, list[str] | None] = {}
    other = []
    for selector in rules.drop_selectors:
        match = _ATTRIBUTE_SELECTOR.match(selector)
        if not match:
            other.append(css_xpath(selector).path)
            continue
        name, value = match["attr"], re.escape((match["value"] or "").strip("\"'"))
        if match["op"] is None or patterns.get(name, []) is None:
            patterns[name] = None  # the attribute alone is enough
        else:
            patterns.setdefault(name, []).append(value if match["op"] == "*=" else f"^{value}$")
    attributes = tuple(
        (etree.XPath(f"descendant-or-self::*[@{name}]"), name, values and re.compile("|".join(values)))
        for name, values in patterns.items()
    )
    outside = [f"descendant-or-self::{name}[not(ancestor::article or ancestor::main)]"
               for name in rules.drop_outside_article]
    others = etree.XPath(" | ".join(other)) if other else None
    return _ChromeTests(etree.XPath(" | ".join(outside) or "/.."), attributes, others)


def _find_body(page: etree._Element, site: SiteProfile | None) -> etree._Element:
    for selector in site.body if site else ():
        found = css_xpath(selector)(page)
        if found:
            return found[0]
    candidates = list(page.iter(*CONTAINER_TAGS))
    return max(candidates, key=_paragraph_weight, default=page)


def _paragraph_weight(element: etree._Element) -> int:
    """Text in the element's own paragraphs: the article is the block richest in them."""
    return sum(len(text_of(p, strip=True)) for p in element.iterchildren("p"))


def _blocks(container: Tag, base_url: str):
    for element in container.children:
        if not isinstance(element, Tag):
            if str(element).strip():
                yield from _paragraph_blocks(str(element))
            continue
        if element.name in BLOCK_TAGS:
            yield from _element_blocks(element, base_url)
        elif CAPTIONED in (element.get("class") or []):
            caption = element.find(class_=f"{CAPTIONED}-text")
            yield from _figure_blocks(element, caption.extract() if caption else None, base_url)
        elif element.name in ("h1",):
            continue
        else:
            yield from _blocks(element, base_url)


def _element_blocks(element: Tag, base_url: str):
    name = element.name
    if name in ("h2", "h3", "h4", "h5", "h6"):
        text = _text(element)
        yield Block("heading", text, inline_html(text, escape=True), level=int(name[1]))
    elif name == "blockquote":
        yield from quote_blocks(element, base_url, _text)
    elif name in ("ul", "ol"):
        for item in element.find_all("li", recursive=False):
            yield Block("list_item", _text(item), list_html(item, base_url), ordered=name == "ol")
    elif name == "figure":
        caption = element.find("figcaption")
        yield from _figure_blocks(element, caption.extract() if caption else None, base_url)
    elif name == "img":
        yield from _image_blocks(element, base_url)
    elif name in ("pre", "table", "dl"):
        built = {"pre": code_block, "table": lambda el: table_block(el, base_url),
                 "dl": lambda el: definition_block(el, base_url)}[name](element)
        yield built or _block("paragraph", element, base_url)
    else:
        images = element.find_all("img")
        if images and not element.get_text(strip=True):
            yield from _image_blocks(element, base_url)
        else:
            yield _block("paragraph", element, base_url)


def _figure_blocks(element: Tag, caption: Tag | None, base_url: str):
    """Images with their caption as one figure; a figure around a table, a quote, code or a
    video link gives those blocks, then its caption (a quote's caption says who said it)."""
    if element.find(FIGURE_CONTENT):
        yield from _blocks(element, base_url)
        if caption is not None and element.find("blockquote"):
            yield from cite_block(caption, base_url, _text)
        elif caption is not None and caption.get_text(strip=True):
            yield _block("paragraph", caption, base_url)
        return
    figure = figure_block(element.find_all("img"), caption, base_url) if caption is not None else None
    if figure is not None:
        yield figure
        return
    yield from _image_blocks(element, base_url)
    if caption is not None and caption.get_text(strip=True):
        yield _block("paragraph", caption, base_url)


def _image_blocks(element: Tag, base_url: str):
    images = [element] if element.name == "img" else element.find_all("img")
    for image in images:
        src = safe_url(image.get("src") or "", base_url)
        if not src:
            continue
        alt = " ".join((image.get("alt") or "").split())
        markup = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'  # both already safe
        yield Block("image", alt, markup)


def _block(kind, element: Tag, base_url: str, ordered: bool = False) -> Block:
    markup = inline_html(element.decode_contents(), base_url=base_url)
    return Block(kind, _text(element), markup, ordered=ordered)


def _text(element: Tag) -> str:
    """The element's text as a reader sees it: inline tags add no spaces, runs of white collapse."""
    return " ".join(element.get_text().split())


def _paragraph_blocks(text: str):
    for line in text.split("\n"):
        if line.strip():
            yield Block("paragraph", line.strip(), inline_html(line.strip(), escape=True))


def _json_ld_article(root: etree._Element) -> dict:
    """The first Article-like object in the page's JSON-LD (Yoast nests them in @graph)."""
    for script in _JSON_LD(root):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError, RecursionError):  # invalid, or nested past Python's stack
            continue
        for item in _ld_items(data, LD_DEPTH):
            kinds = item.get("@type", [])
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(str(kind).endswith("Article") for kind in kinds):
                return item
    return {}


def _ld_items(data, depth: int):
    """Objects of the JSON-LD, looked for no deeper than real pages put them."""
    if depth <= 0:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_items(item, depth - 1)
    elif isinstance(data, dict):
        yield data
        yield from _ld_items(data.get("@graph", []), depth - 1)


def _ld_text(value, depth: int = LD_DEPTH) -> str:
    """A JSON-LD text property: pages put numbers, lists and objects where a string belongs,
    and JSON escapes can encode lone surrogates, which no later stage can write."""
    if isinstance(value, list) and depth > 0:
        return next((text for item in value if (text := _ld_text(item, depth - 1))), "")
    return _LONE_SURROGATES.sub("", value).strip() if isinstance(value, str) else ""


def _ld_names(value, depth: int = LD_DEPTH) -> list[str]:
    if depth <= 0:
        return []
    if isinstance(value, list):
        return [name for item in value for name in _ld_names(item, depth - 1)]
    if isinstance(value, dict):
        name = _ld_text(value.get("name"))
        return [name] if name else []
    text = _ld_text(value)
    return [text] if text and not text.startswith("http") else []
