"""The main window on the real tiny model: open → translate → exact English, alignment,
cancel, export, errors, paste, summary, settings (pytest-qt, offscreen)."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui_helpers import article, make_window, open_file, sentence_pairs, translate

from desk.ui.errors import ERROR_DIALOG_NAME


def _error_dialogs(window):
    return [d for d in window.findChildren(QMessageBox, ERROR_DIALOG_NAME) if d.isVisible()]


def test_open_translate_shows_the_exact_english(qtbot, window, fixture_corpus, tmp_path, monkeypatch):
    pairs = sentence_pairs(fixture_corpus, 12)
    arabic, english = article(pairs)
    path = tmp_path / "article.txt"
    path.write_text(arabic, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    with qtbot.waitSignal(window.documentLoaded, timeout=20_000):
        window.act_open.trigger()
    assert window.model.rowCount() == 12
    assert window.source_pane.toPlainText().replace("\n", " ") == arabic.replace("\n\n", " ")
    assert window.target_pane.toPlainText() == ""
    assert not window.source_pane.isReadOnly(), "the Arabic is editable before translating"
    with qtbot.waitSignal(window.translationFinished, timeout=60_000):
        window.act_translate.trigger()
    assert window.target_pane.toPlainText() == english
    assert [r.target for r in window.model.rows] == [en for _, en in pairs]
    assert window.source_pane.isReadOnly()
    assert window.sentences_label.text() == "12/12 sentences"
    assert "sentences/s" in window.speed_label.text()
    # the Arabic pane is right-to-left and right-aligned
    block = window.source_pane.document().firstBlock()
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert block.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
    assert str(path.resolve()) in window.settings.get("recent_files")
    assert window.recent_menu.actions()[0].toolTip() == str(path.resolve())


def _translated(qtbot, window, fixture_corpus, tmp_path, count=30):
    arabic, _ = article(sentence_pairs(fixture_corpus, count), per_paragraph=2)
    path = tmp_path / "long.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    translate(qtbot, window)
    return path


def test_hover_and_click_highlight_the_counterpart(qtbot, window, fixture_corpus, tmp_path):
    window.resize(900, 400)  # small, so the other pane must scroll
    _translated(qtbot, window, fixture_corpus, tmp_path)
    src, tgt = window.source_pane, window.target_pane
    row = 3
    src.ensure_row_visible(row)
    assert src.viewport().rect().contains(src.point_of_row(row))
    qtbot.mouseMove(src.viewport(), src.point_of_row(row))
    qtbot.waitUntil(lambda: tgt.highlight_row == row, timeout=3000)
    assert src.highlight_row == row
    assert any(s.cursor.selectionStart() == tgt.span(row)[0] for s in tgt.extraSelections())
    # click a sentence far down in the English pane: the Arabic pane scrolls to it
    last = window.model.rowCount() - 1
    tgt.ensure_row_visible(last)
    qtbot.mouseClick(tgt.viewport(), Qt.MouseButton.LeftButton, pos=tgt.point_of_row(last))
    qtbot.waitUntil(lambda: window.alignment.current == last, timeout=3000)
    qtbot.mouseMove(tgt.viewport(), QPoint(2, tgt.viewport().height() + 50))  # leave the text
    qtbot.waitUntil(lambda: src.highlight_row == last, timeout=3000)
    top = src.row_rect_top(last)
    assert 0 <= top < src.viewport().height(), "the counterpart was scrolled into view"
    # scrolling one pane keeps the other on the same sentence
    src.verticalScrollBar().setValue(0)
    assert tgt.top_row() == src.top_row() == 0
    src.scroll_row_to(20, 0)  # as if the user scrolled the Arabic down to sentence 20
    assert src.top_row() == 20
    assert tgt.top_row() == 20 and abs(tgt.row_rect_top(20) - src.row_rect_top(20)) <= 2


def test_cancel_midway_keeps_the_done_sentences(qtbot, window, fixture_corpus, tmp_path):
    pairs = sentence_pairs(fixture_corpus, 200)
    arabic, _ = article(pairs, per_paragraph=4)
    path = tmp_path / "long.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    window.translator.max_batch_tokens = 200  # many small batches, so a cancel lands mid-way
    cancelled = []
    window.translate()
    window.translate_worker.signals.progress.connect(
        lambda _item: cancelled or (cancelled.append(True), window.act_cancel.trigger())
    )
    qtbot.waitUntil(lambda: not window.is_translating(), timeout=60_000)
    done = window.model.done_count()
    assert 1 <= done < len(pairs), done
    rows = window.model.rows
    assert all(r.translated for r in rows[:done]) and not any(r.translated for r in rows[done:])
    assert [r.target for r in rows[:done]] == [en for _, en in pairs[:done]]
    assert window.target_pane.toPlainText().replace("\n", " ") == " ".join(en for _, en in pairs[:done])
    assert "Cancelled" in window.statusBar().currentMessage()
    # translating again finishes the rest and keeps the order
    translate(qtbot, window)
    assert [r.target for r in window.model.rows] == [en for _, en in pairs]
    assert window.longest_stall_ms < 1000, f"the GUI froze for {window.longest_stall_ms:.0f} ms"


@pytest.mark.parametrize("key,member", [("bilingual_docx", "word/document.xml"), ("english_docx", "word/document.xml"),
                                        ("tmx", None), ("txt", None)])
def test_export_through_the_menu(qtbot, window, fixture_corpus, tmp_path, monkeypatch, key, member):
    _translated(qtbot, window, fixture_corpus, tmp_path, count=6)
    ext = {"tmx": ".tmx", "txt": ".txt"}.get(key, ".docx")
    out = tmp_path / "out" / f"exported{ext}"
    out.parent.mkdir()
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    monkeypatch.setattr("desk.ui.export_dialog.can_open_folders", lambda: True)
    action = window.export_actions[key]
    assert action.isEnabled() and not action.shortcut().isEmpty()
    with qtbot.waitSignal(window.exportFinished, timeout=20_000):
        action.trigger()
    assert out.is_file()
    english = window.model.row(0).target
    if member:
        with zipfile.ZipFile(out) as z:
            xml = z.read(member).decode("utf-8")
        assert english.split()[0] in xml
    else:
        assert english in out.read_text(encoding="utf-8")
    assert asked, "the app offers to open the folder"


def test_a_corrupt_file_shows_an_error_and_the_app_keeps_running(qtbot, window, fixture_corpus, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a docx" * 20)
    window.open_path(bad)
    qtbot.waitUntil(lambda: bool(_error_dialogs(window)), timeout=20_000)
    dialog = _error_dialogs(window)[0]
    assert "broken.docx" in dialog.text() and "Traceback" not in dialog.text()
    dialog.accept()
    # still alive: a good file opens and translates
    _translated(qtbot, window, fixture_corpus, tmp_path, count=3)
    assert window.model.done_count() == 3


def test_unexpected_errors_point_at_the_log(qtbot, window):
    from desk.ui.errors import show_error

    box = show_error(window, ZeroDivisionError("boom"))
    assert box.text().startswith("Unexpected error: ZeroDivisionError: boom.")
    assert "Details are in" in box.text()
    box.accept()


def test_paste_plain_and_html(qtbot, window, fixture_corpus, request):
    # The clipboard (a Qt global) must drop our QMimeData while Python is alive, or exit segfaults.
    request.addfinalizer(QGuiApplication.clipboard().clear)
    pairs = sentence_pairs(fixture_corpus, 4)
    mime = QMimeData()
    mime.setText(" ".join(ar for ar, _ in pairs))
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(window.documentLoaded, timeout=10_000):
        window.act_paste.trigger()
    assert [r.source for r in window.model.rows] == [ar for ar, _ in pairs]
    mime = QMimeData()
    mime.setHtml(f"<html><body><h1>{pairs[0][0]}</h1><p>{pairs[1][0]} {pairs[2][0]}</p></body></html>")
    mime.setText("ignored when HTML is there")
    QGuiApplication.clipboard().setMimeData(mime)
    with qtbot.waitSignal(window.documentLoaded, timeout=10_000):
        window.paste_document()
    assert [r.source for r in window.model.rows] == [ar for ar, _ in pairs[:3]]
    assert window.model.document.blocks[0].kind == "heading"


def test_editing_the_arabic_before_translating(qtbot, window, fixture_corpus):
    pairs = sentence_pairs(fixture_corpus, 3, start=20)
    window.source_pane.setFocus()
    window.source_pane.insertPlainText(" ".join(ar for ar, _ in pairs))  # typed/pasted into the pane
    assert window.source_pane.stale and window.act_translate.isEnabled()
    translate(qtbot, window)
    assert [r.target for r in window.model.rows] == [en for _, en in pairs]


def test_summary_panel_marks_and_jumps(qtbot, window, fixture_corpus, tmp_path):
    window.resize(900, 400)
    pairs = sentence_pairs(fixture_corpus, 30)
    arabic, _ = article(pairs, per_paragraph=2)
    path = tmp_path / "a.txt"
    path.write_text(arabic, encoding="utf-8")
    with qtbot.waitSignal(window.summaryUpdated, timeout=20_000):
        window.open_path(path)
    rows = window.model.summary_rows()
    assert 3 <= len(rows) <= 7
    assert window.summary.browser.toPlainText().count("(not translated yet)") == len(rows)
    marks = {s.cursor.selectionStart() for s in window.source_pane.extraSelections()}
    assert {window.source_pane.span(r)[0] for r in rows} <= marks
    translate(qtbot, window)
    english_marks = {s.cursor.selectionStart() for s in window.target_pane.extraSelections()}
    assert {window.target_pane.span(r)[0] for r in rows} <= english_marks
    qtbot.waitUntil(lambda: "(not translated yet)" not in window.summary.browser.toPlainText(), timeout=3000)
    assert window.model.row(rows[-1]).target in window.summary.browser.toPlainText()
    window.summary.browser.anchorClicked.emit(QUrl(f"row:{rows[-1]}"))
    assert window.alignment.current == rows[-1]
    assert window.source_pane.highlight_row == window.target_pane.highlight_row == rows[-1]
    # a shorter summary on request
    with qtbot.waitSignal(window.summaryUpdated, timeout=20_000):
        window.summary.length.setValue(2)
    assert len(window.model.summary_rows()) == 2
    assert window.settings.get("summary_sentences") == 2


def test_settings_column_order_and_geometry_are_restored(qtbot, fixture_model_dir):
    first = make_window(qtbot, fixture_model_dir)
    assert first.splitter.widget(0) is first.target_column  # English left, Arabic right by default
    first.act_swap.trigger()
    assert first.splitter.widget(0) is first.source_column
    first.resize(720, 520)
    first.close()
    second = make_window(qtbot, fixture_model_dir, show=False)
    assert second.splitter.widget(0) is second.source_column
    assert (second.width(), second.height()) == (720, 520)


def test_every_action_has_a_shortcut_and_widgets_have_names(qtbot, window, fixture_corpus, tmp_path):
    no_key = [a.objectName() for a in window.actions() if a.shortcut().isEmpty()]
    assert not no_key
    for widget in (window.source_pane, window.target_pane, window.summary, window.progress,
                   window.summary.length, window.summary.browser):
        assert widget.accessibleName()
    # keyboard navigation walks the sentences and highlights both panes
    _translated(qtbot, window, fixture_corpus, tmp_path, count=4)
    window.act_next.trigger()
    window.act_next.trigger()
    assert window.alignment.current == 1 == window.target_pane.highlight_row == window.source_pane.highlight_row
    window.act_prev.trigger()
    assert window.alignment.current == 0


def test_theme_dark_changes_the_palette(qtbot, window):
    from PySide6.QtWidgets import QApplication

    from desk.ui.theme import apply_theme, is_dark

    app = QApplication.instance()
    try:
        apply_theme(app, "dark")
        assert is_dark(app.palette())
        apply_theme(app, "light")
        assert not is_dark(app.palette())
    finally:
        apply_theme(app, "system")


def test_drop_a_file_opens_it(qtbot, window, fixture_corpus, tmp_path):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    arabic, _ = article(sentence_pairs(fixture_corpus, 2))
    path = tmp_path / "dropped.txt"
    path.write_text(arabic, encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.documentLoaded, timeout=10_000):
        window.dropEvent(event)
    assert window.model.rowCount() == 2


def test_settings_dialog_saves_and_applies(qtbot, window):
    from desk.ui.theme import is_dark

    dialog = window.show_settings_dialog()
    dialog.beam.setValue(3)
    dialog.source_size.setValue(20)
    dialog.theme.setCurrentIndex(2)  # dark
    dialog.source_first.setChecked(True)
    try:
        dialog.accept()
        s = window.settings
        saved = (s.get("beam_size"), s.get("source_size"), s.get("theme"), s.get("source_first"))
        assert saved == (3, 20, "dark", True)
        assert window.source_pane.font().pointSize() == 20
        assert window.splitter.widget(0) is window.source_column
        qtbot.waitUntil(lambda: is_dark(window.source_pane.palette()), timeout=3000)
    finally:
        from PySide6.QtWidgets import QApplication

        from desk.ui.theme import apply_theme

        apply_theme(QApplication.instance(), "system")


def test_a_long_document_opens_in_slices_without_freezing(qtbot, window, fixture_corpus, tmp_path):
    from desk.ui.panes import FIRST_ROWS
    from desk.ui.stall import StallMeter

    pairs = sentence_pairs(fixture_corpus, 200)
    arabic, _ = article(pairs * 6, per_paragraph=5)  # 1200 sentences
    path = tmp_path / "book.txt"
    path.write_text(arabic, encoding="utf-8")
    meter = StallMeter()
    meter.start()
    open_file(qtbot, window, path)
    pane = window.source_pane
    assert window.model.rowCount() == 1200
    assert not pane.render_complete and pane.span(FIRST_ROWS - 1) is not None and pane.span(1199) is None
    qtbot.waitUntil(lambda: pane.render_complete, timeout=30_000)
    longest = meter.stop()
    start, end = pane.span(1199)
    assert pane.toPlainText()[start:end] == pairs[-1][0]
    assert pane.isReadOnly() is False, "editable again once complete"
    assert longest < 1000, f"the window froze for {longest:.0f} ms while opening"
