"""Pelican's Markdown reader, with one Markdown instance for all the files it reads.

Pelican builds a new `markdown.Markdown` for every file, which loads and configures every
extension again (codehilite, tables, footnotes, toc...): about a millisecond per article, ten
seconds for a 10,000-article archive. Python-Markdown is made to be reused: `reset()` clears
every extension's state (footnotes, the table of contents, the Meta of the last file), which
Pelican itself relies on for the metadata fields it renders.
"""

from __future__ import annotations

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
