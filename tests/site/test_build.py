"""The sample archive built by Pelican with our settings, theme and plugin, read from disk."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import pelicanconf
from tests.conftest import ARTIFACTS, PAGES, ROOT, build_site, run_converter
from tests.converter.test_sample_page import CHROME_AND_PROMO, TITLE
from tests.site import labels
from tests.site.builtsite import (
    LINK_ATTRIBUTES,
    article_lang,
    article_pages,
    article_tags,
    article_titled,
    file_for,
    html_pages,
    listed_urls,
    soup,
    url_of,
)
from tests.site.test_build_recovery import article, make_html, write_articles

PAGE_BUDGET = 30 * 1024  # an article page's HTML + CSS, uncompressed; a listing page's too
# A listing's first page holds its newest 20 to 39 articles (plugins/archive/pagination.py: numbered
# pages hold 20 and never change), so it may weigh 19 listed articles more than a numbered page. A
# listed article weighs at most 0.9 KB (measured: 888 bytes with a 45-character Japanese title, a
# two-line summary and four topics).
FIRST_PAGE_BUDGET = PAGE_BUDGET + 19 * 900
SITEURL = "https://example.github.io/archive"


def _listing(site: Path, folder: str) -> set[str]:
    """Every article URL a paginated listing lists, over all its pages."""
    first = site / folder / "index.html"
    pages = [first, *sorted((site / folder / "page").glob("*/index.html"))]
    return set().union(*(listed_urls(site, page) for page in pages))


def test_article_page_shows_metadata_and_no_promo(sample_site):
    html = article_titled(sample_site, TITLE).read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    # Around the article, the page speaks its language (the [ja] table of theme/strings.toml).
    shown = ("CryptoSlate", "Christina Comben", "2025年10月12日 21:51 UTC", "転載：<bdi>Bitget</bdi>",
             "Pentagon’s billion-dollar bet")
    for text in shown:
        assert text in html, text
    body = html.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    for text in CHROME_AND_PROMO:
        assert text not in body, text
    assert "<h2>中国が市場に救いの手を差し伸べる</h2>" in body


def test_tag_source_and_author_pages_list_the_article(sample_site):
    for page in ("tags/bitcoin", "tags/gold", "tags/rare-earths", "tags/china",
                 "sources/cryptoslate", "authors/christina-comben"):
        html = (sample_site / page / "index.html").read_text(encoding="utf-8")
        assert TITLE in html, page


def test_every_language_version_is_listed_under_its_own_topics(sample_site):
    """Translations are articles of the archive too: on the index and on each of their tag pages."""
    pages = article_pages(sample_site)
    assert {article_lang(p) for p in pages} >= {"en", "ja", "zh-CN", "zh-TW"}
    assert len(pages) == len(labels.dated())
    index = _listing(sample_site, ".")
    checked = 0
    for page in pages:
        assert url_of(sample_site, page) in index, page
        for link in soup(page).select("article a[rel=tag]"):
            tag_folder = file_for(sample_site, link["href"], page).parent.relative_to(sample_site)
            assert url_of(sample_site, page) in _listing(sample_site, str(tag_folder)), (page, link["href"])
            checked += 1
    # Every labelled article has at least its labelled (central) topics.
    assert checked >= sum(len(labels.labels()[name]["tags"]) for name in labels.dated())


def test_tag_index_groups_topics_by_family_with_counts_and_weights(sample_site):
    rules = tomllib.loads((ROOT / "topics.toml").read_text(encoding="utf-8"))
    counts = Counter(tag for page in article_pages(sample_site) for tag in article_tags(page))
    assert set(counts) >= {tag for name in labels.dated() for tag in labels.labels()[name]["tags"]}
    index = soup(sample_site / "tags" / "index.html")
    families = [section.h2.get_text() for section in index.select("section.family")]
    used = {rules["tags"][tag]["family"] for tag in counts}
    assert families == [family for family in rules["families"] if family in used]
    seen = {}
    for section in index.select("section.family"):
        for item in section.select("li"):
            tag = item.a.get_text()
            assert rules["tags"][tag]["family"] == section.h2.get_text(), tag
            assert int(item.select_one(".count").get_text()) == counts[tag], tag
            seen[tag] = int(re.search(r"\bw(\d)\b", " ".join(item["class"])).group(1))
    assert set(seen) == set(counts)
    by_count = sorted(seen, key=counts.get)
    assert [seen[t] for t in by_count] == sorted(seen[t] for t in by_count)  # more articles, never smaller
    assert seen[by_count[-1]] == 5 and seen[by_count[0]] == 1


def test_translations_link_each_other_with_hreflang(sample_site):
    """The language versions of one original (labelled: the same original title) link each other."""
    dated = [labels.labels()[name] for name in labels.dated()]
    versions = Counter(label["original_title"] or label["title"] for label in dated)
    expected = sum(n * (n - 1) for n in versions.values())
    assert expected >= 4  # the sample has two articles in English and Japanese
    linked = 0
    for page in article_pages(sample_site):
        html = soup(page)
        for link in html.select(".translations a"):
            other = file_for(sample_site, link["href"], page)
            assert article_lang(other) == link["hreflang"]
            back = [a["hreflang"] for a in soup(other).select(".translations a")]
            assert article_lang(page) in back
            alternates = {a["hreflang"] for a in html.select('head link[rel=alternate][hreflang]')}
            assert {article_lang(page), link["hreflang"]} <= alternates
            linked += 1
    assert linked == expected


def archive_key(site: Path, page: Path) -> tuple:
    """An article page's place in the archive's order (plugins/archive/order.py): its date, then
    its slug, then its language."""
    published = soup(page).find("meta", property="article:published_time")["content"]
    slug = url_of(site, page).split("/")[2]  # /articles/<slug>/[<lang>/]
    return datetime.fromisoformat(published), slug, article_lang(page)


def test_related_articles_are_earlier_articles_sharing_a_topic_most_shared_first(sample_site):
    """Five related articles, or every earlier article sharing a topic when there are fewer (a new
    article must not change older pages); never the article's own translations; the ones sharing
    the most topics first. After them, a link to each topic's listing for the newer ones."""
    pages = {url_of(sample_site, p): p for p in article_pages(sample_site)}
    assert len(pages) == len(labels.dated())
    five = none = 0
    for url, page in pages.items():
        tags = set(article_tags(page))
        assert tags, url  # every labelled article has topics
        translations = {file_for(sample_site, a["href"], page) for a in soup(page).select(".translations a")}
        others = [p for p in pages.values() if p != page and p not in translations]
        earlier = [p for p in others if archive_key(sample_site, p) < archive_key(sample_site, page)]
        sharing = [p for p in earlier if set(article_tags(p)) & tags]
        related = [file_for(sample_site, link["href"], page)
                   for link in soup(page).select(".related ul.articles > li > a")]
        assert len(related) == min(5, len(sharing)), url
        assert set(related) <= set(sharing), url
        shared = [len(set(article_tags(other)) & tags) for other in related]
        assert shared == sorted(shared, reverse=True), (url, shared)
        newer = [file_for(sample_site, a["href"], page) for a in soup(page).select(".related .newer a")]
        topics = [file_for(sample_site, a["href"], page) for a in soup(page).select("article a[rel=tag]")]
        assert newer == topics, url
        five += len(related) == 5
        none += not related
    assert five >= 1 and none >= 1  # the oldest article of its topics has none


