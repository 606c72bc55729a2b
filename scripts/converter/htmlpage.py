"""Saved HTML pages (Bitget's Next.js pages, CryptoSlate's WordPress pages, others).

Metadata is read from structured data first (JSON-LD, og:/article: meta, <html lang>,
canonical), then from the visible page. The article body is found by the site's selectors
(grammar/sites.toml) or, for unknown sites, as the block with the most paragraph text; its
elements become blocks of sanitised inline HTML. Chrome is dropped before the body is read.
"""

from __future__ import annotations

import html
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from .clean import split_authors
from .grammar import GRAMMAR_DIR, PageGrammar
from .htmlstructure import (
    cite_block,
    code_block,
    definition_block,
    figure_block,
    list_html,
    quote_blocks,
    replace_embeds,
    table_block,
    take_footnotes,
    with_footnotes,
)
from .model import Block, InputError, PageFacts
from .sanitize import host_of, inline_html, plain_text, safe_url

BLOCK_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure", "img", "pre", "table", "dl",
}
# A figure's parts that are blocks of their own (a table, a quote, code, a video link).
FIGURE_CONTENT = ("table", "blockquote", "pre", "p", "ul", "ol", "dl")
# WordPress's classic captioned image: <div class="wp-caption"><img><p class="wp-caption-text">.
CAPTIONED = "wp-caption"
CONTAINER_TAGS = ("div", "section", "article", "main")
SUFFIX_WINDOW = 120
# Numeric character references longer than any code point: html.parser raises on them.
_OVERLONG_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]{7}|[0-9]{8})[0-9a-fA-F]*;?")
LD_DEPTH = 6  # JSON-LD levels looked into: @graph lists, author lists
# Elements nested deeper than this are read as plain text: no article nests so deep, and
# every walk over the tree (text, markup, blocks) would otherwise recurse once per level.
MAX_DEPTH = 120
# A saved article page has a few thousand tags; 100,000 is a storm of them, which every walk over
# the tree would pay for (a megabyte of `<p>` took minutes) and no article needs.
MAX_TAGS = 100_000
_LONE_SURROGATES = re.compile("[\ud800-\udfff]")


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


def parse_html_page(text: str, grammar: PageGrammar) -> PageFacts:
    """Facts and body blocks of one saved HTML page.

    Parsed with lxml (libxml2), not Python's html.parser: building the tree was a third of the
    time a page takes, and lxml builds it in half the time. Where the two repair broken markup
    differently, lxml is the one closer to a browser (a `<p>` opened inside a `<p>` closes it);
    every fixture page reads the same with both."""
    if text.count("<") > MAX_TAGS:
        raise InputError(f"{text.count('<'):,} tags: more than any article page has (at most {MAX_TAGS:,})")
    soup = BeautifulSoup(_OVERLONG_REFERENCE.sub("\ufffd", text), "lxml")
    _flatten_deep_nesting(soup)
    replace_embeds(soup)
    rules = load_site_rules()
    structured = _StructuredData(soup, rules)
    site = rules.site_for(structured.url)
    facts = PageFacts(lang=structured.lang, structured=True)
    facts.title = structured.title or _visible_title(soup, rules)
    _read_visible_byline(soup, facts, grammar, site, structured.url)
    _apply_structured(facts, structured, site)
    _drop_chrome(soup, rules)
    body = _find_body(soup, site)
    if body is not None:
        notes = take_footnotes(body, structured.url, _text)
        facts.blocks = with_footnotes(list(_blocks(body, base_url=structured.url)), notes)
    return facts


