"""Issue 24 in a browser: languages by their own names, pages in their article's language, where every
article came from, a comfortable measure, readable tables and tap targets a finger can hit.

The site is the sample archive (tests/fixtures/pages/) with one real page in each other language
Bitget publishes in (tuning pages of the corpus, dated by their files with --date-from-mtime, as
the sample has only four languages), the fidelity page with its tables, and one hand-written
article with a table wider than a phone. Expected values come from the data (theme/strings.toml,
the converted articles' metadata), never from the built pages.
"""

from __future__ import annotations

import html
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from archive.ui import strings_for

from tests.conftest import ARTIFACTS, FIXTURES, ROOT, build_site, run_converter
from tests.converter.corpus import load_pages
from tests.site import labels
from tests.site.accessibility import axe_in_both_schemes, checked, violations
from tests.site.builtsite import article_pages, url_of
from tests.site.conftest import serve
from tests.site.test_web_quality import nu_check

STRINGS = ROOT / "theme" / "strings.toml"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
# One tuning page of the corpus for each language the sample lacks (never a held-out page).
OTHER_LANGUAGES = {
    "pl": "bitget-pl-support-flexible-savings-guide.txt",
    "fil": "bitget-fil-academy-stock-futures-guide.txt",
    "uk": "bitget-uk-support-elite-trader-faq.txt",
    "ru": "bitget-ru-support-perpetual-futures-guide.txt",
    "ar": "bitget-ar-support-tradfi-terms.txt",
    "th": "bitget-th-bitget-bgb-price-compensation.txt",
    "vi": "bitget-vi-marsbit-bitcoin-etf-supply.txt",
    "de": "bitget-de-news-bgb-fee-deduction-guide.txt",
    "fr": "bitget-fr-marsbit-bitcoin-etf-supply.txt",
    "es": "bitget-es-bitcoin-etf-outflows-since-ath.txt",
    "pt": "bitget-pt-news-altcoin-etfs-price-gap.txt",
    "it": "bitget-it-marsbit-polymarket-arbitrage.txt",
    "id": "bitget-id-news-bitcoin-short-positions.txt",
}
TABLES_PAGE = FIXTURES / "fidelity" / "cryptoslate-en-reentrancy-exploit-code.html"
# A hand-written article (README: articles may be written by hand) with a table wider than a phone:
# its first column is text, the others numbers; the Markdown aligns one column itself (centre). It
# names no address and was converted from no page: its page claims no provenance.
WIDE_TABLE = """Title: Spot bitcoin ETF flows by issuer, first half of 2025
Date: 2025-07-02 09:00
Lang: en
Slug: etf-flows-h1-2025
Source: The Block
Tags: Bitcoin, ETFs

Net flows of the largest spot bitcoin funds, in millions of dollars, month by month.

| Fund | January | February | March | April | May | June | Total | Rank |
| --- | --- | --- | --- | --- | --- | --- | --- | :---: |
| IBIT (BlackRock) | 3,212.4 | -1,034.1 | 1,876.0 | 2,410.9 | 6,351.2 | 3,742.5 | 16,558.9 | 1 |
| FBTC (Fidelity) | 1,004.7 | -730.2 | 512.3 | -86.0 | 1,210.4 | 987.6 | 2,898.8 | 2 |
| ARKB (ARK 21Shares) | 220.1 | -310.5 | 95.0 | 141.7 | -52.3 | 312.9 | 406.9 | 3 |
"""
WIDE_TABLE_TITLE = "Spot bitcoin ETF flows by issuer, first half of 2025"


@pytest.fixture(scope="module")
def world(sample_site_content, tmp_path_factory) -> tuple[Path, Path]:
    """(content/, output/) of the sample archive with a page in every other language, the tables
    page and the wide hand-written table, ten articles a listing page."""
    tuning = {name for name, page in load_pages().items() if page.half == "tuning"}
    assert set(OTHER_LANGUAGES.values()) <= tuning, "only tuning pages of the corpus are used"
    base = tmp_path_factory.mktemp("world")
    content = base / "content"
    shutil.copytree(sample_site_content, content)
    scraped = base / "scraped"
    scraped.mkdir()
    for name in [*OTHER_LANGUAGES.values()]:
        shutil.copy2(FIXTURES / "corpus" / name, scraped / name)
    shutil.copy2(TABLES_PAGE, scraped / TABLES_PAGE.name)
    converted = run_converter(scraped, "--out", content / "articles", "--date-from-mtime")
    assert converted.returncode == 0, converted.stdout + converted.stderr
    (content / "articles" / "etf-flows.md").write_text(WIDE_TABLE, encoding="utf-8")
    # Ten articles a page: its 29 articles fill a numbered page (the oldest ten) and the pending
    # page after it (plugins/archive/pagination.py), so every kind of listing page is checked.
    build_site(content, base / "output", "pelicanconf.py", "-e", "DEFAULT_PAGINATION=10")
    return content, base / "output"


