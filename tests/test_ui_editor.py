"""The post-editing editor on the real tiny model (issue 12): the segment grid's cell editor,
undo/redo across sentences, confirm-and-next, find/replace, alternatives, re-translation that
keeps the translator's work, editing the Arabic, the File actions. Every check reads the
project (the file's truth), not only the widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_helpers import article, open_file, sentence_pairs, translate

from desk.project import Project, Status
from desk.ui.editor.grid import COL_SOURCE, COL_STATUS, COL_TARGET, FLAG, SOURCE_EDITED


@pytest.fixture
def pairs(fixture_corpus):
    return sentence_pairs(fixture_corpus, 6)


@pytest.fixture
def translated(qtbot, window, pairs, tmp_path):
    arabic, _ = article(pairs, per_paragraph=3)
    path = tmp_path / "article.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    translate(qtbot, window)
    assert [r.target for r in window.model.rows] == [en for _, en in pairs]
    return window


def _segment(window, row):
    return window.model.project.segment(window.model.row(row).index)


def _assert_spans_match(window):
    """Each sentence's span in both reading panes still covers exactly its text (edits are in place)."""
    for pane, attr in ((window.target_pane, "target"), (window.source_pane, "source")):
        text = pane.toPlainText()
        for r, row in enumerate(window.model.rows):
            start, end = pane.span(r)
            assert text[start:end] == getattr(row, attr), (pane.objectName(), r)


def _open_editor(qtbot, window, row, column=COL_TARGET):
    assert window.grid.select_row(row, edit=True, column=column)
    qtbot.waitUntil(lambda: window.grid.delegate.open_editor is not None, timeout=3000)
    return window.grid.delegate.open_editor


def test_typing_in_a_cell_commits_after_idle_and_on_leaving(qtbot, translated):
    window = translated
    editor = _open_editor(qtbot, window, 1)
    assert editor.toPlainText() == window.model.row(1).target
    editor.selectAll()
    qtbot.keyClicks(editor, "A corrected sentence")
    assert _segment(window, 1).status == Status.MACHINE, "not committed while typing"
    with qtbot.waitSignal(window.grid.committed, timeout=4000):  # the 2 s idle timer
        pass
    seg = _segment(window, 1)
    assert (seg.target, seg.status, seg.origin) == ("A corrected sentence", Status.EDITED, "human")
    assert "A corrected sentence" in window.target_pane.toPlainText()
    _assert_spans_match(window)
    assert window.isWindowModified(), "untitled work shows as unsaved in the title"
    # more typing, then leaving the sentence commits at once (no wait)
    qtbot.keyClicks(editor, " again")
    window.editor.step(1)
    assert _segment(window, 1).target == "A corrected sentence again"
    assert window.grid.current_row() == 2
    # both commits of that one editing session are one undo step
    window.act_undo.trigger()
    assert _segment(window, 1).target == window.model.row(1).target == _segment(window, 1).machine_target
    assert _segment(window, 1).status == Status.MACHINE


def test_undo_and_redo_across_sentences(qtbot, translated, pairs):
    window = translated
    window.editor.edit_target(0, "First edit.")
    window.editor.edit_target(3, "Second edit.")
    assert window.act_undo.text() == "&Undo Edit sentence 4"
    window.grid.select_row(3)
    window.editor.confirm_and_next()
    assert [_segment(window, r).target for r in (0, 3)] == ["First edit.", "Second edit."]
    window.act_undo.trigger()  # the confirm
    window.act_undo.trigger()  # sentence 4
    assert _segment(window, 3).target == pairs[3][1] and _segment(window, 3).status == Status.MACHINE
    assert _segment(window, 0).target == "First edit."
    window.act_undo.trigger()  # sentence 1
    assert _segment(window, 0).target == pairs[0][1]
    assert not window.act_undo.isEnabled()
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert [_segment(window, r).target for r in (0, 3)] == ["First edit.", "Second edit."]
    assert window.grid.current_row() == 3, "redo shows the sentence it changed"


