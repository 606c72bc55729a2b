"""Capture files written to hurt (issue 25): each container's own attacks, beside good pages.

The hostile pages of hostile.py reach the converter in every capture format as well (the
session build of conftest.py; test_hostile_conversion.py and the site and browser tests check
what they became). This file attacks what only a capture file has: a record's address, id,
length and encodings, a zip's members, an MHTML's parts, a JSON Lines line, a sidecar, a saving
tool's comment. The files are written byte by byte (hostile_captures.py) and converted by the
command line in two runs:

- `address_run`: attacks that may cost a page nothing but its address or its record's own name
  (hostile addresses, record ids, sidecars, save times that are no time). Every page converts,
  the exit status is 0, and no hostile address reaches an article or the report.
- `damage_run`: files damaged or too big in one way each, beside good pages and good records in
  the same files. Each bad record or file is reported failed with a reason that names it, the
  good pages and the records before the damage convert, and the exit status is 1. The converter
  runs in a process of its own, measured as test_budgets.py measures a page over the budgets:
  its peak memory stays under PEAK_MB and its CPU time under PAGE_SECONDS a file.

Neither run writes a file outside its output folder and its report.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_converter_process
from tests.security.budget_pages import PAGE_SECONDS, PEAK_MB, measured_run
from tests.security.hostile_captures import (
    MB,
    deflate_bomb,
    gzip_bomb,
    gzip_members,
    gzip_stream,
    http_response,
    image_part,
    jsonl_line,
    mhtml,
    mhtml_chunks,
    raw_zip,
    singlefile,
    wacz,
    warc_record,
    write_chunks,
)
from tests.security.hostile_inputs import short_page
from tests.security.sitecheck import url_problem

SAVED = datetime(2025, 3, 2, 10, 0, 5, tzinfo=UTC)  # every capture file's modification time
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9:._-]{0,99}")  # a record's name in the archive
# What GitHub Actions reads as a workflow command: a line that starts with `::` (after blanks).
# str.splitlines also ends a line at a carriage return and the other line breaks of Unicode.
WORKFLOW_COMMAND = re.compile(r"^\s*::")
NOT_WEB = "the capture's address is not an http(s) address: not kept"


def page(name: str) -> str:
    """A good article page of its own (its title and text name it)."""
    return short_page("en", title=f"Capture {name} keeps its article",
                      body=f"The {name} capture holds this report on bitcoin flows and stablecoin reserves.")


def response(name: str, **fields) -> bytes:
    """A crawler's response record holding page(name), its id `urn:uuid:<name>`."""
    fields.setdefault("record_id", f"<urn:uuid:{name}>")
    fields.setdefault("uri", f"https://cryptoslate.com/{name}/")
    return warc_record(http_response(page(name).encode()), **fields)


@dataclass
class Run:
    """One run of the command line over `base/scraped`: its exit status, what it printed, its
    report by input name (`file` or `file#record`), and the articles it wrote."""

    base: Path
    code: int
    printed: str
    entries: dict[str, dict]
    outside_before: dict[str, str] = field(repr=False)  # path -> digest, of every file but the articles
    outside_after: dict[str, str] = field(repr=False)

    @property
    def out(self) -> Path:
        return self.base / "articles"

    def entry(self, name: str) -> dict:
        assert name in self.entries, sorted(self.entries)
        return self.entries[name]

    def article(self, name: str) -> str:
        entry = self.entry(name)
        assert entry["status"] == "converted" and entry["output"], entry
        return Path(entry["output"]).read_text(encoding="utf-8")

    def of_file(self, file: str) -> dict[str, dict]:
        return {name: entry for name, entry in self.entries.items() if name.startswith(f"{file}#")}


def header(markdown: str) -> dict[str, str]:
    lines = markdown.partition("\n\n")[0].split("\n")
    return dict(line.split(": ", 1) for line in lines)


def _written(base: Path, files: dict[str, bytes | Iterable[bytes]]) -> None:
    """The files under base/scraped, each bytes or bytes in pieces (a file of 100 MB is written
    as it is made), dated SAVED."""
    scraped = base / "scraped"
    for name, data in files.items():
        path = scraped / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_chunks(path, [data] if isinstance(data, bytes) else data)
        os.utime(path, (SAVED.timestamp(), SAVED.timestamp()))


