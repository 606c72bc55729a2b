"""Many inputs: convert them (in parallel if asked), settle duplicates and slugs, write, report.

Each article is written as soon as it is converted, so a crash or a kill keeps every
finished one. One bad input costs its own report entry and nothing else: any exception
while converting it becomes a `failed` entry with the reason. The output folder is locked
for the run, so two converters never interleave their writes.
"""

from __future__ import annotations

import fcntl
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, TextIO

from .archive import Archive, ExistingArticle, parse_existing
from .cache import ConversionCache
from .captures import Capture, expand, page_of_label, read_capture
from .claims import Claim, apart_key, claim_of, claim_of_file, disagreements
from .display import path_text, printed
from .inputs import InputSet
from .metadata import Settings
from .model import InputError, NotAnArticle
from .originals import Originals, version_of, version_of_file
from .pipeline import (
    ROOT,
    Conversion,
    convert_file,
    input_label,
    with_captured,
    with_facts_of,
    with_own_key,
    with_slug,
)
from .repetition import NO_FRAME, Frame, frame_of, learn
from .store import (
    KEPT_EDIT,
    TEMP_SUFFIX,
    UP_TO_DATE,
    WriteResult,
    file_digest,
    stat_key,
    write_stored,
)
from .topics import TopicRules

Status = Literal["converted", "unchanged", "duplicate", "skipped", "failed", "orphaned", "removed"]
# When one article was scraped several times, the copy that says most about it (date, source,
# author, its page's address) is kept, then the richer format, then the publisher's own page before an
# aggregator's copy; among equals, the first input in path order, and the copy an earlier run
# wrote before a new one. The copy kept takes the facts it lacks from the others. Copies are
# one article only when they agree (claims.disagreements); others are all kept.
FORMAT_PREFERENCE = {"html": 0, "text": 1}
# A file does not record its page's format: text dumps are `.txt`; saved pages and the
# captures of tools (MHTML, WARC records) are HTML, but for a JSON Lines line of `text`.
TEXT_SUFFIXES = (".txt",)


@dataclass(frozen=True)
class ReportEntry:
    input: str
    status: Status
    output: str | None
    reason: str
    # Where the article's page came from, as its Markdown says (Original_URL, Via_URL, Captured):
    # for an input that became an article or a copy of one; '' otherwise.
    original_url: str = ""
    via_url: str = ""
    captured: str = ""

    def as_dict(self) -> dict:
        return dict(vars(self))  # the fields are plain strings: asdict's deep copy costs more


def _entry(conversion: Conversion, status: Status, output: str, reason: str) -> ReportEntry:
    """The entry of an input that became an article (or a copy of one), with its provenance."""
    article = conversion.article
    captured = article.captured.isoformat() if article.captured else ""
    return ReportEntry(path_text(conversion.input), status, output, reason, article.original_url,
                       article.via_url, captured)


@dataclass(frozen=True)
class Failure:
    """An input that could not be converted; `detail` is the traceback of a bug, if any."""

    reason: str
    detail: str = ""
    # Not an article (a listing, a feed): reported as skipped, and the exit status stays 0.
    skipped: bool = False


@dataclass(frozen=True)
class Options:
    """What the user chose for the whole batch."""

    force: bool = False
    prune: bool = False
    jobs: int = 1
    debug: bool = False


def _preference(conversion: Conversion) -> tuple[int, int, bool]:
    article = conversion.article
    address = article.original_url or article.via_url
    missing = sum(not fact for fact in (article.date, article.source, article.authors, address))
    return missing, FORMAT_PREFERENCE[conversion.format], bool(article.via)


def _file_preference(claim: Claim, label: str) -> tuple[int, int, bool]:
    """`_preference` of the copy an earlier run wrote, from its file: its format is its page's
    suffix (a file does not record it)."""
    missing = sum(not fact for fact in (claim.date, claim.source, claim.authors, claim.addressed))
    form = "text" if page_of_label(label).lower().endswith(TEXT_SUFFIXES) else "html"
    return missing, FORMAT_PREFERENCE[form], claim.via


