"""Full-text search: index the built article pages with Pagefind (extended build).

Running inside Pelican's `finalized` signal means `pelican` alone produces a searchable
site; there is no second command to forget.

The index is complete or the build fails. Pagefind's backend writes its files with
tokio's `File::write_all` and never flushes them: it answers "WriteFiles" while the last
writes are still queued on its blocking threads, and the Python API's context manager then
SIGTERMs it. Under CPU load a file was left created but empty (seen: a 0-byte
`pagefind-entry.json`, 4 builds in 30 under load, Pelican exiting 0; closing the backend's
stdin and waiting for it to exit instead did not help: 4 in 30 still had an empty file).
So the files are fetched in memory (`get_files`) and written here, each to a temporary name
and renamed into place; then `verify_index` checks what is on disk and raises
`SearchIndexError` naming what is missing. Pelican turns an exception in `finalized` into a
failed build (exit status 1).

Pagefind indexes a copy of each article page, not the page itself: its `<main>` only, with the
text cut into words as search_words.py says (Japanese and Chinese words, figures), so that what
search.js sends as a query starts the words indexed, and with its topics' keywords in every
language added (topics.py: a search for 比特币 finds an English Bitcoin article), which readers
never see and the published page therefore does not carry (1.9 KB a page). The copy is made in
a temporary folder beside the output and removed; its paths are the pages' own, so every result
links to the real page.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import os
import re
import shutil
import tempfile
import zlib
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from html import escape, unescape
from pathlib import Path
from typing import Any, TypeVar

from lxml import html as lxml_html
from pagefind.index import IndexConfig, PagefindIndex

from . import search_shards, search_words
from .topics import load_rules, search_keywords

log = logging.getLogger(__name__)

ENTRY = "pagefind-entry.json"
# What the search page loads besides the per-language files the entry names.
REQUIRED = ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "wasm.unknown.pagefind")
GZIPPED = ("*.pf_meta", "fragment/*.pf_fragment", "index/*.pf_index", "filter/*.pf_filter")
REPLY_LIMIT = 2**30  # bytes of one backend reply (the whole bundle, base64)


class SearchIndexError(RuntimeError):
    """Pagefind's output is incomplete: the search page would not find every article."""


def build_search_index(pelican) -> None:
    """finalized: index the article pages into one bundle per year (search_shards.py): a year whose
    pages did not change keeps its bundle as it is, or takes it from the cache; any other year is
    indexed in a Pagefind process of its own. Then shards.json lists the bundles."""
    settings = pelican.settings
    output = Path(pelican.output_path)
    glob = settings.get("PAGEFIND_GLOB", "articles/**/*.html")
    language = settings.get("PAGEFIND_LANGUAGE", "und")
    vocabulary = chinese_vocabulary(settings)
    keywords = topic_keywords(settings)
    root = output / "pagefind"
    shards = search_shards.shards_of(output, glob, settings.get("SEARCH_BUNDLE_PAGES"))
    # The topic rules too: their keywords are added to the pages' copies (_add_keywords).
    how = search_shards.recipe(language, glob, vocabulary,
                               [Path(search_words.__file__), Path(__file__), rules_path(settings)])
    listed = search_shards.read_manifest(root)
    kept = _kept_index_folder(settings)
    records, work = [], []
    for shard in shards:
        digest = shard.digest(how)
        bundle = root / shard.name
        expected = len(shard.pages)
        if listed.get(shard.name, {}).get("digest") == digest and _complete(bundle, expected):
            log.info("Pagefind: %s's %d pages are unchanged: index left as it is", shard.name, expected)
        elif kept and _reuse(kept / shard.name / digest, bundle, expected):
            log.info("Pagefind: %s's %d pages are unchanged: index copied from %s", shard.name, expected,
                     kept / shard.name)
        else:
            work.append(([page.path for page in shard.pages], bundle, digest))
        records.append(shard.record(digest))
    index_years(output, [(pages, bundle) for pages, bundle, _ in work], glob, language, vocabulary, keywords)
    if kept:
        for _, bundle, digest in work:
            _keep(bundle, kept / bundle.name, digest)
    _finish(root, records)
    if kept:
        for folder in search_shards.stale(kept, {shard.name for shard in shards}):
            shutil.rmtree(folder, ignore_errors=True)


