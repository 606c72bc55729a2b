"""The converter on the real-page corpus: does the Markdown read like the page did?

The corpus, its labels, batches and halves are described in tests/converter/corpus.py. The
pages of batches a and b were tuned on: every test that held for them still holds, page by page.
Later batches are scored as wholes: each against the figures it had at first sight (it may never
fall below them), and the held-out half and the last first-sight batch against the issue's
targets, which the report prints as met or missed. The figures are written to
test-artifacts/corpus-report.txt and printed at the end of the run.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from converter.batch import convert_all
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.model import Article
from converter.topics import load_rules

from tests.conftest import ARTIFACTS
from tests.converter.corpus import (
    CORPUS,
    HALVES,
    Score,
    convert_corpus,
    facts_of,
    fell_below,
    figure_line,
    first_sight_records,
    labelled_facts,
    load_pages,
    load_tags,
    missed_targets,
    score_pages,
    share_table,
)

SETTINGS = Settings(timezone=ZoneInfo("UTC"))
# The batches the rules were written from, page by page, before first sight was recorded.
TUNED_BATCHES = ("a", "b")
TARGETS = {"heading_precision": 0.97, "heading_recall": 0.9, "list_recall": 0.95, "tag_precision": 0.95,
           "tagged_share": 0.95}

PAGES = load_pages()
TUNED = {name: page for name, page in PAGES.items() if page.batch in TUNED_BATCHES}
LABELS = {name: page.label for name, page in TUNED.items()}
ARTICLES = sorted(name for name, page in TUNED.items() if page.is_article)
LATER_BATCHES = sorted({page.batch for page in PAGES.values()} - set(TUNED_BATCHES))


def load_labels() -> dict[str, dict]:
    """Every labelled page's label, by file name (other tests exclude the pages that are no articles)."""
    return {name: page.label for name, page in PAGES.items()}


@pytest.fixture(scope="module")
def converted() -> dict[str, Article | str]:
    return convert_corpus(list(PAGES.values()))


@pytest.fixture(scope="module")
def score(converted) -> Score:
    """The tuned batches' score, page by page as before; the report covers every cut."""
    result = score_pages(list(TUNED.values()), converted)
    write_report(result, converted)
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[str, dict]:
    """The batch over the whole corpus, as `make site` runs it: entries by file name."""
    out = tmp_path_factory.mktemp("corpus") / "articles"
    entries = convert_all(find_inputs([CORPUS]), out, load_rules(), SETTINGS)
    return {entry.input.rsplit("/", 1)[-1]: entry for entry in entries}


def cut_scores(converted: dict) -> dict[str, Score]:
    """The score of each half and of each batch."""
    cuts = {half: [page for page in PAGES.values() if page.half == half] for half in HALVES}
    cuts |= {f"batch {batch}": [page for page in PAGES.values() if page.batch == batch]
             for batch in sorted({page.batch for page in PAGES.values()})}
    return {cut: score_pages(pages, converted) for cut, pages in cuts.items()}


def write_report(score: Score, converted: dict) -> None:
    figures = score.figures()
    counts = score.counts
    languages = {LABELS[name]["lang"] for name in LABELS}
    by_lang: dict[str, list[int]] = {}
    for name in ARTICLES:
        lang = LABELS[name]["lang"]
        right = isinstance(converted[name], Article) and converted[name].lang == lang
        by_lang.setdefault(lang, [0, 0])[0] += right
        by_lang[lang][1] += 1
    lines = [
        f"corpus: {len(PAGES)} pages in {len({page.label['lang'] for page in PAGES.values()})} languages; "
        f"tuned batches {'+'.join(TUNED_BATCHES)}: {len(LABELS)} pages ({len(ARTICLES)} articles) in "
        f"{len(languages)} languages; headings P {figures['heading_precision']:.3f} "
        f"R {figures['heading_recall']:.3f} ({counts['heading_expected']} labelled); list items "
        f"R {figures['list_recall']:.3f} P {figures['list_precision']:.3f} ({counts['list_item_expected']} "
        f"labelled); chrome leaked {counts['leaked']} of {counts['chrome']}; paragraphs dropped "
        f"{counts['dropped']} of {counts['paragraphs']}; tags P {figures['tag_precision']:.3f} "
        f"R {figures['tag_recall']:.3f} ({counts['tags_labelled']} labelled), articles tagged "
        f"{figures['tagged_share']:.3f}",
        "languages (right/labelled): " + ", ".join(
            f"{lang} {right}/{total}" for lang, (right, total) in sorted(by_lang.items())),
    ]
    lines += _cut_lines(converted)
    lines += _share_lines(converted)
    for kind, misses in sorted(score.misses.items()):
        lines += [f"== {len(misses)} {kind}", *(f"  {miss}" for miss in misses)]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "corpus-report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (ARTIFACTS / "corpus-tuning-misses.txt").write_text(_tuning_misses(converted), encoding="utf-8")


def _tuning_misses(converted: dict) -> str:
    """What the later batches' tuning pages got wrong: what rules may be read from. The held-out
    half's misses are not written anywhere: reading them would make it tuning."""
    pages = [page for page in PAGES.values() if page.batch in LATER_BATCHES and page.half == "tuning"]
    score = score_pages(pages, converted)
    lines = [f"tuning pages of batches {', '.join(LATER_BATCHES)}: {len(pages)}"]
    for kind, misses in sorted(score.misses.items()):
        lines += [f"== {len(misses)} {kind}", *(f"  {miss}" for miss in misses)]
    return "\n".join(lines) + "\n"


