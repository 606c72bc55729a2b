"""Shared fixtures: the repository's paths, the sample pages, a built sample site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "pages"
SAMPLE = PAGES / "bitget-ja-cryptoslate-pentagon-rare-earths.txt"


def run_converter(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the converter's CLI as a user would, capturing its output."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert.py"), *map(str, args)],
        cwd=cwd, capture_output=True, text=True, check=False,
    )


def build_site(content: Path, output: Path, settings: str = "pelicanconf.py") -> None:
    """Build `content` into `output` with Pelican and the repository's settings and theme."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", settings],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample scraped pages converted and built into a site; returns output/."""
    base = tmp_path_factory.mktemp("site")
    content = base / "content"
    (content / "pages").mkdir(parents=True)
    converted = run_converter(PAGES, "--out", content / "articles")
    assert converted.returncode == 0, converted.stderr
    build_site(content, base / "output")
    return base / "output"