def convert_all(
    inputs: InputSet,
    out_dir: Path,
    rules: TopicRules,
    settings: Settings,
    options: Options = Options(),
    progress: Callable[[Iterable], Iterable] = iter,
    cache: ConversionCache | None = None,
) -> list[ReportEntry]:
    """Convert every input into `out_dir`; the report has one entry per input, then orphans.

    With a `cache`, inputs whose bytes were converted before are not parsed again, and files
    whose stat is as the last run left it are not read again."""
    pages = expand(inputs.pages, settings.max_capture_bytes, cache)
    entries = [ReportEntry(path_text(p.path), "failed", None, p.reason)
               for p in [*inputs.problems, *pages.problems]]
    entries += [ReportEntry(path_text(path), "skipped", None, why) for path, why in pages.skipped.items()]
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        _remove_stray_temporary_files(out_dir)
        archive = Archive.load(out_dir, cache.records(out_dir) if cache else None)
        run = _Run(archive, out_dir, options, cache)
        converted = _Counted(_converted(pages.captures, rules, settings, options, cache), len(pages.captures))
        for capture, result in progress(converted):
            run.add(capture, result)
        run.settle_translations()
        run.settle_disputes()
        entries += [run.entries[capture] for capture in pages.captures]
        damaged = {input_label(problem.path) for problem in pages.problems}
        entries += run.leftovers(inputs, damaged)
    if cache is not None:
        cache.keep_records(out_dir, archive.records)
        cache.save()
    return entries


class _Counted(Iterator):
    """The batch's results with their number, for a progress bar: a run's pages are known only
    once its capture files are opened."""

    def __init__(self, results: Iterator, count: int) -> None:
        self._results, self._count = results, count

    def __len__(self) -> int:
        return self._count

    def __next__(self):
        return next(self._results)


