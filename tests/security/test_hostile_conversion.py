"""Hostile pages through the converter: every input reported, and nothing in the Markdown that
Markdown or Pelican would turn into markup, script links, attributes or file references."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from converter.sanitize import structure_html

from tests.security.findings import LEDGER, Finding, fail_if
from tests.security.hostile_captures import EARLIEST
from tests.security.sitecheck import url_problem

# Pelican metadata that would move, re-template or re-address an article if a page could set it.
_DANGEROUS_KEYS = {"save_as", "url", "template", "lang_save_as", "lang_url", "private", "path"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):\s?(?P<value>.*)$")
_CODE = re.compile(r"^( {4}|\t).*$|```.*?```|`[^`\n]*`", re.M | re.S)
# Unescaped Markdown syntax ("\[" is text, "[" opens a link).
_INLINE_LINK = re.compile(r"(?<!\\)\]\(\s*<?(?P<target>[^)>\s]*)")
_REFERENCE = re.compile(r"^ {0,3}(?<!\\)\[[^\]\n]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)", re.M)
_AUTOLINK = re.compile(r"(?<!\\)<(?P<target>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
_ATTRIBUTE_LIST = re.compile(r"(?<!\\)\{[^}\n]*\bon[a-z]+\s*=", re.I)
_RAW_TAG = re.compile(
    r"(?<!\\)<\s*/?\s*(?:script|img|svg|iframe|math|form|a|div|style|button|object|embed|link|meta|base|"
    r"input|textarea|video|audio|details|marquee|body|html|table|mglyph|mtext|span|p|template)\b", re.I)
_TABLE_LINE = re.compile(r"^<table\b.*</table>$", re.M)
_PELICAN_LINK = re.compile(
    r"(?:(?<!\\)\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:\s*<?|=\s*[\"']?)(?P<target>[{|][a-z_]*[}|][^)\s\"'>]*)",
    re.I | re.M)


def _split(path: Path) -> tuple[list[str], str]:
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    return header.split("\n"), body


def _markdown_findings(build, check) -> list[Finding]:
    found = []
    for path, page in build.articles().items():
        header, body = _split(path)
        for where, problem in check(header, _without_sanitised_tables(_CODE.sub("", body))):
            found.append(Finding(page.label, where, problem))
    return found


def _without_sanitised_tables(body: str) -> str:
    """The body without the tables Markdown cannot hold (merged cells), which the converter writes
    as one line of HTML on purpose: a line the converter's table sanitiser leaves exactly as it
    is holds page text only as escaped text. Any other raw table stays, for the checks to find."""
    return _TABLE_LINE.sub(lambda match: "" if structure_html(match[0]) == match[0] else match[0], body)


def _header_value(header: list[str], key: str) -> str:
    return next((line.partition(":")[2].strip() for line in header if line.startswith(f"{key}:")), "")


def test_report_has_one_entry_per_input(hostile_conversion):
    reported = sorted(Path(entry["input"]).name for entry in hostile_conversion.report)
    written = sorted(page.filename for page in hostile_conversion.pages)
    assert reported == written, hostile_conversion.converter.stderr[-2000:]
    assert hostile_conversion.converter.returncode in (0, 1), hostile_conversion.converter.stderr[-2000:]


def test_pages_with_an_ordinary_date_are_converted(hostile_conversion):
    found = [
        Finding(hostile_conversion.page_of_input(entry["input"]).label, entry["status"], entry["reason"])
        for entry in hostile_conversion.report
        if not hostile_conversion.page_of_input(entry["input"]).date_attack
        and not hostile_conversion.page_of_input(entry["input"]).carrier and entry["status"] != "converted"
    ]
    found = LEDGER.record("converter: pages with an ordinary date not converted", found)
    fail_if(found, "pages with an ordinary date not converted")


def test_pages_in_capture_files_are_converted_like_page_files(hostile_conversion):
    """Every payload in every capture format (its page, and the capture's address, time and
    charset): each record, line or file holding a hostile page is converted, or is a duplicate of
    the article another format of its group made of the same page. A WARC, its gzipped copy, the
    WACZ holding it and a JSON Lines line of one page are one article, and so are an MHTML file
    and a SingleFile page; a format that read the page otherwise would make an article of its own."""
    build = hostile_conversion
    made = {entry["output"]: build.page_of_input(entry["input"]).number
            for entry in build.report if entry["status"] == "converted"}
    found = []
    for entry in build.report:
        page = build.page_of_input(entry["input"])
        if not page.carrier or entry["status"] == "converted":
            continue
        if entry["status"] != "duplicate" or made.get(entry["output"]) != page.number:
            found.append(Finding(page.label, f"{page.carrier}: {entry['status']}", entry["reason"][:160]))
    carried = {page.number: page for page in build.pages if page.carrier}
    found += [Finding(page.label, "article", f"no article of page {number} from any capture format")
              for number, page in carried.items() if number not in made.values()]
    found = LEDGER.record("converter: pages in capture files not converted", found)
    fail_if(found, "pages in capture files not converted as their page")


def test_converted_articles_stay_in_the_articles_folder(hostile_conversion):
    articles = (hostile_conversion.content / "articles").resolve()
    found = [Finding(page.label, "report output", str(path))
             for path, page in hostile_conversion.articles().items()
             if not path.resolve().is_relative_to(articles) or not path.is_file()]
    found = LEDGER.record("converter: articles written elsewhere", found)
    fail_if(found, "articles written outside content/articles")


def test_metadata_header_cannot_be_injected(hostile_conversion):
    """One `Key: value` line per key; no key that moves or re-templates the article."""

    def check(header, body):
        keys = []
        for line in header:
            match = _HEADER_LINE.match(line)
            if not match:
                yield "header", f"not a metadata line: {line[:80]!r}"
                continue
            key = match["key"].lower()
            if key in _DANGEROUS_KEYS or key in keys:
                yield "header", f"{match['key']}: {match['value'][:60]!r}"
            keys.append(key)
        status = _header_value(header, "Status")
        if status not in ("", "draft"):
            yield "header", f"Status: {status!r}"

    found = LEDGER.record("markdown: metadata injection", _markdown_findings(hostile_conversion, check))
    fail_if(found, "metadata header lines a page set")


def test_metadata_urls_are_web_urls(hostile_conversion):
    """Original_URL and Via_URL become the article header's links."""

    def check(header, body):
        for key in ("Original_URL", "Via_URL"):
            value = _header_value(header, key)
            problem = url_problem(value) if value else None
            if value and (problem or not value.lower().startswith(("http://", "https://"))):
                yield key, problem or f"not an http(s) URL {value[:60]!r}"

    found = LEDGER.record("markdown: header URLs", _markdown_findings(hostile_conversion, check))
    fail_if(found, "Original_URL / Via_URL that are not http(s) URLs")


