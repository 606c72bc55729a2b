"""The built hostile archive in chromium: reading it must run nothing and contact no other host.

One context, pages opened one after another (load only): every article page, the home pages,
the index pages, the pages the feeds link to, and a search for the marker word with every
result shown. Every payload calls alert(), so script that runs makes a dialog; requests to
any host but the local server are recorded; they go to a proxy that is not there, so they fail.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.security.findings import LEDGER, Finding, fail_if
from tests.security.hostile import MARKER
from tests.security.sitecheck import ATOM, PageIndex, feed_files
from tests.site.conftest import serve

LOCAL_HOSTS = ("127.0.0.1", "localhost")
# Every request to another host goes to a proxy that is not there, so it fails at once and
# nothing leaves the machine; requests to the local server bypass it. (Intercepting requests
# with a route instead made each page a fifth slower.)
NOWHERE_PROXY = {"server": "http://127.0.0.1:9", "bypass": ",".join(LOCAL_HOSTS)}
# An image from another host, opened last: if the visit does not see this request, it sees none.
PROBE = "http://outside.invalid/probe.png"

# Runs in each page after load: what the browser made of the page's scripts, links and handlers.
INSPECT = """() => {
  const token = (node) => {
    const match = ((node && node.textContent) || '').match(/\\bqm(\\d{3})\\b|\\bAttack page (\\d{3})\\b/);
    return match ? Number(match[1] || match[2]) : 0;
  };
  const main = token(document.querySelector('article .body'));
  const near = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      const found = node.closest('article') ? main : token(node);
      if (found) return found;
    }
    return main;
  };
  const region = (element) => {
    const names = ['byline', 'original', 'via', 'body', 'tags', 'translations', 'related', 'neighbours'];
    for (let node = element; node; node = node.parentElement) {
      if (node.tagName === 'HEAD') return 'head';
      if (node.tagName === 'H1' && node.closest('article')) return 'title';
      const hit = names.find((name) => node.classList && node.classList.contains(name));
      if (hit) return hit;
      if (node.tagName === 'ARTICLE') return 'article';
      if (node.tagName === 'MAIN') return 'main';
    }
    return 'page';
  };
  const scripts = Array.from(document.querySelectorAll('script')).map((s) => ({
    src: s.src, type: s.type, id: s.id, text: s.src ? '' : s.textContent.slice(0, 80),
    page: near(s), region: region(s),
  }));
  const links = [];
  const handlers = [];
  const urlNames = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'xlink:href', 'background'];
  for (const element of document.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      const value = element.getAttribute(name);
      if (name.toLowerCase().startsWith('on')) {
        handlers.push({tag: element.localName, name, value: value.slice(0, 60), page: near(element),
                       region: region(element)});
      }
      if (!urlNames.includes(name.toLowerCase())) continue;
      let protocol;
      try { protocol = new URL(value, document.baseURI).protocol; } catch (e) { protocol = 'unparsable'; }
      if (protocol !== 'http:' && protocol !== 'https:') {
        links.push({tag: element.localName, name, value: value.slice(0, 60), protocol, page: near(element),
                    region: region(element)});
      }
    }
  }
  return {main, scripts, links, handlers, results: document.querySelectorAll('#search-results li').length};
}"""


@dataclass
class Visit:
    targets: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    dialogs: list[Finding] = field(default_factory=list)
    outside: list[Finding] = field(default_factory=list)
    scripts: list[Finding] = field(default_factory=list)
    links: list[Finding] = field(default_factory=list)
    handlers: list[Finding] = field(default_factory=list)
    search_results: int = 0
    errors: list[str] = field(default_factory=list)
    probe_seen: bool = False


def _targets(site: Path, base: str) -> list[str]:
    """Article pages, home pages, index pages, and every page a feed links to.

    Drafts (pages whose date was the payload and did not read as one) are left to the static
    checks: they are listed nowhere, and opening them would add half again to the time."""
    paths = list(site.glob("articles/**/index.html"))
    paths += [site / "index.html", *site.glob("page/*/index.html")]
    paths += [site / name / "index.html" for name in ("archives", "sources", "authors", "tags", "about")]
    urls = [f"{base}/{path.relative_to(site).as_posix().removesuffix('index.html')}"
            for path in paths if path.is_file()]
    for feed in feed_files(site):
        if feed.name == "sitemap.xml":
            continue
        root = ET.parse(feed).getroot()
        for link in root.iter(f"{ATOM}link"):
            if link.get("rel", "alternate") == "alternate":
                urls.append(urljoin(f"{base}/", link.get("href", "")))
    return [url for url in dict.fromkeys(urls) if urlsplit(url).hostname in LOCAL_HOSTS]


def _allowed(script: dict, base: str) -> bool:
    if not script["src"]:
        return script["type"] == "application/json" and script["id"] == "search-data"
    return script["src"] == f"{base}/theme/js/search.js" or script["src"].startswith(f"{base}/pagefind/")


RESULTS = "document.querySelectorAll('#search-results li').length"


def _show_every_result(page, result: Visit) -> None:
    """Wait for the first results, then press "more" until every hostile article is listed."""
    try:
        page.wait_for_function(f"{RESULTS} > 0", timeout=10_000)
        for _ in range(100):
            if not page.is_visible("#search-more"):
                break
            shown = page.evaluate(RESULTS)
            page.click("#search-more")
            page.wait_for_function(f"{RESULTS} > {shown}", timeout=10_000)
    except Exception as error:  # too few results: test_search_shows_the_hostile_articles says so
        result.errors.append(f"{page.url}: search: {error}")


@pytest.fixture(scope="module")
def visit(browser, hostile_site) -> Visit:
    from playwright.sync_api import Error as PlaywrightError

    index = PageIndex(hostile_site.pages)
    result = Visit()
    started = time.perf_counter()

    def label(number: int, url: str) -> str:
        page = index.by_number.get(number)
        return page.label if page else urlsplit(url).path

    with serve(hostile_site.output) as base:
        context = browser.new_context(proxy=NOWHERE_PROXY)
        page = context.new_page()
        current = {"url": ""}
        dialogs: list[tuple[str, str]] = []

        def on_dialog(dialog) -> None:
            dialogs.append((current["url"], f"{dialog.type}({dialog.message!r})"))
            dialog.dismiss()

        def on_failed(request) -> None:
            if urlsplit(request.url).hostname not in LOCAL_HOSTS:
                result.outside.append(Finding(current["url"], "request", request.url[:100]))
            elif "favicon" not in request.url:
                result.errors.append(f"{current['url']}: failed {request.url} {request.failure}")

        page.on("dialog", on_dialog)
        page.on("websocket", lambda socket: result.outside.append(
            Finding(current["url"], "websocket", socket.url)))
        page.on("pageerror", lambda error: result.errors.append(f"{current['url']}: {error}"))
        page.on("console", lambda message: message.type == "error" and result.errors.append(
            f"{current['url']}: console {message.text[:200]}"))
        page.on("requestfailed", on_failed)
        search = f"{base}/search/?q={MARKER}"
        result.targets = [*_targets(hostile_site.output, base), search]
        for url in result.targets:
            current["url"] = url
            first_dialog = len(dialogs)
            try:
                page.goto(url, wait_until="load")
            except PlaywrightError as error:
                result.errors.append(f"{url}: {error}")
                continue
            if url == search:
                _show_every_result(page, result)
            seen = page.evaluate(INSPECT)
            result.opened.append(url)
            result.search_results = max(result.search_results, seen["results"])
            here = label(seen["main"], url)
            result.dialogs += [Finding(here, "dialog", what) for _, what in dialogs[first_dialog:]]
            result.outside = [Finding(here, f.where, f.what) if f.page == url else f for f in result.outside]
            for script in seen["scripts"]:
                if not _allowed(script, base):
                    src, text = script["src"], script["text"]
                    what = f"<script src={src!r}>" if src else f"inline <script> {text!r}"
                    result.scripts.append(Finding(label(script["page"], url), script["region"], what))
            for link in seen["links"]:
                what = f"<{link['tag']} {link['name']}={link['value']!r}> is {link['protocol']}"
                result.links.append(Finding(label(link["page"], url), link["region"], what))
            for handler in seen["handlers"]:
                what = f"<{handler['tag']} {handler['name']}={handler['value']!r}>"
                result.handlers.append(Finding(label(handler["page"], url), handler["region"], what))
        _probe(page, result)
        context.close()
    LEDGER.tried["browser pages"] = len(result.opened)
    hostile_site.seconds["browser"] = time.perf_counter() - started
    return result


def _probe(page, result: Visit) -> None:
    """Load an image from another host in the same tab, then take its request out of the findings."""
    page.set_content(f'<img src="{PROBE}" alt="">')
    page.wait_for_load_state("load")
    result.probe_seen = any(finding.what == PROBE for finding in result.outside)
    result.outside = [finding for finding in result.outside if finding.what != PROBE]


def test_every_hostile_article_was_opened(visit, hostile_site):
    """Every page was read to its load event (a page that cannot be opened is not tested)."""
    articles = len(list(hostile_site.output.glob("articles/**/index.html")))
    not_opened = sorted(set(visit.targets) - set(visit.opened))
    assert articles > 0 and len(visit.targets) > articles, visit.errors[:5]
    assert not not_opened, [error for error in visit.errors if error.split(": ", 1)[0] in not_opened][:10]


def test_no_dialog(visit):
    """alert() from any payload: script from a scraped page ran in the reader's browser."""
    found = LEDGER.record("browser: dialogs", visit.dialogs)
    fail_if(found, "dialogs opened while reading the hostile archive")


