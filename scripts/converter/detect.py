"""Which kind of page is this, and in which language is the article written.

Scripts that name their language (kana, Hangul, Han, Thai, Arabic) are counted with regular
expressions; Latin and Cyrillic text, shared by many languages, goes to py3langid's model,
restricted to the languages Bitget publishes in.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from .grammar import GRAMMAR_DIR, PageGrammar

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

PageFormat = Literal["html", "text"]

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)

# Only the start of an article is read: it says which language the article is in as surely as
# the whole, and keeps detection bounded (py3langid walks its text byte by byte in Python).
SCRIPT_SAMPLE = 1000
MODEL_SAMPLE = 500
# Below this many letters, or when the model gives its best language less than this share of
# its script's languages, the guess is unsure and a declared language wins.
MIN_LETTERS = 20
MIN_SHARE = 0.5

_SCRIPTS = {
    "kana": "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9d",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f",
    "hangul": "\u1100-\u11ff\u3131-\u318e\uac00-\ud7a3",
    "latin": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u0481\u048a-\u052f",
    "arabic": "\u0620-\u064a\u066e-\u066f\u0671-\u06d3\u06d5\u06ee-\u06ef\u06fa-\u06ff\u0750-\u077f"
    "\ufb50-\ufdff\ufe70-\ufefc",
    "thai": "\u0e01-\u0e30\u0e32-\u0e33\u0e40-\u0e46",
}
# Runs, not single letters: findall then builds one string per word instead of one per letter.
_SCRIPT_RES = {script: re.compile(f"[{chars}]+") for script, chars in _SCRIPTS.items()}
# Letters of any script but the one a model reads: English tickers in a Russian article,
# a Chinese name in an English one carry no evidence and only add noise to the n-grams.
_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_LATIN = re.compile(f"[^\\W\\d_{_SCRIPTS['latin']}]+")
_NOT_CYRILLIC = re.compile(f"[^\\W\\d_{_SCRIPTS['cyrillic']}]+")

# py3langid's codes for the languages of Bitget's news locales, by script. Tagalog is the
# model's name for the language Bitget's /ph/ locale publishes, tagged Filipino ("fil").
LATIN_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "tr", "id", "vi", "pl", "tl")
CYRILLIC_LANGUAGES = ("ru", "uk")
_MODEL_TO_TAG = {"tl": "fil"}
# BCP 47's "undetermined": the language of an article whose page says nothing usable.
UNDETERMINED = "und"
# Files of the grammar folder that are not one language's grammar.
NOT_LANGUAGES = frozenset({"common", "sites"})

# Bitget's URL locale segment (https://www.bitget.com/<locale>/news/detail/...) -> BCP 47 tag.
# Seen in real addresses: zh-TC is what Bitget's news uses for Traditional Chinese, zh-TW also
# occurs; ph is the Philippines locale, written in Filipino. English has no segment.
BITGET_LOCALES = {
    "en": "en", "ja": "ja", "zh-cn": "zh-CN", "zh-tc": "zh-TW", "zh-tw": "zh-TW", "ko": "ko",
    "vi": "vi", "ru": "ru", "es": "es", "pt": "pt", "fr": "fr", "de": "de", "tr": "tr",
    "it": "it", "id": "id", "th": "th", "ar": "ar", "pl": "pl", "uk": "uk", "ph": "fil",
}  # fmt: skip


@dataclass(frozen=True)
class Guess:
    """A language read from the text, and whether the text was enough to be sure of it."""

    lang: str
    sure: bool


def page_format(text: str) -> PageFormat:
    """HTML when the file opens like an HTML document; a text dump otherwise."""
    return "html" if _HTML_START.match(text[:2000]) else "text"


def article_language(declared: str, text: str, grammar: PageGrammar) -> str:
    """The language the page declares (<html lang> or URL locale) when its text agrees or is too
    short or mixed to tell, else what the text is; always a code `known_language` accepts.

    Bitget's `lang` is the locale the site was browsed in; a page can declare one language
    and carry an article in another (an Italian article under the English locale). The
    language names the article's file (`<slug>.<lang>.md`) and keys lookups in the theme and
    search page: a declared value that is not a known code is ignored, whatever it says.
    """
    guess = guess_language(text, grammar)
    normalised = normalise_tag(declared)
    if known_language(normalised) and (not guess.sure or _base(normalised) == _base(guess.lang)):
        return normalised
    return guess.lang if known_language(guess.lang) else UNDETERMINED


def known_language(tag: str) -> bool:
    """Whether `tag` is one of the language codes the project knows: its page grammars, Bitget's
    locales, the detector's languages, and `und`. A closed set: nothing else may name a file."""
    return tag in _project_languages() or tag in _detector_languages()


@cache
def _project_languages() -> frozenset[str]:
    grammars = {path.stem for path in GRAMMAR_DIR.glob("*.toml")} - NOT_LANGUAGES
    return frozenset({*grammars, *BITGET_LOCALES.values(), UNDETERMINED})


@cache
def _detector_languages() -> frozenset[str]:
    """py3langid's codes, as this module names them ("tl" is "fil"); loading its model takes
    a second, so this is asked only for a code the project has no grammar or locale for."""
    return frozenset(_MODEL_TO_TAG.get(lang, lang) for lang in _full_model().nb_classes)


def normalise_tag(tag: str) -> str:
    """ "en-US" -> "en", "ja-JP" -> "ja", "zh-Hans" -> "zh-CN", "zh-HK" -> "zh-TW", "tl" -> "fil"."""
    parts = tag.strip().replace("_", "-").split("-")
    base = parts[0].lower()
    if base in ("tl", "ph"):  # Tagalog, or Bitget's Philippines locale echoed as a language
        return "fil"
    if base != "zh":
        return base
    rest = {part.lower() for part in parts[1:]}
    return "zh-TW" if rest & {"hant", "tw", "tc", "hk", "mo"} else "zh-CN"


