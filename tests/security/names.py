"""Hostile names and titles (issue 22): generators of scraped pages whose source, authors,
language or headline is built to be shown as something it is not.

Each generator yields `NamePage`s: a saved HTML page (CryptoSlate's layout, with JSON-LD,
og: meta and a visible byline) or a Bitget text dump, and what an honest archive shows for it.
The tables of characters here are the tests' own, written from Unicode's charts, not read from
the converter: a test that took its expectations from the code under test could not fail.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

# Characters that change how the text around them is laid out or that show nothing:
# the bidi embeddings, overrides and isolates, the marks, zero-width characters and the BOM.
BIDI_CONTROLS = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u061c")
# Control characters a JSON string or a character reference can carry into a page's fields.
CONTROLS = ("\u0001", "\u0007", "\u001b", "\u001f", "\u007f", "\u0085", "\u009b")

# Latin letters and look-alikes from other scripts (Unicode's confusables.txt lists each pair),
# and the fullwidth forms NFKC folds back to ASCII.
LOOKALIKES = {
    "a": ("\u0430",), "c": ("\u0441", "\u03f2"), "e": ("\u0435",), "o": ("\u043e", "\u03bf"),
    "p": ("\u0440", "\u03c1"), "y": ("\u0443",), "x": ("\u0445",), "i": ("\u0456",),
    "B": ("\u0412", "\u0392"), "C": ("\u0421",), "S": ("\u0405",), "T": ("\u0422", "\u03a4"),
    "P": ("\u0420", "\u03a1"), "A": ("\u0410", "\u0391"), "N": ("\u039d",), "K": ("\u041a",),
}
# Publishers the archive knows (grammar/sites.toml): a name that looks like one is that one.
KNOWN_SOURCES = ("CryptoSlate", "Bitget", "The Block", "Coinspeaker", "PANews", "BlockBeats")


@dataclass(frozen=True)
class NamePage:
    """One generated page and what the archive must make of it."""

    name: str  # the test id: kind and what it attacks
    text: str  # the page as saved
    suffix: str  # ".html" or ".txt"
    title: str = ""  # the title a reader of the page sees; "" when the page must fail
    source: str = ""
    authors: tuple[str, ...] = ()
    lang: str = ""
    fails: bool = False  # the page must be reported as failed, with a reason
    notes: tuple[str, ...] = field(default=())  # words the report's reason must hold


ORDINARY_TITLE = "Senate passes stablecoin bill after a long night of amendments"
BODY = (
    "<p>The Senate passed the stablecoin bill late on Tuesday, after a night of amendments that "
    "narrowed what issuers may hold in reserve and who may supervise them.</p>\n"
    "<p>Issuers argued that the reserve rules leave room for short-dated treasuries, and the "
    "industry welcomed the vote as the first federal framework for dollar tokens.</p>\n"
    "<h2>What changes for issuers</h2>\n"
    "<p>Every issuer above ten billion dollars answers to a federal supervisor; smaller ones may "
    "choose a state regime that the Treasury finds comparable.</p>\n"
)


def _json(value) -> str:
    """JSON-LD as Yoast writes it: slashes escaped, so no value can end the <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("/", "\\/")


def saved_page(
    *, title: str = ORDINARY_TITLE, authors: tuple[str, ...] = ("Elena Kovac",),
    publisher: str = "CryptoSlate", lang: str = "en-US",
    title_in: tuple[str, ...] = ("ld", "og", "tag", "h1"), slug: str = "bill", body: str = BODY,
    lead: str = "",
) -> str:
    """A saved CryptoSlate article, its headline in the fields `title_in` names, each written as
    that field carries text: in JSON-LD with `&` as `&amp;` (as WordPress stores titles), in an
    attribute and in elements HTML-escaped. Every field, decoded as its kind says, is `title`."""
    article = {
        "@type": "NewsArticle", "author": [{"name": name} for name in authors],
        "datePublished": "2025-06-17T21:40:03+00:00", "inLanguage": lang,
        "publisher": {"@type": "Organization", "name": publisher},
    }
    if "ld" in title_in:
        article["headline"] = title.replace("&", "&amp;")
    ld = {"@context": "https://schema.org", "@graph": [article]}
    og = f'<meta property="og:title" content="{html.escape(title)}" />' if "og" in title_in else ""
    tag = f"<title>{html.escape(title, quote=False)} | CryptoSlate</title>" if "tag" in title_in else ""
    h1 = f'<h1 class="post-title">{html.escape(title, quote=False)}</h1>' if "h1" in title_in else ""
    byline = ", ".join(html.escape(name, quote=False) for name in authors)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}"><head><meta charset="UTF-8">{tag}