@pytest.fixture(scope="module")
def site(world) -> Path:
    return world[1]


@pytest.fixture(scope="module")
def site_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def articles(world) -> dict[str, dict[str, str]]:
    """URL path of each published article page -> the metadata of the Markdown file it was built from."""
    content, output = world
    found = {}
    for markdown in sorted((content / "articles").rglob("*.md")):
        header = labels.metadata(markdown)
        if header.get("Status") == "draft":
            continue
        page = labels.page_of(output, header)
        assert page.is_file(), markdown
        found[url_of(output, page)] = header
    assert len(found) == len(article_pages(output))
    return found


def names() -> dict[str, str]:
    return strings_for(STRINGS, "en")["languages"]


def listing_and_article_urls(site: Path) -> list[str]:
    """Every page that lists or shows articles (and the search page, whose filter names languages)."""
    skip = ("theme", "pagefind", "drafts", "feeds")
    pages = [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] not in skip]
    return [url_of(site, p) for p in pages]


# A language named by its code: a text, or a part of one between " · ", commas or parentheses (with
# an option's count "(3)" removed), that is exactly a language code; article text and summaries aside.
RAW_CODES = """(codes) => {
  const skip = el => el.closest('.body, .summary, .search-terms, .excerpt, article.page, script, style');
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || skip(element)) continue;
    if (element.tagName !== 'OPTION' && !element.checkVisibility()) continue;
    for (const part of node.textContent.split(/ · |[(),]/)) {
      const text = part.trim();
      if (codes.includes(text)) found.push(`${text}: ${node.textContent.trim().slice(0, 60)}`);
    }
  }
  return found;
}"""


NAMED = ".meta [lang], .translations a[lang], ul.languages a, select[name=language] option[lang]"


def test_no_language_is_shown_by_its_code_anywhere_a_language_is_named(page, site, site_url, articles):
    codes = sorted({header["Lang"] for header in articles.values()} | set(names()))
    assert {"pl", "fil", "uk", "ja", "zh-CN"} <= set(codes)
    shown, named = [], 0
    for url in listing_and_article_urls(site):
        page.goto(site_url + url)
        shown += [f"{url}: {found}" for found in page.evaluate(RAW_CODES, codes)]
        # Each language a page names is written in that language, and its name is the data's.
        pairs = page.eval_on_selector_all(NAMED, "es => es.map(e => [e.lang, e.textContent.trim()])")
        for lang, text in pairs:
            assert text.split(" (")[0] == names()[lang], (url, lang, text)
            named += 1
    assert shown == []
    assert named > 350  # every listing names its articles' languages, the languages and search pages all


# The languages of the site in the order a reader scans them: by their own names.
SORTED_NAMES = [
    "Bahasa Indonesia", "Deutsch", "English", "Español", "Filipino", "Français", "Italiano", "Polski",
    "Português", "Tiếng Việt", "Русский", "Українська", "العربية", "ไทย", "日本語", "简体中文", "繁體中文",
]


@pytest.mark.parametrize("path", ["/", "article", "/search/"])
def test_the_header_s_languages_link_names_each_language_by_name_in_order_and_links_its_listing(
        page, site_url, articles, path):
    """The header of every page links the languages page (one link, not a list on every page:
    1.5 KB a page, and every page would change when the archive gains a language)."""
    url = next(u for u, h in articles.items() if h["Lang"] == "pl") if path == "article" else path
    page.goto(site_url + url)
    if path == "/search/":  # the search filter: the same names in the same order, with counts
        options = page.locator("select[name=language] option[value]:not([value=''])")
        shown = [text.rsplit(" (", 1)[0] for text in options.all_text_contents()]
        assert shown == SORTED_NAMES
    assert page.locator("header.site a[hreflang]").count() == 0
    page.locator("header.site nav").get_by_role("link", name="Languages", exact=True).click()
    page.wait_for_url("**/languages/")
    page.locator("main ul.languages a").first.wait_for()  # a busy machine: the list not parsed yet
    links = page.locator("main ul.languages a").evaluate_all(
        "links => links.map(a => [a.textContent, a.pathname, a.hreflang, a.lang])")
    assert [name for name, *_ in links] == SORTED_NAMES
    published = {header["Lang"] for header in articles.values()}
    assert {lang for *_, lang in links} == published
    for name, pathname, hreflang, lang in links:
        assert (pathname, hreflang, names()[lang]) == (f"/languages/{lang}/", lang, name)


