"""Hostile scraped pages: every payload of payloads.toml in every field a page can carry.

Three kinds of page, shaped like the real ones in tests/fixtures/pages/:
- `bitget-text`: a Bitget plain-text dump (bitget-en-theblock-defi-frontend-hijack.txt);
- `cryptoslate-html`: a saved CryptoSlate article (cryptoslate-en-genius-act-stablecoins.html),
  with canonical link, og:/article: meta, JSON-LD NewsArticle and a visible byline;
- `bitget-html`: a saved Bitget news page (bitget-en-html-ethereum-etf-staking.html), whose
  og:url is the aggregator's ("Via") URL and whose "View original" link is the original's.

For each (kind, payload) there are two pages: one carrying the payload in every field except
the date, and one carrying it in the date fields only (a page may fail to convert then).

Every payload is also carried by every capture format (`carried_pages`; written by
hostile_captures.py): a page per payload in a WARC, the same WARC gzipped record by record, a WACZ
holding that and a JSON Lines export (the "crawl" group), and a page per payload saved as Chrome's
MHTML and with SingleFile's comment (the "saved" group, HTML only); the capture's own fields (its
address, its time, the charset its HTTP header names) carry the payload too. Every
page has its own ordinary title prefix ("Attack page 017") and a benign paragraph with the
marker word and a token ("qm017"), so tests can find its article and tell pages apart. The
first paragraph carries the payload, so that it reaches the article's summary too.
"""

from __future__ import annotations

import html
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = "quokkamark"  # one word, in every hostile page, that nothing else in the archive uses
CANARY = "canary-7f3c2a91-secret-outside-the-archive"  # in files planted outside the content folder


@dataclass(frozen=True)
class Payload:
    id: str
    value: str


def load_payloads(path: Path = HERE / "payloads.toml") -> list[Payload]:
    with path.open("rb") as handle:
        return [Payload(entry["id"], entry["value"]) for entry in tomllib.load(handle)["payload"]]


# The fields of each kind of page; DATE_FIELDS are attacked on pages of their own.
FIELDS = {
    "bitget-text": (
        "title", "source", "author", "body-text", "body-lines", "heading",
        "attribution-title", "attribution-source", "translator", "share-summary", "list-line",
    ),
    "cryptoslate-html": (
        "lang", "title-tag", "og-title", "ld-headline", "h1", "description", "canonical", "og-url",
        "og-site-name", "ld-publisher", "meta-author", "ld-author", "byline", "article-tag", "og-image",
        "body-text", "link-href", "link-text", "link-title", "heading", "list-item", "quote",
        "img-src", "img-alt", "img-title", "caption", "attribution-title", "attribution-href",
        "body-markup", "code", "code-class", "table-cell", "merged-cell", "footnote",
        "tweet", "tweet-href", "video-src", "video-title", "definition", "superscript",
    ),
    "bitget-html": (
        "lang", "title-tag", "og-title", "h1", "description", "via-og-url", "view-original",
        "source-logo-alt", "source", "author", "body-text", "link-href", "link-text", "link-title",
        "heading", "list-item", "quote", "img-src", "img-alt", "img-title", "attribution-title",
        "attribution-href", "body-markup", "code", "code-class", "table-cell", "merged-cell", "footnote",
        "tweet", "tweet-href", "video-src", "video-title", "definition", "superscript",
    ),
}
DATE_FIELDS = {
    "bitget-text": ("dateline-date",),
    "cryptoslate-html": ("ld-date-published", "article-published-time", "visible-date"),
    "bitget-html": ("visible-time",),
}
SUFFIX = {"bitget-text": ".txt", "cryptoslate-html": ".html", "bitget-html": ".html"}
# The capture formats that carry a page per payload, by group. A group's formats carry the same
# pages (one number, one token), so each page is one article whichever file it is read from.
CARRIERS = {"crawl": ("wacz", "warc", "warc.gz", "jsonl"), "saved": ("mhtml", "singlefile")}
CARRIED_KINDS = {"crawl": tuple(FIELDS), "saved": ("cryptoslate-html", "bitget-html")}
CRAWL = "hostile-crawl"  # the stem of the crawl group's files: hostile-crawl.warc.gz, ...


