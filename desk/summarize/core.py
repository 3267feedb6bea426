"""Extractive news summary: which sentences carry the story, returned in document order.

relevance = (centrality + position + headline overlap + has-figures) × length factor
(× a small factor for credit lines); then MMR picks sentences that are relevant and not
repeats. Each part is a classic news-summarisation signal (continuous LexRank over tf-idf
of light stems; lead bias; title overlap; figures; MMR). The constants are few and round,
chosen on a plateau of the development set (tests/bench/summary_eval.py, which also runs a
5-fold cross-validation of this choice with ``--cv``).

A first line that looks like a headline (alone in its paragraph, no final punctuation,
at most 20 words, not a credit) is not selected: it restates the lead in telegraphic
style, so the summary would say the same thing twice; it is used as the headline query.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desk.summarize.arabic import content_terms, tokenize, tokenize_many
from desk.summarize.rank import lexrank, mmr_select, tfidf_matrix, vectorize
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

# Weights of the signals; each signal lies in [0, 1] (centrality is scaled so the most central is 1).
W_CENTRAL = 1.0
W_POSITION = 1.0
W_HEADLINE = 0.5       # cosine with the headline
W_NUMBER = 0.5         # the sentence has figures (tolls, amounts, dates): news facts
POSITION_DECAY = 5.0   # position signal = 1 / (1 + rank / 5), rank among the body sentences
MMR_LAMBDA = 0.7       # relevance vs. novelty
DUPLICATE = 0.9        # cosine at which a sentence is a repeat of one already picked
FULL_LENGTH = 15       # score × min(1, words / 15): fragments and one-liners carry little of the story
CREDIT_FACTOR = 0.05   # credit lines ("Sputnik", "تصوير: ...") stay selectable only as a last resort
HEADLINE_MAX_WORDS = 20
DEFAULT_MIN, DEFAULT_RATIO, DEFAULT_MAX = 3, 0.2, 7

_END_PUNCT = tuple(".!?؟…:;؛")
_DIGIT_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")
_CREDIT_WORDS = re.compile(
    r"(رويترز|فرانس برس|ا ف ب|سبوتنيك|الاناضول|اسوشيتد|د ب ا|وكالات|تصوير|صوره|الصوره|المصدر|حقوق|"
    r"ارشيفيه|reuters|afp|getty|sputnik|ap photo|photo|epa|anadolu|\(c\)|©)"
)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A selected sentence: index and paragraph in the document, text, and score (relevance in
    [0, 1], relative to the most relevant sentence of the document)."""

    index: int
    paragraph: int
    score: float
    text: str


def summarize(sentences: Sequence, *, headline: str | None = None, n_sentences: int | None = None,
              ratio: float | None = None, words: int | None = None) -> list[SummarySentence]:
    """Pick the sentences that carry the story, in document order.

    ``sentences`` are ``desk.segment.Sentence`` objects (plain strings are accepted too).
    Give at most one of ``n_sentences``, ``ratio`` (of the sentences) or ``words`` (a word
    budget); by default 20% of the sentences, at least 3 and at most 7. A first line that
    looks like a headline (alone in its paragraph, no final punctuation, short) is used as
    the headline and not selected. Exact repeats are never selected twice, so the result
    may be shorter than asked. Empty input gives an empty list.
    """
    _check_length_args(n_sentences, ratio, words)
    items = [_as_item(i, s) for i, s in enumerate(sentences)]
    items = [it for it in items if it[2].strip()]
    if not items:
        return []
    tokens = tokenize_many([text for _, _, text in items])
    lengths = np.array([len(t) for t in tokens], dtype=np.int64)
    terms = [content_terms(t) for t in tokens]

    skip_first, headline_terms = _headline(items, tokens, headline)
    body = np.arange(1 if skip_first else 0, len(items))
    if body.size == 0:
        body = np.arange(len(items))
    body = _first_occurrences(body, tokens)

    X, vocab, idf = tfidf_matrix(terms)
    central = lexrank(X)
    central = central / central.max() if central.size and central.max() > 0 else central
    position = np.zeros(len(items))
    position[body] = 1.0 / (1.0 + np.arange(body.size) / POSITION_DECAY)
    score = W_CENTRAL * central + W_POSITION * position
    if W_NUMBER:
        score = score + W_NUMBER * np.array([_DIGIT_RE.search(text) is not None for _, _, text in items], dtype=float)
    if headline_terms:
        h = vectorize(headline_terms, vocab, idf)
        if h.any():
            score = score + W_HEADLINE * (X @ h)
    score = score * np.minimum(1.0, lengths / FULL_LENGTH)
    credit = np.array([_is_credit(text, tok) for (_, _, text), tok in zip(items, tokens, strict=True)])
    score = np.where(credit, score * CREDIT_FACTOR, score)
    top = score[body].max() if body.size else 0.0
    norm = score / top if top > 0 else score

    k, budget = _target(body.size, n_sentences, ratio, words)
    picked = mmr_select(X, norm, body, k, lam=MMR_LAMBDA, duplicate=DUPLICATE,
                        lengths=lengths, word_budget=budget)
    return [SummarySentence(items[i][0], items[i][1], round(float(norm[i]), 6), items[i][2]) for i in sorted(picked)]


