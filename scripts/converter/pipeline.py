"""One scraped file in, one rendered article out: the stages in order."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .decode import decode
from .detect import page_format
from .grammar import load_grammar
from .metadata import Settings, build_article
from .model import Article, InputError
from .render import render
from .textpage import parse_text_page
from .topics import TopicRules


@dataclass(frozen=True)
class Conversion:
    """A converted input, not yet written: where it goes and what it says."""

    input: Path
    format: str
    article: Article
    relative_path: Path
    markdown: str


def convert_file(path: Path, rules: TopicRules, settings: Settings) -> Conversion:
    """Run every stage on one file; raise InputError with the reason when it is not usable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}") from error
    text = decode(data)
    fmt = page_format(text)
    if fmt == "html":
        raise InputError("saved HTML pages are not supported yet")
    facts = parse_text_page(text, load_grammar())
    article = build_article(facts, rules, settings)
    return Conversion(path, fmt, article, output_path(article), render(article))


def output_path(article: Article) -> Path:
    """content/articles/<year>/<slug>.<lang>.md: one file per article and language."""
    folder = f"{article.date:%Y}" if article.date else "undated"
    return Path(folder) / f"{article.slug}.{article.lang}.md"
