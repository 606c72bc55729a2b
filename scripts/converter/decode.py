"""Bytes to text: scraped files arrive in whatever encoding the scraper's locale used."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from .model import InputError

# The legacy encodings scraped pages come in. charset-normalizer chooses among them by how
# plausible the decoded text is; legacy CJK encodings overlap too much to go by trial alone.
CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "shift_jis", "cp932", "euc_jp", "gb18030", "big5", "cp1252"]

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
        raise InputError("not a text file (binary content)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if _looks_utf16(data):
        return data.decode("utf-16-le" if data[1] == 0 else "utf-16-be")
    if b"\x00" in data:
        raise InputError("not a text file (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise InputError("not a text file in any supported encoding")
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 shows as NUL in every other byte of its ASCII characters."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return max(even, odd) >= len(sample) // 8 and min(even, odd) == 0


def _looks_binary(text: str) -> bool:
    return any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text[:4000])
