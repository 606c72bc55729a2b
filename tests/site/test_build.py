"""The sample archive built by Pelican with our settings, theme and plugin."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import build_site
from tests.converter.test_sample_page import CHROME_AND_PROMO, TITLE


def _article_page(site: Path) -> Path:
    [page] = [p for p in site.glob("articles/**/index.html") if TITLE in p.read_text(encoding="utf-8")]
    return page


def test_article_page_shows_metadata_and_no_promo(sample_site):
    html = _article_page(sample_site).read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    shown = ("CryptoSlate", "Christina Comben", "2025-10-12", "Via Bitget", "Pentagon’s billion-dollar bet")
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
    assert "Rare Earths" in (sample_site / "tags" / "index.html").read_text(encoding="utf-8")


def test_search_index_is_written(sample_site):
    bundle = sample_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-ui.js").is_file()
    assert list((bundle / "index").glob("*.pf_index"))
    assert list((bundle / "fragment").glob("*.pf_fragment"))


def test_paginated_pages_never_collide(tmp_path):
    """Page 2 of author "A 1" and the page of author "A 12" are different files."""
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for author, count in (("A 1", 25), ("A 12", 1)):
        for n in range(count):
            (content / f"{author.replace(' ', '')}-{n}.md").write_text(
                f"Title: {author} post {n}\nDate: 2025-01-{n % 28 + 1:02d} 10:00\nAuthor: {author}\n"
                f"Source: Test\nSlug: {author.replace(' ', '-').lower()}-post-{n}\n\nBody {n}.\n",
                encoding="utf-8",
            )
    output = tmp_path / "output"
    build_site(tmp_path / "content", output)
    page_two = (output / "authors" / "a-1" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert "A 1 post" in page_two
    assert "A 12 post" in (output / "authors" / "a-12" / "index.html").read_text(encoding="utf-8")


def test_no_page_can_run_scraped_code(sample_site):
    """Only the theme's own search script may appear; nothing that came from a scraped page."""
    for page in sample_site.glob("articles/**/index.html"):
        html = page.read_text(encoding="utf-8").lower()
        body = html.split('<div class="body">', 1)[1].split("</article>", 1)[0]
        assert "<script" not in body, page
        assert "<iframe" not in body, page
        assert "javascript:" not in body, page
        assert "<svg" not in body, page
        assert not re.search(r"<[^>]+\son\w+\s*=", body), page
