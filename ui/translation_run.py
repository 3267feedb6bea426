"""One translation run of a document: the worker, the queue of incoming results and the
progress figures, moved out of the main window so it stays a wiring layer.

Results arrive in bursts (one engine batch at a time); they are queued and applied to the
``SentenceModel`` (so to the project) in slices of at most ``FLUSH_BUDGET_S`` of GUI time,
so the event loop keeps running in between. The project keeps edited and confirmed
sentences: a re-translation only ever replaces machine output.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desk.ui.stall import StallMeter
from desk.ui.worker import Worker, WorkerPool

log = logging.getLogger(__name__)

FLUSH_BUDGET_S = 0.012  # GUI time per slice of incoming translations
FLUSH_CHUNK = 32  # results written to the project per transaction


class TranslationRun(QObject):
    started = Signal()
    progressed = Signal()  # some results were applied (read ``done``/``rate``/``seconds_left``)
    errored = Signal(object)
    finished = Signal()  # the run is over (done, cancelled or failed); read ``summary``

    def __init__(self, model, workers: WorkerPool, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.workers = workers
        self.worker: Worker | None = None
        self.stall = StallMeter(self)
        self.longest_stall_ms = 0.0
        self.started_at = 0.0
        self.elapsed = 0.0
        self.done = 0
        self.total = 0
        self.cancelled = False
        self._generation = 0
        self._incoming: deque = deque()
        self._finish_pending = False
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self._flush)

    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self, translator: Any, sentences: Sequence[Any], *, beam_size: int) -> Worker:
        """Translate ``sentences`` (``desk.segment.Sentence``) into the model's project."""
        self._generation += 1
        generation = self._generation
        worker = Worker(translator.translate_document, list(sentences), beam_size=beam_size)
        worker.close_on_cancel = False  # the engine stops itself between batches; keep what it decoded
        worker.signals.progress.connect(lambda item, g=generation: self._on_item(g, item))
        worker.signals.errored.connect(lambda exc, g=generation: g == self._generation and self.errored.emit(exc))
        worker.signals.finished.connect(lambda g=generation: self._on_finished(g))
        self.worker = worker
        self._incoming.clear()
        self._finish_pending = False
        self.started_at = time.perf_counter()
        self.done, self.total, self.cancelled = 0, len(sentences), False
        self.stall.start()
        self.started.emit()
        return self.workers.start(worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def abandon(self) -> None:
        """The document is being replaced: stop, and ignore whatever still arrives."""
        self._incoming.clear()
        self._flush_timer.stop()
        self._finish_pending = False
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
            self._generation += 1
            self.stall.stop()

    # -- progress figures -----------------------------------------------------------------
    @property
    def rate(self) -> float:
        return self.done / max(1e-6, time.perf_counter() - self.started_at)

    @property
    def seconds_left(self) -> float:
        rate = self.rate
        return (self.total - self.done) / rate if rate > 0 else 0.0

    def summary(self) -> str:
        from desk.ui.status_bar import run_summary  # the longest UI pause is in the log line of _finish

        return run_summary(translated=self.done, elapsed=self.elapsed, done=self.model.done_count(),
                           total=self.model.rowCount(), cancelled=self.cancelled)

    # -- internals ------------------------------------------------------------------------
    def _on_item(self, generation: int, item) -> None:
        if generation == self._generation:
            self._incoming.append(item)
            if not self._flush_timer.isActive():
                self._flush_timer.start()

    def _flush(self) -> None:
        deadline = time.perf_counter() + FLUSH_BUDGET_S
        while self._incoming:
            chunk = [self._incoming.popleft() for _ in range(min(FLUSH_CHUNK, len(self._incoming)))]
            self.model.apply_translations(chunk)  # one committed transaction per chunk
            self.done += len(chunk)
            if time.perf_counter() > deadline:
                break
        self.progressed.emit()
        if self._incoming:
            self._flush_timer.start()
        elif self._finish_pending:
            self._finish()

    def _on_finished(self, generation: int) -> None:
        if generation != self._generation:
            return
        self._finish_pending = True
        if not self._incoming and not self._flush_timer.isActive():
            self._finish()

    def _finish(self) -> None:
        self._finish_pending = False
        worker, self.worker = self.worker, None
        self.longest_stall_ms = self.stall.stop()
        self.elapsed = time.perf_counter() - self.started_at
        self.cancelled = worker is not None and worker.is_cancelled()
        log.info("translation run: %d sentences in %.2fs, cancelled=%s, longest stall %.1f ms",
                 self.done, self.elapsed, self.cancelled, self.longest_stall_ms)
        self.finished.emit()
