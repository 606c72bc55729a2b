"""Bytes to text: scraped files arrive in whatever encoding the scraper's locale used.

Whatever the bytes, the result is text that later stages can use (and write back as UTF-8)
or an InputError saying why the file cannot be read: nothing else escapes from here.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .model import InputError

# The legacy encodings scraped pages come in. charset-normalizer chooses among them by how
# plausible the decoded text is; legacy CJK encodings overlap too much to go by trial alone.
CANDIDATE_ENCODINGS = ["utf_8", "utf_16", "shift_jis", "cp932", "euc_jp", "gb18030", "big5", "cp1252"]
# charset-normalizer drops an encoding when the sampled chunks look more "chaotic" than this
# (its default is 0.2). Pages dense in figures, URLs and symbols can sample just above it in
# their real encoding (a long Shift_JIS page did), so a second, laxer pass is tried before
# giving up. Binary data is still refused: it fails the strict decoding or `_looks_binary`.
LAX_CHAOS_THRESHOLD = 0.5

# (byte-order mark, codec for what follows it, name in messages); UTF-32 first: its
# little-endian mark starts like UTF-16's.
BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def decode(data: bytes) -> str:
    """Return the text of a scraped file with Unix line ends, or raise InputError.

    The text never holds unpaired surrogates (it always encodes to UTF-8) nor NUL.
    """
    if not data.strip():
        raise InputError("file is empty")
    text = _decode_bytes(data)
    if not text.replace("\ufeff", "").strip():
        raise InputError("file is empty")
    if _looks_binary(text):
        raise InputError("not a text file (binary content)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_bytes(data: bytes) -> str:
    for bom, encoding, name in BOMS:
        if data.startswith(bom):
            # The mark says what the file is: bytes that break it are a damaged file, not a
            # cue to guess another encoding.
            return _strict(data[len(bom):], encoding, name, f"after its {name} byte-order mark", len(bom))
    if _looks_utf16(data):
        # The NULs sit in the high byte of ASCII characters: odd offsets in little-endian.
        little = data[1:400:2].count(0) > data[0:400:2].count(0)
        return _strict(data, "utf-16-le" if little else "utf-16-be", "UTF-16", "without a byte-order mark")
    if b"\x00" in data:
        raise InputError("not a text file (binary content)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for options in ({}, {"threshold": LAX_CHAOS_THRESHOLD}):
        best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS, **options).best()
        if best is not None:
            return str(best)
    raise InputError("not a text file in any supported encoding")


def _strict(data: bytes, encoding: str, name: str, context: str, offset: int = 0) -> str:
    """Decode without replacement characters; a byte that does not fit is the file's error.

    `offset` is where `data` starts in the file, so that messages give the file's offsets.
    """
    unit = {"UTF-16": 2, "UTF-32": 4}.get(name, 1)
    if len(data) % unit:
        length = "odd length" if unit == 2 else f"length not a multiple of {unit}"
        raise InputError(f"not valid {name} ({length}: {offset + len(data)} bytes, {context})")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        where = f"at byte {offset + error.start}"
        raise InputError(f"not valid {name} ({_why(error, name)} {where}, {context})") from error


def _why(error: UnicodeDecodeError, name: str) -> str:
    # UTF-16's decoder calls a lone low surrogate an "illegal encoding" and a high one at the
    # very end "truncated data"; the length is already known to be even.
    if "surrogate" in error.reason or name == "UTF-16":
        return "unpaired surrogate"
    if "unexpected end" in error.reason:
        return "truncated character"
    return f"{error.reason}: 0x{error.object[error.start:error.end].hex()}"


def _looks_utf16(data: bytes) -> bool:
    """BOM-less UTF-16 shows as NUL in every other byte of its ASCII characters."""
    sample = data[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # At least one NUL: below 8 bytes the proportion alone would let any short file through.
    return max(even, odd) >= max(1, len(sample) // 8) and min(even, odd) == 0


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # below space, but for \t \n \f \r


def _looks_binary(text: str) -> bool:
    """NUL anywhere, or control characters near the start, mean the file is not text."""
    return "\x00" in text or _CONTROL.search(text, 0, 4000) is not None