def _flatten_deep_nesting(soup: BeautifulSoup) -> None:
    """Replace each element at MAX_DEPTH by a paragraph of its text (found without recursion)."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        for child in list(node.children):
            if not isinstance(child, Tag):
                continue
            if depth + 1 < MAX_DEPTH:
                stack.append((child, depth + 1))
            elif child.name != "script":
                paragraph = soup.new_tag("p")
                paragraph.string = " ".join("".join(child.strings).split())
                child.replace_with(paragraph)


class _StructuredData:
    """What the page says about itself in machine-readable form."""

    def __init__(self, soup: BeautifulSoup, rules: SiteRules) -> None:
        self.meta = {
            (tag.get("property") or tag.get("name") or "").lower(): (tag.get("content") or "").strip()
            for tag in soup.find_all("meta")
        }
        self.ld = _json_ld_article(soup)
        html_tag = soup.find("html")
        self.lang = (html_tag.get("lang") or "").strip() if isinstance(html_tag, Tag) else ""
        canonical = soup.find("link", rel="canonical")
        canonical_url = canonical.get("href") if isinstance(canonical, Tag) else ""
        self.url = safe_url(canonical_url or self.meta.get("og:url", ""))
        headline = _ld_text(self.ld.get("headline")) or self.meta.get("og:title") or ""
        self.title = rules.without_suffix(plain_text(headline))
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


def _read_visible_byline(soup: BeautifulSoup, facts: PageFacts, grammar: PageGrammar,
                         site: SiteProfile | None, base_url: str) -> None:
    """Source, time, "view original" link and author as the page shows them."""
    scope = soup.find("main") or soup.find("article") or soup.body or soup
    for anchor in scope.find_all("a"):
        if anchor.get_text(strip=True) in grammar.view_original and anchor.get("href"):
            facts.original_url = safe_url(anchor["href"], base_url) or facts.original_url
            break
    previous = ""
    for string in scope.find_all(string=True):
        line = " ".join(string.split())
        if not line or string.parent.name in ("script", "style"):
            continue
        match = None if facts.date_text else grammar.date_only_match(line) or grammar.dateline_match(line)
        if match:
            facts.date_text = match["date"]
            source = match.groupdict().get("source") or previous or _img_alt_before(string)
            facts.source = facts.source or source.strip()
        elif not facts.authors:
            # "By:" and the name may sit in one text node or in two neighbouring spans.
            label_before = grammar.author_line(previous) == ""
            author = grammar.author_line(line) or (line if label_before else "")
            if author:
                facts.authors = split_authors(author)
        previous = line
    if site:
        _read_site_selectors(scope, facts, site)


def _read_site_selectors(scope: Tag, facts: PageFacts, site: SiteProfile) -> None:
    if not facts.date_text:
        found = next((el for sel in site.date for el in scope.select(sel)), None)
        facts.date_text = found.get_text(" ", strip=True) if found else ""
    if not facts.authors:
        names = [el.get_text(" ", strip=True) for sel in site.author for el in scope.select(sel)]
        facts.authors = list(dict.fromkeys(name for name in names if name))


def _img_alt_before(string) -> str:
    image = string.find_previous("img")
    return (image.get("alt") or "") if image else ""


def _visible_title(soup: BeautifulSoup, rules: SiteRules) -> str:
    heading = soup.find("h1")
    if heading:
        return heading.get_text(" ", strip=True)
    title = soup.find("title")
    return rules.without_suffix(title.get_text(" ", strip=True)) if title else ""


def _drop_chrome(soup: BeautifulSoup, rules: SiteRules) -> None:
    for tag in soup.find_all(rules.drop_tags):
        tag.decompose()
    for name in rules.drop_outside_article:
        for tag in soup.find_all(name):
            if not tag.find_parent(["article", "main"]):
                tag.decompose()
    # One walk over the tree, each attribute selector a string test: soupsieve matched every
    # element against every selector and was a third of the time of a saved page.
    simple, other = _attribute_tests(rules.drop_selectors)
    doomed = [tag for tag in soup.find_all(True) if any(test(tag) for test in simple)]
    if other:
        doomed += soup.select(", ".join(other))
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


_ATTRIBUTE_SELECTOR = re.compile(r"^\[(?P<attr>[\w-]+)(?:(?P<op>\*?=)(?P<value>[^\]]+))?\]$")


@cache
def _attribute_tests(selectors: tuple[str, ...]) -> tuple[tuple[Callable[[Tag], bool], ...], tuple[str, ...]]:
    """`[attr]`, `[attr=value]` and `[attr*=value]` as plain tests; any other selector as CSS."""
    tests, other = [], []
    for selector in selectors:
        match = _ATTRIBUTE_SELECTOR.match(selector)
        if match:
            tests.append(_attribute_test(match["attr"], match["op"], match["value"]))
        else:
            other.append(selector)
    return tuple(tests), tuple(other)


def _attribute_test(name: str, op: str | None, value: str | None) -> Callable[[Tag], bool]:
    value = (value or "").strip("\"'")

    def test(tag: Tag) -> bool:
        found = tag.attrs.get(name)
        if found is None:
            return False
        text = " ".join(found) if isinstance(found, list) else str(found)
        return op is None or (value in text if op == "*=" else text == value)

    return test


def _find_body(soup: BeautifulSoup, site: SiteProfile | None) -> Tag | None:
    if site:
        for selector in site.body:
            found = soup.select_one(selector)
            if found is not None:
                return found
    candidates = soup.find_all(CONTAINER_TAGS)
    return max(candidates, key=_paragraph_weight, default=soup.body)


def _paragraph_weight(tag: Tag) -> int:
    """Text in the tag's own paragraphs: the article is the block richest in them."""
    return sum(len(p.get_text(strip=True)) for p in tag.find_all("p", recursive=False))


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


def _json_ld_article(soup: BeautifulSoup) -> dict:
    """The first Article-like object in the page's JSON-LD (Yoast nests them in @graph)."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
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
