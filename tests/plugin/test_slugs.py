"""A source, author or tag whose name slugifies to nothing still gets a page of its own."""

from __future__ import annotations

from types import SimpleNamespace

from archive.slugs import fallback_slug, name_empty_slugs
from pelican.settings import read_settings
from pelican.urlwrappers import Author, Category, Tag, URLWrapper

from tests.conftest import ROOT

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def article(source: str, authors: list[str], tags: list[str]) -> SimpleNamespace:
    """Pelican makes a new Category, Author and Tag object for every article that names one."""
    writers = [Author(name, SETTINGS) for name in authors]
    return SimpleNamespace(
        category=Category(source, SETTINGS), author=writers[0], authors=writers,
        tags=[Tag(name, SETTINGS) for name in tags],
    )


def build(*articles: SimpleNamespace, drafts: tuple = ()) -> SimpleNamespace:
    """Run the plugin the way article_generator_pretaxonomy does."""
    generator = SimpleNamespace(articles=list(articles), translations=[], drafts=list(drafts))
    name_empty_slugs(generator)
    return generator


def test_names_without_a_slug_get_distinct_pages():
    first, second = article("???", ["🚀🚀"], ["💎"]), article("!!!", ["🌕"], ["🔥"])
    build(first, second)
    assert first.category.slug.startswith("source-") and first.category.slug != second.category.slug
    assert first.author.slug.startswith("author-") and first.author.slug != second.author.slug
    assert first.tags[0].slug.startswith("tag-") and first.tags[0] != second.tags[0]
    assert len({first.author, second.author}) == 2  # Pelican groups articles by these (hash = slug)
    assert first.category.save_as == f"sources/{first.category.slug}/index.html" != "sources//index.html"


def test_the_same_name_gets_the_same_page_in_every_article_and_build():
    one, other = article("CryptoSlate", ["🚀🚀"], ["💎"]), article("CryptoSlate", ["🚀🚀"], ["💎"])
    build(one)
    build(other)
    assert one.author is not other.author and one.author == other.author
    assert one.author.slug == fallback_slug(Author("🚀🚀", SETTINGS)) == "author-6708b29c"
    assert one.tags[0].slug == other.tags[0].slug


def test_ordinary_slugs_are_left_alone():
    normal = article("The Block", ["Priya Natarajan"], ["Bitcoin", "DeFi 🔥"])
    build(normal)
    assert [normal.category.slug, normal.author.slug] == ["the-block", "priya-natarajan"]
    assert [tag.slug for tag in normal.tags] == ["bitcoin", "defi"]


def test_drafts_are_named_too():
    draft = article("???", ["🚀"], [])
    build(drafts=(draft,))
    assert draft.category.slug.startswith("source-")


def test_every_author_of_an_article_gets_a_page():
    """`Author:` and `Authors:` headers in one file: Pelican keeps both, and neither is always first."""
    several = article("CryptoSlate", ["Priya Natarajan", "🌕"], [])
    several.author = Author("🚀", SETTINGS)
    build(several)
    assert several.author.slug == fallback_slug(Author("🚀", SETTINGS))
    assert several.authors[1].slug == fallback_slug(Author("🌕", SETTINGS)) != several.author.slug


def test_an_article_with_no_author_or_tags_is_named_too():
    """A converted page without a byline: Pelican sets no `author`, `authors` or `tags` on it."""
    bare = SimpleNamespace(category=Category("???", SETTINGS))
    build(bare)
    assert bare.category.slug == fallback_slug(Category("???", SETTINGS))


def test_a_kind_of_page_the_plugin_does_not_know_is_named_after_its_class():
    class Series(URLWrapper):
        pass

    digest = fallback_slug(Tag("🚀", SETTINGS)).removeprefix("tag-")
    assert fallback_slug(Series("🚀", SETTINGS)) == f"series-{digest}"


def test_a_name_too_long_for_a_folder_gets_a_short_slug_of_its_own():
    """A 300,000-character author name made a folder name the file system refused, and the whole
    build stopped (issue 22, found by the budget tests)."""
    long_one, other = "Jane Doe " * 40_000, "Jane Doe " * 40_000 + "Jr"
    first, second = article("The Block", [long_one], []), article("The Block", [other], [])
    build(first, second)
    assert len(first.author.slug) <= 80 and first.author.slug.startswith("jane-doe-jane-doe")
    assert first.author.slug != second.author.slug
    assert len(first.author.save_as.encode("utf-8")) < 255