@dataclass(frozen=True)
class HostilePage:
    number: int
    kind: str
    payload: Payload
    fields: tuple[str, ...]
    carrier: str = ""  # the capture format the page is in (CARRIERS); "" for a page file
    record: str = ""  # its record's name inside a file of many pages (`line-3`, `urn:uuid:…`)

    @property
    def group(self) -> str:
        return next((name for name, formats in CARRIERS.items() if self.carrier in formats), "")

    @property
    def date_attack(self) -> bool:
        return self.fields == DATE_FIELDS[self.kind]

    @property
    def token(self) -> str:
        """Written in the page's benign paragraph: finds the page's article in the output."""
        return f"qm{self.number:03d}"

    @property
    def prefix(self) -> str:
        return f"Attack page {self.number:03d}"

    @property
    def filename(self) -> str:
        """The page's file, or `file#record` for a record of a capture file (as the report names it)."""
        if self.record:
            return f"{CRAWL}.{self.carrier}#{self.record}"
        part = {"mhtml": "mhtml", "singlefile": "singlefile"}.get(self.carrier) or (
            "date" if self.date_attack else "fields")
        suffix = ".mhtml" if self.carrier == "mhtml" else SUFFIX[self.kind]
        return f"attack-{self.number:03d}-{self.kind}-{part}-{self.payload.id}{suffix}"

    @property
    def label(self) -> str:
        """How findings name the page: kind, payload and which fields it attacks (and the group
        of capture files it came in)."""
        group = f" [{self.group}]" if self.carrier else ""
        return f"{self.kind}/{self.payload.id}{' (date)' if self.date_attack else ''}{group}"

    def text(self, field: str, ordinary: str) -> str:
        """A text field: the ordinary words, then the payload when this page attacks the field."""
        return f"{ordinary} {self.payload.value}" if field in self.fields else ordinary

    def names(self, field: str, ordinary: str) -> str:
        """A list of names: the ordinary one, then the payload as a name of its own."""
        return f"{ordinary}, {self.payload.value}" if field in self.fields else ordinary

    def url(self, field: str, ordinary: str) -> str:
        """A URL field: the payload is the whole value when this page attacks the field."""
        return self.payload.value if field in self.fields else ordinary

    def benign_paragraph(self) -> str:
        return (f"{self.token} {MARKER}: an ordinary paragraph about Ethereum staking flows and "
                f"stablecoin reserves, written for {self.prefix.lower()}.")


def hostile_pages() -> list[HostilePage]:
    pages: list[HostilePage] = []
    for kind in FIELDS:
        for payload in load_payloads():
            for fields in (FIELDS[kind], DATE_FIELDS[kind]):
                pages.append(HostilePage(len(pages) + 1, kind, payload, fields))
    return pages


def carried_pages(first: int) -> list[HostilePage]:
    """A page per payload for each group of CARRIERS, numbered from `first`, once per format of
    its group (every payload attacks every field of its page; the kinds take turns)."""
    pages: list[HostilePage] = []
    number = first
    for group, formats in CARRIERS.items():
        kinds = CARRIED_KINDS[group]
        for index, payload in enumerate(load_payloads()):
            kind = kinds[index % len(kinds)]
            for carrier in formats:
                record = {"jsonl": f"line-{index + 1}", "mhtml": "", "singlefile": ""}.get(
                    carrier, f"urn:uuid:hostile-{number:03d}")
                pages.append(HostilePage(number, kind, payload, FIELDS[kind], carrier, record))
            number += 1
    return pages