class _Run:
    """The state of one batch: which article holds which slug, what was written, the entries."""

    def __init__(self, archive: Archive, out_dir: Path, options: Options,
                 cache: ConversionCache | None = None) -> None:
        self.archive = archive
        self.out_dir = out_dir
        self.options = options
        self.cache = cache
        self.touched: set[Path] = set()  # files written or removed by this run
        self._last_target: tuple[Conversion | None, Path] = (None, out_dir)
        self.entries: dict[Capture, ReportEntry] = {}
        self.kept: dict[str, Conversion] = {}  # article key -> the copy written
        self.openings: dict[str, str] = {}  # opening key -> article key of the copy written
        self.targets: dict[str, Path] = {}  # input label -> the file that now holds its article
        self.ours: dict[tuple[str, str], str] = {}  # (slug, lang) -> key, for slugs given out this run
        self._real_out = os.path.realpath(out_dir)
        # Copies of an article an earlier run wrote from another page, no better than that file:
        # left as duplicates, they lend that page their facts if it comes later in this run.
        self.lenders: dict[str, Conversion] = {}  # the page's input label -> the copy
        # Input label -> (the other input, why) for each page kept apart from its article.
        self.disputes: dict[str, list[tuple[str, str]]] = {}
        self.inputs: dict[str, Capture] = {}  # input label -> the input, for the disputes' entries
        # Every language version known, to give the versions of one original one slug (originals.py).
        self.originals = Originals()
        self.files_of_page: dict[str, list[ExistingArticle]] = {}  # input label -> its files
        for existing in archive.articles.values():
            version = version_of_file(existing)
            if version.ident not in self.originals.versions:
                self.originals.add(version)
            if existing.scraped_from:
                self.files_of_page.setdefault(existing.scraped_from, []).append(existing)
        self.own_slugs: dict[str, str] = {}  # article key -> the slug make_slug gave it
        self.bases: dict[str, str] = {}  # article key -> the slug it was placed under, before any suffix

    def add(self, path: Capture, result: Conversion | Failure) -> None:
        """Settle one input; whatever goes wrong costs this input its entry, never the run."""
        try:
            self._add(path, result)
        except InputError as error:
            self.entries[path] = ReportEntry(path_text(path), "failed", None, str(error))
        except Exception as error:  # a bug, but never a reason to lose the rest of the batch
            self._failed(path, Failure(_bug_reason(error, "written"), traceback.format_exc()))

    def _failed(self, path: Capture, failure: Failure) -> None:
        status = "skipped" if failure.skipped else "failed"
        self.entries[path] = ReportEntry(path_text(path), status, None, failure.reason)
        if self.options.debug and failure.detail:
            print_debug(str(path), failure.detail)

    def _add(self, path: Capture, result: Conversion | Failure) -> None:
        if isinstance(result, Failure):
            self._failed(path, result)
            return
        self.inputs[result.article.scraped_from] = path
        best = self._same_article(result)
        if best is not None:
            result, best = self._agreeing(result, best)
        else:
            against_file = self._against_file(result)
            if against_file is None:
                return
            result = against_file
        lender = self.lenders.pop(result.article.scraped_from, None)
        if lender is not None and lender.article.key == result.article.key:
            result = with_facts_of(result, lender)
        if best is not None and _preference(result) >= _preference(best):
            filled = with_facts_of(best, result)
            if filled is not best:
                self._rewrite(best, filled)
            self._duplicate(result, filled)
            return
        if best is not None:
            result = with_facts_of(result, best)
        conversion, note = self._place(result)
        self.entries[path] = self._write(conversion, note)
        if best is not None and self.entries[path].status != "failed":
            self._supersede(best, conversion)
        if lender is not None and self.entries[path].status != "failed":
            self._duplicate(lender, conversion)

    def _same_article(self, conversion: Conversion) -> Conversion | None:
        """The copy written earlier in this run of the same article: same key, or same opening."""
        article = conversion.article
        key = article.key if article.key in self.kept else self.openings.get(article.opening or "-", "")
        return self.kept.get(key)

    def _agreeing(self, conversion: Conversion, best: Conversion) -> tuple[Conversion, Conversion | None]:
        """The conversion and the earlier copy of its article, when they agree; else the
        conversion as an article of its own, and no copy."""
        differ = disagreements(claim_of(conversion.article, conversion.date_from_page),
                               claim_of(best.article, best.date_from_page))
        if not differ:
            return conversion, best
        return self._apart(conversion, path_text(best.input), best.article.scraped_from, differ), None

    def _against_file(self, conversion: Conversion) -> Conversion | None:
        """The conversion settled with the file an earlier run wrote for its key from another
        page, whichever page comes first in path order: None when it is a copy of that
        article no better than the file (a duplicate; the file stays as it is), itself when
        it is the better copy (it takes the article's place, as in one run), or an article of
        its own when it disagrees with the file."""
        article = conversion.article
        holder = self.archive.by_key.get(article.key)
        if (holder is None or not holder.scraped_from or holder.scraped_from == article.scraped_from
                or holder.path in self.touched or holder.scraped_from in self.targets):
            return conversion
        mine = claim_of(article, conversion.date_from_page)
        try:
            theirs = claim_of_file(holder.path)
        except OSError:
            return self._apart(conversion, holder.scraped_from, holder.scraped_from, ["file unreadable"])
        differ = disagreements(mine, theirs)
        if differ:
            return self._apart(conversion, holder.scraped_from, holder.scraped_from, differ)
        if _preference(conversion) < _file_preference(theirs, holder.scraped_from):
            return conversion
        self.lenders[holder.scraped_from] = conversion
        self.targets[article.scraped_from] = holder.path
        reason = f"same article as {holder.scraped_from}"
        entry = _entry(conversion, "duplicate", str(holder.path), reason)
        self.entries[conversion.input] = entry
        return None

    def _apart(self, conversion: Conversion, other: str, other_label: str, differ: list[str]) -> Conversion:
        """The conversion as an article of its own: another key, no opening to be found by.
        Both inputs' entries name each other (see settle_disputes)."""
        why = f"not the same article (differing in {', '.join(differ)}): published apart"
        self.disputes.setdefault(other_label, []).append((path_text(conversion.input), why))
        key = apart_key(conversion.article.key, conversion.article.scraped_from)
        return with_own_key(conversion, key, f"same title and opening as {other} but {why}")

    def settle_disputes(self) -> None:
        """Each input whose article another page claimed apart says which page, and why."""
        for label, claims in self.disputes.items():
            path = self.inputs.get(label)
            entry = self.entries.get(path) if path is not None else None
            if entry is None:
                continue  # its page was not part of this run
            notes = [f"{other} has the same title and opening but is {why}" for other, why in claims]
            self.entries[path] = replace(entry, reason="; ".join(filter(None, [entry.reason, *notes])))

    def settle_translations(self) -> None:
        """Articles of this run placed before a version of their original that changes the slug
        the versions share (or that ties them to no group) move to the slug they now share: the
        slugs do not depend on the order of the pages."""
        for key, conversion in list(self.kept.items()):
            version = self.originals.versions.get(key)
            if version is None or version.pinned or not self._is_current(conversion):
                continue
            if self.originals.slug_for(key) != self.bases.get(key):
                self.ours.pop((conversion.article.slug, conversion.article.lang), None)
                self._rewrite(conversion, conversion)

    def _is_current(self, conversion: Conversion) -> bool:
        """The conversion is what its page's file now holds (not a copy another one superseded)."""
        return self.targets.get(conversion.article.scraped_from) == self.out_dir / conversion.relative_path

    def _rewrite(self, old: Conversion, new: Conversion) -> None:
        """An article written earlier in this run, written again with facts a later copy added."""
        conversion, note = self._place(new)
        self.entries[new.input] = self._write(conversion, note)
        old_path, new_path = self.out_dir / old.relative_path, self.out_dir / conversion.relative_path
        if old_path != new_path and self.entries[new.input].status != "failed":
            self._remove(old_path)

    def _place(self, conversion: Conversion) -> tuple[Conversion, str]:
        """The conversion under a slug no other article of its language holds: the slug it was
        published under (kept unless --force), else the one its translations share or its own,
        that + a suffix when another article holds it."""
        conversion = self._first_capture(conversion)
        article = conversion.article
        own = self.own_slugs.setdefault(article.key, article.slug)
        earlier = self.archive.published_slug(article.key, own)
        if not self.options.force:
            earlier = earlier or self.archive.earlier_slug(article.key)
        pinned = bool(earlier) and self._free(earlier, conversion)
        # A version is known by the slug it would have on its own, or by its published one.
        self.originals.add(version_of(article, earlier if pinned else own, pinned))
        base = self.originals.slug_for(article.key)
        slug, length = base, 6
        while not self._free(slug, conversion):
            slug, length = f"{base}-{article.key[:length]}", length + 2
        self.bases[article.key] = base
        self.ours[(slug, article.lang)] = article.key
        if slug == article.slug:
            return conversion, ""
        return with_slug(conversion, slug), _slug_note(own, base, slug, pinned)

    def _first_capture(self, conversion: Conversion) -> Conversion:
        """The article keeps the earliest time its page was recorded as saved: a page saved again,
        or a fresh checkout (which dates every file anew), does not make the text newer."""
        recorded = self.archive.first_capture(conversion.article.key)
        captured = conversion.article.captured
        if recorded is not None and (captured is None or recorded < captured):
            return with_captured(conversion, recorded)
        return conversion

    def _free(self, slug: str, conversion: Conversion) -> bool:
        article = conversion.article
        if self.ours.get((slug, article.lang), article.key) != article.key:
            return False
        if slug == article.slug:
            target = self._target(conversion)
        else:
            target = self.out_dir / conversion.relative_path.parent / f"{slug}.{article.lang}.md"
        others = (self.archive.holder(slug, article.lang), self.archive.articles.get(target))
        return all(_may_replace(conversion, other, target) for other in others if other)

    def _target(self, conversion: Conversion) -> Path:
        """The file the conversion is written to: built once per conversion (placing and
        writing both ask), since building paths is much of placing an unchanged article."""
        if self._last_target[0] is not conversion:
            self._last_target = (conversion, self.out_dir / conversion.relative_path)
        return self._last_target[1]

    def _write(self, conversion: Conversion, note: str) -> ReportEntry:
        target = self._target(conversion)
        if not self._is_own_place(conversion, target):
            place = f"{path_text(target)} is not a file of its own inside {path_text(self.out_dir)}"
            reason = f"{place}: not written"
            return ReportEntry(path_text(conversion.input), "failed", None, reason)
        written = self._known_outcome(conversion, target)
        try:
            if written is None:
                written = write_stored(target, conversion.stored, force=self.options.force)
                self._wrote(conversion, target, written)
        except OSError as error:
            reason = f"cannot write {path_text(target)}: {error.strerror}"
            return ReportEntry(path_text(conversion.input), "failed", None, reason)
        self.kept[conversion.article.key] = conversion
        self._forget_replaced_files(conversion.article.scraped_from, target)
        if conversion.article.opening:
            self.openings.setdefault(conversion.article.opening, conversion.article.key)
        self.targets[conversion.article.scraped_from] = target
        reason = _reason(conversion, written.reason, note if written.status == "converted" else "")
        return _entry(conversion, written.status, str(target), reason)

    def _forget_replaced_files(self, label: str, target: Path) -> None:
        """The page's other files from earlier runs are going (leftovers): they are no versions of
        any original now, or a retitled page would look like two articles in one language."""
        for existing in self.files_of_page.get(label, ()):
            ident = existing.key or f"file:{existing.path}"
            if existing.path != target and not existing.hand_edited and ident not in self.kept:
                self.originals.remove(ident)

    def _is_own_place(self, conversion: Conversion, target: Path) -> bool:
        """The file resolves to itself inside the output folder: no link or `..` takes the write,
        or the hand-edit check before it, anywhere else (output_path builds names from closed
        sets; this holds for a remembered conversion and a planted link as well)."""
        return os.path.realpath(target) == os.path.join(self._real_out, conversion.relative_path)

    def _known_outcome(self, conversion: Conversion, target: Path) -> WriteResult | None:
        """What writing would do, when the cache already knows: the file's stat is as recorded
        (so its recorded facts are its own) and it holds this very rendering, or an edit by
        hand that is kept. None when the file must be read and compared."""
        existing = self.archive.articles.get(target)
        if self.cache is None or existing is None or not existing.digest or target in self.touched:
            return None
        if existing.hand_edited and not self.options.force:
            return KEPT_EDIT
        if self.cache.rendering(conversion.article.scraped_from, conversion.article) == existing.digest:
            return UP_TO_DATE
        return None

    def _wrote(self, conversion: Conversion, target: Path, written: WriteResult) -> None:
        """Remember what the file now holds: its rendering's digest and, when written, its
        stat and facts, so the next run reads neither the page nor the file."""
        if self.cache is None or written.reason == KEPT_EDIT.reason:
            return
        content = conversion.stored
        digest = file_digest(content.encode("utf-8"))
        self.cache.rendered(conversion.article.scraped_from, conversion.article, digest)
        if written.status != "converted":
            return
        self.touched.add(target)
        try:
            key = stat_key(os.stat(target))
        except OSError:  # gone already (someone else's doing): the next run reads what is there
            return
        self.archive.record(target, key, parse_existing(target, content, digest))

    def _remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.touched.add(path)
        self.archive.records.pop(str(path), None)

    def _duplicate(self, copy: Conversion, kept: Conversion) -> None:
        target = self.out_dir / kept.relative_path
        self.targets[copy.article.scraped_from] = target
        reason = f"same article as {path_text(kept.input)}"
        self.entries[copy.input] = _entry(copy, "duplicate", str(target), reason)

    def _supersede(self, worse: Conversion, better: Conversion) -> None:
        """A better copy of an article written earlier in this run takes its place."""
        old, new = self.out_dir / worse.relative_path, self.out_dir / better.relative_path
        before = self.archive.articles.get(old)
        if old != new and not (before and before.hand_edited):
            self._remove(old)
        if worse.article.slug != better.article.slug:
            self.ours.pop((worse.article.slug, worse.article.lang), None)
        if worse.article.key != better.article.key:
            self.originals.remove(worse.article.key)
        self._duplicate(worse, better)

    def leftovers(self, inputs: InputSet, damaged: set[str] = frozenset()) -> list[ReportEntry]:
        """Files of this converter that no input of the run produced: replaced or orphaned.
        A record of a container that could not be read to its end (`damaged`) is not gone."""
        produced = set(self.targets.values())
        failed = {p.label for p, e in self.entries.items() if e.status == "failed"}
        entries = []
        for existing in self.archive.articles.values():
            if not existing.scraped_from or existing.path in produced or existing.scraped_from in failed:
                continue
            if page_of_label(existing.scraped_from) in damaged:
                continue
            entry = self._leftover(existing, inputs)
            if entry:
                entries.append(entry)
        return entries

    def _leftover(self, existing: ExistingArticle, inputs: InputSet) -> ReportEntry | None:
        replacement = self.targets.get(existing.scraped_from)
        if replacement is not None:
            why = f"its page now converts to {replacement}"
            return self._retire(existing, why, remove=True)
        if not inputs.covers(_page_path(existing.scraped_from)):
            return None  # its page was not part of this run
        return self._retire(existing, f"its page {existing.scraped_from} is gone", remove=self.options.prune)

    def _retire(self, existing: ExistingArticle, why: str, remove: bool) -> ReportEntry:
        label, path = existing.scraped_from, str(existing.path)
        if existing.hand_edited:
            return ReportEntry(label, "orphaned", path, f"{why}; edited by hand, so kept: delete it yourself")
        if not remove:
            return ReportEntry(label, "orphaned", path, f"{why}; --prune removes it")
        self._remove(existing.path)
        return ReportEntry(label, "removed", path, why)


