#!/usr/bin/env python3
"""Convert scraped news pages into Pelican Markdown: see `convert.py --help` and README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from converter.cli import main

if __name__ == "__main__":
    sys.exit(main())
