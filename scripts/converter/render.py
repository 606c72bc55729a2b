"""Article to Markdown with a Pelican metadata header.

The body goes through one path whatever the input format: blocks carry sanitised inline
HTML, which `ArticleMarkdown` (a markdownify converter) turns into Markdown. Text from a page
reaches Markdown only as text: every character Python-Markdown or its `extra` extensions give
meaning to is escaped (`attr_list` braces, link brackets, table pipes, code backticks, line-start
markers), `&`, `<` and `>` become entities, link destinations are percent-encoded safe URLs, and
link and image titles are dropped. So no page can add a tag, an attribute or a link by its text.
"""

from __future__ import annotations

import html
import re

from bs4 import Tag
from markdownify import MarkdownConverter, chomp

from .model import Article, Block
from .names import author_list
from .sanitize import safe_url, structure_html

# Pelican renders Title as HTML and Summary as Markdown: both are escaped. The other keys
# are plain text that the theme escapes when it prints them.
HEADER_KEYS = (
    "Title", "Date", "Author", "Authors", "Translators", "Source", "Lang", "Tags", "Slug", "Summary",
    "Status", "Original_Title", "Original_URL", "Via", "Via_URL", "Scraped_From", "Captured", "Article_Key",
)


# Backslash-escapable characters (Python-Markdown's ESCAPED_CHARS plus `|` from tables) that
# open inline syntax anywhere in a line; with &, < and > as entities, so text never opens a tag.
_TEXT_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {char: f"\\{char}" for char in "\\`*_{}[]|"}
)
# Markers that only mean something at the start of a line: headings, lists, quotes, rules.
_LINE_START_MARKERS = re.compile(r"^([ \t]*)(#|[:~=]|[-+](?=[-+]*(?:\s|$))|\d{1,9}(?=[.)](?:\s|$)))", re.M)


# "Key: value" or "..." opening a document is read by the `meta` extension: Pelican renders
# Summary as a document of its own, so there their first character becomes an entity. A body's
# blocks come after the header's blank line, where the extension reads nothing: they stay as
# written ("Autor: …" reads as it did on the page).
_METADATA_LIKE = re.compile(r"\A([ ]{0,3})([A-Za-z0-9_-](?=[A-Za-z0-9_-]*:)|\.(?=\.\.)|-(?=--))")


def markdown_text(text: str) -> str:
    """`text` written so that Markdown shows exactly it: no tag, attribute, link or structure."""
    return _LINE_START_MARKERS.sub(_escape_marker, text.translate(_TEXT_ESCAPES).replace("  \n", " \n"))


def document_text(text: str) -> str:
    """markdown_text for text Pelican renders as a document of its own (Summary): no metadata."""
    return _METADATA_LIKE.sub(lambda m: f"{m[1]}&#{ord(m[2])};", markdown_text(text))


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker in ":~=":  # definitions, fences, underlines: not backslash-escapable, so an entity
        return f"{indent}&#{ord(marker)};"
    if marker[0].isdigit():
        return f"{indent}{marker}\\"  # "1." -> "1\." (the dot is what makes the list)
    return f"{indent}\\{marker}"


# Tags Markdown has no syntax for, written as HTML around Markdown text (no attributes).
_WRAPPED = ("sup", "sub", "cite")
_FOOTNOTE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
_CODE_LANGUAGE = re.compile(r"language-([a-z0-9][a-z0-9#+._-]{0,29})")
# What makes a table more than Markdown's rows of inline cells.
_BLOCK_IN_CELL = ("p", "ul", "ol", "li", "br", "table", "pre")
LIST_INDENT = 4  # Python-Markdown nests a list only under four spaces


