"""Find and replace across the English of every sentence (whole word, case, regular expression).

``build_pattern`` and ``replace_in`` are plain functions (the bar is only their widgets);
"Replace all" is one undo command over all the sentences it changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from desk.ui.editor import commands
from desk.ui.editor.cell_marks import Mark, find_format
from desk.ui.editor.grid import COL_TARGET


@dataclass(frozen=True)
class Query:
    text: str
    whole_word: bool = False
    case: bool = False
    regex: bool = False


def build_pattern(q: Query) -> re.Pattern[str] | None:
    """The compiled search, or None for an empty one; raises ``ValueError`` for a bad expression."""
    if not q.text:
        return None
    body = q.text if q.regex else re.escape(q.text)
    if q.whole_word:
        body = rf"(?<!\w)(?:{body})(?!\w)"
    try:
        return re.compile(body, 0 if q.case else re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"That regular expression is not valid: {exc.msg}.") from exc


def replace_in(pattern: re.Pattern[str], text: str, replacement: str, regex: bool) -> tuple[str, int]:
    """``text`` with every match replaced, and how many there were (``\\1`` works in regex mode)."""
    if regex:
        return pattern.subn(replacement, text)
    return pattern.subn(lambda _m: replacement, text)


class FindReplaceBar(QWidget):
    """Find: [ ] Replace: [ ] [x] Whole word [x] Match case [x] Regex  Next Replace All — count."""


    def __init__(self, model, grid, controller, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.grid = grid
        self.controller = controller
        self.setObjectName("findReplaceBar")
        self.find_edit = QLineEdit(placeholderText="Find in the English")
        self.find_edit.setObjectName("findText")
        self.find_edit.setAccessibleName("Find")
        self.replace_edit = QLineEdit(placeholderText="Replace with")
        self.replace_edit.setObjectName("replaceText")
        self.replace_edit.setAccessibleName("Replace with")
        self.whole_word = QCheckBox("&Whole word")
        self.case = QCheckBox("Match &case")
        self.regex = QCheckBox("Re&gex")
        self.next_button = QPushButton("&Next")
        self.replace_button = QPushButton("&Replace")
        self.replace_all_button = QPushButton("Replace &all")
        self.count_label = QLabel()
        self.count_label.setObjectName("findCount")
        close = QToolButton(text="✕")
        close.setAccessibleName("Close find and replace")
        close.clicked.connect(self.hide_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for w in (self.find_edit, self.replace_edit, self.whole_word, self.case, self.regex, self.next_button,
                  self.replace_button, self.replace_all_button, self.count_label):
            layout.addWidget(w)
        layout.addStretch(1)
        layout.addWidget(close)
        for box in (self.whole_word, self.case, self.regex):
            box.toggled.connect(self.update_count)
        self.find_edit.textChanged.connect(self.update_count)
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace_current)
        self.next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        self._recount = QTimer(self)  # one recount per burst of changes (a translation run, a replace all)
        self._recount.setSingleShot(True)
        self._recount.setInterval(150)
        self._recount.timeout.connect(self.update_count)
        model.dataChanged.connect(lambda *_a: self.isVisible() and self._recount.start())
        self._format = find_format()
        grid.delegate.add_marks(self.cell_marks)
        self.hide()

    def cell_marks(self, row: int, column: int, text: str) -> list[Mark]:
        """The matches in one English cell, while the bar is open (painted amber in the grid)."""
        if column != COL_TARGET or not self.isVisible() or not self.find_edit.text():
            return []
        try:
            pattern = build_pattern(self.query())
        except ValueError:
            return []
        if pattern is None:
            return []
        return [Mark(m.start(), m.end() - m.start(), self._format)
                for m in pattern.finditer(text) if m.end() > m.start()]

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide_bar()
            self.grid.setFocus()
            return
        super().keyPressEvent(event)

    def query(self) -> Query:
        return Query(self.find_edit.text(), self.whole_word.isChecked(), self.case.isChecked(),
                     self.regex.isChecked())

    def set_query(self, text: str, *, whole_word=False, case=False, regex=False, replacement: str | None = None):
        for box, value in ((self.whole_word, whole_word), (self.case, case), (self.regex, regex)):
            box.setChecked(value)
        self.find_edit.setText(text)
        if replacement is not None:
            self.replace_edit.setText(replacement)
        self.update_count()

    def show_bar(self) -> None:
        self.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        self.update_count()

    def hide_bar(self) -> None:
        self.hide()
        self.grid.viewport().update()

    def _pattern(self) -> re.Pattern[str] | None:
        try:
            pattern = build_pattern(self.query())
        except ValueError as exc:
            self.count_label.setText(str(exc))
            return None
        return pattern

    def matches(self) -> list[tuple[int, int]]:
        """(row, number of matches) for every sentence whose English matches."""
        pattern = self._pattern()
        if pattern is None:
            return []
        out = []
        for i, r in enumerate(self.model.rows):
            if r.translated:
                n = sum(1 for _ in pattern.finditer(r.target))
                if n:
                    out.append((i, n))
        return out

    def update_count(self, *_args) -> int:
        self.grid.viewport().update()  # the cells repaint their matches
        if not self.find_edit.text():
            self.count_label.setText("")
            return 0
        if self._pattern() is None:
            return 0
        found = self.matches()
        total = sum(n for _r, n in found)
        self.count_label.setText(f"{total} match{'es' if total != 1 else ''} in {len(found)} sentence"
                                 f"{'s' if len(found) != 1 else ''}")
        return total

    def find_next(self) -> int:
        """Select the next sentence (after the current one) whose English matches; its row or -1."""
        rows = [r for r, _n in self.matches()]
        if not rows:
            return -1
        current = self.grid.current_row()
        row = next((r for r in rows if r > current), rows[0])
        if not self.grid.select_row(row):
            self.grid.set_filter("all")
            self.grid.select_row(row)
        return row

    def replace_current(self) -> int:
        """Replace in the current sentence (if it matches) and move to the next match."""
        pattern = self._pattern()
        row = self.grid.current_row()
        if pattern is None:
            return 0
        if row < 0 or not self.model.row(row).translated or not pattern.search(self.model.row(row).target):
            self.find_next()
            return 0
        text, n = replace_in(pattern, self.model.row(row).target, self.replace_edit.text(), self.regex.isChecked())
        self.grid.close_editor()
        self.controller.push(commands.replace_all(self.model, {row: text}))
        self.find_next()
        return n

    def replace_all(self) -> int:
        """Replace every match in every sentence: one undo step; returns the number of replacements."""
        pattern = self._pattern()
        if pattern is None:
            return 0
        self.grid.close_editor()
        changes: dict[int, str] = {}
        total = 0
        for i, r in enumerate(self.model.rows):
            if not r.translated:
                continue
            text, n = replace_in(pattern, r.target, self.replace_edit.text(), self.regex.isChecked())
            if n and text != r.target:
                changes[i] = text
                total += n
        if changes:
            self.controller.push(commands.replace_all(self.model, changes))
        self.count_label.setText(f"Replaced {total} in {len(changes)} sentence{'s' if len(changes) != 1 else ''}")
        return total
