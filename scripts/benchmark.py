#!/usr/bin/env python3
"""Print conversion and build speed figures (README quotes them). Not a test: nothing fails.

    .venv/bin/python scripts/benchmark.py [--copies N] [--jobs N]

Converts every fixture page under tests/fixtures/pages/ N times over (each copy made a
distinct article), then builds the result with Pelican and Pagefind, and prints the rates.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "tests" / "fixtures" / "pages"


def make_copies(target: Path, copies: int) -> int:
    """Each copy gets its own titles, so the converter sees distinct articles, not duplicates."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from converter.metadata import Settings
    from converter.model import InputError
    from converter.pipeline import convert_file
    from converter.topics import load_rules

    settings = Settings(timezone=ZoneInfo("UTC"))
    count = 0
    for page in sorted(PAGES.glob("*")):
        try:
            article = convert_file(page, load_rules(), settings).article
        except InputError:
            continue
        text = page.read_text(encoding="utf-8")
        for n in range(copies):
            copy = text
            for title in filter(None, {article.title, article.original_title}):
                copy = copy.replace(title, f"{title} {n}")
            (target / f"{n:04d}-{page.name}").write_text(copy, encoding="utf-8")
            count += 1
    return count


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        base = Path(temp)
        scraped, content, output = base / "scraped", base / "content", base / "output"
        scraped.mkdir()
        inputs = make_copies(scraped, args.copies)
        convert = [sys.executable, "scripts/convert.py", str(scraped), "--out", str(content / "articles"),
                   "--date-from-mtime"]
        for jobs in (1, args.jobs):
            for path in content.rglob("*.md"):
                path.unlink()
            seconds = timed([*convert, "--jobs", str(jobs)])
            print(f"convert  {inputs} pages, --jobs {jobs}: {seconds:.2f} s, {inputs / seconds:.0f} pages/s")
        seconds = timed([*convert, "--jobs", str(args.jobs)])
        print(f"reconvert (all unchanged), --jobs {args.jobs}: {seconds:.2f} s")
        articles = len(list(content.rglob("*.md")))
        build = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", "pelicanconf.py"]
        seconds = timed(build)
        print(f"site     {articles} articles (Pelican + Pagefind): {seconds:.2f} s")


if __name__ == "__main__":
    main()