class ArticleMarkdown(MarkdownConverter):
    """markdownify with ATX headings and text that stays text.

    Its `convert_<tag>` methods are markdownify's extension points: links and images are
    written here from URLs `sanitize.safe_url` already approved, never from raw attributes.
    Code becomes fenced blocks with their exact text; tables Markdown can hold become Markdown
    tables, others stay as HTML rebuilt by `sanitize.structure_html`; a figure is its Markdown
    images and caption inside <figure>/<figcaption>; footnote markers become `[^n]`; sup, sub
    and cite keep their tag around escaped text.
    """

    def __init__(self, **options):
        options.setdefault("heading_style", "ATX")
        options.setdefault("bullets", "-")
        options.setdefault("escape_misc", False)
        options.setdefault("autolinks", False)
        # Whitespace runs collapse to one space in one linear pass. Without `wrap`, markdownify
        # normalises them with a pattern that is quadratic on a long run of spaces.
        options.setdefault("wrap", True)
        options.setdefault("wrap_width", None)
        super().__init__(**options)

    def escape(self, text, parent_tags):
        return markdown_text(text) if text else ""

    def convert_a(self, el, text, parent_tags):
        href = safe_url(el.get("href") or "")
        if "_noformat" in parent_tags or not href or not text.strip():
            return text
        prefix, suffix, text = chomp(text)
        return f"{prefix}[{text}]({href}){suffix}"

    def convert_img(self, el, text, parent_tags):
        alt = markdown_text(" ".join((el.get("alt") or "").split()))
        src = safe_url(el.get("src") or "")
        if not src:
            return alt
        if "_inline" in parent_tags and el.parent.name not in self.options["keep_inline_images_in"]:
            return alt
        return f"![{alt}]({src})"

    def convert_sup(self, el, text, parent_tags):
        number = str(el.get("data-footnote") or "")
        if _FOOTNOTE_NUMBER.fullmatch(number) and "_noformat" not in parent_tags:
            return f"[^{number}]"
        return self._wrapped("sup", text, parent_tags)

    def convert_sub(self, el, text, parent_tags):
        return self._wrapped("sub", text, parent_tags)

    def convert_cite(self, el, text, parent_tags):
        return self._wrapped("cite", text, parent_tags)

    @staticmethod
    def _wrapped(tag: str, text: str, parent_tags) -> str:
        if tag not in _WRAPPED or "_noformat" in parent_tags or not text.strip():
            return text
        prefix, suffix, text = chomp(text)
        return f"{prefix}<{tag}>{text}</{tag}>{suffix}"

    def convert_li(self, el, text, parent_tags):
        """A list item's further lines (a nested list) indented by four: Python-Markdown only
        nests lists indented that far (markdownify indents by the bullet's width)."""
        text = (text or "").strip()
        if not text:
            return "\n"
        if el.parent is not None and el.parent.name == "ol":
            bullet = f"{1 + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        bullet += " "
        first, _, rest = text.partition("\n")
        rest = re.sub(r"^(?=.)", " " * LIST_INDENT, rest, flags=re.M)
        return f"{bullet}{first}\n{rest}\n" if rest else f"{bullet}{first}\n"

    def convert_pre(self, el, text, parent_tags):
        code = el.get_text()
        inner = el.find("code")
        found = _CODE_LANGUAGE.fullmatch(" ".join(inner.get("class") or []) if isinstance(inner, Tag) else "")
        return f"\n\n{fenced(code, found[1] if found else '')}\n\n" if code.strip() else ""

    def convert_table(self, el, text, parent_tags):
        table = self._markdown_table(el)
        return f"\n\n{table or structure_html(str(el))}\n\n"

    def convert_td(self, el, text, parent_tags):
        return " ".join(text.split())

    convert_th = convert_td

    def convert_figure(self, el, text, parent_tags):
        """Images and caption in Markdown, inside the only tags Markdown lacks (`md_in_html`,
        part of `extra`, renders the Markdown inside `markdown="span"` elements)."""
        pictures = (self.convert_img(image, "", set()) for image in el.find_all("img"))
        images = " ".join(picture for picture in pictures if picture)
        caption = el.find("figcaption")
        children = caption.children if isinstance(caption, Tag) else ()
        words = "".join(self.process_element(child, {"_inline", "figcaption"}) for child in children)
        words = " ".join(words.split())
        if not images:
            return f"\n\n{words}\n\n"
        if not words:
            return f"\n\n{images}\n\n"
        return (f'\n\n<figure markdown="span">\n{images}\n'
                f'<figcaption markdown="span">{words}</figcaption>\n</figure>\n\n')

    def _markdown_table(self, el: Tag) -> str:
        """The table as a Markdown table, or '' when Markdown cannot hold it: merged cells, block
        content in a cell, a caption, no header row, or a row wider than the header."""
        rows = el.find_all("tr")
        cells = [row.find_all(["th", "td"], recursive=False) for row in rows]
        merged_or_block = any(
            cell.get("colspan") or cell.get("rowspan") or cell.find(_BLOCK_IN_CELL)
            for row in cells for cell in row
        )
        if not rows or el.find("caption") or merged_or_block:
            return ""
        head, *body = cells
        if not head or not all(cell.name == "th" for cell in head) or el.select("thead tr:nth-of-type(2)"):
            return ""
        if any(len(row) > len(head) for row in body):
            return ""
        lines = [self._table_row(head, len(head)), "| " + " | ".join(["---"] * len(head)) + " |"]
        lines += [self._table_row(row, len(head)) for row in body]
        return "\n".join(lines)

    def _table_row(self, cells: list[Tag], width: int) -> str:
        texts = [self.process_tag(cell, parent_tags=set()) for cell in cells]
        texts += [""] * (width - len(texts))
        return "| " + " | ".join(texts) + " |"


