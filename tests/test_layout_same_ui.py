"""The app's "Same layout in English" export, on the real tiny model (pytest-qt, offscreen):
the project's edited English goes into the source document's own layout."""

from __future__ import annotations

import pytest
from layout_docs import CABINET, HEADLINE, RESHUFFLE, SUMMIT, build_python_docx
from PySide6.QtWidgets import QFileDialog, QMessageBox
from test_layout_same import _parts, _texts, _xml
from ui_helpers import open_file, translate

from desk.project import Status
from desk.ui import export_dialog


@pytest.fixture
def window(window, monkeypatch):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    return window


def _answer(monkeypatch, out) -> list:
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _t, suggestion, *a, **k:
                        asked.append(suggestion) or (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    return asked


def _row(window, arabic: str) -> int:
    return next(r for r, row in enumerate(window.model.rows) if row.source == arabic)


def test_same_layout_export_uses_the_edited_english(qtbot, window, tmp_path, monkeypatch):
    source = build_python_docx(tmp_path / "report.docx")
    open_file(qtbot, window, source)
    translate(qtbot, window)
    window.editor.edit_target(_row(window, RESHUFFLE[0]), "Edited in the app.")  # an undoable edit command
    window.editor.edit_target(_row(window, SUMMIT[0]), "Edited, then undone.")
    window.act_undo.trigger()
    assert window.model.project.segment(window.model.row(_row(window, RESHUFFLE[0])).index).status == Status.EDITED
    out = tmp_path / "out" / "report-en.docx"
    out.parent.mkdir()
    asked = _answer(monkeypatch, out)
    action = window.export_actions["same_layout"]
    assert action.isEnabled() and action in window.export_menu.actions()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000):
        action.trigger()
    assert asked == [str(tmp_path / "report-en.docx")]  # next to the source the first time
    parts = _parts(out)
    body = _texts(_xml(parts, "word/document.xml"))
    assert f"{CABINET[1]} Edited in the app." in body
    assert SUMMIT[1] in body and "Edited, then undone." not in " ".join(body)
    # the header is not in the project's text: the engine fills it in
    assert _texts(_xml(parts, "word/header1.xml")) == [HEADLINE[1]]
    assert window.statusBar().currentMessage() == f"Saved report-en.docx in {out.parent}."
    assert window.settings.get("export_folder") == str(out.parent)


def test_same_layout_export_needs_a_docx_or_html_source(qtbot, window, tmp_path, monkeypatch, fixture_corpus):
    source = tmp_path / "a.txt"
    source.write_text(fixture_corpus[0][0], encoding="utf-8")
    open_file(qtbot, window, source)
    translate(qtbot, window)
    asked = _answer(monkeypatch, tmp_path / "never.docx")
    assert window.export("same", "", "") is None
    assert window.statusBar().currentMessage() == (
        "Same-layout export needs a .docx or .html source; this project was made from a.txt.")
    assert asked == [] and not (tmp_path / "never.docx").exists()


def test_same_layout_export_says_when_the_source_is_gone(qtbot, window, tmp_path, monkeypatch):
    source = build_python_docx(tmp_path / "report.docx")
    open_file(qtbot, window, source)
    translate(qtbot, window)
    source.unlink()
    asked = _answer(monkeypatch, tmp_path / "never.docx")
    assert window.export("same", "", "") is None
    assert window.statusBar().currentMessage().startswith(f"The project's source file {source} is gone")
    assert asked == [] and not (tmp_path / "never.docx").exists()
