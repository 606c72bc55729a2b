"""Full-text search: index the built article pages with Pagefind (extended build).

Running inside Pelican's `finalized` signal means `pelican` alone produces a searchable
site; there is no second command to forget.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

log = logging.getLogger(__name__)


def build_search_index(pelican) -> None:
    settings = pelican.settings
    output = Path(pelican.output_path)
    count = asyncio.run(
        index_site(
            output,
            glob=settings.get("PAGEFIND_GLOB", "articles/**/*.html"),
            language=settings.get("PAGEFIND_LANGUAGE", "ja"),
        )
    )
    log.info("Pagefind: indexed %d pages into %s", count, output / "pagefind")


async def index_site(output: Path, glob: str, language: str) -> int:
    """Index the pages matching `glob` under `output`; return how many were indexed."""
    bundle = output / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)  # stale fragments of a previous build
    config = IndexConfig(force_language=language, output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(output), glob=glob)
    return int(result.get("page_count", 0)) if isinstance(result, dict) else 0
