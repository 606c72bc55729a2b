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
DELETE_OUTPUT_DIRECTORY = True
