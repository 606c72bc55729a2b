"""Build the published site in parts, one per group of years, then put the parts together.

`make publish SHARDS=auto` (or `SHARDS=3`) runs this; the publishing workflow runs the same
steps as a matrix of runners when the archive is larger than SHARD_THRESHOLD articles. Each part
is a Pelican build with publishconf.py and ARCHIVE_SHARD (plugins/archive/shards.py): it reads
the whole content and writes only its years' article pages and search bundles, in its own
output folder with its own cache; the `rest` part writes everything else. The parts' files
together are the site a single build writes, byte for byte (tests/site/test_shards.py diffs them).

    publish_shards.py plan  [--shards N|auto]            the parts, as JSON (the workflow's matrix)
    publish_shards.py build --part years:2023,2024 --out DIR    one part
    publish_shards.py assemble DIR... --out output       the parts' files into one site
    publish_shards.py all   [--shards N|auto] --out output   all three, parts in parallel
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
# Articles a part is meant to hold at most: a GitHub runner (4 cores, 16 GB) builds 10,000 with
# room to spare; below this many articles in all the site is built in one part.
SHARD_SIZE = int(os.environ.get("SHARD_SIZE", "10000"))
SHARD_THRESHOLD = int(os.environ.get("SHARD_THRESHOLD", str(2 * SHARD_SIZE)))


def article_years(content: Path, timezone: str) -> Counter:
    """Articles per year, as the site dates them (the header's Date in the site's timezone)."""
    from pelican.utils import get_date

    zone = ZoneInfo(timezone)
    years: Counter = Counter()
    for path in sorted(content.rglob("*.md")):
        date, status = _header(path)
        if not date or status in {"draft", "hidden"}:
            continue
        when = get_date(date)  # its year as the article shows it: in the date's own offset
        years[(when.replace(tzinfo=zone) if when.tzinfo is None else when).year] += 1
    return years


def _header(path: Path) -> tuple[str, str]:
    date = status = ""
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if not line.strip():
                break
            key, _, value = line.partition(":")
            if key.strip().lower() == "date":
                date = value.strip()
            elif key.strip().lower() == "status":
                status = value.strip().lower()
    return date, status


def plan(years: Counter, shards: str) -> list[list[int]]:
    """Groups of years, each a part: as even in articles as whole years allow (the largest year
    first into the lightest part), each group's years in order. `auto`: one part per SHARD_SIZE
    articles, none below SHARD_THRESHOLD articles in all (an empty plan: build in one part)."""
    total = sum(years.values())
    count = (math.ceil(total / SHARD_SIZE) if total >= SHARD_THRESHOLD else 0) if shards == "auto" \
        else int(shards)
    count = min(count, len(years))
    if count <= 1:
        return []
    groups: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    for year, articles in sorted(years.items(), key=lambda item: (-item[1], item[0])):
        lightest = loads.index(min(loads))
        groups[lightest].append(year)
        loads[lightest] += articles
    return sorted(sorted(group) for group in groups)


def part_names(groups: list[list[int]]) -> list[str]:
    """The ARCHIVE_SHARD value of each part: the years' parts, then the rest."""
    every = sorted(year for group in groups for year in group)
    return [f"years:{','.join(map(str, group))}" for group in groups] + [f"rest:{','.join(map(str, every))}"]


def build(part: str, content: Path, out: Path, cache: Path, settings: Path) -> None:
    """One part: Pelican with the site's settings, its own output folder and cache."""
    env = {**os.environ, "ARCHIVE_SHARD": part}
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(out), "-s", str(settings),
               "--fatal", "errors", "-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    subprocess.run(command, check=True, env=env, cwd=ROOT)


def _merged_search_manifest(manifests: list[bytes]) -> bytes:
    sys.path.insert(0, str(ROOT / "plugins"))
    from archive.search_shards import merged_manifest

    return merged_manifest(manifests)


# Files every part writes with its own share of the list they hold: put together, not compared.
MERGED = {"pagefind/shards.json": _merged_search_manifest}


def assemble(parts: list[Path], out: Path, manifest: Path) -> dict[str, int]:
    """The parts' files into `out`: written only when their bytes differ, and a file that an
    earlier assembly put there and no part made now removed. Two parts that make one file
    differently is an error: the split would not be the site."""
    made: dict[str, Path] = {}
    merged: dict[str, list[bytes]] = {name: [] for name in MERGED}
    for part in parts:
        for path in sorted(p for p in part.rglob("*") if p.is_file() and not p.is_symlink()):
            name = path.relative_to(part).as_posix()
            if name in merged:
                merged[name].append(path.read_bytes())
            elif name in made and made[name].read_bytes() != path.read_bytes():
                raise SystemExit(f"error: {name}: parts {made[name]} and {path} made it differently")
            made[name] = path
    contents = {name: MERGED[name](datas) for name, datas in merged.items() if datas}
    counts = Counter()
    for name, source in made.items():
        target = out / name
        data = contents[name] if name in contents else source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            counts["same"] += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.assembling")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        counts["written"] += 1
    earlier = json.loads(manifest.read_text()) if manifest.is_file() else []
    for name in set(earlier) - set(made):
        (out / name).unlink(missing_ok=True)
        counts["removed"] += 1
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(sorted(made)))
    return dict(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["plan", "build", "assemble", "all"])
    parser.add_argument("parts", nargs="*", type=Path, help="assemble: the parts' output folders")
    parser.add_argument("--shards", default="auto", help="N parts, or auto (default)")
    parser.add_argument("--part", help="build: the part (an ARCHIVE_SHARD value)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--out", type=Path, default=ROOT / "output")
    parser.add_argument("--settings", type=Path, default=ROOT / "publishconf.py")
    parser.add_argument("--work", type=Path, default=ROOT / "cache" / "shards",
                        help="the parts' output folders and caches (default: cache/shards/)")
    args = parser.parse_args(argv)
    timezone = os.environ.get("ARCHIVE_TIMEZONE", "UTC")
    if args.step == "plan":
        groups = plan(article_years(args.content, timezone), args.shards)
        print(json.dumps(part_names(groups) if groups else []))
        return 0
    if args.step == "build":
        build(args.part, args.content, args.out, args.work / "cache" / _folder(args.part), args.settings)
        return 0
    if args.step == "assemble":
        print(f"assembled: {assemble(args.parts, args.out, args.work / 'assembled.json')}")
        return 0
    groups = plan(article_years(args.content, timezone), args.shards)
    if not groups:
        build("", args.content, args.out, args.work / "cache" / "whole", args.settings)
        return 0
    names = part_names(groups)
    outs = [args.work / "out" / _folder(name) for name in names]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(lambda pair: build(pair[0], args.content, pair[1],
                                         args.work / "cache" / _folder(pair[0]), args.settings),
                      zip(names, outs, strict=True)))
    print(f"assembled {len(names)} parts: {assemble(outs, args.out, args.work / 'assembled.json')}")
    return 0


def _folder(part: str) -> str:
    return part.replace(":", "-").replace(",", "_") or "whole"


if __name__ == "__main__":
    sys.exit(main())
