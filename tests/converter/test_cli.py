"""The converter's command-line contract: outputs, JSON report, exit codes, error lines."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PAGES, SAMPLE, run_converter


def _report(path: Path) -> dict[str, dict]:
    return {Path(entry["input"]).name: entry for entry in json.loads(path.read_text(encoding="utf-8"))}


def test_converts_folder_and_reports_each_input(tmp_path):
    out, report = tmp_path / "articles", tmp_path / "report.json"
    result = run_converter(SAMPLE.parent, "--out", out, "--report", report)
    assert result.returncode == 0, result.stderr
    entry = _report(report)[SAMPLE.name]
    assert entry["status"] == "converted"
    written = Path(entry["output"])
    assert written.parent.parent == out
    assert written.name.endswith(".ja.md")
    assert written.read_text(encoding="utf-8").startswith("Title: 金の延べ棒から")


def test_second_run_changes_nothing(tmp_path):
    out, report = tmp_path / "articles", tmp_path / "report.json"
    run_converter(SAMPLE, "--out", out)
    before = {p: p.read_bytes() for p in out.rglob("*.md")}
    result = run_converter(SAMPLE, "--out", out, "--report", report)
    assert result.returncode == 0
    assert _report(report)[SAMPLE.name]["status"] == "unchanged"
    assert {p: p.read_bytes() for p in out.rglob("*.md")} == before


def test_bad_input_beside_good_one_fails_alone(tmp_path):
    pages = tmp_path / "scraped"
    pages.mkdir()
    (pages / "good.txt").write_bytes(SAMPLE.read_bytes())
    (pages / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    out, report = tmp_path / "articles", tmp_path / "report.json"
    result = run_converter(pages, "--out", out, "--report", report)
    assert result.returncode == 1
    entries = _report(report)
    assert entries["good.txt"]["status"] == "converted"
    assert Path(entries["good.txt"]["output"]).is_file()
    assert entries["broken.txt"] == {
        "input": str(pages / "broken.txt"),
        "status": "failed",
        "output": None,
        "reason": entries["broken.txt"]["reason"],
    }
    assert "not a text file" in entries["broken.txt"]["reason"]
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert error_lines == [f"error: {pages / 'broken.txt'}: {entries['broken.txt']['reason']}"]


def test_missing_path_is_a_failed_input(tmp_path):
    report = tmp_path / "report.json"
    result = run_converter(tmp_path / "nope.txt", "--out", tmp_path / "a", "--report", report)
    assert result.returncode == 1
    assert _report(report)["nope.txt"]["status"] == "failed"


def test_usage_errors_exit_2(tmp_path):
    assert run_converter("--no-such-option").returncode == 2
    assert run_converter(SAMPLE, "--timezone", "Mars/Olympus").returncode == 2


def test_hand_edited_article_is_kept_unless_forced(tmp_path):
    out, report = tmp_path / "articles", tmp_path / "report.json"
    run_converter(SAMPLE, "--out", out)
    [article] = out.rglob("*.md")
    edited = article.read_text(encoding="utf-8").replace("Author: Christina Comben", "Author: C. Comben")
    article.write_text(edited, encoding="utf-8")

    run_converter(SAMPLE, "--out", out, "--report", report)
    entry = _report(report)[SAMPLE.name]
    assert entry["status"] == "unchanged"
    assert "edited by hand" in entry["reason"]
    assert article.read_text(encoding="utf-8") == edited

    run_converter(SAMPLE, "--out", out, "--report", report, "--force")
    assert _report(report)[SAMPLE.name]["status"] == "converted"
    assert "Author: Christina Comben" in article.read_text(encoding="utf-8")


def test_same_page_twice_is_one_article(tmp_path):
    pages = tmp_path / "scraped"
    pages.mkdir()
    (pages / "a.txt").write_bytes(SAMPLE.read_bytes())
    (pages / "b.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    out, report = tmp_path / "articles", tmp_path / "report.json"
    assert run_converter(pages, "--out", out, "--report", report).returncode == 0
    entries = _report(report)
    assert [entries["a.txt"]["status"], entries["b.txt"]["status"]] == ["converted", "duplicate"]
    assert len(list(out.rglob("*.md"))) == 1


def test_parallel_conversion_writes_the_same_files(tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert run_converter(PAGES, "--out", serial, "--jobs", "1").returncode == 0
    assert run_converter(PAGES, "--out", parallel, "--jobs", "2").returncode == 0
    files = {p.relative_to(serial): p.read_bytes() for p in serial.rglob("*.md")}
    assert files == {p.relative_to(parallel): p.read_bytes() for p in parallel.rglob("*.md")}
    assert len(files) > 1


def test_undated_page_is_a_draft_unless_mtime_is_accepted(tmp_path):
    page = tmp_path / "undated.txt"
    page.write_text(
        "Bitcoin miners sell reserves as hashprice falls\n\n"
        "Public bitcoin miners sold more of their reserves in November than in any month this year.\n\n"
        "Hashprice, the revenue per unit of hashrate, fell to a record low after the difficulty rose.\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    run_converter(page, "--out", tmp_path / "a", "--report", report)
    entry = _report(report)["undated.txt"]
    assert entry["status"] == "converted"
    assert "draft" in entry["reason"]
    text = Path(entry["output"]).read_text(encoding="utf-8")
    assert "Status: draft" in text
    assert "\nDate:" not in text

    run_converter(page, "--out", tmp_path / "b", "--report", report, "--date-from-mtime")
    entry = _report(report)["undated.txt"]
    assert "modification time" in entry["reason"]
    assert "Status: draft" not in Path(entry["output"]).read_text(encoding="utf-8")


def test_translations_share_a_slug(tmp_path):
    """The Japanese and English versions of one original: same slug, different Lang."""
    out = tmp_path / "articles"
    assert run_converter(PAGES, "--out", out).returncode == 0
    slugs: dict[str, set[str]] = {}
    for path in out.rglob("*.md"):
        slug, lang = path.name.removesuffix(".md").rsplit(".", 1)
        slugs.setdefault(slug, set()).add(lang)
    assert slugs["japans-yield-surge-revives-carry-trade-fears-as-bitcoin-slips-below-90000"] == {"en", "ja"}
    assert slugs["bitcoin-miners-ai-pivot-accelerates-as-hashprice-sinks-to-record-low"] == {"en", "ja"}


def test_batch_prints_no_progress_bar_when_not_a_terminal(tmp_path):
    result = run_converter(PAGES, "--out", tmp_path / "articles")
    assert len(list(PAGES.iterdir())) > 5
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("convert: ")


def test_more_usage_errors_exit_2(tmp_path):
    assert run_converter(SAMPLE, "--out", tmp_path / "a", "--jobs", "0").returncode == 2
    missing_rules = run_converter(SAMPLE, "--out", tmp_path / "a", "--topics", tmp_path / "nope.toml")
    assert missing_rules.returncode == 2
    assert "topic rules file not found" in missing_rules.stderr
    assert run_converter(SAMPLE, "--out", tmp_path / "a", "--max-size", "0").returncode == 2
    assert not (tmp_path / "a").exists()


def test_topics_come_from_the_rules_file_and_follow_its_edits(tmp_path):
    """--topics names the rules; editing them and converting again re-tags the article."""
    rules = tmp_path / "topics.toml"
    rules.write_text('min_hits = 1\n[tags."Rare Earths"]\nkeywords = ["レアアース"]\n', encoding="utf-8")
    out, report = tmp_path / "articles", tmp_path / "report.json"
    assert run_converter(SAMPLE, "--out", out, "--topics", rules).returncode == 0
    [article] = out.rglob("*.md")
    assert "\nTags: Rare Earths\n" in article.read_text(encoding="utf-8")

    rules.write_text('min_hits = 1\n[tags.Pentagon]\nkeywords = ["国防総省"]\n', encoding="utf-8")
    assert run_converter(SAMPLE, "--out", out, "--topics", rules, "--report", report).returncode == 0
    assert _report(report)[SAMPLE.name]["status"] == "converted"
    assert "\nTags: Pentagon\n" in article.read_text(encoding="utf-8")


def test_progress_bar_only_on_a_terminal_and_for_batches(monkeypatch):
    """rich prints nothing to a pipe anyway: the guard itself is what is checked here."""
    from converter import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    assert cli._progress_bar(cli.PROGRESS_THRESHOLD + 1) is not iter
    assert cli._progress_bar(cli.PROGRESS_THRESHOLD) is iter
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: False)
    assert cli._progress_bar(1000) is iter
