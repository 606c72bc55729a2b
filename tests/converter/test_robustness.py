"""One bad page costs one entry, never a crash: the converter on broken and hostile input.

`pipeline.convert_file` either returns a Conversion or raises InputError with a reason the
user can act on (it becomes one failed entry of the batch report). Any other exception is a
converter bug: it would stop a whole batch run.

Two kinds of tests:

* nasty files (`NASTY`): one hand-made input per known way pages go wrong, built on the real
  fixture pages. Each must keep the contract; where a reader would still see an article (deep
  markup around it, a huge but valid page, junk in its metadata), it must convert and keep
  the article's text. A case with an `open_bug` note crashes or hangs today in a module owned
  elsewhere: it runs, and fails, until that module is fixed (then the note goes).
* properties (hypothesis): random bytes and encodings through `decode`, random HTML and random
  text dumps made of the page grammar's own lines through `convert_file`.

Times are recorded and the slowest conversions printed at the end. The only time limit is a
hang guard (HANG_GUARD_SECONDS of CPU per page), not a speed target.
"""

from __future__ import annotations

import codecs
import html
import json
import os
import re
import signal
import threading
import time
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from converter.decode import decode
from converter.grammar import GRAMMAR_DIR
from converter.metadata import Settings
from converter.model import InputError
from converter.pipeline import Conversion, convert_file
from converter.topics import load_rules
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from tests.conftest import PAGES

RULES = load_rules()
SETTINGS = Settings(timezone=ZoneInfo("UTC"))

# A hang guard, NOT a speed target: a page still converting after this long is stuck (or as
# good as stuck for a batch run). It is generous on purpose, and counts the process's CPU time,
# not the clock's, so that a busy CI machine does not trip it.
HANG_GUARD_SECONDS = 10.0

# (CPU seconds, wall seconds, case id, outcome) of every nasty file converted; printed at the end.
TIMINGS: list[tuple[float, float, str, str]] = []
PASSED: set[str] = set()

