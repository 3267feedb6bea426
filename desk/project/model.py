"""The values a project is made of: segment statuses, the immutable ``Segment``, the file suffix.

A ``Segment`` is a snapshot: every change makes a new one, so an undo command can keep the
previous snapshot and hand it back to ``Project.restore``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Status(StrEnum):
    """Where a segment's English stands. Values are stored in the file: never rename them."""

    UNTRANSLATED = "untranslated"
    MACHINE = "machine"
    EDITED = "edited"
    CONFIRMED = "confirmed"
    PASSTHROUGH = "passthrough"
    TM_EXACT = "tm-exact"  # reserved for translation-memory matches (issue 13)
    TM_FUZZY = "tm-fuzzy"


# Statuses a machine translation never overwrites (human work or a TM match chosen for it).
KEPT_STATUSES = frozenset({Status.EDITED, Status.CONFIRMED, Status.TM_EXACT, Status.TM_FUZZY})

ORIGIN_HUMAN = "human"
ORIGIN_TM = "tm"

PROJECT_SUFFIX = ".tarjama"


def is_project_path(name: str | Path | None) -> bool:
    """``name`` is a project file by its suffix (any case); stdin ("-") and no name are not."""
    return bool(name) and str(name) != "-" and Path(name).suffix.lower() == PROJECT_SUFFIX


@dataclass(frozen=True, slots=True)
class Segment:
    """One source sentence and its English.

    ``span`` is the [start, end) range of ``source`` in ``project.document.text``.
    ``origin`` is "" (nothing yet / pass-through), a model id, ``"human"`` or ``"tm"``.
    ``score`` is the model's mean log-probability per token (0 if none); ``confidence`` the
    0..1 figure derived from it (``desk.project.confidence``), None unless the English is
    machine output. ``machine_target`` is the last machine English, kept for "revert to MT".
    ``source_edited`` marks a sentence whose Arabic the translator changed.
    Times are Unix seconds.
    """

    index: int
    paragraph: int
    span: tuple[int, int]
    source: str
    target: str
    status: Status
    origin: str = ""
    score: float = 0.0
    confidence: float | None = None
    alternatives: tuple[str, ...] = ()
    machine_target: str = ""
    created: float = 0.0
    modified: float = 0.0
    alternative_scores: tuple[float, ...] = ()
    source_edited: bool = False

    @property
    def is_machine(self) -> bool:
        """The English is unreviewed machine output."""
        return self.status == Status.MACHINE
