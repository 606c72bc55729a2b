"""What content/articles/ already holds: which article owns a slug, and which page made each file."""

from __future__ import annotations

from pathlib import Path

from converter.archive import Archive, article_key, read_existing
from converter.model import Article, Block
from converter.store import with_digest

LEAD = "Spot bitcoin ETFs recorded their largest single-day net inflow on Monday, a combined $1.05 billion."


def etf_article(title: str = "Spot bitcoin ETFs log record $1.05 billion inflow", lang: str = "en",
                blocks: list[Block] | None = None) -> Article:
    if blocks is None:
        blocks = [Block("paragraph", LEAD, LEAD)]
    return Article(title=title, lang=lang, slug="spot-bitcoin-etfs-log-record", date=None, blocks=blocks)


def write(path: Path, text: str, generated: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(with_digest(text) if generated else text, encoding="utf-8")
    return path


def test_the_key_ignores_how_the_page_was_saved():
    """A text dump and a saved page of one article differ in case, width, punctuation and spacing."""
    key = article_key(etf_article())
    assert len(key) == 16 and int(key, 16) >= 0
    wide = etf_article(title="ＳＰＯＴ  Bitcoin ETFs — log record $1.05 billion inflow!",
                       blocks=[Block("paragraph", LEAD.upper().replace(" ", "  "), "")])
    assert article_key(wide) == key


def test_the_key_tells_articles_apart_by_language_title_and_opening():
    key = article_key(etf_article())
    assert article_key(etf_article(lang="ja")) != key
    assert article_key(etf_article(title="Spot ether ETFs log record inflow")) != key
    other_lead = LEAD.replace("Monday", "Tuesday")
    assert article_key(etf_article(blocks=[Block("paragraph", other_lead, "")])) != key


def test_the_key_reads_the_opening_paragraphs_only():
    """Subheadings, quotes and images differ between a dump and a saved page; the text beyond the
    opening is where later corrections land."""
    extras = [Block("heading", "Flows by issuer", ""), Block("quote", "A record day.", ""),
              Block("image", "chart", "")]
    with_extras = etf_article(blocks=[*extras, Block("paragraph", LEAD, "")])
    assert article_key(with_extras) == article_key(etf_article())
    long_lead = "x" * 200
    first = etf_article(blocks=[Block("paragraph", long_lead + " corrected later", "")])
    second = etf_article(blocks=[Block("paragraph", long_lead + " as first published", "")])
    assert article_key(first) == article_key(second)
    shorter = etf_article(blocks=[Block("paragraph", "x" * 199 + "y", "")])
    assert article_key(shorter) != article_key(first)


def test_a_generated_file_says_its_slug_language_page_and_key(tmp_path):
    path = write(tmp_path / "2024" / "a.en.md", (
        "Title: Spot bitcoin ETFs log record inflow\nSlug: spot-bitcoin-etfs\nLang: en\n"
        "Scraped_From: scraped/bitget/etf.txt\nArticle_Key: 0123456789abcdef\n\nBody.\n"
    ))
    existing = read_existing(path)
    assert (existing.slug, existing.lang) == ("spot-bitcoin-etfs", "en")
    assert (existing.scraped_from, existing.key) == ("scraped/bitget/etf.txt", "0123456789abcdef")
    assert existing.generated and not existing.hand_edited and not existing.legacy


def test_a_hand_written_file_gets_its_slug_from_title_or_file_name(tmp_path):
    """Pelican slugs an article without `Slug:` from its title: the claim must match what Pelican does."""
    titled = read_existing(write(tmp_path / "notes.ja.md", "Title: My ETF Notes\n\nMine.\n", generated=False))
    assert (titled.slug, titled.lang, titled.key, titled.scraped_from) == ("my-etf-notes", "ja", "", "")
    assert titled.hand_edited and not titled.generated and not titled.legacy
    untitled = read_existing(write(tmp_path / "draft.md", "Lang: en\n\nMine.\n", generated=False))
    assert (untitled.slug, untitled.lang) == ("draft", "en")
    assert read_existing(write(tmp_path / "x.md", "\nMine.\n", generated=False)).lang == ""


def test_only_the_header_counts_and_its_first_value_wins(tmp_path):
    path = write(tmp_path / "a.en.md", (
        "Title: ETF notes\nslug:   etf-notes  \nSlug: later-value\nLang:\tde\nNot a header line\n\n"
        "Slug: from-the-body\nArticle_Key: from-the-body\n\nScraped_From: also-the-body\n\nThe end.\n"
    ), generated=False)
    existing = read_existing(path)
    assert (existing.slug, existing.lang, existing.key, existing.scraped_from) == ("etf-notes", "de", "", "")


def test_a_file_of_an_older_converter_is_legacy(tmp_path):
    """Before articles recorded their page and key: generated, but nothing says which page."""
    existing = read_existing(write(tmp_path / "a.en.md", "Title: ETF\nSlug: etf\n\nBody.\n"))
    assert existing.legacy


def test_a_file_in_another_encoding_is_read_not_fatal(tmp_path):
    path = tmp_path / "a.de.md"
    path.write_bytes("Title: Bücher\nSlug: buecher\n\nÜber ETFs.\n".encode("latin-1"))
    existing = read_existing(path)
    assert (existing.slug, existing.lang, existing.hand_edited) == ("buecher", "de", True)


def test_the_first_file_in_path_order_holds_a_slug(tmp_path):
    """Two files claiming one slug (a user's copy, say): the first in path order keeps it."""
    first = write(tmp_path / "2024" / "a.en.md", "Title: A\nSlug: etf\nArticle_Key: k1\n\nA.\n")
    write(tmp_path / "2025" / "b.en.md", "Title: B\nSlug: etf\nArticle_Key: k1\n\nB.\n")
    japanese = write(tmp_path / "2025" / "c.ja.md", "Title: C\nSlug: etf\nLang: ja\n\nC.\n")
    archive = Archive.load(tmp_path)
    assert len(archive.articles) == 3
    assert archive.holder("etf", "en").path == first
    assert archive.holder("etf", "ja").path == japanese
    assert archive.holder("etf", "zh-CN") is None
    assert archive.by_key["k1"].path == first
    assert set(archive.by_key) == {"k1"}


def test_links_and_folders_are_not_articles(tmp_path):
    real = write(tmp_path / "elsewhere" / "a.en.md", "Title: A\nSlug: a\n\nA.\n")
    out = tmp_path / "articles"
    (out / "2025" / "folder.md").mkdir(parents=True)
    (out / "2025" / "link.en.md").symlink_to(real)
    after = write(out / "2025" / "z.en.md", "Title: Z\nSlug: z\n\nZ.\n")  # after both in path order
    assert list(Archive.load(out).articles) == [after]
    assert Archive.load(tmp_path / "missing").articles == {}


def test_a_suffixed_slug_from_an_earlier_run_is_kept(tmp_path):
    """An article that once had to take `slug-<key>` keeps that address when the other one goes."""
    write(tmp_path / "a.en.md", "Title: A\nSlug: weekly-wrap-1a2b3c\nArticle_Key: 1a2b3c4d\n\nA.\n")
    write(tmp_path / "b.en.md", "Title: B\nSlug: weekly-wrap\nArticle_Key: 9f8e7d6c\n\nB.\n")
    archive = Archive.load(tmp_path)
    assert archive.published_slug("1a2b3c4d", "weekly-wrap") == "weekly-wrap-1a2b3c"
    assert archive.published_slug("9f8e7d6c", "weekly-wrap") is None  # its own slug: nothing to keep
    assert archive.published_slug("9f8e7d6c", "weekly-wra") is None  # not "weekly-wra" plus a suffix
    assert archive.published_slug("unknown", "weekly-wrap") is None


def test_the_key_does_not_depend_on_how_the_body_is_split_into_paragraphs():
    """A dump's paragraphs are guessed from its lines, a saved page's come from its markup."""
    first, second = LEAD, "BlackRock's fund led the way with $562.9 million."
    split = etf_article(blocks=[Block("paragraph", first, ""), Block("paragraph", second, "")])
    joined = etf_article(blocks=[Block("paragraph", f"{first} {second}", "")])
    assert article_key(split) == article_key(joined)
