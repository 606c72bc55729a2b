"""A page's language, a file's name and a folder's depth cannot pick a path or stop a run.

Each test runs the converter's command line as a user would, on pages from
tests/security/hostile_inputs.py, beside a real page that must come through whatever the
hostile ones do.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from converter.inputs import MAX_FOLDER_DEPTH

from tests.conftest import PAGES, ROOT, SAMPLE, build_site, run_converter, run_converter_process
from tests.security.hostile_inputs import (
    HOSTILE_LANGS,
    HOSTILE_NAMES,
    files_outside,
    nest_folders,
    remove_nested,
    short_page,
    write_lang_pages,
    write_named_pages,
)

GOOD = SAMPLE.read_bytes()
OTHER = (PAGES / "bitget-en-cryptoslate-japan-yields-carry-trade.txt").read_bytes()
# What GitHub Actions reads as a workflow command: a line that starts with `::` (after blanks).
WORKFLOW_COMMAND = re.compile(r"^\s*::", re.M)


def _report(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def site(tmp_path) -> Path:
    """A project folder: content/pages/ as the repository has it, a planted file beside it."""
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")
    (tmp_path / "secret.txt").write_text("outside the archive\n", encoding="utf-8")
    return tmp_path


def test_a_declared_language_never_leaves_the_output_folder(site):
    scraped, out = site / "scraped", site / "content" / "articles"
    write_lang_pages(scraped)
    before = files_outside(site, out)
    result = run_converter(scraped, "--out", out, "--report", site / "report.json", "--no-cache")
    assert result.returncode in (0, 1), result.stderr
    after = files_outside(site, out)
    after.pop("report.json")
    assert after == before  # content/pages/ and the planted file, byte for byte
    report = _report(site / "report.json")
    assert [entry["status"] for entry in report] == ["converted"] * len(HOSTILE_LANGS)
    from converter.detect import known_language

    for entry in report:
        written = Path(entry["output"])
        assert os.path.realpath(written).startswith(f"{out}{os.sep}")
        lang = written.name.split(".")[-2]
        assert known_language(lang), (entry["input"], lang)
        assert f"\nLang: {lang}\n" in written.read_text(encoding="utf-8")


def test_articles_of_hostile_languages_build_into_the_site(site):
    """Pelican stopped on the article whose language was a path; now each is an ordinary page."""
    scraped, content = site / "scraped", site / "content"
    write_lang_pages(scraped)
    run_converter(scraped, "--out", content / "articles", "--no-cache")
    build_site(content, site / "output")
    pages = sorted((site / "output" / "articles").glob("hi-*/**/index.html"))
    assert len(pages) == len(HOSTILE_LANGS), pages
    assert "Buy more tokens" not in (site / "output" / "about" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", HOSTILE_LANGS[:5])
def test_an_article_written_by_hand_is_never_overwritten_through_a_language(site, lang):
    """Even with --force: --force overwrites the converter's own articles, never a page."""
    scraped, out = site / "scraped", site / "content" / "articles"
    write_lang_pages(scraped)
    about = (site / "content" / "pages" / "about.md").read_bytes()
    run_converter(scraped, "--out", out, "--force", "--no-cache")
    assert (site / "content" / "pages" / "about.md").read_bytes() == about


def test_file_names_that_are_not_one_line_of_text_cost_their_own_entry(site):
    """A name that is not UTF-8 or holds a control character cannot be written on the article's
    header line or into the JSON report: that page fails, named with escapes; the rest convert."""
    scraped, out, report = site / "scraped", site / "content" / "articles", site / "report.json"
    write_named_pages(scraped, GOOD)
    (scraped / "zz-other.txt").write_bytes(OTHER)
    result = run_converter(scraped, "--out", out, "--report", report, "--no-cache")
    assert result.returncode == 1, result.stderr
    entries = {entry["input"]: entry for entry in _report(report)}
    assert entries.pop(str(scraped / "zz-other.txt"))["status"] == "converted"
    assert len(entries) == len(HOSTILE_NAMES)
    refused = {shown: entry["reason"] for shown, entry in entries.items() if entry["status"] == "failed"}
    assert set(refused) == {str(scraped / name) for name in (
        "a\\xff.txt", "\\xe3\\x81.html", "a\n::error title=x::pwned.txt", "b\r::warning::forged.txt",
        "c\x1b[31mred.txt")}
    assert refused[str(scraped / "a\\xff.txt")] == "file name is not valid UTF-8: rename it"
    escape = "file name holds a control character (U+001B): rename it"
    assert refused[str(scraped / "c\x1b[31mred.txt")] == escape
    published = [entry for entry in entries.values() if entry["status"] != "failed"]
    assert {entry["status"] for entry in published} == {"converted", "duplicate"}
    assert len({entry["output"] for entry in published}) == 1