<link rel="canonical" href="https://cryptoslate.com/{slug}/" />{og}
<meta property="og:site_name" content="{html.escape(publisher)}" />
<script type="application/ld+json">{_json(ld)}</script></head>
<body><article class="full-article post"><header class="post-header">{h1}
<div class="post-meta"><a href="https://cryptoslate.com/author/x/" rel="author">{byline}</a>
<span class="post-date">Jun. 17, 2025 at 9:40 pm UTC</span></div></header>
<div class="post-box">
{f"<p>{html.escape(lead, quote=False)}</p>" if lead else ""}
{body}</div></article></body></html>
"""


def text_dump(*, source: str, title: str = ORDINARY_TITLE, author: str = "Marcus Hale") -> str:
    """A Bitget text dump: the source name is printed twice before the date on one line."""
    return "\n".join([
        "Bitget App", "Trade smarter", "Buy cryptoMarketsTradeFuturesEarnSquareMore",
        title, "", title, "", f"{source}{source}2025/08/19 03:41", "View original", f"By:{author}", "",
        "The Senate passed the stablecoin bill late on Tuesday, after a night of amendments that "
        "narrowed what issuers may hold in reserve.", "",
        "Issuers argued that the reserve rules leave room for short-dated treasuries, and the "
        "industry welcomed the vote as the first federal framework for dollar tokens.", "",
    ])


def _codes(text: str) -> str:
    return "-".join(f"{ord(char):04X}" for char in text if not char.isascii() or not char.isprintable())


# --- bidi controls and invisible characters in names and titles ----------------------------------

def _put(name: str, char: str, at: str) -> str:
    middle = len(name) // 2
    return {"start": char + name, "inside": name[:middle] + char + name[middle:], "end": name + char}[at]


def hidden_character_pages() -> Iterator[NamePage]:
    """Each bidi control and invisible character at the start, inside and at the end of the
    source, an author and the title, left unclosed: the archive shows the names without them."""
    for char in BIDI_CONTROLS + INVISIBLE:
        for at in ("start", "inside", "end"):
            name = f"hidden-U+{ord(char):04X}-{at}"
            page = saved_page(title=_put(ORDINARY_TITLE, char, at),
                              authors=(_put("Elena Kovac", char, at), "Sam Reed"),
                              publisher=_put("CryptoSlate", char, at), slug=name.lower())
            yield NamePage(f"html-{name}", page, ".html", title=ORDINARY_TITLE, source="CryptoSlate",
                           authors=("Elena Kovac", "Sam Reed"))
            dump = text_dump(source=_put("The Block", char, at), title=_put(ORDINARY_TITLE, char, at),
                             author=_put("Marcus Hale", char, at))
            yield NamePage(f"text-{name}", dump, ".txt", title=ORDINARY_TITLE, source="The Block",
                           authors=("Marcus Hale",))


# --- names that look like a known source -----------------------------------------------------------

def lookalike_names(name: str) -> Iterator[str]:
    """`name` with one letter swapped for each of its look-alikes, then in fullwidth letters."""
    for index, letter in enumerate(name):
        for other in LOOKALIKES.get(letter, ()):
            yield name[:index] + other + name[index + 1:]
    yield "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in name)


def lookalike_source_pages() -> Iterator[NamePage]:
    """A known source's name written with look-alike letters, as publisher of a saved page and
    as the source of a text dump: the archive names the known source."""
    for known in KNOWN_SOURCES:
        for number, fake in enumerate(lookalike_names(known)):
            label = f"{known.replace(' ', '')}-{number:02d}-{_codes(fake)}"
            page = saved_page(publisher=fake, slug=f"look-{label.lower()}")
            yield NamePage(f"html-lookalike-{label}", page, ".html", title=ORDINARY_TITLE, source=known,
                           authors=("Elena Kovac",), notes=(known,))
            yield NamePage(f"text-lookalike-{label}", text_dump(source=fake), ".txt", title=ORDINARY_TITLE,
                           source=known, authors=("Marcus Hale",), notes=(known,))


# --- author names holding Pelican's list separators -------------------------------------------------

AUTHOR_LISTS = (
    ("Alice; Bob", "Carol"),
    ("Doe, Jane", "Roe, Richard"),
    ("Doe, Jane; Roe, Richard",),
    ("Alice;", ";Bob"),
    ("Alice;Bob;Carol",),
    ("Alice, Bob", "Carol; Dave", "Eve"),
    ("Smith; Jones, Partners", "Lee"),
)


def separator_author_pages() -> Iterator[NamePage]:
    """JSON-LD author lists whose names hold `;` and `,`, the characters Pelican splits an
    `Authors` value on: every name stays one author, as the page listed it."""
    for number, authors in enumerate(AUTHOR_LISTS):
        yield NamePage(f"authors-{number}", saved_page(authors=authors, slug=f"authors-{number}"), ".html",
                       title=ORDINARY_TITLE, source="CryptoSlate", authors=authors)


# --- headlines that look like markup, and headlines of control characters ---------------------------

MARKUP_TITLES = (
    "Feed ]]> & <![CDATA[ x",
    "Feed <![CDATA[ alert(1) ]]> ends",
    "Bitcoin <!-- hidden --> rises",
    "Ether <b>bold</b> and <i>italic</i> claims",
    "Tokens </title><h1>fake</h1> issued",
    "Fees <?xml version='1.0'?> rise",
    "Bridge <!DOCTYPE html> hack",
    "Yields &lt; 5% & falling",
    "AT&T; & Co's <3 stablecoin",
)
TITLE_FIELDS = (("ld",), ("og",), ("tag",), ("h1",))


def markup_title_pages() -> Iterator[NamePage]:
    """Headlines that hold markup-like text, each in one title field of a saved page and as a
    text dump's title line: the article's title is that text, whole."""
    for number, title in enumerate(MARKUP_TITLES):
        for fields in TITLE_FIELDS:
            yield NamePage(f"markup-title-{number}-{'+'.join(fields)}", saved_page(
                title=title, title_in=fields, slug=f"markup-{number}-{fields[0]}"), ".html",
                title=title, source="CryptoSlate", authors=("Elena Kovac",))
        yield NamePage(f"markup-title-{number}-text", text_dump(source="The Block", title=title), ".txt",
                       title=title, source="The Block", authors=("Marcus Hale",))


def control_title_pages() -> Iterator[NamePage]:
    """Headlines of control and invisible characters only: no title, so the page fails, saying why."""
    for char in CONTROLS + BIDI_CONTROLS + INVISIBLE:
        for title in (char, f" {char}{char} "):
            yield NamePage(f"control-title-U+{ord(char):04X}-{len(title)}", saved_page(
                title=title, title_in=("ld",), slug=f"control-{ord(char):04x}-{len(title)}"), ".html",
                fails=True, notes=("title",))


# --- page data that names a property of every JavaScript object --------------------------------------

OBJECT_PROPERTIES = ("constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "__defineGetter__")


# Prices and one marker word: too few letters for the converter to read a language from, so
# the language the page declares is the article's.
FIGURES_TITLE = "BTC 67,200 / ETH 3,150"
FIGURE_MARKER = "qzfig"
FIGURES_BODY = (f"<p>67,200 → 68,100 (+1.3%) · 3,150 → 3,240 (+2.9%)</p>\n"
                f"<p>142 → 151 (+6.3%) {FIGURE_MARKER}</p>\n")


def object_property_pages() -> Iterator[NamePage]:
    """`<html lang>` naming a property every JavaScript object has (on a page of figures, so the
    declared language stands): the search page shows the language as named, never a function."""
    for number, lang in enumerate(OBJECT_PROPERTIES):
        yield NamePage(f"lang-{lang}", saved_page(lang=lang, slug=f"lang-{number}", title=FIGURES_TITLE,
                                                  body=FIGURES_BODY), ".html",
                       title=FIGURES_TITLE, source="CryptoSlate", authors=("Elena Kovac",), lang=lang)


# --- one small archive of them all, for the site and the browser ------------------------------------

def _site_page(number: int, page: NamePage, **fields) -> NamePage:
    """`page` with an opening of its own: the converter keeps one copy of pages that open alike."""
    lead = (f"Report {number:02d} opens here: the Senate vote on reserves, supervisors and issuers "
            f"of dollar tokens, in the words of report {number:02d}.")
    text = saved_page(slug=f"site-{number:02d}", lead=lead, **fields)
    return NamePage(f"site-{number:02d}-{page.name}", text, ".html", title=page.title, source=page.source,
                    authors=page.authors, lang=page.lang)


def site_pages() -> Iterator[NamePage]:
    """One page of each attack, each with a title and an opening of its own (so none is a copy of
    another): what the built site and the search page are checked on."""
    number = 0
    for char in ("\u202e", "\u2067", "\u200f", "\u200b"):
        number += 1
        title = f"Hidden U+{ord(char):04X} report {number:02d} on stablecoin reserves"
        expected = NamePage("hidden", "", "", title=title, source="CryptoSlate",
                            authors=("Elena Kovac", "Sam Reed"))
        yield _site_page(number, expected, title=title + char, authors=(f"Elena Kovac{char}", "Sam Reed"),
                         publisher=f"CryptoSlate{char}")
    for known in ("CryptoSlate", "The Block"):
        for fake in (*list(lookalike_names(known))[:1], *list(lookalike_names(known))[-1:]):
            number += 1
            title = f"Look-alike report {number:02d} on stablecoin reserves"
            expected = NamePage("lookalike", "", "", title=title, source=known, authors=("Elena Kovac",))
            yield _site_page(number, expected, title=title, publisher=fake)
    for authors in AUTHOR_LISTS:
        number += 1
        title = f"Authors report {number:02d} on stablecoin reserves"
        expected = NamePage("authors", "", "", title=title, source="CryptoSlate", authors=authors)
        yield _site_page(number, expected, title=title, authors=authors)
    for title in MARKUP_TITLES:
        number += 1
        yield _site_page(number, NamePage("markup-title", "", "", title=title, source="CryptoSlate",
                                          authors=("Elena Kovac",)), title=title, title_in=("ld",))
    for page in object_property_pages():
        number += 1
        title = f"BTC 67,{number:03d} / ETH 3,150"
        text = saved_page(lang=page.lang, slug=f"site-{number:02d}", title=title, body=FIGURES_BODY)
        yield NamePage(f"site-{number:02d}-{page.name}", text, ".html", title=title, source="CryptoSlate",
                       authors=("Elena Kovac",), lang=page.lang)


# A hand-written article (no converter between it and the site) with bidi controls in its names.
HAND_WRITTEN = """Title: Hand-written note\u202e on reserves
Date: 2025-06-18 10:00
Source: Desk\u202e Wire
Author: Ann\u2067 Lee
Lang: en
Slug: hand-written-bidi

A hand-written note on stablecoin reserves, kept as its writer typed it.
"""