def _cut_lines(converted: dict) -> list[str]:
    """Each half and batch now, each later batch at first sight, and the targets each misses."""
    records, lines = first_sight_records(), []
    for cut, score in cut_scores(converted).items():
        now = score.figures()
        lines.append(f"{cut} ({score.counts['pages']} pages): {figure_line(now)}")
        batch = cut.removeprefix("batch ")
        if batch in records:
            lines.append(f"  first sight ({records[batch]['date']}): {figure_line(records[batch])}")
        if cut == "held-out" or batch in LATER_BATCHES:
            missed = missed_targets(now)
            lines.append("  targets: " + ("all met" if not missed else "missed " + "; ".join(missed)))
    return lines


def _share_lines(converted: dict) -> list[str]:
    """Each topic's share of the articles, over the corpus and in each half (issue 23: no topic
    on more than 40 % of them)."""
    cuts = {"corpus": list(PAGES.values())}
    cuts |= {half: [page for page in PAGES.values() if page.half == half] for half in HALVES}
    scores = {cut: score_pages(pages, converted) for cut, pages in cuts.items()}
    articles = ", ".join(f"{cut} {score.counts['articles']}" for cut, score in scores.items())
    return [f"== topic shares of the articles ({articles}; ! over the target)", *share_table(scores)]


def failure(score: Score, *kinds: str) -> str:
    return "\n".join(f"{kind}: {miss}" for kind in kinds for miss in score.misses.get(kind, []))


def test_every_labelled_page_is_in_the_corpus_and_every_page_is_labelled():
    """The floor: a corpus of real pages in many languages, each labelled."""
    pages = {path.name for path in CORPUS.glob("*") if path.suffix in (".txt", ".html")}
    assert set(PAGES) == pages
    assert len(ARTICLES) >= 40
    assert len({LABELS[name]["lang"] for name in ARTICLES}) >= 15
    assert all(page.label["url"].startswith("https://") for page in PAGES.values())


def test_headings_are_the_pages_headings(score):
    figures = score.figures()
    assert score.counts["heading_expected"] >= 20
    assert figures["heading_precision"] >= TARGETS["heading_precision"], failure(score, "heading wrong")
    assert figures["heading_recall"] >= TARGETS["heading_recall"], failure(score, "heading missed")


def test_lists_are_lists(score):
    assert score.counts["list_item_expected"] >= 30
    assert score.figures()["list_recall"] >= TARGETS["list_recall"], failure(score, "list_item missed")


def test_every_article_has_labelled_tags_of_the_taxonomy():
    labelled = load_tags()
    topics = {topic.name for topic in load_rules().topics}
    assert set(labelled) == {name for name, page in PAGES.items() if page.is_article}
    assert {tag for tags in labelled.values() for tag in tags} <= topics


def test_tags_are_what_the_articles_are_about(score):
    figures = score.figures()
    assert score.counts["tags_labelled"] >= 40
    assert figures["tag_precision"] >= TARGETS["tag_precision"], failure(score, "tag wrong")
    assert figures["tagged_share"] >= TARGETS["tagged_share"], failure(score, "tag missed")


def test_no_chrome_line_is_kept(score):
    assert score.counts["chrome"] >= 100
    assert score.counts["leaked"] == 0, failure(score, "leaked")


def test_no_body_paragraph_is_dropped(score):
    assert score.counts["paragraphs"] >= 200
    assert score.counts["dropped"] == 0, failure(score, "dropped")


@pytest.mark.parametrize("name", ARTICLES)
def test_header_facts(name, converted):
    article = converted[name]
    assert isinstance(article, Article), f"{name} was not converted: {article}"
    got = facts_of(article)
    assert got == labelled_facts(LABELS[name], got)


@pytest.mark.parametrize("name", [name for name in LABELS if LABELS[name]["status"] == "skipped"])
def test_pages_that_are_not_articles_are_skipped_and_leave_no_markdown(name, report):
    entry = report[name]
    assert (entry.status, entry.output) == ("skipped", None), entry.reason
    assert "not an article" in entry.reason


def test_one_article_crawled_twice_is_one_file(report):
    pairs = [(name, label["duplicate_of"]) for name, label in LABELS.items() if label.get("duplicate_of")]
    assert pairs
    for copy, original in pairs:
        outputs = {report[copy].output, report[original].output}
        assert len(outputs) == 1 and None not in outputs, (copy, report[copy], report[original])


def test_every_later_batch_was_scored_at_first_sight():
    """A batch added after a and b is scored before any rule is changed for it; the record is
    what the converter does on pages it was never tuned on (corpus.py --first-sight BATCH)."""
    records = first_sight_records()
    for batch in LATER_BATCHES:
        assert batch in records, f"batch {batch} has no first-sight record"
        pages = [page for page in PAGES.values() if page.batch == batch]
        assert records[batch]["pages"] == len(pages), f"batch {batch} changed since its first sight"


@pytest.mark.parametrize("batch", LATER_BATCHES)
def test_no_later_batch_does_worse_than_at_first_sight(batch, converted):
    pages = [page for page in PAGES.values() if page.batch == batch]
    now = score_pages(pages, converted).figures()
    assert not fell_below(now, first_sight_records()[batch])


def test_the_halves_are_fixed_by_address_and_both_hold_pages_of_every_batch():
    for batch in {page.batch for page in PAGES.values()}:
        halves = {page.half for page in PAGES.values() if page.batch == batch and page.is_article}
        assert halves == set(HALVES), f"batch {batch}: {halves}"
