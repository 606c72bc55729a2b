"""How file names and page text are shown to the user: the report's strings and printed lines.

A file name is bytes on Linux and may not be UTF-8; a name or a page can hold a newline, an
escape sequence or a bidi override. Printed raw, one line becomes several, and in a GitHub
Actions log a line that starts with `::` is a workflow command (an annotation, a masked value).
So every printed line is one line with its control and format characters escaped, and starts
with the converter's own word ("error:", "debug:"), never with what a page or a name says.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable

# Characters that move the cursor, end a line, reorder text or are invisible: C0 and C1 controls,
# DEL, and the line and paragraph separators (the bidi and zero-width format characters are
# found by their category, Cf).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def path_text(path: object) -> str:
    """The path as text: bytes that are not UTF-8 as `\\xNN`, so it can be written as JSON.
    Any object whose str is a path (a capture's is `file#record`) is shown so."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def one_line(text: str) -> str:
    """`text` on one line, every control or format character written as an escape."""
    text = _CONTROL.sub(_escaped, text)
    if text.isascii():
        return text
    return "".join(_escaped_char(char) if unicodedata.category(char) == "Cf" else char for char in text)


def printed(label: str, *parts: str) -> str:
    """A line to print: the converter's own `label` ("error", "debug"), then the parts, each
    escaped to one line, so no part can begin a line of its own."""
    return f"{label}: " + ": ".join(one_line(part) for part in parts)


def _escaped(match: re.Match[str]) -> str:
    return _escaped_char(match[0])


def _escaped_char(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


INTERNAL_ERROR = 3  # the run broke off (a bug): `make` stops, as it does not after 1


def run_or_report_bug(run: Callable[[], int], debug: bool, name: str) -> int:
    """`run()`'s exit status; a bug that escapes it is one `error:` line (and, with --debug, its
    traceback, each line labelled `debug: NAME:`) and exit status 3, never a bare traceback whose
    lines a page's text could have shaped."""
    try:
        return run()
    except Exception as error:
        if debug:
            for line in traceback.format_exc().rstrip("\n").split("\n"):
                print(printed("debug", name, line), file=sys.stderr)
        print(printed("error", "internal error, the run did not finish",
                      f"{type(error).__name__}: {error}"), file=sys.stderr)
        return INTERNAL_ERROR