def index_pages(output: Path, pages: list[Path], bundle: Path, glob: str, language: str,
                vocabulary: frozenset[str], keywords: dict[str, tuple[str, ...]] | None = None) -> None:
    """Index `pages` (relative to `output`) into `bundle` in one Pagefind process, or raise
    SearchIndexError."""
    index_years(output, [(pages, bundle)], glob, language, vocabulary, keywords)


def index_years(output: Path, work: list[tuple[list[Path], Path]], glob: str, language: str,
                vocabulary: frozenset[str], keywords: dict[str, tuple[str, ...]] | None = None) -> None:
    """Index each year's `pages` (relative to `output`) into its `bundle`, each in a Pagefind
    process of its own and one after another, so the peak is one year's; or raise SearchIndexError.

    The copies of the next year's pages are made while Pagefind indexes this year's (Pagefind runs
    in its own process, so the copies take the other core): made one after the other, the 7 years
    of 5,300 generated articles took 46 s, against 34 s for one index of them all. Thai runs are
    cut by one Pagefind run for all the years (search_words.py). Each bundle is made beside its
    place and moved there whole: a failed build leaves the last complete bundle."""
    if not work:
        return
    every = [page for pages, _ in work for page in pages]
    with tempfile.TemporaryDirectory(prefix=".search-pages-", dir=scratch_space(output, every)) as scratch:
        thai = thai_words(output, every, Path(scratch) / ".thai", keywords)
        lexicon = search_words.Lexicon(vocabulary, thai)
        run_to_completion(_index_in_turn(output, work, Path(scratch), glob, language, lexicon, keywords))


async def _index_in_turn(output: Path, work: list[tuple[list[Path], Path]], scratch: Path, glob: str,
                         language: str, lexicon: search_words.Lexicon,
                         keywords: dict[str, tuple[str, ...]] | None = None) -> None:
    def copies(number: int) -> Path:
        folder = scratch / str(number)
        write_indexed_pages(output, work[number][0], folder, lexicon, keywords)
        return folder

    ready = asyncio.ensure_future(asyncio.to_thread(copies, 0))
    try:
        for number, (pages, bundle) in enumerate(work):
            folder = await ready
            made = bundle.with_name(f".{bundle.name}.new")
            indexing = asyncio.ensure_future(index_site(folder, glob=glob, language=language, bundle=made))
            if number + 1 < len(work):
                ready = asyncio.ensure_future(asyncio.to_thread(copies, number + 1))
            reported = await indexing
            shutil.rmtree(folder, ignore_errors=True)
            verify_index(made, expected=len(pages), reported=reported)
            written = install_bundle(made, bundle)
            log.info("Pagefind: indexed %d pages into %s (%d files written)", reported, bundle, written)
    finally:  # if indexing failed, the copies under way finish before their folder is removed
        await asyncio.gather(ready, return_exceptions=True)


