#!/usr/bin/env python3
"""Fetch news pages by address into scraped/ as WARC.gz captures: see `fetch.py --help` and README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fetcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
