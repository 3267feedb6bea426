"""The editing workflow over the grid: commits become undo commands, keyboard navigation,
confirm-and-next, re-translating one sentence, alternatives on demand.

This is where a translator's keystroke turns into a ``Project`` operation (always through a
``QUndoCommand`` on ``undo_stack``); the main window only wires menus and shortcuts to it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from desk.project import MAX_ALTERNATIVES
from desk.ui.editor import commands
from desk.ui.editor.grid import COL_SOURCE, COL_TARGET, DONE_STATUSES, SegmentGrid
from desk.ui.sentence_model import SentenceModel
from desk.ui.worker import Worker, WorkerPool

log = logging.getLogger(__name__)



def _retranslate(translator: Any, sentences: list, beam_size: int) -> list:
    """The engine's English for a few sentences (run in a worker)."""
    return list(translator.translate_document(sentences, beam_size=beam_size, use_cache=False))


def _alternatives(translator: Any, source: str, n: int) -> list:
    from desk.project import alternatives

    return alternatives(translator, source, n)


class EditorController(QObject):
    message = Signal(str)  # a short status-bar note
    alternativesReady = Signal(int)  # row whose alternatives were computed
    retranslated = Signal(int)  # row re-translated by "re-translate this sentence" / an Arabic edit
    edited = Signal()  # any change went through the undo stack
    saveRequested = Signal()  # Ctrl+S pressed inside the sentence editor

    def __init__(self, model: SentenceModel, grid: SegmentGrid, workers: WorkerPool,
                 translator: Callable[[], Any], beam_size: Callable[[], int], parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.grid = grid
        self.workers = workers
        self.translator = translator
        self.beam_size = beam_size
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self.undo_stack.indexChanged.connect(lambda _i: self.edited.emit())
        grid.committed.connect(self.on_committed)
        grid.keyCommand.connect(self.run_command)
        model.modelReset.connect(self.undo_stack.clear)

    # -- commits --------------------------------------------------------------------------
    def push(self, command) -> None:
        if self.model.project is not None:
            self.undo_stack.push(command)

    def on_committed(self, row: int, column: int, text: str, session: object) -> None:
        if self.model.project is None or not 0 <= row < self.model.rowCount():
            return
        if column == COL_TARGET:
            if text != self.model.row(row).target or not self.model.row(row).translated:
                self.push(commands.edit_target(self.model, row, text, session))
        elif column == COL_SOURCE:
            self.edit_source(row, text)

    def edit_target(self, row: int, text: str) -> None:
        """Set the English of ``row`` as the translator (one undo step)."""
        self.push(commands.edit_target(self.model, row, text))

    def edit_source(self, row: int, text: str) -> None:
        """The Arabic of one sentence changed: store it, then re-translate just that sentence."""
        text = " ".join(text.split())
        if not text or text == self.model.row(row).source:
            return
        try:
            self.push(commands.edit_source(self.model, row, text))
        except Exception as exc:  # noqa: BLE001 - a ProjectError in plain words
            self.message.emit(str(exc))
            return
        self.model.set_summary([])
        if self.translator() is not None:
            self.retranslate(row, force=False)

    # -- keyboard workflow ----------------------------------------------------------------
    def run_command(self, command: str) -> None:
        if command == "confirm_next":
            self.confirm_and_next()
        elif command == "next":
            self.step(1)
        elif command == "previous":
            self.step(-1)
        elif command.startswith("alternative"):
            self.take_alternative(int(command[-1]))
        elif command == "redo":
            self.redo()
        elif command == "save":
            self.saveRequested.emit()

    def current(self) -> int:
        return self.grid.current_row()

    def confirm_and_next(self) -> int:
        """Confirm the current sentence and open the next unconfirmed one; returns that row (-1: none)."""
        row = self.current()
        if self.model.project is None or not self.model.rowCount():
            return -1
        self.grid.close_editor()
        if row >= 0 and self.model.row(row).translated and self.model.row(row).status not in DONE_STATUSES:
            self.push(commands.confirm(self.model, row))
        nxt = self.next_unconfirmed(row)
        if nxt < 0:
            self.message.emit(f"All {self.model.confirmed_count()} sentences are confirmed.")
            return -1
        self.grid.select_row(nxt, edit=True)
        return nxt

    def next_unconfirmed(self, after: int) -> int:
        rows = self.model.rows
        n = len(rows)
        for k in range(1, n + 1):
            r = (after + k) % n
            if rows[r].translated and rows[r].status not in DONE_STATUSES and self.grid.view_row(r) >= 0:
                return r
        return -1

    def step(self, delta: int) -> int:
        """Move to the previous/next visible sentence and open its English."""
        visible = self.grid.filter.rowCount()
        if not visible:
            return -1
        index = self.grid.currentIndex()
        view = index.row() if index.isValid() else (-1 if delta > 0 else visible)
        view = max(0, min(visible - 1, view + delta))
        self.grid.close_editor()
        row = self.grid.source_row(view)
        self.grid.select_row(row, edit=True)
        return row

    def undo(self) -> None:
        self.grid.close_editor()
        self._show_command_row(self.undo_stack.command(self.undo_stack.index() - 1))
        self.undo_stack.undo()

    def redo(self) -> None:
        self.grid.close_editor()
        self._show_command_row(self.undo_stack.command(self.undo_stack.index()))
        self.undo_stack.redo()

    def _show_command_row(self, command) -> None:
        rows = getattr(command, "rows", None)
        if rows:
            self.grid.select_row(rows[0])

    # -- machine help for one sentence ----------------------------------------------------
    def _machine_target(self, row: int | None) -> tuple[int, Any] | None:
        """(row, translator) for machine help on one sentence, or None (said why when it is the model)."""
        row = self.current() if row is None else row
        translator = self.translator()
        if row < 0 or self.model.project is None:
            return None
        if translator is None:
            self.message.emit("The model is still loading; try again in a moment.")
            return None
        return row, translator

    def retranslate(self, row: int | None = None, *, force: bool = True) -> Worker | None:
        """Translate one sentence again; ``force`` replaces edited English too (one undo step)."""
        target = self._machine_target(row)
        if target is None:
            return None
        row, translator = target
        self.grid.close_editor()
        project = self.model.project
        sentence = project.sentences([self.model.row(row).index])
        worker = Worker(_retranslate, translator, sentence, self.beam_size())
        worker.signals.result.connect(lambda items, r=row, f=force, p=project: self._on_retranslated(p, r, items, f))
        worker.signals.errored.connect(lambda exc: self.message.emit(str(exc)))
        self.message.emit(f"Translating sentence {row + 1} again…")
        return self.workers.start(worker)

    def _on_retranslated(self, project, row: int, items: list, force: bool) -> None:
        if project is not self.model.project or not items:
            return
        item = items[0]
        model_id = self.model.model_id
        if self.model.row(row).source != item.source:
            return  # the Arabic changed again meanwhile
        command = commands.SegmentCommand(
            self.model, [row], lambda p, i: p.apply_machine(item, model_id, force=force),
            f"Re-translate sentence {row + 1}")
        self.push(command)
        self.message.emit(f"Sentence {row + 1} translated again.")
        self.retranslated.emit(row)

    def compute_alternatives(self, row: int | None = None) -> Worker | None:
        """Up to 4 other translations of one sentence (only that one: the document run stays 1-best)."""
        target = self._machine_target(row)
        if target is None:
            return None
        row, translator = target
        project = self.model.project
        source = self.model.row(row).source
        worker = Worker(_alternatives, translator, source, MAX_ALTERNATIVES)
        worker.signals.result.connect(lambda alts, r=row, p=project, s=source: self._on_alternatives(p, r, s, alts))
        worker.signals.errored.connect(lambda exc: self.message.emit(str(exc)))
        self.message.emit(f"Finding alternatives for sentence {row + 1}…")
        return self.workers.start(worker)

    def _on_alternatives(self, project, row: int, source: str, alts: list) -> None:
        if project is not self.model.project or self.model.row(row).source != source:
            return
        texts = [text for text, _score in alts]
        project.set_alternatives(self.model.row(row).index, texts, [score for _t, score in alts])
        self.model.refresh([row])
        self.message.emit(f"{len(texts)} alternatives for sentence {row + 1}: Ctrl+1…{len(texts)} takes one.")
        self.alternativesReady.emit(row)

    def take_alternative(self, number: int, row: int | None = None) -> bool:
        row = self.current() if row is None else row
        if row < 0:
            return False
        alts = self.model.row(row).alternatives
        if not 1 <= number <= len(alts):
            self.message.emit("No alternatives yet: press Ctrl+Shift+A to compute them.")
            return False
        self.grid.close_editor(commit=True)
        self.push(commands.take_alternative(self.model, row, alts[number - 1], number))
        self.grid.select_row(row, edit=True)
        return True
