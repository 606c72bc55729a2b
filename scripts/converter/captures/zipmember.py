"""A WARC inside a WACZ, opened so that reaching one of its records costs one seek.

zipfile reaches a position inside a member by reading the member from its start (and unpacks
it on the way when it is compressed): reading a WACZ's pages one by one read its WARC again for
each, and a WACZ whose WARC of 1 GB was compressed to 1 MB took seconds a page. WACZ writers
store their WARCs without compression (they are gzipped already, and players read them with
HTTP range requests), and a stored member is read here in place, from the zip file itself. A
compressed one is read through zipfile, and only up to COMPRESSED_MEMBER_BYTES.
"""

from __future__ import annotations

import io
import struct
import zipfile
from typing import BinaryIO

from ..inputs import size_text
from ..model import InputError

# A compressed member is unpacked from its start for each page read: this much takes about
# a tenth of a second.
COMPRESSED_MEMBER_BYTES = 64 * 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name's and extra field's lengths
_SIGNATURE = b"PK\x03\x04"


def open_member(archive: zipfile.ZipFile, name: str) -> BinaryIO:
    """The member's bytes, readable and seekable; InputError when it cannot be read."""
    info = archive.getinfo(name)  # KeyError when it is not there
    if info.flag_bits & 0x1:
        raise InputError(f"{name!r} is encrypted")
    if info.compress_type == zipfile.ZIP_STORED:
        return _Stored(archive.fp, _data_start(archive.fp, info), info.file_size)
    if info.file_size > COMPRESSED_MEMBER_BYTES:
        raise InputError(f"{name!r} is compressed inside the zip and unpacks to {size_text(info.file_size)}: "
                         f"a compressed WARC is read from its start for each page, so at most "
                         f"{size_text(COMPRESSED_MEMBER_BYTES)} (WACZ files store their WARCs "
                         "uncompressed; `zip -0` does)")
    try:
        return archive.open(info)
    except NotImplementedError as error:  # a compression method zipfile lacks (Deflate64, zstd)
        raise InputError(f"{name!r}: {error}") from error


def _data_start(handle: BinaryIO, info: zipfile.ZipInfo) -> int:
    handle.seek(info.header_offset)
    header = handle.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != _SIGNATURE:
        raise InputError(f"{info.filename!r} is not where the zip's directory says it is")
    _, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length


class _Stored(io.RawIOBase):
    """`size` bytes of `handle` from `start`: a stored member, read where it lies."""

    def __init__(self, handle: BinaryIO, start: int, size: int) -> None:
        super().__init__()
        self._handle, self._start, self._size, self._position = handle, start, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = min(max(base + offset, 0), self._size)
        return self._position

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self._size - self._position)
        if count <= 0:
            return 0
        self._handle.seek(self._start + self._position)
        data = self._handle.read(count)
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)
