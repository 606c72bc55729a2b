"""Which kind of page is this, and in which language is the article written."""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from .grammar import PageGrammar

PageFormat = Literal["html", "text"]

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)



def page_format(text: str) -> PageFormat:
    """HTML when the file opens like an HTML document; a text dump otherwise."""
    return "html" if _HTML_START.match(text[:2000]) else "text"


def article_language(declared: str, text: str, grammar: PageGrammar) -> str:
    """The language the page declares (<html lang>) when its text agrees, else what the text is.

    Bitget's `lang` is the locale the site was browsed in; a page can declare one language
    and carry an article in another.
    """
    detected = language_of(text, grammar)
    normalised = normalise_tag(declared)
    if normalised and normalised.split("-")[0] == detected.split("-")[0]:
        return normalised
    return detected


def normalise_tag(tag: str) -> str:
    """ "en-US" -> "en", "ja-JP" -> "ja", "zh-Hans" -> "zh-CN", "zh-HK" -> "zh-TW"."""
    parts = tag.replace("_", "-").split("-")
    base = parts[0].lower()
    if base != "zh":
        return base
    rest = {part.lower() for part in parts[1:]}
    return "zh-TW" if rest & {"hant", "tw", "hk", "mo"} else "zh-CN"


def language_of(text: str, grammar: PageGrammar) -> str:
    """A BCP 47 tag for the article's language, from the scripts its letters are in.

    UI strings say which locale the site was browsed in, not which language the article is
    written in, so callers pass the article's own text here.
    """
    counts = _script_counts(text)
    kana, han = counts["kana"], counts["han"]
    if kana and kana * 20 >= han:
        return "ja"
    if counts["hangul"] > counts["latin"] // 4 and counts["hangul"]:
        return "ko"
    if han > counts["latin"] // 4 and han:
        return _chinese_variant(text, grammar)
    for script, lang in (("arabic", "ar"), ("cyrillic", "ru")):
        if counts[script] > counts["latin"]:
            return lang
    return "en"


def _script_counts(text: str) -> dict[str, int]:
    counts = dict.fromkeys(("kana", "han", "hangul", "latin", "arabic", "cyrillic"), 0)
    for ch in text:
        if not ch.isalpha():
            continue
        script = _script(ch)
        if script:
            counts[script] += 1
    return counts


def _script(ch: str) -> str | None:
    name = unicodedata.name(ch, "")
    for prefix, script in (
        ("HIRAGANA", "kana"),
        ("KATAKANA", "kana"),
        ("CJK", "han"),
        ("HANGUL", "hangul"),
        ("LATIN", "latin"),
        ("ARABIC", "arabic"),
        ("CYRILLIC", "cyrillic"),
    ):
        if name.startswith(prefix):
            return script
    return None


def _chinese_variant(text: str, grammar: PageGrammar) -> str:
    simplified = sum(ch in grammar.simplified_chinese for ch in text)
    traditional = sum(ch in grammar.traditional_chinese for ch in text)
    return "zh-TW" if traditional > simplified else "zh-CN"
