"""Sentence features and the fitted linear model that turns them into one relevance score.

The features are the classic signals of extractive news and encyclopaedia summaries: where
the sentence stands (lead bias, first of its paragraph), how long it is, how central it is
(LexRank, similarity to the document centroid), how much it shares with the headline or
opening sentence, whether it carries figures. Their weights were fitted by least squares on
human extractive summaries (EASC development half; ``tests/bench/summary_eval.py --fit``
writes ``data/weights.json``), so no constant here is tuned by hand.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np

__all__ = ["FEATURES", "feature_matrix", "weights", "redundancy", "score"]

FEATURES = (
    "bias", "first", "inv_rank", "rel_rank", "par_first", "inv_par", "log_len", "short",
    "central", "centroid", "title", "digits", "weak", "wrapped_inv_rank", "wrapped_rel_rank",
    "second", "third", "sumbasic", "topic_terms", "subject", "starts_wa",
    "word_pos", "wrapped_lead_share", "wrapped_lead_start",
)
_LEAD = (FEATURES.index("wrapped_lead_share"), FEATURES.index("wrapped_lead_start"))
LEN_SCALE = np.log1p(40.0)   # log_len is 1 at 40 words
SHORT_WORDS = 8


def feature_matrix(*, word_pos: np.ndarray, rank: np.ndarray, n_body: int, par_first: np.ndarray, par_rank: np.ndarray,
                   words: np.ndarray, central: np.ndarray, centroid: np.ndarray, title: np.ndarray,
                   digits: np.ndarray, weak: np.ndarray, wrapped: bool, sumbasic: np.ndarray,
                   topic_terms: np.ndarray, subject: np.ndarray, starts_wa: np.ndarray) -> np.ndarray:
    """One row per unit, columns in ``FEATURES`` order (all arrays have one entry per unit);
    the lead columns are 0 here (they depend on the summary length: ``with_lead``)."""
    inv_rank = 1.0 / (1.0 + rank)
    rel_rank = rank / max(1, n_body - 1)
    w = 1.0 if wrapped else 0.0
    cols = [
        np.ones_like(inv_rank), (rank == 0).astype(float), inv_rank, rel_rank,
        par_first.astype(float), 1.0 / (1.0 + par_rank), np.log1p(words) / LEN_SCALE,
        (words < SHORT_WORDS).astype(float), central, centroid, title, digits.astype(float),
        weak.astype(float), w * inv_rank, w * rel_rank,
        (rank == 1).astype(float), (rank == 2).astype(float), sumbasic, topic_terms, subject,
        starts_wa.astype(float), word_pos, np.zeros_like(inv_rank), np.zeros_like(inv_rank),
    ]
    return np.column_stack(cols)


def with_lead(F: np.ndarray, before: np.ndarray, words: np.ndarray, body: np.ndarray, length: float,
              wrapped: bool) -> np.ndarray:
    """A copy of ``F`` with the lead columns for a summary of ``length`` words: the share of each
    body unit inside the first ``length`` body words, and whether it starts there (wrapped only)."""
    F = F.copy()
    w = 1.0 if wrapped else 0.0
    F[:, _LEAD[0]] = w * body * np.clip((length - before) / np.maximum(words, 1), 0.0, 1.0)
    F[:, _LEAD[1]] = w * (body & (before < length))
    return F


@lru_cache(maxsize=1)
def _fitted() -> dict:
    return json.loads(resources.files("desk.summarize").joinpath("data/weights.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    """The fitted weights, in ``FEATURES`` order (a missing feature weighs 0)."""
    fitted = _fitted()["weights"]
    return np.array([float(fitted.get(name, 0.0)) for name in FEATURES])


@lru_cache(maxsize=1)
def redundancy() -> float:
    """Fitted MMR penalty: relevance − redundancy × (max cosine to the sentences already picked)."""
    return float(_fitted().get("redundancy", 0.0))


def score(F: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """Relevance of each row of a feature matrix."""
    return F @ (weights() if w is None else w)