def bitget_locale(url: str) -> str:
    """The language tag of a Bitget address's locale segment ("/ph/news/..." -> "fil"), or ""
    when its first path segment is no locale (English pages have none) or the address is another
    site's (Bitget's mirrors all carry "bitget" in their host)."""
    parts = urlsplit(url) if "//" in url else urlsplit("//x/" + url.lstrip("/"))
    if "//" in url and "bitget" not in parts.netloc.lower():
        return ""
    segment = parts.path.strip("/").split("/", 1)[0]
    return BITGET_LOCALES.get(segment.lower(), "")


def has_grammar(lang: str, directory: Path = GRAMMAR_DIR) -> bool:
    """Whether grammar/<lang>.toml exists: a language without one is still detected, from the
    text, but its page chrome is only recognised through the other languages' strings."""
    return lang not in NOT_LANGUAGES and known_language(lang) and (directory / f"{lang}.toml").is_file()


def language_of(text: str, grammar: PageGrammar) -> str:
    """A BCP 47 tag for the article's language.

    UI strings say which locale the site was browsed in, not which language the article is
    written in, so callers pass the article's own text here. Text without a letter is "en",
    the archive's default: there is nothing to read a language from.
    """
    return guess_language(text, grammar).lang


def guess_language(text: str, grammar: PageGrammar) -> Guess:
    """The article's language from the scripts of its first letters, then, for Latin and
    Cyrillic text, from py3langid's model; unsure when the text is too short or mixed."""
    sample = text[:SCRIPT_SAMPLE]
    counts = {script: sum(map(len, pattern.findall(sample))) for script, pattern in _SCRIPT_RES.items()}
    by_script = _by_script(counts, sample, grammar)
    if by_script:
        return Guess(by_script, sure=True)
    latin, cyrillic = counts["latin"], counts["cyrillic"]
    other = sum(map(len, _LETTERS.findall(sample))) - sum(counts.values())
    if other > max(latin, cyrillic):  # Greek, Hebrew, Devanagari...: none of Bitget's languages
        return _model_guess(sample, (), 0)
    if cyrillic > latin:
        return _cyrillic_guess(sample, cyrillic)
    if latin:
        guess = _model_guess(_NOT_LATIN.sub(" ", sample), LATIN_LANGUAGES, latin)
        if not guess.sure and cyrillic:  # a short Russian sentence among English tickers
            cyrillic_guess = _cyrillic_guess(sample, cyrillic)
            return cyrillic_guess if cyrillic_guess.sure else guess
        return guess
    return Guess("en", sure=False)


def _cyrillic_guess(sample: str, letters: int) -> Guess:
    return _model_guess(_NOT_CYRILLIC.sub(" ", sample), CYRILLIC_LANGUAGES, letters)


def _by_script(counts: dict[str, int], sample: str, grammar: PageGrammar) -> str | None:
    """The language a script names outright, when it holds enough of the letters.

    Japanese writes many kanji per kana: one kana per twenty Han characters is Japanese. Han
    and Hangul are dense (a word in two or three characters), so they need only a quarter of
    the Latin letters; alphabetic Thai and Arabic must outnumber them.
    """
    kana, han, latin = counts["kana"], counts["han"], counts["latin"]
    if kana and kana * 20 >= han:
        return "ja"
    if counts["hangul"] and counts["hangul"] > latin // 4:
        return "ko"
    if han and han > latin // 4:
        return _chinese_variant(sample, grammar)
    for script, lang in (("thai", "th"), ("arabic", "ar")):
        if counts[script] > latin and counts[script] >= counts["cyrillic"]:
            return lang
    return None


def _model_guess(sample: str, languages: tuple[str, ...], letters: int) -> Guess:
    """py3langid's best language among `languages` (any it knows when empty).

    Among Bitget's languages only the ones of the text's script count, by their share of those
    languages' probability: a Cyrillic article is never Polish, a Latin one never Russian.
    """
    model = _bitget_model() if languages else _full_model()
    ranked = model.rank(sample[:MODEL_SAMPLE])
    if languages:
        ranked = [(lang, p) for lang, p in ranked if lang in languages]
    total = sum(p for _, p in ranked)
    lang, p = ranked[0]
    share = p / total if total else 0.0
    sure = bool(languages) and letters >= MIN_LETTERS and share >= MIN_SHARE
    return Guess(_MODEL_TO_TAG.get(lang, lang), sure)


@cache
def _full_model() -> LanguageIdentifier:
    """py3langid's model of its 142 languages, loaded on first use (~0.8 s, ~80 MB resident with
    numpy): pages in kana, Hangul, Han, Thai or Arabic never need it, and importing the
    converter stays instant."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _bitget_model() -> LanguageIdentifier:
    """The model restricted to Bitget's Latin and Cyrillic languages: half the time of scoring
    all 142, and no Galician or Walloon answer for a short Portuguese or French title."""
    model = copy.copy(_full_model())
    model.set_languages(LATIN_LANGUAGES + CYRILLIC_LANGUAGES)
    return model


def _chinese_variant(text: str, grammar: PageGrammar) -> str:
    simplified = sum(map(grammar.simplified_chinese.__contains__, text))
    traditional = sum(map(grammar.traditional_chinese.__contains__, text))
    return "zh-TW" if traditional > simplified else "zh-CN"


def _base(tag: str) -> str:
    return tag.split("-")[0]
