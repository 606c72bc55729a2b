"""End to end: pages fetched from the local server by scripts/fetch.py, then converted by
scripts/convert.py from the captures, each article knowing the address it was fetched from and
when (what `make fetch` then `make site` do)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import PAGES, ROOT, run_converter
from tests.fetcher.server import page
from tests.fetcher.test_fetcher_cli import QUICK, run_fetcher

SERVED = {
    "/news/detail/ethereum-etf-staking": (PAGES / "bitget-en-html-ethereum-etf-staking.html", "text/html"),
    "/bitcoin-miners-ai-hashprice/": (ROOT / "scraped" / "cryptoslate-en-bitcoin-miners-ai-hashprice.html",
                                      "text/html"),
    "/dump/solana-etf-inflows": (PAGES / "bitget-ja-theblock-solana-etf-inflows.txt", "text/plain"),
}


def metadata(markdown: Path) -> dict[str, str]:
    header = markdown.read_text(encoding="utf-8").partition("\n\n")[0]
    return dict(line.split(": ", 1) for line in header.splitlines())


def test_fetched_pages_convert_with_their_address_and_capture_time(site, tmp_path):
    for path, (source, kind) in SERVED.items():
        site.routes[path] = page(source.read_bytes(), f"{kind}; charset=utf-8")
    urls = [site.url(path) for path in SERVED]
    scraped, articles = tmp_path / "scraped" / "fetched", tmp_path / "articles"
    before = datetime.now(UTC).replace(microsecond=0)
    fetched = run_fetcher(*urls, "--out", scraped, "--allow-private", *QUICK)
    after = datetime.now(UTC)
    assert fetched.returncode == 0, fetched.stdout

    report = tmp_path / "convert.json"
    converted = run_converter(scraped.parent, "--out", articles, "--report", report, "--no-cache")
    assert converted.returncode == 0, converted.stderr
    entries = [entry for entry in json.loads(report.read_text(encoding="utf-8")) if entry["output"]]
    assert len(entries) == len(urls)
    for entry in entries:
        capture, _, record = entry["input"].partition("#")
        assert Path(capture).parent == scraped and record  # file.warc.gz#<record id>
        facts = metadata(Path(entry["output"]))
        address = facts.get("Via_URL") or facts.get("Original_URL")
        assert address in urls, facts
        urls.remove(address)  # each fetched address once
        assert before <= datetime.fromisoformat(facts["Captured"]) <= after
    assert urls == []
