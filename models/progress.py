"""Progress records yielded by the install, import and verify generators."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CancelCheck = Callable[[], bool]

# Steps in the order they happen; "done" is always the last item and carries model_dir.
STEPS = ("check", "download", "extract", "copy", "convert", "verify", "install", "done")


@dataclass(frozen=True, slots=True)
class InstallProgress:
    """One progress update: ``bytes_done``/``bytes_total`` are for the current step (0 if unknown)."""

    step: str
    bytes_done: int = 0
    bytes_total: int = 0
    file: str = ""
    message: str = ""
    model_dir: Path | None = None
    model_id: str = ""

    @property
    def fraction(self) -> float | None:
        if self.bytes_total <= 0:
            return None
        return min(1.0, self.bytes_done / self.bytes_total)