def _digests(base: Path, inside: Path) -> dict[str, str]:
    """Every file under `base` but those under `inside`, by relative path, with its digest (the
    scraped files are hundreds of megabytes: hostile_inputs.files_outside holds their bytes)."""
    found = {}
    for path in sorted(base.rglob("*")):
        if path.is_file() and not path.is_relative_to(inside):
            with path.open("rb") as handle:
                found[path.relative_to(base).as_posix()] = hashlib.file_digest(handle, "sha256").hexdigest()
    return found


def _run(base: Path, measure: bool = False) -> tuple[Run, object]:
    out, report = base / "articles", base / "report.json"
    before = _digests(base, out)
    args = [base / "scraped", "--out", out, "--report", report, "--no-cache"]
    if measure:
        measured = measured_run([sys.executable, str(ROOT / "scripts" / "convert.py"), *map(str, args)])
        code, printed = measured.code, measured.stderr
    else:  # a process of its own: what warcio logs reaches the terminal only outside pytest
        measured = None
        done = run_converter_process(*args)
        code, printed = done.returncode, done.stdout + done.stderr
    assert report.exists(), f"exit status {code}: {printed[-2000:]}"
    entries = {Path(entry["input"]).name: entry for entry in json.loads(report.read_text(encoding="utf-8"))}
    after = _digests(base, out)
    after.pop("report.json")
    return Run(base, code, printed, entries, before, after), measured


# --- attacks that cost a page nothing but an address or a name ---------------------------------

ADDRESS_RECORDS = {  # record -> its WARC-Target-URI (None: the record has none)
    "uri-javascript": b"javascript:alert(1)",
    "uri-file": b"file:///etc/passwd",
    "uri-data": b"data:text/html,<script>alert(1)</script>",
    "uri-escape": b"https://cryptoslate.com/\x1b]0;pwned\x07",
    "uri-nul": b"https://cryptoslate.com/\x00pwned",
    "uri-folded": b"https://cryptoslate.com/folded\r\n ::error title=x::pwned",  # a header line folded
    "uri-command": b"https://cryptoslate.com/a b\r::error title=x::pwned",  # warcio printed it
    "uri-none": None,
}
NOT_KEPT = ("uri-javascript", "uri-file", "uri-data", "uri-escape", "uri-nul")
RECORD_IDS = [b"<urn:uuid:../../../etc/passwd>", b"<urn:uuid:a#b>", b"<urn:uuid:" + b"x" * 10_240 + b">",
              b"<urn:uuid:twin>", b"<urn:uuid:twin>", b"<urn:uuid:line\r\n ::error title=x::pwned>",
              b"<urn:uuid:esc\x1b[2Jx>", b""]
LONG_URL = "https://cryptoslate.com/" + "a" * MB


def _address_files() -> dict[str, bytes]:
    files = {"good.html": page("plain-page").encode()}
    records = [response(name, uri=uri) for name, uri in ADDRESS_RECORDS.items()]
    records += [response("date-2099", date="2099-01-01T00:00:00Z"),
                response("date-year-0", date="0000-01-01T00:00:00Z")]
    files["addresses.warc.gz"] = gzip_members(records)
    files["ids.warc"] = b"".join(response(f"id-{number}", record_id=raw)
                                 for number, raw in enumerate(RECORD_IDS))
    shared = [(b"<urn:uuid:twin>", "a"), (b"<not an id>", "b")]
    files["ids.wacz"] = wacz({f"archive/{part}.warc.gz": gzip_members(
        response(f"wacz-{part}-{name}", record_id=raw) for raw, name in shared) for part in ("one", "two")})
    files["slip.wacz"] = wacz({"../../x.warc.gz": gzip_members([response("slip-parent")]),
                               "/abs/y.warc": response("slip-absolute")})
    files["snapshot-javascript.mhtml"] = mhtml(page("mhtml-javascript").encode(),
                                               location="javascript:alert(1)", snapshot="javascript:alert(1)")
    files["sidecar-script.html"] = page("sidecar-script").encode()
    files["sidecar-script.url"] = b"[InternetShortcut]\r\nURL=javascript:alert(1)\r\n"
    files["sidecar-huge.html"] = page("sidecar-huge").encode()
    files["sidecar-huge.json"] = json.dumps({"url": LONG_URL * 10}).encode()
    files["sidecar-link.html"] = page("sidecar-link").encode()
    files["singlefile-long-url.html"] = singlefile(page("singlefile-long-url"), url=LONG_URL,
                                                   saved="Sat Dec 06 2025 10:00:00 GMT+0000").encode()
    files["singlefile-2099.html"] = singlefile(page("singlefile-2099"), url="https://cryptoslate.com/sf-2099/",
                                               saved="Sun Dec 06 2099 10:00:00 GMT+0000 (UTC)").encode()
    lines = [{"url": "javascript:alert(1)", "html": page("line-javascript")},
             {"url": "https://cryptoslate.com/\ud800/", "html": page("line-surrogate")},
             {"url": "https://cryptoslate.com/2099/", "html": page("line-2099"), "fetched_at": "2099-01-01"},
             {"url": "https://cryptoslate.com/0/", "html": page("line-year-0"), "fetched_at": "0000-01-01"}]
    files["addresses.jsonl"] = b"".join(json.dumps(line).encode() + b"\n" for line in lines)  # \ud800 escaped
    return files


