"""Undo commands: every edit of a segment is a ``QUndoCommand`` over a ``Project`` operation.

``redo`` runs the operation (``set_target``, ``confirm``, ``set_status``, ``set_source``) on
the project, which commits it; ``undo`` hands the segments' previous snapshots back to
``Project.restore_many`` (one transaction). Edits of many sentences at once override ``apply``
to write them in one transaction too. The Qt model is then re-read from the project (``SentenceModel.refresh``),
so what the grid shows is always what the file holds. Typing in one sentence merges into one
command per editing session, so Ctrl+Z undoes a sentence's edit, not a 2-second slice of it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QUndoCommand

from desk.project import ProjectError

EDIT_TARGET_ID = 1201

Operation = Callable[[Any, int], Any]  # (project, segment index) -> anything


class SegmentCommand(QUndoCommand):
    """Apply ``operation`` to the segments at ``rows`` of ``model`` (a ``SentenceModel``)."""

    def __init__(self, model, rows: Sequence[int], operation: Operation | None, text: str) -> None:
        super().__init__(text)
        self.model = model
        self.rows = list(rows)
        self.operation = operation
        project = model.project
        self.before = [project.segment(model.row(r).index) for r in self.rows]

    def redo(self) -> None:
        with self._guard():
            self.apply(self.model.project, [self.model.row(r).index for r in self.rows])

    def apply(self, project, indexes: list[int]) -> None:
        """The edit: ``operation`` per sentence (a subclass may write all of them in one transaction)."""
        for i in indexes:
            self.operation(project, i)

    def undo(self) -> None:
        with self._guard():
            self.model.project.restore_many(self.before)

    @contextlib.contextmanager
    def _guard(self):
        """A write the project refused (disk full, read-only): the file and the segment are unchanged,
        so the command is dropped from the stack and the translator is told in plain words."""
        try:
            yield
        except ProjectError as exc:
            self.setObsolete(True)
            self.model.writeFailed.emit(exc)
        finally:
            self.model.refresh(self.rows)


class EditTargetCommand(SegmentCommand):
    """The translator's English for one sentence; commits of one editing session merge."""

    def __init__(self, model, row: int, text: str, session: object | None = None) -> None:
        self.new_text = text
        self.session = session
        super().__init__(model, [row], lambda p, i: p.set_target(i, self.new_text), f"Edit sentence {row + 1}")

    def id(self) -> int:
        return EDIT_TARGET_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditTargetCommand) or self.session is None:
            return False
        if other.session is not self.session or other.rows != self.rows:
            return False
        self.new_text = other.new_text
        return True


def edit_target(model, row: int, text: str, session: object | None = None) -> EditTargetCommand:
    return EditTargetCommand(model, row, text, session)


def confirm(model, row: int) -> SegmentCommand:
    return SegmentCommand(model, [row], lambda p, i: p.confirm(i), f"Confirm sentence {row + 1}")


def set_status(model, rows: Sequence[int], status: Any) -> SegmentCommand:
    return SegmentCommand(model, rows, lambda p, i: p.set_status(i, status), f"Mark as {status}")


def edit_source(model, row: int, text: str) -> SegmentCommand:
    return SegmentCommand(model, [row], lambda p, i: p.set_source(i, text), f"Edit Arabic of sentence {row + 1}")


def take_alternative(model, row: int, text: str, number: int) -> SegmentCommand:
    return SegmentCommand(model, [row], lambda p, i: p.set_target(i, text), f"Take alternative {number}")


class ReplaceAllCommand(SegmentCommand):
    """Many English edits as ONE project transaction and one undo step (``set_targets`` /
    ``restore_many``): hundreds of single commits would cost a disk sync each."""

    def __init__(self, model, changes: dict[int, str]) -> None:
        self.by_index = {model.row(r).index: text for r, text in changes.items()}
        n = len(changes)
        super().__init__(model, sorted(changes), None, f"Replace in {n} sentence{'s' if n != 1 else ''}")

    def apply(self, project, indexes: list[int]) -> None:
        project.set_targets(self.by_index)


def replace_all(model, changes: dict[int, str]) -> ReplaceAllCommand:
    """One undo step for a whole "Replace all" (``changes``: row -> new English)."""
    return ReplaceAllCommand(model, changes)
