"""Pelican settings for the archive, used by `make site` and `make serve`.

publishconf.py imports these and changes only what differs when the site is published.
"""

import os

SITENAME = "Crypto News Archive"
SITESUBTITLE = "Scraped crypto news, browsable by topic and searchable in every language"
AUTHOR = "Crypto News Archive"
SITEURL = ""
RELATIVE_URLS = True

# The language of the site's interface; articles keep their own `Lang`.
DEFAULT_LANG = "en"
# The timezone dates are shown in. The converter's --timezone (make TIMEZONE=...) says which
# timezone the scraped pages' times were in; both default to UTC.
TIMEZONE = os.environ.get("ARCHIVE_TIMEZONE", "UTC")
DEFAULT_DATE_FORMAT = "%Y-%m-%d %H:%M %Z"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True  # no stale pages of renamed or removed articles

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["archive"]

# Scraped text is HTML-escaped by the converter; the theme escapes everything else.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

TYPOGRIFY = True
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Folder-style URLs everywhere. Paginated pages get a folder of their own
# ({base_name}/page/N/), so page 2 of author "A 1" can never be the file of author "A 12".
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
ARTICLE_LANG_URL = "articles/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "articles/{slug}/{lang}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_LANG_URL = "drafts/{slug}/{lang}/"
DRAFT_LANG_SAVE_AS = "drafts/{slug}/{lang}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
# Categories are the articles' sources (CryptoSlate, The Block, ...): see plugins/archive.
CATEGORY_URL = "sources/{slug}/"
CATEGORY_SAVE_AS = "sources/{slug}/index.html"
CATEGORIES_SAVE_AS = "sources/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
SEARCH_SAVE_AS = "search/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "search"]

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Search: plugins/archive indexes the article pages with Pagefind after every build.
# One combined index in Japanese mode segments Japanese and Chinese and still matches
# Latin words; per-language indexes would only search the reader's page language.
PAGEFIND_LANGUAGE = "ja"
PAGEFIND_GLOB = "articles/**/*.html"

TEMPLATE_PAGES = {"404.html": "404.html"}

# The topic rules the converter tags with; the site indexes their keywords for search.
TOPIC_RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "topics.toml")