def test_confirm_and_next_with_the_keyboard_and_status_counts(qtbot, translated):
    window = translated
    n = window.model.rowCount()
    assert window.confirmed_label.text() == f"0 / {n} confirmed"
    editor = _open_editor(qtbot, window, 0)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert _segment(window, 0).status == Status.CONFIRMED
    assert window.grid.current_row() == 1 and window.grid.delegate.open_editor is not None
    assert window.alignment.current == 1 == window.source_pane.highlight_row, "the Arabic counterpart follows"
    # edit and confirm in one go: the typed text is committed first
    editor = window.grid.delegate.open_editor
    editor.selectAll()
    qtbot.keyClicks(editor, "Typed then confirmed.")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    seg = _segment(window, 1)
    assert (seg.target, seg.status) == ("Typed then confirmed.", Status.CONFIRMED)
    assert window.confirmed_label.text() == f"2 / {n} confirmed"
    status = window.grid.table.index(1, COL_STATUS).data()
    assert "Confirmed" in status and "✔" in status
    # Alt+Up inside the editor moves back; confirm-and-next skips confirmed sentences
    qtbot.keyClick(window.grid.delegate.open_editor, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.grid.current_row() == 1
    window.act_confirm.trigger()
    assert window.grid.current_row() == 2
    # the filter shows only what is left to do
    window.set_filter("unconfirmed")
    assert window.grid.visible_rows() == list(range(2, n))
    for _ in range(n - 2):
        window.act_confirm.trigger()
    assert window.model.confirmed_count() == n
    assert "confirmed" in window.statusBar().currentMessage()


def test_confirm_with_no_sentence_open_opens_the_first_and_confirms_nothing(qtbot, translated):
    """Right after a run no sentence is current: the first Ctrl+Enter shows sentence 1 for review
    (what looked like a lost key press in a real window), the second confirms it."""
    window = translated
    assert window.grid.current_row() == -1
    window.act_confirm.trigger()
    assert window.grid.current_row() == 0 and window.model.confirmed_count() == 0
    qtbot.waitUntil(lambda: window.grid.delegate.open_editor is not None, timeout=3000)
    window.act_confirm.trigger()
    assert _segment(window, 0).status == Status.CONFIRMED and window.grid.current_row() == 1


def test_the_current_sentence_stays_in_view_when_the_grid_shrinks(qtbot, translated):
    """Opening the alternatives strip (or the find bar) under a sentence low in the grid kept it hidden."""
    grid = translated.grid
    grid.select_row(grid.filter.rowCount() - 1)
    grid.scrollTo(grid.currentIndex())

    def in_view() -> bool:
        rect = grid.visualRect(grid.currentIndex())
        return rect.bottom() >= 0 and rect.top() < grid.viewport().height()

    assert in_view()
    grid.resize(grid.width(), grid.horizontalHeader().height() + 70)
    assert in_view()


def test_retranslating_keeps_edited_and_confirmed_sentences(qtbot, translated, pairs):
    window = translated
    window.editor.edit_target(1, "My own English.")
    window.grid.select_row(2)
    window.editor.confirm_and_next()
    translate(qtbot, window)  # everything done: the machine sentences are translated again
    assert _segment(window, 1).target == "My own English." and _segment(window, 1).status == Status.EDITED
    assert _segment(window, 2).status == Status.CONFIRMED
    assert [_segment(window, r).target for r in (0, 3, 4, 5)] == [pairs[r][1] for r in (0, 3, 4, 5)]
    # "re-translate this sentence" replaces an edit on purpose, as one undo step
    window.grid.select_row(1)
    with qtbot.waitSignal(window.editor.retranslated, timeout=20_000):
        window.act_retranslate.trigger()
    assert (_segment(window, 1).target, _segment(window, 1).status) == (pairs[1][1], Status.MACHINE)
    window.act_undo.trigger()
    assert _segment(window, 1).target == "My own English."


def test_editing_an_arabic_sentence_retranslates_just_it(qtbot, translated, pairs, fixture_corpus):
    window = translated
    other_ar, other_en = sentence_pairs(fixture_corpus, 1, start=30)[0]
    editor = _open_editor(qtbot, window, 4, column=COL_SOURCE)
    assert editor.toPlainText() == pairs[4][0]
    assert editor.layoutDirection() == Qt.LayoutDirection.RightToLeft
    editor.setPlainText(other_ar)
    with qtbot.waitSignal(window.editor.retranslated, timeout=20_000):
        editor.delegate.finish(editor)
    seg = _segment(window, 4)
    assert (seg.source, seg.target, seg.status, seg.source_edited) == (other_ar, other_en, Status.MACHINE, True)
    assert other_ar in window.source_pane.toPlainText() and other_en in window.target_pane.toPlainText()
    assert SOURCE_EDITED in window.grid.table.index(4, COL_STATUS).data(), "the sentence is marked"
    _assert_spans_match(window)
    assert [_segment(window, r).target for r in (0, 1, 2, 3, 5)] == [pairs[r][1] for r in (0, 1, 2, 3, 5)]


def _amber_pixels(grid) -> int:
    """Pixels of the find highlight's colour in the grid as painted now."""
    from desk.ui.editor.cell_marks import FIND_BACKGROUND

    image = grid.viewport().grab().toImage()
    target = FIND_BACKGROUND.rgb()
    return sum(image.pixel(x, y) == target for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))