def page_source(page: HostilePage) -> str:
    """The page as the scraper saved it (HTML, or a text dump)."""
    writers = {"bitget-text": bitget_text, "cryptoslate-html": cryptoslate_html, "bitget-html": bitget_html}
    return writers[page.kind](page)


def write_pages(folder: Path, pages: list[HostilePage]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (folder / page.filename).write_text(page_source(page), encoding="utf-8")


def _line(value: str) -> str:
    """A value on one line of a text dump."""
    return " ".join(value.split("\n"))


def _attr(value: str) -> str:
    """A value inside a double-quoted attribute, as the attacker's page would carry it: raw, so
    character references (java&#x09;script:) stay live, but unable to end the attribute."""
    return value.replace('"', "&quot;")


def _text(value: str) -> str:
    """A value shown as text in an element: the reader of the scraped page sees the payload."""
    return html.escape(value, quote=False)


def _json(value) -> str:
    """JSON-LD as Yoast writes it: slashes escaped, so no value can end the <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("/", "\\/")


# --- Bitget plain-text dump ------------------------------------------------------------------

def bitget_text(page: HostilePage) -> str:
    n = page.number
    title = _line(page.text("title", f"{page.prefix} DeFi lender hijack drains users"))
    source = _line(page.text("source", f"Attack Wire {n:03d}"))
    date = _line(page.url("dateline-date", "2025/08/19 03:41"))
    author = _line(page.names("author", f"Marcus Hale{n:03d}"))
    lines = [
        "Bitget App",
        "common_footer.down_desc",
        "common_header.buy_cryptocommon_header.marketscommon_header.tradecommon_header.futures"
        "common_header.earncommon_header.web3common_header.squarecommon_header.more",
        title, "", title, "",
        f"{source}{source}{date}",
        "View original",
        f"By:{author}",
        "",
        f"Original translation: {_line(page.names('translator', f'Translator{n:03d}'))}, Golden Finance",
        f"Share link:In this post: {_line(page.text('share-summary', f'Summary point {page.token}.'))}",
        "",
        _line(page.text("body-text", f"Body text {page.token} says the attackers wrote")),
        "",
        page.benign_paragraph(),
        "",
    ]
    if "body-lines" in page.fields:
        for part in page.payload.value.split("\n"):
            lines += [part, ""]
    lines += [
        "How the attack worked",
        "",
        "The attackers swapped a third-party analytics file for one that asked every visitor for an "
        "unlimited token approval, and most victims signed without a second look.",
        "",
        _line(page.text("heading", f"Attack heading {page.token}")),
        "",
        f"- {_line(page.text('list-line', f'List line {page.token}'))}",
        "- Revoke every approval given to the front end",
        "",
        "Corvid said it would reimburse affected users in full from its treasury.",
        "",
        f"The post {_line(page.text('attribution-title', f'{page.prefix} original headline'))} appeared "
        f"first on {_line(page.text('attribution-source', 'The Block'))}.",
        "",
        "12",
        "",
        "Disclaimer: The content of this article solely reflects the author's opinion and does not "
        "represent the platform in any capacity.",
        "",
        "PoolX: Lock to earn new tokens",
        "Up to 12% APR. Airdrops keep coming!",
        "Lock now",
        "",
        "You may also like",
        "",
        "Circle’s USDC supply climbs past $67 billion as payments integrations grow",
        "",
        "The Block2025/08/19 03:12",
        "",
    ]
    return "\n".join(lines)


# --- shared article body of the saved HTML pages ----------------------------------------------

def _html_body(page: HostilePage, host: str) -> str:
    """Paragraphs, a link, a heading, a list, a quote, a figure and the attribution; the payload
    as raw markup comes last, since unclosed markup (<style>, <table>) swallows what follows."""
    t = page.token
    image = page.url("img-src", f"https://{host}/wp-content/uploads/2025/06/chart-{t}.png")
    link = page.url("link-href", f"https://{host}/post-mortem-{t}/")
    publisher = "CryptoSlate" if "cryptoslate" in host else "The Block"
    original = page.url("attribution-href", f"https://{host}/original-{t}/")
    parts = [
        f"<p>{_text(page.text('body-text', f'Body text {t} says the attackers wrote'))}</p>",
        f"<p>{_text(page.benign_paragraph())}</p>",
        f'<p>Researchers published <a href="{_attr(link)}" '
        f'title="{_attr(page.text("link-title", f"Link title {t}"))}">'
        f"{_text(page.text('link-text', f'the post-mortem {t}'))}</a> on Tuesday.</p>",
        f"<h2>{_text(page.text('heading', f'Attack heading {t}'))}</h2>",
        "<p>Issuers argued that funds without staking leave investors short of the yield native "
        "holders earn by helping secure the network.</p>",
        f"<ul><li>{_text(page.text('list-item', f'List item {t}'))}</li><li>Revoke approvals</li></ul>",
        f"<blockquote><p>{_text(page.text('quote', f'Quoted researcher {t} said'))}</p></blockquote>",
    ]
    figure = (f'<img src="{_attr(image)}" alt="{_attr(page.text("img-alt", f"Chart {t}"))}" '
              f'title="{_attr(page.text("img-title", f"Image title {t}"))}">')
    if "caption" in FIELDS[page.kind]:
        caption = _text(page.text("caption", f"Caption {t}"))
        parts.append(f'<figure class="wp-block-image">{figure}<figcaption>{caption}</figcaption></figure>')
    else:
        parts.append(f"<p>{figure}</p>")
    parts += [
        "<p>For now, the flow data suggest that institutional appetite is recovering, with or "
        "without yield.</p>",
        f'<p>The post <a href="{_attr(original)}">'
        f"{_text(page.text('attribution-title', f'{page.prefix} original headline'))}</a> appeared "
        f'first on <a href="https://{host}">{publisher}</a>.</p>',
    ]
    parts += _structures(page, host)
    if "body-markup" in page.fields:
        parts.append(f"<p>Raw markup {t}: {page.payload.value}</p>")
    return "\n".join(parts)


def _structures(page: HostilePage, host: str) -> list[str]:
    """The structure the converter keeps (issue 12): code, tables, footnotes, a definition list,
    a superscript, an embedded post and a video player, each carrying the payload where it may."""
    t = page.token
    video = page.url("video-src", f"https://www.youtube.com/embed/Qm4Lk2Vb{t}")
    post = page.url("tweet-href", f"https://twitter.com/attackwire/status/19350123456789{t}")
    code_class = _attr(page.text("code-class", "js"))
    code = _text(page.text("code", f"function hasQuorum{t}(signatures) {{"))
    cell = _text(page.text("table-cell", f"Pool {t}"))
    merged = _text(page.text("merged-cell", f"Merged cell {t}"))
    term, power = _text(page.text("definition", f"Quorum {t}")), _text(page.text("superscript", f"-4 {t}"))
    post_text = _text(page.text("tweet", f"Post {t}"))
    video_title = _attr(page.text("video-title", f"Video {t}"))
    note = _text(page.text("footnote", f"Footnote {t}"))
    return [
        f'<p>The check, before the fix:</p><pre><code class="language-{code_class}">{code}\n'
        "  return true;\n}</code></pre>",
        "<table><thead><tr><th>Pool</th><th>Loss</th></tr></thead><tbody><tr>"
        f"<td>{cell}</td><td>1,200,000</td></tr></tbody></table>",
        f'<table><tr><th colspan="2">Wallets {t}</th></tr><tr><td rowspan="2">{merged}</td><td>41</td></tr>'
        "<tr><td>9</td></tr></table>",
        '<p>The bounty was paid.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>',
        f"<dl><dt>{term}</dt><dd>Two thirds of the validators.</dd></dl>",
        f"<p>The fee stayed at 5×10<sup>{power}</sup>.</p>",
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{post_text}</p>'
        f'&mdash; Attack Wire (@attackwire) <a href="{_attr(post)}">June 17, 2025</a></blockquote>',
        f'<p><iframe src="{_attr(video)}" title="{video_title}" width="560" height="315"></iframe></p>',
        f'<div class="footnotes"><hr><ol><li id="fn:1"><p>{note} '
        '<a class="footnote-backref" href="#fnref:1">&#8617;</a></p></li></ol></div>',
    ]


# --- saved CryptoSlate article ----------------------------------------------------------------

def cryptoslate_html(page: HostilePage) -> str:
    t = page.token
    title = f"{page.prefix} Senate passes stablecoin bill"
    canonical = page.url("canonical", f"https://cryptoslate.com/attack-page-{page.number:03d}/")
    date = page.url("ld-date-published", "2025-06-17T21:40:03+00:00")
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "@id": f"{canonical}#article",
                "author": [{"name": f"Elena Kovac{t}"}]
                + ([{"name": page.payload.value}] if "ld-author" in page.fields else []),
                "headline": page.text("ld-headline", title),
                "datePublished": date,
                "publisher": {"@id": "https://cryptoslate.com/#organization"},
                "image": {"@id": f"{canonical}#primaryimage"},
                "inLanguage": "en-US",
            },
            {
                "@type": ["Organization", "NewsMediaOrganization"],
                "@id": "https://cryptoslate.com/#organization",
                "name": page.text("ld-publisher", "CryptoSlate"),
                "url": "https://cryptoslate.com/",
            },
        ],
    }
    # The publisher is a reference in Yoast's graph; name it inline too, as other plugins do.
    ld["@graph"][0]["publisher"] = {"@type": "Organization", "name": page.text("ld-publisher", "CryptoSlate")}
    return f"""<!DOCTYPE html>
<html lang="{_attr(page.url("lang", "en-US"))}" prefix="og: https://ogp.me/ns#">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1, minimum-scale=1">
<title>{_text(page.text("title-tag", title))} | CryptoSlate</title>
<meta name="description" content="{_attr(page.text("description", f"Description {t}"))}" />
<link rel="canonical" href="{_attr(canonical)}" />
<meta property="og:locale" content="en_US" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{_attr(page.text("og-title", title))}" />
<meta property="og:description" content="{_attr(page.text("description", f"Description {t}"))}" />
<meta property="og:url" content="{_attr(page.url("og-url", canonical))}" />
<meta property="og:site_name" content="{_attr(page.text("og-site-name", "CryptoSlate"))}" />
<meta property="article:tag" content="{_attr(page.text("article-tag", "stablecoins"))}" />
<meta property="article:section" content="Regulation" />
<meta property="article:published_time" content="{_attr(page.url("article-published-time", date))}" />
<meta property="og:image" content="{_attr(page.url("og-image", f"https://cryptoslate.com/og-{t}.jpg"))}" />
<meta name="author" content="{_attr(page.names("meta-author", f"Elena Kovac{t}"))}" />
<script type="application/ld+json" class="yoast-schema-graph">{_json(ld)}</script>
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body class="single single-post">
<a class="skip-link screen-reader-text" href="#main">Skip to content</a>
<header id="masthead" class="site-header" role="banner"><div class="header-inner container">
<a href="https://cryptoslate.com/" class="site-logo" rel="home">CryptoSlate</a></div></header>
<div id="main" class="site-main single-main"><div class="container"><div class="row">
<article id="post-{page.number}" class="full-article post type-post status-publish">
<header class="post-header">
<div class="post-categories">
<a href="https://cryptoslate.com/regulation/" rel="category tag">Regulation</a></div>
<h1 class="post-title">{_text(page.text("h1", title))}</h1>
<div class="post-meta"><div class="author-info"><div class="author-text"><span class="by">by</span>
<a href="https://cryptoslate.com/author/elena-kovac/" rel="author" class="author-name">{
    _text(page.names("byline", f"Elena Kovac{t}"))}</a></div></div>
<div class="post-date-wrap"><span class="post-date">{
    _text(page.url("visible-date", "Jun. 17, 2025 at 9:40 pm UTC"))}</span></div></div>
</header>
<div class="post-container"><div class="post-box clearfix">
{_html_body(page, "cryptoslate.com")}
</div></div>
</article>
</div></div></div>
<footer class="site-footer"><p>© CryptoSlate</p></footer>
</body>
</html>
"""


# --- saved Bitget news page -------------------------------------------------------------------

def bitget_html(page: HostilePage) -> str:
    t = page.token
    title = f"{page.prefix} Ethereum ETFs pull in $240 million"
    via = page.url("via-og-url", f"https://www.bitget.com/news/detail/125606048{page.number:05d}")
    original = page.url("view-original", f"https://cryptoslate.com/attack-page-{page.number:03d}/")
    source = page.text("source", f"Attack Wire {page.number:03d}")
    time = page.url("visible-time", "2025/06/18 14:05")
    return f"""<!DOCTYPE html>
<!-- saved from url=(0049)https://www.bitget.com/news/detail/125606048{page.number:05d} -->
<html lang="{_attr(page.url("lang", "en"))}" dir="ltr" class="light" data-theme="light"><head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_text(page.text("title-tag", title))} | Bitget News</title>
<meta name="description" content="{_attr(page.text("description", f"Description {t}"))}">
<meta property="og:title" content="{_attr(page.text("og-title", title))}">
<meta property="og:url" content="{_attr(via)}"><meta property="og:type" content="article">
<meta property="og:site_name" content="Bitget">
<script src="https://static.bgstatic.com/_next/static/chunks/main-3e7b9d10c4a2f865.js" defer=""></script>
</head>
<body class="bg-body">
<div id="__next"><div class="Layout_wrapper__h2Kq8">
<header class="Header_header__3nYc1" id="bg-header">
<a href="https://www.bitget.com/" class="Header_logo__x8JfR">Bitget</a></header>
<main class="NewsDetail_main__V6p0K"><div class="NewsDetail_container__q9HfW">
<div class="NewsDetail_left__Ud3sE">
<div class="ArticleDetail_wrap__Rr5vB">
<h1 class="ArticleDetail_title__mZ1pQ">{_text(page.text("h1", title))}</h1>
<div class="ArticleDetail_info__4FzKo"><div class="ArticleDetail_source__W0e3N">
<img class="ArticleDetail_sourceLogo__jB6aI" src="https://img.bgstatic.com/multiLang/news/source/cs.png"
 alt="{_attr(page.text("source-logo-alt", "CryptoSlate"))}" width="20" height="20" loading="lazy">
