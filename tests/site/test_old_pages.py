"""Old pages never change (issue 26): adding an article rewrites the pages it belongs on, no others.

A generated archive (scripts/benchmark.py's corpus, converted: 59 articles over 2020-2026 in a
dozen languages) is built with four articles a listing page, then built again from scratch with
one article added: once dated after the newest article, once dated in the middle of the timeline.
Each pair of full builds (same settings, fresh output folders) is compared byte for byte, and the
files that differ are exactly those item 1 of the issue allows:

- a newest article: its own page, its predecessor's page (the "next" link), the first page of
  each listing it belongs to (the index, its topics, source, author, language, year and month) and,
  when that page fills up, a new numbered page and the pending page after it; the pages that count
  articles (topics, sources, authors, archives and the search page); its feeds, the sitemap and the
  search index. No numbered page of any listing, and no other article page.
- a middle article: its own page, its neighbours' (previous and next), the related lists of the
  articles after it within related.py's window in each of its topics (earlier articles only are
  related, so no article before it); in each listing it belongs to, the numbered page it lands on,
  every numbered page after it (each passes one article on to the next) and the first page; the
  counting pages, the sitemap and the search index; feeds that list it. The numbered pages before
  it do not change.

The changed files are written to test-artifacts/changed-pages.txt.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from archive.related import WINDOW

from tests.conftest import ARTIFACTS, build_site
from tests.site import labels
from tests.site.builtsite import file_for, generated_site, soup, url_of

PER_PAGE = 4
SETTINGS = ("-e", f"DEFAULT_PAGINATION={PER_PAGE}")
# The pages that count articles (authors/ too when the article names an author), and the search
# page's latest articles and counts.
COUNTING = {"tags/index.html", "sources/index.html", "archives/index.html", "search/index.html"}


def is_search_index(name: str) -> bool:
    """Pagefind's files and the search page's data (search/terms.json, ...)."""
    return name.startswith("pagefind/") or (name.startswith("search/") and name.endswith(".json"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Path, Path]:
    """(output, content) of the generated archive, built: 59 articles, so that one more fills the
    site's index (60 = 15 pages of four) and makes a new numbered page."""
    return generated_site(tmp_path_factory.mktemp("old-pages"), 59, 26, *SETTINGS)


def articles_in_order(content: Path) -> list[dict[str, str]]:
    """The articles' metadata, oldest first in the archive's order (date, slug, language)."""
    headers = [labels.metadata(md) for md in (content / "articles").rglob("*.md")]
    return sorted(headers, key=lambda h: (datetime.fromisoformat(h["Date"]), h["Slug"], h["Lang"]))


def rebuilt_with(archive, base: Path, like: dict[str, str], minutes: int) -> tuple[Path, Path]:
    """The archive with one hand-written article in `like`'s language, source, author and topics,
    dated `minutes` after it, built from scratch into a fresh folder; returns (output, its page)."""
    _, content = archive
    copy = base / "content"
    shutil.copytree(content, copy)
    date = datetime.fromisoformat(like["Date"]) + timedelta(minutes=minutes)
    header = {"Title": f"Added after {like['Slug']}", "Date": date.isoformat(), "Slug": "added-article",
              **{key: like[key] for key in ("Author", "Source", "Lang", "Tags") if key in like},
              "Summary": "An article added to a built archive."}
    text = "".join(f"{key}: {value}\n" for key, value in header.items()) + "\nAn article added.\n"
    (copy / "articles" / "added-article.md").write_text(text, encoding="utf-8")
    build_site(copy, base / "output", "pelicanconf.py", *SETTINGS)
    return base / "output", labels.page_of(base / "output", header)


def digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in site.rglob("*") if path.is_file()}


