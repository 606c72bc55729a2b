"""The converter's command-line contract: outputs, JSON report, exit codes, error lines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from converter.batch import Options
from converter.metadata import Settings

from tests.conftest import FIXTURES, PAGES, SAMPLE, run_converter


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
        "original_url": "",
        "via_url": "",
        "captured": "",
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


def test_the_report_is_readable_json_in_the_pages_own_script(tmp_path):
    """Reviewers read the report: one entry per input, UTF-8 as is (not \\u escapes), indented."""
    pages = tmp_path / "スクレイプ"
    pages.mkdir()
    (pages / "記事.txt").write_bytes(SAMPLE.read_bytes())
    out, report = tmp_path / "articles", tmp_path / "report.json"
    assert run_converter(pages, "--out", out, "--report", report).returncode == 0
    text = report.read_text(encoding="utf-8")
    [entry] = json.loads(text)
    assert entry["input"] == str(pages / "記事.txt") and entry["input"] in text
    assert text.startswith('[\n  {\n    "input": ') and text.endswith("}\n]\n")
    assert set(entry) == {"input", "status", "output", "reason", "original_url", "via_url", "captured"}
    assert f"Captured: {entry['captured']}\n" in Path(entry["output"]).read_text(encoding="utf-8")


def test_the_summary_counts_each_status(tmp_path):
    pages = tmp_path / "scraped"
    pages.mkdir()
    for name in ("a.txt", "b.txt"):
        (pages / name).write_bytes(SAMPLE.read_bytes())
    (pages / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (pages / "d.txt").write_bytes((PAGES / "bitget-en-theblock-bitcoin-etf-record-inflow.txt").read_bytes())
    result = run_converter(pages, "--out", tmp_path / "articles")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "convert: 2 converted, 1 duplicate, 1 failed"
    again = run_converter(pages / "a.txt", "--out", tmp_path / "articles")
    assert (again.returncode, again.stderr) == (0, "convert: 1 unchanged\n")


def test_an_empty_folder_says_so_and_succeeds(tmp_path):
    (tmp_path / "scraped").mkdir()
    result = run_converter(tmp_path / "scraped", "--out", tmp_path / "articles")
    assert (result.returncode, result.stderr) == (0, "convert: no input found\n")


def test_usage_errors_say_what_is_wrong(tmp_path):
    cases = {
        ("--timezone", "Mars/Olympus"): "unknown timezone: Mars/Olympus",
        ("--timezone", "../etc/passwd"): "unknown timezone: ../etc/passwd",
        ("--jobs", "0"): "--jobs must be at least 1",
        ("--max-size", "-1"): "--max-size must be more than 0",
        ("--max-capture-size", "0"): "--max-capture-size must be more than 0",
    }
    for args, message in cases.items():
        result = run_converter(SAMPLE, "--out", tmp_path / "a", *args)
        assert result.returncode == 2
        assert result.stderr.rstrip().endswith(f"convert.py: error: {message}"), result.stderr
    assert not (tmp_path / "a").exists()


def test_the_options_reach_the_batch(tmp_path, monkeypatch):
    """What the user types is what the run does: each flag lands in the batch's settings."""
    from converter import cli

    seen = {}

    def convert_all(inputs, out_dir, rules, settings, options, progress, cache):
        seen.update(pages=inputs.pages, out=out_dir, settings=settings, options=options, progress=progress,
                    cache=cache)
        return []

    monkeypatch.setattr(cli, "convert_all", convert_all)
    args = [SAMPLE, "--out", tmp_path / "a", "--force", "--prune", "--jobs", "3", "--debug",
            "--timezone", "Asia/Tokyo", "--date-from-mtime", "--max-size", "2.5"]
    assert run_converter(*args).returncode == 0
    assert seen["pages"] == [SAMPLE]
    assert seen["out"] == tmp_path / "a"
    assert seen["options"] == Options(force=True, prune=True, jobs=3, debug=True)
    assert seen["settings"] == Settings(timezone=ZoneInfo("Asia/Tokyo"), date_from_mtime=True,
                                        max_bytes=int(2.5 * 1024 * 1024))
    assert seen["progress"] is iter  # one input: no progress bar
    assert seen["cache"].path == cli.CACHE_FILE
    assert run_converter(SAMPLE, "--no-cache").returncode == 0
    assert seen["cache"] is None

    assert run_converter(SAMPLE).returncode == 0
    assert seen["out"] == cli.ROOT / "content" / "articles"
    assert seen["options"] == Options()
    assert seen["settings"] == Settings(timezone=ZoneInfo("UTC"))


