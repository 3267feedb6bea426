"""A per-sentence confidence in 0..1 from the model's score.

The engine reports each sentence's mean log-probability per target token (CTranslate2 beam
search with ``length_penalty=1`` divides the summed log-probability by the length), so the
score is already length-normalised. ``exp(score)`` is then the geometric mean of the
probabilities the model gave its own tokens: 0.9 means the model was, on average, 90 % sure of
each word piece. See docs/project-format.md for how ``LOW_CONFIDENCE_DEFAULT`` was chosen.
"""

from __future__ import annotations

import math

LOW_CONFIDENCE_DEFAULT = 0.5


def from_score(score: float, length: int = 0) -> float:
    """Confidence for a mean log-prob ``score`` (``length``: words of the English, 0 if unknown).

    Very short outputs (1-2 words) get their figure pulled half-way towards 0.5, because a
    single confident token says little about the sentence.
    """
    if not math.isfinite(score):
        return 0.0
    value = math.exp(min(0.0, score))
    if 0 < length < 3:
        value = (value + 0.5) / 2
    return max(0.0, min(1.0, value))


def is_low(confidence: float | None, threshold: float = LOW_CONFIDENCE_DEFAULT) -> bool:
    """True for machine output whose confidence is below ``threshold``."""
    return confidence is not None and confidence < threshold
