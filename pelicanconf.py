"""Pelican settings for the archive, used by `make site` and `make serve`.

publishconf.py imports these and changes only what differs when the site is published.
"""

import logging
import os

from jinja2 import FileSystemBytecodeCache
from pygments.formatters import HtmlFormatter


class LanguageHtmlFormatter(HtmlFormatter):
    """Pygments' HTML with the block's language on <code> (`language-solidity`), as Python-Markdown
    documents for `codehilite`: Pygments' own formatter drops it, and readers (and the search
    index) lose which language a block is in."""

    def __init__(self, lang_str: str = "", **options) -> None:
        super().__init__(**options)
        self.lang_str = lang_str

    def _wrap_code(self, source):
        yield 0, f'<code class="{self.lang_str}">' if self.lang_str else "<code>"
        yield from source
        yield 0, "</code>"


SITENAME = "Crypto News Archive"
SITESUBTITLE = "Scraped crypto news, browsable by topic and searchable in every language"
# No AUTHOR: Pelican would credit every article whose page names no author to it (and give the
# site's name an author page). Such articles show their source alone.
SITEURL = ""
RELATIVE_URLS = True

# The site language: the interface strings (theme/strings.toml has "en" and "ja"), date
# formats, and which version of a translated article is the main one. Articles keep their `Lang`.
DEFAULT_LANG = "en"
UI_STRINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "theme", "strings.toml")
# The timezone dates are shown in. The converter's --timezone (make TIMEZONE=...) says which
# timezone the scraped pages' times were in; both default to UTC.
TIMEZONE = os.environ.get("ARCHIVE_TIMEZONE", "UTC")

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
OUTPUT_PATH = "output"
# A page is rendered and written only when what it shows changed, and the files of renamed or
# removed articles are removed after the build (plugins/archive/incremental.py, with a manifest in
# cache/): the output folder is no longer wiped first, and files the build never wrote stay.
RENDER_ONLY_CHANGED = True
DELETE_OUTPUT_DIRECTORY = False

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["archive"]

# Scraped text is HTML-escaped by the converter; the theme escapes everything else.
# Compiling the theme's templates is a third of building a small site; Jinja keeps the compiled
# code under cache/ (keyed by each template's source, written atomically) for the next build.
TEMPLATE_CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache", "jinja")
os.makedirs(TEMPLATE_CACHE, exist_ok=True)
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True,
                     "bytecode_cache": FileSystemBytecodeCache(TEMPLATE_CACHE)}

# Typographic quotes, dashes and ellipses (smartypants) and nothing else: typogrify's other
# filters add markup (span.caps, span.amp, &nbsp;) that would leak into titles, meta tags,
# feeds and search results.
TYPOGRIFY = True
TYPOGRIFY_OMIT_FILTERS = ["amp", "caps", "initial_quotes", "widont"]
# Table cells are aligned with `align`, not `style`: plugins/archive/sanitize.py removes every
# style attribute (CSS can hide, overlay or fetch); plugins/archive/tables.py turns `align` (which
# HTML5 lacks) into a class, and aligns columns of numbers right.
# Code blocks are highlighted by Pygments when the site is built (codehilite): spans with Pygments'
# short CSS classes inside div.highlight; a block without a language stays plain text (no guessing).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {"tables": {"use_align_attribute": True}},
        "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False,
                                           "pygments_formatter": LanguageHtmlFormatter},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
# The Pygments styles of theme/static/css/code-light.css and code-dark.css, each written by
# `pygmentize -S <style> -f html -a .highlight` (tests/site/test_code.py checks they still are).
# Chosen for contrast: every token colour of both reads at WCAG AA (4.5:1) on its background.
# An article page loads them only when it has a highlighted block, one per colour scheme.
PYGMENTS_STYLES = {"light": "xcode", "dark": "monokai"}

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
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
# Categories are the articles' sources (CryptoSlate, The Block, ...): see plugins/archive.
CATEGORY_URL = "sources/{slug}/"
CATEGORY_SAVE_AS = "sources/{slug}/index.html"
CATEGORIES_URL = "sources/"
CATEGORIES_SAVE_AS = "sources/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_URL = "archives/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "archives/{date:%Y}/index.html"
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
# The articles in one language (plugins/archive/listings.py), newest first: the search page's
# language filter without words links here.
LANGUAGE_URL = "languages/{lang}/"
LANGUAGE_SAVE_AS = "languages/{lang}/index.html"
# Every language by its own name, each a link to its listing: the header's "Languages" links here
# (one link on every page, where the 19 of a switch cost 1.5 KB a page and changed every page when
# the archive gained a language).
LANGUAGES_URL = "languages/"
LANGUAGES_SAVE_AS = "languages/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "languages", "search"]

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"index": None, "tag": None, "category": None, "author": None, "period_archives": None,
                       "language": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Atom feeds: every article, and one per topic and per source (linked from their pages).
# Feed links are absolute only when SITEURL is set (publishconf.py).
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"
CATEGORY_FEED_ATOM = "feeds/sources/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
# Local builds have no SITEURL on purpose (relative links); publishconf.py sets it.
LOG_FILTER = [(logging.WARN, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid")]

# Search: plugins/archive indexes the article pages with Pagefind after every build.
# One combined index for every language (per-language indexes would only search the reader's
# page language), its text cut into words by the plugin (search_words.py: Japanese and Chinese
# with SudachiPy and jieba-rs), so Pagefind is given no language ("und": it cuts nothing itself).
PAGEFIND_LANGUAGE = "und"
PAGEFIND_GLOB = "articles/**/*.html"
# The search index is one bundle per year (plugins/archive/search_shards.py). By relevance the search
# page searches the newest years first, as many as its page of results needs, and ranks them
# together: the first search fetches one year's index (195 KB at 10,000 articles, gzip). True
# searches every year at once and ranks them all together from the first page, closer to one
# index's ranking (13 of its first 20 on average, against 3; README, Search), at the price of every
# year's index on the first search (379 KB at 2,000 articles, against 194).
SEARCH_RANKS_ALL_YEARS = False
# A year of more than this many article pages is indexed as bundles of whole months of at most this
# many (2025-01, 2025-07...): Pagefind's memory grows with a bundle's pages (about 0.3 MB a page), and
# the first search reads the newest bundle. None: one bundle per year, however large.
SEARCH_BUNDLE_PAGES = 2000

TEMPLATE_PAGES = {"404.html": "404.html", "sitemap.xml": "sitemap.xml", "robots.txt": "robots.txt"}

# Article pages: how many related articles (by shared topics), and what to do with images hosted
# on other sites: "link" (no request to another host when a page is read) or "embed".
RELATED_ARTICLES = 5
REMOTE_IMAGES = "link"

# Articles the content cache does not hold are read in this many processes at once
# (plugins/archive/parallel_reading.py): None for one per core, 1 to read them in turn.
READ_PROCESSES = None

# The topic rules the converter tags with; the site indexes their keywords for search.
TOPIC_RULES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "topics.toml")

# A build split by year (plugins/archive/shards.py, scripts/publish_shards.py): which part this
# build writes. Empty: the whole site.
ARCHIVE_SHARD = os.environ.get("ARCHIVE_SHARD", "")