def _slug_note(own: str, base: str, slug: str, pinned: bool) -> str:
    """Why an article is not under the slug make_slug gave it, for its report entry."""
    if pinned and not slug.startswith(f"{own}-"):
        return f"keeps the slug {slug!r} it was published under (--force makes it anew)"
    if pinned:
        return f"slug {own!r} belongs to another article: saved as {slug!r}"
    notes = [f"shares the slug {base!r} of its versions in other languages"] if base != own else []
    if slug != base:
        notes.append(f"slug {base!r} belongs to another article: saved as {slug!r}")
    return "; ".join(notes)


def _may_replace(conversion: Conversion, existing: ExistingArticle, target: Path) -> bool:
    """Only an article's own earlier file may be replaced: same article, or same page. A file
    of an older converter says neither: it is this article's when it is at this article's path."""
    article = conversion.article
    same_page = bool(existing.scraped_from) and existing.scraped_from == article.scraped_from
    return existing.key == article.key or same_page or (existing.legacy and existing.path == target)


def _page_path(label: str) -> Path:
    """The file an article's page is in (`pipeline.input_label` makes labels relative to ROOT;
    a record of a container is named `file#record`)."""
    path = Path(page_of_label(label))
    return path if path.is_absolute() else ROOT / path


def _converted(inputs: list[Capture], rules: TopicRules, settings: Settings, options: Options,
               cache: ConversionCache | None) -> Iterator:
    """(input, result) in input order: remembered results first looked up, the rest converted,
    each with the chrome the batch taught for it (repetition.py)."""
    labels = {capture: capture.label for capture in inputs}
    frames = {path: _frame(path, labels[path], settings, cache) for path in inputs}
    taught = learn(frames.values())
    learned = {path: frames[path].lines & taught for path in inputs}
    if cache is None:
        yield from _converting(inputs, learned, rules, settings, options)
        return
    recalled = {path: cache.recall(path, labels[path], settings, learned[path]) for path in inputs}
    unknown = [path for path in inputs if recalled[path][1] is None]
    fresh = _converting(unknown, learned, rules, settings, options)
    for path in inputs:
        key, result = recalled[path]
        if result is None:
            _, result = next(fresh)
            key = key if _remembered(result) else None
            cache.remember(labels[path], key, result, frames[path], learned[path])
        yield path, result