def test_find_matches_are_painted_in_the_english_cells(qtbot, translated):
    window = translated
    bar, grid = window.find_bar, window.grid
    assert _amber_pixels(grid) == 0
    window.act_find.trigger()
    target = window.model.row(0).target
    word = next(w for w in target.split() if w.isalpha() and len(w) > 3)
    bar.set_query(word.lower())
    marks = grid.delegate.marks(0, COL_TARGET, target)
    assert [target[m.start:m.start + m.length].lower() for m in marks] == [word.lower()] * len(marks) != []
    assert grid.delegate.marks(0, COL_SOURCE, window.model.row(0).source) == [], "find searches the English"
    assert _amber_pixels(grid) > 20, "the match is highlighted in its cell"
    bar.set_query("(", regex=True)  # a bad expression marks nothing and raises nothing
    assert _amber_pixels(grid) == 0
    bar.set_query(word.lower())
    bar.hide_bar()
    assert _amber_pixels(grid) == 0, "closing the bar clears the highlights"


def test_find_and_replace_whole_word_case_regex_with_counts(qtbot, translated):
    window = translated
    bar = window.find_bar
    window.act_find.trigger()
    assert bar.isVisible()
    targets = [r.target for r in window.model.rows]
    word = next(w for w in targets[0].split() if w.isalpha() and len(w) > 3)
    expected = sum(t.lower().split().count(word.lower()) for t in targets)
    bar.set_query(word.lower(), whole_word=True)
    assert bar.update_count() >= expected >= 1
    assert bar.count_label.text().startswith(f"{bar.update_count()} match")
    bar.set_query(word.lower(), whole_word=True, case=True)
    case_count = bar.update_count()
    assert case_count <= expected
    # regex with a group, replace all is one undo step
    bar.set_query(rf"\b({word})\b", regex=True, case=True, replacement=r"[\1]")
    n = bar.replace_all()
    assert n >= 1 and f"[{word}]" in _segment(window, 0).target
    assert _segment(window, 0).status == Status.EDITED
    changed = [r for r in range(len(targets)) if _segment(window, r).target != targets[r]]
    _assert_spans_match(window)
    window.act_undo.trigger()
    assert [_segment(window, r).target for r in changed] == [targets[r] for r in changed]
    # a bad expression is reported, not raised
    bar.set_query("(", regex=True)
    assert "not valid" in bar.count_label.text()
    qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_alternatives_on_demand_and_ctrl_number_takes_one(qtbot, translated):
    window = translated
    window.grid.select_row(0)
    with qtbot.waitSignal(window.editor.alternativesReady, timeout=20_000):
        window.act_alternatives.trigger()
    alts = window.model.row(0).alternatives
    assert 1 <= len(alts) <= 4 and len(set(alts)) == len(alts)
    assert _segment(window, 0).alternatives == alts, "kept in the project"
    assert window.alternatives.list.count() == len(alts)
    number = len(alts)
    window.act_take[number - 1].trigger()
    assert _segment(window, 0).target == alts[number - 1]
    assert _segment(window, 0).status == Status.EDITED
    window.act_undo.trigger()
    assert _segment(window, 0).status == Status.MACHINE


def test_low_confidence_is_flagged_and_filtered(qtbot, translated):
    window = translated
    confidences = [r.confidence for r in window.model.rows]
    assert all(c is not None and 0 < c <= 1 for c in confidences)
    window.grid.set_threshold(1.01)  # everything is below that
    assert FLAG in window.grid.table.index(0, COL_STATUS).data()
    window.set_filter("flagged")
    assert window.grid.visible_rows() == list(range(window.model.rowCount()))
    window.grid.set_threshold(0.0)
    window.set_filter("flagged")
    assert window.grid.visible_rows() == []
    window.set_filter("all")
    assert FLAG not in window.grid.table.index(0, COL_STATUS).data()


def test_the_arabic_is_read_only_while_a_run_translates_it(qtbot, window, pairs, tmp_path):
    from PySide6.QtCore import Qt

    arabic, _ = article(pairs, per_paragraph=3)
    path = tmp_path / "article.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    table = window.grid.table
    editable = lambda: bool(table.flags(table.index(0, COL_SOURCE)) & Qt.ItemFlag.ItemIsEditable)  # noqa: E731
    assert editable()
    with qtbot.waitSignal(window.translationFinished, timeout=60_000):
        assert window.translate()
        assert not editable(), "no Arabic edits under a run"
    assert editable()


