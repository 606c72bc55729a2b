"""Which reader opens which file, by its name's ending (as capture tools name them).

Readers are imported on first use: a run whose pages are all unchanged opens none, and
warcio and the email parser cost a tenth of a second to import."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

# Longest ending first: `.warc.gz` before any `.gz`. (ending, module, reader)
_CONTAINERS = ((".warc.gz", "warc", "WARC"), (".warc", "warc", "WARC"), (".wacz", "warc", "WACZ"),
               (".jsonl", "jsonl", "JSON_LINES"), (".ndjson", "jsonl", "JSON_LINES"))
_PAGES = ((".mhtml", "mhtml", "MHTML"), (".mht", "mhtml", "MHTML"), (".html", "pages", "PAGE_FILE"),
          (".htm", "pages", "PAGE_FILE"), (".txt", "pages", "PAGE_FILE"))
SUFFIXES = tuple(suffix for suffix, _, _ in (*_CONTAINERS, *_PAGES))


def is_container(path: Path) -> bool:
    """The file holds many pages (its pages are its records)."""
    return path.name.lower().endswith(tuple(suffix for suffix, _, _ in _CONTAINERS))


def container_reader(path: Path):
    """The reader of a file that holds many pages, or None."""
    return _reader(path, _CONTAINERS)


def page_reader(path: Path):
    """The reader of a file that is one page (a saved page, a text dump, an MHTML)."""
    return _reader(path, _PAGES) or _reader(Path("page.txt"), _PAGES)


def _reader(path: Path, table: tuple[tuple[str, str, str], ...]):
    name = path.name.lower()
    for suffix, module, reader in table:
        if name.endswith(suffix):
            return getattr(import_module(f"{__package__}.{module}"), reader)
    return None
