"""Pages that are too big in one way each: the per-page budgets' hostile inputs (issue 22).

Each shape writes a real page (the CryptoSlate article or the Bitget text dump of
tests/fixtures/pages/) with one part of it blown up to `n` of something: authors in the JSON-LD,
in the visible byline or on the "By:" line, topic keywords, title characters, paragraphs, list
items, table cells, spans, links, images, headings, nested lists, lines of a dump. The rest of
the page stays as it was, so what the converter makes of it is about that one part.

`Shape.hostile` is the size issue 22 reported (or the largest that fits under --max-size and
the HTML tag cap as it was, 100,000), `Shape.allowed` the largest a page may have under the
default budgets and still convert. Used by tests/security/test_budgets.py and scripts/budgets.py (timings).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "fixtures" / "pages"
GENIUS_FILE = PAGES / "cryptoslate-en-genius-act-stablecoins.html"
GOLD_FILE = PAGES / "bitget-en-coinspeaker-gold-record-bitcoin-lags.txt"
_BOX_OPEN, _BOX_CLOSE = '<div class="post-box clearfix">', "</div><!-- .post-box -->"
_LD = re.compile(r'(<script type="application/ld\+json"[^>]*>)(.*?)(</script>)', re.S)
_BYLINE = re.compile(r'<div class="author-text">.*?</div>', re.S)
PEAK_MB = 300  # issue 22: a conversion of any page stays under 300 MB
PAGE_SECONDS = 2  # and takes at most about 2 s (scripts/budgets.py prints the times)
SENTENCE = ("Issuers argued that funds without staking leave investors short of the yield native "
            "holders earn.")
SHORT = "Gold rose as the dollar fell."


@cache
def genius() -> str:
    return GENIUS_FILE.read_text(encoding="utf-8")


@cache
def gold() -> str:
    return GOLD_FILE.read_text(encoding="utf-8")


def genius_with_body(body: str) -> str:
    """The CryptoSlate page with its article body (the inside of .post-box) replaced; its first
    paragraph stays, so the page still has a lead whatever the body is made of."""
    page = genius()
    inner = page.split(_BOX_OPEN, 1)[1].split(_BOX_CLOSE, 1)[0]
    lead = inner[:inner.index("</p>") + 4]
    return page.replace(inner, f"\n{lead}\n{body}\n", 1)


def genius_with_ld(edit: Callable[[dict], None]) -> str:
    """The CryptoSlate page with its JSON-LD NewsArticle changed by `edit`, written as Yoast does."""
    def replaced(match: re.Match) -> str:
        data = json.loads(match[2])
        edit(data["@graph"][0])
        return match[1] + json.dumps(data, ensure_ascii=False).replace("/", "\\/") + match[3]

    page, count = _LD.subn(replaced, genius(), count=1)
    assert count == 1
    return page


def gold_with_lines(lines: list[str]) -> str:
    """The Bitget text dump with `lines` in the middle of its article body."""
    all_lines = gold().split("\n")
    at = all_lines.index("Central banks keep buying")
    return "\n".join(all_lines[:at] + lines + all_lines[at:])


def names(n: int) -> list[str]:
    """n distinct people's names (two words each, as bylines write them)."""
    return [f"Elena Kovac{i:05d}" for i in range(n)]


# --- authors ------------------------------------------------------------------------------------

def ld_authors(n: int) -> str:
    """The JSON-LD names n authors (Yoast writes one object per author)."""
    return genius_with_ld(lambda article: article.update(author=[{"name": name} for name in names(n)]))


def byline_authors(n: int) -> str:
    """No author in the JSON-LD, n author links in the visible byline."""
    page = genius_with_ld(lambda article: article.pop("author"))
    links = " <span class=\"and\">&amp;</span> ".join(
        f'<a href="https://cryptoslate.com/author/{name.lower().replace(" ", "-")}/" rel="author" '
        f'class="author-name">{name}</a>' for name in names(n))
    byline = f'<div class="author-text"><span class="by">by</span> {links}</div>'
    page, count = _BYLINE.subn(lambda _: byline, page, count=1)
    assert count == 1
    return page


def dump_authors(n: int) -> str:
    """The text dump's "By:" line names n authors."""
    return gold().replace("By:Sofia Lindqvist", "By:" + ", ".join(names(n)), 1)


# --- tags and titles ----------------------------------------------------------------------------

@cache
def topic_keywords() -> list[str]:
    """The first Latin-script keyword of each topic of topics.toml."""
    with (ROOT / "topics.toml").open("rb") as handle:
        topics = tomllib.load(handle)["tags"]
    return [next(k for k in spec["keywords"] if k.isascii() and not k.startswith("re:"))
            for spec in topics.values()]


def all_topics(n: int) -> str:
    """Paragraphs naming n topics, each four times (enough for its tag beyond the lead, where a
    topic needs two mentions more): n is at most the number of topics (53 in topics.toml)."""
    words = topic_keywords()[:n]
    body = "".join(f"<p>Analysts compared {word} with the market; {word} held up, {word} led and {word} "
                   "closed higher.</p>\n" for word in words)
    return genius_with_body(body)