def test_previous_and_next_follow_dates_within_a_language(sample_site, sample_site_content):
    """Every language with two or more dated articles (from the labels: English and Japanese) has
    one chain of previous/next links through all of its articles, in date order."""
    urls = labels.fixture_urls(sample_site, sample_site_content)
    per_language = labels.dated_per_language()
    assert {lang for lang, count in per_language.items() if count >= 2} >= {"en", "ja"}

    def published(page: Path) -> str:
        return soup(page).find("meta", property="article:published_time")["content"]

    def neighbour(page: Path, rel: str) -> Path | None:
        link = soup(page).select_one(f".neighbours a[rel={rel}]")
        return None if link is None else file_for(sample_site, link["href"], page)

    for lang, count in per_language.items():
        names = [name for name in labels.dated() if labels.labels()[name]["lang"] == lang]
        pages = [file_for(sample_site, urls[name]) for name in names]
        assert len(pages) == count
        [oldest] = [p for p in pages if neighbour(p, "prev") is None]
        chain = [oldest]
        while (following := neighbour(chain[-1], "next")) is not None:
            assert neighbour(following, "prev") == chain[-1], following
            assert article_lang(following) == lang
            assert published(following) >= published(chain[-1]), following
            chain.append(following)
        assert sorted(chain) == sorted(pages), lang  # every article of the language, once


def test_archives_link_every_month_and_month_pages_list_its_articles(sample_site):
    archive = soup(sample_site / "archives" / "index.html")
    months = [a["href"] for a in archive.select("main section.year li a")]
    assert months
    listed = set()
    for href in months:
        folder = href.split("archives/", 1)[1]
        year, month = folder.strip("/").split("/")
        urls = _listing(sample_site, f"archives/{folder}")
        assert urls, href
        for url in urls:
            page = sample_site / url.lstrip("/") / "index.html"
            assert published_month(page) == f"{year}-{month}", url
        listed |= urls
    assert len(listed) == len(labels.dated())
    assert listed == {url_of(sample_site, p) for p in article_pages(sample_site)}


