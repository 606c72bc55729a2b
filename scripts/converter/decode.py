"""Bytes to text: scraped files arrive in whatever encoding the scraper's locale used."""

from __future__ import annotations

import codecs

from .model import InputError

# Tried in order after the BOM check. UTF-8 first: it almost never decodes text that is not
# UTF-8. The CJK legacy encodings follow, most specific first.
FALLBACK_ENCODINGS = ("utf-8", "shift_jis", "euc_jp", "gb18030", "big5")

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Return the text of a scraped file with Unix line ends, or raise InputError."""
    if not data.strip():
        raise InputError("file is empty")
    text = _decode_bytes(data)
    if _looks_binary(text):
        raise InputError("not a text file (control characters found)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if _looks_utf16(data):
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be")
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("not a text file in any supported encoding")


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 shows as every other byte being NUL in ASCII-heavy text."""
    sample = data[:400]
    return len(sample) >= 4 and sample.count(0) >= len(sample) // 4


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > 0
