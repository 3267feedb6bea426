"""Folder translation: per-file results, resumable, continues past bad files, cancellable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desk.documents import read_document
from desk.errors import ExportError
from desk.export.batch import batch_translate, plan, scan

FIX = Path(__file__).resolve().parent / "fixtures" / "documents"


@pytest.fixture
def folder(tmp_path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIX / "utf8.txt", src / "a.txt")
    shutil.copy(FIX / "article.md", src / "b.md")
    shutil.copy(FIX / "corrupt.pdf", src / "c.pdf")
    (src / "notes.xyz").write_text("ignored")
    (src / ".hidden.txt").write_text("ignored")
    return src


def test_batch_translates_skips_and_reports_errors(folder, tmp_path, tiny_translator):
    out = tmp_path / "out"
    calls = []

    def translate(document):
        calls.append(document.path)
        return list(tiny_translator.translate_document(document))

    results = list(batch_translate(folder, out, translate, model_name="tiny"))
    assert [(r.source.name, r.status) for r in results] == [("a.txt", "ok"), ("b.md", "ok"), ("c.pdf", "error")]
    assert results[2].message == "Cannot open c.pdf: it is not a valid PDF file (corrupt or truncated)."
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.docx", "b.docx"]
    assert results[0].sentences == len(read_document(folder / "a.txt").sentences())
    back = read_document(out / "a.docx")
    assert "العنوان" in back.text and "Model: tiny" in back.text

    # second run: done files are skipped, the bad one is tried again
    calls.clear()
    again = list(batch_translate(folder, out, translate))
    assert [r.status for r in again] == ["skipped", "skipped", "error"]
    assert calls == []

    # an input edited after its output is translated again
    later = (out / "a.docx").stat().st_mtime + 10
    os.utime(folder / "a.txt", (later, later))
    third = list(batch_translate(folder, out, translate))
    assert [r.status for r in third] == ["ok", "skipped", "error"]


def test_batch_other_formats_and_cancel(folder, tmp_path, tiny_translator):
    out = tmp_path / "out"
    seen = []

    def cancel() -> bool:
        return len(seen) >= 1

    for result in batch_translate(folder, out, lambda d: list(tiny_translator.translate_document(d)),
                                  out_ext=".tmx", cancel=cancel):
        seen.append(result)
    assert [(r.source.name, r.status) for r in seen] == [("a.txt", "ok")]
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == ["a.tmx"]


def test_batch_refuses_bad_folders(folder, tmp_path):
    with pytest.raises(ExportError, match="different from the input folder"):
        list(batch_translate(folder, folder, lambda d: []))
    with pytest.raises(ExportError, match="Cannot write .pdf files"):
        list(batch_translate(folder, tmp_path / "o", lambda d: [], out_ext=".pdf"))


def test_batch_no_translation_is_an_error_per_file(folder, tmp_path):
    results = list(batch_translate(folder, tmp_path / "o", lambda d: []))
    assert [r.status for r in results] == ["error", "error", "error"]
    assert results[0].message == "Cannot open a.txt: it contains no text to translate."


def test_plan_keeps_names_unique(tmp_path):
    for name in ("r.txt", "r.docx", "s.md"):
        (tmp_path / name).write_text("x")
    pairs = plan(tmp_path, tmp_path / "o", ".docx")
    assert [(a.name, b.name) for a, b in pairs] == [("r.docx", "r.docx.docx"), ("r.txt", "r.txt.docx"),
                                                     ("s.md", "s.docx")]


def _write_inbox(folder: Path, names_and_text: dict[str, str]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in names_and_text.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_batch_outputs_are_unique_per_input_and_done_means_this_input(tmp_path, tiny_translator, fixture_corpus):
    """Issue 15 item 2: r.txt/r.TXT and a.txt/a.md/a.txt.md used to share output names (5 inputs, 3 outputs)."""
    inbox, out = tmp_path / "in", tmp_path / "out"
    names = ["r.txt", "r.TXT", "a.txt", "a.md", "a.txt.md"]
    _write_inbox(inbox, {name: fixture_corpus[40 + i][0] for i, name in enumerate(names)})
    translate = lambda d: list(tiny_translator.translate_document(d))  # noqa: E731
    results = list(batch_translate(inbox, out, translate, out_ext=".txt"))
    assert sorted(r.status for r in results) == ["ok"] * 5
    outputs = [r.output.name.casefold() for r in results]
    assert len(set(outputs)) == 5, outputs
    for i, name in enumerate(names):
        produced = next(r.output for r in results if r.source.name == name)
        assert produced.read_text(encoding="utf-8").startswith(fixture_corpus[40 + i][0]), name
    again = list(batch_translate(inbox, out, translate, out_ext=".txt"))
    assert [r.status for r in again] == ["skipped"] * 5


def test_batch_does_not_count_another_inputs_output_as_done(tmp_path, tiny_translator, fixture_corpus):
    inbox, out = tmp_path / "in", tmp_path / "out"
    _write_inbox(inbox, {"a.txt.md": fixture_corpus[50][0]})
    translate = lambda d: list(tiny_translator.translate_document(d))  # noqa: E731
    first = list(batch_translate(inbox, out, translate, out_ext=".txt"))
    assert [(r.source.name, r.output.name, r.status) for r in first] == [("a.txt.md", "a.txt.txt", "ok")]
    _write_inbox(inbox, {"a.txt": fixture_corpus[51][0], "a.md": fixture_corpus[52][0]})
    second = {r.source.name: r.status for r in batch_translate(inbox, out, translate, out_ext=".txt")}
    assert second == {"a.txt": "ok", "a.md": "ok", "a.txt.md": "skipped"}


def test_batch_never_follows_links_out_of_the_inbox(tmp_path, tiny_translator, fixture_corpus):
    """Issue 17 finding: inbox/notes.txt -> a secret outside the folder ended up in the output."""
    secret = tmp_path / "id_rsa.txt"
    secret.write_text("SECRET-KEY-MATERIAL " + fixture_corpus[3][0], encoding="utf-8")
    inbox, out = tmp_path / "in", tmp_path / "out"
    _write_inbox(inbox, {"a.txt": fixture_corpus[4][0]})
    (inbox / "notes.txt").symlink_to(secret)
    (inbox / "same.txt").symlink_to(inbox / "a.txt")  # a link inside the folder is fine
    found = scan(inbox, out, ".txt")
    assert [p.name for p in found.inputs] == ["a.txt", "same.txt"]
    assert [(p.name, why) for p, why in found.ignored] == [("notes.txt", "outside link")]
    assert "notes.txt" in found.describe_ignored()
    results = list(batch_translate(inbox, out, lambda d: list(tiny_translator.translate_document(d)),
                                   out_ext=".txt"))
    assert [r.source.name for r in results] == ["a.txt", "same.txt"]
    assert not any("SECRET" in p.read_text(encoding="utf-8") for p in out.iterdir())


def test_scan_reports_subfolders_and_files_without_extension_or_recurses(tmp_path):
    inbox = tmp_path / "in"
    _write_inbox(inbox, {"a.txt": "نص", "README": "x", "notes.xyz": "x"})
    (inbox / "sub").mkdir()
    (inbox / "sub" / "b.txt").write_text("نص", encoding="utf-8")
    flat = scan(inbox, tmp_path / "out")
    assert [p.name for p in flat.inputs] == ["a.txt"]
    assert flat.describe_ignored() == ("skipped 1 subfolder (use --recursive), 1 file without an extension (README), "
                                       "1 file of an unsupported type (notes.xyz)")
    deep = scan(inbox, tmp_path / "out", recursive=True)
    assert [(p.relative_to(inbox).as_posix(), o.relative_to(tmp_path / "out").as_posix())
            for p, o in deep.pairs] == [("a.txt", "a.docx"), ("sub/b.txt", "sub/b.docx")]


def test_batch_rechecks_links_at_read_time(tmp_path, tiny_translator, fixture_corpus):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET " + fixture_corpus[3][0], encoding="utf-8")
    inbox, out = tmp_path / "in", tmp_path / "out"
    _write_inbox(inbox, {"a.txt": fixture_corpus[4][0]})
    found = scan(inbox, out, ".txt")
    (inbox / "a.txt").unlink()
    (inbox / "a.txt").symlink_to(secret)  # swapped after the scan
    results = list(batch_translate(inbox, out, lambda d: list(tiny_translator.translate_document(d)),
                                   out_ext=".txt", found=found))
    assert [(r.status, r.message) for r in results] == [
        ("error", "Cannot open a.txt: it is a link leading outside the folder, which is never followed.")]
