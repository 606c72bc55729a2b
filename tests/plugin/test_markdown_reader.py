"""One Markdown instance reads every article: each file reads exactly as Pelican's own reader,
which makes a new instance per file, reads it; nothing carries over from the file before."""

from __future__ import annotations

from pathlib import Path

from archive.markdown_reader import ReusingMarkdownReader, use_reusing_reader
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
