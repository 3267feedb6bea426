"""Fuzzy translation-memory offers for the current sentence: similarity, origin, source differences.

Wired by ``desk.ui.editor.memory_tools``: it calls ``lookup(memory, arabic)`` when the
translator enters a sentence and connects ``taken`` to an edit command that fills the English and
sets the status ``tm-fuzzy`` (``MatchResult.status``). The lookup runs in the generic worker.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desk.tm.store import DEFAULT_THRESHOLD, MatchResult, TranslationMemory
from desk.ui.worker import Worker, WorkerPool

MATCH_ROLE = Qt.ItemDataRole.UserRole


def diff_html(match: MatchResult) -> str:
    """The stored source with what differs from ours marked: words only there underlined, ours struck."""
    if match.exact or not match.diffs:
        return html.escape(match.unit.source)
    parts = []
    for diff in match.diffs:
        if diff.op in ("replace", "delete") and diff.ours:
            parts.append(f"<s style='color:#b00020'>{html.escape(diff.ours)}</s>")
        if diff.op in ("replace", "insert") and diff.theirs:
            parts.append(f"<u style='color:#00695c'>{html.escape(diff.theirs)}</u>")
    return " · ".join(parts)


class MemoryOffers(QWidget):
    """The memory's matches for one sentence; Enter, double-click or *Use* takes one."""

    taken = Signal(object)  # the MatchResult taken
    finished = Signal(int)  # number of matches shown

    def __init__(self, parent: QWidget | None = None, pool: WorkerPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or WorkerPool()
        self._worker: Worker | None = None
        self.title = QLabel("Open a sentence to see its matches.", self)  # the dock's title names the memory
        self.list = QListWidget(self)
        self.list.setAccessibleName("Translation memory matches")
        self.list.setWordWrap(True)
        self.diff = QLabel(self)
        self.diff.setTextFormat(Qt.TextFormat.RichText)
        self.diff.setWordWrap(True)
        self.diff.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.use_button = QPushButton("&Use this translation", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget in (self.title, self.list, self.diff, self.use_button):
            layout.addWidget(widget)
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemActivated.connect(lambda _item: self.take_current())
        self.use_button.clicked.connect(self.take_current)
        self._show_current()

    def lookup(self, memory: TranslationMemory, source: str, *, project: str | None = None,
               threshold: float = DEFAULT_THRESHOLD, all_projects: bool = False) -> Worker:
        if self._worker is not None:
            self._worker.cancel()
        worker = Worker(memory.fuzzy, source, project=project, threshold=threshold, all_projects=all_projects)
        worker.signals.result.connect(lambda matches, w=worker: self._shown(w, matches))
        self._worker = worker
        return self._pool.start(worker)

    def _shown(self, worker: Worker, matches) -> None:
        if worker is self._worker:
            self.show_matches(matches or [])

    def show_matches(self, matches: list[MatchResult]) -> None:
        self.list.clear()
        for number, match in enumerate(matches, 1):
            label = f"Alt+{number}  {match.similarity:.0f}%  {match.target}" if number <= 9 else \
                f"{match.similarity:.0f}%  {match.target}"
            if match.unit.origin == "machine":
                label += "  (machine translation)"
            item = QListWidgetItem(label)
            item.setData(MATCH_ROLE, match)
            self.list.addItem(item)
        self.title.setText(f"{len(matches)} match{'es' if len(matches) != 1 else ''} for this sentence")
        if matches:
            self.list.setCurrentRow(0)
        self._show_current()
        self.finished.emit(len(matches))

    def matches(self) -> list[MatchResult]:
        return [self.list.item(i).data(MATCH_ROLE) for i in range(self.list.count())]

    def current(self) -> MatchResult | None:
        item = self.list.currentItem()
        return None if item is None else item.data(MATCH_ROLE)

    def take_current(self) -> None:
        match = self.current()
        if match is not None:
            self.taken.emit(match)

    def _show_current(self) -> None:
        match = self.current()
        self.diff.setText("" if match is None else
                          "Source differences (<s>this sentence</s>, <u>memory</u>): " + diff_html(match))
        self.use_button.setEnabled(match is not None)
