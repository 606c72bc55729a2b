"""What content/articles/ already holds: who owns each slug, and which page each file came from.

Pelican publishes an article at its slug, whatever folder or year its file is in, so two
articles of one language must never share a slug: the later one would overwrite the
earlier page, or stop the build. The converter reads the header of every Markdown file
before it writes anything: hand-written articles and articles converted from pages not in
this run keep their slugs, and a new article that wants a taken slug gets a suffix.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path

from .inputs import path_order
from .model import Article
from .slugs import slugify
from .store import DIGEST_KEY, Stat, file_digest, is_hand_edited, settled, stat_key

# The header keys the converter writes to recognise its own files later.
SCRAPED_FROM_KEY = "Scraped_From"
ARTICLE_KEY = "Article_Key"
# How much of the body tells two articles with the same title apart.
BODY_OPENING = 200
# Openings shorter than this (normalised characters) say too little to call two articles one.
MIN_OPENING = 80
# Header keys an ExistingArticle keeps as they are written (its fields of the same names).
_ORIGINAL_KEYS = ("title", "original_title", "original_url", "via", "via_url", "source", "date", "captured")
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z_]+):[ \t]*(?P<value>.*)$")
_NOT_WORD = re.compile(r"[\W_]+")


def article_key(article: Article) -> str:
    """What makes two inputs the same article: language, title and how the body opens.

    Normalised (NFKC, case, punctuation and spacing ignored), so the same article scraped as
    a text dump and as saved HTML, or in another encoding, has one key.
    """
    body = " ".join(block.text for block in article.blocks if block.kind == "paragraph")
    text = f"{article.lang}\n{normalised(article.title)}\n{normalised(body)[:BODY_OPENING]}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def opening_key(article: Article) -> str | None:
    """What makes two crawls of one article the same when their titles differ: the language and
    how the body opens. A crawl without Bitget's header has no title line, and its title is made
    from the lead; its body still opens like the full page's. None for a body too short to tell."""
    body = normalised(" ".join(block.text for block in article.blocks if block.kind == "paragraph"))
    if len(body) < MIN_OPENING:
        return None
    return hashlib.sha256(f"{article.lang}\n{body[:BODY_OPENING]}".encode()).hexdigest()[:16]


def normalised(text: str) -> str:
    """Text as keys compare it: NFKC, case folded, without punctuation, spacing or underscores."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class ExistingArticle:
    """One Markdown file already in the output folder, as far as slugs and ownership go."""

    path: Path
    slug: str
    lang: str
    key: str  # "" for files written by hand
    scraped_from: str  # the input it was converted from; "" for files written by hand
    hand_edited: bool
    generated: bool  # written by the converter (it has a digest line), edited since or not
    digest: str = ""  # store.file_digest of its bytes
    # What it says of its original (as written in its header), for linking translations (originals.py).
    title: str = ""
    original_title: str = ""
    original_url: str = ""
    via: str = ""
    via_url: str = ""
    source: str = ""
    date: str = ""
    captured: str = ""  # when its page was saved, as recorded (ISO 8601)

    @property
    def legacy(self) -> bool:
        """Written by a converter from before articles recorded their page and key."""
        return self.generated and not self.key

# What a file said when it had this stat (ExistingArticle's fields after the path), by path.
Records = dict[str, tuple[Stat, tuple]]


@dataclass
class Archive:
    """The articles on disk, and the slugs each language has given out."""

    articles: dict[Path, ExistingArticle] = field(default_factory=dict)
    claims: dict[tuple[str, str], ExistingArticle] = field(default_factory=dict)
    by_key: dict[str, ExistingArticle] = field(default_factory=dict)
    # Each file's stat and facts, for the next run (see `load`).
    records: Records = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, remembered: Records | None = None) -> Archive:
        """Every Markdown file's facts. With `remembered` (an earlier run's `records`), a file
        whose stat is the one recorded is not read again: reading ten thousand headers is
        most of what a run that changes nothing would cost."""
        archive = cls()
        for path in sorted(folder.rglob("*.md"), key=path_order) if folder.is_dir() else []:
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):  # links are not followed, folders are not files
                continue
            archive.add(archive.recall(path, stat_key(info), remembered or {}))
        return archive

    def recall(self, path: Path, key: Stat, remembered: Records) -> ExistingArticle:
        """The file's facts: as recorded when its stat is unchanged, else read (and recorded
        when its stat is settled; see store.RACY_NS)."""
        name = str(path)
        record = remembered.get(name)
        if record is not None and record[0] == key:
            self.records[name] = record
            return ExistingArticle(path, *record[1])
        existing = read_existing(path)
        if settled(key):
            self.record(path, key, existing)
        return existing

    def record(self, path: Path, key: Stat, existing: ExistingArticle) -> None:
        self.records[str(path)] = (key, tuple(getattr(existing, f.name) for f in fields(existing)[1:]))

    def add(self, existing: ExistingArticle) -> None:
        self.articles[existing.path] = existing
        self.claims.setdefault((existing.slug, existing.lang), existing)
        if existing.key:
            self.by_key.setdefault(existing.key, existing)

    def holder(self, slug: str, lang: str) -> ExistingArticle | None:
        return self.claims.get((slug, lang))

    def published_slug(self, key: str, slug: str) -> str | None:
        """The slug this article was given by an earlier run, when it was `slug` plus a suffix.

        Kept, so an article's address does not change when the one it collided with goes.
        """
        existing = self.by_key.get(key)
        if existing and existing.slug.startswith(f"{slug}-"):
            return existing.slug
        return None

    def first_capture(self, key: str) -> datetime | None:
        """When an earlier run recorded this article's page as saved (its `Captured`), if it did."""
        existing = self.by_key.get(key)
        try:
            recorded = datetime.fromisoformat(existing.captured) if existing and existing.captured else None
        except ValueError:
            return None
        return recorded.replace(tzinfo=UTC) if recorded and recorded.tzinfo is None else recorded

    def earlier_slug(self, key: str) -> str | None:
        """The slug an earlier run gave this article, whatever it was: an address once published
        is kept (links to it must keep working) when the converter would now make another one
        (a readable slug where an older converter wrote a hash, or its translations' slug)."""
        existing = self.by_key.get(key)
        return existing.slug if existing else None


def read_existing(path: Path) -> ExistingArticle:
    """Slug, language and origin of a Markdown file, whatever its encoding or state."""
    data = path.read_bytes()
    return parse_existing(path, data.decode("utf-8", errors="replace"), file_digest(data))


def parse_existing(path: Path, text: str, digest: str) -> ExistingArticle:
    """The facts of a file's text: also how a file just written is known without reading it."""
    header = header_values(text)
    slug = header.get("slug") or slugify(header.get("title", "")) or path.name.split(".")[0]
    lang = header.get("lang") or _lang_from_name(path)
    return ExistingArticle(
        path=path, slug=slug, lang=lang, key=header.get(ARTICLE_KEY.lower(), ""),
        scraped_from=header.get(SCRAPED_FROM_KEY.lower(), ""), hand_edited=is_hand_edited(text),
        generated=DIGEST_KEY.lower() in header, digest=digest,
        **{key: header.get(key, "") for key in _ORIGINAL_KEYS},
    )


def header_values(text: str) -> dict[str, str]:
    """A Markdown file's header, keys lower-cased; the first value of a key wins."""
    values: dict[str, str] = {}
    for line in text.split("\n\n", 1)[0].splitlines():
        match = _HEADER_LINE.match(line)
        if match:
            values.setdefault(match["key"].lower(), match["value"].strip())
    return values


def _lang_from_name(path: Path) -> str:
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 else ""