# Fixed and reproducible: the same examples on every machine, no example database on disk.
# Shrinking a failure can take minutes on the slower inputs, so CI reports the failing example
# as generated; ROBUSTNESS_SHRINK=1 turns shrinking on when hunting a failure down locally.
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get("ROBUSTNESS_SHRINK") else [])
PROPERTY = settings(
    max_examples=200, deadline=None, derandomize=True, database=None, phases=PHASES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- The fixture pages the nasty files are built on ---------------------------------------

GENIUS = (PAGES / "cryptoslate-en-genius-act-stablecoins.html").read_text(encoding="utf-8")
GENIUS_TITLE = "Senate passes GENIUS Act as stablecoin issuers brace for federal oversight"
# Sentences of its body, as they read in the Markdown (plain paragraphs: no link markup).
GENIUS_TEXT = (
    "Circle, which issues USDC, welcomed the vote.",
    "The bill’s provisions would take effect 18 months after enactment",
)
_BOX_OPEN, _BOX_CLOSE = '<div class="post-box clearfix">', "</div><!-- .post-box -->"
GENIUS_BODY = GENIUS.split(_BOX_OPEN, 1)[1].split(_BOX_CLOSE, 1)[0]
_LD = re.compile(r'(<script type="application/ld\+json"[^>]*>)(.*?)(</script>)', re.S)

GOLD = (PAGES / "bitget-en-coinspeaker-gold-record-bitcoin-lags.txt").read_text(encoding="utf-8")
GOLD_TEXT = (
    "Gold extended its record-setting run on Wednesday",
    "Whether that catch-up materializes may depend on the Fed.",
)
_GOLD_LINES = GOLD.split("\n")
_GOLD_BODY_AT = _GOLD_LINES.index("Central banks keep buying")


def genius_with_body(body: str) -> str:
    """The CryptoSlate page with its article body (the inside of .post-box) replaced."""
    return GENIUS.replace(GENIUS_BODY, body, 1)


def genius_with_ld(replace_article: bool = False, **fields) -> str:
    """The CryptoSlate page with fields of its JSON-LD NewsArticle set to `fields` (None is null).

    With `replace_article`, `fields` are the whole JSON-LD object instead.
    """
    def edit(match: re.Match) -> str:
        data = json.loads(match[2])
        if replace_article:
            data = fields
        else:
            data["@graph"][0].update(fields)
        # ensure_ascii: a lone surrogate is written as the JSON escape "\ud800", as a page would.
        return match[1] + json.dumps(data, ensure_ascii=True) + match[3]

    page, count = _LD.subn(edit, GENIUS, count=1)
    assert count == 1
    return page


def gold_with_lines(lines: list[str]) -> str:
    """The Bitget text dump with `lines` inserted in the middle of its article body."""
    return "\n".join(_GOLD_LINES[:_GOLD_BODY_AT] + lines + _GOLD_LINES[_GOLD_BODY_AT:])


def minimal_html(body: str, title: str = "A page", head: str = "", lang: str = "en") -> str:
    return f'<html lang="{lang}"><head><title>{title}</title>{head}</head><body>{body}</body></html>'


def utf16(text: str, bom: bool, big_endian: bool = False) -> bytes:
    data = text.encode("utf-16-be" if big_endian else "utf-16-le")
    mark = codecs.BOM_UTF16_BE if big_endian else codecs.BOM_UTF16_LE
    return (mark if bom else b"") + data


def _inject(data: bytes, at: int, junk: bytes) -> bytes:
    return data[:at] + junk + data[at:]


# --- The nasty files --------------------------------------------------------------------------

@dataclass(frozen=True)
class Nasty:
    """One input and what a reader would expect the converter to make of it."""

    data: str | bytes
    # "article": it must convert, and show `text`; "error": it must be an InputError matching
    # `reason`; "either": any outcome within the contract.
    expect: str = "either"
    text: tuple[str, ...] = ()
    reason: str = ""
    # A crash or hang found in a module owned elsewhere: the case fails until that is fixed.
    open_bug: str = ""

    def payload(self) -> bytes:
        return self.data if isinstance(self.data, bytes) else self.data.encode("utf-8")


ARTICLE = {"expect": "article", "text": GENIUS_TEXT}
DUMP_ARTICLE = {"expect": "article", "text": GOLD_TEXT}
_DEEP = 20_000
_MB = 1_000_000
_STORM = 5_000


def _nested_lists(depth: int, inner: str = '"Elena Kovac"') -> str:
    return "[" * depth + inner + "]" * depth


NASTY: dict[str, Nasty] = {
    # The skeletons themselves, so that a failure below is about the damage, not the page.
    "baseline-html-page": Nasty(GENIUS, **ARTICLE),
    "baseline-text-dump": Nasty(GOLD, **DUMP_ARTICLE),
    # Bytes that do not decode.
    "utf8-bom-then-invalid-byte": Nasty(
        codecs.BOM_UTF8 + _inject(GOLD.encode(), 200, b"\xff"), expect="error", reason="not valid UTF-8"),
    "utf16-odd-length-with-bom": Nasty(utf16(GOLD, bom=True) + b"x", expect="error", reason="odd length"),
    "utf16-odd-length-without-bom": Nasty(utf16(GOLD, bom=False) + b"x", expect="error", reason="odd length"),
    "utf16be-odd-length-without-bom": Nasty(
        utf16(GOLD, bom=False, big_endian=True)[:-1], expect="error", reason="odd length"),
    "utf16-lone-surrogate-with-bom": Nasty(
        _inject(utf16(GOLD, bom=True), 202, b"\x3d\xd8"), expect="error", reason="unpaired surrogate"),
    "utf16-lone-surrogate-without-bom": Nasty(
        _inject(utf16(GOLD, bom=False), 200, b"\x3d\xd8"), expect="error", reason="unpaired surrogate"),
    "utf16-lone-low-surrogate-at-end": Nasty(
        utf16(GOLD, bom=True) + b"\x00\xdc", expect="error", reason="unpaired surrogate"),
    "nul-bytes-in-text": Nasty(GOLD.replace("Bitcoin", "Bit\x00coin")),
    "only-whitespace": Nasty(" \t\r\n" * 500, expect="error", reason="empty"),
    "only-utf8-bom": Nasty(codecs.BOM_UTF8, expect="error", reason="empty"),
    "only-utf16-bom-and-spaces": Nasty(utf16("  \n ", bom=True), expect="error", reason="empty"),
    "only-tags": Nasty(minimal_html("<div><span></span><p></p></div>" * 200, title=""), expect="error"),
    # JSON-LD that does not follow schema.org: the page around it is still a readable article.
    "ld-headline-lone-surrogate": Nasty(genius_with_ld(headline="\ud800"), **ARTICLE),
    "ld-author-lone-surrogate": Nasty(genius_with_ld(author=[{"name": "Elena \udc00Kovac"}]), **ARTICLE),
    "ld-publisher-lone-surrogate": Nasty(genius_with_ld(publisher={"name": "\ud800"}), **ARTICLE),
    "ld-headline-number": Nasty(genius_with_ld(headline=2025), **ARTICLE),
    "ld-headline-list": Nasty(genius_with_ld(headline=[GENIUS_TITLE, "b"]), **ARTICLE),
    "ld-headline-dict": Nasty(genius_with_ld(headline={"@value": GENIUS_TITLE}), **ARTICLE),
    "ld-headline-null": Nasty(genius_with_ld(headline=None), **ARTICLE),
    "ld-headline-900-nested-lists": Nasty(
        genius_with_ld(headline=0).replace('"headline": 0', '"headline": ' + _nested_lists(900)),
        **ARTICLE),
    "ld-date-number": Nasty(genius_with_ld(datePublished=1750196403)),
    "ld-date-dict": Nasty(genius_with_ld(datePublished={"@value": "2025-06-17"})),
    "ld-date-list": Nasty(genius_with_ld(datePublished=["2025-06-17T21:40:03+00:00"])),
    "ld-date-offset-plus-99h": Nasty(genius_with_ld(datePublished="2025-06-17T21:40:03+99:00")),
    "ld-date-last-minute-of-9999": Nasty(genius_with_ld(datePublished="9999-12-31T23:59:00-14:00")),
    "ld-date-first-day-of-year-1": Nasty(genius_with_ld(datePublished="0001-01-01T00:00:00+14:00")),
    "ld-date-year-10000": Nasty(genius_with_ld(datePublished="10000-01-01T00:00:00+00:00")),
    "ld-author-number": Nasty(genius_with_ld(author=42), **ARTICLE),
    "ld-author-nested-lists": Nasty(
        genius_with_ld(author=[[["Elena Kovac"]], [[{"name": "Jordan Peck"}]]]), **ARTICLE),
    "ld-author-900-nested-lists": Nasty(
        genius_with_ld(author=0).replace('"author": 0', '"author": ' + _nested_lists(900)),
        **ARTICLE),
    "ld-graph-string": Nasty(
        genius_with_ld(replace_article=True, **{"@context": "https://schema.org", "@graph": "NewsArticle"}),
        **ARTICLE),
    "ld-5000-nested-lists": Nasty(
        GENIUS.replace('{"@context"', '{"deep": ' + _nested_lists(5000, "") + ', "@context"', 1),
        **ARTICLE),
    "ld-number-of-5000-digits": Nasty(
        GENIUS.replace('"wordCount":742', '"wordCount":' + "9" * 5000, 1), **ARTICLE),
    # Markup nested far deeper than any page, around a real article.
    "html-20000-divs-around-article-body": Nasty(
        genius_with_body("<div>" * _DEEP + GENIUS_BODY + "</div>" * _DEEP), **ARTICLE),
    "html-20000-spans-around-a-paragraph": Nasty(
        genius_with_body("<p>" + "<span>" * _DEEP + "Bitcoin miners switched to AI hosting."
                         + "</span>" * _DEEP + "</p>" + GENIUS_BODY), expect="article",
        text=("Bitcoin miners switched to AI hosting.", *GENIUS_TEXT)),
    # Size.
    "huge-valid-page-1mb-of-script-and-style": Nasty(GENIUS.replace("</head>", (
        '<script id="__NEXT_DATA__" type="application/json">'
        + json.dumps({"props": [{"id": i, "body": "x" * 200} for i in range(4500)]})
        + "</script><style>" + "a{color:red}" * 20_000 + "</style></head>"), 1), **ARTICLE),
    "text-1mb-single-line": Nasty("Bitcoin " * (_MB // 8)),
    "html-1mb-of-p-tags": Nasty(minimal_html("<p>" * (_MB // 3)), expect="error",
                                reason=r"333,\d{3} tags: more than any article page has"),
    "html-120000-short-paragraphs": Nasty(minimal_html("<p>x</p>" * 120_000), expect="error",
                                          reason=r"tags: more than any article page has"),
    "text-dump-200kb-attribution-lines": Nasty(gold_with_lines([
        "The post " + "x" * 200_000 + " appeared first on ",
        ("The post " + "x" * 1000 + " appeared first on ") * 200,
    ]), **DUMP_ARTICLE),
    "title-a-50000-spaces-b": Nasty(
        minimal_html("<article><p>Stablecoin rules passed the Senate on Tuesday.</p></article>",
                     title="a" + " " * 50_000 + "b"),
        expect="article", text=("Title: a b", "Stablecoin rules passed the Senate on Tuesday.")),
    # Character references no code point has.
    "entity-storm-ffffffff": Nasty(
        genius_with_body("<p>" + "&#xFFFFFFFF;" * _STORM + "</p>" + GENIUS_BODY), **ARTICLE),
    "entity-storm-nul": Nasty(genius_with_body("<p>" + "&#0;" * _STORM + "</p>" + GENIUS_BODY), **ARTICLE),
    "entity-surrogates-and-controls": Nasty(
        genius_with_body("<p>&#xD800;&#xDFFF;&#x1;&#x7f;&#x9f;&#x110000;&#99999999999;</p>" + GENIUS_BODY),
        **ARTICLE),
    "entity-number-of-5000-digits": Nasty(
        genius_with_body("<p>&#" + "9" * 5000 + ";</p>" + GENIUS_BODY), **ARTICLE),
    "text-dump-entity-storm": Nasty(gold_with_lines(["&#xFFFFFFFF;" * _STORM]), **DUMP_ARTICLE),
}


class HangGuardTripped(BaseException):
    """Raised into a conversion that outlived the hang guard (a BaseException: never swallowed)."""


@contextmanager
def hang_guard(seconds: float):
    """Interrupt the block after `seconds` of CPU time, where the platform allows it."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def trip(signum, frame):
        raise HangGuardTripped(f"still converting after {seconds:.0f} s of CPU time")

    previous = signal.signal(signal.SIGPROF, trip)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@pytest.fixture(scope="module", autouse=True)
def slowest_summary(request):
    """After the module: the slowest conversions, and open-bug notes that no longer fail."""
    yield
    if not TIMINGS:
        return
    guard = f"hang guard {HANG_GUARD_SECONDS:.0f} s of CPU, not a speed target"
    lines = ["", f"robustness: slowest nasty files ({guard})"]
    lines += [f"  {cpu:6.2f} s CPU {wall:6.2f} s wall  {name}: {outcome}"
              for cpu, wall, name, outcome in sorted(TIMINGS, reverse=True)[:10]]
    fixed = sorted(name for name in PASSED if NASTY[name].open_bug)
    if fixed:
        lines.append(f"  open_bug notes to delete (these cases pass now): {', '.join(fixed)}")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        print("\n".join(lines))
        return
    with capture.global_and_fixture_disabled():
        print("\n".join(lines))


@pytest.mark.parametrize("name", list(NASTY), ids=str)
def test_nasty_file_costs_one_entry_never_a_crash(name, tmp_path):
    case = NASTY[name]
    path = tmp_path / "page"
    path.write_bytes(case.payload())
    outcome = "crashed"
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        with hang_guard(HANG_GUARD_SECONDS):
            result = _outcome(path)
        outcome = f"InputError: {result}" if isinstance(result, InputError) else "converted"
    except HangGuardTripped as error:
        outcome = "HANG GUARD tripped"
        pytest.fail(f"hang guard: {error} (not a speed target){_note(case)}")
    except Exception as error:
        # Not an InputError: a crash that would stop the batch. The chained traceback shows where.
        outcome = f"CRASH {type(error).__name__}"
        message = f"convert_file raised {type(error).__name__}: {error}"[:500]
        raise AssertionError(message + _note(case)) from error
    finally:
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        TIMINGS.append((cpu, wall, name, outcome[:90]))
    assert cpu < HANG_GUARD_SECONDS, f"hang guard: {cpu:.1f} s of CPU (not a speed target){_note(case)}"

    if isinstance(result, InputError):
        assert str(result).strip(), "an InputError must say why"
        assert case.expect != "article", f"a reader sees an article here, the converter said: {result}"
        assert re.search(case.reason, str(result)), f"reason {str(result)!r} does not say {case.reason!r}"
    else:
        assert case.expect != "error", f"converted what is no article: {result.markdown[:300]!r}"
        try:
            _check_conversion(result)
        except AssertionError as error:
            raise AssertionError(f"{error}{_note(case)}") from None
        missing = [text for text in case.text if text not in result.markdown]
        assert not missing, f"the article's text is lost: {missing}; got {result.markdown[:600]!r}"
    PASSED.add(name)


def _note(case: Nasty) -> str:
    return f"\n[open bug, owned outside decode.py] {case.open_bug}" if case.open_bug else ""


def _outcome(path: Path) -> Conversion | InputError:
    """The conversion, or the InputError it raised; other exceptions propagate."""
    try:
        return convert_file(path, RULES, SETTINGS)
    except InputError as error:
        return error


_HEADER_LINE = re.compile(r"^[A-Za-z_]+: .*$")


def _check_conversion(conversion: Conversion) -> None:
    """A Conversion that can be written and read back by Pelican."""
    assert isinstance(conversion, Conversion)
    assert isinstance(conversion.markdown, str)
    try:
        conversion.markdown.encode("utf-8")
    except UnicodeEncodeError as error:
        raise AssertionError(f"the Markdown cannot be written as UTF-8: {error}") from None
    header = conversion.markdown.partition("\n\n")[0].split("\n")
    assert all(_HEADER_LINE.match(line) for line in header), header
    keys = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in header}
    for key in ("Title", "Slug", "Lang"):
        assert keys.get(key), f"no {key} in the header: {header}"
    parts = conversion.relative_path.parts
    assert len(parts) == 2 and ".." not in parts and not conversion.relative_path.is_absolute(), parts


# --- Properties: decode -------------------------------------------------------------------------

def _decoded(data: bytes) -> str | None:
    """decode's result (None for an InputError), checked against its promises."""
    try:
        text = decode(data)
    except InputError as error:
        assert str(error).strip()
        return None
    assert isinstance(text, str)
    text.encode("utf-8")  # no unpaired surrogates
    assert "\r" not in text and "\x00" not in text
    return text


_MARKS = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
          codecs.BOM_UTF32_BE]


@PROPERTY
@given(mark=st.sampled_from(_MARKS), data=st.binary(max_size=2000))
def test_decode_any_bytes_gives_text_or_input_error(mark, data):
    _decoded(mark + data)


_SAMPLE_PAGES = (
    "bitget-ja-cryptoslate-pentagon-rare-earths.txt", "bitget-zh-cn-blockbeats-hk-stablecoin-ordinance.txt")
_SAMPLE_CHARS = sorted(set(GOLD).union(*((PAGES / name).read_text("utf-8") for name in _SAMPLE_PAGES)))
# Page-like text: the fixtures' own characters (kana, kanji, hanzi, Latin, punctuation), line
# ends of every kind, and now and then any code point at all.
PAGE_TEXT = st.text(
    st.one_of(st.sampled_from(_SAMPLE_CHARS), st.sampled_from("\n\r\t"),
              st.characters(exclude_categories=["Cs"])),
    max_size=400,
)
BOM_OF = {
    "utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
    "gb18030": "\ufeff".encode("gb18030"), "shift_jis": b"",  # Shift_JIS has no byte-order mark
}


@PROPERTY
@given(text=PAGE_TEXT, encoding=st.sampled_from(sorted(BOM_OF)), bom=st.booleans())
def test_decode_encoded_text_round_trips_when_unicode(text, encoding, bom):
    data = (BOM_OF[encoding] if bom else b"") + text.encode(encoding, errors="replace")
    decoded = _decoded(data)
    if encoding == "utf-8" or (bom and encoding.startswith("utf-16")):
        # Unicode that says what it is comes back as it was, line ends aside; a leading U+FEFF
        # without a mark is one (its UTF-8 bytes are the mark).
        expected = text[1:] if not bom and text.startswith("\ufeff") else text
        expected = expected.replace("\r\n", "\n").replace("\r", "\n")
        clean = bool(expected.replace("\ufeff", "").strip()) and not any(
            ord(ch) < 32 and ch not in "\n\t\f" for ch in expected)
        if clean:
            assert decoded == expected
        else:
            assert decoded in (None, expected)


# --- Properties: convert_file on random pages ------------------------------------------------

@pytest.fixture(scope="module")
def page_file(tmp_path_factory) -> Path:
    """One file the properties overwrite per example (hypothesis reuses function fixtures)."""
    return tmp_path_factory.mktemp("robustness") / "page"


def _convert_checked(path: Path, page: str) -> Conversion | None:
    path.write_bytes(page.encode("utf-8", errors="surrogatepass"))
    try:
        with hang_guard(HANG_GUARD_SECONDS):
            conversion = convert_file(path, RULES, SETTINGS)
    except InputError as error:
        assert str(error).strip(), "an InputError must say why"
        event("InputError", str(error).split(" '")[0][:40])  # --hypothesis-show-statistics
        return None
    except HangGuardTripped as error:
        raise AssertionError(f"hang guard: {error} (not a speed target)") from None
    _check_conversion(conversion)
    event("converted")
    return conversion


# Markdown's and HTML's special characters, the fixtures' own (CJK included), and any other
# but control characters (a page that opens with them is refused as binary: decode's business).
WORDS = st.text(
    st.one_of(st.sampled_from("[]{}()<>|*_`!#\\&;\"'= -.:"), st.sampled_from(_SAMPLE_CHARS),
              st.characters(codec="utf-8", exclude_categories=["Cc"])),
    max_size=30,
)
URLS = st.one_of(
    st.sampled_from([
        "javascript:alert(1)", " JaVaScRiPt:alert(1)", "jav&#x09;ascript:x", "data:text/html,<b>",
        "https://example.com/a?b=1&c=2", "/relative/path", "#top", "mailto:x@y", "//evil.example",
    ]),
    WORDS,
)
ATTRIBUTES = st.dictionaries(
    st.sampled_from(["href", "src", "alt", "title", "class", "id", "lang", "hidden", "aria-hidden",
                     "onclick"]),
    st.one_of(URLS, WORDS), max_size=3,
)
TAGS = ["div", "p", "span", "a", "img", "h2", "ul", "li", "script", "table", "blockquote"]


def _element(tag: str, attributes: dict[str, str], children: list[str]) -> str:
    attrs = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in attributes.items())
    if tag == "img":
        return f"<img{attrs}>"
    return f"<{tag}{attrs}>{''.join(children)}</{tag}>"


TEXT_NODES = st.one_of(WORDS, WORDS.map(html.escape), st.sampled_from(["&amp;", "&lt;", "&#x5b;", "&nbsp;"]))
MARKUP = st.recursive(
    TEXT_NODES,
    lambda children: st.builds(_element, st.sampled_from(TAGS), ATTRIBUTES, st.lists(children, max_size=4)),
    max_leaves=15,
)
LD_TEXT = st.one_of(
    WORDS, st.sampled_from(["2025-06-17T21:40:03+00:00", "2025/06/18 14:05", "yesterday", ""]))
JSON_LD = st.fixed_dictionaries(
    {"@type": st.sampled_from(["NewsArticle", "Article", ["BlogPosting", "Thing"], "WebPage"])},
    optional={"headline": LD_TEXT, "datePublished": LD_TEXT, "author": st.one_of(
        LD_TEXT, st.lists(st.fixed_dictionaries({"name": LD_TEXT}), max_size=3)),
        "publisher": st.fixed_dictionaries({"name": LD_TEXT})},
)
LANGS = st.one_of(
    st.sampled_from(["en", "en-US", "ja", "zh-Hans", "zh-TW", "ar", "", "x-klingon", "EN_us"]), WORDS)


@PROPERTY
@given(lang=LANGS, title=WORDS, ld=st.none() | JSON_LD, body=st.lists(MARKUP, max_size=6),
       article_at=st.none() | st.integers(0, 6))
def test_random_html_converts_or_fails_with_reason(page_file, lang, title, ld, body, article_at):
    if article_at is not None:  # often a real paragraph among the random markup, so that some convert
        body.insert(article_at, "<p>Bitcoin ETF inflows rose for a third day on Tuesday.</p>")
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld is not None else ""
    lang = html.escape(lang, quote=True)
    page = minimal_html("".join(body), title=html.escape(title), head=head, lang=lang)
    _convert_checked(page_file, page)


# JSON-LD as pages really write it: any JSON where schema.org expects text (lone surrogates
# included: JSON can escape them), around a small real article.
JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), WORDS, LD_TEXT,
              st.sampled_from(["\ud800", "a\udfffb"])),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["name", "@type", "@graph", "@value", "headline"]), children,
                        max_size=3)),
    max_leaves=8,
)
_LD_ARTICLE = ("<article><h1>Senate passes GENIUS Act</h1>"
               "<p>Circle, which issues USDC, welcomed the vote.</p>"
               "<p>The bill passed by a 68–30 vote on Tuesday.</p></article>")