def summarize_text(text: str, **kwargs) -> list[SummarySentence]:
    """Segment ``text`` (desk.segment) and summarise it; keyword arguments as ``summarize``."""
    from desk.segment import segment

    return summarize(segment(text or ""), **kwargs)


def default_length(n: int) -> int:
    """Default number of sentences for a document of ``n`` candidate sentences."""
    return min(n, max(DEFAULT_MIN, min(DEFAULT_MAX, math.floor(DEFAULT_RATIO * n + 0.5))))


def _check_length_args(n_sentences, ratio, words) -> None:
    given = [name for name, v in (("n_sentences", n_sentences), ("ratio", ratio), ("words", words)) if v is not None]
    if len(given) > 1:
        raise ValueError(f"give only one of n_sentences, ratio, words (got {', '.join(given)})")
    if n_sentences is not None and n_sentences < 1:
        raise ValueError("n_sentences must be at least 1")
    if ratio is not None and not 0 < ratio <= 1:
        raise ValueError("ratio must be in (0, 1]")
    if words is not None and words < 1:
        raise ValueError("words must be at least 1")


def _target(n: int, n_sentences, ratio, words) -> tuple[int | None, int | None]:
    if words is not None:
        return None, int(words)
    if n_sentences is not None:
        return min(n, int(n_sentences)), None
    if ratio is not None:
        return min(n, max(1, math.floor(ratio * n + 0.5))), None
    return default_length(n), None


def _as_item(position: int, s) -> tuple[int, int, str]:
    if isinstance(s, str):
        return (position, 0, s)
    return (int(getattr(s, "index", position)), int(getattr(s, "paragraph", 0)), str(getattr(s, "text", "") or ""))


def _headline(items, tokens, headline: str | None) -> tuple[bool, list[str]]:
    """(skip the first sentence?, headline terms). Explicit headline wins; else detect one."""
    first_text = items[0][2].strip()
    alone = len(items) > 1 and items[1][1] != items[0][1]
    looks_like = (alone and not first_text.endswith(_END_PUNCT)
                  and 2 <= len(tokens[0]) <= HEADLINE_MAX_WORDS and not _is_credit(first_text, tokens[0]))
    if headline and headline.strip():
        h_tokens = tokenize(headline)
        same = h_tokens == tokens[0]
        return (same and len(items) > 1) or looks_like, content_terms(h_tokens)
    if looks_like:
        return True, content_terms(tokens[0])
    return False, []


def _is_credit(text: str, tokens: list[str]) -> bool:
    """Agency/photo credits and other non-sentences: no Arabic at all, or short with a credit word."""
    if not has_arabic(text):
        return True
    return len(tokens) <= 6 and _CREDIT_WORDS.search(" ".join(tokens)) is not None


def _first_occurrences(body: np.ndarray, tokens: list[list[str]]) -> np.ndarray:
    """Drop exact repeats (same normalised words) so a summary never shows a sentence twice."""
    seen: set[str] = set()
    keep = []
    for i in body:
        key = " ".join(tokens[i])
        if key not in seen:
            seen.add(key)
            keep.append(i)
    return np.array(keep, dtype=np.int64)
