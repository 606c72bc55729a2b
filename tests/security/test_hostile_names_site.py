"""Hostile names and titles in the built site and on its search page (issue 22, round two).

One small archive (tests/security/names.py `site_pages`: one page of each attack, plus a
hand-written article with bidi controls in its names) is converted with the CLI and built with
pelicanconf.py once for this module. What a reader sees is checked in the HTML and in chromium:
titles whole in every listing, authors one by one, one source page per known source, names that
cannot turn the text after them around, and the search page's language label.
"""

from __future__ import annotations

import json
import shutil
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup, NavigableString

from tests.conftest import ROOT, build_site, run_converter
from tests.security.names import BIDI_CONTROLS, FIGURE_MARKER, HAND_WRITTEN, INVISIBLE, NamePage, site_pages
from tests.site.builtsite import html_pages, soup
from tests.site.conftest import serve

HIDDEN = set(BIDI_CONTROLS + INVISIBLE)
# smartypants (typogrify) makes quotes, dashes and ellipses typographic in titles on purpose
# (pelicanconf.py TYPOGRIFY; "--" is an em dash with Pelican's default TYPOGRIFY_DASHES).
STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "—": "--", "…": "..."})
STRINGS = tomllib.loads((ROOT / "theme" / "strings.toml").read_text(encoding="utf-8"))
# Search results name a language as its speakers write it (theme/language_names.toml, through
# search/names.json), else as the interface does, else by its code.
OWN_NAMES = tomllib.loads((ROOT / "theme" / "language_names.toml").read_text(encoding="utf-8"))
LANGUAGE_NAMES = {**STRINGS["en"]["languages"], **OWN_NAMES}


@dataclass
class NamesSite:
    output: Path
    urls: dict[str, NamePage]  # article URL path ("/articles/<slug>/") -> the page it came from
    report: list[dict]


