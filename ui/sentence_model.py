"""The per-sentence Qt model every view (panes, grid, summary) reads: a view of a ``Project``.

The project file is the one source of truth. Each row mirrors one ``desk.project.Segment``
(frozen); writes go to the project first (``apply_translation``, or the undo commands of
``desk.ui.editor.commands``) and the row is then re-read from it with ``refresh``, which emits
``dataChanged`` for that row. The only state of the view's own is the summary mark.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desk.project import Status
from desk.results import SentenceTranslation

UNTRANSLATED = Status("untranslated")
CONFIRMED = Status("confirmed")


class SentenceRow:
    """One segment as the views see it: the project's ``Segment`` plus the summary mark."""

    __slots__ = ("segment", "in_summary", "summary_score")

    def __init__(self, segment: Any) -> None:
        self.segment = segment
        self.in_summary = False
        self.summary_score = 0.0

    index = property(lambda self: self.segment.index)
    paragraph = property(lambda self: self.segment.paragraph)
    span = property(lambda self: tuple(self.segment.span))
    source = property(lambda self: self.segment.source)
    target = property(lambda self: self.segment.target or "")
    status = property(lambda self: Status(self.segment.status))
    score = property(lambda self: self.segment.score or 0.0)
    confidence = property(lambda self: self.segment.confidence)
    alternatives = property(lambda self: tuple(self.segment.alternatives or ()))

    @property
    def translated(self) -> bool:
        return self.status is not UNTRANSLATED

    @property
    def confirmed(self) -> bool:
        return self.status is CONFIRMED


class Roles(enum.IntEnum):
    INDEX = Qt.ItemDataRole.UserRole + 1
    PARAGRAPH = enum.auto()
    SPAN = enum.auto()
    SOURCE = enum.auto()
    TARGET = enum.auto()
    STATUS = enum.auto()
    SCORE = enum.auto()
    SUMMARY = enum.auto()
    ROW = enum.auto()  # the SentenceRow itself
    CONFIDENCE = enum.auto()
    ALTERNATIVES = enum.auto()


_ATTR = {
    Roles.INDEX: "index", Roles.PARAGRAPH: "paragraph", Roles.SPAN: "span", Roles.SOURCE: "source",
    Roles.TARGET: "target", Roles.STATUS: "status", Roles.SCORE: "score", Roles.SUMMARY: "in_summary",
    Roles.CONFIDENCE: "confidence", Roles.ALTERNATIVES: "alternatives",
}
SEGMENT_ROLES = [Roles.TARGET, Roles.STATUS, Roles.SCORE, Roles.CONFIDENCE, Roles.ALTERNATIVES,
                 Qt.ItemDataRole.DisplayRole]


def word_count(text: str) -> int:
    return len(text.split())