def test_a_japanese_article_page_speaks_japanese_around_the_article(page, site_url, articles):
    """The labels around a Japanese article are the [ja] table's; the site's header stays English."""
    [url] = [u for u, h in articles.items()
             if h["Lang"] == "ja" and "japan-yields" in h["Scraped_From"]]
    page.goto(site_url + url)
    main = page.locator("main").inner_text()
    ja = strings_for(STRINGS, "ja")
    assert page.locator(".byline").inner_text().split(" · ")[1].startswith(ja["by"])
    assert page.locator(".related h2").inner_text() == ja["related"] == "関連記事"
    assert page.locator(".translations").inner_text().startswith(ja["other_languages"])
    assert page.locator(".original-title").inner_text().startswith("原題：")
    assert ja["month"].format(year=2025, month=12) in page.locator(".byline time").inner_text()
    for english in ("By ", "Related articles", "Other languages", "Original:", "Republished by",
                    "First published", "From a page saved", "Previous", "Next"):
        assert english not in main, english
    assert page.locator("header.site nav").inner_text().split()[:1] == ["Topics"]


def test_every_article_page_uses_its_own_language_s_labels(page, site_url, articles):
    """Data-driven: each page's provenance line, related-articles heading and direction (Arabic reads
    right to left) are its language's."""
    for url, header in articles.items():
        page.goto(site_url + url)
        table = strings_for(STRINGS, header["Lang"])
        provenance = page.locator(".provenance").inner_text() if header.get("Scraped_From") else ""
        if header.get("Via"):
            before, after = table["republished_by"].split("{name}")
            assert f"{before}{header['Via']}{after}".strip() in provenance, url
        if page.locator(".related h2").count():
            assert page.locator(".related h2").inner_text() == table["related"], url
        direction = page.locator("main > article").get_attribute("dir") or "ltr"
        assert direction == table["direction"] == ("rtl" if header["Lang"] == "ar" else "ltr"), url


def test_the_other_languages_are_linked_above_the_article_text(page, site_url, articles):
    translated = 0
    for url in articles:
        page.goto(site_url + url)
        links = page.locator("article header .translations a[hreflang]")
        if not links.count():
            continue
        translated += 1
        before_body = links.first.evaluate(
            "a => !!(a.compareDocumentPosition(document.querySelector('article .body'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING)")
        assert before_body, url
        assert links.first.bounding_box()["y"] < DESKTOP["height"] * 2  # near the top, not after the text
        assert [names()[lang] for lang in links.evaluate_all("as => as.map(a => a.lang)")] == (
            links.all_text_contents())
    assert translated >= 4  # the sample's two articles in English and Japanese


def _comparable(title: str) -> str:
    return " ".join(title.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
                    .casefold().split())


def test_every_article_says_where_its_text_came_from(page, site_url, articles):
    """The original's site when its address is known, else the republisher's page, else the saved
    page; and when the page was saved (the converter's Captured) whatever the kind; "Original:"
    only when the title differs."""
    kinds = {"original": 0, "via": 0, "saved": 0, "": 0}
    for url, header in articles.items():
        page.goto(site_url + url)
        kind = ("original" if header.get("Original_URL") else "via" if header.get("Via_URL")
                else "saved" if header.get("Scraped_From") else "")
        kinds[kind] += 1
        line = page.locator("article header .provenance")
        if not kind:
            assert line.count() == 0, url  # written by hand without an address
        else:
            assert line.get_attribute("data-provenance") == kind, url
        if kind == "original":
            link = line.locator(f'a[href="{header["Original_URL"]}"]')
            assert link.inner_text() == urlsplit(header["Original_URL"]).hostname.removeprefix("www."), url
        elif kind == "via":
            assert line.locator(f'a[href="{header["Via_URL"]}"]').inner_text() == header["Via"], url
        if kind and header.get("Captured"):  # when the page was saved, beside any address
            captured = datetime.fromisoformat(header["Captured"])
            when = line.locator("time")
            assert datetime.fromisoformat(when.get_attribute("datetime")) == captured, url
            table = strings_for(STRINGS, header["Lang"])
            before, after = table["saved_page"].split("{date}")
            assert before.strip() in line.inner_text() and after.strip() in line.inner_text(), url
        original, title = header.get("Original_Title", ""), html.unescape(header["Title"])
        differs = bool(original) and _comparable(original) != _comparable(title)
        assert page.locator(".original-title").count() == int(differs), url
        if differs:
            assert page.locator(".original-title cite").inner_text() == original, url
        if header["Lang"] == "en":
            assert ("Original:" in page.locator("main").inner_text()) == differs, url
    assert kinds["original"] >= 4 and kinds["saved"] >= 4 and kinds[""] == 1, kinds


