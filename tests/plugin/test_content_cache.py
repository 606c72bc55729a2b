"""A content cache a killed build left unreadable is deleted with a warning, not fatal to later builds."""

from __future__ import annotations

import gzip
import logging
import pickle
from types import SimpleNamespace

from archive import content_cache
from archive.content_cache import cache_files, discard_unreadable_caches, load_error

CACHE = {"content/articles/a.md": ("mtime", "checksum")}  # Pelican caches a dict of source files


def pelican(cache_path, **settings) -> SimpleNamespace:
    """What the `initialized` signal sends, with publishconf.py's cache settings."""
    return SimpleNamespace(settings={"LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache_path), **settings})


def write_cache(path, data, gzipped: bool = True) -> bytes:
    raw = pickle.dumps(data)
    path.write_bytes(gzip.compress(raw) if gzipped else raw)
    return path.read_bytes()


def test_a_cache_file_cut_short_is_deleted_with_a_warning_naming_it(tmp_path, caplog):
    whole = write_cache(tmp_path / "ArticlesGenerator", CACHE)
    cut = tmp_path / "ArticlesGenerator-Readers"
    cut.write_bytes(whole[: len(whole) // 2])  # the build was killed while writing it
    with caplog.at_level(logging.WARNING, logger="archive.content_cache"):
        discard_unreadable_caches(pelican(tmp_path))
    assert not cut.exists()
    assert (tmp_path / "ArticlesGenerator").read_bytes() == whole
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == (
        f"Discarding unreadable content cache {cut} (EOFError: Compressed file ended before the "
        "end-of-stream marker was reached): rebuilt from the content."
    )


def test_a_cache_that_is_not_pelicans_dict_is_deleted(tmp_path):
    odd = tmp_path / "PagesGenerator"
    write_cache(odd, ["not", "a", "dict"])
    assert load_error(odd, gzipped=True) == "a list, not Pelican's dict"
    discard_unreadable_caches(pelican(tmp_path))
    assert not odd.exists()


def test_other_files_in_the_cache_folder_are_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"\x00 not a pickle")
    lookalike = tmp_path / "ArticlesGenerator.bak"
    lookalike.write_bytes(b"")
    (tmp_path / "StaticGenerator").mkdir()  # a folder, not a cache file
    assert cache_files(tmp_path) == []
    discard_unreadable_caches(pelican(tmp_path))
    assert notes.exists() and lookalike.exists()


def test_cache_files_are_found_in_name_order(tmp_path):
    for name in ("PagesGenerator", "ArticlesGenerator-Readers", "ArticlesGenerator"):
        write_cache(tmp_path / name, CACHE)
    assert [p.name for p in cache_files(tmp_path)] == [
        "ArticlesGenerator", "ArticlesGenerator-Readers", "PagesGenerator",
    ]


def test_an_uncompressed_cache_is_read_as_pelican_reads_it(tmp_path):
    """GZIP_CACHE = False: Pelican pickles without gzip; a gzipped file is then unreadable to it."""
    plain = tmp_path / "ArticlesGenerator"
    write_cache(plain, CACHE, gzipped=False)
    zipped = tmp_path / "PagesGenerator"
    write_cache(zipped, CACHE)
    discard_unreadable_caches(pelican(tmp_path, GZIP_CACHE=False))
    assert plain.exists() and not zipped.exists()


def test_gzip_is_the_default_as_in_pelican(tmp_path):
    zipped = tmp_path / "ArticlesGenerator"
    write_cache(zipped, CACHE)
    plain = tmp_path / "PagesGenerator"
    write_cache(plain, CACHE, gzipped=False)
    discard_unreadable_caches(pelican(tmp_path))
    assert zipped.exists() and not plain.exists()
    assert load_error(zipped, gzipped=True) is None


def test_nothing_is_touched_when_the_cache_is_not_loaded(tmp_path):
    cut = tmp_path / "ArticlesGenerator"
    cut.write_bytes(gzip.compress(pickle.dumps(CACHE))[:10])
    discard_unreadable_caches(pelican(tmp_path, LOAD_CONTENT_CACHE=False))
    discard_unreadable_caches(SimpleNamespace(settings={"CACHE_PATH": str(tmp_path)}))  # Pelican's default
    assert cut.exists()


def test_a_missing_cache_folder_is_no_error(tmp_path):
    discard_unreadable_caches(pelican(tmp_path / "cache"))  # the first build: nothing cached yet
    assert cache_files(tmp_path / "cache") == []


def test_a_cache_file_another_build_already_deleted_is_no_error(tmp_path, monkeypatch):
    """Two builds at once (make serve and make publish): the other one may delete the file first."""
    cut = tmp_path / "ArticlesGenerator"
    cut.write_bytes(b"\x1f\x8b")

    def deleted_meanwhile(path, gzipped):
        path.unlink()
        return "EOFError: cut short"

    monkeypatch.setattr(content_cache, "load_error", deleted_meanwhile)
    discard_unreadable_caches(pelican(tmp_path))
    assert not cut.exists()


def test_reader_caches_made_under_other_reading_settings_are_deleted(tmp_path):
    """Pelican's reader cache keeps typogrified HTML: a change of TYPOGRIFY_DASHES (or of the
    Markdown extensions) must read every file again; the generators' own caches stay."""
    readers, articles = tmp_path / "ArticlesGenerator-Readers", tmp_path / "ArticlesGenerator"
    discard_unreadable_caches(pelican(tmp_path, TYPOGRIFY=True, TYPOGRIFY_DASHES="default"))
    write_cache(readers, CACHE)
    write_cache(articles, CACHE)
    discard_unreadable_caches(pelican(tmp_path, TYPOGRIFY=True, TYPOGRIFY_DASHES="default"))
    assert readers.exists()  # the same settings: the cache is used
    discard_unreadable_caches(pelican(tmp_path, TYPOGRIFY=True, TYPOGRIFY_DASHES="oldschool"))
    assert not readers.exists() and articles.exists()
    assert '"TYPOGRIFY_DASHES": "oldschool"' in (tmp_path / content_cache.RECORD).read_text(encoding="utf-8")


def test_a_reader_cache_with_no_record_of_its_settings_is_deleted(tmp_path):
    """A cache from before the settings were recorded may have been read under any of them."""
    readers = tmp_path / "PagesGenerator-Readers"
    write_cache(readers, CACHE)
    discard_unreadable_caches(pelican(tmp_path, MARKDOWN={"extensions": ["toc"]}))
    assert not readers.exists() and (tmp_path / content_cache.RECORD).is_file()