def published_month(page: Path) -> str:
    return soup(page).find("meta", property="article:published_time")["content"][:7]


def test_no_typogrify_markup_in_titles_meta_tags_or_feeds(sample_site):
    assert len(html_pages(sample_site)) > len(labels.dated()) + 10
    for page in html_pages(sample_site):
        html = soup(page)
        texts = [html.title.get_text() if html.title else ""]
        texts += [meta.get("content", "") for meta in html.find_all("meta")]
        for text in texts:
            assert "<span" not in text and "\xa0" not in text and "&nbsp;" not in text, (page, text)
    feeds = list(sample_site.glob("feeds/**/*.xml"))
    assert len(feeds) > len(list(sample_site.glob("tags/*/index.html")))  # all, one per topic and source
    for feed in feeds:
        xml = feed.read_text(encoding="utf-8")
        assert 'class="caps"' not in xml and "class=&quot;caps" not in xml, feed
        assert "&nbsp;" not in xml and "&amp;nbsp;" not in xml and "\xa0" not in xml, feed


def test_feeds_are_linked_from_tag_and_source_pages(sample_site):
    assert (sample_site / "feeds" / "all.atom.xml").is_file()
    dated = [labels.labels()[name] for name in labels.dated()]
    expected = {"tags": {tag for label in dated for tag in label["tags"]},
                "sources": {label["source"] for label in dated}}
    for folder in ("tags", "sources"):
        listings = list((sample_site / folder).glob("*/index.html"))
        assert len(listings) >= len(expected[folder]), folder
        for listing in listings:
            [link] = soup(listing).select(f'head link[type="application/atom+xml"][href*="feeds/{folder}/"]')
            feed = file_for(sample_site, link["href"], listing)
            assert feed.is_file(), listing
            assert "<entry>" in feed.read_text(encoding="utf-8"), feed


def test_sitemap_lists_every_article_and_robots_points_to_it(sample_site):
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    assert len(article_pages(sample_site)) == len(labels.dated())
    for page in article_pages(sample_site):
        assert url_of(sample_site, page).lstrip("/") + "</loc>" in sitemap, page
    assert "User-agent: *" in (sample_site / "robots.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def published_site(sample_site_content, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published") / "output"
    build_site(sample_site_content, output, "publishconf.py", env={"SITEURL": SITEURL + "/"})
    return output


