"""The app's "Same layout in English" export, on the real tiny model (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from layout_docs import CABINET, HEADLINE, RESHUFFLE, build_python_docx
from PySide6.QtWidgets import QFileDialog, QMessageBox
from test_layout_same import _parts, _texts, _xml
from ui_helpers import make_window, model_dir, open_file, translate


@pytest.fixture
def window(qtbot, request):
    w = make_window(qtbot, model_dir(request))
    qtbot.waitUntil(lambda: w.translator is not None and w.translator.loaded, timeout=30_000)
    return w


def _answer(monkeypatch, out):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)


def test_same_layout_export_uses_the_edited_english(qtbot, window, tmp_path, monkeypatch):
    source = build_python_docx(tmp_path / "report.docx")
    open_file(qtbot, window, source)
    translate(qtbot, window)
    row = next(r for r in window.model.rows if r.source == RESHUFFLE[0])
    row.target = "Edited in the app."  # the app has no editing yet; a project's edits arrive the same way
    out = tmp_path / "report-en.docx"
    _answer(monkeypatch, out)
    action = window.export_actions["same_layout"]
    assert action.isEnabled()
    with qtbot.waitSignal(window.exportFinished, timeout=30_000):
        action.trigger()
    parts = _parts(out)
    body = _texts(_xml(parts, "word/document.xml"))
    assert f"{CABINET[1]} Edited in the app." in body
    # the header is not in the app's text: the engine fills it in
    assert _texts(_xml(parts, "word/header1.xml")) == [HEADLINE[1]]


def test_same_layout_export_needs_a_docx_or_html_source(qtbot, window, tmp_path, monkeypatch, fixture_corpus):
    source = tmp_path / "a.txt"
    source.write_text(fixture_corpus[0][0], encoding="utf-8")
    open_file(qtbot, window, source)
    translate(qtbot, window)
    _answer(monkeypatch, tmp_path / "never.txt")
    assert window.export(*("same", "", "")) is None
    assert "needs an opened .docx or .html" in window.statusBar().currentMessage()
    assert not (tmp_path / "never.txt").exists()
