"""Pelican's Markdown reader, with one Markdown instance for all the files it reads.

Pelican builds a new `markdown.Markdown` for every file, which loads and configures every
extension again (codehilite, tables, footnotes, toc...): about a millisecond per article, ten
seconds for a 10,000-article archive. Python-Markdown is made to be reused: `reset()` clears
every extension's state (footnotes, the table of contents, the Meta of the last file), which
Pelican itself relies on for the metadata fields it renders.

Typogrify runs in the reader too, so its output is what Pelican's content cache keeps. Pelican
applies it after the cache, to every article of every build: with the cache on, smartypants was
60 % of what reading an unchanged archive still cost.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


class ReusingMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        md = getattr(self, "_reused_md", None)
        if md is None:
            md = self._reused_md = Markdown(**self.settings["MARKDOWN"])
            self._meta = md.preprocessors["meta"]
        else:
            md.reset()
            if "meta" not in md.preprocessors:  # Pelican's _parse_metadata takes it out
                md.preprocessors.register(self._meta, "meta", META_PRIORITY)
        self._md = md
        with pelican_open(source_path) as text:
            content = md.convert(text)
        metadata = self._parse_metadata(md.Meta) if hasattr(md, "Meta") else {}
        return content, metadata


def use_reusing_reader(readers) -> None:
    """readers_init: read Markdown files with the reusing reader."""
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusingMarkdownReader


def typogrify_in_readers(generator) -> None:
    """generator_init: each reader of the generator typogrifies what it reads (content, title,
    summary: what Pelican's own pass touches) and Pelican's pass after the cache is turned off."""
    readers = getattr(generator, "readers", None)
    if readers is None or not readers.settings.get("TYPOGRIFY"):
        return
    for reader in readers.readers.values():
        reader.read = _typogrifying(reader.read, readers.settings)
    readers.settings = {**readers.settings, "TYPOGRIFY": False}


def _typogrifying(read: Callable, settings: dict) -> Callable:
    typogrify = _typogrify_with(settings)  # once: Pelican set smartypants up again for every file

    def read_and_typogrify(source_path):
        content, metadata = read(source_path)
        if content:
            content = typogrify(content)
        for field in ("title", "summary"):
            if field in metadata:
                metadata[field] = typogrify(metadata[field])
        return content, metadata

    return read_and_typogrify


def _typogrify_with(settings: dict) -> Callable[[str], str]:
    """Typogrify as Pelican's Readers.read_file applies it, with the same settings."""
    import smartypants
    from typogrify.filters import typogrify

    smartypants.Attr.default = {"oldschool": smartypants.Attr.set2,
                                "oldschool_inverted": smartypants.Attr.set3,
                                }.get(settings["TYPOGRIFY_DASHES"], smartypants.Attr.set1)
    smartypants.Attr.default |= smartypants.Attr.w  # &quot; entities become smart quotes too
    omitted = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
    return lambda text: typogrify(text, settings["TYPOGRIFY_IGNORE_TAGS"], **omitted)
