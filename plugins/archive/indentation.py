"""The theme's templates are indented for the people who edit them; the pages they make are not.

Every line of a template loses its leading spaces and tabs as Jinja loads it, so no page carries
its template's indentation. In HTML, white space at the start of a line only separates what is
around it, and the line break before it still does. Where Jinja removes that line break (a line
ending with a block tag or a comment: `trim_blocks` in pelicanconf.py), one space stays, so what
was separated still is. The templates hold no `<pre>` or `<textarea>`, where it would show
(tests/plugin/test_indentation.py checks). Text that comes from articles (their bodies, titles,
summaries) is data, not template source, and is left as it is.

The loader does it, not a Jinja `preprocess` extension: Jinja's bytecode cache (pelicanconf.py)
keys a compiled template by the source its loader returns, so a template compiled before this
plugin was on (or off) is never reused as if it had been.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from jinja2 import BaseLoader, ChoiceLoader, Environment

Source = tuple[str, str | None, Callable[[], bool] | None]  # what a Jinja loader's get_source returns
EATEN = ("%}", "#}")  # a line ending so loses its line break (trim_blocks)


def unindented(source: str) -> str:
    """`source` without the indentation of its lines; one space where the line break before it
    is Jinja's to remove."""
    lines = source.split("\n")
    kept = [lines[0].lstrip(" \t")]
    for before, line in pairwise(lines):
        text = line.lstrip(" \t")
        kept.append(" " + text if text != line and before.endswith(EATEN) else text)
    return "\n".join(kept)


class UnindentedLoader(BaseLoader):
    """Another loader's templates, each line without its indentation."""

    def __init__(self, loader: BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: Environment, template: str) -> Source:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return unindented(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def install(generator) -> None:
    """Every generator's templates load without their indentation (generator_init: before any
    template is loaded). Pelican's loader is a ChoiceLoader whose list it edits itself (a template
    page's own file goes first): each of its loaders is wrapped, the list stays Pelican's."""
    loader = generator.env.loader
    if isinstance(loader, ChoiceLoader):
        loader.loaders = [UnindentedLoader(inner) for inner in loader.loaders]
    elif loader is not None:
        generator.env.loader = UnindentedLoader(loader)