def changed_files(before: Path, after: Path) -> set[str]:
    """Files added, removed or different between two builds."""
    old, new = digests(before), digests(after)
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def report(name: str, changed: set[str], total: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "changed-pages.txt"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    text = text.split(f"# {name}\n")[0] if f"# {name}\n" in text else text
    pages = sorted(f for f in changed if not is_search_index(f))
    text += f"# {name}\n{len(changed)} of {total} files changed ({len(pages)} outside the search index)\n"
    path.write_text(text + "".join(f"  {page}\n" for page in pages), encoding="utf-8")


@dataclass
class Listing:
    """A listing's files in one build: its first page, its numbered pages by number (pending
    pages, which list nothing, apart) and the articles each lists, newest first."""

    first: str
    numbered: dict[int, str]
    pending: set[str]
    articles: dict[str, list[str]]

    @property
    def files(self) -> set[str]:
        return {self.first, *self.numbered.values(), *self.pending}

    def newest_first(self) -> list[str]:
        """Every article it lists, as a reader paging "older" from its first page meets them."""
        pages = [self.first, *(self.numbered[n] for n in sorted(self.numbered, reverse=True))]
        return [url for page in pages for url in self.articles[page]]

    def number_of(self, url: str) -> int | None:
        """The number of the numbered page listing `url`; None on the first page."""
        return next((n for n, page in self.numbered.items() if url in self.articles[page]), None)


def listing(site: Path, folder: str) -> Listing:
    first = f"{folder}index.html"
    numbered, pending, articles = {}, set(), {}
    for page in [site / first, *(site / folder).glob("page/*/index.html")]:
        name = page.relative_to(site).as_posix()
        articles[name] = [url_of(site, file_for(site, item.a["href"], page))
                          for item in soup(page).select("main ul.articles > li")]
        if name == first:
            continue
        if soup(page).select_one("main .pending"):
            pending.add(name)
        else:
            numbered[int(page.parent.name)] = name
    return Listing(first, numbered, pending, articles)


def listings_of(site: Path, page: Path) -> list[str]:
    """The folders of every listing an article page belongs to: the index, its topics, source,
    authors, language, year and month."""
    html = soup(page)
    links = html.select("article a[rel=tag], .byline a")
    published = datetime.fromisoformat(html.find("meta", property="article:published_time")["content"])
    folders = ["", f"languages/{html.html['lang']}/", f"archives/{published:%Y}/",
               f"archives/{published:%Y/%m}/"]
    for link in links:
        folders.append(file_for(site, link["href"], page).parent.relative_to(site).as_posix() + "/")
    return folders


def counting(page: Path) -> set[str]:
    """The pages whose counts an article changes."""
    return COUNTING | ({"authors/index.html"} if soup(page).select(".byline a:not(.source)") else set())


def neighbours(site: Path, page: Path) -> set[str]:
    return {file_for(site, a["href"], page).relative_to(site).as_posix()
            for a in soup(page).select(".neighbours a")}


def feeds_of(site: Path, page: Path) -> set[str]:
    """The Atom feeds that list an article newer than their fiftieth: all, its topics, its source."""
    html = soup(page)
    slugs = [file_for(site, a["href"], page).parent.name for a in html.select("article a[rel=tag]")]
    source = file_for(site, html.select_one(".byline a.source")["href"], page).parent.name
    return {"feeds/all.atom.xml", f"feeds/sources/{source}.atom.xml",
            *(f"feeds/tags/{slug}.atom.xml" for slug in slugs)}


def test_a_newest_article_changes_its_page_its_predecessor_and_the_newest_listing_pages(
        archive, tmp_path_factory):
    before, content = archive
    newest = articles_in_order(content)[-1]
    after, page = rebuilt_with(archive, tmp_path_factory.mktemp("newest"), newest, minutes=1)
    changed = changed_files(before, after)
    report("one article added after the newest", changed, len(digests(after)))
    name = page.relative_to(after).as_posix()
    predecessor = labels.page_of(after, newest).relative_to(after).as_posix()
    assert neighbours(after, page) == {predecessor}
    expected = {name, predecessor, *counting(page), *feeds_of(after, page), "sitemap.xml"}
    rolled = 0
    for folder in listings_of(after, page):
        old, new = listing(before, folder), listing(after, folder)
        assert old.first and set(old.numbered.values()) <= set(new.numbered.values()), folder
        made = {new.numbered[n] for n in new.numbered.keys() - old.numbered.keys()}
        assert len(made) <= 1, folder  # the index full: its oldest four become one new page
        moved = (new.pending ^ old.pending) if made else set()
        rolled += bool(made)
        expected |= {new.first, *made, *moved}
        assert PER_PAGE <= len(new.articles[new.first]) < 2 * PER_PAGE or not new.numbered, folder
    assert {f for f in changed if not is_search_index(f)} == expected
    assert any(f.startswith("pagefind/") for f in changed)
    assert rolled >= 1  # one of its listings filled up: the new page and the moved pending page shown


def test_a_middle_article_changes_its_neighbours_and_the_listing_pages_from_where_it_lands(
        archive, tmp_path_factory):
    before, content = archive
    ordered = articles_in_order(content)
    middle = ordered[len(ordered) // 2]
    after, page = rebuilt_with(archive, tmp_path_factory.mktemp("middle"), middle, minutes=1)
    changed = changed_files(before, after)
    report("one article added in the middle of the timeline", changed, len(digests(after)))
    name = page.relative_to(after).as_posix()
    beside = neighbours(after, page)
    assert labels.page_of(after, middle).relative_to(after).as_posix() in beside and len(beside) == 2
    must = {name, *beside, *counting(page), "sitemap.xml"}
    may = set(feeds_of(after, page))
    url = url_of(after, page)
    for link in soup(page).select("article a[rel=tag]"):  # the articles after it in each topic's window
        topic = listing(after, file_for(after, link["href"], page).parent.relative_to(after).as_posix() + "/")
        later = topic.newest_first()
        at = later.index(url)
        window = later[max(0, at - WINDOW):at]
        may |= {file_for(after, newer).relative_to(after).as_posix() for newer in window}
    shifted = 0
    for folder in listings_of(after, page):
        old, new = listing(before, folder), listing(after, folder)
        lands = new.number_of(url)
        kept = {file for n, file in old.numbered.items() if lands is None or n < lands}
        assert not kept & changed, folder  # the pages before the one it lands on are as they were
        moved = {file for n, file in old.numbered.items() if lands is not None and n >= lands}
        shifted += len(moved)
        made = {new.numbered[n] for n in new.numbered.keys() - old.numbered.keys()}
        must |= {new.first, *moved, *made, *((new.pending ^ old.pending) if made else set())}
    assert must <= changed
    assert {f for f in changed if not is_search_index(f)} - must <= may
    assert shifted >= 2  # it landed on numbered pages and pushed the pages after them on
    articles = {f for f in changed if f.startswith("articles/")}
    assert articles - {name, *beside} <= may  # a later article's related list, nothing earlier