def _frame(path: Capture, label: str, settings: Settings, cache: ConversionCache | None) -> Frame:
    """What the input adds to the batch's repetition count: remembered, or read off the page.
    An input that cannot be read adds nothing (converting it says why)."""
    remembered = cache.frame(path, label) if cache is not None else None
    if remembered is not None:
        return remembered
    from .decode import decode  # imported on first use, as in pipeline.convert_file
    from .detect import page_format

    try:
        text = decode(read_capture(path, settings.max_bytes, settings.max_capture_bytes).data)
    except Exception:  # any page that cannot be read adds nothing: converting it says why
        return NO_FRAME
    return frame_of(text) if page_format(text) == "text" else NO_FRAME


def _remembered(result: Conversion | Failure) -> bool:
    """Conversions and pages that are not articles are the page's own; other failures are retried."""
    return isinstance(result, Conversion) or result.skipped


def _converting(inputs: list[Capture], learned: dict[Capture, frozenset[str]], rules: TopicRules,
                settings: Settings, options: Options) -> Iterator:
    if options.jobs <= 1 or len(inputs) < 2:
        for path in inputs:
            yield path, _convert_one(path, rules, settings, options.debug, learned[path])
        return
    done = 0
    try:
        with ProcessPoolExecutor(max_workers=options.jobs, initializer=_start_worker,
                                 initargs=(rules, settings, options.debug)) as pool:
            work = [(path, learned[path]) for path in inputs]
            for result in pool.map(_convert_in_worker, work, chunksize=8):
                yield inputs[done], result
                done += 1
    except BrokenProcessPool:
        for path in inputs[done:]:
            yield path, Failure("a converter process died while converting this batch; run again")


