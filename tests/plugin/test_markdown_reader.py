"""One Markdown instance reads every article: each file reads exactly as Pelican's own reader,
which makes a new instance per file, reads it; nothing carries over from the file before."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import typogrify.filters
from archive.markdown_reader import ReusingMarkdownReader, typogrify_in_readers, use_reusing_reader
from pelican.readers import MarkdownReader, Readers
from pelican.settings import DEFAULT_CONFIG, configure_settings

import pelicanconf

FIRST = """Title: With footnotes and a summary
Date: 2026-01-02 10:00
Summary: A *short* summary.
Tags: Bitcoin

## A heading

Text with a note.[^1] And a table:

| a | b |
| - | - |
| 1 | 2 |

[^1]: The note.
"""
SECOND = """Title: Another article
Date: 2026-01-03 10:00

## A heading

Second text with its own note.[^1]

[^1]: Its note.
"""


def settings() -> dict:
    return configure_settings({**DEFAULT_CONFIG, "MARKDOWN": pelicanconf.MARKDOWN, "PATH": "."})


def read_all(reader_class, paths: list[Path]) -> list[tuple[str, dict]]:
    reader = reader_class(settings())
    return [reader.read(str(path)) for path in paths]


def test_every_file_reads_as_with_a_new_instance_each(tmp_path):
    paths = []
    for number, text in enumerate([FIRST, SECOND, FIRST, SECOND]):
        paths.append(tmp_path / f"{number}.md")
        paths[-1].write_text(text, encoding="utf-8")
    reused = read_all(ReusingMarkdownReader, paths)
    fresh = read_all(MarkdownReader, paths)
    assert [content for content, _ in reused] == [content for content, _ in fresh]
    assert [metadata.keys() for _, metadata in reused] == [metadata.keys() for _, metadata in fresh]
    assert [str(metadata.get("summary")) for _, metadata in reused] == [
        str(metadata.get("summary")) for _, metadata in fresh]
    second = reused[3]
    assert "summary" not in second[1] and second[1]["title"] == "Another article"
    assert second[0].count('class="footnote-ref"') == 1 and "The note." not in second[0]


def test_one_instance_reads_them_all(tmp_path):
    """The point of the reader: Markdown and its extensions are set up once, not per file."""
    reader = ReusingMarkdownReader(settings())
    instances = set()
    for number, text in enumerate([FIRST, SECOND, FIRST]):
        path = tmp_path / f"{number}.md"
        path.write_text(text, encoding="utf-8")
        reader.read(str(path))
        instances.add(id(reader._md))
    assert len(instances) == 1


def test_the_plugin_puts_it_in_place_of_pelicans_reader():
    readers = Readers(settings())
    use_reusing_reader(readers)
    assert readers.reader_classes["md"] is ReusingMarkdownReader
    assert readers.reader_classes["markdown"] is ReusingMarkdownReader


TYPOGRAPHY = """Title: "Bitcoin's rally" -- what's next...
Date: 2026-01-04 10:00
Summary: Traders say "it's early" -- or late...

"Quotes" and 'single' ones, dashes -- and --- and an ellipsis...
"""


def typogrify_settings(cache_path: Path | None = None) -> dict:
    """pelicanconf.py's typogrify settings; with a cache path, publishconf.py's content cache."""
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache_path)}
    extra = cached if cache_path else {}
    return configure_settings({
        **DEFAULT_CONFIG, "MARKDOWN": pelicanconf.MARKDOWN, "PATH": ".", "TYPOGRIFY": True,
        "TYPOGRIFY_OMIT_FILTERS": pelicanconf.TYPOGRIFY_OMIT_FILTERS, **extra})


def read_as_the_plugin_does(settings: dict, path: Path):
    """Readers as an articles generator makes them, with the plugin's signal handlers applied."""
    readers = Readers(settings, "ArticlesGenerator-Readers")
    typogrify_in_readers(SimpleNamespace(readers=readers))
    article = readers.read_file(str(path.parent), path.name)
    readers.save_cache()
    return article


def counting_typogrify(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = typogrify.filters.typogrify

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(typogrify.filters, "typogrify", counted)
    return calls


def test_typogrify_in_the_reader_gives_what_pelicans_own_pass_gives(tmp_path):
    path = tmp_path / "quotes.md"
    path.write_text(TYPOGRAPHY, encoding="utf-8")
    pelicans = Readers(typogrify_settings()).read_file(str(tmp_path), path.name)
    ours = read_as_the_plugin_does(typogrify_settings(), path)
    assert "&#8220;Quotes&#8221;" in pelicans.content and "&#8212;" in pelicans.content  # typogrified
    assert ours.content == pelicans.content
    assert ours.title == pelicans.title and "&#8217;" in ours.title
    assert str(ours.metadata["summary"]) == str(pelicans.metadata["summary"])


def test_typogrify_runs_once_per_file_and_never_on_what_the_cache_kept(tmp_path, monkeypatch):
    path = tmp_path / "quotes.md"
    path.write_text(TYPOGRAPHY, encoding="utf-8")
    calls = counting_typogrify(monkeypatch)
    first = read_as_the_plugin_does(typogrify_settings(tmp_path / "cache"), path)
    assert len(calls) == 3  # content, title, summary: Pelican's own pass is off
    again = read_as_the_plugin_does(typogrify_settings(tmp_path / "cache"), path)
    assert len(calls) == 3  # read from the cache, already typogrified
    assert again.content == first.content and again.title == first.title and "&#8220;" in again.content


def test_without_typogrify_nothing_changes(tmp_path):
    readers = Readers(settings())
    reads = {name: reader.read for name, reader in readers.readers.items()}
    typogrify_in_readers(SimpleNamespace(readers=readers))
    assert {name: reader.read for name, reader in readers.readers.items()} == reads
    assert readers.settings["TYPOGRIFY"] is False
    typogrify_in_readers(SimpleNamespace())  # a generator without readers (static files)