def _header(markdown: Path) -> dict[str, str]:
    lines = markdown.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    return {key.lower(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


@pytest.fixture(scope="module")
def names_site(tmp_path_factory) -> NamesSite:
    base = tmp_path_factory.mktemp("names-site")
    scraped, content = base / "scraped", base / "content"
    scraped.mkdir()
    pages = {f"{page.name}{page.suffix}": page for page in site_pages()}
    for filename, page in pages.items():
        (scraped / filename).write_text(page.text, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    hand = content / "articles" / "hand" / "hand-written-bidi.en.md"
    hand.parent.mkdir(parents=True)
    hand.write_text(HAND_WRITTEN, encoding="utf-8")
    converted = run_converter(scraped, "--out", content / "articles", "--report", base / "report.json")
    assert converted.returncode == 0, converted.stderr[-3000:]
    report = json.loads((base / "report.json").read_text(encoding="utf-8"))
    build_site(content, base / "output")
    urls = {}
    for entry in report:
        if entry["status"] == "converted":
            header = _header(Path(entry["output"]))
            lang = "" if header["lang"] == "en" else f"{header['lang']}/"  # pelicanconf.py ARTICLE_LANG_URL
            urls[f"/articles/{header['slug']}/{lang}"] = pages[Path(entry["input"]).name]
    return NamesSite(base / "output", urls, report)


def _text(element) -> str:
    return " ".join(element.get_text().split()).translate(STRAIGHT)


def _listed_links(site: NamesSite) -> list[tuple[Path, str, str]]:
    """(listing page, article URL path, link text) of every article link in a list of articles."""
    found = []
    for path in html_pages(site.output):
        for link in soup(path).select("ul.articles li > a[href]"):
            parts = [part for part in link["href"].split("/") if part not in ("", ".", "..")]
            target = "/" + "/".join(parts) + "/"
            found.append((path, target, _text(link)))
    return found


def test_every_page_became_an_article(names_site):
    assert len(names_site.urls) == len(list(site_pages())), names_site.report


def test_titles_are_shown_whole_on_the_article_and_in_every_listing(names_site):
    """`Feed ]]> &amp; <![CDATA[ x` was listed as `Feed ]]> &`; a title is its text, whole."""
    wrong = []
    for url, page in names_site.urls.items():
        heading = _text(soup(names_site.output / url.strip("/") / "index.html").h1)
        if heading != page.title:
            wrong.append((url, "h1", heading, page.title))
    for path, url, text in _listed_links(names_site):
        page = names_site.urls.get(url)
        if page is not None and text != page.title:
            wrong.append((path.relative_to(names_site.output).as_posix(), url, text, page.title))
    assert not wrong


def test_each_author_is_shown_as_one_author(names_site):
    """`["Alice; Bob", "Carol"]` was bylined as "Alice" and "Bob, Carol"."""
    wrong = []
    for url, page in names_site.urls.items():
        byline = soup(names_site.output / url.strip("/") / "index.html").select_one("p.byline")
        shown = [unicodedata.normalize("NFKC", _text(link)) for link in byline.select("a:not(.source)")]
        if shown != list(page.authors):
            wrong.append((url, shown, page.authors))
    assert not wrong


def test_one_source_page_per_source_and_no_lookalike_in_the_filter(names_site):
    """"CrуptoSlate" (Cyrillic у) made a second source page that looks like CryptoSlate's."""
    search = soup(names_site.output / "search" / "index.html")
    sources = [option["value"] for option in search.select("select[name=source] option") if option["value"]]
    shown = sorted("".join(char for char in unicodedata.normalize("NFKC", source) if char not in HIDDEN)
                   for source in sources)
    assert shown == sorted({page.source for page in names_site.urls.values()} | {"Desk Wire"}), sources


def _hidden_outside_bdi(path: Path) -> list[str]:
    """Text with a bidi control or invisible character that no <bdi> element isolates (or whose
    <bdi> also holds a date): such a character turns the text after it around."""
    found = []
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    body = page.body
    for text in body.find_all(string=True) if body else []:
        if not isinstance(text, NavigableString) or not HIDDEN & set(text):
            continue
        isolate = text.find_parent("bdi")
        if isolate is None or isolate.find("time") is not None:
            found.append(repr(str(text).strip()[:60]))
    return found


def test_no_name_can_turn_the_text_after_it_around(names_site):
    """An unclosed U+202E in a source printed the site's own date reversed in every listing:
    names are shown without bidi controls, or inside <bdi> (the hand-written article's are its own)."""
    found = {path.relative_to(names_site.output).as_posix(): hits for path in html_pages(names_site.output)
             if (hits := _hidden_outside_bdi(path))}
    assert not found


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def names_url(names_site):
    with serve(names_site.output) as url:
        yield url


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def test_search_results_name_the_language_not_a_function(tab, names_url, names_site):
    """`lang="constructor"` showed "function Object() { [native code] }" as the result's language."""
    tab.goto(f"{names_url}/search/?{urlencode({'q': FIGURE_MARKER})}")
    tab.wait_for_selector("#search-results[aria-busy=false]")
    tab.wait_for_function("document.getElementById('search-status').textContent !== ''")
    while tab.locator("#search-more").is_visible():
        count = tab.locator("#search-results li").count()
        tab.locator("#search-more").click()
        tab.wait_for_function(f"document.querySelectorAll('#search-results li').length > {count}")
    results = tab.eval_on_selector_all(
        "#search-results li", "items => items.map(li => [li.querySelector('h2 a').lang, "
        "li.querySelector('.meta').textContent.split(' · ').pop()])")
    assert len(results) == sum(bool(page.lang) for page in names_site.urls.values())
    wrong = [(lang, label) for lang, label in results if label != LANGUAGE_NAMES.get(lang, lang)]
    assert not wrong


# For each listed article: are the characters of its date laid out left to right?
DATES_LEFT_TO_RIGHT = """() => Array.from(document.querySelectorAll('ul.articles li time')).map((time) => {
  const text = time.firstChild;
  const lefts = [];
  for (let i = 0; i < text.length; i++) {
    if (text.data[i] === ' ') continue;
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    lefts.push(range.getBoundingClientRect().left);
  }
  const ordered = lefts.every((x, i) => i === 0 || x > lefts[i - 1]);
  return [time.closest('li').querySelector('a').textContent, ordered];
})"""


def test_listed_dates_read_left_to_right(tab, names_url):
    """Measured in the browser: each character of every listed date is right of the one before."""
    reversed_dates = []
    for path in ("/", "/sources/", "/authors/"):
        tab.goto(names_url + path)
        for link in tab.eval_on_selector_all("ul.cloud a", "links => links.map(a => a.pathname)") or [path]:
            tab.goto(names_url + link)
            reversed_dates += [(link, title) for title, ok in tab.evaluate(DATES_LEFT_TO_RIGHT) if not ok]
    assert not reversed_dates