def test_the_footer_promises_what_article_pages_do(page, site_url):
    page.goto(site_url + "/")
    footer = page.locator("footer.site").inner_text()
    assert footer == strings_for(STRINGS, "en")["footer"]
    assert "links to its original" not in footer


# Characters per rendered line of each paragraph of the article text; a paragraph's last line is
# short by nature and is left out. A line is the characters whose boxes start on it.
LINE_LENGTHS = """() => {
  const lengths = [];
  for (const paragraph of document.querySelectorAll('article .body > p')) {
    const range = document.createRange(), lines = [];
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i); range.setEnd(node, i + 1);
        const box = range.getClientRects()[0];
        if (!box) continue;
        const last = lines[lines.length - 1];
        if (!last || box.top >= last.bottom - 2) lines.push({bottom: box.bottom, count: 1});
        else last.count += 1;
      }
    }
    lengths.push(...lines.slice(0, -1).map(line => line.count));
  }
  return lengths;
}"""


def test_english_article_lines_hold_60_to_75_characters_and_japanese_keeps_the_column(
        browser, site_url, articles):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    lengths = []
    for url, header in articles.items():
        if header["Lang"] == "en":
            page.goto(site_url + url)
            lengths += page.evaluate(LINE_LENGTHS)
    lengths.sort()
    median, mean = lengths[len(lengths) // 2], sum(lengths) / len(lengths)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "line-length.txt").write_text(
        f"English article lines at {DESKTOP['width']} px: {len(lengths)} lines, mean {mean:.1f}, "
        f"median {median}, shortest {lengths[0]}, longest {lengths[-1]} characters\n", encoding="utf-8")
    assert len(lengths) > 100
    assert 60 <= median <= 75 and 60 <= mean <= 75, (median, mean)
    assert sum(58 <= n <= 78 for n in lengths) >= 0.9 * len(lengths), lengths
    [japanese] = [u for u, h in articles.items() if h["Lang"] == "ja" and "japan-yields" in h["Scraped_From"]]
    page.goto(site_url + japanese)
    widths = page.evaluate("[...document.querySelectorAll('article .body > p, article .body')]"
                           ".map(e => Math.round(e.getBoundingClientRect().width))")
    assert len(widths) > 5 and len(set(widths)) == 1, widths  # CJK text keeps the whole column
    context.close()


def _table_url(articles: dict, title: str) -> str:
    [url] = [u for u, h in articles.items() if html.unescape(h["Title"]).startswith(title)]
    return url


TABLE_STYLE = """region => {
  const style = e => getComputedStyle(e);
  const rows = [...region.querySelectorAll('tr')];
  return {
    role: region.getAttribute('role'), label: region.getAttribute('aria-label'), tabindex: region.tabIndex,
    rule: style(rows[1].children[0]).borderBottomStyle + ' ' + style(rows[1].children[0]).borderBottomWidth,
    align: rows.map(row => [...row.children].map(cell => style(cell).textAlign)),
    scroll: [region.scrollWidth, region.clientWidth],
  };
}"""


def test_tables_have_rules_right_aligned_numbers_and_scroll_inside_on_a_phone(browser, site_url, articles):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + _table_url(articles, "Reentrancy bug drains"))
    drained = page.locator("article .body .table").first.evaluate(TABLE_STYLE)
    assert (drained["role"], drained["label"], drained["tabindex"]) == ("region", "Table", 0)
    assert drained["rule"] == "solid 1px"
    # Asset | Amount drained | Value at the time: text on the start side, the numbers on the right.
    assert all(row == ["start", "right", "right"] for row in drained["align"]), drained["align"]
    page.goto(site_url + _table_url(articles, WIDE_TABLE_TITLE))
    wide = page.locator("article .body .table").evaluate(TABLE_STYLE)
    assert all(row == ["start", *["right"] * 7, "center"] for row in wide["align"]), wide["align"]
    scroll_width, client_width = wide["scroll"]
    assert scroll_width > client_width  # the table is wider than the phone...
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # ...the page is not
    region = page.locator("article .body .table")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('article .body .table').scrollLeft > 0")
    context.close()


