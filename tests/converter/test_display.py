"""How names and page text are shown: one line each, escaped, under the converter's own label."""

from __future__ import annotations

import os

from converter.display import one_line, path_text, printed


def test_a_name_that_is_not_utf8_is_shown_with_its_bytes_escaped():
    name = os.fsdecode(b"scraped/a\xff\xe3\x81.txt")
    assert path_text(name) == "scraped/a\\xff\\xe3\\x81.txt"
    assert path_text("scraped/東京.txt") == "scraped/東京.txt"


def test_line_breaks_and_terminal_escapes_stay_on_the_line():
    assert one_line("a\n::error::x\r\tb\x1b[31m\x85c") == "a\\n::error::x\\r\\tb\\x1b[31m\\x85c"
    assert one_line("a\u2028b\u2029c") == "a\\u2028b\\u2029c"


def test_bidi_and_invisible_characters_are_shown_as_escapes():
    assert one_line("Crypto\u202eetalS\u200b\ufeff") == "Crypto\\u202eetalS\\u200b\\ufeff"
    assert one_line("ビットコイン — Bitcoin") == "ビットコイン — Bitcoin"


def test_a_printed_line_starts_with_its_label_whatever_its_parts_say():
    line = printed("error", "::error title=x::pwned.txt", "reason\n::warning::forged")
    assert line == "error: ::error title=x::pwned.txt: reason\\n::warning::forged"
    assert "\n" not in line
