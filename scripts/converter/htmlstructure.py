"""The structure of a saved page's article that Markdown can hold: code, tables, figures, footnotes,
nested and definition lists, quotes with their attribution, embedded posts and videos.

Every block's markup here is written by this module from the parsed tree: tag names are ours,
attributes are a short allow-list with checked values (a URL that `safe_url` approved, a number,
a `language-x` class), and everything else the page said goes through `inline_html` (nh3) or is
escaped text. Iframes and scripts never survive: a video becomes a link to it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound

from .model import Block
from .sanitize import inline_html, safe_url

# Class names that say how a block is shown, never which language it is in.
_NOT_LANGUAGES = frozenset({
    "hljs", "prettyprint", "linenums", "line-numbers", "notranslate", "wp-block-code", "code", "highlight",
    "codehilite", "sourcecode", "syntaxhighlighter", "plain", "plaintext", "text", "none", "nohighlight",
    "block", "copy", "wrap", "scroll", "sourceCode", "ql-syntax", "hl", "source",
})
# language-x, lang-x (Prism, highlight.js, prettify), lang:x (Crayon), highlight-x (Sphinx),
# brush: x; (SyntaxHighlighter Evolved, whose class list reads "brush: python; title: ; notranslate").
_PREFIXED = re.compile(r"^(?:language|lang|highlight|highlight-source)[-:]([A-Za-z0-9#+._-]{1,30})$", re.I)
_BRUSH = re.compile(r"\bbrush\s*:\s*([A-Za-z0-9#+._-]{1,30})", re.I)
_LANGUAGE = re.compile(r"[a-z0-9][a-z0-9#+._-]{0,29}")
# Line-number gutters highlighters print beside or inside the code: not the code.
_GUTTERS = ".linenos, .lineno, .gutter, .line-numbers-rows, .line-number, .ln-num, .hljs-ln-numbers"
# Class names read per element: real highlighters use a handful; a hostile page may list thousands.
MAX_CLASSES = 12
CELL_SPAN = re.compile(r"[1-9][0-9]{0,2}")
# Video players and the posts they show: (host pattern, path pattern, address of the page to link).
_EMBEDS = (
    (re.compile(r"(?:www\.)?youtube(?:-nocookie)?\.com"), re.compile(r"/embed/([A-Za-z0-9_-]{6,20})"),
     "https://www.youtube.com/watch?v={}"),
    (re.compile(r"player\.vimeo\.com"), re.compile(r"/video/([0-9]{1,15})"), "https://vimeo.com/{}"),
    (re.compile(r"(?:www\.)?dailymotion\.com"), re.compile(r"/embed/video/([A-Za-z0-9]{3,20})"),
     "https://www.dailymotion.com/video/{}"),
)
_VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_TWEET_ID = re.compile(r"(?:^|&)id=([0-9]{1,25})")
_STATUS = re.compile(r"^/[A-Za-z0-9_]{1,15}/status(?:es)?/[0-9]{1,25}$")
_FOOTNOTE_CONTAINER = re.compile(r"(?:^|[-_])(?:foot|end)notes?(?:$|[-_])|^easy-footnotes", re.I)
_FOOTNOTE_REF = re.compile(r'<sup data-footnote="([0-9]+)">')
# Share of a footnote list's text that is in its notes (the rest: a "Notes" heading, a rule).
FOOTNOTE_SHARE = 0.8
_TAGS = BeautifulSoup("", "html.parser")  # makes the markers put into a page's tree


# --- code -----------------------------------------------------------------------------------

def code_block(pre: Tag) -> Block | None:
    """A `<pre>` as a code block: its exact text, its language from the page's class names."""
    for gutter in pre.select(_GUTTERS):
        gutter.decompose()
    for br in pre.find_all("br"):
        br.replace_with("\n")
    code = pre.get_text().replace("\u00a0", " ").replace("\r\n", "\n").replace("\r", "\n")
    code = code[1:] if code.startswith("\n") else code  # HTML drops a newline right after <pre>
    code = code.rstrip()
    if not code.strip():
        return None
    language = code_language(pre)
    attribute = f' class="language-{language}"' if language else ""
    markup = f"<pre><code{attribute}>{html.escape(code, quote=False)}</code></pre>"
    return Block("code", code, markup)