def test_published_site_uses_absolute_urls(published_site):
    page = article_titled(published_site, TITLE)
    url = SITEURL + url_of(published_site, page)
    html = soup(page)
    assert html.find("link", rel="canonical")["href"] == url
    assert html.find("meta", property="og:url")["content"] == url
    assert html.find("meta", property="og:locale")["content"] == "ja"
    assert html.find("meta", property="og:title")["content"] == TITLE
    feed = (published_site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f'href="{url}"' in feed
    sitemap = (published_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{url}</loc>" in sitemap
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (published_site / "robots.txt").read_text(encoding="utf-8")
    for other in article_pages(published_site):  # canonical and Open Graph links on every article page
        html = soup(other)
        assert html.find("link", rel="canonical")["href"] == SITEURL + url_of(published_site, other)
        assert html.find("meta", property="og:url")["content"] == SITEURL + url_of(published_site, other)
        assert html.find("meta", property="og:locale")["content"] and html.find("meta", property="og:title")
    assert len(article_pages(published_site)) == len(labels.dated())
    # GitHub Pages serves 404.html at any missing address, so its links must not be relative.
    missing = soup(published_site / "404.html")
    links = [a["href"] for a in missing.select("a[href]:not([href^='#'])")]
    links += [form["action"] for form in missing("form")]
    assert links and all(href.startswith(SITEURL) for href in links), links


def test_site_language_is_one_setting(sample_site_content, tmp_path):
    output = tmp_path / "output"
    build_site(sample_site_content, output, "pelicanconf.py", "-e", 'DEFAULT_LANG="ja"')
    index = soup(output / "index.html")
    assert index.html["lang"] == "ja"
    assert index.h1.get_text() == "最新の記事"
    nav = [a.get_text() for a in index.select("header.site nav a")]
    assert nav[:4] == ["トピック", "ソース", "著者", "アーカイブ"]
    article = soup(article_titled(output, TITLE))
    assert "2025年10月12日 21:51 UTC" in article.select_one(".byline").get_text()
    families = [h2.get_text() for h2 in soup(output / "tags" / "index.html").select("section.family h2")]
    assert families[0] == "暗号資産"
    # The Japanese versions are now the main ones; the English ones are the translations.
    slug = "japans-yield-surge-revives-carry-trade-fears-as-bitcoin-slips-below-90000"
    assert (output / "articles" / slug / "en" / "index.html").is_file()


def test_remote_images_are_links_not_requests(sample_site, fixture_urls):
    """README: images stay on their original sites, shown as links: each labelled image of a saved page
    is a link to it on its article page, and no article page has an <img> from another host."""
    linked = 0
    for page in article_pages(sample_site):
        for image in soup(page).select("article .body img"):
            assert not image["src"].startswith(("http:", "https:", "//")), (page, image["src"])
    for name in labels.dated():
        images = labels.labels()[name].get("images", [])
        page = soup(file_for(sample_site, fixture_urls[name]))
        links = {a["href"] for a in page.select("article a.remote-image")}
        assert set(images) <= links, name
        linked += len(images)
    assert linked >= 4


def test_search_index_is_written(sample_site):
    """One bundle per year of the articles (plugins/archive/search_shards.py), listed newest first."""
    root = sample_site / "pagefind"
    assert (root / "pagefind.js").is_file()
    shards = json.loads((root / "shards.json").read_text(encoding="utf-8"))["shards"]
    years = sorted({label["date"][:4] for label in labels.labels().values() if label["date"]}, reverse=True)
    assert [shard["name"] for shard in shards] == years
    assert sum(shard["pages"] for shard in shards) == len(article_pages(sample_site))
    for shard in shards:
        assert list((root / shard["name"] / "index").glob("*.pf_index"))
        assert len(list((root / shard["name"] / "fragment").glob("*.pf_fragment"))) == shard["pages"]


def test_article_pages_fit_the_weight_budget(sample_site):
    """HTML + the stylesheets it links, uncompressed; images and search excluded."""

    def weight(page: Path) -> int:
        sheets = [link["href"] for link in soup(page).select("link[rel=stylesheet]")]
        return page.stat().st_size + sum(file_for(sample_site, href, page).stat().st_size for href in sheets)

    weights = sorted((weight(page), url_of(sample_site, page)) for page in article_pages(sample_site))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.txt").write_text(
        "".join(f"{size:>7} bytes  {url}\n" for size, url in weights), encoding="utf-8"
    )
    assert len(weights) == len(labels.dated())
    heaviest, url = weights[-1]
    assert heaviest <= PAGE_BUDGET, f"{url}: {heaviest} bytes"


MANY = {"A 1": 58, "A 12": 1}  # articles per author: 59 in all, one source


@pytest.fixture(scope="module")
def many_articles_site(tmp_path_factory) -> Path:
    """More articles than two listing pages hold (2 x 20): 58 by author "A 1", one by "A 12", so
    the index holds the most it can (39); returns output/."""
    base = tmp_path_factory.mktemp("many")
    content = base / "content" / "articles"
    content.mkdir(parents=True)
    for author, count in MANY.items():
        for n in range(count):
            (content / f"{author.replace(' ', '')}-{n}.md").write_text(
                f"Title: {author} post {n}\nDate: 2025-01-{n % 28 + 1:02d} 10:{n:02d}\nAuthor: {author}\n"
                f"Source: Test\nSlug: {author.replace(' ', '-').lower()}-post-{n}\n\nBody {n}.\n",
                encoding="utf-8",
            )
    output = base / "output"
    build_site(base / "content", output)
    return output


def test_paginated_pages_never_collide(many_articles_site):
    """Page 1 of author "A 1" and the page of author "A 12" are different files."""
    output = many_articles_site
    page_one = (output / "authors" / "a-1" / "page" / "1" / "index.html").read_text(encoding="utf-8")
    assert "A 1 post" in page_one
    assert "A 12 post" in (output / "authors" / "a-12" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("listing", "total"), [(".", 59), ("sources/test", 59), ("authors/a-1", 58)])
def test_listings_show_20_articles_a_page_linked_both_ways(many_articles_site, listing, total):
    """README: "the latest articles (paginated, 20 a page)", numbered from the oldest page: page 1
    holds the oldest 20, the listing's first page the newest (20 to 39 of them); source and author
    pages too. Page 1's "newer" link names page 2, which sends the reader on to the first page
    until 20 more articles fill it."""
    site = many_articles_site
    first, oldest = site / listing / "index.html", site / listing / "page" / "1" / "index.html"
    pending = site / listing / "page" / "2" / "index.html"
    assert not (site / listing / "page" / "3").exists()
    on_first, on_oldest = listed_urls(site, first), listed_urls(site, oldest)
    assert (len(on_first), len(on_oldest)) == (total - 20, 20)
    assert listed_urls(site, pending) == set()
    assert not on_first & on_oldest
    articles = {url_of(site, p) for p in article_pages(site)}
    if listing != "authors/a-1":
        assert on_first | on_oldest == articles
    [older] = soup(first).select("nav.pagination a[rel=next]")
    assert file_for(site, older["href"], first) == oldest
    [newer] = soup(oldest).select("nav.pagination a[rel=prev]")
    assert file_for(site, newer["href"], oldest) == pending
    [onward] = soup(pending).select("main .pending a")
    assert file_for(site, onward["href"], pending) == first
    assert soup(first).select("nav.pagination a[rel=prev]") == []
    assert soup(oldest).select("nav.pagination a[rel=next]") == []

    def published(url: str) -> str:
        return soup(file_for(site, url)).find("meta", property="article:published_time")["content"]

    assert min(map(published, on_first)) > max(map(published, on_oldest))  # the latest articles first


def test_no_page_can_run_scraped_code(sample_site):
    """Only the theme's own search script may appear; nothing that came from a scraped page."""
    assert len(article_pages(sample_site)) == len(labels.dated())
    for page in article_pages(sample_site):
        html = page.read_text(encoding="utf-8").lower()
        body = html.split('<div class="body">', 1)[1].split("</article>", 1)[0]
        assert "<script" not in body, page
        assert "<iframe" not in body, page
        assert "javascript:" not in body, page
        assert "<svg" not in body, page
        assert not re.search(r"<[^>]+\son\w+\s*=", body), page


@pytest.fixture(scope="module")
def fixture_urls(sample_site, sample_site_content) -> dict[str, str]:
    return labels.fixture_urls(sample_site, sample_site_content)


def test_one_page_per_dated_article_and_undated_pages_are_unlisted_drafts(sample_site, sample_site_content):
    """Each dated fixture page is one article page in its labelled language, listed on the index;
    an undated one is a draft: built under drafts/ for review, on no listing and in no sitemap."""
    urls = labels.fixture_urls(sample_site, sample_site_content)
    index = _listing(sample_site, ".")
    sitemap = (sample_site / "sitemap.xml").read_text(encoding="utf-8")
    for name in labels.dated():
        assert urls[name].startswith("/articles/"), name
        assert article_lang(file_for(sample_site, urls[name])) == labels.labels()[name]["lang"], name
        assert urls[name] in index, name
    assert sorted(urls[name] for name in labels.dated()) == sorted(url_of(sample_site, p)
                                                                  for p in article_pages(sample_site))
    assert labels.undated()
    for name in labels.undated():
        assert urls[name].startswith("/drafts/"), name
        assert urls[name] not in index and urls[name].strip("/") not in sitemap, name
        assert article_lang(file_for(sample_site, urls[name])) == labels.labels()[name]["lang"], name


def test_original_link_is_the_publishers_article_and_via_the_aggregators_copy(sample_site, fixture_urls):
    """"The source with a link to the original" is Original_URL (the publisher's article), never the
    Bitget republication (Via_URL), which has its own "Via" link; checked against the labelled URLs."""
    originals = vias = 0
    for name in labels.dated():
        label = labels.labels()[name]
        page = soup(file_for(sample_site, fixture_urls[name]))
        links = page.select(".original a")
        if label.get("original_url"):
            [link] = links
            assert link["href"] == label["original_url"], name
            assert link["href"] != label.get("via_url"), name
            originals += 1
        elif label["original_title"]:
            assert links == [], name
            if label["original_title"] != label["title"]:  # "Original:" only when it says something new
                assert page.select_one(".original-title cite").get_text() == label["original_title"], name
        else:
            assert page.select(".original") == [], name
        if label.get("via_url"):
            [link] = page.select(".via a")
            assert (link["href"], link.get_text()) == (label["via_url"], label["via"]), name
            vias += 1
        elif "via" in label:  # labelled as the publisher's own page: no aggregator
            assert page.select(".via") == [], name
    assert originals == sum(1 for n in labels.dated() if labels.labels()[n].get("original_url")) >= 4
    assert vias >= 2


def _index_links(site: Path, folder: str) -> dict[str, str]:
    """Name -> folder of each source/author page, from the sources/authors index."""
    index = site / folder / "index.html"
    return {a.get_text(): str(file_for(site, a["href"], index).parent.relative_to(site))
            for a in soup(index).select("main ul.cloud a")}


def _labelled_listings(site: Path, folder: str, expected: dict[str, set[str]], urls: dict[str, str]) -> None:
    """The index names exactly `expected`'s names; each one's page lists exactly its articles."""
    listed = _index_links(site, folder)
    assert set(listed) == set(expected), folder
    for name, fixtures in expected.items():
        assert _listing(site, listed[name]) == {urls[n] for n in fixtures}, (folder, name)


def test_source_pages_list_exactly_their_labelled_articles(sample_site, fixture_urls):
    dated = {name: labels.labels()[name] for name in labels.dated()}
    sources = {label["source"] for label in dated.values()}
    assert len(sources) >= 4
    expected = {source: {n for n, x in dated.items() if x["source"] == source} for source in sources}
    _labelled_listings(sample_site, "sources", expected, fixture_urls)


def test_author_pages_list_exactly_their_labelled_articles(sample_site, fixture_urls):
    dated = {name: labels.labels()[name] for name in labels.dated()}
    authors = {author for label in dated.values() for author in label["authors"]}
    assert len(authors) >= 10
    expected = {author: {n for n, x in dated.items() if author in x["authors"]} for author in authors}
    anonymous = [n for n, x in dated.items() if not x["authors"]]
    assert anonymous
    for name in anonymous:
        byline = soup(file_for(sample_site, fixture_urls[name])).select_one(".byline")
        assert byline.select("a[href*='authors/']") == [], (name, byline.get_text(" ", strip=True))
    _labelled_listings(sample_site, "authors", expected, fixture_urls)


def test_year_archives_list_exactly_their_labelled_articles(sample_site, fixture_urls):
    dated = {name: labels.labels()[name] for name in labels.dated()}
    years = {label["date"][:4] for label in dated.values()}
    assert years == {"2024", "2025", "2026"}
    for year in years:
        in_year = {fixture_urls[n] for n, x in dated.items() if x["date"].startswith(year)}
        assert _listing(sample_site, f"archives/{year}") == in_year, year


def test_the_only_script_is_the_search_pages(sample_site):
    """README: "the only script is the search page's". No other page has a <script>, an event
    handler or a javascript: URL; the search page has its data (JSON) and the theme's search.js."""
    search = sample_site / "search" / "index.html"
    pages = html_pages(sample_site)
    assert len(pages) > len(labels.dated()) + 10 and search in pages
    for page in pages:
        html = soup(page)
        elements = html.find_all(True)
        handlers = [(el.name, attr) for el in elements for attr in el.attrs if attr.startswith("on")]
        assert handlers == [], page
        urls = [value for el in elements for attr, value in el.attrs.items()
                if attr in ("href", "src", "action", "formaction") and "javascript:" in str(value).lower()]
        assert urls == [], page
        if page != search:
            assert html.find_all("script") == [], page
    data, code = soup(search).find_all("script")
    assert data["type"] == "application/json" and not data.has_attr("src")
    assert json.loads(data.string)["topics"]["Bitcoin"]
    assert file_for(sample_site, code["src"], search) == sample_site / "theme" / "js" / "search.js"
    assert code.get_text() == ""


def test_local_build_links_are_relative(sample_site):
    """README: local builds "use relative links and work from any folder": no link starts at the
    server's root or names a host of the site."""
    checked = 0
    for page in html_pages(sample_site):
        html = soup(page)
        values = [el.get(attr) for tag, attr in LINK_ATTRIBUTES for el in html.find_all(tag)]
        values += [form["data-root"] for form in html.select("form[data-root]")]
        for value in filter(None, values):
            if urlsplit(value).scheme or value.startswith(("#", "mailto:")):
                continue  # links to other sites (originals, images) and fragments
            assert not value.startswith("/"), (page, value)
            checked += 1
    assert checked > 500


def test_every_page_has_the_search_box_leading_to_the_search_page(sample_site):
    search = sample_site / "search" / "index.html"
    pages = [p for p in html_pages(sample_site) if p != search]
    assert len(pages) > len(labels.dated())
    for page in pages:
        [form] = soup(page).select("header.site form[role=search]")
        assert file_for(sample_site, form["action"], page) == search, page
        assert form.find("input", attrs={"name": "q"}), page
    assert soup(search).select_one("main form#search input[name=q]")


def test_about_page_and_its_japanese_version(sample_site):
    """content/pages/about.md and about.ja.md: linked from the navigation, translations of each other."""
    about = {lang: labels.metadata(ROOT / "content" / "pages" / f"about{suffix}.md")
             for lang, suffix in (("en", ""), ("ja", ".ja"))}
    home = sample_site / "index.html"
    [link] = [a for a in soup(home).select("header.site nav a") if a.get_text() == about["en"]["Title"]]
    page = file_for(sample_site, link["href"], home)
    assert soup(page).h1.get_text() == about["en"]["Title"]
    [japanese] = soup(page).select("main a[hreflang=ja]")
    other = file_for(sample_site, japanese["href"], page)
    assert article_lang(other) == "ja" and soup(other).h1.get_text() == about["ja"]["Title"]


def test_no_web_fonts(sample_site):
    """README: "No web fonts": system fonts only (no @font-face, no font file published)."""
    sheets = list(sample_site.glob("theme/**/*.css"))
    assert sheets
    for sheet in sheets:
        assert "@font-face" not in sheet.read_text(encoding="utf-8"), sheet
    font_files = (".woff", ".woff2", ".ttf", ".otf", ".eot")
    fonts = [p for p in sample_site.rglob("*") if p.suffix.lower() in font_files]
    assert fonts == []


# Two fixture pages, their labelled dates, and how the site must show them (README, "Timezone": the
# scraped times are in TIMEZONE, and the site shows dates in that zone):
# - the Pentagon article's Bitget page shows a bare 2025-10-12 21:51: read as Tokyo time, it stays
#   21:51, now in JST (a UTC build shows 21:51 UTC);
# - the GENIUS Act page states 2025-06-17 21:40 +00:00: that instant is 06:40 the next day in Tokyo.
TOKYO = {
    "bitget-ja-cryptoslate-pentagon-rare-earths.txt": (  # a Japanese page writes its dates in Japanese
        "2025年10月12日 21:51 UTC", "2025年10月12日 21:51 JST", "2025-10-12T21:51:00+09:00"),
    "cryptoslate-en-genius-act-stablecoins.html": (
        "17 June 2025, 21:40 UTC", "18 June 2025, 06:40 JST", "2025-06-17T21:40:03+00:00"),
}


def test_timezone_setting_changes_the_shown_times(sample_site, fixture_urls, tmp_path):
    """`make site TIMEZONE=Asia/Tokyo`: make convert passes it to the converter, make html to the site;
    here with the Makefile's CONTENT/OUTPUT pointed at a two-article content folder."""
    dry_run = subprocess.run(
        ["make", "-n", "-o", ".venv/.site-requirements", "convert", "TIMEZONE=Asia/Tokyo"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    assert "scripts/convert.py --timezone Asia/Tokyo" in dry_run
    content = tmp_path / "content"
    names = sorted(TOKYO)
    result = run_converter(*(PAGES / name for name in names), "--out", content / "articles",
                           "--timezone", "Asia/Tokyo")
    assert result.returncode == 0, result.stderr
    built = make_html(content, tmp_path / "output", TIMEZONE="Asia/Tokyo")
    assert built.returncode == 0, built.stdout + built.stderr
    tokyo = labels.fixture_urls(tmp_path / "output", content, names)
    for name, (in_utc, in_tokyo, stamp) in TOKYO.items():
        assert labels.labels()[name]["date"].split()[1] in in_utc, name  # the time the page states
        shown = soup(file_for(tmp_path / "output", tokyo[name])).select_one(".byline time")
        assert (shown.get_text(), shown["datetime"]) == (in_tokyo, stamp), name
        assert soup(file_for(sample_site, fixture_urls[name])).select_one(".byline time").get_text() == in_utc


def test_the_readmes_site_language_command_works(tmp_path):
    """README, "Site language": "Try it without editing: make html SITE_LANG=ja",
    run as written there (on a one-article content folder, with this interpreter's Pelican)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [command] = re.findall(r"`(make html SITE_LANG=[^`]+)`", readme)
    content = write_articles(tmp_path / "content", gold=article())
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        f"{command} CONTENT={content} OUTPUT={tmp_path / 'output'} BIN={bin_dir} "
        "-o .venv/.site-requirements --no-print-directory",
        shell=True, cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    index = soup(tmp_path / "output" / "index.html")
    assert index.html["lang"] == "ja" and index.h1.get_text() == "最新の記事"


def test_make_clean_removes_the_build_the_cache_and_test_artifacts(tmp_path):
    """README: `make clean` removes output/, Pelican's cache and test artifacts, and nothing else
    (run on a scratch folder, not the repository)."""
    made = ("output", "cache", ".pytest_cache", "test-artifacts")
    kept = ("content", "scraped")
    for name in made + kept:
        (tmp_path / name).mkdir()
        (tmp_path / name / "file").write_text("x", encoding="utf-8")
    subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "clean"],
                   cwd=tmp_path, capture_output=True, text=True, check=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(kept)


def listing_pages(site: Path) -> list[Path]:
    """Every page that lists articles: the index, each topic, source, author, year and month, all pages."""
    folders = [site, *site.glob("tags/*"), *site.glob("sources/*"), *site.glob("authors/*"),
               *site.glob("archives/[0-9]*"), *site.glob("archives/[0-9]*/[0-9]*")]
    pages = []
    for folder in folders:
        if (folder / "index.html").is_file() and soup(folder / "index.html").select("main ul.articles"):
            pages += [folder / "index.html", *sorted((folder / "page").glob("*/index.html"))]
    return pages


def test_every_listing_says_what_each_article_is(sample_site, fixture_urls):
    """Index, topic, source, author and archive pages: each listed article shows its source, date and
    language, a summary of one or two lines (the start of its first paragraph, labelled), and its topics."""
    names = tomllib.loads((ROOT / "theme" / "strings.toml").read_text(encoding="utf-8"))["language_names"]
    by_url = {fixture_urls[name]: labels.labels()[name] for name in labels.dated()}
    pages = listing_pages(sample_site)
    kinds = {page.relative_to(sample_site).parts[0] for page in pages}
    assert kinds == {"index.html", "tags", "sources", "authors", "archives"}
    items = 0
    for page in pages:
        for item in soup(page).select("main ul.articles > li"):
            label = by_url[url_of(sample_site, file_for(sample_site, item.a["href"], page))]
            meta = item.select_one(".meta").get_text()
            assert meta.startswith(label["source"] + " · "), (page, meta)
            assert meta.endswith(" · " + names[label["lang"]]), (page, meta)
            summary = item.select_one(".summary")
            assert summary["lang"] == label["lang"]
            shown = summary.get_text()
            assert 20 <= sum(2 if ord(c) > 0x2E80 else 1 for c in shown) <= 160, (page, shown)
            assert " ".join(label["body_first"].split()).startswith(shown.removesuffix("…")), (page, shown)
            topics = item.select_one(".topics").get_text().removeprefix("Topics: ").split(" · ")
            assert set(label["tags"]) <= set(topics), (page, topics)
            items += 1
    assert items > 5 * len(labels.dated())


def test_listing_pages_fit_the_weight_budget(many_articles_site, sample_site):
    """A full listing page (20 articles, each with its summary and topics) and its stylesheet stay
    within the article pages' budget; a listing's first page (up to 39) within its own."""
    pages = [*listing_pages(sample_site), *listing_pages(many_articles_site)]
    assert len(soup(many_articles_site / "index.html").select("main ul.articles > li")) == 39
    for page in pages:
        site = sample_site if sample_site in page.parents else many_articles_site
        sheets = [link["href"] for link in soup(page).select("link[rel=stylesheet]")]
        weight = page.stat().st_size + sum(file_for(site, href, page).stat().st_size for href in sheets)
        assert weight <= (PAGE_BUDGET if "page" in page.relative_to(site).parts else FIRST_PAGE_BUDGET), (
            page, weight)


def test_every_page_has_a_meta_description_that_says_what_it_is(sample_site, fixture_urls):
    """The site's subtitle on the index, each article's own summary, each topic's keywords, each
    source's and author's name: no two listing pages share a description."""
    pages = [p for p in html_pages(sample_site) if "pagefind" not in p.relative_to(sample_site).parts]
    descriptions = {}
    for page in pages:
        [meta] = soup(page).select('head meta[name="description"]')
        assert len(meta["content"]) >= 40, (page, meta["content"])
        descriptions[page] = meta["content"]
    assert descriptions[sample_site / "index.html"] == pelicanconf.SITESUBTITLE
    rules = tomllib.loads((ROOT / "topics.toml").read_text(encoding="utf-8"))["tags"]
    bitcoin = descriptions[sample_site / "tags" / "bitcoin" / "index.html"]
    assert "Bitcoin, BTC, ビットコイン, 比特币" in bitcoin
    assert rules["Bitcoin"]["keywords"][:4] == ["Bitcoin", "BTC", "ビットコイン", "比特币"]
    assert "CryptoSlate" in descriptions[sample_site / "sources" / "cryptoslate" / "index.html"]
    for name in labels.dated():
        page = file_for(sample_site, fixture_urls[name])
        first = " ".join(labels.labels()[name]["body_first"].split())
        assert first.startswith(descriptions[page].removesuffix("…")), name
    firsts = [p for p in pages if p.name == "index.html" and "page" not in p.relative_to(sample_site).parts
              and p.parent.parent.name in ("tags", "sources", "authors")]
    assert len({descriptions[p] for p in firsts}) == len(firsts) > 10


def test_published_pages_have_canonical_links_and_articles_open_graph(published_site):
    """With SITEURL set, every page (but the 404 page, served at any address) names its own address;
    article pages also carry Open Graph's title, type, description and URL."""
    for page in html_pages(published_site):
        if "pagefind" in page.relative_to(published_site).parts:
            continue
        canonical = soup(page).select('head link[rel="canonical"]')
        if page == published_site / "404.html":
            assert canonical == []
            continue
        [link] = canonical
        assert link["href"] == SITEURL + url_of(published_site, page), page
    for page in article_pages(published_site):
        html = soup(page)
        og = {meta["property"]: meta["content"] for meta in html.select("head meta[property^='og:']")}
        assert og["og:type"] == "article" and og["og:url"] == SITEURL + url_of(published_site, page)
        assert og["og:title"] == html.h1.get_text() and og["og:description"]
        assert og["og:description"] == html.select_one('meta[name="description"]')["content"]


def test_local_pages_have_no_canonical_link(sample_site):
    """A local build has no address of its own (relative links): no canonical link to mislead."""
    assert all(soup(page).select('link[rel="canonical"]') == [] for page in html_pages(sample_site))