# What a converter process works with, given once when it starts. Sent with each chunk of
# pages instead (a partial), the topic rules were pickled by the batch's process and unpickled
# by the worker for every 8 pages: 5 and 11 ms each time.
_worker_state: tuple[TopicRules, Settings, bool] | None = None


def _start_worker(rules: TopicRules, settings: Settings, debug: bool) -> None:
    global _worker_state
    _worker_state = (rules, settings, debug)


def _convert_in_worker(work: tuple[Capture, frozenset[str]]) -> Conversion | Failure:
    assert _worker_state is not None, "_start_worker runs first in every converter process"
    rules, settings, debug = _worker_state
    path, learned = work
    return _convert_one(path, rules, settings, debug, learned)


def _convert_one(path: Capture, rules: TopicRules, settings: Settings, debug: bool = False,
                 learned: frozenset[str] = frozenset()) -> Conversion | Failure:
    """Never raises: a page that trips a bug is one failed entry, with its traceback for --debug."""
    try:
        return convert_file(path, rules, settings, learned)
    except NotAnArticle as error:
        return Failure(str(error), skipped=True)
    except InputError as error:
        return Failure(str(error))
    except RecursionError:
        return Failure("markup nested too deeply to read")
    except Exception as error:  # a bug, but never a reason to lose the rest of the batch
        detail = traceback.format_exc() if debug else ""
        return Failure(_bug_reason(error, "converted"), detail)