def test_nothing_a_run_prints_can_forge_a_workflow_command(site):
    """In a GitHub Actions log a line starting with `::` is a command (an annotation, a masked
    value): a file name or a page must not be able to start one."""
    scraped, out = site / "scraped", site / "content" / "articles"
    write_named_pages(scraped, b"", utf8_only=True)  # empty: each fails, and its name is printed
    page = short_page("en", title="A date that is a command")
    (scraped / "date.html").write_text(
        page.replace("2025-06-17T21:40:03+00:00", "2025-13-45\n::error title=x::pwned"), encoding="utf-8")
    result = run_converter_process(scraped, "--out", out, "--debug", "--no-cache")
    assert result.returncode == 1
    assert "pwned" in result.stderr  # the lines are printed, escaped
    assert not WORKFLOW_COMMAND.search(result.stdout + result.stderr), result.stderr


def test_folders_nested_past_the_limit_are_reported_and_the_rest_converted(site):
    scraped, out, report = site / "scraped", site / "content" / "articles", site / "report.json"
    nest_folders(scraped / "deep", 1000, GOOD)
    (scraped / "good.txt").write_bytes(GOOD)
    try:
        result = run_converter(scraped, "--out", out, "--report", report, "--no-cache")
    finally:
        remove_nested(scraped / "deep")
    assert result.returncode == 1, result.stderr
    entries = _report(report)
    assert [e["status"] for e in entries if e["input"].endswith("good.txt")] == ["converted"]
    [skipped] = [e for e in entries if e["status"] == "failed"]
    assert "folders deep" in skipped["reason"] and "not searched" in skipped["reason"]
    assert skipped["input"] == str(scraped / "deep" / "/".join(["d"] * MAX_FOLDER_DEPTH))


def test_an_internal_error_is_exit_status_3_and_not_some_inputs_failed(site, monkeypatch):
    """`make site` goes on after 1 (some inputs failed: the others are published) and must stop
    after anything else, or it would publish a site that silently lacks the run's articles."""
    from converter import cli

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in the batch")

    monkeypatch.setattr(cli, "convert_all", broken)
    result = run_converter(SAMPLE, "--out", site / "content" / "articles")
    assert result.returncode == 3
    assert "internal error" in result.stderr and "a bug in the batch" in result.stderr


def test_make_convert_stops_on_an_internal_error(tmp_path):
    """The Makefile's convert target lets status 1 through and nothing else."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    [recipe] = re.findall(r"^convert:.*\n\t(.+)$", makefile, re.M)
    assert "test $$? -eq 1" in recipe
    shell = recipe.replace("$$", "$").replace("$(BIN)/python scripts/convert.py --timezone $(TIMEZONE)",
                                             f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert os.system(shell) != 0
    assert os.system(shell.replace("sys.exit(3)", "sys.exit(1)")) == 0


def test_an_author_name_longer_than_a_file_name_does_not_stop_the_build(site):
    """A 300,000-character author in the JSON-LD made a folder name the file system refused
    ("File name too long"): the build of every article stopped."""
    scraped, content = site / "scraped", site / "content"
    author = "Jane Doe " * 33_000
    ld = json.dumps({"@type": "NewsArticle", "headline": "Hi there", "author": [{"name": author}]})
    page = short_page("en").replace("</head>", f'<script type="application/ld+json">{ld}</script>\n</head>')
    scraped.mkdir()
    (scraped / "long-author.html").write_text(page, encoding="utf-8")
    result = run_converter(scraped, "--out", content / "articles", "--no-cache", "--report", site / "r.json")
    assert result.returncode == 0, result.stderr
    [entry] = _report(site / "r.json")
    assert "author name of" in entry["reason"]
    build_site(content, site / "output")
    [folder] = (site / "output" / "authors").glob("jane-doe-*")
    assert len(folder.name) <= 80
