"""One scraped file in, one rendered article out: what each conversion carries to the batch."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter import pipeline
from converter.archive import article_key
from converter.captures import Capture
from converter.metadata import Settings
from converter.pipeline import UnsafePath, convert_file, input_label, with_slug
from converter.render import render
from converter.topics import load_rules

from tests.conftest import PAGES, SAMPLE

UTC = Settings(timezone=ZoneInfo("UTC"))
TOKYO_MTIME = Settings(timezone=ZoneInfo("Asia/Tokyo"), date_from_mtime=True)
RULES = load_rules()
UNDATED = (
    "Bitget App\nTrade smarter\nBuy cryptoMarketsTradeFuturesEarnSquareMore\n"
    "Miners sell reserves as hashprice falls\n\nMiners sell reserves as hashprice falls\n\n"
    "By:Marcus Hale\n\n"
    "Public bitcoin miners sold more of their reserves in November than in any month this year.\n\n"
    "Hashprice, the revenue per unit of hashrate, fell to a record low after the difficulty rose.\n"
)


def test_a_text_dump_converts_to_its_article_and_file():
    conversion = convert_file(SAMPLE, RULES, UTC)
    article = conversion.article
    assert (conversion.input, conversion.format, conversion.date_from_page) == (Capture(SAMPLE), "text", True)
    assert article.lang == "ja" and article.title.startswith("金の延べ棒から")
    assert conversion.relative_path == Path("2025") / f"{article.slug}.ja.md"
    assert conversion.markdown.count("\n## ") == 2  # a dump's subheadings are inferred from its lines
    assert conversion.markdown == render(article)
    assert article.key == article_key(article)
    assert article.scraped_from == input_label(SAMPLE)


def test_a_saved_html_page_is_read_as_html():
    """Saved pages keep their markup: subheadings come from it (a dump's are inferred)."""
    conversion = convert_file(PAGES / "cryptoslate-en-genius-act-stablecoins.html", RULES, UTC)
    assert conversion.format == "html"
    assert conversion.article.lang == "en"
    assert "\n## " in conversion.markdown


def test_the_language_follows_the_text_not_the_site(tmp_path):
    """Bitget serves some articles untranslated: an English article on the Japanese site is English."""
    japanese_chrome = SAMPLE.read_text(encoding="utf-8").splitlines()[:3]
    english = (PAGES / "bitget-en-theblock-bitcoin-etf-record-inflow.txt").read_text(encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("\n".join(japanese_chrome + english.splitlines()[3:]), encoding="utf-8")
    article = convert_file(page, RULES, UTC).article
    assert article.lang == "en"
    assert article.title.startswith("Spot bitcoin ETFs log record")


def test_an_untranslated_headline_does_not_decide_the_language(tmp_path):
    """The language is read from the whole article: an English headline over a Japanese body is Japanese."""
    text = SAMPLE.read_text(encoding="utf-8")
    title = text.splitlines()[3]
    page = tmp_path / "page.txt"
    page.write_text(text.replace(title, "From gold bars to rare earths: the Pentagon's resource bet"),
                    encoding="utf-8")
    article = convert_file(page, RULES, UTC).article
    assert article.title.startswith("From gold bars")
    assert article.lang == "ja"


def test_an_undated_page_is_an_undated_draft(tmp_path):
    page = tmp_path / "undated.txt"
    page.write_text(UNDATED, encoding="utf-8")
    conversion = convert_file(page, RULES, UTC)
    assert conversion.date_from_page is False
    assert (conversion.article.date, conversion.article.status) == (None, "draft")
    assert conversion.relative_path.parent == Path("undated")


def test_the_modification_time_dates_an_undated_page_to_the_minute_in_the_timezone(tmp_path):
    page = tmp_path / "undated.txt"
    page.write_text(UNDATED, encoding="utf-8")
    stamp = datetime(2025, 11, 3, 23, 59, 42, 123456, tzinfo=ZoneInfo("UTC")).timestamp()
    os.utime(page, (stamp, stamp))
    conversion = convert_file(page, RULES, TOKYO_MTIME)
    assert conversion.date_from_page is False
    assert conversion.article.date == datetime(2025, 11, 4, 8, 59, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert conversion.article.date.utcoffset().total_seconds() == 9 * 3600
    assert conversion.relative_path.parent == Path("2025")


def test_a_dated_page_ignores_the_modification_time(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(SAMPLE.read_bytes())
    os.utime(page, (0, 0))
    conversion = convert_file(page, RULES, TOKYO_MTIME)
    assert conversion.date_from_page is True
    assert conversion.article.date.year == 2025


def test_another_slug_moves_the_file_and_rewrites_the_header():
    conversion = convert_file(SAMPLE, RULES, UTC)
    moved = with_slug(conversion, "pentagon-rare-earths-2")
    assert moved.article.slug == "pentagon-rare-earths-2"
    assert moved.relative_path == Path("2025") / "pentagon-rare-earths-2.ja.md"
    assert "\nSlug: pentagon-rare-earths-2\n" in moved.markdown
    assert moved.markdown == render(moved.article)
    assert (moved.input, moved.article.key) == (conversion.input, conversion.article.key)


@pytest.mark.parametrize(("slug", "lang"), [("../../pages/about", "en"), ("ok", "x/../../pages"),
                                             ("ok", ""), ("Ok", "en"), ("a_b", "en"), ("ok", "EN")])
def test_an_article_whose_name_is_not_plain_has_no_output_path(slug, lang):
    """output_path builds the file name from closed sets only; anything else is the input's failure."""
    conversion = convert_file(SAMPLE, RULES, UTC)
    article = replace(conversion.article, slug=slug, lang=lang)
    with pytest.raises(UnsafePath):
        pipeline.output_path(article)


def test_pages_are_labelled_relative_to_the_project_so_a_moved_checkout_still_matches(tmp_path):
    inside = pipeline.ROOT / "scraped" / "bitget" / "a.txt"
    assert input_label(inside) == "scraped/bitget/a.txt"
    assert input_label(pipeline.ROOT / "scraped" / ".." / "scraped" / "a.txt") == "scraped/a.txt"
    assert input_label(tmp_path / "a.txt") == str(tmp_path / "a.txt")


def test_a_label_names_the_link_not_what_it_points_at(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    assert input_label(tmp_path / "linked" / "a.txt") == str(tmp_path / "linked" / "a.txt")
