"""The topic rules as the site uses them: search keywords and the tag index's weights."""

from __future__ import annotations

from types import SimpleNamespace

from archive.topics import WEIGHTS, add_search_keywords, add_topic_families, load_rules, weight
from pelican.settings import read_settings
from pelican.urlwrappers import Tag

from tests.conftest import ROOT

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))


def test_search_keywords_leave_out_regular_expressions():
    rules = load_rules(ROOT / "topics.toml")
    assert "ゴールド" in rules.keywords["Gold"]
    assert "USDT" in rules.keywords["Stablecoins"]  # weak keywords are still the topic's words
    assert not [k for words in rules.keywords.values() for k in words if k.startswith("re:")]
    assert rules.family_of["Bitcoin"] == rules.families[0]


def test_weights_grow_with_the_count_on_a_log_scale():
    assert weight(1, 1) == 1
    assert weight(1, 100) == 1
    assert weight(100, 100) == WEIGHTS
    assert weight(10, 100) == 3  # halfway on a log scale, not a tenth of the way
    weights = [weight(count, 500) for count in range(1, 501)]
    assert weights == sorted(weights)


RULES = """\
families = ["Crypto assets", "Markets", "Commodities"]

[tags.Bitcoin]
family = "Crypto assets"
keywords = ["Bitcoin", "BTC", "ビットコイン", "比特币"]

[tags.ETFs]
family = "Markets"
keywords = ["ETF", "ETFs", "上場投資信託"]

[tags.Gold]
family = "Commodities"
keywords = ["gold", "ゴールド", "re:(?<!資)金"]
"""


def generator(tmp_path, articles=(), tags=None) -> SimpleNamespace:
    """An article generator at article_generator_finalized, with its own topic rules file."""
    rules = tmp_path / "topics.toml"
    rules.write_text(RULES, encoding="utf-8")
    return SimpleNamespace(settings={"TOPIC_RULES": str(rules)}, articles=list(articles), tags=tags or {},
                           context={})


def tagged(*names: str) -> SimpleNamespace:
    return SimpleNamespace(tags=[Tag(name, SETTINGS) for name in names])


def test_an_article_page_carries_its_tags_keywords_in_every_language(tmp_path):
    """So a search for 比特币 finds the English article tagged Bitcoin."""
    etf = tagged("Bitcoin", "ETFs", "Pentagon")
    untagged = SimpleNamespace()  # Pelican sets no `tags` on an article without any
    site = generator(tmp_path, [etf, untagged])
    add_search_keywords(site)
    assert etf.search_keywords == [
        "Bitcoin", "BTC", "ビットコイン", "比特币", "ETFs", "ETF", "上場投資信託", "Pentagon",  # each once
    ]
    assert untagged.search_keywords == []
    assert site.context["topic_keywords"] == {
        "Bitcoin": ["Bitcoin", "BTC", "ビットコイン", "比特币"], "ETFs": ["ETF", "ETFs", "上場投資信託"],
        "Gold": ["gold", "ゴールド"],
    }


def test_the_tag_index_groups_tags_by_family_in_the_rules_order(tmp_path):
    tags = {Tag(name, SETTINGS): [object()] * count for name, count in
            [("Pentagon", 2), ("ETFs", 1), ("Bitcoin", 10), ("ai", 3), ("$TRUMP", 1)]}
    site = generator(tmp_path, tags=tags)
    add_topic_families(site)
    shown = [(family, [(tag.name, count, size) for tag, count, size in group])
             for family, group in site.context["topic_families"]]
    assert shown == [
        ("Crypto assets", [("Bitcoin", 10, 5)]),
        ("Markets", [("ETFs", 1, 1)]),  # Commodities has no tag here: not shown
        ("", [("$TRUMP", 1, 1), ("ai", 3, 3), ("Pentagon", 2, 2)]),  # added by hand: last, by name, any case
    ]


def test_a_family_the_rules_do_not_list_still_comes_before_tags_added_by_hand(tmp_path):
    """topics.toml is edited by hand: a new tag's family may be missing from `families`."""
    names = ("$TRUMP", "AI", "Bitcoin", "Pentagon")
    site = generator(tmp_path, tags={Tag(name, SETTINGS): [object()] for name in names})
    (tmp_path / "topics.toml").write_text(
        RULES + '[tags.AI]\nfamily = "Technology"\nkeywords = ["AI"]\n'
        '[tags.Pentagon]\nkeywords = ["Pentagon", "国防総省"]\n',  # a rule with no family at all
        encoding="utf-8",
    )
    add_topic_families(site)
    shown = [(family, [tag.name for tag, _, _ in group]) for family, group in site.context["topic_families"]]
    assert shown == [("Crypto assets", ["Bitcoin"]), ("Technology", ["AI"]), ("", ["$TRUMP", "Pentagon"])]


def test_a_site_without_tags_has_an_empty_tag_index(tmp_path):
    site = generator(tmp_path)
    add_topic_families(site)
    assert site.context["topic_families"] == []


def test_without_a_setting_the_projects_topic_rules_are_used(monkeypatch):
    monkeypatch.chdir(ROOT)  # pelican runs in the project folder (make html)
    site = SimpleNamespace(settings={}, articles=[tagged("Bitcoin")], context={})
    add_search_keywords(site)
    assert "比特币" in site.articles[0].search_keywords


def test_two_tags_of_a_two_article_site_are_not_the_same_size():
    assert weight(1, 2) == 1
    assert weight(2, 2) == WEIGHTS