def test_no_request_to_another_host(visit):
    """Remote images are links and nothing else loads from elsewhere: only the local server.
    (The probe image from another host, loaded after the visit, shows such a request is seen.)"""
    assert visit.probe_seen, "the visit did not notice a request to another host"
    found = LEDGER.record("browser: requests to other hosts", visit.outside)
    fail_if(found, "requests to hosts other than the local server")


def test_no_script_but_the_projects(visit):
    """The theme's search.js, Pagefind's files and the search page's JSON data, nothing else."""
    found = LEDGER.record("browser: scripts not shipped", visit.scripts + visit.handlers)
    fail_if(found, "scripts or handler attributes in the browser's DOM")


def test_links_never_run_script(visit):
    """Every URL attribute, resolved by the browser itself, is http(s): javascript:, vbscript:,
    data: links run script when clicked, whatever the spelling on the scraped page."""
    found = LEDGER.record("browser: script URLs in links", visit.links)
    fail_if(found, "URL attributes the browser resolves to non-http(s) URLs")


def test_search_shows_the_hostile_articles(visit, hostile_site):
    """The search for the marker word lists every hostile article (their titles, sources and
    excerpts are rendered by search.js), or the search page was not really tested."""
    articles = len(list(hostile_site.output.glob("articles/*/index.html")))
    assert visit.search_results >= articles > 0, [error for error in visit.errors if "/search/" in error][-5:]
