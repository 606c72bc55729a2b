#!/usr/bin/env python3
"""Time the per-page budgets (issue 22): each oversized page converted and built, in figures.

    .venv/bin/python scripts/budgets.py [--shapes NAME,...] [--sizes hostile,allowed] [--no-build]
                                       [--repeat N]

For each shape of tests/security/budget_pages.py, at the size issue 22 found ("hostile") and
at the largest the default budgets allow ("allowed"), the page is converted by the CLI in a
fresh process: the conversion's seconds (imports excluded: `convert s`; its CPU seconds, which
other work on the machine changes less: `CPU s`), the whole command's (`CLI s`) and the
process's peak resident memory. Then the article it made, if any, is built with Pelican and
pelicanconf.py beside one ordinary article, and the build's seconds are compared with the same
site without it, built right before (the fastest of --repeat builds each): `build +s`. Output
files and megabytes of the site are counted too. Prints a table.

Not a test: nothing fails on a missed target (2 s and 300 MB a conversion, 1 s more to build);
the tests assert what is deterministic (tests/security/test_budgets.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.security.budget_pages import SHAPE, Shape  # noqa: E402

# Not one of the pages the shapes are made from: two articles with one title would share a slug.
ORDINARY = ROOT / "tests" / "fixtures" / "pages" / "bitget-en-html-ethereum-etf-staking.html"
BUILD_TIMEOUT = 600
CONVERT_TIMEOUT = 300
# The CLI in a child process: its imports first, then the conversion timed on its own.
CHILD = """
import json, resource, sys, time
start = time.perf_counter()
sys.path.insert(0, "scripts")
from pathlib import Path
import converter.cli as cli
from converter import clean, decode, detect, htmlpage, pagekind, render, structure, textpage  # noqa
cli.CACHE_FILE = Path(sys.argv[2]) / "cache.pickle"
imported, cpu = time.perf_counter(), time.process_time()
code = cli.main(sys.argv[3:])
done, cpu = time.perf_counter(), time.process_time() - cpu
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(sys.argv[1], "w") as out:
    json.dump({"convert_s": done - imported, "cpu_s": cpu, "cli_s": done - start, "rss_mb": rss,
               "code": code}, out)
"""


def convert(page: Path, out: Path, work: Path, timeout: float = CONVERT_TIMEOUT) -> dict:
    """The CLI on one page in a fresh process: seconds, peak MB, status and reason; a page
    still converting after `timeout` seconds is reported as such (before issue 22, some took
    hours)."""
    record, report = work / "record.json", work / "report.json"
    args = [str(page), "--out", str(out), "--report", str(report), "--no-cache"]
    try:
        child = subprocess.run([sys.executable, "-c", CHILD, str(record), str(work), *args], cwd=ROOT,
                               capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"convert_s": timeout, "cpu_s": float("nan"), "cli_s": timeout, "rss_mb": float("nan"),
                "code": None,
                "status": "timeout", "reason": f"still converting after {timeout:.0f} s"}
    if not record.exists():
        raise RuntimeError(f"the converter crashed on {page.name}: {child.stderr[-2000:]}")
    figures = json.loads(record.read_text())
    [entry] = json.loads(report.read_text())
    figures.update(status=entry["status"], reason=entry["reason"])
    return figures


def build(content: Path, output: Path, repeat: int) -> dict:
    """Pelican as `make html` runs it, the fastest of `repeat` builds; files and MB written."""
    times = []
    for _ in range(repeat):
        shutil.rmtree(output, ignore_errors=True)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", "pelicanconf.py",
             "--fatal", "errors"], cwd=ROOT, capture_output=True, text=True, check=False,
            timeout=BUILD_TIMEOUT)
        times.append(time.perf_counter() - start)
        if result.returncode:
            raise RuntimeError(f"the build failed: {(result.stdout + result.stderr)[-2000:]}")
    files = [p for p in output.rglob("*") if p.is_file()]
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    return {"build_s": min(times), "files": len(files), "output_mb": megabytes}


def site_content(base: Path, articles: list[Path]) -> Path:
    """content/ with the project's pages and the given Markdown articles."""
    content = base / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for index, article in enumerate(articles):
        target = content / "articles" / f"{index}"
        target.mkdir(parents=True)
        shutil.copy(article, target / article.name)
    return content


