"""Writing articles: the digest that tells generated files from hand edits, atomic writes."""

from __future__ import annotations

from converter.store import is_hand_edited, with_digest, write_article

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