def test_ctrl_s_in_the_sentence_editor_saves_the_project(qtbot, translated, monkeypatch):
    window = translated
    saved = []
    monkeypatch.setattr(window.files, "save", lambda: saved.append(True) or True)
    with qtbot.waitSignal(window.editor.saveRequested, timeout=2000):
        window.editor.run_command("save")   # what the cell editor sends for Ctrl+S
    assert saved == [True]
    assert "save" not in window.statusBar().currentMessage()


def test_save_as_then_every_edit_is_in_the_file(qtbot, translated, tmp_path):
    window = translated
    window.editor.edit_target(0, "Saved edit.")
    assert window.isWindowModified() and "(not saved)" in window.windowTitle()
    out = tmp_path / "work.tarjama"
    assert window.files.save_as(out)
    assert not window.isWindowModified() and "work.tarjama" in window.windowTitle()
    window.editor.edit_target(1, "After saving.")  # no Save needed: committed to the file
    asked = []
    window.files.ask_to_discard = lambda action: asked.append(action) or "cancel"
    assert window.files.close_project()
    assert not asked, "a saved project closes without a question"
    with Project.open(out) as p:
        assert [p.segment(0).target, p.segment(1).target] == ["Saved edit.", "After saving."]
    # reopening the .tarjama shows the same work
    open_file(qtbot, window, out)
    assert window.model.row(1).target == "After saving." and window.model.row(1).status == Status.EDITED


def test_open_and_quit_ask_before_discarding_untitled_work(qtbot, translated, tmp_path):
    window = translated
    asked = []
    window.files.ask_to_discard = lambda action: asked.append(action) or "cancel"
    other = tmp_path / "other.txt"
    other.write_text("جملة أخرى.", encoding="utf-8")
    assert window.open_path(other) is None
    assert not window.close(), "cancel keeps the window open"
    assert asked == ["open another document", "quit"]
    assert window.model.rowCount() == 6
    path = window.model.project.path
    window.files.ask_to_discard = lambda action: "discard"
    assert window.files.close_project()
    assert window.model.project is None and not path.exists(), "a discarded untitled copy is deleted"


def test_ctrl_z_in_a_cell_without_typing_undoes_the_previous_sentence(qtbot, translated, pairs):
    window = translated
    window.editor.edit_target(0, "Changed first.")
    editor = _open_editor(qtbot, window, 2)
    qtbot.keyClicks(editor, "x")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes the typing in the cell
    assert editor.toPlainText() == pairs[2][1] and _segment(window, 0).target == "Changed first."
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left in the cell
    assert _segment(window, 0).target == pairs[0][1], "the window's undo took it: across sentences"


def test_typing_then_opening_another_document_commits_to_the_first(qtbot, translated, tmp_path):
    window = translated
    first = window.model.project.path
    assert window.files.save_as(tmp_path / "first.tarjama")
    editor = _open_editor(qtbot, window, 1)
    editor.selectAll()
    qtbot.keyClicks(editor, "Typed just before opening")
    other = tmp_path / "other.txt"
    other.write_text("جملة أخرى.", encoding="utf-8")
    open_file(qtbot, window, other)
    assert window.model.rowCount() == 1 and not first.exists()
    with Project.open(tmp_path / "first.tarjama") as p:
        assert p.segment(1).target == "Typed just before opening"


def test_the_confidence_threshold_is_a_setting(qtbot, translated):
    window = translated
    assert window.grid.table.threshold == 0.5
    dialog = window.show_settings_dialog()
    dialog.low_confidence.setValue(99)
    dialog.accept()
    assert window.settings.get("low_confidence_percent") == 99 and window.grid.table.threshold == 0.99
    flagged = [r for r, row in enumerate(window.model.rows) if row.confidence < 0.99]
    window.set_filter("flagged")
    assert window.grid.visible_rows() == flagged


def test_a_refused_write_is_a_dialog_and_nothing_changes(qtbot, translated, pairs, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desk.project import ProjectError
    from desk.ui.errors import ERROR_DIALOG_NAME

    window = translated
    project = window.model.project

    def full(*_a, **_k):
        raise ProjectError("Cannot save article.tarjama: No space left on device.")

    monkeypatch.setattr(project, "set_target", full)
    window.editor.edit_target(1, "Lost?")
    dialogs = [d for d in window.findChildren(QMessageBox, ERROR_DIALOG_NAME) if d.isVisible()]
    assert dialogs and "No space left" in dialogs[0].text()
    dialogs[0].accept()
    assert window.model.row(1).target == pairs[1][1] == _segment(window, 1).target
    assert not window.act_undo.isEnabled(), "the failed edit is not an undo step"
