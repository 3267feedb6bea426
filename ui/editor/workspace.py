"""The editing workspace of the main window: the segment grid with its find bar and
alternatives strip above the reading view, one vertical splitter, plus the editor's actions.

Why a grid above the reading view: the grid puts each Arabic sentence beside its English (the
CAT-tool layout: Trados, memoQ, OmegaT) with a real editor per cell and keyboard navigation;
the reading view below keeps the article's flow, the counterpart highlight and the summary
marks. At 1366x768 both fit; F8 folds the reading view away for more rows.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QActionGroup, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desk.ui.editor.alternatives import AlternativesPanel
from desk.ui.editor.controller import EditorController
from desk.ui.editor.find_replace import FindReplaceBar
from desk.ui.editor.grid import Filter, SegmentGrid
from desk.ui.errors import show_error


def build_workspace(window) -> QSplitter:
    """Create ``window.grid``, ``.editor``, ``.find_bar``, ``.alternatives``; returns the splitter
    holding them above ``window.splitter`` (the reading view)."""
    window.grid = grid = SegmentGrid(window.model)
    window.editor = editor = EditorController(window.model, grid, window.workers, lambda: window.translator,
                                              lambda: window.settings.get("beam_size"), window)
    editor.message.connect(lambda text: window.statusBar().showMessage(text, 6000))
    editor.saveRequested.connect(lambda: window.files.save())
    editor.edited.connect(window.on_edited)
    window.model.writeFailed.connect(lambda exc: show_error(window, exc))
    window.find_bar = FindReplaceBar(window.model, grid, editor)
    window.alternatives = AlternativesPanel(window.model)
    window.alternatives.taken.connect(editor.take_alternative)
    window.alternatives.computeRequested.connect(editor.compute_alternatives)

    def on_grid_row(row: int) -> None:
        window.alternatives.show_row(row)
        if row >= 0 and row != window.alignment.current:
            window.alignment.select(row)

    def on_reading_row(row: int) -> None:
        if row >= 0 and row != grid.current_row():
            grid.select_row(row)

    grid.currentRowChanged.connect(on_grid_row)
    window.alignment.currentChanged.connect(on_reading_row)
    box = QWidget()
    box.setObjectName("editorColumn")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(window.find_bar)
    layout.addWidget(grid, 1)
    layout.addWidget(window.alternatives)
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setObjectName("workSplitter")
    splitter.addWidget(box)
    splitter.addWidget(window.splitter)
    window.splitter.setMinimumHeight(150)  # a few lines of the article stay readable
    splitter.setChildrenCollapsible(False)
    splitter.setStretchFactor(0, 5)
    splitter.setStretchFactor(1, 2)
    splitter.setSizes([460, 180])
    return splitter


def add_editor_actions(window) -> None:
    """The File (project), Edit and filter actions; every one has a shortcut."""
    A, K = window._action, QKeySequence.StandardKey  # noqa: SLF001 - the window's action factory
    editor, files = window.editor, window.files
    window.act_save = A("actionSave", "&Save project", files.save, K.Save,
                        "Save the work as a Tarjama project (.tarjama); afterwards every change is saved at once")
    window.act_save_as = A("actionSaveAs", "Save project &as…", files.save_as, "Ctrl+Shift+S")
    window.act_close = A("actionClose", "&Close", files.close_project, K.Close)
    window.act_undo = A("actionUndo", "&Undo", editor.undo, K.Undo)
    window.act_redo = A("actionRedo", "&Redo", editor.redo, "Ctrl+Shift+Z")
    window.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    window.act_undo.setEnabled(False)
    window.act_redo.setEnabled(False)
    stack = editor.undo_stack
    stack.undoTextChanged.connect(lambda text: window.act_undo.setText(f"&Undo {text}".rstrip()))
    stack.redoTextChanged.connect(lambda text: window.act_redo.setText(f"&Redo {text}".rstrip()))
    editor.undo_stack.canUndoChanged.connect(window.act_undo.setEnabled)
    editor.undo_stack.canRedoChanged.connect(window.act_redo.setEnabled)
    window.act_confirm = A("actionConfirmNext", "&Confirm and next", editor.confirm_and_next, "Ctrl+Return",
                           "Mark this sentence confirmed and go to the next unconfirmed one")
    window.act_confirm.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    window.act_find = A("actionFind", "&Find and replace…", window.find_bar.show_bar, K.Find,
                        "Find and replace in the English")
    window.act_find.setShortcuts([QKeySequence(K.Find), QKeySequence("Ctrl+H")])
    window.act_retranslate = A("actionRetranslateSentence", "Re-&translate this sentence",
                               lambda: editor.retranslate(force=True), "Ctrl+R",
                               "Replace this sentence's English with a new machine translation")
    window.act_alternatives = A("actionAlternatives", "&Alternatives for this sentence",
                                editor.compute_alternatives, "Ctrl+Shift+A",
                                "Up to 4 other translations of the current sentence; Ctrl+1…4 takes one")
    window.act_take = [A(f"actionTakeAlternative{n}", f"Take alternative &{n}",
                         lambda n=n: editor.take_alternative(n), f"Ctrl+{n}") for n in range(1, 5)]
    window.act_reading = A("actionReadingView", "&Reading view", lambda: toggle_reading_view(window), "F8",
                           "Show or hide the reading view under the sentence grid")
    window.act_reading.setCheckable(True)
    window.act_reading.setChecked(True)
    window.filter_group = QActionGroup(window)
    window.filter_actions = {}
    for mode, text, key in ((Filter.ALL, "Show &all sentences", "Ctrl+Alt+A"),
                            (Filter.UNCONFIRMED, "Show &unconfirmed only", "Ctrl+Alt+U"),
                            (Filter.FLAGGED, "Show &flagged (low confidence) only", "Ctrl+Alt+F")):
        action = A(f"actionFilter_{mode}", text, lambda m=mode: window.set_filter(m), key)
        action.setCheckable(True)
        window.filter_group.addAction(action)
        window.filter_actions[mode] = action
    window.filter_actions[Filter.ALL].setChecked(True)


def fill_edit_menu(window, menu) -> None:
    for action in (window.act_undo, window.act_redo, None, window.act_confirm, window.act_next, window.act_prev,
                   None, window.act_find, None, window.act_alternatives, *window.act_take):
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)


def toggle_reading_view(window) -> None:
    window.splitter.setVisible(not window.splitter.isVisible())
    window.act_reading.setChecked(window.splitter.isVisible())


def update_editor_actions(window) -> None:
    """Project and editing actions are available only with a project open."""
    has_project = window.model.project is not None and window.model.rowCount() > 0
    for action in (window.act_save, window.act_save_as, window.act_close, window.act_confirm, window.act_find,
                   window.act_retranslate, window.act_alternatives, window.act_next, window.act_prev,
                   *window.act_take):
        action.setEnabled(has_project)
