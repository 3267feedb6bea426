"""Typed results that cross the core/UI boundary."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class SentenceTranslation:
    """One translated sentence, in the place it came from.

    ``span`` is the [start, end) character range of ``source`` in the displayed text;
    ``score`` is the model's average log-probability (0 for pass-through sentences).
    """

    paragraph: int
    index: int
    span: tuple[int, int]
    source: str
    target: str
    score: float = 0.0
    alternatives: tuple[str, ...] = field(default=())
    passthrough: bool = False
    # Set by desk.project for exports: Status value ("" outside a project), 0..1 confidence, origin.
    status: str = ""
    confidence: float | None = None
    origin: str = ""