def page_types(site: Path, articles: dict) -> dict[str, str]:
    """One page of each kind the site has, found on disk."""
    def first(pattern: str) -> str:
        return url_of(site, sorted(site.glob(pattern))[0])

    by_lang = {header["Lang"]: url for url, header in reversed(list(articles.items()))}
    return {
        "index": "/", "index page 1": first("page/1/index.html"), "pending page": first("page/2/index.html"),
        "article en": by_lang["en"], "article ja": by_lang["ja"], "article pl": by_lang["pl"],
        "article ar": by_lang["ar"], "article tables": _table_url(articles, WIDE_TABLE_TITLE),
        "topics": "/tags/", "topic": "/tags/bitcoin/",
        "sources": "/sources/", "source": first("sources/*/index.html"),
        "authors": "/authors/", "author": first("authors/*/index.html"),
        "archives": "/archives/", "languages": "/languages/", "year": first("archives/[0-9]*/index.html"),
        "month": first("archives/[0-9]*/[0-9]*/index.html"), "search": "/search/?q=Bitcoin",
        "about": "/about/", "about ja": "/about/ja/", "not found": "/404.html",
    }


# A link or control a finger taps: visible, and not a link inside a sentence (WCAG 2.5.8's inline
# exception, which axe applies too): words of the same line of text around it, not only other links.
SMALL_TARGETS = """() => {
  const control = 'a[href], button, input, select, summary';
  const blockOf = e => { let b = e.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
  const lineText = (node, target) => [...node.childNodes].map(child =>
    child.nodeType === Node.TEXT_NODE ? child.textContent
    : child.nodeType === Node.ELEMENT_NODE && child !== target && !child.matches(control)
      && getComputedStyle(child).display.startsWith('inline') ? lineText(child, target) : '').join('');
  const inSentence = e => e.tagName === 'A' && /\\p{L}{2,}/u.test(lineText(blockOf(e), e));
  return [...document.querySelectorAll(control)]
    .filter(e => e.checkVisibility() && !inSentence(e) && !e.matches('.skip'))
    .map(e => { const r = e.getBoundingClientRect();
      return {target: e.outerHTML.slice(0, 80), width: r.width, height: r.height}; })
    .filter(t => t.width < 24 || t.height < 24);
}"""


TARGET_SIZE = {"target-size": {"enabled": True}}  # WCAG 2.2's 2.5.8, off in axe by default


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_page_type_is_axe_clean_with_tap_targets_of_24_pixels(
        browser, site, site_url, articles, axe_script, viewport):
    """axe-core with its `target-size` rule on (off by default), in the light and the dark scheme,
    on one page of every kind; and no tap target outside a sentence under 24 x 24 px."""
    context = browser.new_context(viewport=viewport, color_scheme="light")
    page = context.new_page()
    found, small, sideways = {}, {}, {}
    for name, url in page_types(site, articles).items():
        page.goto(site_url + url)
        if "?q=" in url:
            page.locator("#search-results li").first.wait_for()
        small[name] = page.evaluate(SMALL_TARGETS)
        sideways[name] = page.evaluate("document.documentElement.scrollWidth") > viewport["width"]
        results = axe_in_both_schemes(page, axe_script, rules=TARGET_SIZE)
        assert any(rule["id"] == "target-size" for rule in results["light"]["passes"]), name
        assert checked(results)["dark"] > 0, name
        for scheme, violated in violations(results, nodes=3).items():
            found[f"{name} {scheme}"] = violated
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert {name: s for name, s in small.items() if s} == {}
    assert {name for name, scrolls in sideways.items() if scrolls} == set()


def test_every_page_of_the_many_language_site_is_valid_html(site):
    """The Nu HTML checker on every page: tables in their regions, the switch, pages in 17 languages."""
    pages = [p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.relative_to(site).parts]
    errors = [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in nu_check(pages)]
    assert len(pages) > 60 and errors == []