def _bug_reason(error: Exception, what: str) -> str:
    return f"could not be {what} ({type(error).__name__}: {error}); --debug shows why"


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the output folder for the run: a second converter waits instead of interleaving."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _remove_stray_temporary_files(folder: Path) -> None:
    """Temporary files of a killed run: no writer can own them while the lock is held."""
    for stray in folder.rglob(f".*{TEMP_SUFFIX}"):
        if stray.is_file() and not stray.is_symlink():
            stray.unlink(missing_ok=True)


def _reason(conversion: Conversion, write_reason: str, note: str) -> str:
    notes = [write_reason, note, *conversion.notes]
    if conversion.article.status == "draft":
        notes.append("no date on the page: saved as a draft (Status: draft); --date-from-mtime dates it")
    elif not conversion.date_from_page:
        notes.append("no date on the page: dated by the file's modification time (--date-from-mtime)")
    return "; ".join(note for note in notes if note)


def print_failures(entries: list[ReportEntry], stream: TextIO | None = None) -> None:
    """One `error: FILE: REASON` line per failed input, and one `warning: FILE: skipped: REASON`
    per page judged not an article (a real article skipped must not pass unseen), on stderr as
    it is when called, each part escaped to one line (display.printed)."""
    for entry in entries:
        if entry.status == "failed":
            print(printed("error", entry.input, entry.reason), file=stream or sys.stderr)
        elif entry.status == "skipped":
            print(printed("warning", entry.input, f"skipped: {entry.reason}"), file=stream or sys.stderr)


def print_debug(input_name: str, detail: str) -> None:
    """A traceback for --debug: every line of it labelled, escaped, as the input's."""
    for line in detail.rstrip("\n").split("\n"):
        print(printed("debug", path_text(input_name), line), file=sys.stderr)
