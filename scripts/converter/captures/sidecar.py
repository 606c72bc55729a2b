"""A page's address from a file beside it: `<name>.url` (a Windows Internet Shortcut, which
browsers write when a link is dragged to a folder) or `<name>.json` (`{"url": …,
"fetched_at": …}`, what scrapers write beside a text dump)."""

from __future__ import annotations

import configparser
import json
from datetime import datetime
from pathlib import Path

from ..inputs import open_input
from ..model import InputError
from .times import capture_time

MAX_SIDECAR_BYTES = 64 * 1024  # an address and a time: anything larger is not a sidecar


def sidecar_paths(path: Path) -> list[Path]:
    """Where a page's sidecar may be: `page.url`, `page.json`, `page.txt.url`, `page.txt.json`."""
    names = [path.with_suffix(".url"), path.with_suffix(".json"),
             path.with_name(f"{path.name}.url"), path.with_name(f"{path.name}.json")]
    return [name for name in dict.fromkeys(names) if name != path]


def sidecar_facts(path: Path) -> tuple[str, datetime | None, list[str]]:
    """(address, capture time, notes) from the first sidecar found; a sidecar that cannot be
    read costs a note, never the page."""
    for side in sidecar_paths(path):
        if not side.exists() and not side.is_symlink():
            continue
        try:
            url, when = _read(side)
        except InputError as error:
            return "", None, [f"sidecar {side.name}: {error}"]
        if not url:
            return "", None, [f"sidecar {side.name}: no address in it"]
        return url, when, []
    return "", None, []


def _read(side: Path) -> tuple[str, datetime | None]:
    from ..decode import decode

    with open_input(side, MAX_SIDECAR_BYTES, "an address and a time are no more") as handle:
        try:
            text = decode(handle.read(MAX_SIDECAR_BYTES))
        except OSError as error:
            raise InputError(f"cannot read file: {error.strerror or error}") from error
    if side.suffix.lower() == ".url":
        return _shortcut_url(text), None
    return _json_facts(text)


def _shortcut_url(text: str) -> str:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error as error:
        raise InputError(f"not an Internet Shortcut ({type(error).__name__})") from error
    for section in parser.sections():
        if section.lower() == "internetshortcut":
            return parser.get(section, "url", fallback="").strip()
    return ""


def _json_facts(text: str) -> tuple[str, datetime | None]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise InputError("not JSON") from error
    if not isinstance(data, dict):
        raise InputError("not a JSON object")
    url = data.get("url")
    when = data.get("fetched_at") or data.get("captured")
    return (url if isinstance(url, str) else ""), (capture_time(when) if isinstance(when, str) else None)
