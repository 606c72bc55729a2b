"""The theme's scripts as readers download them: without their comment lines.

theme/static/js/search.js explains itself at length (why each rule, what it was measured on): a
third of its gzipped bytes, which count against the first search's budget (README, Benchmarks:
at most 200 KB). The copy Pelican writes into the output loses every line that is a `//` comment
alone, and blank lines; no line of code is touched (a comment after code stays). The scripts hold
no multi-line string, in which a line starting with `//` would be text: tests/plugin/test_scripts.py
checks the theme's.
"""

from __future__ import annotations

import re
from pathlib import Path

from .search_index import write_atomically

_COMMENT_LINE = re.compile(r"^[ \t]*//.*\n", re.M)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def compact_scripts(pelican) -> None:
    """finalized: each script under the output's theme folder, compacted (written only if it changes)."""
    folder = Path(pelican.output_path) / pelican.settings.get("THEME_STATIC_DIR", "theme")
    for path in sorted(folder.rglob("*.js")):
        script = path.read_text(encoding="utf-8")
        compact = compact_script(script)
        if compact != script:
            write_atomically(path, compact.encode("utf-8"))


def compact_script(script: str) -> str:
    """`script` without its comment lines and blank lines."""
    return _BLANK_LINES.sub("\n", _COMMENT_LINE.sub("", script))
