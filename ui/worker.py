"""The one generic background worker: runs a callable (usually a generator) off the GUI thread.

Every long job in the app (reading a file, loading the model, translating, summarising,
installing a model, exporting) goes through ``Worker`` so there is one place that handles
threads, progress, cancellation and errors. ``run()`` never lets an exception escape: it is
emitted as ``errored`` and turned into a dialog by ``desk.ui.errors`` on the GUI thread.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    """Signals live on a QObject created in the GUI thread, so slots run there (queued)."""

    started = Signal()
    progress = Signal(object)  # one yielded item
    result = Signal(object)  # the return value (a generator's ``return`` value)
    errored = Signal(object)  # the exception
    finished = Signal()  # always last, after result/errored, also after a cancel


class Worker(QRunnable):
    """Run ``fn(*args, **kwargs)`` in the thread pool.

    If ``fn`` accepts a ``cancel`` keyword, it receives ``worker.is_cancelled`` so it can stop
    inside long steps; in any case the flag is checked between yielded items.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the pool must not delete it under us
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self.done = threading.Event()
        self.was_cancelled = False
        # True: stop at the next yield once cancelled. False: the generator gets ``cancel`` and
        # stops by itself (the engine finishes its batch so decoded sentences are kept).
        self.close_on_cancel = True
        if _accepts_cancel(fn) and "cancel" not in kwargs:
            self.kwargs["cancel"] = self.is_cancelled

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:  # noqa: C901 - straight-line error handling
        signals = self.signals
        try:
            signals.started.emit()
            value = self.fn(*self.args, **self.kwargs)
            if inspect.isgenerator(value):
                value = self._drain(value)
            if self.is_cancelled():
                self.was_cancelled = True
            signals.result.emit(value)
        except BaseException as exc:  # noqa: BLE001 - a worker must never crash the app
            if not isinstance(exc, Exception):
                log.warning("worker stopped by %s", type(exc).__name__)
            signals.errored.emit(exc)
        finally:
            self.done.set()
            signals.finished.emit()

    def _drain(self, generator) -> Any:
        try:
            while True:
                if self.close_on_cancel and self.is_cancelled():
                    generator.close()
                    return None
                try:
                    item = next(generator)
                except StopIteration as stop:
                    return stop.value
                self.signals.progress.emit(item)
        finally:
            generator.close()


def _accepts_cancel(fn: Callable[..., Any]) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "cancel" in params


class WorkerPool:
    """Keeps Python references to running workers and starts them on the global pool."""

    def __init__(self) -> None:
        self._running: set[Worker] = set()

    @property
    def pool(self) -> QThreadPool:
        return QThreadPool.globalInstance()

    def start(self, worker: Worker) -> Worker:
        self._running.add(worker)
        worker.signals.finished.connect(lambda w=worker: self._running.discard(w))
        self.pool.start(worker)
        return worker

    def running(self) -> list[Worker]:
        return [w for w in self._running if not w.done.is_set()]

    def shutdown(self, timeout_s: float = 30.0, *, wait_pool: bool = False) -> bool:
        """Cancel this owner's workers and wait for them; ``wait_pool`` also waits for the
        whole QThreadPool (the app does that once, when the main window closes)."""
        import time

        running = list(self._running)
        for worker in running:
            worker.cancel()
        deadline = time.monotonic() + timeout_s
        ok = all(w.done.wait(max(0.0, deadline - time.monotonic())) for w in running)
        if wait_pool:
            ok = self.pool.waitForDone(int(max(0.0, deadline - time.monotonic()) * 1000)) and ok
        return ok
