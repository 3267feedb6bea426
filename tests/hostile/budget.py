"""Run the ``desk`` CLI on one hostile file in a subprocess and measure it.

Time is the wall clock of the subprocess; memory is its own peak RSS (VmHWM, read at
exit by the wrapper shared with the large-document benchmark). A run past ``timeout``
is killed and reported as such, so a test can say "hung" instead of hanging.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.large_document import PEAK_RSS_WRAPPER

# What the app promises (README "Reliability and privacy", docs/reliability.md):
READ_SECONDS = 30  # any file up to the size cap is read within this ...
READ_EXTRA_MB = 1024  # ... using at most this much memory above the idle CLI
REFUSE_SECONDS = 1  # a refusal costs at most this (plus interpreter start-up) ...
REFUSE_EXTRA_MB = 100  # ... and this much memory
BASELINE_MB = 120  # the CLI's own peak for a small document (imports, lxml, trafilatura)


@dataclass
class Run:
    returncode: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def extra_mb(self) -> float:
        return max(0.0, self.peak_mb - BASELINE_MB)


def run_desk(args: list[str], *, timeout: float = 120, home: Path | None = None, env: dict | None = None) -> Run:
    """``desk ARGS`` in a fresh interpreter; never raises on a hang (returncode None)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "rss.json"
        environ = {**os.environ, "DESK_HOME": str(home or Path(tmp) / "home"), **(env or {})}
        started = time.monotonic()
        cli = PEAK_RSS_WRAPPER.replace("{module}", "desk.cli")
        try:
            proc = subprocess.run([sys.executable, "-c", cli, str(report), *args], capture_output=True,
                                  env=environ, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            return Run(None, (exc.stdout or b"").decode(errors="replace"), (exc.stderr or b"").decode(errors="replace"),
                       time.monotonic() - started, float("nan"))
        seconds = time.monotonic() - started
        peak = json.loads(report.read_text())["maxrss_kb"] / 1024 if report.exists() else float("nan")
        return Run(proc.returncode, proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace"),
                   seconds, peak)