def install_bundle(made: Path, bundle: Path) -> int:
    """Put the bundle just made in the place of the year's old one, writing only the files that
    changed; return how many were written. A year that gains 100 articles keeps the fragments of
    its other pages: Pagefind names its fragments, index chunks and metadata after their content,
    and the entry file names the metadata. So the new files go in first, the entry last, and only
    then are the old files removed: at every step the bundle is a complete index (the old or the
    new), as when it was moved into place whole, and a rebuild writes 1 % of the site, not 4 %."""
    if not (bundle / ENTRY).is_file():
        shutil.rmtree(bundle, ignore_errors=True)
        os.replace(made, bundle)
        return sum(1 for path in bundle.rglob("*") if path.is_file())
    names = sorted((path.relative_to(made) for path in made.rglob("*") if path.is_file()),
                   key=lambda name: name.as_posix() == ENTRY)  # the entry last
    written = 0
    for name in names:
        source, target = made / name, bundle / name
        if target.is_file() and _same_bytes(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        written += 1
    kept = set(names)
    for path in sorted(bundle.rglob("*"), reverse=True):  # files before their folders
        if path.is_file() and path.relative_to(bundle) not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    shutil.rmtree(made, ignore_errors=True)
    return written


def _same_bytes(one: Path, other: Path) -> bool:
    return one.stat().st_size == other.stat().st_size and one.read_bytes() == other.read_bytes()


def _complete(bundle: Path, expected: int) -> bool:
    try:
        verify_index(bundle, expected=expected, quiet=True)
    except SearchIndexError:
        return False
    return True


def _finish(root: Path, records: list[dict]) -> None:
    """Write what the search page reads besides the bundles (Pagefind's script, shards.json), each
    only if it changed, and remove what is left of other layouts and years."""
    for path in search_shards.stale(root, {record["name"] for record in records}):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    written = {search_shards.MANIFEST: search_shards.manifest(records)}
    if records:  # every bundle's copy of the script is the same Pagefind's
        written[search_shards.SCRIPT] = (root / records[0]["name"] / search_shards.SCRIPT).read_bytes()
    for name, content in written.items():
        target = root / name
        if not target.is_file() or target.read_bytes() != content:
            write_atomically(target, content)


MEMORY_DISK = Path("/dev/shm")


def scratch_space(output: Path, pages: list[Path]) -> Path:
    """Where the copies of the pages (relative to `output`) are written: in memory (/dev/shm) where
    there is room for twice the pages, else beside the output. Writing 1,000 small files took 0.9 s
    on this machine's disk, 0.03 s in memory (a container's /dev/shm may hold only 64 MB)."""
    needed = 2 * sum((output / page).stat().st_size for page in pages)
    try:
        roomy = os.access(MEMORY_DISK, os.W_OK) and shutil.disk_usage(MEMORY_DISK).free > needed
    except OSError:
        roomy = False
    return MEMORY_DISK if roomy else output.parent


def _kept_index_folder(settings: dict) -> Path | None:
    """Where the last index is kept between builds: beside Pelican's content cache, when it is on."""
    if not settings.get("CACHE_CONTENT"):
        return None
    return Path(settings.get("CACHE_PATH", "cache")) / "pagefind"


def chinese_vocabulary(settings: dict) -> frozenset[str]:
    """The topics' keywords written in Han characters: words the Chinese dictionary must cut whole."""
    return frozenset(
        word for words in topic_keywords(settings).values() for word in words
        if any("\u4e00" <= char <= "\u9fff" for char in word))


def rules_path(settings: dict) -> Path:
    return Path(settings.get("TOPIC_RULES", "topics.toml")).resolve()


def topic_keywords(settings: dict) -> dict[str, tuple[str, ...]]:
    """Each topic's keywords in every language (topics.toml), added to the copies of its pages."""
    return load_rules(rules_path(settings)).keywords


_UTF8 = lxml_html.HTMLParser(encoding="utf-8")  # the site's pages are UTF-8 (base.html says so)


def write_indexed_pages(output: Path, pages: list[Path], folder: Path, lexicon: search_words.Lexicon,
                        keywords: dict[str, tuple[str, ...]] | None = None) -> int:
    """Write under `folder`, at the same paths, what Pagefind indexes of each page (relative to
    `output`): the page's `<main>` with the text of its `data-pagefind-body` cut into words, its
    topics' `keywords` added, and its title cut into words as the `words` metadata (the `title`
    stays as written: results show it). Returns the count."""
    count = 0
    made: set[Path] = set()
    for page in pages:
        target = folder / page
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(indexed_page((output / page).read_bytes(), lexicon, page_address(page), keywords),
                          encoding="utf-8")
        count += 1
    return count


def indexed_page(page: bytes, lexicon: search_words.Lexicon, address: str = "",
                 keywords: dict[str, tuple[str, ...]] | None = None) -> str:
    """The part of one built page that Pagefind reads, its text cut into words and its topics'
    `keywords` added (see the top), and its date order (see `date_order`) if it has a date and its
    `address` is given."""
    tree = lxml_html.document_fromstring(page, parser=_UTF8)
    lang = tree.get("lang", "")
    main = next(iter(tree.xpath("//main")), None)
    if main is None:
        main = tree.find("body") if tree.find("body") is not None else tree
    bodies = main.xpath(".//*[@data-pagefind-body]")
    if bodies and keywords:
        _add_keywords(bodies[0], main.xpath('.//data[@data-pagefind-filter="tag[value]"]/@value'), keywords)
    for body in bodies:
        _cut_text(body, lang, lexicon)
    for title in main.xpath('.//*[@data-pagefind-meta="title"]'):
        cut = search_words.indexed_text(title.text_content(), lang, lexicon)
        words = lxml_html.Element("data", value=cut)
        words.set("data-pagefind-meta", "words[value]")
        title.addnext(words)
    if address:
        date_order(main, address)
    head = f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8"></head><body>'
    return head + lxml_html.tostring(main, encoding="unicode") + "</body></html>"


ORDER_OFFSET = 10**12  # seconds added to a date so that every date sorts as 13 digits, 1970 and before too


def date_order(main, address: str) -> None:
    """Make the page's date sort value its date, then its address (the URL path Pagefind gives the
    page, as it gives it): `0001765423080 /articles/slug/ja/`.

    Pagefind sorts equal values in no fixed order, and in another one in a bundle of some pages
    than in one of all of them; with one value per page, "newest first" is one order however the
    archive is cut into year bundles, and search.js, which merges the bundles, orders two results
    of one date by their address the same way. Pagefind compares these values as text, byte by
    byte. (Not a metadata field: Pagefind indexes every metadata value's words, and `100…` would
    then find every page.)"""
    for element in main.xpath('.//*[@data-pagefind-sort="date[value]"]')[:1]:
        try:
            seconds = int(element.get("value", ""))
        except ValueError:
            return
        element.set("value", f"{seconds + ORDER_OFFSET:013d} {address}")


def page_address(page: Path) -> str:
    """The URL path Pagefind gives a page at `page` (relative to the site): a folder's index.html is
    the folder."""
    address = "/" + page.as_posix()
    return address.removesuffix("index.html")


def _add_keywords(body, tags: list[str], keywords: dict[str, tuple[str, ...]]) -> None:
    """Every keyword of the page's topics (its `tag` filters), each an item of a list at the end of
    its indexed text. Its lower weight ranks articles that use a word in their text above those
    that only have the topic; the "。" after each keeps a word from running into the next."""
    words = search_keywords(tags, keywords)
    if not words:
        return
    listed = lxml_html.Element("ul", {"class": "search-terms", "data-pagefind-weight": "0.5"})
    for word in words:
        lxml_html.etree.SubElement(listed, "li").text = f"{word}。"
    body.append(listed)


_TAG_FILTER = re.compile(r'<data value="([^"]*)" data-pagefind-filter="tag\[value\]">')  # article.html's


def _with_keywords(page: str, keywords: dict[str, tuple[str, ...]] | None) -> str:
    """The page's text and the keywords its copy gets (_add_keywords)."""
    tags = [unescape(tag) for tag in _TAG_FILTER.findall(page)] if keywords else []
    return " ".join((page, *search_keywords(tags, keywords or {})))


THAI_RUNS_A_PAGE = 1000


def thai_words(output: Path, pages: list[Path], folder: Path,
               keywords: dict[str, tuple[str, ...]] | None = None) -> dict[str, tuple[str, ...]]:
    """Each run of Thai letters on the pages and in the topics' `keywords` (added to the pages'
    copies) -> its words, as Pagefind's Thai dictionary cuts it: the runs are written into pages
    of their own under `folder`, one a paragraph, indexed with Pagefind told they are Thai, and
    read back from the text it keeps (its words joined by U+200B, a paragraph ended by ". "). A
    run read back as anything else is left whole."""
    texts = (_with_keywords((output / page).read_text(encoding="utf-8"), keywords) for page in pages)
    runs = sorted({run for text in texts for run in search_words.thai_runs(text)})
    if not runs:
        return {}
    pages = [runs[start:start + THAI_RUNS_A_PAGE] for start in range(0, len(runs), THAI_RUNS_A_PAGE)]
    for number, page in enumerate(pages):
        paragraphs = "".join(f"<p>{run}</p>" for run in page)
        write_atomically(folder / f"{number}.html", (
            f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head><body>'
            f"<main data-pagefind-body>{paragraphs}</main></body></html>").encode())
    run_to_completion(index_site(folder, glob="*.html", language="th", bundle=folder / "pagefind"))
    words: dict[str, tuple[str, ...]] = {}
    for fragment in (folder / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        number = int(record["url"].strip("/").removesuffix(".html"))
        cut = [tuple(w for w in part.strip("\u200b. ").split("\u200b") if w)
               for part in record["content"].split(". ")]
        for run, parts in zip(pages[number], cut, strict=False):
            if "".join(parts) == run and len(parts) > 1:
                words[run] = parts
    shutil.rmtree(folder, ignore_errors=True)
    return words


def _cut_text(body, lang: str, lexicon: search_words.Lexicon) -> None:
    """Cut every text of `body` into words, each knowing the text next to it: an element between
    two texts (`価格は<b>$90,000</b>を`) joins them into one word unless a cut parts them."""
    pieces = [(element, side, text) for element, side in _texts(body, body)
              if (text := getattr(element, side))]
    for n, (element, side, text) in enumerate(pieces):
        before = pieces[n - 1][2][-1] if n else " "
        after = pieces[n + 1][2][0] if n + 1 < len(pieces) else " "
        setattr(element, side, search_words.indexed_text(text, lang, lexicon, before, after))


def _texts(element, top):
    """(element, "text" or "tail") for every text under `top`, in the order a reader reads them."""
    yield element, "text"
    for child in element:
        yield from _texts(child, top)
    if element is not top:
        yield element, "tail"


def _reuse(kept: Path, bundle: Path, expected: int) -> bool:
    """Copy the kept bundle of the same pages into place, if there is a complete one (a build in a
    fresh output folder, e.g. on a GitHub Actions runner with the cache restored)."""
    if not kept.is_dir():
        return False
    try:
        verify_index(kept, expected=expected)
    except SearchIndexError as error:
        log.warning("Pagefind: the kept index is not complete (%s); indexing again", error)
        return False
    shutil.rmtree(bundle, ignore_errors=True)
    shutil.copytree(kept, bundle)
    return True


def _keep(bundle: Path, folder: Path, digest: str) -> None:
    """Keep this build's bundle of a year for the next build (the latest one only: a year of
    1,500 articles is about 8 MB)."""
    shutil.rmtree(folder, ignore_errors=True)
    temporary = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    shutil.copytree(bundle, temporary / digest)
    os.replace(temporary, folder)


T = TypeVar("T")


def run_to_completion(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run, also when this thread already runs an event loop (Pelican driven from async
    code, or a process that keeps Playwright's sync API open): then in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def count_pages(output: Path, glob: str) -> int:
    """How many pages under `output` the glob gives Pagefind."""
    return sum(1 for path in output.glob(glob) if path.is_file())


async def index_site(output: Path, glob: str, language: str, bundle: Path | None = None) -> int:
    """Index the pages matching `glob` under `output` into `bundle` (default output/pagefind);
    return how many pages Pagefind reports it indexed. The files are fetched from the backend in
    memory and written here, each completely (temp file + os.replace), before this returns."""
    bundle = bundle or output / "pagefind"
    shutil.rmtree(bundle, ignore_errors=True)  # stale fragments of a previous build
    config = IndexConfig(force_language=language, output_path=str(bundle))
    # Not `async with`: its exit writes through the backend (unflushed) and then SIGTERMs it.
    index = PagefindIndex(config=config)
    await index.__aenter__()
    try:
        _raise_reply_limit(index)
        result = await index.add_directory(str(output), glob=glob)
        files = await index.get_files()
    finally:
        await _stop(index)
    for file in files:
        write_atomically(bundle / _relative(file["path"], bundle), file["content"])
    return int(result.get("page_count", -1)) if isinstance(result, dict) else -1


def _raise_reply_limit(index: PagefindIndex) -> None:
    """The whole bundle comes back as one base64 reply; the API reads replies with a 2 MiB
    line limit, past which its reader task dies and the request never completes."""
    stdout = getattr(getattr(index._service, "_backend", None), "stdout", None)
    if stdout is not None and hasattr(stdout, "_limit"):
        stdout._limit = max(stdout._limit, REPLY_LIMIT)


def _relative(path: str, bundle: Path) -> Path:
    """Where in the bundle a file Pagefind returned goes (it names them under its output path)."""
    name = Path(path)
    for base in (bundle, Path("pagefind")):
        try:
            return name.relative_to(base)
        except ValueError:
            continue
    if name.is_absolute() or ".." in name.parts:
        raise SearchIndexError(f"Pagefind returned a file outside its bundle: {path}")
    return name


def write_atomically(path: Path, content: bytes) -> None:
    """Write the whole file under a temporary name, then rename it into place. No fsync: the
    index is rebuilt by the next build, and one fsync per page's fragment made a build of
    10,000 articles wait on the disk 10,000 times."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


async def _stop(index: PagefindIndex) -> None:
    """Stop the backend; nothing it writes itself is used."""
    service = index._service
    if service is not None:
        await service.close()


def verify_index(bundle: Path, expected: int, reported: int | None = None, quiet: bool = False) -> dict:
    """Check what Pagefind wrote into `bundle`: the entry file parses, its page count (and
    `reported`, add_directory's) equals `expected`, and every file it names or the search page
    loads exists, is not empty and (the gzipped ones) decompresses. Returns the parsed entry;
    raises SearchIndexError naming every problem (and logs it, unless `quiet`: a bundle that is
    only being looked at to see whether it can stay)."""
    problems: list[str] = []
    entry = _read_entry(bundle / ENTRY, problems)
    if reported is not None and reported != expected:
        problems.append(f"Pagefind reports {reported} pages indexed, but {expected} article pages were given")
    if entry is not None:
        languages = entry["languages"]
        counted = sum(int(meta.get("page_count", 0)) for meta in languages.values())
        if counted != expected:
            problems.append(
                f"{bundle / ENTRY} counts {counted} pages, but {expected} article pages were given"
            )
        for language, meta in languages.items():
            if not meta.get("hash"):
                problems.append(f"{bundle / ENTRY} names no meta file for language {language!r}")
                continue
            _check_file(bundle / f"pagefind.{meta['hash']}.pf_meta", problems)
            if meta.get("wasm"):
                _check_file(bundle / f"wasm.{meta['wasm']}.pagefind", problems)
    for name in REQUIRED:
        _check_file(bundle / name, problems)
    if bundle.is_dir():
        for pattern in GZIPPED:
            for path in sorted(bundle.glob(pattern)):
                _check_file(path, problems)
        fragments = len(list(bundle.glob("fragment/*.pf_fragment")))
        if expected and fragments == 0:
            problems.append(f"{bundle / 'fragment'} holds no page fragments")
    if problems:
        message = "Pagefind search index incomplete:\n  " + "\n  ".join(problems)
        if not quiet:
            log.error("%s", message)
        raise SearchIndexError(message)
    return entry


def _read_entry(path: Path, problems: list[str]) -> dict | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(f"{path} missing ({error.strerror})")
        return None
    if not data:
        problems.append(f"{path} is empty (0 bytes)")
        return None
    try:
        entry = json.loads(data)
    except ValueError as error:
        problems.append(f"{path} is not JSON ({error})")
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("languages"), dict):
        problems.append(f"{path} has no 'languages' object")
        return None
    return entry


def _check_file(path: Path, problems: list[str]) -> None:
    if not path.is_file():
        problems.append(f"{path} missing")
        return
    data = path.read_bytes()
    if not data:
        problems.append(f"{path} is empty (0 bytes)")
        return
    if path.suffix in (".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter"):
        try:
            gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            problems.append(f"{path} is truncated or corrupt ({error})")
