"""One scraped file in, one rendered article out: the stages in order."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from .archive import article_key, opening_key
from .budgets import check_body, check_lines
from .captures import Capture, read_capture
from .grammar import load_grammar
from .metadata import Settings, build_article
from .model import Article, InputError, NotAnArticle
from .store import with_digest
from .topics import TopicRules

ROOT = Path(__file__).resolve().parents[2]
_ROOT_PREFIX = os.path.join(str(ROOT), "")
# What each part of an article's file name may be (see output_path).
_SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SAFE_LANG = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2})?")
_SAFE_FOLDER = re.compile(r"[0-9]{4}|undated")


@dataclass(frozen=True)
class Conversion:
    """A converted input, not yet written: where it goes and what it says.

    Its path and text follow from the article, and are worked out when first asked for: a
    run that finds the file already as written needs neither, and rendering is the dearest
    part of placing an article under another slug."""

    input: Capture
    format: str
    article: Article
    date_from_page: bool = True
    # What the converter had to guess, for the report's reason ("title taken from the lead").
    notes: tuple[str, ...] = ()

    @cached_property
    def relative_path(self) -> Path:
        return output_path(self.article)

    @cached_property
    def markdown(self) -> str:
        from .render import render  # see convert_file

        return render(self.article)

    @cached_property
    def stored(self) -> str:
        """The file as written: the Markdown with its digest line (made once: the batch both
        writes it and remembers its digest)."""
        return with_digest(self.markdown)


def convert_file(path: Path | Capture, rules: TopicRules, settings: Settings,
                 learned: frozenset[str] = frozenset()) -> Conversion:
    """Run every stage on one page (a file, or a record of a capture file: captures/); raise
    InputError with the reason when it is not usable.

    `learned` is chrome the batch found on this page by repetition (repetition.py)."""
    # The stages that parse and render are imported on first use, as slugs.py imports Pelican:
    # with BeautifulSoup they take a fifth of a second, and a run whose pages are all
    # unchanged parses and renders none.
    from .captures.address import place_address
    from .clean import clean_page
    from .decode import decode
    from .detect import article_language, bitget_locale, has_grammar, page_format
    from .htmlpage import parse_html_page
    from .pagekind import not_an_article
    from .structure import infer_structure
    from .textpage import parse_text_page

    capture = path if isinstance(path, Capture) else Capture(path)
    payload = read_capture(capture, settings.max_bytes, settings.max_capture_bytes)
    text = decode(payload.data)
    fmt = page_format(text)
    if fmt == "text":
        check_lines(text, settings.max_lines)
    grammar = load_grammar()
    reason = not_an_article(text, grammar) if fmt == "text" else None
    if reason:
        raise NotAnArticle(reason)
    if fmt == "html":
        facts = parse_html_page(text, grammar, settings.max_blocks, page_url=payload.url)
    else:
        facts = parse_text_page(text, grammar)
    check_body(facts.blocks, settings.max_blocks, settings.max_text)
    place_address(facts, payload.url)
    facts.notes.extend(payload.notes)
    facts = clean_page(facts, grammar, learned)
    if not facts.structured:
        facts = infer_structure(facts, grammar)
    body = "\n".join(block.text for block in facts.blocks)
    declared = facts.lang or bitget_locale(facts.via_url or facts.original_url)
    facts = replace(facts, lang=article_language(declared, f"{facts.title}\n{body}", grammar))
    if not has_grammar(facts.lang):
        facts.notes.append(f"no page grammar for {facts.lang!r}: chrome and tail were cut by their "
                           "layout only")
    date_from_page = bool(facts.date_text)
    captured = payload.captured or captured_at(capture.path)
    file_date = None if date_from_page or not settings.date_from_mtime else _saved(captured, settings)
    article = build_article(facts, rules, settings, file_date=file_date)
    article = replace(article, scraped_from=capture.label, key=article_key(article),
                      opening=opening_key(article) or "", captured=captured)
    conversion = Conversion(capture, fmt, article, date_from_page, tuple(facts.notes))
    conversion.relative_path  # checked here, where an unsafe name fails its input  # noqa: B018
    conversion.markdown  # rendered here: in a worker process, that is in parallel  # noqa: B018
    return conversion


def with_slug(conversion: Conversion, slug: str) -> Conversion:
    """The same conversion published under another slug (its own was taken)."""
    article = replace(conversion.article, slug=slug)
    return replace(conversion, article=article)


def with_captured(conversion: Conversion, captured: datetime) -> Conversion:
    """The same conversion with the capture time an earlier run recorded for its article."""
    return replace(conversion, article=replace(conversion.article, captured=captured))


def with_own_key(conversion: Conversion, key: str, note: str) -> Conversion:
    """The conversion as an article of its own (it only looked like another page's article):
    another key, no opening for other copies to be found by, and the reason why."""
    article = replace(conversion.article, key=key, opening="")
    return replace(conversion, article=article, notes=(*conversion.notes, note))


def with_facts_of(conversion: Conversion, other: Conversion) -> Conversion:
    """The conversion with the facts it lacks taken from another copy of the same article.

    Only what the page says about the article (date, source, authors, translators); an
    aggregator's `Via` never moves onto the publisher's own page."""
    article, donor = conversion.article, other.article
    filled = replace(
        article,
        date=article.date or donor.date,
        status=article.status if article.date or not donor.date else "",
        source=article.source or donor.source,
        authors=article.authors or donor.authors,
        translators=article.translators or donor.translators,
    )
    if filled == article:
        return conversion
    lent_date = conversion.date_from_page or other.date_from_page
    return replace(conversion, article=filled, date_from_page=lent_date)


def input_label(path: Path) -> str:
    """How an article names its page: relative to the project when inside it, so it survives a
    move. Absolute without resolving links: the label names the page, not what a link points at."""
    absolute = os.path.abspath(path)  # as strings: a run labels every input, and Path is slow
    inside = absolute.startswith(_ROOT_PREFIX)
    return absolute[len(_ROOT_PREFIX):] if inside else "." if absolute == str(ROOT) else absolute


def captured_at(path: Path) -> datetime | None:
    """When the page was saved, as far as its file tells: its modification time, in UTC, to the
    second (a page file is the saved page; no page text can set it). None when it cannot be read."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0)
    except (OSError, OverflowError, ValueError):
        return None


def _saved(captured: datetime | None, settings: Settings) -> datetime | None:
    """When the page was saved (its capture's time, else its file's modification time), minute
    precision, in the configured timezone: the date of a page that shows none."""
    if captured is None:
        return None
    return captured.astimezone(settings.timezone).replace(second=0, microsecond=0)


def output_path(article: Article) -> Path:
    """content/articles/<year>/<slug>.<lang>.md: one file per article and language.

    Every part comes from a closed set (a four-digit year, a `[a-z0-9-]` slug, a known language
    code), whatever the page said: an article can only be written where articles go."""
    # The year as a number: formatting it (%Y) asks a dateutil tzlocal for its DST rule, which
    # took longer than all the rest of placing an unchanged article.
    folder = str(article.date.year) if article.date else "undated"
    if not (_SAFE_SLUG.fullmatch(article.slug) and _SAFE_LANG.fullmatch(article.lang)
            and _SAFE_FOLDER.fullmatch(folder)):
        raise UnsafePath(f"no safe file name for slug {article.slug!r}, language {article.lang!r}")
    return Path(f"{folder}/{article.slug}.{article.lang}.md")


class UnsafePath(InputError):
    """An article whose slug, language or year would not make a plain file name in its folder
    (a bug upstream, or a remembered conversion from before the checks): that input fails."""
