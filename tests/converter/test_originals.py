"""Versions of one original in several languages: what ties them together, and the slug they share."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, datetime

import pytest
from converter.model import Article
from converter.originals import (
    FROM_ORIGINAL,
    HASHED,
    ORIGINAL,
    READABLE,
    Originals,
    Version,
    original_keys,
    rank,
    shared_slug,
    url_key,
    version_of,
)

URL = "https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates/"


@pytest.mark.parametrize(
    "mention",
    [
        "https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates/",
        "https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates",
        "HTTPS://CryptoSlate.COM/bitcoin-miners-ai-pivot-accelerates/",
        "http://www.cryptoslate.com/bitcoin-miners-ai-pivot-accelerates/",
        "https://cryptoslate.com:443/bitcoin-miners-ai-pivot-accelerates/#comments",
        "https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates/?utm_source=bitget&utm_medium=news&fbclid=x",
        "  https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates/?ref=bitget ",
    ],
)
def test_mentions_of_one_address_are_one_key(mention):
    assert url_key(mention) == url_key(URL) != ""


def test_other_addresses_are_other_keys():
    assert url_key("https://cryptoslate.com/bitcoin-miners-ai-pivot-slows/") != url_key(URL)
    assert url_key("https://theblock.co/bitcoin-miners-ai-pivot-accelerates/") != url_key(URL)
    # A query that names the page is kept: ?p=1 and ?p=2 are two articles.
    assert url_key("https://example.com/index.php?p=1") != url_key("https://example.com/index.php?p=2")


@pytest.mark.parametrize(
    "address",
    ["https://cryptoslate.com/", "https://cryptoslate.com", "javascript:alert(1)", "../../etc/passwd",
     "mailto:news@cryptoslate.com", "https://[::1/x", "https://cryptoslate.com:99999/a", ""],
)
def test_an_address_that_names_no_article_ties_nothing(address):
    """A site's home page (or no web address at all) would tie every article of a site together."""
    assert url_key(address) == ""


def test_the_original_title_names_the_original_and_a_lead_title_names_nothing():
    keys = original_keys("日本の利回り急騰", "Japan's yield surge revives carry-trade fears", "")
    assert keys == original_keys("Japan’s Yield Surge Revives Carry-Trade Fears", "", "")
    lead = "Bitcoin rose in March while ether lagged"
    assert original_keys(lead, "", "", title_from_lead=True) == frozenset()
    assert original_keys("Short", "", "") == frozenset()  # too short to say which original


def test_the_originals_own_copy_ranks_first_then_slugs_made_from_the_original():
    day = datetime(2025, 6, 18, tzinfo=UTC)
    title = "Bitcoin miners' AI pivot accelerates"
    # The publisher's page (no Via), or a copy whose title is the original title.
    assert rank("x", title, "", URL, "", "", "CryptoSlate", day) == ORIGINAL
    assert rank("x", title, title, URL, "Bitget", "", "CryptoSlate", day) == ORIGINAL
    japanese = "ビットコインマイナーのAI転換が加速"
    made = "bitcoin-miners-ai-pivot-accelerates"
    assert rank(made, japanese, title, URL, "Bitget", "", "CryptoSlate", day) == FROM_ORIGINAL
    assert rank(f"{made}-1a2b3c", japanese, title, URL, "Bitget", "", "CryptoSlate", day) == FROM_ORIGINAL
    assert rank("mainers-no-ai", japanese, title, URL, "Bitget", "", "CryptoSlate", day) == READABLE
    hashed = "cryptoslate-20250618-" + hashlib.sha256("★".encode()).hexdigest()[:8]
    assert rank(hashed, "★", "", "", "Bitget", "", "CryptoSlate", day) == HASHED


def version(ident: str, lang: str, slug: str, keys: set[str], order: int = READABLE, pinned: bool = False):
    return Version(ident, lang, slug, frozenset(keys), pinned, lambda: order)