def test_the_budget_options_reach_the_settings(tmp_path, monkeypatch):
    """Each --max-… option sets its budget; the others keep Settings' defaults."""
    from converter import cli

    seen = {}
    monkeypatch.setattr(cli, "convert_all", lambda inputs, out, rules, settings, *rest, **more:
                        seen.update(settings=settings) or [])
    args = ["--max-authors", "3", "--max-tags", "4", "--max-title", "50", "--max-blocks", "60",
            "--max-lines", "70", "--max-text", "800"]
    assert run_converter(SAMPLE, "--out", tmp_path / "a", "--no-cache", *args).returncode == 0
    assert seen["settings"] == Settings(timezone=ZoneInfo("UTC"), max_authors=3, max_tags=4, max_title=50,
                                        max_blocks=60, max_lines=70, max_text=800)
    assert run_converter(SAMPLE, "--out", tmp_path / "a", "--no-cache", "--max-tags", "2").returncode == 0
    assert seen["settings"] == Settings(timezone=ZoneInfo("UTC"), max_tags=2)


def test_a_budget_below_one_is_a_usage_error(tmp_path):
    for option in ("--max-authors", "--max-tags", "--max-title", "--max-blocks", "--max-lines", "--max-text"):
        result = run_converter(SAMPLE, "--out", tmp_path / "a", option, "0")
        assert result.returncode == 2
        message = f"convert.py: error: {option} must be at least 1"
        assert result.stderr.rstrip().endswith(message), result.stderr
        assert run_converter(SAMPLE, "--out", tmp_path / "a", option, "many").returncode == 2
    assert not (tmp_path / "a").exists()


def test_without_paths_the_scraped_folder_is_converted(monkeypatch):
    from converter import cli

    args = cli.parse_args([])
    assert args.paths == [cli.ROOT / "scraped"]
    assert (args.report, args.topics, args.max_size) == (None, cli.DEFAULT_RULES, 5.0)


def test_times_on_pages_are_read_in_the_given_timezone(tmp_path):
    out = tmp_path / "articles"
    assert run_converter(SAMPLE, "--out", out, "--timezone", "Asia/Tokyo").returncode == 0
    [article] = out.rglob("*.md")
    assert "\nDate: 2025-10-12 21:51:00+09:00\n" in article.read_text(encoding="utf-8")


def test_debug_shows_the_traceback_of_a_converter_bug(tmp_path, monkeypatch):
    from converter import batch

    def broken(path, rules, settings, learned=frozenset()):
        raise ZeroDivisionError("a bug in a stage")

    monkeypatch.setattr(batch, "convert_file", broken)  # --no-cache: a remembered page is not converted
    quiet = run_converter(SAMPLE, "--out", tmp_path / "a", "--no-cache")
    assert quiet.returncode == 1
    assert "Traceback" not in quiet.stderr
    reason = "could not be converted (ZeroDivisionError: a bug in a stage); --debug shows why"
    assert f"error: {SAMPLE}: {reason}" in quiet.stderr.splitlines()
    loud = run_converter(SAMPLE, "--out", tmp_path / "a", "--debug", "--no-cache")
    assert f"debug: {SAMPLE}:" in loud.stderr and "Traceback" in loud.stderr


