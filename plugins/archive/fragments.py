"""Markup rendered once per build and reused: `{% fragment key %}…{% endfragment %}`.

The same markup recurs on thousands of pages. A listed article is the same `<li>` on the latest,
source, author, language, year and month pages that list it (on its topic pages only the topic
not linked differs), and in the related lists of other articles in one language. Rendering it
once per key rather than once per page cut the time spent rendering and writing pages by
half on a 1,000-article archive (CPU-time profile: 32.0 -> 14.7 s, with keyword lists gone too).

A key must name everything its body reads that can differ between two pages: the article, the
topic not linked, the page's language, and SITEURL (with relative URLs it changes with a page's
depth). What a body reads from the build as a whole (the interface strings) is the same for
every page. The cache belongs to one Jinja environment, that is to
one generator of one build: a second build in the same process starts empty.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import ClassVar

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser


class FragmentCache(Extension):
    """`{% fragment key %}body{% endfragment %}`: the body's output, kept under `key` for the build."""

    tags: ClassVar[set[str]] = {"fragment"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render_once", [key]), [], [], body).set_lineno(lineno)

    def _render_once(self, key: Hashable, caller: Callable[[], str]) -> str:
        kept = self.environment.fragments
        if key not in kept:
            kept[key] = caller()
        return kept[key]


def install(generator) -> None:
    """Every generator's templates may use `{% fragment %}` (generator_init: before any template
    is loaded, so the compiled templates, and Jinja's bytecode cache of them, know the tag)."""
    generator.env.add_extension(FragmentCache)