<span class="ArticleDetail_sourceName__Kd9Vz">{_text(source)}</span>
</div><span class="ArticleDetail_time__3kPq1">{_text(time)}</span></div>
<div class="ArticleDetail_origin__T5nYc"><a href="{_attr(original)}" target="_blank"
 rel="noopener noreferrer nofollow" class="ArticleDetail_originLink__o2Lh8">View original</a></div>
<div class="ArticleDetail_author__Q2w1e"><span class="ArticleDetail_authorLabel__G7sDc">By:</span>
<span class="ArticleDetail_authorName__hY4nE">{_text(page.names("author", f"Dana Whitfield{t}"))}</span></div>
<div class="ArticleDetail_content__x1Yz9 news-content rich-text" id="news-content">
{_html_body(page, "cryptoslate.com")}
</div>
<div class="ArticleDetail_disclaimer__eH5yM">
<p>Disclaimer: The content of this article solely reflects the author&#x27;s opinion.</p></div>
</div></div></div></main></div></div>
</body></html>
"""


def fields_tried(pages: list[HostilePage]) -> int:
    """payloads × fields: how many (payload, field) pairs the pages carry."""
    return sum(len(page.fields) for page in pages)


# --- duplicate takeover (issue 22) ------------------------------------------------------------
# A page that copies a real article's title and opening and states its date, source and
# authors: when the converter took "same title and first 200 characters" for "same article",
# the copy that said most replaced the real one, and its wallet paragraph was published under
# the real author's name. These pages are built from a real fixture's converted article.

TAKEOVER_WALLET = "0x9f2c4e71b3a85d06e2c47f19a0b3d5e8c1f47a26"
TAKEOVER_PARAGRAPHS = (
    f"Holders must send tokens to {TAKEOVER_WALLET} before Friday to keep their balances after the "
    "migration.",
    "The exchange confirmed the migration window in a statement on its support pages this morning.",
    "Tokens not moved by then will be frozen, the statement said, and cannot be recovered later.",
)
# How much of the body the converter's article key read (archive.BODY_OPENING when the attack
# was found); the page copies whole words until this many letters and digits are covered.
KEY_OPENING = 200


def article_paragraphs(article) -> list[str]:
    """The text of a converted article's paragraphs (model.Article; its other blocks left out)."""
    return [block.text for block in article.blocks if block.kind == "paragraph"]


