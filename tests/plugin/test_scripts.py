"""The theme's scripts are written without their comment lines (plugins/archive/scripts.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from archive.scripts import compact_script, compact_scripts

from tests.conftest import ROOT

SCRIPTS = sorted((ROOT / "theme" / "static").rglob("*.js"))


def test_comment_lines_and_blank_lines_go_and_every_line_of_code_stays():
    script = ("// The page's search.\n\"use strict\";\n\n  // Why this:\n"
              "  const url = \"http://x//y\"; // kept\n\n\n  const half = 1 / 2; /* kept too */\n")
    assert compact_script(script) == ("\"use strict\";\n  const url = \"http://x//y\"; // kept\n"
                                      "  const half = 1 / 2; /* kept too */\n")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_no_theme_script_has_a_string_over_several_lines(path):
    """In a template literal over several lines, a line starting with `//` would be text, and
    compacting would cut it: the theme's scripts have none."""
    for literal in re.findall(r"`[^`]*`", path.read_text(encoding="utf-8")):
        assert "\n" not in literal, literal


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_the_compacted_theme_scripts_are_the_same_code(path):
    """Each theme script compacted is still valid JavaScript (node --check), and has every line of
    code of the source, in order."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    source = path.read_text(encoding="utf-8")
    compact = compact_script(source)
    checked = subprocess.run([node, "--check", "--input-type=commonjs"], input=compact, text=True,
                             capture_output=True, check=False)
    assert checked.returncode == 0, checked.stderr
    code = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("//")]
    assert compact.splitlines() == code
    assert len(compact) < 0.8 * len(source)


def test_the_scripts_in_the_output_are_compacted_and_others_left(tmp_path):
    script = tmp_path / "theme" / "js" / "search.js"
    script.parent.mkdir(parents=True)
    script.write_text("// note\nrun();\n", encoding="utf-8")
    style = tmp_path / "theme" / "css" / "archive.css"
    style.parent.mkdir()
    style.write_text("/* kept */\n", encoding="utf-8")
    compact_scripts(SimpleNamespace(output_path=str(tmp_path), settings={"THEME_STATIC_DIR": "theme"}))
    assert script.read_text(encoding="utf-8") == "run();\n"
    assert style.read_text(encoding="utf-8") == "/* kept */\n"
    untouched = script.stat().st_mtime_ns
    compact_scripts(SimpleNamespace(output_path=str(tmp_path), settings={"THEME_STATIC_DIR": "theme"}))
    assert script.stat().st_mtime_ns == untouched  # already compact: not written again
    assert Path(script).read_text(encoding="utf-8") == "run();\n"
