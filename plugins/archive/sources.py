"""Articles are grouped by publisher: the `Source` metadata becomes the Pelican category."""

from __future__ import annotations

from pelican.urlwrappers import Category

UNKNOWN_SOURCE = "Unknown source"


def use_source_as_category(generator) -> None:
    """Runs before Pelican builds its category lists, so every listing sees sources."""
    for article in generator.articles + generator.translations + generator.drafts:
        source = getattr(article, "source", "") or UNKNOWN_SOURCE
        article.category = Category(source, generator.settings)