def copied_opening(paragraphs: list[str], letters: int = KEY_OPENING) -> str:
    """The fewest whole words of the body that hold `letters` letters and digits: what the
    converter's key compared, copied without a word more."""
    words, counted = [], 0
    for word in " ".join(paragraphs).split():
        if counted >= letters:
            break
        words.append(word)
        counted += sum(char.isalnum() for char in word)
    return " ".join(words)


def takeover_page(article) -> str:
    """The issue's page: the real article's title and first 200 characters, its date, source and
    authors, and a paragraph asking readers to send tokens to the attacker's wallet."""
    return claimed_article_html(article, [copied_opening(article_paragraphs(article)), *TAKEOVER_PARAGRAPHS])


def later_body_variant(article) -> str:
    """Same title and opening paragraphs (past the first 200 characters), then a body of the
    attacker's own: the article key cannot tell it apart, only the body as a whole can."""
    paragraphs = article_paragraphs(article)
    opening = copied_opening(paragraphs)
    kept = []
    for paragraph in paragraphs:
        kept.append(paragraph)
        if len(" ".join(kept)) >= len(opening):
            break
    return claimed_article_html(article, [*kept, *TAKEOVER_PARAGRAPHS])


def faithful_copy(article) -> str:
    """Not hostile: the same article saved from another site, whole and stating the same facts
    (a copy that must still be recognised as the same article)."""
    return claimed_article_html(article, article_paragraphs(article))


def claimed_article_html(article, paragraphs: list[str]) -> str:
    """A saved news page (an unknown site: JSON-LD NewsArticle, og: meta, a visible byline) that
    states the real article's title, date, source and authors over `paragraphs`."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat() if article.date else "",
        "author": [{"@type": "Person", "name": name} for name in article.authors],
        "publisher": {"@type": "Organization", "name": article.source},
        "inLanguage": article.lang,
    }
    body = "\n".join(f"<p>{_text(paragraph)}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{_attr(article.lang)}">
<head>
<meta charset="utf-8">
<title>{_text(article.title)}</title>
<link rel="canonical" href="https://newswire.example/markets/breaking-story">
<meta property="og:title" content="{_attr(article.title)}">
<meta property="og:site_name" content="{_attr(article.source)}">
<script type="application/ld+json">{_json(ld)}</script>
</head>
<body>
<header><a href="https://newswire.example/">Newswire</a></header>
<main><article>
<h1>{_text(article.title)}</h1>
<p class="byline">By {_text(", ".join(article.authors))}</p>
<div class="entry-content">
{body}
</div>
</article></main>
<footer><p>© Newswire</p></footer>
</body>
</html>
"""