@pytest.fixture(scope="module")
def address_run(tmp_path_factory) -> Run:
    base = tmp_path_factory.mktemp("capture-addresses")
    _written(base, _address_files())
    (base / "scraped" / "sidecar-link.url").symlink_to("/etc/passwd")
    run, _ = _run(base)
    return run


def test_address_attacks_cost_no_page_and_the_run_succeeds(address_run):
    """Exit status 0 (cli.py: no input failed), one converted article per page and record."""
    statuses = {name: entry["status"] for name, entry in address_run.entries.items()}
    assert address_run.code == 0, address_run.printed[-2000:]
    assert set(statuses.values()) == {"converted"}, statuses
    assert len(statuses) == 1 + 10 + 8 + 4 + 2 + 1 + 3 + 2 + 4, sorted(statuses)


def test_a_records_hostile_address_reaches_no_article(address_run):
    """`javascript:`, `file:`, `data:`, control characters, a folded line: the article exists and
    holds no such address, in its header or anywhere else; a page's address that is no web
    address is dropped with a note in the report."""
    for name, uri in ADDRESS_RECORDS.items():
        entry = address_run.entry(f"addresses.warc.gz#urn:uuid:{name}")
        markdown = address_run.article(f"addresses.warc.gz#urn:uuid:{name}")
        for banned in ("javascript:", "file:", "data:", "/etc/passwd", "\x1b", "\x00", "\r", "pwned\x07"):
            assert banned not in markdown, (name, banned)
        facts = header(markdown)
        for key in ("Original_URL", "Via_URL"):
            value = facts.get(key, "")
            assert not value or (value.startswith("https://cryptoslate.com/") and not url_problem(value)
                                 and value.isprintable() and " " not in value), (name, key, value)
            assert entry[key.lower()] == value
        if name in NOT_KEPT:
            assert NOT_WEB in entry["reason"] and not facts.get("Original_URL") and not facts.get("Via_URL")
        if uri is None:
            assert "Original_URL" not in facts and "Via_URL" not in facts


