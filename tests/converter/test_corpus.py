"""The converter on the real-page corpus: does the Markdown read like the page did?

tests/fixtures/corpus/ holds one fixture per real page (Bitget's news in many languages, its
body-only crawls, listing pages), each written after a stored copy of the page: the same
chrome, layout, bylines, list markers and tails, with article sentences of our own. The
expected_*.toml files label what a reader should get (title, authors, source, date, language,
every body block, the chrome that must go); SOURCES-*.md name the pages.

Scored over the whole corpus, as the issue set the targets: heading precision and recall,
list-item recall, chrome lines kept (leaks) and body paragraphs lost (drops). The figures are
written to test-artifacts/corpus-report.txt and printed at the end of the run.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest
from converter.batch import convert_all
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.model import Article, InputError
from converter.pipeline import convert_file
from converter.topics import load_rules

from tests.conftest import ARTIFACTS, FIXTURES

CORPUS = FIXTURES / "corpus"
SETTINGS = Settings(timezone=ZoneInfo("UTC"))
TARGETS = {"heading_precision": 0.97, "heading_recall": 0.9, "list_recall": 0.95, "tag_precision": 0.95,
           "tagged_share": 0.95}
TAG_LABELS = CORPUS / "expected_tags.toml"
_ORDERED = re.compile(r"^\d+\. ")


def load_labels() -> dict[str, dict]:
    labels: dict[str, dict] = {}
    for path in sorted(CORPUS.glob("expected_*.toml")):
        if path.name != "expected_tags.toml":
            labels.update(tomllib.loads(path.read_text(encoding="utf-8")))
    return labels


LABELS = load_labels()
ARTICLES = sorted(name for name, label in LABELS.items() if label["status"] == "converted")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def expected_blocks(label: dict) -> list[tuple[str, str]]:
    """The labelled body as (kind, text): '## ' heading, '- ' or '1. ' list item, '> ' quote."""
    blocks = []
    for entry in label.get("body", []):
        if entry.startswith("## "):
            blocks.append(("heading", entry[3:]))
        elif entry.startswith("- "):
            blocks.append(("list_item", entry[2:]))
        elif _ORDERED.match(entry):
            blocks.append(("list_item", _ORDERED.sub("", entry, count=1)))
        elif entry.startswith("> "):
            blocks.append(("quote", entry[2:]))
        else:
            blocks.append(("paragraph", entry))
    return [(kind, norm(text)) for kind, text in blocks]


@dataclass
class Score:
    """Counts over the corpus; `misses` says where, for the failure messages and the report."""

    counts: Counter = field(default_factory=Counter)
    misses: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, kind: str, name: str, text: str) -> None:
        self.misses.setdefault(kind, []).append(f"{name}: {text[:90]}")

    def ratio(self, hits: str, total: str) -> float:
        return self.counts[hits] / self.counts[total] if self.counts[total] else 1.0

    def add_tags(self, name: str, labelled: list[str], article: Article) -> None:
        """Tags produced against tags a reader gave the article (expected_tags.toml)."""
        produced, wanted = set(article.tags), set(labelled)
        self.counts["tags_produced"] += len(produced)
        self.counts["tags_labelled"] += len(wanted)
        self.counts["tags_right"] += len(produced & wanted)
        self.counts["tagged"] += bool(produced)
        self.counts["articles"] += 1
        for tag in sorted(produced - wanted):
            self.miss("tag wrong", name, tag)
        for tag in sorted(wanted - produced):
            self.miss("tag missed", name, tag)

    def add(self, name: str, label: dict, article: Article) -> None:
        expected = expected_blocks(label)
        got = [(block.kind, norm(block.text)) for block in article.blocks]
        self._compare("heading", name, expected, got)
        self._compare("list_item", name, expected, got)
        body = "\n".join(text for _, text in got)
        for kind, text in expected:
            self.counts["paragraphs"] += kind == "paragraph"
            if kind == "paragraph" and text not in body:
                self.counts["dropped"] += 1
                self.miss("dropped", name, text)
        visible = f"{body}\n{norm(article.summary)}"
        blocks = {text for _, text in got}
        wanted = "\n".join(text for _, text in expected)
        for line in map(norm, label.get("chrome", [])):
            self.counts["chrome"] += 1
            # A cut copy of a paragraph is part of the paragraph: only a block of its own leaks it.
            if line in blocks if line in wanted else line in visible:
                self.counts["leaked"] += 1
                self.miss("leaked", name, line)

    def _compare(self, kind: str, name: str, expected: list, got: list) -> None:
        want = Counter(text for k, text in expected if k == kind)
        have = Counter(text for k, text in got if k == kind)
        self.counts[f"{kind}_expected"] += sum(want.values())
        self.counts[f"{kind}_found"] += sum(have.values())
        self.counts[f"{kind}_right"] += sum((want & have).values())
        for text in (want - have).elements():
            self.miss(f"{kind} missed", name, text)
        for text in (have - want).elements():
            self.miss(f"{kind} wrong", name, text)

    def figures(self) -> dict[str, float]:
        return {
            "heading_precision": self.ratio("heading_right", "heading_found"),
            "heading_recall": self.ratio("heading_right", "heading_expected"),
            "list_recall": self.ratio("list_item_right", "list_item_expected"),
            "list_precision": self.ratio("list_item_right", "list_item_found"),
            "tag_precision": self.ratio("tags_right", "tags_produced"),
            "tag_recall": self.ratio("tags_right", "tags_labelled"),
            "tagged_share": self.ratio("tagged", "articles"),
        }


def convert(name: str) -> Article | str:
    try:
        return convert_file(CORPUS / name, load_rules(), SETTINGS).article
    except InputError as error:
        return str(error)


@pytest.fixture(scope="module")
def converted() -> dict[str, Article | str]:
    return {name: convert(name) for name in LABELS}


@pytest.fixture(scope="module")
def score(converted) -> Score:
    result = Score()
    tags = tomllib.loads(TAG_LABELS.read_text(encoding="utf-8"))
    for name in ARTICLES:
        if isinstance(converted[name], Article):
            result.add(name, LABELS[name], converted[name])
            result.add_tags(name, tags.get(name, {}).get("tags", []), converted[name])
    write_report(result, converted)
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict[str, dict]:
    """The batch over the whole corpus, as `make site` runs it: entries by file name."""
    out = tmp_path_factory.mktemp("corpus") / "articles"
    entries = convert_all(find_inputs([CORPUS]), out, load_rules(), SETTINGS)
    return {entry.input.rsplit("/", 1)[-1]: entry for entry in entries}


def write_report(score: Score, converted: dict) -> None:
    figures = score.figures()
    counts = score.counts
    languages = Counter(label["lang"] for label in LABELS.values())
    right_lang = Counter(LABELS[n]["lang"] for n in ARTICLES
                         if isinstance(converted[n], Article) and converted[n].lang == LABELS[n]["lang"])
    lines = [
        f"corpus: {len(LABELS)} pages ({len(ARTICLES)} articles) in {len(languages)} languages; "
        f"headings P {figures['heading_precision']:.3f} R {figures['heading_recall']:.3f} "
        f"({counts['heading_expected']} labelled); list items R {figures['list_recall']:.3f} "
        f"P {figures['list_precision']:.3f} ({counts['list_item_expected']} labelled); "
        f"chrome leaked {counts['leaked']} of {counts['chrome']}; "
        f"paragraphs dropped {counts['dropped']} of {counts['paragraphs']}; "
        f"tags P {figures['tag_precision']:.3f} R {figures['tag_recall']:.3f} "
        f"({counts['tags_labelled']} labelled), articles tagged {figures['tagged_share']:.3f}",
        "languages (right/labelled): " + ", ".join(
            f"{lang} {right_lang[lang]}/{count}" for lang, count in sorted(languages.items())),
    ]
    for kind, misses in sorted(score.misses.items()):
        lines += [f"== {len(misses)} {kind}", *(f"  {miss}" for miss in misses)]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "corpus-report.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def failure(score: Score, *kinds: str) -> str:
    return "\n".join(f"{kind}: {miss}" for kind in kinds for miss in score.misses.get(kind, []))


def test_every_labelled_page_is_in_the_corpus_and_every_page_is_labelled():
    """The floor: a corpus of real pages in many languages, each labelled."""
    pages = {path.name for path in CORPUS.glob("*") if path.suffix in (".txt", ".html")}
    assert set(LABELS) == pages
    assert len(ARTICLES) >= 40
    assert len({LABELS[name]["lang"] for name in ARTICLES}) >= 15
    assert all(LABELS[name]["url"].startswith("https://") for name in LABELS)


def test_headings_are_the_pages_headings(score):
    figures = score.figures()
    assert score.counts["heading_expected"] >= 20
    assert figures["heading_precision"] >= TARGETS["heading_precision"], failure(score, "heading wrong")
    assert figures["heading_recall"] >= TARGETS["heading_recall"], failure(score, "heading missed")


def test_lists_are_lists(score):
    assert score.counts["list_item_expected"] >= 30
    assert score.figures()["list_recall"] >= TARGETS["list_recall"], failure(score, "list_item missed")


def test_every_article_has_labelled_tags_of_the_taxonomy():
    labelled = tomllib.loads(TAG_LABELS.read_text(encoding="utf-8"))
    topics = {topic.name for topic in load_rules().topics}
    assert set(labelled) == set(ARTICLES)
    assert {tag for entry in labelled.values() for tag in entry["tags"]} <= topics


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


def facts_of(article: Article) -> dict:
    return {
        "title": norm(article.title),
        "authors": article.authors,
        "translators": article.translators,
        "source": article.source,
        "date": f"{article.date:%Y-%m-%d %H:%M}" if article.date else "",
        "lang": article.lang,
    }


def labelled_facts(label: dict, got: dict) -> dict:
    date, got_date, title = label["date"], got["date"], norm(label["title"]).rstrip(".。．")
    cut = got["title"].removesuffix("...")  # "…" after NFKC
    if label.get("title_from_lead") and cut != got["title"] and title.startswith(cut):
        title = got["title"]  # the lead's first sentence, cut at a word or character: right
    return {
        "title": title,
        "authors": label["authors"],
        "translators": label.get("translators", []),
        "source": label["source"],
        # A date-only label ("2025-05-20") is right for any time that day.
        "date": got_date if len(date) == 10 and got_date.startswith(date) else date,
        "lang": label["lang"],
    }


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
