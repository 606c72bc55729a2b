"""Writing articles: the digest that tells generated files from hand edits, atomic writes."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from converter import store
from converter.store import (
    DIGEST_KEY,
    TEMP_SUFFIX,
    WriteResult,
    atomic_write,
    is_hand_edited,
    with_digest,
    write_article,
)

TEXT = "Title: A\nLang: en\n\nBody text.\n"


def test_generated_text_is_not_hand_edited():
    assert not is_hand_edited(with_digest(TEXT))


def test_any_change_counts_as_hand_edit():
    generated = with_digest(TEXT)
    assert is_hand_edited(generated.replace("Body text.", "Body text, edited."))
    assert is_hand_edited(TEXT)  # written by hand: no digest at all


def test_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "2025" / "a.en.md"
    assert write_article(target, TEXT).status == "converted"
    assert write_article(target, TEXT).status == "unchanged"
    assert [p.name for p in target.parent.iterdir()] == ["a.en.md"]


def test_new_conversion_replaces_unedited_file(tmp_path):
    target = tmp_path / "a.en.md"
    write_article(target, TEXT)
    result = write_article(target, TEXT.replace("Body", "New body"))
    assert result.status == "converted"
    assert "New body" in target.read_text(encoding="utf-8")


def test_digest_format_is_the_one_files_on_disk_carry():
    """Articles written by earlier runs must still read as generated: the digest line is a
    contract with the files already in content/ (the first 16 hex digits of the text's SHA-256)."""
    digest = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()[:16]
    assert with_digest(TEXT) == f"Title: A\nLang: en\n{DIGEST_KEY}: {digest}\n\nBody text.\n"


def test_a_digest_line_in_the_body_does_not_make_a_file_generated():
    """Only the metadata header counts: a hand-written article that quotes a digest line in its
    body (even a matching one) is still the user's."""
    header = "Title: Notes on the converter\nLang: en\n\n"
    body = "\nHow the archive tells its files apart.\n\nMore.\n"
    digest = hashlib.sha256((header + body).encode("utf-8")).hexdigest()[:16]
    assert is_hand_edited(f"{header}{DIGEST_KEY}: {digest}\n{body}")


def test_hand_edited_file_is_kept_by_default(tmp_path):
    """Overwriting a hand edit takes an explicit `force`: the default keeps the user's work."""
    target = tmp_path / "a.en.md"
    target.write_text("Title: A\nLang: en\n\nMy own words.\n", encoding="utf-8")
    result = write_article(target, TEXT)
    assert result == WriteResult("unchanged", "edited by hand since conversion; --force overwrites it")
    assert target.read_text(encoding="utf-8") == "Title: A\nLang: en\n\nMy own words.\n"
    assert write_article(target, TEXT, force=True) == WriteResult("converted", "")
    assert not is_hand_edited(target.read_text(encoding="utf-8"))


def test_each_outcome_tells_the_report_why(tmp_path):
    """The reason lands in the JSON report: empty for a fresh write, explicit for a skipped one."""
    target = tmp_path / "a.en.md"
    assert write_article(target, TEXT) == WriteResult("converted", "")
    assert write_article(target, TEXT) == WriteResult("unchanged", "already up to date")


def test_folders_are_created_as_deep_as_needed(tmp_path):
    target = tmp_path / "content" / "articles" / "2025" / "a.en.md"
    write_article(target, TEXT)
    assert target.read_text(encoding="utf-8") == with_digest(TEXT)


def test_temporary_file_is_hidden_beside_the_target(tmp_path, monkeypatch):
    """A rename is atomic only within one folder's filesystem, and a temporary file a killed run
    leaves behind must be recognisable (hidden, `.tmp`) for the next run to remove it."""
    renamed = []
    real_replace = os.replace

    def replace(source, destination):
        renamed.append(Path(source))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "2025" / "a.en.md"
    atomic_write(target, "Title: A\n")
    [temporary] = renamed
    assert temporary.parent == target.parent
    assert temporary.name.startswith(".a.en.md.") and temporary.name.endswith(TEMP_SUFFIX)


def test_a_failed_write_leaves_the_old_article_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "a.en.md"
    write_article(target, TEXT)
    before = target.read_bytes()

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as failure:
        write_article(target, TEXT.replace("Body", "New body"))
    assert failure.value.errno == errno.ENOSPC  # the cause, not an error of the clean-up
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.en.md"]


def test_reading_the_umask_leaves_it_as_it_was():
    """The umask is read by setting it: it must be put back, or every later file would get 0666."""
    old = os.umask(0o027)
    try:
        assert store._umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(old)


def test_only_a_file_that_replaces_another_is_flushed_to_disk_first(tmp_path, monkeypatch):
    """A power cut must not leave an empty file where an article was; a new file costs no fsync."""
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    target = tmp_path / "a.en.md"
    atomic_write(target, "Title: A\n")
    assert synced == []
    atomic_write(target, "Title: B\n")
    assert len(synced) == 1 and target.read_text(encoding="utf-8") == "Title: B\n"