def test_report_urls_are_web_urls_and_capture_times_are_times(hostile_conversion):
    """The report's address facts (a capture's address is the attacker's) and the article's
    Captured header: http(s) URLs or nothing, and a time between the web's start and the run."""
    found = []
    for entry in hostile_conversion.report:
        label = hostile_conversion.page_of_input(entry["input"]).label
        for key in ("original_url", "via_url"):
            value = entry.get(key) or ""
            if value and (url_problem(value) or not value.lower().startswith(("http://", "https://"))):
                found.append(Finding(label, f"report {key}", value[:80]))
    now = datetime.now(UTC) + timedelta(days=1)
    for path, page in hostile_conversion.articles().items():
        header, _ = _split(path)
        value = _header_value(header, "Captured")
        try:
            when = datetime.fromisoformat(value) if value else None
        except ValueError:
            when = None
        if value and (when is None or when.tzinfo is None or not EARLIEST <= when <= now):
            found.append(Finding(page.label, "Captured", value[:80]))
    found = LEDGER.record("report: address facts and capture times", found)
    fail_if(found, "report URLs that are not http(s), or Captured values that are no time")


def test_markdown_has_no_attribute_lists(hostile_conversion):
    """`{onerror=...}`, `{: onclick=...}`: attr_list (Markdown Extra) would make them attributes."""

    def check(header, body):
        for where, text in (("body", body), ("summary", _header_value(header, "Summary"))):
            for match in _ATTRIBUTE_LIST.finditer(text):
                yield where, f"attribute list {text[match.start():match.start() + 60]!r}"

    found = LEDGER.record("markdown: attribute lists", _markdown_findings(hostile_conversion, check))
    fail_if(found, "Markdown attribute lists with event handlers")


def test_markdown_links_are_web_or_site_links(hostile_conversion):
    """`[x](javascript:...)`, `[r]: javascript:...`, `<javascript:...>`: links Markdown would make."""

    def check(header, body):
        for where, text in (("body", body), ("summary", _header_value(header, "Summary"))):
            for pattern, kind in ((_INLINE_LINK, "link"), (_REFERENCE, "reference"), (_AUTOLINK, "autolink")):
                for match in pattern.finditer(text):
                    target = match["target"]
                    problem = url_problem(target)
                    if problem and not (kind == "autolink" and target.lower().startswith("mailto:")):
                        yield where, f"{kind} {problem}"

    found = LEDGER.record("markdown: script links", _markdown_findings(hostile_conversion, check))
    fail_if(found, "Markdown links to script URLs")


def test_markdown_has_no_raw_html(hostile_conversion):
    """Page text is escaped: `<img ...>` in the Markdown would pass through as HTML."""

    def check(header, body):
        fields = (("body", body), ("title", _header_value(header, "Title")),
                  ("summary", _header_value(header, "Summary")))
        for where, text in fields:
            for match in _RAW_TAG.finditer(text):
                yield where, f"raw tag {text[match.start():match.start() + 50]!r}"

    found = LEDGER.record("markdown: raw HTML", _markdown_findings(hostile_conversion, check))
    fail_if(found, "raw HTML tags in the Markdown")


def test_markdown_has_no_pelican_link_syntax(hostile_conversion):
    """`{static}`, `{filename}`, `{attach}`, `|static|` in a link: Pelican would read or copy files."""

    def check(header, body):
        for where, text in (("body", body), ("summary", _header_value(header, "Summary"))):
            for match in _PELICAN_LINK.finditer(text):
                yield where, f"Pelican link {match['target'][:60]!r}"

    found = LEDGER.record("markdown: Pelican link syntax", _markdown_findings(hostile_conversion, check))
    fail_if(found, "Pelican link syntax in Markdown links")
