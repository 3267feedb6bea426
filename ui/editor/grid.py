"""The segment grid: one row per sentence, Arabic | English | status, the working view.

It is the layout CAT-tool users know (Trados, memoQ, OmegaT): the Arabic and its English sit on
one row, so the counterpart is always beside the sentence being edited; the status column shows
colour *and* text (with a ⚑ flag for low confidence) for accessibility. ``SegmentTableModel`` is
a column view over ``SentenceModel``; ``SegmentFilter`` hides rows ("unconfirmed", "flagged").
Edits never go into the models directly: the delegate hands the text to ``SegmentGrid``'s
``committed`` signal and the editor controller turns it into an undo command.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desk.project import Status
from desk.project.confidence import LOW_CONFIDENCE_DEFAULT, is_low
from desk.ui.sentence_model import Roles, SentenceModel

DONE_STATUSES = (Status.CONFIRMED, Status.PASSTHROUGH)  # nothing left for the translator to do

COL_NUM, COL_SOURCE, COL_TARGET, COL_STATUS = range(4)
HEADERS = ("#", "Arabic — العربية", "English", "Status")

# status -> (label, symbol, light background, dark background)
STATUS_LOOK: dict[str, tuple[str, str, str, str]] = {
    "untranslated": ("Untranslated", "○", "#eeeeee", "#3a3a3a"),
    "machine": ("Machine", "⚙", "#fff3c4", "#4a4220"),
    "edited": ("Edited", "✎", "#d9ecff", "#23405e"),
    "confirmed": ("Confirmed", "✔", "#d4f5d4", "#224a22"),
    "passthrough": ("Copied", "=", "#ececec", "#353535"),
    "tm-exact": ("TM exact", "⧉", "#e6dcff", "#3d3358"),
    "tm-fuzzy": ("TM fuzzy", "≈", "#f0e6ff", "#3a3048"),
}
FLAG = "⚑"
SOURCE_EDITED = "✎ Arabic corrected"


class Filter(enum.StrEnum):
    ALL = "all"
    UNCONFIRMED = "unconfirmed"
    FLAGGED = "flagged"  # machine output under the confidence threshold


def status_text(row, threshold: float) -> str:
    """What the status cell says: symbol, name, and the confidence when it is machine output."""
    label, symbol, _, _ = STATUS_LOOK.get(str(row.status), (str(row.status), "?", "", ""))
    text = f"{symbol} {label}"
    if row.confidence is not None and row.status == Status.MACHINE:
        text += f" · {row.confidence:.0%}"
        if is_low(row.confidence, threshold):
            text += f" {FLAG}"
    if getattr(row.segment, "source_edited", False):
        text += f"\n{SOURCE_EDITED}"
    return text


def is_flagged(row, threshold: float) -> bool:
    return row.status == Status.MACHINE and is_low(row.confidence, threshold)


class SegmentTableModel(QAbstractTableModel):
    """Four columns over the rows of a ``SentenceModel`` (which stays the one list of rows)."""

    def __init__(self, sentences: SentenceModel, parent=None) -> None:
        super().__init__(parent)
        self.sentences = sentences
        self.threshold = LOW_CONFIDENCE_DEFAULT
        self.source_locked: Callable[[], bool] = lambda: False  # the Arabic is read-only while True (a run)
        self.dark = False
        sentences.modelAboutToBeReset.connect(self.beginResetModel)
        sentences.modelReset.connect(self.endResetModel)
        sentences.dataChanged.connect(self._on_changed)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.sentences.rowCount()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_TARGET and self.sentences.row(index.row()).translated:
            flags |= Qt.ItemFlag.ItemIsEditable
        elif index.column() == COL_SOURCE and not self.source_locked():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.sentences.row(index.row())
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NUM:
                return str(index.row() + 1)
            if col == COL_SOURCE:
                return row.source
            if col == COL_TARGET:
                return row.target if row.translated else ""
            return status_text(row, self.threshold)
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS:
            look = STATUS_LOOK.get(str(row.status))
            return QColor(look[3] if self.dark else look[2]) if look else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == COL_SOURCE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignAbsolute)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATUS:
            tip = f"Status: {row.status}"
            if row.confidence is not None:
                tip += f"; model confidence {row.confidence:.0%}"
                if is_flagged(row, self.threshold):
                    tip += f" (below the {self.threshold:.0%} threshold: check this one)"
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Sentence {index.row() + 1}: {self.data(index)}"
        if role == Roles.ROW:
            return row
        return None

    def _on_changed(self, top, bottom, roles=()) -> None:
        self.dataChanged.emit(self.index(top.row(), 0), self.index(bottom.row(), len(HEADERS) - 1))

    def refresh_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(HEADERS) - 1))


class SegmentFilter(QSortFilterProxyModel):
    """Show all rows, only the unconfirmed, or only the flagged (low-confidence machine output)."""

    def __init__(self, table: SegmentTableModel, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.mode = Filter.ALL
        self.setSourceModel(table)
        self.setDynamicSortFilter(False)  # a confirmed row stays in view until the filter is re-applied

    def set_mode(self, mode: Filter | str) -> None:
        self.beginFilterChange()
        self.mode = Filter(mode)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def refilter(self) -> None:
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self.mode is Filter.ALL:
            return True
        row = self.table.sentences.row(source_row)
        if self.mode is Filter.UNCONFIRMED:
            return row.status not in DONE_STATUSES
        return is_flagged(row, self.table.threshold)


class SegmentGrid(QTableView):
    """The table of segments. Signals carry *source* rows (positions in ``SentenceModel``)."""

    currentRowChanged = Signal(int)
    committed = Signal(int, int, str, object)  # row, column, text, editing session (the editor)
    keyCommand = Signal(str)  # a command key pressed inside a cell editor (see delegate.COMMAND_KEYS)

    def __init__(self, sentences: SentenceModel, parent=None) -> None:
        from desk.ui.editor.delegate import SegmentDelegate

        super().__init__(parent)
        self.table = SegmentTableModel(sentences, self)
        self.filter = SegmentFilter(self.table, self)
        self.setModel(self.filter)
        self.setObjectName("segmentGrid")
        self.setAccessibleName("Sentences: Arabic, English and status")
        self.delegate = SegmentDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_NUM, QHeaderView.ResizeMode.Fixed)  # sized from the row count, not
        # from the contents: ResizeToContents measures up to 1000 rows after every edit
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TARGET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_STATUS, 150)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_visible_rows)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._fit_timer.start())
        header.sectionResized.connect(lambda *_a: self._fit_timer.start())
        self.filter.modelReset.connect(self._fit_timer.start)
        self.filter.modelReset.connect(self._size_number_column)
        self.filter.modelAboutToBeReset.connect(lambda: self.close_editor(commit=False))  # the window committed it
        self.filter.layoutChanged.connect(self._fit_timer.start)
        self.filter.rowsInserted.connect(lambda *_a: self._fit_timer.start())
        self.filter.rowsRemoved.connect(lambda *_a: self._fit_timer.start())
        self.table.dataChanged.connect(lambda *_a: self._fit_timer.start())
        self.selectionModel().currentRowChanged.connect(self._on_current)

    # -- rows ---------------------------------------------------------------------------
    def source_row(self, view_row: int) -> int:
        return self.filter.mapToSource(self.filter.index(view_row, 0)).row()

    def view_row(self, source_row: int) -> int:
        return self.filter.mapFromSource(self.table.index(source_row, 0)).row()

    def current_row(self) -> int:
        index = self.currentIndex()
        return self.filter.mapToSource(index).row() if index.isValid() else -1

    def visible_rows(self) -> list[int]:
        """Source rows the filter shows, in order."""
        return [self.source_row(r) for r in range(self.filter.rowCount())]

    def select_row(self, row: int, *, edit: bool = False, column: int = COL_TARGET) -> bool:
        """Make source ``row`` current (and open its cell editor); False if it is filtered out."""
        view = self.view_row(row)
        if view < 0:
            return False
        index = self.filter.index(view, column)
        if self.state() == QAbstractItemView.State.EditingState and self.currentIndex() != index:
            self.close_editor()
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        if edit and self.filter.flags(index) & Qt.ItemFlag.ItemIsEditable:
            self.edit(index)
        return True

    def close_editor(self, *, commit: bool = True) -> None:
        """Close the open cell editor, committing its text first unless ``commit`` is False."""
        editor = self.delegate.open_editor
        if editor is None:
            return
        if not shiboken6.isValid(editor):  # Qt deleted it (the view's model was reset)
            self.delegate.open_editor = None
            return
        if commit:
            self.delegate.commit_now(editor)
        self.delegate.closeEditor.emit(editor, self.delegate.EndEditHint.NoHint)

    def set_filter(self, mode: Filter | str) -> None:
        current = self.current_row()
        self.close_editor()
        self.filter.set_mode(mode)
        if current >= 0 and self.view_row(current) >= 0:
            self.select_row(current)

    def set_threshold(self, threshold: float) -> None:
        self.table.threshold = threshold
        self.table.refresh_all()
        if self.filter.mode is Filter.FLAGGED:
            self.filter.refilter()

    # -- row heights: wrapped text, computed for the rows on screen only ---------------------
    def fit_visible_rows(self) -> None:
        n = self.filter.rowCount()
        if not n:
            return
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height() - 1)
        last = n - 1 if last < 0 else last
        for r in range(first, min(n, last + 4)):
            self.resizeRowToContents(r)

    def _size_number_column(self) -> None:
        digits = len(str(max(1, self.table.rowCount())))
        self.horizontalHeader().resizeSection(COL_NUM, self.fontMetrics().horizontalAdvance("0" * digits + "#") + 12)

    def resizeEvent(self, event) -> None:
        # The grid shrinks when the alternatives strip, the find bar or a dock opens: the sentence being
        # worked on stays in view if it was in view (a row scrolled away on purpose is left alone).
        current = self.currentIndex()
        chrome = self.height() - self.viewport().height()
        rect = self.visualRect(current) if current.isValid() else None
        was_visible = rect is not None and rect.bottom() >= 0 and rect.top() < event.oldSize().height() - chrome
        super().resizeEvent(event)
        self._fit_timer.start()
        if was_visible and event.size().height() < event.oldSize().height():
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def _on_current(self, current, _previous) -> None:
        self.currentRowChanged.emit(self.filter.mapToSource(current).row() if current.isValid() else -1)
