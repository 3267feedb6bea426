"""Issue 16: the defects seen in a real window, each pinned offscreen where Qt allows
(marks, live theme and fonts, geometry, first run, export dialog, status, scrolling)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QApplication
from ui_helpers import article, open_file, sentence_pairs, translate


def _doc(qtbot, window, fixture_corpus, tmp_path, count=20, per_paragraph=3):
    arabic, _ = article(sentence_pairs(fixture_corpus, count), per_paragraph=per_paragraph)
    path = tmp_path / "doc.txt"
    path.write_text(arabic, encoding="utf-8")
    with qtbot.waitSignal(window.summaryUpdated, timeout=20_000):
        open_file(qtbot, window, path)
    return path


def _marked(pane) -> list[tuple[int, int]]:
    return sorted((s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in pane.extraSelections())


# -- item 1: summary marks exactly on the summary sentences ----------------------------------
def test_summary_marks_do_not_grow_over_sentences_appended_later(qtbot, window, fixture_corpus, tmp_path):
    _doc(qtbot, window, fixture_corpus, tmp_path)
    picked = [0, 1, 6, 8]
    window.model.set_summary([SimpleNamespace(index=window.model.row(i).index, score=1.0) for i in picked])
    translate(qtbot, window)
    pane = window.target_pane
    assert _marked(pane) == sorted(pane.span(i) for i in picked)
    assert _marked(window.source_pane) == sorted(window.source_pane.span(i) for i in picked)


def test_retranslation_leaves_only_the_current_sentence_highlighted(qtbot, window, fixture_corpus, tmp_path):
    _doc(qtbot, window, fixture_corpus, tmp_path)
    window.model.set_summary([])
    translate(qtbot, window)
    window.jump_to_row(4)
    translate(qtbot, window)  # everything done: a second run translates it all again
    assert _marked(window.target_pane) == [window.target_pane.span(4)]


def test_set_summary_reports_exactly_the_rows_that_changed(qtbot, window, fixture_corpus, tmp_path):
    _doc(qtbot, window, fixture_corpus, tmp_path)
    model = window.model
    model.set_summary([SimpleNamespace(index=model.row(i).index, score=1.0) for i in (0, 1, 6, 8)])
    seen: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): seen.append((a.row(), b.row())))
    model.set_summary([SimpleNamespace(index=model.row(i).index, score=1.0) for i in (0, 2, 8)])
    assert seen == [(1, 2), (6, 6)]


# -- item 8: opening from the welcome page, scroll sync at the end, focus frame ---------------
def test_a_document_opened_from_the_welcome_page_starts_at_the_top(qtbot, window, fixture_corpus, tmp_path):
    window.resize(900, 420)
    window._show_page(0)  # the welcome page (no model yet)
    _doc(qtbot, window, fixture_corpus, tmp_path, count=40, per_paragraph=2)
    qtbot.waitUntil(lambda: window.source_pane.isVisible())
    qtbot.wait(50)
    for pane in (window.source_pane, window.target_pane):
        assert pane.verticalScrollBar().value() == 0, pane.objectName()
        assert pane.textCursor().position() == 0
    translate(qtbot, window)
    cursor = window.target_pane.textCursor()  # did not ride along with the English, selects nothing
    assert (cursor.position(), cursor.anchor()) == (0, 0)


def test_scrolling_to_the_end_shows_the_end_of_both_panes(qtbot, window, fixture_corpus, tmp_path):
    window.resize(900, 420)
    _doc(qtbot, window, fixture_corpus, tmp_path, count=40, per_paragraph=2)
    translate(qtbot, window)
    for origin in (window.target_pane, window.source_pane):
        other = window.alignment.other(origin)
        bar = origin.verticalScrollBar()
        assert bar.maximum() > 0 and other.verticalScrollBar().maximum() > 0
        bar.setValue(bar.maximum())
        assert other.verticalScrollBar().value() == other.verticalScrollBar().maximum()
        bar.setValue(0)
        assert other.verticalScrollBar().value() == 0


def test_the_focused_pane_has_a_visible_frame(qtbot, window):
    window.activateWindow()
    pane = window.source_pane
    plain = pane.grab().toImage()
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    focused = pane.grab().toImage()
    y = pane.height() // 2
    assert focused.pixelColor(0, y) != plain.pixelColor(0, y)
    assert focused.pixelColor(0, y) == pane.palette().highlight().color()


# -- item 2: theme and Arabic font switched in Settings apply at once --------------------------
def _settings_accept(qtbot, window, **changes):
    from PySide6.QtGui import QFont

    dialog = window.show_settings_dialog()
    if "theme" in changes:
        dialog.theme.setCurrentIndex(("system", "light", "dark").index(changes["theme"]))
    if "source_font" in changes:
        dialog.source_font.setCurrentFont(QFont(changes["source_font"]))
    dialog.accept()
    qtbot.wait(300)  # palette events, then the summary's re-render timer


def _lightness(name: str) -> int:
    from PySide6.QtGui import QColor

    return QColor(name).lightness()


def test_dark_theme_applies_to_panes_summary_and_dialogs_at_once(qtbot, window, fixture_corpus, tmp_path):
    import re

    from desk.ui.theme import apply_theme

    apply_theme(QApplication.instance(), "light")
    _doc(qtbot, window, fixture_corpus, tmp_path)
    translate(qtbot, window)
    _settings_accept(qtbot, window, theme="dark")
    try:
        assert window.source_pane.palette().base().color().lightness() < 100
        assert window.target_pane.viewport().palette().base().color().lightness() < 100
        colours = set(re.findall(r"color:(#[0-9a-fA-F]{6})", window.summary.browser.toHtml()))
        text = [c for c in colours if c.lower() != "#8a8a8a"]
        assert text and all(_lightness(c) > 150 for c in text), colours
        dialog = window.show_settings_dialog()
        assert dialog.palette().window().color().lightness() < 100
        dialog.reject()
    finally:
        apply_theme(QApplication.instance(), "light")


def test_arabic_font_applies_at_once(qtbot, window, fixture_corpus, tmp_path):
    from PySide6.QtGui import QFontDatabase

    _doc(qtbot, window, fixture_corpus, tmp_path)
    arabic = [f for f in QFontDatabase.families() if QFontDatabase.WritingSystem.Arabic
              in QFontDatabase.writingSystems(f) and f != window.source_pane.font().family()]
    if not arabic:
        pytest.skip("only one Arabic font installed")
    _settings_accept(qtbot, window, source_font=arabic[0])
    assert window.source_pane.font().family() == arabic[0]
    assert window.source_pane.document().firstBlock().begin().fragment().charFormat().font().family() == arabic[0]
    assert arabic[0] in window.summary.browser.toHtml()


# -- item 7: status bar -----------------------------------------------------------------------
def test_status_words():
    from desk.ui import status_bar

    assert status_bar.sentences_text(1, 1) == "1/1 sentence"
    assert status_bar.sentences_text(0, 0) == "No document"
    assert status_bar.opened_text("a", 1) == "Opened a: 1 sentence."
    line = status_bar.run_summary(translated=1, elapsed=0.25, done=1, total=3, cancelled=False)
    assert line == "Translated 1 sentence in 0.2 s (1/3 done)."


def test_count_follows_the_bar_and_speed_is_per_document(qtbot, window, fixture_corpus, tmp_path):
    _doc(qtbot, window, fixture_corpus, tmp_path, count=30)
    seen = []
    window.run.progressed.connect(lambda: seen.append((window.progress.value(), window.sentences_label.text())))
    translate(qtbot, window)
    assert seen and all(label == f"{value}/30 sentences" for value, label in seen), seen
    assert "pause" not in window.statusBar().currentMessage()
    assert window.statusBar().currentMessage().startswith("Translated 30 sentences in ")
    assert window.speed_label.text().endswith("sentences/s")
    (tmp_path / "two").mkdir()
    _doc(qtbot, window, fixture_corpus, tmp_path / "two", count=5)
    assert window.speed_label.text() == ""


def test_a_settings_change_keeps_the_reading_place(qtbot, window, fixture_corpus, tmp_path):
    window.resize(900, 420)
    _doc(qtbot, window, fixture_corpus, tmp_path, count=40, per_paragraph=2)
    bar = window.source_pane.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    assert place > 0
    window.apply_settings()
    assert bar.value() == place
