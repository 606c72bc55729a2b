"""Settings for the published site: `make publish` and the GitHub Actions workflow.

Only what differs from pelicanconf.py: absolute URLs from SITEURL (the workflow passes the
GitHub Pages address), so feeds, the sitemap, canonical and Open Graph links are absolute.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
# DELETE_OUTPUT_DIRECTORY stays off (pelicanconf.py): stale pages are removed by the plugin.

# Pelican's content cache, kept between workflow runs by actions/cache: a file is re-read only
# when its content changed. By hash, not modification time: a fresh checkout resets every mtime.
# The cache does not notice changed settings or plugins; the workflow keys it by their hash,
# and `make clean` clears it locally.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
# A build whose inputs and output are as the last build left them returns at once
# (plugins/archive/unchanged.py); any change to content, theme, plugins or settings builds it all.
SKIP_UNCHANGED_BUILD = True
CHECK_MODIFIED_METHOD = "sha256"
