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


def test_a_long_legacy_page_is_not_refused():
    # charset-normalizer samples chunks: the sample page three times over in Shift_JIS once
    # sampled as "too chaotic" for every candidate and the page was refused.
    text = SAMPLE.read_text(encoding="utf-8") * 3
    for encoding in ("shift_jis", "cp932", "euc_jp"):
        assert decode(text.encode(encoding)) == text, encoding


@pytest.mark.parametrize("big_endian", [False, True])
def test_utf16_without_bom_that_starts_with_cjk(big_endian):
    # The byte order is where the NULs of the ASCII characters are, not what the first byte is.
    text = "日本語の記事 Bitcoin ETF inflows rose again on Tuesday.\n"
    assert decode(text.encode("utf-16-be" if big_endian else "utf-16-le")) == text


@pytest.mark.parametrize("text", ["日本", "a日b", "ñ€", "\u00e9t\u00e9"])
def test_short_utf8_is_not_taken_for_utf16(text):
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (codecs.BOM_UTF8 + b"Title\n\xff body", r"not valid UTF-8 \(invalid start byte: 0xff at byte 9"),
        (codecs.BOM_UTF8 + b"Title \xe3\x81", r"not valid UTF-8 \(truncated character at byte 9"),
        (codecs.BOM_UTF16_LE + "Title".encode("utf-16-le") + b"x", r"UTF-16 \(odd length: 13 bytes, after"),
        ("Title body".encode("utf-16-le") + b"x", r"not valid UTF-16 \(odd length: 21 bytes, without"),
        ("Title body".encode("utf-16-be")[:-1], r"not valid UTF-16 \(odd length"),
        (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x3d\xd8" + "c".encode("utf-16-le"),
         r"not valid UTF-16 \(unpaired surrogate at byte 6"),
        (codecs.BOM_UTF16_BE + "ab".encode("utf-16-be") + b"\xdc\x00", r"unpaired surrogate at byte 6"),
        (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x3d\xd8", r"unpaired surrogate at byte 6"),
        ("Title text".encode("utf-16-le")[:6] + b"\x3d\xd8" + "Title text".encode("utf-16-le")[6:],
         r"unpaired surrogate at byte 6, without a byte-order mark"),
        (codecs.BOM_UTF32_LE + "ab".encode("utf-32-le") + b"\x00\xd8\x00\x00", r"not valid UTF-32"),
        (codecs.BOM_UTF32_BE + "ab".encode("utf-32-be") + b"\x00", r"UTF-32 \(length not a multiple of 4"),
        (codecs.BOM_UTF8, "empty"),
        (codecs.BOM_UTF16_LE, "empty"),
        (codecs.BOM_UTF16_BE + " \n\t".encode("utf-16-be"), "empty"),
        (codecs.BOM_UTF8 + "\u3000\n".encode(), "empty"),
        (codecs.BOM_UTF16_LE + ("a" * 5000 + "\x00b").encode("utf-16-le"), "binary"),
    ],
)
def test_undecodable_input_fails_with_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode(data)



# Reasons name the cause: they are what the user reads in the report, word for word.
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b" \n\t", "file is empty"),
        (codecs.BOM_UTF8 + codecs.BOM_UTF8, "file is empty"),  # saved twice by a BOM-writing editor
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a text file (binary content)"),
        (b"Title\n\x1b[31m body", "not a text file (binary content)"),
        (bytes(range(0x80, 0x100)), "not a text file in any supported encoding"),
        (codecs.BOM_UTF32_LE + "ab".encode("utf-32-le") + b"\x00\xd8\x00\x00",
         "not valid UTF-32 (unpaired surrogate at byte 12, after its UTF-32 byte-order mark)"),
    ],
)
def test_reasons_word_for_word(data, message):
    with pytest.raises(InputError) as caught:
        decode(data)
    assert str(caught.value) == message


def test_utf8_with_bom_of_any_length():
    """The UTF-8 mark says nothing about the length: odd byte counts are fine."""
    assert decode(codecs.BOM_UTF8 + b"Bitcoin") == "Bitcoin"


@pytest.mark.parametrize("text", ["ok", "日", "ab\n"])
def test_tiny_utf8_files(text):
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    "text",
    [
        "日a",  # 4 bytes: one NUL is enough
        "日本語の記事ab",  # 16 bytes, 2 NULs: the eighth of the sample
        "日本語の記事記事ab",  # 20 bytes, 2 NULs: 20 // 8 is 2
    ],
)
def test_short_mostly_cjk_utf16_without_bom(text):
    assert decode(text.encode("utf-16-le")) == text


def test_control_characters_after_the_first_4000_are_not_binary():
    text = "a" * 4000 + "\x1b"
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [("比特币价格下跌", "gb18030"), ("ビットコイン価格が急落", "euc_jp")],
)
def test_short_legacy_titles_are_read_in_a_candidate_encoding(text, encoding):
    """A page saved in a legacy encoding is read among the encodings scrapers use: unrestricted
    guessing reads these very bytes as Korean and as UTF-16."""
    assert decode(text.encode(encoding)) == text
