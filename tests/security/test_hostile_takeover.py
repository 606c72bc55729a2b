"""Duplicate takeover (issue 22): a page can add an article, never remove or alter another.

The hostile pages copy a real fixture article's title and opening and state its date, source and
authors (tests/security/hostile.py): the takeover page of the issue (the first 200 characters,
then a wallet paragraph) and a variant with the same opening paragraphs and a body of its own.
Whichever order the pages come in, in one run or after the real article was written, the real
article stays as it was and the copy is published apart; a faithful copy still merges.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter.batch import Options, ReportEntry, convert_all
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import PAGES
from tests.security.hostile import TAKEOVER_WALLET, faithful_copy, later_body_variant, takeover_page

SETTINGS = Settings(timezone=ZoneInfo("UTC"))
# A Bitget text dump (a saved HTML copy is preferred to it as the richer format) and the
# publisher's own saved page (a copy stating as much ties with it, and path order decided).
REAL_PAGES = ("bitget-en-theblock-bitcoin-etf-record-inflow.txt",
              "cryptoslate-en-genius-act-stablecoins.html")
ATTACKS = {"takeover": takeover_page, "later-body": later_body_variant}
# Where the hostile page sorts against the real one ("m-real"), or alone in a run of its own.
ORDERS = {"before": "a-claim.html", "after": "z-claim.html"}
# The facts an article states, which no other page may change.
FACT_KEYS = ("Title", "Date", "Author", "Authors", "Source", "Lang")


def run_batch(*inputs: Path, out: Path) -> list[ReportEntry]:
    return convert_all(find_inputs(list(inputs)), out, load_rules(), SETTINGS, Options())


def real_page(folder: Path, fixture: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(PAGES / fixture, folder / f"m-real{Path(fixture).suffix}"))


def hostile_page(folder: Path, name: str, fixture: str, attack) -> Path:
    """The hostile page for the fixture's article; the page itself is checked to claim the real
    article's key, so a test that passes does so because the converter told the two apart."""
    real = convert_file(PAGES / fixture, load_rules(), SETTINGS).article
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(attack(real), encoding="utf-8")
    assert convert_file(path, load_rules(), SETTINGS).article.key == real.key
    return path


def header(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").split("\n\n", 1)[0].splitlines()
    return dict(line.split(": ", 1) for line in lines)


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n\n", 1)[1]


def facts(path: Path) -> dict[str, str]:
    values = header(path)
    return {key: values.get(key, "") for key in FACT_KEYS}


def archived_then_copied(tmp_path: Path, fixture: str, order: str, name: str, attack):
    """The real page converted and written, then a copy of it added beside it (sorting `before`
    or `after` it) or `alone` in a folder of its own, and converted: (real page, its file, that
    file's bytes before the copy, the copy, the second run's entries)."""
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    real = real_page(scraped, fixture)
    [first] = run_batch(scraped, out=out)
    written = Path(first.output)
    before = written.read_bytes()
    folder = tmp_path / "later" if order == "alone" else scraped
    copy = hostile_page(folder, ORDERS.get(order, name), fixture, attack)
    return real, written, before, copy, run_batch(folder, out=out)


def entry_of(entries: list[ReportEntry], path: Path) -> ReportEntry:
    [entry] = [entry for entry in entries if entry.input == str(path)]
    return entry


def assert_published_apart(claim: ReportEntry, real: Path, real_label: Path) -> None:
    """The hostile copy is an article of its own, under a suffixed slug, naming the real page."""
    assert claim.status == "converted", claim
    assert Path(claim.output) != real
    assert header(Path(claim.output))["Slug"].startswith(header(real)["Slug"] + "-")
    assert TAKEOVER_WALLET in body(Path(claim.output))
    assert str(real_label) in claim.reason


@pytest.mark.parametrize("fixture", REAL_PAGES)
@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("order", [*ORDERS, "alone"])
def test_a_copy_added_later_leaves_the_real_article_byte_identical(tmp_path, fixture, attack, order):
    real, written, before, claim_page, entries = archived_then_copied(
        tmp_path, fixture, order, "claim.html", ATTACKS[attack])
    out = tmp_path / "articles"
    assert written.read_bytes() == before
    assert TAKEOVER_WALLET not in written.read_text(encoding="utf-8")
    assert_published_apart(entry_of(entries, claim_page), written, real)
    if order != "alone":
        kept = entry_of(entries, real)
        assert (kept.status, kept.output) == ("unchanged", str(written))
        assert str(claim_page) in kept.reason
    assert sorted(out.rglob("*.md")) == sorted([written, Path(entry_of(entries, claim_page).output)])


@pytest.mark.parametrize("fixture", REAL_PAGES)
@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("order", ORDERS)
def test_a_copy_in_the_same_run_is_kept_apart_and_alters_nothing(tmp_path, fixture, attack, order):
    """Both pages new: both are published, each as its own page says, and each entry names the
    other. The real article is as it is when converted alone (its slug may be the suffixed one)."""
    alone = run_batch(real_page(tmp_path / "alone", fixture), out=tmp_path / "alone-out")
    expected = Path(alone[0].output)
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    real = real_page(scraped, fixture)
    claim_page = hostile_page(scraped, ORDERS[order], fixture, ATTACKS[attack])

    entries = run_batch(scraped, out=out)
    kept, claim = entry_of(entries, real), entry_of(entries, claim_page)
    assert (kept.status, claim.status) == ("converted", "converted")
    assert kept.output != claim.output
    assert (facts(Path(kept.output)), body(Path(kept.output))) == (facts(expected), body(expected))
    assert TAKEOVER_WALLET in body(Path(claim.output))
    assert str(claim_page) in kept.reason and str(real) in claim.reason
    assert len(list(out.rglob("*.md"))) == 2


@pytest.mark.parametrize("fixture", REAL_PAGES)
@pytest.mark.parametrize("order", [*ORDERS, "alone"])
def test_a_faithful_copy_is_still_the_same_article(tmp_path, fixture, order):
    """The same article saved from another site, whole and stating the same facts, is one
    article with the real page: one file, and the second run changes nothing."""
    scraped, out = tmp_path / "scraped", tmp_path / "articles"
    real = real_page(scraped, fixture)
    run_batch(scraped, out=out)
    folder = tmp_path / "later" if order == "alone" else scraped
    copy = hostile_page(folder, ORDERS.get(order, "copy.html"), fixture, faithful_copy)
    entries = run_batch(folder, out=out)
    assert "duplicate" in {entry.status for entry in entries} or order == "alone"
    assert len(list(out.rglob("*.md"))) == 1
    files = {path: path.read_bytes() for path in out.rglob("*.md")}
    again = run_batch(folder, out=out)
    assert {path: path.read_bytes() for path in out.rglob("*.md")} == files
    assert entry_of(again, copy).status in ("duplicate", "unchanged")
    if order != "alone":
        assert entry_of(again, real).output == entry_of(again, copy).output


@pytest.mark.parametrize("order", ["before", "alone"])
def test_a_copy_that_says_no_more_never_overwrites_the_article_written(tmp_path, order):
    """The publisher's page was converted; a whole copy stating the same facts (no fewer, in the
    same format) comes later, sorting before it or alone. It is the same article, and no better:
    the article as written stays byte for byte (it lost its headings, lists and quotes before)."""
    real, written, before, copy_page, entries = archived_then_copied(
        tmp_path, "cryptoslate-en-genius-act-stablecoins.html", order, "copy.html", faithful_copy)
    assert written.read_bytes() == before
    copy = entry_of(entries, copy_page)
    assert (copy.status, copy.output) == ("duplicate", str(written))
    assert str(real) in copy.reason
