"""The QA panel: lists the issues of a translation and jumps to their sentence.

Wired by ``desk.ui.editor.memory_tools``, which connects ``jumpRequested`` to its sentence
selection, ``fixRequested`` to an edit command inserting the glossary's English, and stores
``ignoreRequested`` pairs in the project. The checks run in the generic worker
(``desk.ui.worker``), streamed sentence by sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.glossary.match import TermMatcher
from desk.qa import Issue, Pair, iter_issues
from desk.ui.worker import Worker, WorkerPool

log = logging.getLogger(__name__)
ISSUE_ROLE = Qt.ItemDataRole.UserRole


class QAPanel(QWidget):
    """Issues of the current translation; double-click or Enter jumps to the sentence."""

    jumpRequested = Signal(int)  # sentence index
    fixRequested = Signal(int, str)  # sentence index, English to insert
    ignoreRequested = Signal(int, str)  # sentence index, check id
    finished = Signal(int)  # number of issues listed

    def __init__(self, parent: QWidget | None = None, pool: WorkerPool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qaPanel")
        self._pool = pool or WorkerPool()
        self._worker: Worker | None = None
        self.summary = QLabel("QA: not run", self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Sentence", "Check", "Issue"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.setAccessibleName("QA issues")
        self.ignore_button = QPushButton("&Ignore", self)
        self.ignore_button.setToolTip("Ignore this check for this sentence")
        self.fix_button = QPushButton("Insert &term", self)
        self.fix_button.setToolTip("Insert the glossary's English into the sentence")
        buttons = QHBoxLayout()
        buttons.addWidget(self.ignore_button)
        buttons.addWidget(self.fix_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tree.itemActivated.connect(lambda item, _col: self._jump(item))
        self.tree.itemClicked.connect(lambda item, _col: self._jump(item))  # one click is enough
        self.tree.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.ignore_button.clicked.connect(self.ignore_current)
        self.fix_button.clicked.connect(self.fix_current)
        self._update_buttons()

    # -- running ---------------------------------------------------------------------------
    def run(self, pairs: Sequence, *, glossary: TermMatcher | None = None,
            ignore: Collection[tuple[int, str]] = ()) -> Worker:
        """Check ``pairs`` (SentenceTranslation-like, or ``Pair``) in the background."""
        self.cancel()
        self.tree.clear()
        self.summary.setText("QA: checking…")
        worker = Worker(iter_issues, list(pairs), glossary=glossary, ignore=set(ignore))
        worker.signals.progress.connect(self._add)
        worker.signals.finished.connect(lambda w=worker: self._done(w))
        self._worker = worker
        return self._pool.start(worker)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _add(self, issue: Issue) -> None:
        item = QTreeWidgetItem([str(issue.sentence + 1), issue.check, issue.message])
        item.setData(0, ISSUE_ROLE, issue)
        item.setToolTip(2, issue.message)
        self.tree.addTopLevelItem(item)

    def _done(self, worker: Worker) -> None:
        if worker is not self._worker:
            return
        count = self.tree.topLevelItemCount()
        self.summary.setText("QA: no issues" if count == 0 else f"QA: {count} issue{'s' if count != 1 else ''}")
        if count and self.tree.currentItem() is None:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_buttons()
        self.finished.emit(count)

    # -- the list --------------------------------------------------------------------------
    def issues(self) -> list[Issue]:
        return [self.tree.topLevelItem(i).data(0, ISSUE_ROLE) for i in range(self.tree.topLevelItemCount())]

    def select(self, row: int) -> None:
        self.tree.setCurrentItem(self.tree.topLevelItem(row))

    def current_issue(self) -> Issue | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ISSUE_ROLE)

    def jump_to_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._jump(item)

    def _jump(self, item: QTreeWidgetItem) -> None:
        self.jumpRequested.emit(item.data(0, ISSUE_ROLE).sentence)

    def ignore_current(self) -> None:
        """Drop the current issue from the list and ask the project to remember it."""
        item = self.tree.currentItem()
        if item is None:
            return
        issue: Issue = item.data(0, ISSUE_ROLE)
        self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        count = self.tree.topLevelItemCount()
        self.summary.setText("QA: no issues" if count == 0 else f"QA: {count} issue{'s' if count != 1 else ''}")
        self.ignoreRequested.emit(issue.sentence, issue.check)
        self._update_buttons()

    def fix_current(self) -> None:
        issue = self.current_issue()
        if issue is not None and issue.fix:
            self.fixRequested.emit(issue.sentence, issue.fix)

    def _update_buttons(self) -> None:
        issue = self.current_issue()
        self.ignore_button.setEnabled(issue is not None)
        self.fix_button.setEnabled(bool(issue and issue.fix))


__all__ = ["QAPanel", "Pair"]
