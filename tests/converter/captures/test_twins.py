"""Every capture format converts to the Markdown of its plain twin, plus the capture's address facts.

The twins are the fixture pages as files (`.html`, `.txt`); each format carries the same pages,
written as its tool writes them (build.py), and both are converted with the CLI, each format in
a run of its own. What may differ, exactly:

- `Scraped_From`: the capture (`crawl.warc.gz#urn:uuid:…`, `export.jsonl#line-3`, `page.mhtml`);
- `Captured`: the capture's time where the format records one (a `.url` sidecar and a browser's
  "saved from url" mark record none: the file's modification time stands in, as for the twin);
- the address: `Via_URL` (and `Via: Bitget`, which the address names) for Bitget's copies,
  `Original_URL` for CryptoSlate's own pages; where the twin already had them (from the page's
  canonical link) they are the same;
- `Converter_Digest`, the digest of the rest.

The slug and file name stay: Bitget's addresses end in a numeric id, which gives a slug no words
(slugs.url_slug), and CryptoSlate's titles are Latin. test_address.py shows an address that gives
a slug its words.

MHTML, SingleFile and "saved from url" hold web pages, which are HTML: a text dump has no such
form, so they carry the HTML pages only (and are compared with a twin run of the same pages).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from converter.render import HEADER_KEYS
from converter.slugs import url_slug
from converter.store import DIGEST_KEY, is_hand_edited

from tests.converter.captures.build import (
    WHEN,
    Page,
    chrome_mhtml,
    convert,
    in_charset,
    internet_shortcut,
    json_sidecar,
    jsonl_export,
    page,
    record_id,
    saved_from,
    singlefile,
    wacz,
    wget_warc,
)

# Bitget's saved HTML (ja, en), CryptoSlate's (en), Bitget's text dumps (ja, zh-CN, en)
PAGES = [page(name) for name in (
    "bitget-ja-html-bitcoin-miners-ai-hashprice.html", "bitget-en-html-ethereum-etf-staking.html",
    "cryptoslate-en-genius-act-stablecoins.html", "bitget-ja-coinspeaker-sec-stablecoin-statement.txt",
    "bitget-zh-cn-panews-bitcoin-miners-after-halving.txt", "bitget-en-theblock-defi-frontend-hijack.txt")]
HTML = [item for item in PAGES if item.is_html]
FILE_TIME = 1_751_356_800  # 2025-07-01T08:00:00Z: the modification time of every file written here


@dataclass(frozen=True)
class Format:
    """How a format's tool writes the pages into a folder: returns page name -> its input label."""

    write: Callable[[Path, list[Page]], dict[str, str]]
    pages: list[Page]
    timed: bool = True  # the format records when the page was captured


def one_file(name: str, data: Callable[[list[Page]], bytes], record: Callable[[int, Page], str]):
    def write(folder: Path, pages: list[Page]) -> dict[str, str]:
        path = folder / name
        path.write_bytes(data(pages))
        return {item.name: f"{path}#{record(number, item)}" for number, item in enumerate(pages, 1)}
    return write


def file_each(suffix: str, data: Callable[[Page], bytes],
              side: Callable[[Page], tuple[str, bytes]] | None = None):
    def write(folder: Path, pages: list[Page]) -> dict[str, str]:
        labels = {}
        for item in pages:
            path = folder / (Path(item.name).stem + suffix if suffix else item.name)
            path.write_bytes(data(item))
            if side:
                ending, content = side(item)
                (folder / (path.stem + ending)).write_bytes(content)
            labels[item.name] = str(path)
        return labels
    return write


def response(number: int, item: Page) -> str:
    return record_id("response", item.url, item.captured)[1:-1]


def shift_jis(pages: list[Page]) -> dict[str, tuple[bytes, str]]:
    """A Japanese server's Shift_JIS, named only in its Content-Type header."""
    return {item.name: (in_charset(item, "shift_jis"), item.media_type.split(";")[0] + "; charset=Shift_JIS")
            for item in pages if "-ja-" in item.name}


