"""The cell editor of the segment grid: a real multi-line editor per sentence.

Text is committed (through ``SegmentGrid.committed``, which the controller turns into an undo
command) when the translator leaves the sentence and after ``IDLE_COMMIT_MS`` without a
keystroke: a single-shot timer restarted by every change, not a periodic autosave, so a crash
loses at most the last 2 s typed in one sentence. The editor claims the editor keys
(Ctrl+Enter, Alt+Up/Down, Ctrl+1…4) and reports them as ``keyCommand``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QStyledItemDelegate, QStyleOptionViewItem, QToolTip

from desk.ui.editor.cell_marks import Mark, Provider, mark_at, paint_marked
from desk.ui.editor.grid import COL_SOURCE, COL_TARGET

IDLE_COMMIT_MS = 2000
CELL_PADDING = 8


def command_for(event: QKeyEvent) -> str | None:
    """The editor command a key press means, or None (shared with the grid's actions)."""
    key, mods = event.key(), event.modifiers()
    ctrl = Qt.KeyboardModifier.ControlModifier
    alt = Qt.KeyboardModifier.AltModifier
    shift = Qt.KeyboardModifier.ShiftModifier
    plain_mods = mods & ~Qt.KeyboardModifier.KeypadModifier
    if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain_mods == ctrl:
        return "confirm_next"
    if key == Qt.Key.Key_Down and plain_mods == alt:
        return "next"
    if key == Qt.Key.Key_Up and plain_mods == alt:
        return "previous"
    if Qt.Key.Key_1 <= key <= Qt.Key.Key_4 and plain_mods == ctrl:
        return f"alternative{key - Qt.Key.Key_1 + 1}"
    if key == Qt.Key.Key_Z and plain_mods in (ctrl | shift,):
        return "redo"
    if key == Qt.Key.Key_S and plain_mods == ctrl:
        return "save"
    return None


class CellEditor(QPlainTextEdit):
    def __init__(self, delegate: SegmentDelegate, row: int, column: int, parent) -> None:
        super().__init__(parent)
        self.delegate = delegate
        self.row = row
        self.column = column
        self.committed_text: str | None = None  # None until the cell's text is loaded
        self.setObjectName("sourceCellEditor" if column == COL_SOURCE else "targetCellEditor")
        self.setTabChangesFocus(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        if column == COL_SOURCE:
            option = QTextOption(Qt.AlignmentFlag.AlignRight)
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            self.document().setDefaultTextOption(option)
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(IDLE_COMMIT_MS)
        self.idle.timeout.connect(lambda: delegate.commit_now(self))
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if self.committed_text is not None:
            self.idle.start()  # restarted by every keystroke: commits after 2 s without one

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and command_for(event) is not None:
            event.accept()  # ours, not the window's (and not the text edit's)
            return True
        if event.type() == QEvent.Type.ShortcutOverride and event.matches(QKeySequence.StandardKey.Undo) \
                and not self.document().isUndoAvailable():
            return False  # nothing to undo in this cell: the window's undo (across sentences) takes it
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        command = command_for(event)
        if command is not None:
            self.delegate.run_command(self, command)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.delegate.finish(self)  # Enter ends the edit; sentences have no line breaks
            return
        if event.key() == Qt.Key.Key_Escape:
            self.delegate.finish(self, commit=False)
            return
        super().keyPressEvent(event)


class SegmentDelegate(QStyledItemDelegate):
    def __init__(self, grid) -> None:
        super().__init__(grid)
        self.grid = grid
        self.open_editor: CellEditor | None = None
        self.source_font: QFont | None = None
        self.target_font: QFont | None = None
        self.providers: list[Provider] = []  # marks inside cells (find matches, glossary terms): cell_marks
        self.closeEditor.connect(self._on_close)

    # -- fonts and sizes ------------------------------------------------------------------
    def font_for(self, column: int, fallback: QFont) -> QFont:
        font = self.source_font if column == COL_SOURCE else self.target_font if column == COL_TARGET else None
        return font or fallback

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.font = self.font_for(index.column(), option.font)
        option.fontMetrics = QFontMetrics(option.font)
        if index.column() == COL_SOURCE:
            option.direction = Qt.LayoutDirection.RightToLeft  # the full stop ends the line on the left

    # -- marks inside cells -----------------------------------------------------------------
    def add_marks(self, provider: Provider) -> None:
        self.providers.append(provider)

    def marks(self, row: int, column: int, text: str) -> list[Mark]:
        """Every provider's spans in one cell (``row`` is a source row)."""
        return [m for provider in self.providers for m in provider(row, column, text)]

    def _cell(self, index) -> tuple[str, list[Mark]]:
        """A text cell's text and its marks (none when no provider marks anything there)."""
        if not self.providers or index.column() not in (COL_SOURCE, COL_TARGET):
            return "", []
        text = index.data() or ""
        return text, self.marks(self.grid.filter.mapToSource(index).row(), index.column(), text) if text else []

    def _marked_option(self, option, index) -> QStyleOptionViewItem:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return opt

    def paint(self, painter, option, index) -> None:
        text, marks = self._cell(index)
        if not marks:
            super().paint(painter, option, index)
            return
        opt = self._marked_option(option, index)
        paint_marked(painter, opt, text, marks, opt.font, rtl=index.column() == COL_SOURCE)

    def helpEvent(self, event, view, option, index) -> bool:  # noqa: N802 - Qt's name
        """Hovering a mark that carries a tooltip (a glossary term: its English) shows it."""
        if event.type() == QEvent.Type.ToolTip:
            mark = self.mark_under(option, index, event.pos())
            if mark is not None and mark.fmt.toolTip():
                QToolTip.showText(event.globalPos(), mark.fmt.toolTip(), view)
                return True
        return super().helpEvent(event, view, option, index)

    def mark_under(self, option, index, point) -> Mark | None:
        """The mark at ``point`` (viewport coordinates) of the cell ``index``, if any."""
        text, marks = self._cell(index)
        if not marks:
            return None
        opt = self._marked_option(option, index)
        return mark_at(opt, text, marks, opt.font, index.column() == COL_SOURCE, point)

    def sizeHint(self, option, index) -> QSize:
        if index.column() not in (COL_SOURCE, COL_TARGET):
            return super().sizeHint(option, index)
        width = max(40, self.grid.columnWidth(index.column()) - CELL_PADDING)
        metrics = QFontMetrics(self.font_for(index.column(), option.font))
        text = index.data() or " "
        rect = metrics.boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, rect.height() + CELL_PADDING + 4)

    # -- editing --------------------------------------------------------------------------
    def createEditor(self, parent, option, index):
        source_row = self.grid.filter.mapToSource(index).row()
        editor = CellEditor(self, source_row, index.column(), parent)
        editor.setFont(self.font_for(index.column(), option.font))
        self.open_editor = editor
        return editor

    def setEditorData(self, editor: CellEditor, index) -> None:
        if editor.committed_text is None:  # later calls come from our own commits: keep the cursor
            text = index.data(Qt.ItemDataRole.EditRole) or ""
            editor.setPlainText(text)
            editor.committed_text = text
            editor.moveCursor(editor.textCursor().MoveOperation.End)

    def updateEditorGeometry(self, editor, option, index) -> None:
        rect = option.rect
        needed = editor.document().size().height() * editor.fontMetrics().lineSpacing() + CELL_PADDING
        editor.setGeometry(rect.adjusted(0, 0, 0, max(0, int(needed) - rect.height())))

    def setModelData(self, editor: CellEditor, model, index) -> None:
        self.commit_now(editor)  # leaving the sentence (focus out, Tab, a click elsewhere)

    def commit_now(self, editor: CellEditor) -> None:
        editor.idle.stop()
        text = editor.toPlainText().replace("\n", " ").strip()
        if editor.committed_text is not None and text != editor.committed_text.strip():
            editor.committed_text = text
            self.grid.committed.emit(editor.row, editor.column, text, editor)

    def finish(self, editor: CellEditor, *, commit: bool = True) -> None:
        if commit:
            self.commit_now(editor)
        else:
            editor.idle.stop()
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def run_command(self, editor: CellEditor, command: str) -> None:
        self.commit_now(editor)
        self.grid.keyCommand.emit(command)

    def _on_close(self, editor, _hint=None) -> None:
        if editor is self.open_editor:
            editor.idle.stop()
            self.open_editor = None