def measure(shape: Shape, size: int, work: Path, ordinary: Path, baseline: dict | None,
            repeat: int, timeout: float) -> dict:
    folder = work / f"{shape.name}-{size}"
    folder.mkdir()
    page = folder / f"{shape.name}{shape.suffix}"
    page.write_text(shape.page(size), encoding="utf-8")
    row = {"shape": shape.name, "n": size, "input_mb": page.stat().st_size / 1e6}
    row.update(convert(page, folder / "articles", folder, timeout))
    made = list((folder / "articles").rglob("*.md"))
    if baseline is not None and made:
        # The site without the article is built again beside it: a shared machine's speed
        # drifts by tenths of a second between one minute and the next.
        without = build(baseline["content"], folder / "output", repeat)
        built = build(site_content(folder, [ordinary, *made]), folder / "output", repeat)
        row.update(built, build_added_s=built["build_s"] - without["build_s"])
    shutil.rmtree(folder)
    return row


def table(rows: list[dict], baseline: dict | None) -> str:
    head = ("| shape | n | input MB | outcome | convert s | CPU s | CLI s | peak MB | build +s | files "
            "| site MB |\n| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    lines = [head]
    for r in rows:
        outcome = r["status"] if r["status"] != "failed" else f"failed: {r['reason'][:60]}"
        build = (f"{r['build_added_s']:+.2f} | {r['files']} | {r['output_mb']:.1f}" if "build_s" in r
                 else "- | - | -")
        lines.append(f"| {r['shape']} | {r['n']:,} | {r['input_mb']:.2f} | {outcome} | "
                     f"{r['convert_s']:.2f} | {r['cpu_s']:.2f} | {r['cli_s']:.2f} | {r['rss_mb']:.0f} | "
                     f"{build} |")
    if baseline:
        lines.append(f"\nbaseline site (one ordinary article + pages): {baseline['build_s']:.2f} s, "
                     f"{baseline['files']} files, {baseline['output_mb']:.1f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPE), help="comma-separated shape names")
    parser.add_argument("--sizes", default="hostile,allowed", help="hostile, allowed or both")
    parser.add_argument("--no-build", action="store_true", help="convert only")
    parser.add_argument("--repeat", type=int, default=2, help="builds per site; the fastest counts")
    parser.add_argument("--timeout", type=float, default=CONVERT_TIMEOUT,
                        help="seconds a conversion may take")
    parser.add_argument("-n", type=int, help="this size instead of the shapes' own")
    args = parser.parse_args(argv)
    shapes = [SHAPE[name] for name in args.shapes.split(",")]
    sizes = args.sizes.split(",")
    with tempfile.TemporaryDirectory(prefix="budgets-") as temp:
        work = Path(temp)
        base = work / "baseline"
        base.mkdir()
        plain = convert(ORDINARY, base / "articles", base)
        [ordinary] = (base / "articles").rglob("*.md")
        print(f"ordinary page: convert {plain['convert_s']:.2f} s, CLI {plain['cli_s']:.2f} s, "
              f"peak {plain['rss_mb']:.0f} MB", flush=True)
        content = site_content(base, [ordinary])
        baseline = None if args.no_build else build(content, base / "output", args.repeat)
        if baseline is not None:
            baseline["content"] = content
        rows = []
        for shape in shapes:
            for which in sizes:
                size = args.n or getattr(shape, which)
                row = measure(shape, size, work, ordinary, baseline, args.repeat, args.timeout)
                rows.append(row)
                print(json.dumps(row), flush=True)
    print()
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(table(rows, baseline))


if __name__ == "__main__":
    main()
