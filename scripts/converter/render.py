"""Article to Markdown with a Pelican metadata header.

The body goes through one path whatever the input format: blocks carry sanitised inline
HTML, which `ArticleMarkdown` (a markdownify converter) turns into Markdown. Text is
escaped so that nothing in it can become raw HTML once Pelican renders the Markdown.
"""

from __future__ import annotations

import html
import re

from markdownify import MarkdownConverter

from .model import Article, Block

# Pelican renders Title as HTML and Summary as Markdown: both are escaped. The other keys
# are plain text that the theme escapes when it prints them.
HEADER_KEYS = (
    "Title", "Date", "Author", "Authors", "Source", "Lang", "Tags", "Slug", "Summary",
    "Status", "Original_Title", "Original_URL", "Via", "Via_URL",
)


class ArticleMarkdown(MarkdownConverter):
    """markdownify with ATX headings and HTML-safe text escaping."""

    def __init__(self, **options):
        options.setdefault("heading_style", "ATX")
        options.setdefault("bullets", "-")
        options.setdefault("escape_misc", False)
        super().__init__(**options)

    def escape(self, text, parent_tags):
        """Markdown escaping, plus &, < and > so text can never open an HTML tag."""
        text = super().escape(text, parent_tags)
        return html.escape(text, quote=False)


def render(article: Article) -> str:
    """The whole Markdown file, without the converter's digest line."""
    header = "\n".join(f"{key}: {value}" for key, value in header_fields(article))
    return f"{header}\n\n{render_body(article.blocks)}\n"


def header_fields(article: Article) -> list[tuple[str, str]]:
    values = {
        "Title": html.escape(article.title, quote=False),
        "Date": article.date.isoformat(sep=" ") if article.date else "",
        "Author": article.authors[0] if len(article.authors) == 1 else "",
        "Authors": ", ".join(article.authors) if len(article.authors) > 1 else "",
        "Source": article.source,
        "Lang": article.lang,
        "Tags": ", ".join(article.tags),
        "Slug": article.slug,
        "Summary": html.escape(article.summary, quote=False),
        "Status": article.status,
        "Original_Title": article.original_title,
        "Original_URL": article.original_url,
        "Via": article.via,
        "Via_URL": article.via_url,
    }
    return [(key, _one_line(values[key])) for key in HEADER_KEYS if values[key]]


def render_body(blocks: list[Block]) -> str:
    markup = "".join(_group_html(group) for group in _grouped(blocks))
    markdown = ArticleMarkdown().convert(markup)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def _grouped(blocks: list[Block]) -> list[list[Block]]:
    """Consecutive list items of the same kind of list form one list."""
    groups: list[list[Block]] = []
    for block in blocks:
        previous = groups[-1][-1] if groups else None
        if (block.kind == "list_item" and previous and previous.kind == "list_item"
                and previous.ordered == block.ordered):
            groups[-1].append(block)
        else:
            groups.append([block])
    return groups


def _group_html(group: list[Block]) -> str:
    if group[0].kind != "list_item":
        return _block_html(group[0])
    tag = "ol" if group[0].ordered else "ul"
    items = "".join(f"<li>{block.html}</li>" for block in group)
    return f"<{tag}>{items}</{tag}>"


def _block_html(block: Block) -> str:
    if block.kind == "heading":
        return f"<h{block.level}>{block.html}</h{block.level}>"
    if block.kind == "quote":
        return f"<blockquote><p>{block.html}</p></blockquote>"
    return f"<p>{block.html}</p>"


def _one_line(value: str) -> str:
    return " ".join(value.split())
