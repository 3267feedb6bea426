"""Folder translation: per-file results, resumable, continues past bad files, cancellable."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desk.documents import read_document
from desk.errors import ExportError
from desk.export.batch import batch_translate, plan

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
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "b.docx"]
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
    assert [p.name for p in out.iterdir()] == ["a.tmx"]


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