@PROPERTY
@given(fields=st.dictionaries(st.sampled_from(["headline", "datePublished", "author", "publisher", "@graph"]),
                              JSON_VALUES, min_size=1))
def test_any_json_ld_values_keep_the_article(page_file, fields):
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", **fields}]}
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    conversion = _convert_checked(page_file, minimal_html(_LD_ARTICLE, title="GENIUS Act", head=script))
    if conversion is not None:
        assert "Circle, which issues USDC, welcomed the vote." in conversion.markdown


# --- Properties: random text dumps made of the page grammar's own lines ------------------------

def _grammar_lines() -> dict[str, list[str]]:
    """Lines of every kind the page grammar (grammar/*.toml) knows, and a few it must survive."""
    files = [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(GRAMMAR_DIR.glob("*.toml"))]

    def gather(*keys: str) -> list[str]:
        return sorted({line for data in files for key in keys for line in data.get(key, [])})

    titles = ["Gold breaks $4,600 as Bitcoin stalls", "金の延べ棒からレアアースまで", "香港稳定币条例"]
    return {
        "chrome": gather("app_banners", "nav_lines", "taglines")
        + [prefix + "buy_crypto" for prefix in gather("raw_key_prefixes")],
        "dateline": ["CryptoSlateCryptoSlate2025/06/18 14:05", "The BlockThe Block2025/1/2 3:04:05",
                     "2025/06/18 14:05", "X2025/13/45 99:99", "CoinspeakerCoinspeaker0000/00/00 00:00"],
        "byline": gather("view_original", "author_prefixes")
        + [prefix + "Sofia Lindqvist , A and B" for prefix in gather("author_prefixes")]
        + [prefix + "CryptoSlate" for prefix in gather("source_prefixes")],
        "tail": gather("tail_lines") + [prefix + " anything" for prefix in gather("tail_prefixes")],
        "attribution": [f"The post {titles[0]} appeared first on Coinspeaker.",
                        f"この記事「{titles[1]}」はCryptoSlateに最初に掲載されました。",
                        f"本文“{titles[2]}”最初发表于PANews。", "The post  appeared first on ."],
        "body": [*_GOLD_LINES[_GOLD_BODY_AT:_GOLD_BODY_AT + 8], f"{titles[0]} image 0", "01", "02", "9"],
        "separator": ["⋅".join(["a", "b", ""]), "⋅", "", "   "],
    }


GRAMMAR_LINES = _grammar_lines()
DUMP_LINE = st.one_of(
    *(st.sampled_from(lines) for lines in GRAMMAR_LINES.values()),
    WORDS, st.text(st.sampled_from(_SAMPLE_CHARS), max_size=200),
)


@PROPERTY
@given(lines=st.lists(DUMP_LINE, max_size=30))
def test_random_text_dump_converts_or_fails_with_reason(page_file, lines):
    _convert_checked(page_file, "\n".join(lines))
