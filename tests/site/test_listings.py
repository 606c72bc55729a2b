"""Listings through time (issue 24): a topic's count, dates and articles per month, a jump to any
year, earlier and later archive periods, topics as links, per-language listings, and the search
page's filters without words opening those static listings instead of loading the search index.

Expected figures come from the converter's record of each fixture page (its Markdown metadata:
date, tags, language, source), never from the built pages' text. Listings of more than one page
are built from the same articles with three articles a page (DEFAULT_PAGINATION=3). Pages are
numbered from the oldest (plugins/archive/pagination.py): a listing's first page holds its newest
3 to 5 articles, page 1 its oldest 3.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urlsplit

import pytest

from tests.conftest import ARTIFACTS, ROOT, build_site
from tests.site import labels
from tests.site.accessibility import axe_in_both_schemes, checked, violations
from tests.site.builtsite import file_for, html_pages, internal_links, soup, url_of
from tests.site.conftest import serve
from tests.site.test_build import FIRST_PAGE_BUDGET, PAGE_BUDGET

PER_PAGE = 3
STRINGS_FILE = tomllib.loads((ROOT / "theme" / "strings.toml").read_text(encoding="utf-8"))
STRINGS = STRINGS_FILE["en"]
NAMES = STRINGS_FILE["language_names"]  # each language by its own name
NARROW = {"width": 360, "height": 740}


@dataclass(frozen=True)
class Article:
    url: str
    date: datetime
    tags: tuple[str, ...]
    lang: str
    source: str


@pytest.fixture(scope="module")
def articles(sample_site, sample_site_content) -> list[Article]:
    """The published articles of the sample site, newest first, as the converter recorded them."""
    urls = labels.fixture_urls(sample_site, sample_site_content)
    found = []
    for name, header in labels.converted(sample_site_content).items():
        if header.get("Status") == "draft" or not header.get("Date"):
            continue
        tags = tuple(t.strip() for t in header.get("Tags", "").split(",") if t.strip())
        found.append(Article(urls[name], datetime.fromisoformat(header["Date"]), tags, header["Lang"],
                             header["Source"]))
    assert len(found) == len(labels.dated())
    return sorted(found, key=lambda a: a.date, reverse=True)


@pytest.fixture(scope="module")
def paged_site(sample_site_content, tmp_path_factory):
    """The sample archive with three articles a page: every listing of more than three is paginated."""
    output = tmp_path_factory.mktemp("paged") / "output"
    build_site(sample_site_content, output, "pelicanconf.py", "-e", f"DEFAULT_PAGINATION={PER_PAGE}")
    return output


@pytest.fixture(scope="module")
def paged_url(paged_site):
    with serve(paged_site) as url:
        yield url


def month_name(year: int, month: int) -> str:
    return STRINGS["month"].format(month_name=STRINGS["months"][month - 1], year=year)


def topic_pages(site) -> dict[str, object]:
    """Topic name -> its page (first page of the listing)."""
    pages = {}
    for page in site.glob("tags/*/index.html"):
        heading = soup(page).h1.get_text()
        pages[heading.removeprefix(f"{STRINGS['topic']}: ")] = page
    return pages


def listed(site, page) -> list[tuple[str, str]]:
    """(article URL path, ISO date) of each article a listing page lists, in its order."""
    items = []
    for item in soup(page).select("main ul.articles > li"):
        target = url_of(site, file_for(site, item.a["href"], page))
        items.append((target, item.select_one(".meta time")["datetime"]))
    return items


def page_listing(count: int, index: int, first_url: str) -> str:
    """The URL path of the page listing the `index`-th newest of `count` articles (PER_PAGE a page,
    numbered from the oldest; the listing's first page keeps PER_PAGE to 2 x PER_PAGE - 1)."""
    numbered = max(0, count // PER_PAGE - 1)
    number = (count - 1 - index) // PER_PAGE + 1
    return f"{first_url}page/{number}/" if number <= numbered else first_url


def listing_pages(site, first) -> list:
    """Every page of the listing that starts at `first`, in order, following its "Older" links."""
    pages = [first]
    while (older := soup(pages[-1]).select_one(".pagination a[rel=next]")) is not None:
        pages.append(file_for(site, older["href"], pages[-1]))
    return pages


# ---- Topics through time ----------------------------------------------------------------------------


def test_each_topic_page_opens_with_its_count_and_first_and_last_date(sample_site, articles):
    pages = topic_pages(sample_site)
    tagged = Counter(tag for article in articles for tag in article.tags)
    assert set(pages) == set(tagged) and len(pages) > 10
    for tag, page in pages.items():
        mine = [a for a in articles if tag in a.tags]
        span = soup(page).select_one("main .timeline .span")
        times = [t["datetime"] for t in span.select("time")]
        if len(mine) == 1:
            assert span.get_text().startswith("1 article"), tag
            assert times == [mine[0].date.isoformat()], tag
        else:
            assert span.get_text().startswith(f"{len(mine)} articles, from "), (tag, span.get_text())
            first, last = min(a.date for a in mine), max(a.date for a in mine)
            assert times == [first.isoformat(), last.isoformat()], tag


BAR = re.compile(r"M([\d.]+) (\d+)V(\d+)")  # a bar of the chart's path: its slot, baseline, top


def test_each_topic_chart_has_a_bar_per_month_with_articles_and_a_table_of_the_same_figures(
        sample_site, articles):
    """Each bar stands in its month's slot (months since January of the topic's first year), the
    busiest month's bar is the tallest; the table has a row per year and each month's count."""
    for tag, page in topic_pages(sample_site).items():
        mine = [a for a in articles if tag in a.tags]
        months = Counter((a.date.year, a.date.month) for a in mine)
        first_year = min(year for year, _ in months)
        chart = soup(page).select_one("main .timeline svg.chart")
        path = chart.select_one("path.bars")["d"]
        bars = [(float(x), int(base) - int(top)) for x, base, top in BAR.findall(path)]
        drawn = [(first_year + int(x) // 12, int(x) % 12 + 1) for x, _ in bars]
        assert drawn == sorted(months), tag  # one bar per month with articles, in time order
        tallest = max(height for _, height in bars)
        assert [height == tallest for _, height in bars] == [months[m] == max(months.values()) for m in drawn]
        rows = soup(page).select("main .timeline details table tbody tr")
        table = {(int(row.th.get_text()), month): int(cell.get_text())
                 for row in rows for month, cell in enumerate(row.select("td"), start=1)}
        assert {key: count for key, count in table.items() if count} == dict(months), tag
        assert [int(row.th.get_text()) for row in rows] == list(range(first_year, max(months)[0] + 1))
        assert sum(table.values()) == len(mine)
        assert chart["role"] == "img" and chart.title.get_text().startswith(STRINGS["per_month"])


def test_the_chart_is_drawn_in_the_page_colours_of_either_scheme(browser, site_url):
    """The bars are drawn (visible, across the column) in the link colour of each scheme, not in a
    colour fixed for one background."""
    fills = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(f"{site_url}/tags/bitcoin/")
        box = page.locator(".timeline svg.chart").bounding_box()
        assert box["width"] > 300 and 40 < box["height"] < 150
        bars = page.locator(".timeline svg.chart path.bars")
        drawn = bars.bounding_box()
        assert drawn["width"] > box["width"] / 2 and 60 < drawn["height"] < 70  # stretched across the column
        fills[scheme] = bars.evaluate("p => getComputedStyle(p).stroke")
        link = page.evaluate("getComputedStyle(document.querySelector('main a')).color")
        assert fills[scheme] == link, scheme
        context.close()
    assert fills["light"] != fills["dark"]


def test_a_topics_year_links_land_on_that_years_first_article(browser, paged_site, paged_url, articles):
    """Bitcoin spans three years over three pages: each year's link on the topic's first page opens
    the page where its newest article is listed, at that year's heading, with that article first
    under it."""
    [bitcoin] = [page for tag, page in topic_pages(paged_site).items() if tag == "Bitcoin"]
    mine = [a for a in articles if "Bitcoin" in a.tags]
    years = sorted({a.date.year for a in mine}, reverse=True)
    assert len(years) >= 3 and len(mine) >= 2 * PER_PAGE
    context = browser.new_context()
    page = context.new_page()
    for year in years:
        page.goto(paged_url + url_of(paged_site, bitcoin))
        link = page.locator("main nav.years a", has_text=str(year))
        count = link.locator("xpath=..").locator(".count").inner_text()
        assert count == str(sum(a.date.year == year for a in mine))
        link.click()
        page.wait_for_url(f"**#y{year}")
        newest = next(a for a in mine if a.date.year == year)  # articles are newest first
        assert urlsplit(page.url).path == page_listing(len(mine), mine.index(newest), "/tags/bitcoin/")
        heading = page.locator(f"#y{year}")
        assert heading.inner_text() == str(year) and heading.is_visible()
        first = heading.locator("xpath=following-sibling::ul[1]/li[1]/a[1]")
        assert first.evaluate("a => a.pathname") == newest.url
        box = heading.evaluate("h => h.getBoundingClientRect().toJSON()")
        assert box["top"] >= -1 and box["bottom"] <= page.viewport_size["height"]  # scrolled to it
    context.close()


@pytest.fixture(scope="module")
def long_topic_site(tmp_path_factory):
    """A topic as 10,000 articles make it: articles in every month of seven years, three a month,
    with titles and summaries as long as listings show them (Japanese: three bytes a character)."""
    base = tmp_path_factory.mktemp("long-topic")
    articles = base / "content" / "articles"
    articles.mkdir(parents=True)
    title = "ビットコイン現物ETFに過去最大の資金流入、機関投資家の需要が再び強まる中で価格は最高値に迫る"
    summary = "米国のビットコイン現物上場投資信託は月曜日、単日として過去最大の純流入を記録した。" * 4
    for year in range(2020, 2027):
        for month in range(1, 13):
            for day in (3, 13, 23):
                slug = f"a-{year}-{month:02d}-{day:02d}"
                (articles / f"{slug}.md").write_text(
                    f"Title: {title}\nDate: {year}-{month:02d}-{day:02d} 10:00\nAuthor: 記者 {month}\n"
                    f"Source: CryptoSlate\nLang: ja\nTags: Bitcoin, ETFs, United States, Interest Rates\n"
                    f"Slug: {slug}\nSummary: {summary}\n\n{summary}\n", encoding="utf-8")
    output = base / "output"
    build_site(base / "content", output)
    return output


def test_a_topic_page_over_seven_full_years_stays_within_the_page_budget(long_topic_site):
    """Count, dates, a bar for each of 84 months, the table and the topic's newest 32 articles (252
    articles, 20 a page: 11 numbered pages and 32 on the first): the HTML and its stylesheet within
    the budget of a listing's first page, and a numbered page within every page's
    (tests/site/test_build.py)."""
    page = long_topic_site / "tags" / "bitcoin" / "index.html"
    assert len(BAR.findall(soup(page).select_one("svg.chart path.bars")["d"])) == 84
    assert len(soup(page).select("main ul.articles > li")) == 252 - 11 * 20
    numbered = page.parent / "page" / "11" / "index.html"
    assert len(soup(numbered).select("main ul.articles > li")) == 20
    for listing in (page, numbered, long_topic_site / "index.html"):
        links = soup(listing).select("link[rel=stylesheet]")
        weight = listing.stat().st_size + sum(file_for(long_topic_site, link["href"], listing).stat().st_size
                                              for link in links)
        assert weight <= (PAGE_BUDGET if listing == numbered else FIRST_PAGE_BUDGET), (listing, weight)


# ---- Archive periods ---------------------------------------------------------------------------------


def period_page(site, period: tuple[int, ...]):
    """archives/2025/index.html for (2025,), archives/2025/06/index.html for (2025, 6)."""
    return site.joinpath("archives", *(f"{part:02d}" if i else str(part) for i, part in enumerate(period)),
                         "index.html")


def test_year_and_month_archives_link_the_previous_and_next_period_with_articles(sample_site, articles):
    for granularity in (1, 2):
        periods = sorted({(a.date.year, a.date.month)[:granularity] for a in articles})
        assert len(periods) >= 3
        for index, period in enumerate(periods):
            page = period_page(sample_site, period)
            nav = soup(page).select_one("main nav.periods")
            found = {}
            for cls in ("earlier", "later"):
                link = nav.select_one(f"a.{cls}")
                found[cls] = None if link is None else file_for(sample_site, link["href"], page)
            earlier = period_page(sample_site, periods[index - 1]) if index else None
            later = period_page(sample_site, periods[index + 1]) if index + 1 < len(periods) else None
            assert found == {"earlier": earlier, "later": later}, period


def test_walking_later_from_the_first_month_visits_every_month_with_articles_in_order(
        page, site_url, articles):
    months = sorted({(a.date.year, a.date.month) for a in articles})
    page.goto(f"{site_url}/archives/{months[0][0]}/{months[0][1]:02d}/")
    visited = [page.locator("h1").inner_text()]
    while page.locator("nav.periods a.later").count():
        page.locator("nav.periods a.later").click()
        page.wait_for_load_state()
        visited.append(page.locator("h1").inner_text())
    assert visited == [f"{STRINGS['archives']}: {month_name(*m)}" for m in months]


# ---- A jump to any year ----------------------------------------------------------------------------


def paginated_listings(site) -> list:
    """The first page of every listing of more than one page (index, topics, sources, authors,
    languages, years and months)."""
    folders = [site, *site.glob("tags/*"), *site.glob("sources/*"), *site.glob("authors/*"),
               *site.glob("languages/*"), *site.glob("archives/[0-9]*"), *site.glob("archives/[0-9]*/[0-9]*")]
    return [folder / "index.html" for folder in folders if (folder / "page" / "1" / "index.html").is_file()]


def test_every_listing_of_more_than_one_page_jumps_to_each_years_first_article(paged_site, articles):
    """A listing's first page jumps to each of its years, at the page and heading where the year's
    newest article is listed. A numbered page, which never changes, jumps to the years before its
    own newest year (settled: their pages and counts cannot change) and links "<year> and later"
    to the first page. A period archive's first page jumps to the archive's years (no counts: the
    newest year's grows), its numbered pages to none."""
    firsts = paginated_listings(paged_site)
    kinds = {first.relative_to(paged_site).parts[0] for first in firsts}
    assert kinds >= {"index.html", "tags", "sources", "languages", "archives"}, kinds
    settled = 0
    for first in firsts:
        pages = listing_pages(paged_site, first)
        sequence = [(page, item) for page in pages for item in listed(paged_site, page)]
        dates = [date for _, (_, date) in sequence]
        assert dates == sorted(dates, reverse=True), first  # newest first
        assert len(pages) == len(dates) // PER_PAGE  # the first page and the numbered ones
        archive = first.relative_to(paged_site).parts[0] == "archives"
        all_years = sorted({int(date[:4]) for date in dates}, reverse=True)
        for page in pages:
            links = soup(page).select("main nav.years a")
            if archive:  # a period's listing jumps to the archive's years, on its first page
                years = sorted({a.date.year for a in articles}, reverse=True) if page == first else []
                assert [int(a.get_text()) for a in links] == years, page
                assert soup(page).select("main nav.years .count, main h2.year") == [], page
                for link in links:
                    year = (int(link.get_text()),)
                    assert file_for(paged_site, link["href"], page) == period_page(paged_site, year)
                continue
            if page == first:
                years = all_years if len(all_years) > 1 else []
            else:  # the years before the page's newest, and the rest on the first page
                newest = int(listed(paged_site, page)[0][1][:4])
                years = [year for year in all_years if year < newest]
                if years:
                    later, *links = links
                    assert later.get_text() == STRINGS["years_later"].format(year=newest), page
                    assert file_for(paged_site, later["href"], page) == first
                    settled += 1
                assert soup(page).select("main h2.year"), page  # headings always: the first page links them
            assert [int(a.get_text()) for a in links] == years, page
            for link in links:
                year = int(link.get_text())
                target, fragment = file_for(paged_site, link["href"], page), urlsplit(link["href"]).fragment
                at = next(i for i, (_, (_, date)) in enumerate(sequence) if date.startswith(f"{year}-"))
                assert target == sequence[at][0] and fragment == f"y{year}", (page, year)
                count = link.find_next_sibling(class_="count").get_text()
                assert count == str(sum(date.startswith(f"{year}-") for date in dates)), (page, year)
                heading = soup(target).find(id=fragment)
                first_listed = heading.find_next_sibling("ul").li.a["href"]
                assert url_of(paged_site, file_for(paged_site, first_listed, target)) == sequence[at][1][0]
    assert settled >= 3


def test_a_listing_of_one_year_has_no_year_headings_or_jump(sample_site):
    """The zh-CN listing holds one article, Hong Kong's topic one year: nothing to jump between."""
    for page in (sample_site / "languages" / "zh-CN" / "index.html",
                 sample_site / "tags" / "hong-kong" / "index.html"):
        assert soup(page).select("main h2.year, main nav.years") == [], page


# ---- Topics in listings, language listings ---------------------------------------------------------


def test_topics_in_listings_are_links_to_their_topic_pages(sample_site, articles):
    """Every topic of every listed article, but the topic whose own page lists it."""
    by_url = {article.url: article for article in articles}
    checked = 0
    for page in html_pages(sample_site):
        heading = soup(page).h1.get_text() if soup(page).h1 else ""
        own = heading.removeprefix(f"{STRINGS['topic']}: ") if page.parts[-3] == "tags" else None
        for item in soup(page).select("main ul.articles > li"):
            article = by_url[url_of(sample_site, file_for(sample_site, item.a["href"], page))]
            links = item.select(".topics a")
            assert [a.get_text() for a in links] == [t for t in article.tags if t != own], (page, article.url)
            for link in links:
                target = file_for(sample_site, link["href"], page)
                assert soup(target).h1.get_text() == f"{STRINGS['topic']}: {link.get_text()}"
                checked += 1
    assert checked > 100


def test_a_topic_link_in_a_listing_opens_the_topic(page, site_url):
    page.goto(f"{site_url}/")
    link = page.locator("main ul.articles li .topics a").first
    name = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"{STRINGS['topic']}: {name}"


def test_each_language_has_a_listing_of_its_articles_newest_first(sample_site, articles):
    languages = sorted({a.lang for a in articles})
    assert len(languages) >= 3
    archives = soup(sample_site / "archives" / "index.html")
    linked = {file_for(sample_site, a["href"], sample_site / "archives" / "index.html")
              for a in archives.select("main section.languages a")}
    for lang in languages:
        page = sample_site / "languages" / lang / "index.html"
        mine = [a for a in articles if a.lang == lang]
        assert [url for url, _ in listed(sample_site, page)] == [a.url for a in mine], lang
        assert soup(page).h1.get_text() == STRINGS["language_heading"].format(name=NAMES[lang])
        assert page in linked
    assert len(linked) == len(languages)


# ---- Filter-only views from the search page ---------------------------------------------------------

FILTERS = {  # filter -> (value, the listing it opens)
    "tag": ("Bitcoin", "/tags/bitcoin/"),
    "source": ("Coinspeaker", "/sources/coinspeaker/"),
    "language": ("ja", "/languages/ja/"),
    "year": ("2025", "/archives/2025/"),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filter_without_words_offers_then_opens_its_static_listing_and_no_search_index(
        reader, site_url, name):
    """Choosing the filter offers the listing as a link (nothing moves by itself); pressing Search
    opens it. Not one file of the search index is fetched."""
    value, listing = FILTERS[name]
    page = reader.page
    page.goto(f"{site_url}/search/")
    page.locator(f"select[name={name}]").select_option(value)
    offered = page.locator("#search-status a")
    offered.wait_for()
    assert offered.evaluate("a => a.pathname") == listing
    assert urlsplit(page.url).path == "/search/" and urlsplit(page.url).query == ""
    page.get_by_role("button", name=STRINGS["search_button"], exact=True).last.click()
    page.wait_for_url(site_url + listing)
    page.wait_for_load_state("networkidle")
    assert page.locator("main ul.articles li").count() >= 1
    assert not [url for url in reader.requested if "/pagefind/" in url]
    assert reader.errors == []


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_shared_filter_only_address_is_replaced_by_the_listing(reader, site_url, name):
    """/search/?source=X opens the source's listing, and Back does not return to an address that
    would open it again."""
    value, listing = FILTERS[name]
    page = reader.page
    page.goto(f"{site_url}/")
    page.goto(f"{site_url}/search/?{urlencode({name: value, 'sort': 'date'})}")
    page.wait_for_url(site_url + listing)
    page.wait_for_load_state("networkidle")
    assert not [url for url in reader.requested if "/pagefind/" in url]
    page.go_back()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/"


def test_two_filters_or_words_still_search(reader, site_url):
    """The listings are single filters: words, or two filters, are searched as before."""
    page = reader.page
    page.goto(f"{site_url}/search/?{urlencode({'source': 'CryptoSlate', 'year': '2025'})}")
    page.wait_for_selector("#search-results[aria-busy=false] li")
    assert urlsplit(page.url).path == "/search/"
    assert any("/pagefind/" in url for url in reader.requested)


# ---- Accessibility and layout of the new pages ------------------------------------------------------

AXE_PAGES = {
    "topic": "/tags/bitcoin/",
    "topic-page-1": "/tags/bitcoin/page/1/",
    "index-paged": "/page/1/",
    "pending": "",  # the page after the index's numbered pages (found in the test)
    "month": "/archives/2025/06/",
    "language": "/languages/ja/",
    "archives": "/archives/",
    "search-offer": "/search/",
}


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_violations_on_the_listing_pages(browser, paged_site, paged_url, axe_script, name):
    """Light and dark, with the per-month table opened and the search page's listing link shown."""
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    last = max(int(numbered.parent.name) for numbered in paged_site.glob("page/*/index.html"))
    path = AXE_PAGES[name] or f"/page/{last}/"
    page.goto(paged_url + path)
    if name == "pending":
        assert page.locator("main .pending a").count() == 1
    if name == "search-offer":
        page.locator("select[name=tag]").select_option("Bitcoin")
        page.locator("#search-status a").wait_for()
    for details in page.locator("details").all():
        details.evaluate("d => d.open = true")
    results = axe_in_both_schemes(page, axe_script)
    found = violations(results)
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in results:
        (ARTIFACTS / f"axe-listing-{name}-{scheme}.json").write_text(
            json.dumps({"page": AXE_PAGES[name], "violations": found[scheme]}, indent=1), encoding="utf-8")
    context.close()
    assert len(results["light"]["passes"]) > 10 and checked(results)["dark"] > 0
    assert found == {"light": [], "dark": []}


@pytest.mark.parametrize("path", ["/tags/bitcoin/", "/archives/2025/06/", "/page/1/"])
def test_the_new_links_are_tap_sized_and_nothing_scrolls_sideways_at_360_pixels(browser, paged_url, path):
    context = browser.new_context(viewport=NARROW)
    page = context.new_page()
    page.goto(paged_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    links = page.locator("main nav.years a, main nav.periods a")
    assert links.count() >= 2
    for box in (link.bounding_box() for link in links.all()):
        assert box["width"] >= 24 and box["height"] >= 24, (path, box)
    context.close()


def test_every_new_link_resolves(paged_site):
    """Year jumps, period links and topic links on every page of the paged build lead to a page
    (and to the heading their fragment names)."""
    broken, checked = [], 0
    for page in html_pages(paged_site):
        if "pagefind" in page.relative_to(paged_site).parts:
            continue
        for raw, target in internal_links(paged_site, page):
            path, _, fragment = target.partition("#")
            destination = file_for(paged_site, path)
            checked += 1
            if not destination.is_file() or (fragment and not soup(destination).find(id=fragment)):
                broken.append(f"{page.relative_to(paged_site)}: {raw}")
    assert checked > 1000 and broken == []
    assert re.search(r'href="[^"]*#y20\d\d"', (paged_site / "tags" / "bitcoin" / "index.html").read_text())
