"""Every language version of an article is an article of the archive.

Pelican lists only one version per translation group (the one in DEFAULT_LANG) on index,
tag, source, author and archive pages. The converter tags each version from its own text, so
a Japanese version can carry a topic its English original lacks; an archive must list it
there. Pelican has already linked the versions (`article.translations`) when this runs.
"""

from __future__ import annotations

from operator import attrgetter


def list_every_language(generator) -> None:
    """Runs on article_generator_pretaxonomy, before Pelican builds its listings."""
    if not generator.translations:
        return
    generator.articles.extend(generator.translations)
    generator.translations = []
    generator.articles.sort(key=attrgetter("date"), reverse=True)
