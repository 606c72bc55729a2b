"""The topic rules as the site uses them: search keywords and the tag index's weights."""

from __future__ import annotations

from archive.topics import WEIGHTS, load_rules, weight

from tests.conftest import ROOT


def test_search_keywords_leave_out_regular_expressions():
    rules = load_rules(ROOT / "topics.toml")
    assert "ゴールド" in rules.keywords["Gold"]
    assert not [k for words in rules.keywords.values() for k in words if k.startswith("re:")]
    assert rules.family_of["Bitcoin"] == rules.families[0]


def test_weights_grow_with_the_count_on_a_log_scale():
    assert weight(1, 1) == 1
    assert weight(1, 100) == 1
    assert weight(100, 100) == WEIGHTS
    assert weight(10, 100) == 3  # halfway on a log scale, not a tenth of the way
    weights = [weight(count, 500) for count in range(1, 501)]
    assert weights == sorted(weights)
