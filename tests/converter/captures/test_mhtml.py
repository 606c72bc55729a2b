"""Chrome's "Webpage, Single File" (.mhtml): the page part, its address and its save time.

MHTML holds web pages, which are HTML: a text dump has no MHTML form."""

from __future__ import annotations

import base64

import pytest
from converter.captures import Capture, read_capture
from converter.model import InputError

from tests.converter.captures.build import WHEN, asset_bytes, chrome_mhtml, convert, in_charset, page

MB = 1024 * 1024
JA = page("bitget-ja-html-bitcoin-miners-ai-hashprice.html")
EN = page("cryptoslate-en-genius-act-stablecoins.html")
CHROME_META = b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'


def read(tmp_path, data: bytes, name: str = "page.mhtml"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_capture(Capture(path), 5 * MB, 100 * MB)


def test_chrome_gives_the_page_its_address_and_its_save_time(tmp_path):
    """The page part decoded from quoted-printable (Chrome's serialization: its meta first in
    `<head>`, CRLF line ends), `Snapshot-Content-Location` as its address, `Date` (Chrome's
    local time, +0200) in UTC; the style sheet and images after it are left."""
    payload = read(tmp_path, chrome_mhtml(JA))
    serialized = JA.data.replace(b"<head>", b"<head>" + CHROME_META, 1).replace(b"\n", b"\r\n")
    assert payload.data == serialized.rstrip(b"\r\n")
    assert (payload.url, payload.captured) == (JA.url, WHEN)


def test_the_multiparts_start_parameter_names_the_page_among_frames(tmp_path):
    """A frame's page stored before the page itself (another tool's order): the `start`
    parameter of multipart/related names the page's part, and that part is read, not the first."""
    data = chrome_mhtml(JA, frames=[EN], start=True)
    assert data.index(EN.url.encode() + b"\r\n\r\n") < data.index(JA.url.encode() + b"\r\n\r\n")
    payload = read(tmp_path, data)
    assert JA.title.encode() in payload.data and EN.title.encode() not in payload.data
    assert EN.title.encode() in read(tmp_path, data.replace(b'\tstart="', b'\tx-start="'), "other.mhtml").data


def test_a_charset_named_only_on_the_mime_part_is_the_pages(tmp_path):
    """An MHTML whose page part says `charset=shift_jis` and whose page declares nothing: the
    page reaches the converter in UTF-8."""
    payload = read(tmp_path, chrome_mhtml(JA, charset="shift_jis"))
    expected = in_charset(JA, "shift_jis").decode("shift_jis").encode("utf-8")
    assert payload.data.replace(b"\r\n", b"\n") == expected.rstrip(b"\n")
    assert "ビットコインマイナー".encode() in payload.data


def test_an_mhtml_without_a_page_fails_alone(tmp_path):
    """An MHTML of an image only (Chrome saves an image opened in a tab so) is no page."""
    boundary = "----MultipartBoundary--x----"
    image = base64.encodebytes(asset_bytes("image/png")).replace(b"\n", b"\r\n")
    only_image = (f'From: <Saved by Blink>\r\nSnapshot-Content-Location: {JA.assets()[0][0]}\r\n'
                  f'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="image/png";\r\n'
                  f'\tboundary="{boundary}"\r\n\r\n\r\n--{boundary}\r\nContent-Type: image/png\r\n'
                  f'Content-Transfer-Encoding: base64\r\n\r\n').encode()
    only_image += image + f"--{boundary}--\r\n".encode()
    with pytest.raises(InputError, match="no HTML part"):
        read(tmp_path, only_image)
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "logo.mhtml").write_bytes(only_image)
    (folder / "article.mhtml").write_bytes(chrome_mhtml(EN))
    status, entries = convert(folder, tmp_path / "out")
    assert status == 1
    assert sorted((e["input"].rsplit("/", 1)[1], e["status"]) for e in entries) == [
        ("article.mhtml", "converted"), ("logo.mhtml", "failed")]