def code_language(pre: Tag) -> str:
    """The language the page names on the code, the <pre>, or the highlighter's wrapper; else ''."""
    inner = pre.find("code")
    wrapper = pre.parent if isinstance(pre.parent, Tag) else None
    for element in (inner, pre, wrapper):
        if not isinstance(element, Tag):
            continue
        named = str(element.get("data-lang") or element.get("data-language") or "")[:30]
        language = _language_from_classes(element.get("class") or []) or _known_language(named)
        if language:
            return language
    return ""


def _language_from_classes(classes: list[str]) -> str:
    classes = [str(name) for name in classes[:MAX_CLASSES]]
    brush = _BRUSH.search(" ".join(classes))
    if brush:
        return _clean_language(brush[1].rstrip(";"))
    for name in classes:
        prefixed = _PREFIXED.match(name)
        if prefixed:
            return _clean_language(prefixed[1])
    # highlight.js's "hljs javascript", pandoc's "sourceCode python": a bare name Pygments knows.
    return next((found for name in classes if (found := _known_language(name))), "")


def _clean_language(name: str) -> str:
    """A checked, lower-case language name; Pygments' own name for it when Pygments knows it
    (js -> javascript, py -> python), so one class names one language across pages."""
    name = name.lower()
    if not _LANGUAGE.fullmatch(name) or name in _NOT_LANGUAGES:
        return ""
    try:
        return find_lexer_class_by_name(name).aliases[0]
    except (ClassNotFound, IndexError):
        return name


@lru_cache(maxsize=512)
def _known_language(name: str) -> str:
    """A bare class name is a language only when Pygments knows it ("hljs javascript")."""
    try:
        find_lexer_class_by_name(name.lower())
    except ClassNotFound:
        return ""
    return _clean_language(name)


# --- tables ---------------------------------------------------------------------------------

def table_block(table: Tag, base_url: str) -> Block | None:
    """A table rebuilt from its rows and cells: cell spans as numbers, cell content through nh3."""
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    if not rows:
        return None
    head = [row for row in rows if row.parent and row.parent.name == "thead"]
    body = [row for row in rows if row not in head]
    caption = table.find("caption")
    parts = ["<table>"]
    if caption and caption.get_text(strip=True):
        parts.append(f"<caption>{inline_html(caption.decode_contents(), base_url=base_url)}</caption>")
    if head:
        parts.append("<thead>" + "".join(_row(row, base_url) for row in head) + "</thead>")
    parts.append("<tbody>" + "".join(_row(row, base_url) for row in body) + "</tbody></table>")
    text = " ".join(table.get_text(" ").split())
    return Block("table", text, "".join(parts)) if text else None


def _row(row: Tag, base_url: str) -> str:
    cells = []
    for cell in row.find_all(["th", "td"], recursive=False):
        spans = "".join(
            f' {name}="{value}"' for name in ("colspan", "rowspan")
            if CELL_SPAN.fullmatch(value := str(cell.get(name) or "").strip()) and value != "1"
        )
        content = inline_html(_single_paragraph_unwrapped(cell), base_url=base_url, flow=True)
        cells.append(f"<{cell.name}{spans}>{' '.join(content.split())}</{cell.name}>")
    return "<tr>" + "".join(cells) + "</tr>"


def _single_paragraph_unwrapped(cell: Tag) -> str:
    """Editors wrap each cell's text in one <p>: that is inline content, not block content."""
    children = [child for child in cell.children if not (isinstance(child, str) and not child.strip())]
    if len(children) == 1 and isinstance(children[0], Tag) and children[0].name == "p":
        return children[0].decode_contents()
    return cell.decode_contents()


# --- figures, lists, definitions ------------------------------------------------------------

