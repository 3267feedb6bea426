"""The per-sentence document model both panes and the summary panel are views of.

One row per source sentence: where it is, its Arabic, its English (when done), a status,
the model's score and whether the summary picked it. Panes never hold text of their own;
they render from here and listen to ``dataChanged``/``modelReset``. Editing a sentence,
alternatives and QA marks will be more roles on the same rows.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desk.results import SentenceTranslation


class Status(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    PASSTHROUGH = "passthrough"  # no Arabic in it: copied as is


@dataclass(slots=True)
class SentenceRow:
    index: int
    paragraph: int
    span: tuple[int, int]
    source: str
    target: str = ""
    status: Status = Status.PENDING
    score: float = 0.0
    alternatives: tuple[str, ...] = field(default=())
    in_summary: bool = False
    summary_score: float = 0.0

    @property
    def translated(self) -> bool:
        return self.status is not Status.PENDING

    def to_translation(self) -> SentenceTranslation:
        return SentenceTranslation(
            self.paragraph, self.index, self.span, self.source, self.target, self.score,
            self.alternatives, self.status is Status.PASSTHROUGH,
        )


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


_ATTR = {
    Roles.INDEX: "index", Roles.PARAGRAPH: "paragraph", Roles.SPAN: "span", Roles.SOURCE: "source",
    Roles.TARGET: "target", Roles.STATUS: "status", Roles.SCORE: "score", Roles.SUMMARY: "in_summary",
}


def word_count(text: str) -> int:
    return len(text.split())


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as contiguous (first, last) ranges: one ``dataChanged`` each."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


class SentenceModel(QAbstractListModel):
    """Rows of ``SentenceRow``; ``document`` is the ``desk.documents.Document`` they came from."""

    summaryChanged = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.document: Any = None
        self.text = ""  # document.text, kept (the property re-joins the blocks on every call)
        self._rows: list[SentenceRow] = []
        self._by_index: dict[int, int] = {}
        self._source_words = 0
        self._done = 0

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
    def set_document(self, document: Any, sentences: Sequence[Any] | None = None) -> None:
        """Replace everything with the sentences of ``document`` (nothing translated yet);
        pass ``sentences`` when they were already segmented in a worker."""
        self.beginResetModel()
        self.document = document
        self.text = document.text if document is not None else ""
        if sentences is None:
            sentences = document.sentences() if document is not None else []
        self._rows = [SentenceRow(s.index, s.paragraph, tuple(s.span), s.text) for s in sentences]
        self._by_index = {r.index: i for i, r in enumerate(self._rows)}
        self._source_words = sum(word_count(r.source) for r in self._rows)
        self._done = 0  # kept current by apply/reset: progress asks for it after every flush
        self.endResetModel()
        self.summaryChanged.emit()

    def clear(self) -> None:
        self.set_document(None)

    # -- updates ------------------------------------------------------------------------
    def apply_translation(self, item: SentenceTranslation) -> int:
        """Store one engine result; returns its row (-1 if it is not in this document)."""
        row = self._by_index.get(item.index, -1)
        if row < 0:
            return -1
        r = self._rows[row]
        self._done += not r.translated
        r.target = item.target
        r.score = item.score
        r.alternatives = tuple(item.alternatives)
        r.status = Status.PASSTHROUGH if item.passthrough else Status.DONE
        idx = self.index(row)
        self.dataChanged.emit(idx, idx, [Roles.TARGET, Roles.STATUS, Roles.SCORE, Qt.ItemDataRole.DisplayRole])
        return row

    def reset_translations(self) -> None:
        for r in self._rows:
            r.target, r.score, r.alternatives, r.status = "", 0.0, (), Status.PENDING
        self._done = 0
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Roles.TARGET, Roles.STATUS])

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

    def all_done(self) -> bool:
        return bool(self._rows) and self._done == len(self._rows)

    def translations(self) -> list[SentenceTranslation]:
        """The finished sentences, in document order (what export writes)."""
        return [r.to_translation() for r in self._rows if r.translated]

    def source_words(self) -> int:
        return self._source_words

    def target_words(self) -> int:
        return sum(word_count(r.target) for r in self._rows if r.translated)