FORMATS = {
    "warc.gz": Format(one_file("crawl.warc.gz", lambda pages: wget_warc(pages).bytes(), response), PAGES),
    "warc-shift_jis": Format(one_file("crawl.warc", lambda pages: wget_warc(
        pages, compressed=False, charsets=shift_jis(pages)).bytes(), response), PAGES),
    "wacz": Format(one_file("crawl.wacz", wacz, lambda n, item: record_id(
        "response", item.url, item.captured.replace(microsecond=123000))[1:-1]), PAGES),
    "jsonl": Format(one_file("export.jsonl", jsonl_export, lambda number, item: f"line-{number}"), PAGES),
    "mhtml": Format(file_each(".mhtml", chrome_mhtml), HTML),
    "singlefile": Format(file_each("", singlefile), HTML),
    "saved-from": Format(file_each("", saved_from), HTML, timed=False),
    "url-sidecar": Format(file_each("", lambda item: item.data,
                                    lambda item: (".url", internet_shortcut(item.url))), PAGES, timed=False),
    "json-sidecar": Format(file_each("", lambda item: item.data,
                                     lambda item: (".json", json_sidecar(item.url))), PAGES),
}


def converted(folder: Path, out: Path) -> dict[str, tuple[str, str]]:
    """Input label -> (the article's path under `out`, its Markdown), after one CLI run."""
    for path in folder.iterdir():
        os.utime(path, (FILE_TIME, FILE_TIME))
    status, entries = convert(folder, out)
    assert status == 0 and {e["status"] for e in entries} <= {"converted", "skipped"}, entries
    paths = {e["input"]: Path(e["output"]) for e in entries if e["status"] == "converted"}
    return {label: (str(path.relative_to(out)), path.read_text(encoding="utf-8"))
            for label, path in paths.items()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[dict[str, str], dict[str, tuple[str, str]]]]:
    """Per format and per twin set: page name -> input label, and what each input became."""
    base = tmp_path_factory.mktemp("twins")
    done = {}
    for name, pages in (("twins", PAGES), ("html-twins", HTML)):
        folder = base / name
        folder.mkdir()
        labels = {item.name: str(shutil.copy(item.path, folder / item.name)) for item in pages}
        done[name] = labels, converted(folder, base / f"{name}-out")
    for name, form in FORMATS.items():
        folder = base / name
        folder.mkdir()
        done[name] = form.write(folder, form.pages), converted(folder, base / f"{name}-out")
    return done


def header(markdown: str) -> tuple[dict[str, str], str]:
    head, _, body = markdown.partition("\n\n")
    return dict(line.split(": ", 1) for line in head.splitlines()), body


def with_facts(markdown: str, changes: dict[str, str]) -> str:
    """The twin's Markdown with the capture's facts, in the order the converter writes keys,
    without its digest line."""
    facts, body = header(markdown)
    del facts[DIGEST_KEY]
    facts.update(changes)
    assert set(facts) <= set(HEADER_KEYS)
    return "\n".join(f"{key}: {facts[key]}" for key in HEADER_KEYS if key in facts) + "\n\n" + body


def address_facts(item: Page) -> dict[str, str]:
    """Where the capture's address goes (address.py): Bitget's is an aggregator's copy."""
    if item.url.startswith("https://www.bitget.com/"):
        assert url_slug(item.url) == "", "a Bitget address ending in words would give the slug words"
        return {"Via": "Bitget", "Via_URL": item.url}
    assert item.url.startswith("https://cryptoslate.com/")
    return {"Original_URL": item.url}


@pytest.mark.parametrize("form", FORMATS)
def test_a_capture_converts_to_its_twins_markdown_plus_its_address_facts(runs, form):
    pages = FORMATS[form].pages
    twin_labels, twins = runs["twins" if pages is PAGES else "html-twins"]
    labels, captures = runs[form]
    assert sorted(captures) == sorted(labels.values()), "one article per page, named as the capture"
    for item in pages:
        twin_path, twin = twins[twin_labels[item.name]]
        path, markdown = captures[labels[item.name]]
        assert path == twin_path, f"{item.name}: slug and file name are the twin's"
        assert not is_hand_edited(markdown), "its digest is the digest of the rest"
        changes = {"Scraped_From": labels[item.name], **address_facts(item)}
        if FORMATS[form].timed:
            changes["Captured"] = WHEN.isoformat()
        digest = next(line for line in markdown.splitlines() if line.startswith(f"{DIGEST_KEY}: "))
        assert markdown.replace(f"{digest}\n", "", 1) == with_facts(twin, changes), item.name


def test_the_twins_lack_what_only_the_capture_says(runs):
    """The comparison is not empty: the twins (saved files with no sidecar) do not know where Bitget's
    text dumps came from, nor when any page was captured."""
    labels, twins = runs["twins"]
    dumps = [header(twins[labels[item.name]][1])[0] for item in PAGES if not item.is_html]
    assert [facts.get("Via_URL") for facts in dumps] == [None, None, None]
    times = {header(markdown)[0]["Captured"] for _, markdown in twins.values()}
    assert times == {"2025-07-01T08:00:00+00:00"}
