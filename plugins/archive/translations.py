"""Every language version of an article is an article of the archive.

Pelican lists only one version per translation group (the one in DEFAULT_LANG) on index,
tag, source, author and archive pages. The converter tags each version from its own text, so
a Japanese version can carry a topic its English original lacks; an archive must list it
there. Pelican has already linked the versions (`article.translations`) when this runs.
"""

from __future__ import annotations

from .order import archive_order


def list_every_language(generator) -> None:
    """Runs on article_generator_pretaxonomy, before Pelican builds its listings from
    `generator.articles`, which it leaves newest first in the archive's order (order.py): every
    listing keeps that order."""
    generator.articles.extend(generator.translations)
    generator.translations = []
    generator.articles.sort(key=archive_order, reverse=True)
