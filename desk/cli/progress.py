"""Progress on stderr: a live tqdm bar on a terminal, a few plain lines in a log.

On a terminal tqdm redraws one line with the rate and the time left. When stderr is
a file or a pipe (a cron job, ``2> log``), redrawing would put one ``\\r`` update per
sentence into a single log line, so at most ``LOG_STEPS`` + 1 whole lines are printed
instead (every 10 %, each with the time left).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_STEPS = 10
PROGRESS_MIN_SENTENCES = 20  # shorter inputs show no progress (README: 20 sentences or more)


class Progress:
    """Count ``total`` units of work under ``label`` (``update()`` once per unit, ``close()`` at the end)."""

    def __init__(self, total: int, label: str = "", *, unit: str = "sentence", file: TextIO | None = None,
                 enabled: bool = True) -> None:
        self.total, self.label, self.unit = total, label, unit
        self.file = file or sys.stderr
        self.enabled = enabled and total > 0
        self.done = 0
        self._next_step = 1
        self._started = time.monotonic()
        self._bar = None
        if self.enabled and _is_terminal(self.file):
            self._bar = tqdm(total=total, desc=label.rstrip(": ") or None, unit=f" {unit}s", unit_scale=False,
                             file=self.file, dynamic_ncols=True, leave=True, mininterval=0.2)

    def update(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        while self.done * LOG_STEPS >= self._next_step * self.total and self._next_step <= LOG_STEPS:
            self._next_step += 1
            self._line()

    def _line(self) -> None:
        elapsed = time.monotonic() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        when = "done" if self.done >= self.total else f"about {tqdm.format_interval(left)} left"
        print(f"{self.label}translated {self.done}/{self.total} {self.unit}s "
              f"({self.done * 100 // self.total}%, {rate:.1f}/s, {when})", file=self.file, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
