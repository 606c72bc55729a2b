"""A site built in parts by year (scripts/publish_shards.py, plugins/archive/shards.py) is the site
one build writes, file for file: what `make publish SHARDS=auto` and the workflow's matrix rely on."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.site.builtsite import generated_site

SCRIPT = ROOT / "scripts" / "publish_shards.py"


def publish(content: Path, out: Path, work: Path, shards: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), "all", "--shards", shards, "--content", str(content),
                           "--out", str(out), "--work", str(work), "--settings", "pelicanconf.py"],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


# Pagefind writes its filter and metadata maps in a hash map's order, which changes from run to run
# (two single builds of the same pages differ there too: see the test): those files, and the entry
# file that names them by their hash, are compared by their content's bytes in any order (the
# filters) or their length (the metadata and entry, which hold those hashes).
UNORDERED = (".pf_filter", ".pf_meta", "pagefind-entry.json")


def comparable(site: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, list]]:
    """(the files compared byte for byte, the unordered ones as sorted bytes per folder and kind)."""
    exact = {name: data for name, data in site.items() if not name.endswith(UNORDERED)}
    loose: dict[str, list] = {}
    for name, data in site.items():
        if name.endswith(UNORDERED):
            content = gzip.decompress(data) if name.endswith((".pf_filter", ".pf_meta")) else data
            key = f"{name.rsplit('/', 1)[0]} {name.rsplit('.', 1)[-1]}"
            loose.setdefault(key, []).append(len(content))
            if name.endswith(".pf_filter"):  # the metadata and entry name the filters by hash
                loose[key].append(sorted(content))
    return exact, {key: sorted(map(str, value)) for key, value in loose.items()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path, str]:
    """(one build, the build in three parts, what assembling said) of one generated archive; the
    generated archive's own build (make html, one process) is the control."""
    base = tmp_path_factory.mktemp("shards")
    _, content = generated_site(base / "generated", 40, 11)
    publish(content, base / "single", base / "work-single", "1")
    said = publish(content, base / "parts", base / "work-parts", "3")
    return base / "single", base / "parts", said


def test_three_parts_by_year_make_the_single_builds_files_byte_for_byte(builds):
    single, parts, said = builds
    assert "assembled 4 parts" in said  # three groups of years, and the rest
    one, split = files(single), files(parts)
    exact_one, loose_one = comparable(one)
    exact_split, loose_split = comparable(split)
    assert sorted(exact_split) == sorted(exact_one)
    assert [name for name in exact_one if exact_one[name] != exact_split[name]] == []
    assert loose_split == loose_one
    control = files(single.parent / "generated" / "output")  # the same pages, built again at once
    differing = {name for name in one if one[name] != control.get(name)}
    assert differing <= {name for name in one if name.endswith(UNORDERED)}


def test_each_years_part_writes_only_its_articles_pages(builds, tmp_path):
    single, _, _ = builds
    work = single.parent / "work-parts" / "out"
    years_parts = sorted(path for path in work.iterdir() if path.name.startswith("years-"))
    assert len(years_parts) == 3
    for part in years_parts:
        written = [name for name in files(part) if not name.startswith("pagefind/")]
        assert written and all(name.startswith("articles/") for name in written), part.name
