"""Versions of one original in two languages, converted and built: each page links the other.

The sample archive's translations (test_build.py) name the original's title in Latin script, so
they shared a slug already; these two share only the original's address (originals.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PAGES, ROOT, build_site, run_converter
from tests.site.builtsite import article_lang, article_pages, file_for, soup

ORIGINAL_TITLE = "Bitcoin miners’ AI pivot accelerates as hashprice sinks to record low"


def convert_and_build(tmp_path: Path, pages: dict[str, str]) -> Path:
    scraped = tmp_path / "scraped"
    scraped.mkdir()
    for name, text in pages.items():
        (scraped / name).write_text(text, encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    converted = run_converter(scraped, "--out", content / "articles")
    assert converted.returncode == 0, converted.stderr
    build_site(content, tmp_path / "output")
    return tmp_path / "output"


def test_a_japanese_copy_and_its_english_original_link_each_other(tmp_path):
    """Bitget's Japanese copy names the original by another headline than CryptoSlate's page
    prints, and comes first: both pages still show the other version, with its language."""
    japanese = (PAGES / "bitget-ja-html-bitcoin-miners-ai-hashprice.html").read_text(encoding="utf-8")
    retitled = japanese.replace(ORIGINAL_TITLE, "Miners race to AI hosting as hashprice hits a record low")
    english = (PAGES / "cryptoslate-en-bitcoin-miners-ai-hashprice.html").read_text(encoding="utf-8")
    site = convert_and_build(tmp_path, {"a-ja.html": retitled, "b-en.html": english})
    built = {article_lang(page): page for page in article_pages(site)}
    assert sorted(built) == ["en", "ja"]
    for lang, other in (("en", "ja"), ("ja", "en")):
        links = soup(built[lang]).select(".translations a")
        assert [file_for(site, link["href"], built[lang]) for link in links] == [built[other]]
        assert [link["hreflang"] for link in links] == [other]