def test_nothing_a_capture_holds_prints_a_workflow_command(address_run):
    """warcio printed a record's address when it repaired it: an address holding a carriage
    return began a line GitHub Actions reads as a command. Nothing in the output, and no line of
    an article, starts one."""
    assert "pwned" not in address_run.printed
    for line in address_run.printed.splitlines():
        assert not WORKFLOW_COMMAND.match(line), line
    for path in address_run.out.rglob("*.md"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not WORKFLOW_COMMAND.match(line), (path.name, line)


def test_record_ids_become_unique_one_line_names_and_no_page_is_lost(address_run):
    """`../`, `#`, a folded line, an escape, 10 KB, none, and two records with one id: each
    record is named by its own id when that is a plain name not taken, else by its position;
    the names are unique and of a closed set of characters, and every record is an article."""
    records = address_run.of_file("ids.warc")
    names = [name.partition("#")[2] for name in records]
    assert len(names) == len(set(names)) == len(RECORD_IDS), names
    assert all(NAME.fullmatch(name) for name in names), names
    titles = set()
    for name in records:
        markdown = address_run.article(name)
        assert header(markdown)["Scraped_From"].endswith(f"/ids.warc#{name.partition('#')[2]}")
        titles.add(header(markdown)["Title"])
    assert titles == {f"Capture id-{number} keeps its article" for number in range(len(RECORD_IDS))}


def test_a_waczs_warcs_share_record_ids_and_every_record_is_read(address_run):
    """Two WARCs of one WACZ holding records of the same ids: four articles, four names. (Named
    `record-0-1` in the second WARC, a record was looked for again from the first WARC's start,
    with names of that WARC alone, and failed as "no longer in the file".)"""
    records = address_run.of_file("ids.wacz")
    assert {entry["status"] for entry in records.values()} == {"converted"}, records
    assert len(records) == 4 and all(NAME.fullmatch(name.partition("#")[2]) for name in records)
    titles = {header(address_run.article(name))["Title"] for name in records}
    assert titles == {f"Capture wacz-{part}-{name} keeps its article"
                      for part in ("one", "two") for name in "ab"}


def test_a_wacz_member_named_as_a_path_writes_nothing_anywhere(address_run):
    """The converter reads a WACZ's members where they are and names records by their ids."""
    records = address_run.of_file("slip.wacz")
    assert set(records) == {"slip.wacz#urn:uuid:slip-parent", "slip.wacz#urn:uuid:slip-absolute"}
    assert {entry["status"] for entry in records.values()} == {"converted"}
    assert address_run.outside_after == address_run.outside_before
    for folder in (address_run.base, *address_run.base.parents[:3]):
        assert not (folder / "x.warc.gz").exists() and not (folder / "abs").exists()


def test_an_mhtml_snapshot_address_of_javascript_is_dropped(address_run):
    entry = address_run.entry("snapshot-javascript.mhtml")
    assert NOT_WEB in entry["reason"]
    assert "javascript:" not in address_run.article("snapshot-javascript.mhtml")


def test_a_sidecar_that_is_a_link_a_script_address_or_huge_costs_a_note(address_run):
    """A `.url` that is a symbolic link to /etc/passwd is not followed; a `.url` naming
    `javascript:` is no address; a 10 MB `.json` is not read. Each page converts, its report
    entry names the sidecar, and nothing of /etc/passwd reaches its article."""
    link = address_run.entry("sidecar-link.html")
    assert "sidecar sidecar-link.url: a symbolic link: not followed" in link["reason"]
    assert "root:" not in address_run.article("sidecar-link.html")
    assert NOT_WEB in address_run.entry("sidecar-script.html")["reason"]
    huge = address_run.entry("sidecar-huge.html")["reason"]
    assert "sidecar sidecar-huge.json: 10.0 MB: over the 65536 bytes limit" in huge
    assert "--max-size" not in huge
    for name in ("sidecar-link.html", "sidecar-script.html", "sidecar-huge.html"):
        facts = header(address_run.article(name))
        assert "Original_URL" not in facts and "Via_URL" not in facts, name


def test_a_saving_tools_comment_with_a_megabyte_address_is_no_address(address_run):
    markdown = address_run.article("singlefile-long-url.html")
    assert "Original_URL" not in header(markdown) and "aaaaaaaaaa" not in markdown
    assert max(len(line) for line in markdown.partition("\n\n")[0].split("\n")) < 500


def test_a_capture_time_in_2099_or_in_year_0_is_no_time(address_run):
    """WARC-Date, SingleFile's saved date and `fetched_at` that are no time a page was saved at:
    the article's Captured is the file's own time, as for a page that gives none."""
    for name in ("addresses.warc.gz#urn:uuid:date-2099", "addresses.warc.gz#urn:uuid:date-year-0",
                 "singlefile-2099.html", "addresses.jsonl#line-3", "addresses.jsonl#line-4"):
        assert header(address_run.article(name))["Captured"] == SAVED.isoformat(), name
    assert header(address_run.article("singlefile-2099.html"))["Original_URL"] == "https://cryptoslate.com/sf-2099/"


def test_a_json_lines_address_with_a_lone_surrogate_is_dropped_not_a_crash(address_run):
    """`"\\ud800"` is valid JSON and no character: the page failed as a converter bug."""
    entry = address_run.entry("addresses.jsonl#line-2")
    assert entry["status"] == "converted" and "the capture's address is not text: not kept" in entry["reason"]
    assert NOT_WEB in address_run.entry("addresses.jsonl#line-1")["reason"]


def test_the_address_attacks_write_nothing_outside_the_output(address_run):
    assert address_run.outside_after == address_run.outside_before


# --- damaged and oversized captures -------------------------------------------------------------

HEADER_BOMB = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:header-bomb>\r\n"
               b"WARC-Target-URI: https://cryptoslate.com/\r\nX-Padding: ")