def test_versions_that_share_a_key_share_the_best_slug_whatever_their_order():
    versions = [
        version("ja", "ja", "mainers-no-ai-tenkan-1a2b3c", {"url:u"}, READABLE),
        version("en", "en", "bitcoin-miners-ai-pivot", {"url:u", "title:t"}, ORIGINAL),
        version("es", "es", "los-mineros-de-bitcoin", {"title:t"}, READABLE),
        version("de", "de", "bitcoin-miner-setzen-auf-ki", {"title:t"}, FROM_ORIGINAL),
    ]
    for order in itertools.permutations(versions):
        originals = Originals(order)
        assert {originals.slug_for(v.ident) for v in versions} == {"bitcoin-miners-ai-pivot"}


def test_without_the_original_the_slug_made_from_it_then_the_smallest():
    made = version("de", "de", "zzz-from-original", {"url:u"}, FROM_ORIGINAL)
    other = version("es", "es", "aaa-own-title", {"url:u"}, READABLE)
    assert shared_slug([other, made]) == shared_slug([made, other]) == "zzz-from-original"
    tie = version("fr", "fr", "bbb-own-title", {"url:u"}, READABLE)
    assert shared_slug([tie, other]) == shared_slug([other, tie]) == "aaa-own-title"


def test_a_published_slug_never_moves_and_the_others_take_it():
    """An address once published is kept: a new translation, even the original, takes it."""
    published = version("ja", "ja", "ja-slug-published", {"url:u"}, READABLE, pinned=True)
    original = version("en", "en", "english-original", {"url:u"}, ORIGINAL)
    originals = Originals([original, published])
    assert originals.slug_for("en") == originals.slug_for("ja") == "ja-slug-published"


def test_two_articles_in_one_language_are_no_group():
    """Two English articles naming one original (a home page, a title used twice) are not one
    original's versions: nobody's slug moves, and none is shared."""
    versions = [version("en-1", "en", "first-story", {"url:u"}),
                version("en-2", "en", "second-story", {"url:u"}),
                version("ja", "ja", "nihongo-no-kiji", {"url:u"})]
    originals = Originals(versions)
    assert [originals.slug_for(v.ident) for v in versions] == [v.slug for v in versions]


def test_a_version_alone_keeps_its_own_slug():
    alone = version("en", "en", "own", {"url:u"})
    assert Originals([alone]).slug_for("en") == "own"
    assert shared_slug([alone]) is None


def test_a_version_converted_again_replaces_the_old_one_and_a_removed_one_ties_nothing():
    originals = Originals([version("en", "en", "english", {"url:u"}, ORIGINAL),
                           version("ja", "ja", "japanese", {"url:u"})])
    originals.add(version("en", "en", "english", {"url:other"}, ORIGINAL))
    assert originals.slug_for("ja") == "japanese"
    originals.add(version("en", "en", "english", {"url:u"}, ORIGINAL))
    assert originals.slug_for("ja") == "english"
    originals.remove("en")
    assert originals.slug_for("ja") == "japanese"


def test_groups_are_found_through_chains_of_keys():
    """ja names the address, de both, es the title only: one original."""
    chain = [version("ja", "ja", "z-ja", {"url:u"}), version("de", "de", "z-de", {"url:u", "title:t"}),
             version("es", "es", "a-es", {"title:t"})]
    originals = Originals(chain)
    assert [v.ident for v in originals.group("ja")] == ["de", "es", "ja"]
    assert originals.slug_for("ja") == "a-es"


def test_an_article_s_version_names_its_original():
    article = Article(title="ビットコイン", lang="ja", slug="bitto-koin-1a2b3c", date=None,
                      original_title="Bitcoin miners' AI pivot accelerates", original_url=URL, via="Bitget")
    made = version_of(article, article.slug, pinned=False)
    assert made.keys == {url_key(URL), *original_keys("", "Bitcoin miners' AI pivot accelerates", "")}
    assert made.rank() == READABLE  # its slug is not the one the original's title makes


def test_an_address_a_whole_site_shares_ties_nothing():
    """A section page given as every article's original: hundreds of English articles and a
    Japanese one hold the key; none of them is another's translation, and nobody's slug moves."""
    english = [version(f"en-{n}", "en", f"story-{n}", {"url:cryptoslate.com/news"}) for n in range(500)]
    japanese = version("ja", "ja", "nihongo", {"url:cryptoslate.com/news"}, ORIGINAL)
    originals = Originals([*english, japanese])
    assert originals.group("ja") is None
    assert originals.slug_for("ja") == "nihongo" and originals.slug_for("en-7") == "story-7"
