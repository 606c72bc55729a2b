"""Decoding: every encoding a scraper's locale may have saved a page in."""

from __future__ import annotations

import codecs

import pytest
from converter.decode import decode
from converter.model import InputError

from tests.conftest import SAMPLE
from tests.converter.test_layouts import CASES, PAGES

# Which legacy encodings a page in each language is plausibly saved in.
LEGACY = {"ja": ["shift_jis", "euc_jp", "cp932"], "zh-CN": ["gb18030", "gbk"], "zh-TW": ["big5"]}


# The same Shift_JIS/EUC-JP bytes map to different code points in the JIS and the Microsoft
# (cp932) tables: 〜 or ～, ‖ or ∥, − or －... Either reading is the page's text.
JIS_VARIANTS = str.maketrans("～∥－￠￡￢", "〜‖−¢£¬")


def _text_pages(lang: str) -> list:
    return [PAGES / name for name, case in CASES.items() if case["lang"] == lang and name.endswith(".txt")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(encoding):
    text = SAMPLE.read_text(encoding="utf-8")
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize(("lang", "encoding"), [(lang, enc) for lang, encs in LEGACY.items() for enc in encs])
def test_legacy_cjk_encodings(lang, encoding):
    texts = [page.read_text(encoding="utf-8") for page in _text_pages(lang)]
    # A page can only have been saved in an encoding that has all its characters.
    encodable = [text for text in texts if _encodable(text, encoding)]
    assert encodable, f"no {lang} fixture can be written in {encoding}"
    for text in encodable:
        encoded = text.encode(encoding)
        assert decode(encoded).translate(JIS_VARIANTS) == text.translate(JIS_VARIANTS), text[:40]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def test_crlf_and_cr_line_ends_become_newlines():
    text = SAMPLE.read_text(encoding="utf-8")
    assert decode(text.replace("\n", "\r\n").encode()) == text
    assert decode(codecs.BOM_UTF8 + text.replace("\n", "\r").encode()) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a text file"),
        (bytes(range(256)) * 4, "not a text file"),
    ],
)
def test_non_text_fails_with_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode(data)