def fenced(code: str, language: str = "") -> str:
    """A fenced code block that shows exactly `code`: its fence is longer than any run of
    backticks inside, so no line of the code can close it; the language is a checked name."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    language = language if _CODE_LANGUAGE.fullmatch(f"language-{language}") else ""
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def render(article: Article) -> str:
    """The whole Markdown file, without the converter's digest line."""
    header = "\n".join(f"{key}: {value}" for key, value in header_fields(article))
    return f"{header}\n\n{render_body(article.blocks)}\n"


def header_fields(article: Article) -> list[tuple[str, str]]:
    values = {
        "Title": html.escape(article.title, quote=False),
        "Date": article.date.isoformat(sep=" ") if article.date else "",
        "Author": article.authors[0] if len(article.authors) == 1 else "",
        "Authors": author_list(article.authors) if len(article.authors) > 1 else "",
        "Translators": ", ".join(article.translators),
        "Source": article.source,
        "Lang": article.lang,
        "Tags": ", ".join(article.tags),
        "Slug": article.slug,
        "Summary": document_text(article.summary),  # Pelican renders Summary as Markdown
        "Status": article.status,
        "Original_Title": article.original_title,
        "Original_URL": article.original_url,
        "Via": article.via,
        "Via_URL": article.via_url,
        "Scraped_From": article.scraped_from,
        "Captured": article.captured.isoformat() if article.captured else "",
        "Article_Key": article.key,
    }
    return [(key, _one_line(values[key])) for key in HEADER_KEYS if values[key]]


def render_body(blocks: list[Block]) -> str:
    """Each block (or list) converted on its own; blank-line runs collapse outside code only."""
    converter = ArticleMarkdown()
    parts = []
    for group in _grouped(blocks):
        if group[0].kind == "footnote":
            parts.append(_footnote(converter, group[0]))
            continue
        markdown = _plain_paragraph(group)
        if markdown is None:
            markdown = converter.convert(_group_html(group)).strip()
        if group[0].kind != "code":
            markdown = re.sub(r"\n{3,}", "\n\n", markdown)
        if markdown:
            parts.append(markdown)
    return "\n\n".join(part for part in parts if part)


# markdownify's whitespace (it leaves other white space, such as U+3000, as text).
_MARKUP_WHITESPACE = re.compile(r"[\t \r\n]+")


def _plain_paragraph(group: list[Block]) -> str | None:
    """A paragraph of text alone (most of them) as markdownify writes it, without parsing its
    HTML: that was a third of the time of writing an article. None for any other block."""
    block = group[0]
    if block.kind != "paragraph" or "<" in block.html:
        return None
    text = _MARKUP_WHITESPACE.sub(" ", html.unescape(block.html))
    return markdown_text(text).strip() if text else ""


def _footnote(converter: ArticleMarkdown, block: Block) -> str:
    """`[^n]: text`: the note's number is the converter's own, its text is escaped Markdown."""
    text = re.sub(r"\n{2,}", "\n", converter.convert(f"<p>{block.html}</p>").strip())
    if not text or block.level < 1:
        return ""
    return f"[^{block.level}]: " + re.sub(r"\n(?=.)", "\n" + " " * LIST_INDENT, text)


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
    if block.kind in ("code", "table", "figure", "definitions"):
        return block.html  # built by htmlstructure from the page's tree, sanitised there
    if block.kind == "heading":
        return f"<h{block.level}>{block.html}</h{block.level}>"
    if block.kind == "quote":
        return f"<blockquote><p>{block.html}</p></blockquote>"
    return f"<p>{block.html}</p>"


def _one_line(value: str) -> str:
    return " ".join(value.split())
