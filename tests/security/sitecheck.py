"""Static checks of a built site for what hostile pages must never get into it.

Every check returns Findings; each names the hostile page it came from (found by the page's
"qmNNN" token or "Attack page NNN" title near the offending element) and where it surfaced.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from tests.security.findings import Finding
from tests.security.hostile import HostilePage

# Attributes whose value is a URL the browser follows, loads or runs.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
                  "cite", "ping", "srcset", "lowsrc", "dynsrc", "manifest", "codebase", "longdesc")
# Never in an article: they run script, load other documents or submit data.
ACTIVE_ELEMENTS = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
                   "form", "input", "button", "textarea", "select", "style", "link", "meta", "base",
                   "template", "portal", "video", "audio", "source", "track", "noscript", "dialog")
SAFE_SCHEMES = ("http", "https")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_PAGE_NUMBER = re.compile(r"\bqm(\d{3})\b|\bAttack[ -]page[ -](\d{3})\b", re.I)


def browser_url(value: str) -> str:
    """A URL attribute as a browser's URL parser reads it: character references decoded,
    leading/trailing C0 controls and spaces stripped, tabs and newlines removed anywhere."""
    value = html.unescape(value).strip(_C0_OR_SPACE)
    return re.sub(r"[\t\n\r]", "", value)


def url_problem(value: str, *, srcset: bool = False) -> str | None:
    """Why a URL is not allowed (None when it is http(s) with a host, a site path or a fragment)."""
    if srcset:
        problems = [url_problem(part.strip().split(" ")[0]) for part in value.split(",") if part.strip()]
        return next((problem for problem in problems if problem), None)
    url = browser_url(value)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        parts = urlsplit(url)
        if parts.scheme.lower() not in SAFE_SCHEMES:
            return f"{parts.scheme.lower()}: URL {value!r}"
        if not parts.hostname:
            return f"{parts.scheme.lower()} URL without a host {value!r}"
        return None
    if url.startswith(("//", "\\\\", "/\\", "\\/")):
        return f"protocol-relative URL to another host {value!r}"
    return None


class PageIndex:
    """Hostile pages by number, to name the page an offending element came from."""

    def __init__(self, pages: list[HostilePage]) -> None:
        self.by_number = {page.number: page for page in pages}

    def page_in(self, text: str) -> HostilePage | None:
        match = _PAGE_NUMBER.search(text)
        return self.by_number.get(int(match[1] or match[2])) if match else None

    def label_of_path(self, path: str) -> str:
        """The page an output file belongs to (articles/attack-page-017-.../...), else the path."""
        page = self.page_in(path)
        return page.label if page else path

    def label_near(self, element: Tag, fallback: str) -> str:
        """The page named closest around `element`: its own text, then its ancestors'."""
        node: Tag | None = element
        while node is not None and node.name not in ("body", "html", "[document]"):
            attributes = " ".join(str(value) for value in node.attrs.values())
            page = self.page_in(f"{node.get_text(' ')} {attributes}")
            if page:
                return page.label
            node = node.parent
        return fallback


def region(element: Tag) -> str:
    """Where on a page an element is: the article's parts, the head, listings, the site chrome."""
    for node in [element, *element.parents]:
        if not isinstance(node, Tag):
            continue
        classes = node.get("class") or []
        if node.name == "head":
            return "head"
        if node.name == "h1" and node.find_parent("article"):
            return "title"
        for name in ("byline", "original", "via", "body", "tags", "translations", "related", "neighbours"):
            if name in classes:
                return name
        if node.name == "article":
            return "article"
        if node.name == "ul" and "articles" in classes:
            return "listing"
        if node.name == "main":
            return "main"
    return "page"


def _page_label(soup: BeautifulSoup, index: PageIndex, fallback: str) -> str:
    """The hostile page an article page shows (its benign paragraph carries its token)."""
    body = soup.select_one("article .body")
    page = index.page_in(body.get_text(" ")) if body else None
    return page.label if page else fallback


def _label(element: Tag, soup: BeautifulSoup, index: PageIndex, file_label: str) -> str:
    if region(element) in ("related", "translations", "neighbours", "listing", "main", "page"):
        return index.label_near(element, file_label)
    return _page_label(soup, index, file_label)


def _short(value: str, limit: int = 70) -> str:
    value = repr(value)
    return value if len(value) <= limit else value[: limit - 3] + "..."


CHECKS = ("handlers", "attributes", "urls", "elements", "scripts", "remote loads")
# Elements whose URL the browser fetches as the page loads (links are only followed when clicked).
LOADING = {"img": ("src", "srcset"), "image": ("href", "xlink:href"), "source": ("src", "srcset"),
           "input": ("src",), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
           "embed": ("src",), "object": ("data",), "iframe": ("src",), "frame": ("src",), "script": ("src",),
           "body": ("background",), "table": ("background",), "td": ("background",)}
LOADING_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "import"}


