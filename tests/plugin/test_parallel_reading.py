"""Articles the reader cache does not hold are read by forked processes, and Pelican then builds
exactly the articles it builds reading them in turn, with its own errors for a file it cannot read."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest
from archive import parallel_reading
from archive.markdown_reader import typogrify_in_readers
from archive.parallel_reading import LEAST_FILES, read_articles_in_parallel
from pelican.generators import ArticlesGenerator
from pelican.settings import DEFAULT_CONFIG, configure_settings

ARTICLES = LEAST_FILES + 6


def write_articles(content: Path, count: int = ARTICLES, first: int = 0) -> None:
    (content / "articles").mkdir(parents=True, exist_ok=True)
    for number in range(first, count):
        (content / "articles" / f"a{number:03}.md").write_text(
            f"Title: Article {number} -- \"quoted\"\nDate: 2026-01-{number % 28 + 1:02} 10:00\n"
            f"Tags: Bitcoin, T{number % 5}\n\nIt's paragraph {number}, with a note.[^1]\n\n"
            f"[^1]: Note {number}.\n", encoding="utf-8")


def generator(content: Path, **settings) -> ArticlesGenerator:
    """An articles generator as a build makes it, with the typogrifying reader of the plugin.
    (pelicanconf as now loaded: Pelican's settings loader replaces the module, and the processes
    send back tags whose settings hold its Markdown formatter class, which must be the current one.)"""
    pelicanconf = importlib.import_module("pelicanconf")
    configured = configure_settings({
        **DEFAULT_CONFIG, "PATH": str(content), "MARKDOWN": pelicanconf.MARKDOWN, "TYPOGRIFY": True,
        "TYPOGRIFY_OMIT_FILTERS": pelicanconf.TYPOGRIFY_OMIT_FILTERS,
        "CACHE_PATH": str(content.parent / "cache"), **settings})
    context = {**configured, "generated_content": {}, "static_content": {}, "static_links": set()}
    made = ArticlesGenerator(context=context, settings=configured, path=str(content),
                             theme=configured["THEME"], output_path=str(content.parent / "output"))
    typogrify_in_readers(made)
    return made


def articles(made: ArticlesGenerator) -> dict[str, tuple[str, str, list[str]]]:
    made.generate_context()
    return {a.source_path: (a.title, a.content, [t.name for t in a.tags]) for a in made.articles}


def count_reads_here(made: ArticlesGenerator) -> list[str]:
    """Files the reader reads in this process (a forked process counts in its own copy)."""
    here, reads = os.getpid(), []
    reader = made.readers.readers["md"]
    read = reader.read

    def counted(path):
        if os.getpid() == here:
            reads.append(path)
        return read(path)

    reader.read = counted
    return reads


def test_articles_read_in_processes_are_those_read_in_turn(tmp_path):
    content = tmp_path / "content"
    write_articles(content)
    in_turn = articles(generator(content))
    made = generator(content)
    reads_here = count_reads_here(made)
    read_articles_in_parallel(made)
    in_processes = articles(made)
    assert len(in_turn) == ARTICLES and "&#8220;quoted&#8221;" in next(iter(in_turn.values()))[0]
    assert in_processes == in_turn
    assert reads_here == []  # every article came from the processes
    tags = [tag for article in made.articles for tag in article.tags]
    assert len(tags) == 2 * ARTICLES and all(tag.settings is made.settings for tag in tags)  # not copies


def test_a_file_that_cannot_be_read_is_reported_by_pelican_and_the_rest_are_built(tmp_path, caplog):
    content = tmp_path / "content"
    write_articles(content)
    (content / "articles" / "broken.md").write_bytes(b"Title: \xff\xfe broken\n\nNot UTF-8 \xff.\n")
    made = generator(content)
    reads_here = count_reads_here(made)
    read_articles_in_parallel(made)
    built = articles(made)
    assert len(built) == ARTICLES and not any(path.endswith("broken.md") for path in built)
    assert [Path(path).name for path in reads_here] == ["broken.md"]  # read again here, and failed
    assert any("broken.md" in record.getMessage() for record in caplog.records)


def test_articles_the_cache_holds_are_not_read_again(tmp_path):
    content = tmp_path / "content"
    write_articles(content)
    cached = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = generator(content, **cached)
    articles(first)
    first.readers.save_cache()
    write_articles(content, ARTICLES + LEAST_FILES, first=ARTICLES)  # enough new ones to start processes
    made = generator(content, **cached)
    unread = parallel_reading._unread(made)
    new = [f"a{n:03}.md" for n in range(ARTICLES, ARTICLES + LEAST_FILES)]
    assert [Path(path).name for path in unread] == new


@pytest.mark.parametrize("settings", [{"READ_PROCESSES": 1}, {}])
def test_one_process_or_a_few_files_are_read_in_turn(tmp_path, settings):
    content = tmp_path / "content"
    write_articles(content, ARTICLES if settings else LEAST_FILES - 1)
    made = generator(content, **settings)
    reads_here = count_reads_here(made)
    read_articles_in_parallel(made)
    assert len(articles(made)) == len(reads_here) > 0


def read_differently_in_processes(made: ArticlesGenerator, name: str, do) -> list[str]:
    """The reader does `do(metadata)` for the file `name` when it runs in a forked process."""
    here = os.getpid()
    reads_here = count_reads_here(made)
    reader = made.readers.readers["md"]
    read = reader.read

    def read_there(path):
        content, metadata = read(path)
        if os.getpid() != here and path.endswith(name):
            do(metadata)
        return content, metadata

    reader.read = read_there
    return reads_here


def test_a_result_that_cannot_be_sent_back_costs_only_its_own_file(tmp_path):
    content = tmp_path / "content"
    write_articles(content)
    made = generator(content)
    reads_here = read_differently_in_processes(made, "a003.md", lambda m: m.update(unpicklable=lambda: 0))
    read_articles_in_parallel(made)
    assert len(articles(made)) == ARTICLES
    assert [Path(path).name for path in reads_here] == ["a003.md"]


def test_a_process_that_dies_leaves_every_file_to_pelican(tmp_path):
    """(The warning it logs is not asserted: under mutmut's in-process runner it is not captured.)"""
    content = tmp_path / "content"
    write_articles(content)
    made = generator(content)
    reads_here = read_differently_in_processes(made, "a003.md", lambda m: os._exit(1))
    read_articles_in_parallel(made)
    assert len(articles(made)) == ARTICLES == len(reads_here)  # all read again here, none lost
