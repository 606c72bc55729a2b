"""One scraped file in, one rendered article out: the stages in order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .clean import clean_page
from .decode import decode
from .detect import article_language, page_format
from .grammar import load_grammar
from .htmlpage import parse_html_page
from .metadata import Settings, build_article
from .model import Article, InputError
from .render import render
from .textpage import infer_structure, parse_text_page
from .topics import TopicRules


@dataclass(frozen=True)
class Conversion:
    """A converted input, not yet written: where it goes and what it says."""

    input: Path
    format: str
    article: Article
    relative_path: Path
    markdown: str
    date_from_page: bool = True


def convert_file(path: Path, rules: TopicRules, settings: Settings) -> Conversion:
    """Run every stage on one file; raise InputError with the reason when it is not usable."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file: {error.strerror or error}") from error
    text = decode(data)
    fmt = page_format(text)
    grammar = load_grammar()
    facts = parse_html_page(text, grammar) if fmt == "html" else parse_text_page(text, grammar)
    facts = clean_page(facts, grammar)
    if not facts.structured:
        facts = infer_structure(facts, grammar)
    body = "\n".join(block.text for block in facts.blocks)
    facts = replace(facts, lang=article_language(facts.lang, f"{facts.title}\n{body}", grammar))
    date_from_page = bool(facts.date_text)
    file_date = None if date_from_page or not settings.date_from_mtime else _modified(path, settings)
    article = build_article(facts, rules, settings, file_date=file_date)
    return Conversion(path, fmt, article, output_path(article), render(article), date_from_page)


def _modified(path: Path, settings: Settings) -> datetime:
    """The file's modification time, minute precision, in the configured timezone."""
    stamp = datetime.fromtimestamp(path.stat().st_mtime, tz=settings.timezone)
    return stamp.replace(second=0, microsecond=0)


def output_path(article: Article) -> Path:
    """content/articles/<year>/<slug>.<lang>.md: one file per article and language."""
    folder = f"{article.date:%Y}" if article.date else "undated"
    return Path(folder) / f"{article.slug}.{article.lang}.md"
