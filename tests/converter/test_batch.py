"""A batch never loses an article: slugs, duplicates, orphans, crashes, kills and bad inputs.

Pages are written after the Bitget text dumps in tests/fixtures/pages/ (banner, nav line,
title twice, "<Source><Source><date>", "View original", "By:", body, attribution, disclaimer).
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter import batch
from converter.archive import read_existing
from converter.batch import Options, ReportEntry, convert_all
from converter.inputs import find_inputs
from converter.metadata import Settings
from converter.pipeline import convert_file, input_label
from converter.store import with_digest
from converter.topics import load_rules

from tests.conftest import FIXTURES, PAGES, ROOT, SAMPLE, run_converter

SETTINGS = Settings(timezone=ZoneInfo("UTC"))


def bitget_dump(title: str, date: str, lead: str, source: str = "The Block", attribution: str = "",
                author: str = "Marcus Hale") -> str:
    """A page as Bitget's text scrapes look (see tests/fixtures/pages/*.txt)."""
    tail = f"The post {attribution} appeared first on {source}.\n\n" if attribution else ""
    return (
        f"Bitget App\nTrade smarter\nBuy cryptoMarketsTradeFuturesEarnSquareMore\n{title}\n\n{title}\n\n"
        f"{source}{source}{date}\nView original\nBy:{author}\n\n{lead}\n\n"
        "Traders said the move followed a week of thin volumes across the largest venues, "
        "with funding rates on perpetual futures turning negative for the first time since spring.\n\n"
        f"{tail}Disclaimer: The content of this article solely reflects the author's opinion.\n"
    )


