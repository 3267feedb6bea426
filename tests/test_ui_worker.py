"""The generic background worker: progress per item, result, errors, cancel between yields."""

from __future__ import annotations

import threading

from desk.errors import DocumentError
from desk.ui.worker import Worker, WorkerPool


def test_generator_items_become_progress_and_return_value_the_result(qtbot):
    def job(n):
        yield from range(n)
        return "all done"

    worker = Worker(job, 5)
    seen, results, threads = [], [], []
    worker.signals.progress.connect(seen.append)
    worker.signals.result.connect(results.append)
    worker.signals.started.connect(lambda: threads.append(threading.current_thread()))
    pool = WorkerPool()
    with qtbot.waitSignal(worker.signals.finished, timeout=5000):
        pool.start(worker)
    assert seen == [0, 1, 2, 3, 4]
    assert results == ["all done"]
    assert pool.shutdown(5)


def test_exceptions_are_emitted_not_raised(qtbot):
    def job():
        yield 1
        raise DocumentError("x.txt", "it is broken.")

    worker = Worker(job)
    errors = []
    worker.signals.errored.connect(errors.append)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000):
        WorkerPool().start(worker)
    assert len(errors) == 1 and str(errors[0]) == "Cannot open x.txt: it is broken."


def test_cancel_stops_between_yields_and_passes_the_flag(qtbot):
    gate = threading.Event()
    produced = []

    def job(cancel):
        for i in range(1000):
            produced.append(i)
            yield i
            if i == 2:
                gate.wait(5)
        return "finished"

    worker = Worker(job)
    assert worker.kwargs["cancel"] == worker.is_cancelled
    results = []
    worker.signals.result.connect(results.append)

    def on_progress(item):
        if item == 2:
            worker.cancel()
            gate.set()

    worker.signals.progress.connect(on_progress)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000):
        WorkerPool().start(worker)
    assert worker.was_cancelled
    assert results == [None]
    assert len(produced) <= 4