def figure_block(images: list[Tag], caption: Tag, base_url: str) -> Block | None:
    """Images and their caption as one <figure>: Markdown has no caption, the site keeps figures."""
    pictures = []
    for image in images:
        src = safe_url(image.get("src") or "", base_url)
        if src:
            alt = " ".join((image.get("alt") or "").split())
            pictures.append(f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">')
    text = " ".join(caption.get_text().split())
    if not pictures or not text:
        return None
    markup = " ".join(inline_html(caption.decode_contents(), base_url=base_url).split())
    return Block("figure", text, f"<figure>{''.join(pictures)}<figcaption>{markup}</figcaption></figure>")


def list_html(element: Tag, base_url: str) -> str:
    """A list item's content with its own nested lists kept as lists (the rest inline)."""
    inline, nested = [], []
    for child in element.children:
        if isinstance(child, Tag) and child.name in ("ul", "ol"):
            nested.append(child)
        elif not nested:
            inline.append(str(child))
        else:
            inline.append(" " + str(child))
    markup = inline_html("".join(inline), base_url=base_url)
    for sub in nested:
        items = "".join(f"<li>{list_html(item, base_url)}</li>"
                        for item in sub.find_all("li", recursive=False))
        markup += f"<{sub.name}>{items}</{sub.name}>"
    return markup


def definition_block(dl: Tag, base_url: str) -> Block | None:
    """A definition list: terms inline, definitions may hold paragraphs."""
    parts = []
    for child in dl.find_all(["dt", "dd"]):
        if child.find_parent("dl") is not dl:
            continue
        content = inline_html(child.decode_contents(), base_url=base_url, flow=child.name == "dd")
        parts.append(f"<{child.name}>{' '.join(content.split())}</{child.name}>")
    text = " ".join(dl.get_text(" ").split())
    return Block("definitions", text, f"<dl>{''.join(parts)}</dl>") if parts and text else None


# --- quotes and embeds ----------------------------------------------------------------------

def quote_blocks(quote: Tag, base_url: str, text_of) -> Iterator[Block]:
    """A quote's paragraphs, then its attribution (<footer>, <cite>) as a <cite> line of its own.

    An embedded post (`blockquote.twitter-tweet`) is the post's text, then its byline with the
    link to the post; the widget script that would replace it is dropped with the page's scripts."""
    if "twitter-tweet" in (quote.get("class") or []):
        paragraphs = [paragraph.extract() for paragraph in quote.find_all("p")]
        for link in quote.find_all("a", href=True):
            link["href"] = _post_address(str(link["href"]))
        attribution = [quote]  # what is left: "— Name (@handle) <a href=…/status/…>date</a>"
    else:
        attribution = [child.extract() for child in quote.find_all(["footer", "cite"], recursive=False)]
        paragraphs = quote.find_all("p") or [quote]
    for paragraph in paragraphs:
        yield _inline_block("quote", paragraph, base_url, text_of)
    for child in attribution:
        yield from cite_block(child, base_url, text_of)


def cite_block(element: Tag, base_url: str, text_of) -> Iterator[Block]:
    """Who said it: a line of the quote, marked as a citation."""
    for inner in element.find_all("cite"):
        inner.unwrap()  # <footer>— <cite>Name</cite></footer>: one citation
    text = text_of(element)
    if text:
        markup = inline_html(element.decode_contents(), base_url=base_url)
        yield Block("quote", text, f"<cite>{markup}</cite>")


def _post_address(href: str) -> str:
    """A tweet's link without its tracking query (`?ref_src=twsrc%5Etfw`)."""
    url = safe_url(href)
    parts = urlsplit(url) if url else None
    if parts and parts.hostname in ("twitter.com", "www.twitter.com", "x.com", "mobile.twitter.com") \
            and _STATUS.match(parts.path):
        return f"https://{parts.hostname}{parts.path}"
    return href


def _inline_block(kind, element: Tag, base_url: str, text_of) -> Block:
    return Block(kind, text_of(element), inline_html(element.decode_contents(), base_url=base_url))


def embed_address(name: str, attributes: Mapping[str, str]) -> str:
    """The page of the video or post an <iframe> or <lite-youtube> (`name`) plays or shows, ''
    if it is not one we know."""
    if name == "lite-youtube":
        video = str(attributes.get("videoid") or "")
        return f"https://www.youtube.com/watch?v={video}" if _VIDEO_ID.fullmatch(video) else ""
    address = attributes.get("src") or attributes.get("data-src") or attributes.get("data-lazy-src")
    src = safe_url(str(address or ""))
    parts = urlsplit(src) if src else None
    if not parts or not parts.hostname:
        return ""
    for host, path, page in _EMBEDS:
        found = path.match(parts.path) if host.fullmatch(parts.hostname) else None
        if found:
            return page.format(found[1])
    tweet = _TWEET_ID.search(parts.query) if parts.hostname == "platform.twitter.com" else None
    return f"https://twitter.com/i/status/{tweet[1]}" if tweet else ""


# --- footnotes ------------------------------------------------------------------------------

def take_footnotes(body: Tag, base_url: str, text_of) -> dict[int, Block]:
    """Footnote references become numbered markers, the notes become blocks; the list is removed.

    A reference is a link to a note of the page's footnote list (`<sup><a href="#fn1">1</a></sup>`,
    WordPress plugins, Python-Markdown's own `a.footnote-ref`); notes are numbered in the order
    the text refers to them, as Markdown numbers them. The page's own `data-footnote` attributes
    go first: only the converter's markers carry one."""
    for marked in body.find_all(attrs={"data-footnote": True}):
        del marked["data-footnote"]
    containers = body.find_all(_is_footnote_container)
    notes = _footnote_notes(containers)
    if not notes:
        return {}
    inside = {id(tag) for container in containers for tag in container.find_all("a")}
    numbers: dict[str, int] = {}
    for link in body.find_all("a", href=True):
        target = str(link["href"]).partition("#")[2]
        if target not in notes or id(link) in inside or not link.parent:
            continue
        number = numbers.setdefault(target, len(numbers) + 1)
        marker = _TAGS.new_tag("sup", attrs={"data-footnote": str(number)})
        marker.string = str(number)
        around = link.parent
        lone = around.name == "sup" and around.get_text(strip=True) == link.get_text(strip=True)
        (around if lone else link).replace_with(marker)
    blocks = {}
    for target, number in numbers.items():
        note = notes[target]
        for back in note.find_all("a", href=True):
            if str(back["href"]).startswith("#"):
                back.decompose()
        text = text_of(note)
        if text:
            blocks[number] = Block("footnote", text, inline_html(_note_markup(note), base_url=base_url),
                                   level=number)
    for container in containers:
        if not container.decomposed:
            container.decompose()
    return blocks


def _footnote_notes(containers: list[Tag]) -> dict[str, Tag]:
    notes = {}
    for container in containers:
        for item in container.find_all("li"):
            anchor = item if item.get("id") else item.find(id=True)
            if anchor is not None:
                notes.setdefault(str(anchor["id"]), item)
    return notes


def _is_footnote_container(tag: Tag) -> bool:
    """A list of notes by its class or role; one that holds more than notes (an article body
    marked "has-footnotes") is not."""
    names = [*(tag.get("class") or []), str(tag.get("id") or "")]
    named = tag.name in ("div", "section", "ol", "ul", "aside") and (
        tag.get("role") == "doc-endnotes" or any(_FOOTNOTE_CONTAINER.search(name) for name in names)
    )
    if not named:
        return False
    in_notes = sum(len(item.get_text(strip=True)) for item in tag.find_all("li"))
    return in_notes >= FOOTNOTE_SHARE * len(tag.get_text(strip=True))


def _note_markup(note: Tag) -> str:
    """A note's paragraphs joined by spaces: a Markdown footnote here is one paragraph."""
    paragraphs = note.find_all("p")
    if not paragraphs:
        return note.decode_contents()
    return " ".join(paragraph.decode_contents() for paragraph in paragraphs)


def with_footnotes(blocks: list[Block], notes: dict[int, Block]) -> list[Block]:
    """Each note right after the first block that refers to it: cleaning never parts them."""
    if not notes:
        return blocks
    placed: list[Block] = []
    for block in blocks:
        placed.append(block)
        for number in map(int, _FOOTNOTE_REF.findall(block.html)):
            if number in notes:
                placed.append(notes.pop(number))
    return placed