class SentenceModel(QAbstractListModel):
    """Rows of ``SentenceRow`` over ``project``; ``document`` is the document it was made from."""

    summaryChanged = Signal()
    countsChanged = Signal()  # a status or a word count changed somewhere (the status-bar counts)
    writeFailed = Signal(object)  # the project refused a change (a ProjectError in plain words)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project: Any = None
        self.document: Any = None
        self.text = ""  # document.text, kept (the property re-joins the blocks on every call)
        self.model_id = ""  # origin written with machine translations
        self._rows: list[SentenceRow] = []
        self._by_index: dict[int, int] = {}
        self._source_words = 0
        self._target_words = 0
        self._done = 0
        self._confirmed = 0

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.target or row.source
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.source
        if role == Roles.ROW:
            return row
        attr = _ATTR.get(role)  # type: ignore[call-overload]
        return getattr(row, attr) if attr else None

    def roleNames(self) -> dict[int, bytes]:
        names = super().roleNames()
        names.update({int(r): r.name.lower().encode() for r in Roles})
        return names

    # -- loading ------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        """Show ``project`` (or nothing); the caller owns it and closes it."""
        self.beginResetModel()
        self.project = project
        self.document = getattr(project, "document", None) if project is not None else None
        self.text = self.document.text if self.document is not None else ""
        segments = list(project.segments) if project is not None else []
        self._rows = [SentenceRow(s) for s in segments]
        self._by_index = {r.index: i for i, r in enumerate(self._rows)}
        self._source_words = sum(word_count(r.source) for r in self._rows)
        self._recount()
        self.endResetModel()
        self.summaryChanged.emit()
        self.countsChanged.emit()

    def clear(self) -> None:
        self.set_project(None)

    def _recount(self) -> None:
        self._target_words = sum(word_count(r.target) for r in self._rows if r.translated)
        self._done = sum(r.translated for r in self._rows)
        self._confirmed = sum(r.confirmed for r in self._rows)

    # -- updates (the project first, then the row) --------------------------------------
    def refresh(self, rows: Iterable[int]) -> None:
        """Re-read ``rows`` from the project after it changed them."""
        rows = sorted(set(rows))
        if not rows or self.project is None:
            return
        before = [(self._rows[i].translated, self._rows[i].confirmed, self._rows[i].source) for i in rows]
        words_before = self._target_words
        self._target_words -= sum(word_count(self._rows[i].target) for i in rows if self._rows[i].translated)
        for i in rows:
            self._rows[i].segment = self.project.segment(self._rows[i].index)
        self._target_words += sum(word_count(self._rows[i].target) for i in rows if self._rows[i].translated)
        counts = self._target_words != words_before
        sources: list[int] = []
        for i, (translated, confirmed, source) in zip(rows, before, strict=True):
            r = self._rows[i]
            self._done += r.translated - translated
            self._confirmed += r.confirmed - confirmed
            counts = counts or translated != r.translated or confirmed != r.confirmed
            if source != r.source:
                counts = True
                self._source_words += word_count(r.source) - word_count(source)
                self.document = self.project.document  # the block text moved with the corrected Arabic
                self.text = self.document.text
                sources.append(i)
        for first, last in _runs(rows):
            self.dataChanged.emit(self.index(first), self.index(last), SEGMENT_ROLES)
        if sources:  # the Arabic pane re-renders for these (spans after them moved)
            self.dataChanged.emit(self.index(sources[0]), self.index(sources[-1]), [Roles.SOURCE])
        if counts:
            self.countsChanged.emit()

    def apply_translation(self, item: SentenceTranslation) -> int:
        """Store one engine result in the project; returns its row (-1 if it is not in this
        document). Edited and confirmed sentences are kept: the project refuses to overwrite them."""
        row = self._by_index.get(item.index, -1)
        if row < 0 or self.project is None:
            return -1
        if self.project.apply_machine(item, self.model_id) is not None:
            self.refresh([row])
        return row

    def apply_translations(self, items: Sequence[SentenceTranslation]) -> int:
        """Many engine results in one project transaction (one disk sync); returns how many changed."""
        if self.project is None or not items:
            return 0
        changed = self.project.apply_machine_many(items, self.model_id)
        self.refresh(r for r in (self._by_index.get(s.index, -1) for s in changed) if r >= 0)
        return len(changed)

    def set_summary(self, picked: Iterable[Any]) -> None:
        """Mark the sentences a ``desk.summarize`` result picked (by their ``index``)."""
        scores = {p.index: float(getattr(p, "score", 0.0)) for p in picked}
        changed: list[int] = []
        for i, r in enumerate(self._rows):
            was = r.in_summary
            r.in_summary = r.index in scores
            r.summary_score = scores.get(r.index, 0.0)
            if was != r.in_summary:
                changed.append(i)
        for first, last in _runs(changed):  # exactly the rows whose mark changed (issue 16, item 1)
            self.dataChanged.emit(self.index(first), self.index(last), [Roles.SUMMARY])
        self.summaryChanged.emit()

    # -- queries ------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[SentenceRow]:
        return self._rows

    def row(self, i: int) -> SentenceRow:
        return self._rows[i]

    def row_of_index(self, sentence_index: int) -> int:
        return self._by_index.get(sentence_index, -1)

    def summary_rows(self) -> list[int]:
        return [i for i, r in enumerate(self._rows) if r.in_summary]

    def done_count(self) -> int:
        return self._done

    def confirmed_count(self) -> int:
        return self._confirmed

    def all_done(self) -> bool:
        return bool(self._rows) and self._done == len(self._rows)

    def translations(self) -> list[SentenceTranslation]:
        """The finished sentences with the translator's edits, in document order (what export writes)."""
        if self.project is None:
            return []
        return [t for t in self.project.translations() if t.status != UNTRANSLATED]

    def source_words(self) -> int:
        return self._source_words

    def target_words(self) -> int:
        return self._target_words  # kept current by set_project/refresh (the status bar asks after every edit)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs of consecutive numbers (one dataChanged per run)."""
    runs: list[tuple[int, int]] = []
    for i in rows:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