def test_the_help_says_what_each_option_does(monkeypatch):
    from converter import cli

    monkeypatch.setenv("COLUMNS", "300")  # one line per option
    result = run_converter("--help")
    assert result.returncode == 0
    description = ("Convert scraped news pages (.txt dumps, saved .html and .mhtml, WARC, WACZ and JSON "
                   "Lines captures) into Pelican Markdown.")
    assert description in result.stdout.splitlines()
    # An option longer than argparse's help column has its help on the next line: joined here.
    joined = re.sub(r"\n {10,}(?=\S)", " ", result.stdout)
    lines = {line.split()[0]: " ".join(line.split()) for line in joined.splitlines()
             if line.strip().startswith(("PATH", "--"))}
    assert lines == {
        "PATH": "PATH files or folders to convert (default: scraped/)",
        "--out": "--out OUT folder for the Markdown files (default: content/articles/)",
        "--report": "--report REPORT write a JSON report of every input here",
        "--force": "--force overwrite articles even when they were edited by hand, and give each the slug "
                   "the converter makes now (default: an article keeps the slug it was published under)",
        "--timezone": "--timezone TIMEZONE timezone of the times shown on the pages (default: UTC)",
        "--topics": "--topics TOPICS topic rules file (default: topics.toml)",
        "--date-from-mtime": "--date-from-mtime date pages that show no date by their file's "
                             "modification time (default: convert them as drafts)",
        "--jobs": "--jobs JOBS convert in N processes (default: 1)",
        "--prune": "--prune remove articles whose scraped page is gone (never hand-edited ones)",
        "--max-size": "--max-size MB refuse inputs larger than this (default: 5 MB)",
        "--max-capture-size": "--max-capture-size MB refuse capture files (WARC, WACZ, MHTML, JSON Lines) "
                              "larger than this (default: 1024 MB)",
        "--max-authors": "--max-authors N keep a page's first N authors and translators (default: 20)",
        "--max-tags": "--max-tags N keep an article's N most mentioned topic tags (default: 15)",
        "--max-title": "--max-title CHARS cut longer titles to this many characters (default: 300)",
        "--max-blocks": "--max-blocks N refuse pages with more paragraphs, list items and other blocks "
                        "(default: 2000)",
        "--max-lines": "--max-lines N refuse text dumps of more lines (default: 5000)",
        "--max-text": "--max-text CHARS refuse pages whose article has more characters of text "
                      "(default: 500000)",
        "--debug": "--debug print the traceback of inputs that fail because of a converter bug",
        "--no-cache": "--no-cache parse every input again, not only the changed ones "
                      f"(cache: {cli.CACHE_FILE})",
    }


def test_the_progress_bar_passes_every_input_through(monkeypatch):
    from converter import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    track = cli._progress_bar(7)
    assert list(track(iter(range(7)))) == list(range(7))


def test_the_progress_bar_counts_the_inputs_and_goes_away_when_done(monkeypatch):
    """On a terminal the bar knows the total (so it shows a percentage) and leaves no line behind."""
    import rich.progress
    from converter import cli

    calls = []

    def track(items, **options):
        calls.append(options)
        return items

    monkeypatch.setattr(rich.progress, "track", track)
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    assert list(cli._progress_bar(7)(iter(["a.txt", "b.txt"]))) == ["a.txt", "b.txt"]
    assert calls == [{"total": 7, "description": "Converting", "transient": True}]
    # The batch passes its pages with their count: a crawl's WARC of 7 files' pages holds more.
    records = ["a.warc.gz#1", "a.warc.gz#2"] * 5
    assert list(cli._progress_bar(7)(records)) == records
    assert calls[-1]["total"] == 10


def test_a_page_that_is_not_an_article_is_skipped_and_the_run_still_succeeds(tmp_path):
    """A flash-news feed saved beside an article (tests/fixtures/corpus/bitget-en-news-listing-*)."""
    pages = tmp_path / "scraped"
    pages.mkdir()
    listing = FIXTURES / "corpus" / "bitget-en-news-listing-flash-2026.txt"
    (pages / listing.name).write_bytes(listing.read_bytes())
    (pages / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    out, report = tmp_path / "articles", tmp_path / "report.json"
    result = run_converter(pages, "--out", out, "--report", report)
    assert result.returncode == 0, result.stderr
    entry = _report(report)[listing.name]
    assert (entry["status"], entry["output"]) == ("skipped", None)
    assert entry["reason"].startswith("not an article: a news feed or listing")
    assert len(list(out.rglob("*.md"))) == 1
    assert "1 skipped" in result.stderr
    assert f"warning: {pages / listing.name}: skipped: not an article" in result.stderr