STATUS_BOMB = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:status-bomb>\r\n"
               b"WARC-Target-URI: https://cryptoslate.com/\r\n"
               b"Content-Type: application/http; msgtype=response\r\n"
               b"Content-Length: %d\r\n\r\nHTTP/1.1 200 " % (64 * MB + 20))


def _gzip_member(deflated: bytes) -> bytes:
    """A gzip member around raw deflate data, its trailer's checksum 0 (never read to its end)."""
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflated + bytes(8)


def _damage_files() -> dict[str, bytes | Iterable[bytes]]:
    files = {"good.html": page("plain-beside-damage").encode()}
    files["declared-2gb.warc.gz"] = gzip_members([
        response("before-2gb-1"), response("before-2gb-2"),
        warc_record(b"HTTP/1.1 200 OK\r\n\r\n", record_id="<urn:uuid:two-gigabytes>", length=2 * 1024 * MB),
        response("after-2gb")])
    bomb = http_response(gzip_bomb(1024), "text/html; charset=utf-8", [("Content-Encoding", "gzip")])
    files["content-bomb.warc.gz"] = gzip_members([
        response("before-content-bomb"), warc_record(bomb, record_id="<urn:uuid:content-bomb>"),
        response("after-content-bomb")])
    files["one-stream.warc.gz"] = gzip_stream([response(f"stream-{number}") for number in range(3)])
    files["cut-headers.warc.gz"] = gzip_members([response(f"cut-{number}") for number in range(3)]) + (
        gzip.compress(response("cut-3"), mtime=0)[:60])
    files["cut-body.warc"] = (response("whole-body") + response("cut-body"))[:-200]
    files["header-bomb.warc.gz"] = gzip_members([response("before-header-bomb")]) + _gzip_member(
        deflate_bomb(HEADER_BOMB, 256))
    files["status-bomb.warc.gz"] = gzip_members([response("before-status-bomb")]) + _gzip_member(
        deflate_bomb(STATUS_BOMB, 64, b"\r\n\r\n\r\n\r\n"))
    files["no-length.warc"] = (response("before-no-length") + warc_record(
        http_response(page("no-length").encode()), record_id="<urn:uuid:no-length>", length=-1)
        + response("after-no-length"))
    beside = response("beside-zip-bomb")
    bomb = deflate_bomb(b"", 2048)  # 2 GB of zeros, 2 MB in the zip
    files["zip-bomb.wacz"] = raw_zip([("archive/good.warc", beside, zipfile.ZIP_STORED, len(beside)),
                                      ("archive/bomb.warc", bomb, zipfile.ZIP_DEFLATED, 2048 * MB)])
    liar = deflate_bomb(response("liar"), 64)  # declares 1 MB
    files["zip-liar.wacz"] = raw_zip([("archive/liar.warc", liar, zipfile.ZIP_DEFLATED, MB)])
    small = gzip_members([response("beside-compressed")])
    padding = warc_record(b"", kind="metadata", content_type="application/octet-stream", length=900 * MB)[:-4]
    after = b"\r\n\r\n" + b"".join(response(f"after-padding-{number}") for number in range(10))
    files["compressed-member.wacz"] = raw_zip([
        ("archive/small.warc.gz", small, zipfile.ZIP_STORED, len(small)),
        ("archive/big.warc", deflate_bomb(padding, 900, after), zipfile.ZIP_DEFLATED,
         len(padding) + 900 * MB + len(after))])
    record = response("zip-method")
    files["method.wacz"] = raw_zip([("archive/data.warc", record, 93, len(record))])  # 93: Zstandard
    version = bytearray(raw_zip([("archive/data.warc", record, zipfile.ZIP_STORED, len(record))]))
    central = version.index(b"PK\x01\x02")
    version[central + 6:central + 8] = (124).to_bytes(2, "little")  # "version needed to extract": 12.4
    files["version.wacz"] = bytes(version)
    files["good.mhtml"] = mhtml(page("mhtml-good").encode(), location="https://cryptoslate.com/mhtml-good/")
    files["parts.mhtml"] = mhtml_chunks([page("mhtml-parts").encode()], location="https://cryptoslate.com/parts/",
                                        parts=(image_part(number) for number in range(100_000)))
    opening, closing = page("mhtml-50mb").encode().split(b"</article>")
    words = (b"word " * (MB // 5) for _ in range(50))  # 50 MB of text in one paragraph
    files["base64-50mb.mhtml"] = mhtml_chunks([opening, b"<p>", *words, b"</p></article>", closing],
                                              location="https://cryptoslate.com/big/", encoding="base64")
    files["damage.jsonl"] = _damage_lines()
    return files


def _damage_lines() -> Iterator[bytes]:
    """A JSON Lines export whose lines 2 to 7 are a 100 MB line, nesting 100,000 deep, no object
    and no page, between two good lines."""
    yield jsonl_line({"url": "https://cryptoslate.com/line-1/", "html": page("line-good-1")})
    yield b'{"url": "https://cryptoslate.com/huge/", "html": "'
    yield from (b"a" * MB for _ in range(100))
    yield b'"}\n'
    yield b"[" * 100_000 + b"]" * 100_000 + b"\n"
    yield b'{"html": ' * 100_000 + b"1" + b"}" * 100_000 + b"\n"
    yield b'"just a string"\n[1, 2]\n{"url": "https://cryptoslate.com/no-page/"}\n'
    yield jsonl_line({"url": "https://cryptoslate.com/line-8/", "html": page("line-good-8")})


@pytest.fixture(scope="module")
def damage_run(tmp_path_factory) -> tuple[Run, object]:
    base = tmp_path_factory.mktemp("capture-damage")
    _written(base, _damage_files())
    return _run(base, measure=True)


def _failed(run: Run, name: str, *says: str) -> str:
    """The entry of `name` is failed and its reason says each of `says`; returns the reason."""
    entry = run.entry(name)
    assert entry["status"] == "failed" and entry["output"] is None, entry
    assert all(part in entry["reason"] for part in says), entry["reason"]
    return entry["reason"]


def _converted(run: Run, *names: str) -> None:
    for name in names:
        assert run.entry(name)["status"] == "converted", run.entry(name)


def test_damage_fails_the_run_with_status_1_within_the_budgets(damage_run):
    """Exit status 1 (cli.py: some inputs failed, the others are converted): never 3, which says
    the run broke off (a record without an address, a zip of an unknown version or compression
    stopped the run). Peak memory and CPU time within the per-page budgets of issue 22."""
    run, measured = damage_run
    assert run.code == 1, run.printed[-3000:]
    assert measured.peak_mb < PEAK_MB, measured
    files = len(list((run.base / "scraped").iterdir()))
    assert measured.cpu_seconds < PAGE_SECONDS * files, measured
    assert run.outside_after == run.outside_before
    for line in run.printed.splitlines():
        assert not WORKFLOW_COMMAND.match(line), line


def test_a_record_declaring_2_gb_is_refused_and_the_records_before_it_convert(damage_run):
    run, _ = damage_run
    _converted(run, "declared-2gb.warc.gz#urn:uuid:before-2gb-1",
               "declared-2gb.warc.gz#urn:uuid:before-2gb-2", "good.html")
    _failed(run, "declared-2gb.warc.gz", "record 2 declares 2048.0 MB: over the 1024.0 MB limit "
            "(--max-capture-size); it and the records after it are not read after 2 page(s)")
    assert not run.of_file("declared-2gb.warc.gz").keys() - {
        "declared-2gb.warc.gz#urn:uuid:before-2gb-1", "declared-2gb.warc.gz#urn:uuid:before-2gb-2"}


def test_a_gzip_bomb_in_a_responses_content_encoding_meets_the_page_budget(damage_run):
    """1 GB of zeros in 1 MB of gzip, as the response's Content-Encoding: unpacking stops past
    the page limit, and the records around it convert."""
    run, _ = damage_run
    _failed(run, "content-bomb.warc.gz#urn:uuid:content-bomb", "over the 5.0 MB limit (--max-size)")
    _converted(run, "content-bomb.warc.gz#urn:uuid:before-content-bomb",
               "content-bomb.warc.gz#urn:uuid:after-content-bomb")


def test_a_warc_gz_of_one_gzip_stream_keeps_its_first_record_and_says_why(damage_run):
    """A WARC gzipped whole (`gzip crawl.warc`) cannot be read record by record: its first
    record converts and the file fails saying how to make it readable."""
    run, _ = damage_run
    _converted(run, "one-stream.warc.gz#urn:uuid:stream-0")
    _failed(run, "one-stream.warc.gz", "gzipped as one stream", "warcio recompress", "after 1 page(s)")


def test_a_warc_cut_off_loses_only_the_record_it_ends_inside(damage_run):
    """Cut inside a gzip member's first bytes, or inside a page: the file fails saying so, and
    the records before the cut convert (a page cut in half is never an article)."""
    run, _ = damage_run
    _converted(run, *(f"cut-headers.warc.gz#urn:uuid:cut-{number}" for number in range(3)))
    _failed(run, "cut-headers.warc.gz", "its last 60 bytes are no whole record (the file may be cut short) "
            "after 3 page(s)")
    _converted(run, "cut-body.warc#urn:uuid:whole-body")
    _failed(run, "cut-body.warc", "record urn:uuid:cut-body ends before its declared length",
            "after 1 page(s)")
    assert set(run.of_file("cut-body.warc")) == {"cut-body.warc#urn:uuid:whole-body"}


def test_header_lines_that_unpack_to_hundreds_of_megabytes_are_refused(damage_run):
    """A WARC header line of 256 MB and an HTTP status line of 64 MB, each from a few hundred
    KB of gzip: warcio read a line whole (1.3 GB for 400 MB); refused past 1 MB of headers."""
    run, _ = damage_run
    for file in ("header-bomb.warc.gz", "status-bomb.warc.gz"):
        _failed(run, file, "a record's headers are over 1.0 MB", "after 1 page(s)")
    _converted(run, "header-bomb.warc.gz#urn:uuid:before-header-bomb",
               "status-bomb.warc.gz#urn:uuid:before-status-bomb")


def test_a_record_without_a_length_is_damage_not_the_rest_of_the_file(damage_run):
    """Without Content-Length, warcio read the record to the end of the file: every record after
    it was its page."""
    run, _ = damage_run
    _converted(run, "no-length.warc#urn:uuid:before-no-length")
    _failed(run, "no-length.warc", "a record without Content-Length", "after 1 page(s)")
    assert set(run.of_file("no-length.warc")) == {"no-length.warc#urn:uuid:before-no-length"}


def test_a_wacz_zip_bomb_is_refused_before_unpacking(damage_run):
    """A member that unpacks to 2 GB (2 MB in the zip): the WACZ is refused whole by what its
    directory declares, and none of its records is read."""
    run, _ = damage_run
    _failed(run, "zip-bomb.wacz",
            "its WARCs unpack to 2048.0 MB: over the 1024.0 MB limit (--max-capture-size)")
    assert not run.of_file("zip-bomb.wacz")


def test_a_wacz_member_unpacking_past_what_it_declares_stops_at_its_declared_size(damage_run):
    run, _ = damage_run
    _converted(run, "zip-liar.wacz#urn:uuid:liar")
    _failed(run, "zip-liar.wacz", "after 1 page(s)")


def test_a_wacz_member_compressed_past_the_limit_is_refused_with_its_name(damage_run):
    """A compressed member is unpacked from its start for each page read: 900 MB of padding (1 MB
    in the zip) before ten pages cost seconds a page; the stored member beside it converts."""
    run, _ = damage_run
    _converted(run, "compressed-member.wacz#urn:uuid:beside-compressed")
    _failed(run, "compressed-member.wacz", "'archive/big.warc' is compressed inside the zip",
            "after 1 page(s)")


def test_a_wacz_of_an_unknown_compression_or_zip_version_fails_alone(damage_run):
    """zipfile raises NotImplementedError for both: it stopped the run (exit status 3)."""
    run, _ = damage_run
    _failed(run, "method.wacz", "'archive/data.warc'", "compression method is not supported")
    _failed(run, "version.wacz", "not a readable WACZ (zip) file", "zip file version 12.4")


def test_mhtml_with_100000_parts_or_a_50_mb_page_is_refused_in_little_memory(damage_run):
    """Both were parsed whole first (230 MB and 650 MB): the parts are counted before parsing,
    and no more of a file is read than a page within --max-size takes quoted-printable."""
    run, _ = damage_run
    _failed(run, "parts.mhtml", "more than 20,000 parts: not a saved page")
    _failed(run, "base64-50mb.mhtml", "over the 5.0 MB limit (--max-size)")
    _converted(run, "good.mhtml")


def test_json_lines_that_are_huge_deep_or_not_pages_fail_alone(damage_run):
    run, _ = damage_run
    _converted(run, "damage.jsonl#line-1", "damage.jsonl#line-8")
    _failed(run, "damage.jsonl#line-2", "over the 5.0 MB page limit (--max-size)")
    for number in (3, 4):
        _failed(run, f"damage.jsonl#line-{number}", "not a JSON object (nested too deeply)")
    for number in (5, 6):
        _failed(run, f"damage.jsonl#line-{number}", "not a JSON object")
    _failed(run, "damage.jsonl#line-7", "no page in it")


# --- reading records again ------------------------------------------------------------------------

def test_records_sharing_one_id_are_each_read_where_they_start(tmp_path):
    """1,000 records of one id are named by position; each is read again where it starts (it was
    looked for from the file's start, a thousand records each time)."""
    from converter.captures import expand, read_capture

    path = tmp_path / "twins.warc.gz"
    path.write_bytes(gzip_members(warc_record(http_response(b"<p>%d</p>" % number),
                                              record_id="<urn:uuid:twin>") for number in range(1000)))
    captures = expand([path], 1024 * MB).captures
    started = time.process_time()
    pages = [read_capture(capture, 5 * MB, 1024 * MB).data for capture in captures]
    assert pages == [b"<p>%d</p>" % number for number in range(1000)]
    assert time.process_time() - started < PAGE_SECONDS


def test_a_waczs_records_are_read_where_they_lie(tmp_path):
    """zipfile reaches a record inside a member by reading the member from its start: a page
    after 128 MB of a WACZ's WARC cost reading 128 MB each time it was read. WACZ writers store
    their WARCs, and a stored one is read in place."""
    from converter.captures import expand, read_capture

    padding = warc_record(b"", kind="metadata", content_type="application/octet-stream", length=128 * MB)
    path = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(path, "w") as archive, archive.open("archive/data.warc", "w") as member:
        member.write(padding[:-4])  # its header; then 128 MB of zeros, written as they are made
        for _ in range(128):
            member.write(bytes(MB))
        member.write(b"\r\n\r\n")
        for number in range(30):
            record = warc_record(http_response(b"<p>%d</p>" % number), record_id=f"<urn:uuid:p-{number}>")
            member.write(record)
    captures = expand([path], 1024 * MB).captures
    started = time.process_time()
    pages = [read_capture(capture, 5 * MB, 1024 * MB).data for capture in captures]
    assert pages == [b"<p>%d</p>" % number for number in range(30)]
    assert time.process_time() - started < PAGE_SECONDS / 4


def test_an_mhtml_of_100000_parts_is_refused_before_it_is_parsed(tmp_path):
    """The email parser builds every part first: 100,000 empty images took 2 s a read (a page is
    read twice a run). The parts are counted in the bytes first."""
    from converter.captures import Capture, read_capture
    from converter.model import InputError

    path = tmp_path / "parts.mhtml"
    path.write_bytes(mhtml(page("parts").encode(), location="https://cryptoslate.com/parts/",
                           parts=(image_part(number) for number in range(100_000))))
    started = time.process_time()
    with pytest.raises(InputError, match="more than 20,000 parts: not a saved page"):
        read_capture(Capture(path), 5 * MB, 1024 * MB)
    assert time.process_time() - started < PAGE_SECONDS / 4