def _loaded_attributes(element: Tag) -> tuple[str, ...]:
    if element.name == "link":
        rel = {word.lower() for word in (element.get("rel") or [])}
        return ("href",) if rel & LOADING_LINKS else ()
    return LOADING.get(element.name, ())


def project_script(element: Tag, page_url: str) -> bool:
    """The theme's search script, Pagefind's files, or the search page's JSON data."""
    src = element.get("src")
    if src is None:
        return element.get("type") == "application/json" and element.get("id") == "search-data"
    path = urlsplit(urljoin(f"http://site{page_url}", browser_url(src)))
    shipped = path.path == "/theme/js/search.js" or path.path.startswith("/pagefind/")
    return path.netloc == "site" and shipped


def element_findings(
    soup: BeautifulSoup, index: PageIndex, file_label: str, page_url: str = "/"
) -> dict[str, list[Finding]]:
    """Findings of one HTML document, by check: handlers, dangerous attributes, URLs, elements, scripts."""
    found: dict[str, list[Finding]] = {check: [] for check in CHECKS}

    def add(check: str, element: Tag, what: str) -> None:
        found[check].append(Finding(_label(element, soup, index, file_label), region(element), what))

    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            lower = name.lower()
            if lower.startswith("on"):
                add("handlers", element, f"<{element.name} {name}={_short(value, 50)}>")
            elif lower in ("srcdoc", "formaction"):
                add("attributes", element, f"<{element.name} {name}={_short(value, 50)}>")
            elif lower == "style" and element.find_parent(["main", "article"]):
                add("attributes", element, f"<{element.name} style={_short(value, 50)}>")
            if lower in URL_ATTRIBUTES or lower.endswith(":href"):
                problem = url_problem(value, srcset=lower == "srcset")
                if problem:
                    add("urls", element, f"<{element.name} {name}> {problem}")
        for name in _loaded_attributes(element):
            value = str(element.get(name) or "")
            candidates = [value]
            if name == "srcset":
                candidates = [part.strip().split(" ")[0] for part in value.split(",")]
            for candidate in candidates:
                url = browser_url(candidate)
                if urlsplit(url).netloc or url.startswith("//"):
                    add("remote loads", element, f"<{element.name} {name}={_short(candidate, 60)}>")
        if element.name == "script" and not project_script(element, page_url):
            add("scripts", element, f"<script> {_short(str(element), 80)}")
        if element.name in ACTIVE_ELEMENTS and element.find_parent("article"):
            add("elements", element, f"<{element.name}> {_short(str(element), 60)}")
        if element.name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            add("elements", element, f"<meta http-equiv=refresh> {_short(element.get('content', ''))}")
        if element.name == "base":
            add("elements", element, f"<base> {_short(str(element))}")
    return found


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file() or path.is_symlink()}


def html_files(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "pagefind" not in path.relative_to(site).parts)


def feed_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.xml"))


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_documents(path: Path) -> Iterator[tuple[str, BeautifulSoup]]:
    """(what, HTML) of every Atom entry's summary and content, and the entry's own links."""
    root = ET.parse(path).getroot()
    for entry in root.iter(f"{ATOM}entry"):
        for part in ("summary", "content"):
            for element in entry.iter(f"{ATOM}{part}"):
                markup = element.text or ""
                if element.get("type") != "html":
                    markup = html.escape(markup)
                document = f"<article><div class='body'>{markup}</div></article>"
                yield part, BeautifulSoup(document, "html.parser")
        links = "".join(f'<a href="{html.escape(link.get("href", ""))}">entry</a>'
                        for link in entry.iter(f"{ATOM}link"))
        title = html.escape(entry.findtext(f"{ATOM}title") or "")
        yield "link", BeautifulSoup(f"<article><div class='body'><p>{title}</p>{links}</div></article>",
                                    "html.parser")


def sitemap_urls(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return [loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def scan(site: Path, pages: list[HostilePage]) -> dict[str, list[Finding]]:
    """Every check over every HTML page and every feed of the site (run in a process of its own
    while the browser tests read the site: parsing some 600 pages takes seconds)."""
    index = PageIndex(pages)
    total: dict[str, list[Finding]] = {check: [] for check in CHECKS}
    for path in html_files(site):
        name = path.relative_to(site).as_posix()
        url = "/" + name.removesuffix("index.html")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for check, found in element_findings(soup, index, name, url).items():
            total[check] += found
    for path in feed_files(site):
        name = path.relative_to(site).as_posix()
        if path.name == "sitemap.xml":
            for url in sitemap_urls(path):
                problem = url_problem(url)
                if problem:
                    total["urls"].append(Finding(name, "sitemap", problem))
            continue
        for part, soup in feed_documents(path):
            for check, found in element_findings(soup, index, name).items():
                total[check] += [Finding(f.page, f"feed {part} ({name})", f.what) for f in found]
    return {check: sorted(set(found)) for check, found in total.items()}