def write_pages(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def convert(*args: str | Path, out: Path) -> tuple[int, list[dict]]:
    report = out.parent / "report.json"
    result = run_converter(*args, "--out", out, "--report", report)
    return result.returncode, json.loads(report.read_text(encoding="utf-8"))


def by_name(entries: list[dict]) -> dict[str, dict]:
    return {Path(entry["input"]).name: entry for entry in entries}


def header(path: Path, key: str) -> str:
    for line in path.read_text(encoding="utf-8").split("\n\n")[0].splitlines():
        if line.startswith(f"{key}: "):
            return line.split(": ", 1)[1]
    return ""


WRAP_MARCH = bitget_dump("Weekly market wrap: Bitcoin, Ether", "2025/03/02 10:00",
                         "Bitcoin rose in March while ether lagged behind the wider market.")
WRAP_SEPTEMBER = bitget_dump("Weekly market wrap — Bitcoin & Ether!", "2025/09/07 10:00",
                             "September saw bitcoin fall as ether gained ground on staking news.")
WRAP_2024 = bitget_dump("Weekly market wrap: Bitcoin, Ether", "2024/03/03 10:00",
                        "A year earlier the same column found both assets drifting sideways.")


def test_different_articles_with_alike_titles_all_survive(tmp_path):
    wraps = {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER, "c.txt": WRAP_2024}
    pages = write_pages(tmp_path / "scraped", wraps)
    status, entries = convert(pages, out=tmp_path / "articles")
    assert status == 0
    assert [e["status"] for e in entries] == ["converted"] * 3
    slugs = [header(Path(e["output"]), "Slug") for e in entries]
    assert slugs[0] == "weekly-market-wrap-bitcoin-ether"
    assert len(set(slugs)) == 3
    assert all(slug.startswith("weekly-market-wrap-bitcoin-ether-") for slug in slugs[1:])
    assert "belongs to another article" in entries[1]["reason"]
    leads = {header(Path(e["output"]), "Summary")[:20] for e in entries}
    assert len(leads) == 3


def test_suffixes_are_deterministic_and_stable(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    _, first = convert(pages, out=tmp_path / "one")
    _, again = convert(pages, out=tmp_path / "two")
    assert [Path(e["output"]).name for e in first] == [Path(e["output"]).name for e in again]
    (pages / "a.txt").unlink()
    _, after = convert(pages, "--prune", out=tmp_path / "one")
    entries = by_name(after)
    assert entries["b.txt"]["status"] == "unchanged"  # keeps its address when the other goes
    assert entries["a.txt"]["status"] == "removed"


def test_a_page_cannot_claim_another_articles_slug(tmp_path):
    out = tmp_path / "articles"
    real = write_pages(tmp_path / "first", {"real.txt": WRAP_MARCH})
    convert(real, out=out)
    [original] = out.rglob("*.md")
    before = original.read_bytes()
    claim = bitget_dump("Totally different story", "2025/04/01 09:00",
                        "This page says it is the weekly wrap so that it would take its address.",
                        attribution="Weekly market wrap: Bitcoin, Ether")
    hostile = write_pages(tmp_path / "second", {"claim.txt": claim})
    _, entries = convert(hostile, out=out)
    [entry] = entries
    assert entry["status"] == "converted"
    assert Path(entry["output"]) != original
    assert header(Path(entry["output"]), "Slug").startswith("weekly-market-wrap-bitcoin-ether-")
    assert original.read_bytes() == before


def test_the_same_article_twice_is_one_file_and_the_saved_page_wins(tmp_path):
    """Same title and opening, per language: a duplicate, whichever comes first."""
    text = SAMPLE.read_text(encoding="utf-8")
    pages = write_pages(tmp_path / "scraped", {"a-copy.txt": text.replace("\n", "\r\n"), "b.txt": text})
    _, entries = convert(pages, out=tmp_path / "articles")
    assert sorted(e["status"] for e in entries) == ["converted", "duplicate"]
    assert len(list((tmp_path / "articles").rglob("*.md"))) == 1


def test_hand_written_articles_keep_their_slug_and_file(tmp_path):
    out = tmp_path / "articles"
    mine = out / "2025" / "notes.en.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("Title: My notes\nDate: 2025-01-01\nSlug: weekly-market-wrap-bitcoin-ether\n\nMine.\n")
    before = mine.read_bytes()
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    _, [entry] = convert(pages, "--force", out=out)
    assert entry["status"] == "converted"
    assert header(Path(entry["output"]), "Slug") != "weekly-market-wrap-bitcoin-ether"
    assert mine.read_bytes() == before


def test_hand_edited_file_in_another_encoding_is_kept_and_does_not_stop_the_batch(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    _, entries = convert(pages, out=out)
    edited = Path(entries[0]["output"])
    edited.write_bytes(edited.read_bytes().replace(b"Marcus Hale", "Marcus Hålé".encode("latin-1")))
    status, again = convert(pages, out=out)
    assert status == 0
    assert by_name(again)["a.txt"]["status"] == "unchanged"
    assert "edited by hand" in by_name(again)["a.txt"]["reason"]
    status, forced = convert(pages, "--force", out=out)
    assert by_name(forced)["a.txt"]["status"] == "converted"
    assert "Author: Marcus Hale" in edited.read_text(encoding="utf-8")


def test_orphans_are_reported_kept_and_pruned_only_when_asked(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    _, entries = convert(pages, out=out)
    gone = Path(by_name(entries)["a.txt"]["output"])
    (pages / "a.txt").unlink()

    status, report = convert(pages, out=out)
    orphan = by_name(report)["a.txt"]
    assert status == 0
    assert (orphan["status"], orphan["output"]) == ("orphaned", str(gone))
    assert "--prune" in orphan["reason"]
    assert gone.is_file()

    status, report = convert(pages, "--prune", out=out)
    assert status == 0
    assert by_name(report)["a.txt"]["status"] == "removed"
    assert not gone.exists()
    assert Path(by_name(report)["b.txt"]["output"]).is_file()


def test_hand_edited_orphans_are_never_pruned(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    _, [entry] = convert(pages, out=out)
    article = Path(entry["output"])
    article.write_text(article.read_text(encoding="utf-8") + "\nMy own note.\n", encoding="utf-8")
    (pages / "a.txt").unlink()
    _, [orphan] = convert(pages, "--prune", out=out)
    assert orphan["status"] == "orphaned"
    assert "edited by hand" in orphan["reason"]
    assert article.is_file()


def test_pages_outside_the_run_are_not_orphans(tmp_path):
    out = tmp_path / "articles"
    convert(write_pages(tmp_path / "one", {"a.txt": WRAP_MARCH}), out=out)
    _, entries = convert(write_pages(tmp_path / "two", {"b.txt": WRAP_SEPTEMBER}), "--prune", out=out)
    assert [e["status"] for e in entries] == ["converted"]
    assert len(list(out.rglob("*.md"))) == 2


def test_a_retitled_page_leaves_no_old_article_behind(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    _, [first] = convert(pages, out=out)
    (pages / "a.txt").write_text(WRAP_MARCH.replace("Weekly market wrap: Bitcoin, Ether", "March wrap"))
    status, entries = convert(pages, out=out)
    assert status == 0
    statuses = {e["status"]: e for e in entries}
    assert set(statuses) == {"converted", "removed"}
    assert statuses["removed"]["output"] == first["output"]
    assert [p.name for p in out.rglob("*.md")] == [Path(statuses["converted"]["output"]).name]


def test_symbolic_links_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(WRAP_MARCH.replace("Bitcoin rose", "SECRET-TOKEN Bitcoin rose"))
    outside = write_pages(tmp_path / "outside", {"other.txt": WRAP_SEPTEMBER})
    pages = write_pages(tmp_path / "scraped", {"good.txt": WRAP_2024})
    (pages / "link.txt").symlink_to(secret)
    (pages / "folder").symlink_to(outside, target_is_directory=True)
    status, entries = convert(pages, out=tmp_path / "articles")
    assert status == 1
    entries = by_name(entries)
    assert entries["link.txt"]["status"] == entries["folder"]["status"] == "failed"
    assert "symbolic link" in entries["link.txt"]["reason"]
    assert entries["good.txt"]["status"] == "converted"
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "articles").rglob("*.md"))
    assert "SECRET-TOKEN" not in written
    assert "September saw" not in written
    status, [named] = convert(pages / "link.txt", out=tmp_path / "more")
    assert (status, named["status"]) == (1, "failed")


def test_inputs_over_the_size_limit_fail_with_the_reason(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"big.txt": WRAP_MARCH + "x" * 30_000, "small.txt": WRAP_2024})
    status, entries = convert(pages, "--max-size", "0.01", out=tmp_path / "articles")
    entries = by_name(entries)
    assert status == 1
    assert entries["big.txt"]["status"] == "failed"
    assert "limit" in entries["big.txt"]["reason"] and "--max-size" in entries["big.txt"]["reason"]
    assert entries["small.txt"]["status"] == "converted"


def test_unreadable_folders_are_reported(tmp_path, monkeypatch):
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    locked = write_pages(pages / "locked", {"b.txt": WRAP_2024})
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:  # what chmod 000 does for anyone but root
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_inputs([pages])
    assert found.pages == [pages / "a.txt"]
    assert [(p.path, p.reason) for p in found.problems] == [(locked, "cannot read folder: Permission denied")]


def raise_for(monkeypatch, name: str, error: BaseException) -> None:
    """Converting the input called `name` raises `error` (a bug in a stage); the others convert."""
    real = batch.convert_file

    def converting(page, rules, settings, learned=frozenset()):
        if page.path.name == name:
            raise error
        return real(page, rules, settings, learned)

    monkeypatch.setattr(batch, "convert_file", converting)


def test_an_unexpected_error_costs_one_entry(tmp_path, monkeypatch, capsys):
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    raise_for(monkeypatch, "a.txt", KeyError("a bug in a stage"))
    entries = convert_all(find_inputs([pages]), tmp_path / "out", load_rules(), SETTINGS, Options(debug=True))
    assert [(Path(e.input).name, e.status) for e in entries] == [("a.txt", "failed"), ("b.txt", "converted")]
    assert "KeyError" in entries[0].reason
    assert "Traceback" in capsys.readouterr().err


def test_files_get_the_usual_permissions_and_stray_temporary_files_go(tmp_path):
    out = tmp_path / "articles"
    stray = out / "2025" / ".old.en.md.abc123.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_text("half an article")
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    old = os.umask(0o022)
    try:
        _, [entry] = convert(pages, out=out)
    finally:
        os.umask(old)
    assert not stray.exists()
    assert Path(entry["output"]).stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o644


def test_a_killed_run_keeps_every_finished_article(tmp_path):
    pages = tmp_path / "scraped"
    for number in range(60):
        title = f"Market wrap number {number} of the series"
        write_pages(pages, {f"p{number:02}.txt": bitget_dump(
            title, "2025/03/02 10:00", f"Column {number} looked at how bitcoin traded in week {number}.")})
    out = tmp_path / "articles"
    command = [sys.executable, str(ROOT / "scripts" / "convert.py"), str(pages), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.rglob("*.md"))) < 5:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = list(out.rglob("*.md"))
    assert 5 <= len(finished) < 60, "the run should have been killed midway"
    assert not any(read_existing(path).hand_edited for path in finished)  # complete, as written
    status, entries = convert(pages, out=out)
    assert status == 0
    assert sum(e["status"] == "unchanged" for e in entries) >= len(finished)
    assert len(list(out.rglob("*.md"))) == 60
    assert not list(out.rglob("*.tmp"))


def test_two_converters_at_once_write_what_one_writes(tmp_path):
    command = [sys.executable, str(ROOT / "scripts" / "convert.py"), str(PAGES), "--out"]
    single = tmp_path / "single"
    subprocess.run([*command, str(single)], capture_output=True, check=False)
    shared = tmp_path / "shared"
    runs = [subprocess.Popen([*command, str(shared)], stderr=subprocess.DEVNULL) for _ in range(2)]
    assert [run.wait() for run in runs] == [0, 0]
    files = {p.relative_to(single): p.read_bytes() for p in single.rglob("*.md")}
    assert len(files) > 5
    assert files == {p.relative_to(shared): p.read_bytes() for p in shared.rglob("*.md")}


GENIUS_ACT = (PAGES / "cryptoslate-en-genius-act-stablecoins.html").read_text(encoding="utf-8")
PUBLISHED = "2025-06-17T21:40:03+00:00"  # its JSON-LD datePublished and article:published_time
VISIBLE_DATE = "Jun. 17, 2025 at 9:40 pm UTC"


@pytest.mark.parametrize(
    "date", ["9999-12-31T23:59:00-14:00", "0001-01-01T00:00:00+14:00", "1989-12-31T10:00:00Z"]
)
def test_dates_outside_the_archive_range_fail_with_the_reason(tmp_path, date):
    page = GENIUS_ACT.replace(PUBLISHED, date).replace(VISIBLE_DATE, "")
    pages = write_pages(tmp_path / "scraped", {"page.html": page})
    status, [entry] = convert(pages, out=tmp_path / "articles")
    assert (status, entry["status"]) == (1, "failed")
    assert "out of range" in entry["reason"]


def test_articles_of_an_older_converter_are_upgraded_in_place(tmp_path):
    """Files written before articles recorded their page and key keep their address."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    _, [entry] = convert(pages, out=out)
    article = Path(entry["output"])
    lines = article.read_text(encoding="utf-8").split("\n")
    new_keys = ("Scraped_From:", "Article_Key:", "Converter_")
    older = "\n".join(line for line in lines if not line.startswith(new_keys))
    article.write_text(with_digest(older), encoding="utf-8")
    assert read_existing(article).legacy

    _, [upgraded] = convert(pages, out=out)
    assert (upgraded["status"], upgraded["output"]) == ("converted", str(article))
    assert header(article, "Scraped_From") and [p.name for p in out.rglob("*.md")] == [article.name]


def test_a_broken_structured_date_falls_back_to_the_pages_other_dates(tmp_path):
    impossible = PUBLISHED.replace("+00:00", "+99:00")
    broken = GENIUS_ACT.replace(f'"datePublished":"{PUBLISHED}"', f'"datePublished":"{impossible}"', 1)
    assert broken != GENIUS_ACT
    pages = write_pages(tmp_path / "scraped", {"page.html": broken})
    status, [entry] = convert(pages, out=tmp_path / "articles")
    assert (status, entry["status"]) == (0, "converted")
    assert header(Path(entry["output"]), "Date") == "2025-06-17 21:40:03+00:00"


def run_batch(pages: Path, out: Path, **options) -> list:
    """The batch as the CLI runs it, in-process: the report entries."""
    return convert_all(find_inputs([pages]), out, load_rules(), SETTINGS, Options(**options))


def genius_act_as_bitget_dump(date: str) -> str:
    """Bitget's text copy of the CryptoSlate page in fixtures: same title, authors and paragraphs
    (a copy must agree with the page as a whole to be the same article: claims.py)."""
    saved_page = PAGES / "cryptoslate-en-genius-act-stablecoins.html"
    article = convert_file(saved_page, load_rules(), SETTINGS).article
    paragraphs = [block.text for block in article.blocks if block.kind == "paragraph"]
    return bitget_dump(article.title, date, "\n\n".join(paragraphs), source="CryptoSlate",
                       author=", ".join(article.authors))


def test_the_publishers_saved_page_replaces_an_aggregators_copy_written_earlier(tmp_path):
    """The text dump comes first in path order and is written; the publisher's HTML then takes its
    place, and the dump's file (dated by its repost, so in another folder) goes."""
    pages = write_pages(tmp_path / "scraped", {"a-bitget.txt": genius_act_as_bitget_dump("2026/01/05 09:00")})
    (pages / "b-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    out = tmp_path / "articles"
    copy, kept = run_batch(pages, out)
    assert (kept.status, kept.reason) == ("converted", "")
    assert Path(kept.output).parent.name == "2025"
    assert (copy.status, copy.output, copy.reason) == (
        "duplicate", kept.output, f"same article as {pages / 'b-cryptoslate.html'}")
    assert [p.relative_to(out) for p in out.rglob("*.md")] == [Path(kept.output).relative_to(out)]
    assert "Via:" not in Path(kept.output).read_text(encoding="utf-8")


def test_a_later_copy_that_is_no_better_is_a_duplicate_of_the_first(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_MARCH})
    first, second = run_batch(pages, tmp_path / "articles")
    assert first.status == "converted"
    assert (second.status, second.output, second.reason) == (
        "duplicate", first.output, f"same article as {pages / 'a.txt'}")


def test_a_taken_slug_gets_the_articles_key_as_suffix_longer_until_free(tmp_path):
    """Suffixes come from the article's own key: the same article gets the same address every run."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    _, second = run_batch(pages, out)
    key = header(Path(second.output), "Article_Key")
    assert header(Path(second.output), "Slug") == f"weekly-market-wrap-bitcoin-ether-{key[:6]}"
    assert second.reason == (f"slug 'weekly-market-wrap-bitcoin-ether' belongs to another article: "
                             f"saved as 'weekly-market-wrap-bitcoin-ether-{key[:6]}'")

    taken = out / "2024" / "mine.en.md"  # a hand-written article holding the 6-character suffix
    taken.parent.mkdir()
    taken.write_text(f"Title: Mine\nSlug: weekly-market-wrap-bitcoin-ether-{key[:6]}\n\nMine.\n")
    Path(second.output).unlink()
    _, again = run_batch(pages, out)
    assert header(Path(again.output), "Slug") == f"weekly-market-wrap-bitcoin-ether-{key[:8]}"


def test_orphans_say_why_and_what_to_do(tmp_path):
    out = tmp_path / "articles"
    wraps = {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER, "c.txt": WRAP_2024}
    pages = write_pages(tmp_path / "scraped", wraps)
    entries = run_batch(pages, out)
    edited = Path(entries[2].output)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy note.\n", encoding="utf-8")
    (pages / "a.txt").unlink()
    (pages / "c.txt").unlink()
    label_a, label_c = input_label(pages / "a.txt"), input_label(pages / "c.txt")

    orphans = {entry.input: entry for entry in run_batch(pages, out)[1:]}
    orphan_a, orphan_c = orphans[label_a], orphans[label_c]
    assert orphan_a == ReportEntry(label_a, "orphaned", entries[0].output,
                                   f"its page {label_a} is gone; --prune removes it")
    assert orphan_c == ReportEntry(label_c, "orphaned", entries[2].output,
                                   f"its page {label_c} is gone; edited by hand, so kept: delete it yourself")

    pruned = {entry.input: entry for entry in run_batch(pages, out, prune=True)[1:]}
    removed, kept = pruned[label_a], pruned[label_c]
    assert removed == ReportEntry(label_a, "removed", entries[0].output, f"its page {label_a} is gone")
    assert kept.status == "orphaned" and edited.is_file()


def test_a_retitled_page_says_where_its_article_went(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    [first] = run_batch(pages, out)
    (pages / "a.txt").write_text(WRAP_MARCH.replace("Weekly market wrap: Bitcoin, Ether", "March wrap"))
    converted, removed = run_batch(pages, out)
    assert removed == ReportEntry(input_label(pages / "a.txt"), "removed", first.output,
                                  f"its page now converts to {converted.output}")


def test_an_article_that_cannot_be_written_is_one_failed_entry(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_2024})
    blocked = out / "2025" / "weekly-market-wrap-bitcoin-ether.en.md"
    blocked.mkdir(parents=True)  # a folder where the file should go
    failed, converted = run_batch(pages, out)
    reason = f"cannot write {blocked}: Is a directory"
    assert failed == ReportEntry(str(pages / "a.txt"), "failed", None, reason)
    assert converted.status == "converted"


def test_a_page_nested_too_deeply_fails_alone(tmp_path, monkeypatch):
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_2024})
    raise_for(monkeypatch, "a.txt", RecursionError("maximum recursion depth exceeded"))
    failed, converted = run_batch(pages, tmp_path / "articles")
    assert (failed.status, failed.reason) == ("failed", "markup nested too deeply to read")
    assert converted.status == "converted"


def test_input_errors_are_reported_with_their_reason_and_no_traceback(tmp_path, capsys):
    pages = write_pages(tmp_path / "scraped", {"a.txt": "Bitget App\n\n"})  # the banner, and nothing else
    [entry] = run_batch(pages, tmp_path / "articles", debug=True)
    assert (entry.status, entry.reason) == ("failed", "no article title found")
    assert capsys.readouterr().err == ""


def test_notes_about_undated_pages_reach_the_report(tmp_path):
    undated = WRAP_MARCH.replace("The BlockThe Block2025/03/02 10:00\n", "")
    pages = write_pages(tmp_path / "scraped", {"a.txt": undated})
    [draft] = run_batch(pages, tmp_path / "one")
    assert draft.reason == "no date on the page: saved as a draft (Status: draft); --date-from-mtime dates it"
    dated = convert_all(find_inputs([pages]), tmp_path / "two", load_rules(),
                        Settings(timezone=ZoneInfo("UTC"), date_from_mtime=True))
    assert dated[0].reason == "no date on the page: dated by the file's modification time (--date-from-mtime)"


def test_failures_and_skipped_pages_are_printed_one_line_each_to_the_given_stream():
    entries = [ReportEntry("a.txt", "failed", None, "not a text file"),
               ReportEntry("b.txt", "converted", "out/b.en.md", ""),
               ReportEntry("c.txt", "failed", None, "no article body found"),
               ReportEntry("d.txt", "skipped", None, "not an article: a news feed or listing")]
    stream = io.StringIO()
    batch.print_failures(entries, stream)
    assert stream.getvalue() == ("error: a.txt: not a text file\nerror: c.txt: no article body found\n"
                                 "warning: d.txt: skipped: not an article: a news feed or listing\n")


def test_a_link_named_like_a_temporary_file_is_left_alone(tmp_path):
    out = tmp_path / "articles"
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    out.mkdir()
    (out / ".notes.md.x1.tmp").symlink_to(notes)
    run_batch(write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH}), out)
    assert (out / ".notes.md.x1.tmp").is_symlink() and notes.read_text() == "keep me"


class _DyingPool:
    """A process pool whose workers are killed (the OOM killer, say) after `results` results."""

    results = 2

    def __init__(self, max_workers, initializer, initargs):
        assert max_workers == 2
        initializer(*initargs)  # as each worker process does when it starts

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, work, inputs, chunksize):
        yield from map(work, inputs[: self.results])
        raise BrokenProcessPool("a child process terminated abruptly")


def test_a_dead_worker_process_fails_the_rest_of_the_batch_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _DyingPool)
    monkeypatch.setattr(batch, "_worker_state", None)  # the fake pool's "workers" are this process
    wraps = {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER, "c.txt": WRAP_2024, "d.txt": WRAP_MARCH}
    entries = run_batch(write_pages(tmp_path / "scraped", wraps), tmp_path / "articles", jobs=2)
    assert [(Path(e.input).name, e.status) for e in entries] == [
        ("a.txt", "converted"), ("b.txt", "converted"), ("c.txt", "failed"), ("d.txt", "failed")]
    assert entries[2].reason == "a converter process died while converting this batch; run again"


def test_two_pages_and_two_jobs_use_processes_one_job_never_does(tmp_path, monkeypatch):
    """--jobs is the user's limit on processes: one job converts in this process."""
    monkeypatch.setattr(batch, "ProcessPoolExecutor", _DyingPool)
    monkeypatch.setattr(batch, "_worker_state", None)
    wraps = {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER, "c.txt": WRAP_2024}
    serial = run_batch(write_pages(tmp_path / "scraped", wraps), tmp_path / "one", jobs=1)
    assert [e.status for e in serial] == ["converted"] * 3
    (tmp_path / "scraped" / "c.txt").unlink()
    monkeypatch.setattr(_DyingPool, "results", 1)
    parallel = run_batch(tmp_path / "scraped", tmp_path / "two", jobs=2)
    assert [e.status for e in parallel] == ["converted", "failed"]  # the pool was used, and died


def test_parallel_results_are_matched_to_their_inputs(tmp_path):
    wraps = {"a.txt": WRAP_MARCH, "b.txt": "not a page", "c.txt": WRAP_2024}
    entries = run_batch(write_pages(tmp_path / "scraped", wraps), tmp_path / "articles", jobs=2)
    assert [(Path(e.input).name, e.status) for e in entries] == [
        ("a.txt", "converted"), ("b.txt", "failed"), ("c.txt", "converted")]
    assert "2024" in entries[2].output


def test_a_page_whose_opening_was_corrected_keeps_its_address(tmp_path):
    """The key changes with the opening, but the file is the same page's: it is replaced in place."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    [first] = run_batch(pages, out)
    (pages / "a.txt").write_text(WRAP_MARCH.replace("Bitcoin rose in March", "Bitcoin climbed in March"))
    [again] = run_batch(pages, out)
    assert (again.status, again.output, again.reason) == ("converted", first.output, "")
    assert "Bitcoin climbed" in Path(first.output).read_text(encoding="utf-8")


def test_a_better_copy_found_later_replaces_the_article_of_an_earlier_run(tmp_path):
    """Run 1 had only Bitget's copy; run 2 also has the publisher's page, which comes first."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"b-bitget.txt": genius_act_as_bitget_dump("2026/01/05 09:00")})
    [earlier] = run_batch(pages, out)
    (pages / "a-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    kept, copy, removed = run_batch(pages, out)
    assert (kept.status, copy.status, copy.output) == ("converted", "duplicate", kept.output)
    assert removed == ReportEntry(input_label(pages / "b-bitget.txt"), "removed", earlier.output,
                                  f"its page now converts to {kept.output}")
    assert [str(p) for p in out.rglob("*.md")] == [kept.output]


def test_a_hand_edited_copy_is_kept_when_a_better_one_replaces_it(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a-bitget.txt": genius_act_as_bitget_dump("2026/01/05 09:00")})
    [earlier] = run_batch(pages, out)
    edited = Path(earlier.output)
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy note on the vote.\n", encoding="utf-8")
    (pages / "b-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    copy, kept, orphan = run_batch(pages, out)
    assert (copy.status, kept.status) == ("duplicate", "converted")
    assert "My note on the vote." in edited.read_text(encoding="utf-8")
    assert (orphan.status, orphan.output) == ("orphaned", str(edited))
    assert orphan.reason == (f"its page now converts to {kept.output}; "
                             "edited by hand, so kept: delete it yourself")


def test_a_better_copy_at_the_same_address_replaces_the_file_it_does_not_delete_it(tmp_path):
    pages = write_pages(tmp_path / "scraped", {"a-bitget.txt": genius_act_as_bitget_dump("2025/06/17 21:40")})
    (pages / "b-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    copy, kept = run_batch(pages, tmp_path / "articles")
    assert copy.output == kept.output
    assert "Via:" not in Path(kept.output).read_text(encoding="utf-8")


def test_an_other_article_with_the_same_title_never_takes_a_replaced_copys_file(tmp_path):
    """After the publisher's page replaced Bitget's copy, a different story with the same headline
    (later in path order) must get a suffix, not overwrite the article."""
    saved_page = PAGES / "cryptoslate-en-genius-act-stablecoins.html"
    title = convert_file(saved_page, load_rules(), SETTINGS).article.title
    other = bitget_dump(title, "2025/06/20 08:00", "Days later, the House took up its own stablecoin bill.")
    pages = write_pages(tmp_path / "scraped", {"a-bitget.txt": genius_act_as_bitget_dump("2025/06/17 21:40"),
                                               "c-other.txt": other})
    (pages / "b-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    _, kept, later = run_batch(pages, tmp_path / "articles")
    assert later.status == "converted" and later.output != kept.output
    assert "The US Senate on Tuesday passed" in Path(kept.output).read_text(encoding="utf-8")


def test_orphans_of_pages_inside_the_project_are_found_from_any_folder(tmp_path, monkeypatch):
    """Articles name pages inside the project relative to it: that must not depend on where the
    converter is started."""
    with tempfile.TemporaryDirectory(dir=batch.ROOT) as inside:
        pages = write_pages(Path(inside) / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
        out = tmp_path / "articles"
        run_batch(pages, out)
        assert not header(next(out.rglob("*.md")), "Scraped_From").startswith("/")
        (pages / "a.txt").unlink()
        monkeypatch.chdir(tmp_path)
        _, orphan = run_batch(pages, out)
    assert (orphan.status, orphan.input) == ("orphaned", str((pages / "a.txt").relative_to(batch.ROOT)))


def genius_act_as_bitget_page() -> str:
    """Bitget's saved HTML page (fixture layout) carrying the CryptoSlate article of the other
    fixture, by its authors."""
    saved_page = PAGES / "cryptoslate-en-genius-act-stablecoins.html"
    article = convert_file(saved_page, load_rules(), SETTINGS).article
    paragraphs = "".join(f"<p>{html.escape(block.text)}</p>" for block in article.blocks
                         if block.kind == "paragraph")
    page = (PAGES / "bitget-en-html-ethereum-etf-staking.html").read_text(encoding="utf-8")
    page = page.replace("Ethereum ETFs pull in $240 million as SEC weighs staking in spot funds",
                        html.escape(article.title))
    page = page.replace(">Dana Whitfield<", f">{html.escape(', '.join(article.authors))}<")
    content = re.compile(r'(<div [^>]*id="news-content">).*?(</div>)', re.S)
    return content.sub(lambda match: match[1] + paragraphs + match[2], page, count=1)


def test_between_two_saved_pages_the_publishers_own_wins(tmp_path):
    """Same format, same article: the publisher's page beats the aggregator's copy (`Via:`), even
    when the copy comes first."""
    pages = write_pages(tmp_path / "scraped", {"a-bitget.html": genius_act_as_bitget_page(),
                                               "b-cryptoslate.html": GENIUS_ACT})
    copy, kept = run_batch(pages, tmp_path / "articles")
    assert (copy.status, kept.status) == ("duplicate", "converted")
    assert copy.reason == f"same article as {pages / 'b-cryptoslate.html'}"
    assert "\nVia:" not in Path(kept.output).read_text(encoding="utf-8")


def test_a_suffixed_address_outlives_the_article_it_made_way_for(tmp_path):
    """Links to an article must keep working: once the article that held the plain slug is gone
    (pruned in an earlier run), the other keeps its suffixed address instead of moving."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": WRAP_SEPTEMBER})
    _, suffixed = run_batch(pages, out)
    (pages / "a.txt").unlink()
    run_batch(pages, out, prune=True)
    assert [p.name for p in out.rglob("*.md")] == [Path(suffixed.output).name]
    assert run_batch(pages, out) == [ReportEntry(str(pages / "b.txt"), "unchanged", suffixed.output,
                                                 "already up to date")]


def test_a_hand_written_file_at_the_articles_path_is_never_overwritten_even_forced(tmp_path):
    """--force overwrites the converter's own files; a file of the user's that happens to sit
    where the article would go (under another slug) is not one of them."""
    out = tmp_path / "articles"
    mine = out / "2025" / "weekly-market-wrap-bitcoin-ether.en.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("Title: My March notes\nSlug: my-march-notes\n\nMine.\n")
    [entry] = run_batch(write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH}), out, force=True)
    assert entry.status == "converted" and Path(entry.output) != mine
    assert mine.read_text() == "Title: My March notes\nSlug: my-march-notes\n\nMine.\n"


def test_several_notes_are_joined_in_one_reason(tmp_path):
    undated = WRAP_MARCH.replace("The BlockThe Block2025/03/02 10:00\n", "")
    pages = write_pages(tmp_path / "scraped", {"a.txt": undated})
    run_batch(pages, tmp_path / "articles")
    [again] = run_batch(pages, tmp_path / "articles")
    assert again.reason == ("already up to date; no date on the page: "
                            "saved as a draft (Status: draft); --date-from-mtime dates it")


def test_the_output_folder_is_created_however_deep(tmp_path):
    out = tmp_path / "site" / "content" / "articles"
    [entry] = run_batch(write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH}), out)
    assert entry.status == "converted" and Path(entry.output).is_relative_to(out)


def test_a_page_that_fails_this_run_keeps_its_article_even_with_prune(tmp_path):
    """A page that cannot be read today (truncated by a bad scrape, say) is not a page that is gone."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH})
    [first] = run_batch(pages, out)
    (pages / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    [failed] = run_batch(pages, out, prune=True)
    assert failed.status == "failed"
    assert Path(first.output).is_file()


def test_a_better_copy_that_cannot_be_written_does_not_cost_the_one_written(tmp_path):
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a-bitget.txt": genius_act_as_bitget_dump("2026/01/05 09:00")})
    (pages / "b-cryptoslate.html").write_text(GENIUS_ACT, encoding="utf-8")
    slug = "senate-passes-genius-act-as-stablecoin-issuers-brace-for-federal-oversight"
    blocked = out / "2025" / f"{slug}.en.md"
    blocked.mkdir(parents=True)  # a folder where the publisher's copy would go
    written, failed = run_batch(pages, out)
    assert failed.status == "failed" and "cannot write" in failed.reason
    assert written.status == "converted" and Path(written.output).is_file()


def test_a_body_only_crawl_of_an_article_is_the_same_article_and_lends_its_facts(tmp_path):
    """Bitget's page crawled with its header (title, date, source) and without it (the body, with
    an author line the header crawl lacks) is one article: the dated copy, with the author added."""
    lead = "Bitcoin rose in March while ether lagged behind the wider market, as funds rotated into majors."
    header_crawl = bitget_dump("Weekly market wrap: Bitcoin, Ether", "2025/03/02 10:00", lead).replace(
        "By:Marcus Hale\n", "")
    body = header_crawl.split("2025/03/02 10:00\nView original\n", 1)[1]
    pages = write_pages(tmp_path / "scraped", {"a-body-only.txt": f"Author: Dana Whitfield\n{body}",
                                               "b-header.txt": header_crawl})
    out = tmp_path / "articles"
    body_only, full = run_batch(pages, out)
    assert (body_only.status, full.status) == ("duplicate", "converted")
    [article] = out.rglob("*.md")
    assert article == Path(full.output) and article.parent.name == "2025"
    assert header(article, "Title") == "Weekly market wrap: Bitcoin, Ether"
    assert header(article, "Author") == "Dana Whitfield"
    assert header(article, "Status") == ""


def test_a_later_copy_adds_the_facts_the_kept_one_lacks(tmp_path):
    """Each copy lacks one fact (the first its author, the second its date): the first is kept,
    and it takes the author from the second."""
    no_byline = WRAP_MARCH.replace("By:Marcus Hale\n", "")
    undated = WRAP_MARCH.replace("The BlockThe Block2025/03/02 10:00\n", "")
    pages = write_pages(tmp_path / "scraped", {"a.txt": no_byline, "b.txt": undated})
    first, second = run_batch(pages, tmp_path / "articles")
    assert (first.status, second.status) == ("converted", "duplicate")
    assert (header(Path(first.output), "Author"), header(Path(first.output), "Date")) == (
        "Marcus Hale", "2025-03-02 10:00:00+00:00")


def test_a_page_without_a_title_line_says_where_its_title_came_from(tmp_path):
    body = WRAP_MARCH.split("View original\nBy:Marcus Hale\n\n", 1)[1]
    [entry] = run_batch(write_pages(tmp_path / "scraped", {"a.txt": body}), tmp_path / "articles")
    assert "no title line: the title is the lead's first sentence" in entry.reason


def test_a_page_in_a_language_without_a_grammar_file_says_so(tmp_path):
    filipino = FIXTURES / "corpus" / "bitget-fil-bitget-bgb-price-compensation.txt"
    pages = write_pages(tmp_path / "scraped", {"fil.txt": filipino.read_text(encoding="utf-8")})
    [entry] = run_batch(pages, tmp_path / "articles")
    assert entry.status == "converted"
    assert "no page grammar for 'fil': chrome and tail were cut by their layout only" in entry.reason


def test_a_copy_by_another_author_is_another_article_and_each_entry_names_the_other(tmp_path):
    """Same title, date, source and body, another byline: what both pages state disagrees, so
    neither is the other's duplicate (issue 22: the copy that says most no longer wins)."""
    other_byline = WRAP_MARCH.replace("By:Marcus Hale", "By:Dana Whitfield")
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": other_byline})
    first, second = run_batch(pages, tmp_path / "articles")
    assert (first.status, second.status) == ("converted", "converted")
    assert (header(Path(first.output), "Author"), header(Path(second.output), "Author")) == (
        "Marcus Hale", "Dana Whitfield")
    assert str(pages / "b.txt") in first.reason and str(pages / "a.txt") in second.reason
    assert "differing in authors" in second.reason


def test_a_copy_under_another_title_is_another_article(tmp_path):
    """One body under two printed headlines: two articles (a title made from the lead, as a
    body-only crawl has, is not compared: see the body-only test above)."""
    retitled = WRAP_MARCH.replace("Weekly market wrap: Bitcoin, Ether", "Bitcoin beats ether in March")
    pages = write_pages(tmp_path / "scraped", {"a.txt": WRAP_MARCH, "b.txt": retitled})
    first, second = run_batch(pages, tmp_path / "articles")
    assert (first.status, second.status) == ("converted", "converted")
    assert header(Path(second.output), "Title") == "Bitcoin beats ether in March"
    assert "differing in title" in second.reason


def test_a_new_copy_no_better_than_the_written_article_leaves_it_and_lends_it_its_facts(tmp_path):
    """Run 1 had the page without a byline; run 2 adds an undated copy that sorts first. Neither
    says more: the article an earlier run wrote stays (it is not overwritten by the copy first
    in path order), and it takes the author the copy adds."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"b-no-byline.txt": WRAP_MARCH.replace("By:Marcus Hale\n", "")})
    [written] = run_batch(pages, out)
    write_pages(pages, {"a-undated.txt": WRAP_MARCH.replace("The BlockThe Block2025/03/02 10:00\n", "")})
    copy, kept = run_batch(pages, out)
    assert (kept.status, kept.output) == ("converted", written.output)
    assert (copy.status, copy.output) == ("duplicate", written.output)
    assert copy.reason == f"same article as {pages / 'b-no-byline.txt'}"
    assert header(Path(kept.output), "Author") == "Marcus Hale"
    assert header(Path(kept.output), "Scraped_From") == str(pages / "b-no-byline.txt")
    assert [str(p) for p in out.rglob("*.md")] == [written.output]
    assert [e.status for e in run_batch(pages, out)] == ["duplicate", "unchanged"]


# Versions of one original in several languages (originals.py): one slug, whatever the order.
MINERS_EN = (PAGES / "cryptoslate-en-bitcoin-miners-ai-hashprice.html").read_text(encoding="utf-8")
MINERS_JA = (PAGES / "bitget-ja-html-bitcoin-miners-ai-hashprice.html").read_text(encoding="utf-8")
MINERS_URL = "https://cryptoslate.com/bitcoin-miners-ai-pivot-accelerates-as-hashprice-sinks-to-record-low/"
MINERS_SLUG = "bitcoin-miners-ai-pivot-accelerates-as-hashprice-sinks-to-record-low"
MINERS_TITLE = "Bitcoin miners’ AI pivot accelerates as hashprice sinks to record low"
# Bitget's Japanese page naming the original by another headline: only the address ties them.
MINERS_JA_RETITLED = MINERS_JA.replace(
    MINERS_TITLE, "Miners race to AI hosting as hashprice hits a record low")
MINERS_JA_SLUG = "miners-race-to-ai-hosting-as-hashprice-hits-a-record-low"


def slugs_by_language(out: Path) -> dict[str, str]:
    return {header(path, "Lang"): header(path, "Slug") for path in out.rglob("*.md")}


@pytest.mark.parametrize("names", [("a-ja.html", "b-en.html"), ("b-ja.html", "a-en.html")])
def test_versions_named_only_by_the_originals_address_share_its_slug_in_either_order(tmp_path, names):
    """The original's own page names the slug; the Japanese copy takes it, first or last."""
    japanese, english = names
    pages = write_pages(tmp_path / "scraped", {japanese: MINERS_JA_RETITLED, english: MINERS_EN})
    out = tmp_path / "articles"
    entries = {Path(entry.input).name: entry for entry in run_batch(pages, out)}
    assert slugs_by_language(out) == {"en": MINERS_SLUG, "ja": MINERS_SLUG}
    assert sorted(path.name for path in out.rglob("*.md")) == [f"{MINERS_SLUG}.en.md", f"{MINERS_SLUG}.ja.md"]
    assert header(Path(entries[japanese].output), "Original_URL") == MINERS_URL
    assert f"shares the slug {MINERS_SLUG!r} of its versions in other languages" in entries[japanese].reason
    assert [entry.status for entry in run_batch(pages, out)] == ["unchanged", "unchanged"]


def test_a_new_translation_takes_the_published_slug_of_its_original_and_force_makes_it_anew(tmp_path):
    """An address once published never moves: the English original, converted later, takes the
    slug the Japanese copy was published under. --force gives both the slug they would get together."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a-ja.html": MINERS_JA_RETITLED})
    [published] = run_batch(pages, out)
    assert slugs_by_language(out) == {"ja": MINERS_JA_SLUG}
    write_pages(pages, {"b-en.html": MINERS_EN})
    japanese, english = run_batch(pages, out)
    assert (japanese.status, japanese.output) == ("unchanged", published.output)
    assert english.status == "converted"
    assert slugs_by_language(out) == {"en": MINERS_JA_SLUG, "ja": MINERS_JA_SLUG}
    run_batch(pages, out, force=True)
    assert slugs_by_language(out) == {"en": MINERS_SLUG, "ja": MINERS_SLUG}
    assert len(list(out.rglob("*.md"))) == 2


def test_two_articles_of_one_language_naming_one_original_share_no_slug(tmp_path):
    """Two English articles give one address as their original (a wrong canonical link, say):
    neither is the original's version for sure, so the Japanese copy keeps its own slug and
    the two English ones keep theirs."""
    genius_url = "https://cryptoslate.com/senate-passes-genius-act-as-stablecoin-issuers-brace-for-federal-oversight/"
    other = GENIUS_ACT.replace(genius_url, MINERS_URL).replace(genius_url.replace("/", "\\/"),
                                                               MINERS_URL.replace("/", "\\/"))
    pages = write_pages(tmp_path / "scraped", {"a-ja.html": MINERS_JA_RETITLED, "b-en.html": MINERS_EN,
                                               "c-en.html": other})
    out = tmp_path / "articles"
    run_batch(pages, out)
    files = {path.name: path for path in out.rglob("*.md")}
    assert [header(path, "Original_URL") for path in files.values()] == [MINERS_URL] * 3
    assert f"{MINERS_JA_SLUG}.ja.md" in files and f"{MINERS_SLUG}.en.md" in files
    assert len({header(path, "Slug") for path in files.values()}) == 3


def test_a_published_slug_is_kept_when_the_converter_would_now_make_another(tmp_path):
    """A file an older converter wrote (here: under a hashed slug) keeps its address; --force
    renames it to the slug the converter makes now, and the old file goes."""
    out = tmp_path / "articles"
    pages = write_pages(tmp_path / "scraped", {"a.html": MINERS_EN})
    [first] = run_batch(pages, out)
    written = Path(first.output)
    text = re.sub(r"^Converter_Digest: .*\n", "", written.read_text(encoding="utf-8"), flags=re.M)
    old_slug = "cryptoslate-20250618-1a2b3c4d"
    legacy = written.with_name(f"{old_slug}.en.md")
    legacy.write_text(with_digest(text.replace(f"Slug: {MINERS_SLUG}", f"Slug: {old_slug}")),
                      encoding="utf-8")
    written.unlink()
    [kept] = run_batch(pages, out)
    assert (kept.status, kept.output) == ("unchanged", str(legacy))
    renamed, removed = run_batch(pages, out, force=True)
    assert renamed.status == "converted" and Path(renamed.output).name == f"{MINERS_SLUG}.en.md"
    assert (removed.status, removed.output) == ("removed", str(legacy))
    assert [path.name for path in out.rglob("*.md")] == [f"{MINERS_SLUG}.en.md"]


@pytest.mark.parametrize("address", ["javascript:alert(1)//x/bitcoin-etfs-see-record-outflows",
                                     "https://evil.example/%2e%2e/%2e%2e/etc-cron-daily",
                                     "https://evil.example/a/..%2F..%2Fcontent%2Fpages%2Fabout-us-now"])
def test_a_hostile_original_address_never_chooses_a_path(tmp_path, address):
    """The page's "View original" link is the page's to choose: the slug stays `[a-z0-9-]` and the
    file lands in the output folder's year folder."""
    page = MINERS_JA.replace(MINERS_URL, address).replace(MINERS_TITLE, "")
    pages = write_pages(tmp_path / "scraped", {"a-ja.html": page})
    out = tmp_path / "articles"
    [entry] = run_batch(pages, out)
    written = Path(entry.output)
    assert entry.status == "converted" and written.parent == out / "2025"
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.ja\.md", written.name)