def _title(n: int) -> str:
    words = "Senate passes GENIUS Act as stablecoin issuers brace for federal oversight "
    return (words * (n // len(words) + 1))[:n].strip()


def html_title(n: int) -> str:
    """A headline of n characters, in the JSON-LD, og:title, <title> and <h1>."""
    old = "Senate passes GENIUS Act as stablecoin issuers brace for federal oversight"
    return genius().replace(old, _title(n))


def dump_title(n: int) -> str:
    """A text dump whose title line (printed twice, as Bitget does) is n characters."""
    old = "Gold breaks $4,600 as Bitcoin stalls: Is the debasement trade leaving crypto behind?"
    lines = gold().split("\n")
    return "\n".join(_title(n) if line == old else line for line in lines)


# --- body blocks in saved HTML ----------------------------------------------------------------

def html_paragraphs(n: int) -> str:
    return genius_with_body("\n".join(f"<p>{i} {SHORT}</p>" for i in range(n)))


def html_list_items(n: int) -> str:
    return genius_with_body("<ul>\n" + "\n".join(f"<li>{i} {SHORT}</li>" for i in range(n)) + "\n</ul>")


def html_headings(n: int) -> str:
    return genius_with_body("\n".join(f"<h2>Part {i}</h2>" for i in range(n)))


def html_images(n: int) -> str:
    """n images, each a block of its own: shortest markup a page may use (no alt)."""
    return genius_with_body("".join(f'<img src="/i/{i}.png">' for i in range(n)))


def html_table_cells(n: int) -> str:
    """One table of n cells, ten to a row."""
    rows = ["<tr>" + "".join(f"<td>{i + j}</td>" for j in range(min(10, n - i))) + "</tr>"
            for i in range(0, n, 10)]
    return genius_with_body("<table>" + "".join(rows) + "</table>")


def html_spans(n: int) -> str:
    """One paragraph of n spans."""
    return genius_with_body("<p>" + "".join(f"<span>w{i} </span>" for i in range(n)) + "</p>")


def html_links(n: int) -> str:
    """One paragraph of n links."""
    return genius_with_body("<p>" + "".join(f'<a href="/a/{i}">w{i}</a> ' for i in range(n)) + "</p>")


def html_attributes(n: int) -> str:
    """One paragraph of n spans with 30 attributes each (as many as 5 MB holds at the budget)."""
    attributes = " ".join(f'data-k{j}="v{j}"' for j in range(30))
    return genius_with_body("<p>" + "".join(f"<span {attributes}>w{i} </span>" for i in range(n)) + "</p>")


def html_embeds(n: int) -> str:
    """n video players around the article: each is read (to become a link) before the body is
    found."""
    players = "".join(f'<iframe src="https://www.youtube.com/embed/Qm4Lk{i:06d}"></iframe>' for i in range(n))
    return genius().replace('<footer id="colophon"', players + '<footer id="colophon"', 1)


def html_chrome_and_links(n: int) -> str:
    """A body of 7,990 links (at the budget of elements) and n category links above the title:
    the page's other tags, which the converter reads (for the byline) before it finds the body."""
    categories = "".join(f'<a href="https://cryptoslate.com/c{i}/" rel="category tag">C{i}</a> '
                         for i in range(n))
    opening = '<div class="post-categories">'
    return html_links(7_990).replace(opening, opening + categories, 1)


def html_nested_lists(n: int) -> str:
    """A list of n items, each with a list of one item inside."""
    items = "".join(f"<li>{i} item<ul><li>{i} inner</li></ul></li>" for i in range(n))
    return genius_with_body(f"<ul>{items}</ul>")


# --- text dumps ----------------------------------------------------------------------------------

def dump_list_items(n: int) -> str:
    """n list items, one a line, no blank lines (4.9 MB at 500,000, as issue 22 found)."""
    return gold_with_lines([f"- L{i % 1000}" for i in range(n)])


def dump_paragraphs(n: int) -> str:
    """n paragraphs, each a finished sentence, blank lines between."""
    return gold_with_lines([line for i in range(n) for line in (f"{i} {SHORT}", "")])


def dump_short_lines(n: int) -> str:
    """n short unfinished lines in a row (heading candidates): a run no heading stands in."""
    return gold_with_lines([f"Reserve {i % 1000}" for i in range(n)])


def dump_continued_lines(n: int) -> str:
    """n lines of about 250 characters, each opening in lowercase: one paragraph the dump cut
    where links were, which the converter joins back."""
    tail = "the dollar fell and yields rose while " * 6
    return gold_with_lines([f"and {i} {tail}then" for i in range(n)])


def html_bare_lines(n: int) -> str:
    """n lines of text in the article body, with no element around any."""
    return genius_with_body("\n".join(f"Line {i}: {SHORT}" for i in range(n)))


def dump_long_lines(n: int) -> str:
    """n paragraphs of 10,000 characters (the longest a block may be), blank lines between."""
    paragraph = (SENTENCE + " ") * (10_000 // (len(SENTENCE) + 1))
    return gold_with_lines([line for i in range(n) for line in (f"{i} {paragraph.strip()}", "")])


@dataclass(frozen=True)
class Shape:
    """One way a page is too big: how to write it, which budget meets it, and two sizes: the
    one issue 22 found (or the largest --max-size lets through) and the largest allowed."""

    name: str
    write: Callable[[int], str]
    budget: str  # authors, tags, title, blocks, elements, lines, text, page-tags
    hostile: int
    allowed: int
    suffix: str = ".html"

    def page(self, n: int) -> str:
        """The page with `n` of its thing, its title and lead marked with the shape's name: the
        pages of all shapes are distinct articles, converted and built together."""
        page = self.write(n)
        for words, at in _MARKED:
            page = page.replace(words, f"{words[:at]}({self.name}) {words[at:]}")
        return page


# Words of the two pages' titles and leads, and where the shape's name goes into them.
_MARKED = (("Senate passes GENIUS Act as", 25), ("The US Senate on Tuesday passed", 25),
           ("Gold breaks $4,600 as", 19), ("Gold extended its record-setting run", 14))


SHAPES = (
    Shape("ld-authors", ld_authors, "authors", 90_000, 20),
    Shape("byline-authors", byline_authors, "authors", 12_000, 20),  # 4 tags each: the tag cap
    Shape("dump-authors", dump_authors, "authors", 50, 20, ".txt"),  # a "By:" line: 1,000 characters
    Shape("all-topics", all_topics, "tags", 51, 14),  # the page earns one tag of its own
    Shape("html-title", html_title, "title", 600_000, 200),
    Shape("dump-title", dump_title, "title", 2_000_000, 200, ".txt"),
    # The lead paragraph of the CryptoSlate page is a block too, and the Bitget dump's own lines
    # (chrome, header, body and tail) are 45 blocks: `allowed` is the budget less those.
    Shape("html-paragraphs", html_paragraphs, "blocks", 49_000, 1_999),
    Shape("html-list-items", html_list_items, "blocks", 49_000, 1_999),
    Shape("html-headings", html_headings, "blocks", 49_000, 1_999),
    Shape("html-images", html_images, "blocks", 99_000, 1_999),
    Shape("html-nested-lists", html_nested_lists, "blocks", 12_000, 999),  # two list items each
    Shape("html-bare-lines", html_bare_lines, "blocks", 100_000, 1_999),
    # The body's elements of any kind, and their attributes: at most 4 a block of the budget
    # (8,000), less the body's own.
    Shape("html-table-cells", html_table_cells, "elements", 44_000, 7_269),  # and a row each 10
    Shape("html-spans", html_spans, "elements", 49_000, 7_996),
    Shape("html-links", html_links, "elements", 49_000, 7_996),
    Shape("html-attributes", html_attributes, "elements", 5_000, 266),
    Shape("html-embeds", html_embeds, "blocks", 24_000, 2_000),  # anywhere in the page
    # The page's tags (htmlpage.MAX_TAGS, 50,000): what is read outside the body, beside a body at
    # its budget; the hostile size is under the cap before issue 22 (100,000).
    Shape("html-chrome-and-links", html_chrome_and_links, "page-tags", 40_000, 16_672),
    Shape("dump-list-items", dump_list_items, "lines", 500_000, 1_955, ".txt"),
    Shape("dump-paragraphs", dump_paragraphs, "lines", 100_000, 1_955, ".txt"),
    Shape("dump-short-lines", dump_short_lines, "lines", 10_000, 1_955, ".txt"),
    Shape("dump-continued-lines", dump_continued_lines, "blocks", 4_000, 1_955, ".txt"),
    Shape("dump-long-lines", dump_long_lines, "text", 500, 49, ".txt"),
)
SHAPE = {shape.name: shape for shape in SHAPES}


# The converter started by a small process that reports its peak memory and CPU time: Linux
# counts what a process had before exec in its peak, so one forked from pytest (hundreds of MB)
# would seem to use them all.
_MEASURED = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)
"""


@dataclass(frozen=True)
class Measured:
    """A command's exit status, peak resident memory, CPU seconds and what it printed on stderr."""

    code: int
    peak_mb: float
    cpu_seconds: float
    stderr: str


def measured_run(command: list[str], timeout: float = 600) -> Measured:
    """Run `command` (the converter's CLI) from the repository in a process of its own, measured."""
    done = subprocess.run([sys.executable, "-c", _MEASURED, *command], cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=timeout)
    peak_kb, code, cpu = done.stdout.split()
    return Measured(int(code), int(peak_kb) / 1024, float(cpu), done.stderr)
