"""Extractive summary: which sentences carry the story, returned in document order.

Pipeline: rejoin hard-wrapped lines into units (units.py); sort every unit into body,
heading-like or junk (junk.py); score the body units with a linear model over position,
paragraph, length, centrality, headline overlap and figures whose weights were fitted on
human summaries (model.py, data/weights.json); then pick greedily by score, skipping near
repeats, until the sentence count or the word budget (nearest sentence boundary) is reached. Heading-like lines are
considered only when no body unit is left, junk only when nothing else is, so a word
budget is filled with body sentences, never with the short lines that happen to fit.

A first line that reads as a headline (no final punctuation, short, followed by more text)
or the headline the caller gives is not selected: it restates the lead. It serves as the
query for the headline-overlap feature; without one, the first body sentence does.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from desk.summarize import model
from desk.summarize.arabic import content_terms, tokenize, tokenize_many
from desk.summarize.junk import BODY, JUNK, WEAK, tiers
from desk.summarize.rank import lexrank, tfidf_matrix, vectorize
from desk.summarize.units import group_wrapped

log = logging.getLogger(__name__)

DUPLICATE = 0.8        # cosine at which a unit repeats one already picked (then it is skipped)
DEFAULT_MIN, DEFAULT_RATIO, DEFAULT_MAX = 3, 0.2, 7
HEADLINE_MAX_WORDS = 20  # a longer first line is text, not a headline
_DIGIT_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]")


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A selected sentence: index and paragraph in the document, text, and score (relevance in
    [0, 1], relative to the most relevant sentence of the document)."""

    index: int
    paragraph: int
    score: float
    text: str


@dataclass(slots=True)
class Scored:
    """Units of a document with everything selection needs (also used by the evaluation)."""

    items: list[tuple[int, int, str]]   # (index, paragraph, text) per input sentence
    units: list[list[int]]              # positions in ``items`` per unit
    words: np.ndarray                   # word count per unit
    tier: np.ndarray                    # BODY / WEAK / JUNK per unit
    features: np.ndarray                # model.FEATURES per unit (lead columns 0: ``at_length`` fills them)
    before: np.ndarray                  # body words before each unit (its start in the body text)
    X: object                           # L2-normalised tf-idf rows per unit (scipy CSR)
    wrapped: bool


def summarize(sentences: Sequence, *, headline: str | None = None, n_sentences: int | None = None,
              ratio: float | None = None, words: int | None = None) -> list[SummarySentence]:
    """Pick the sentences that carry the story, in document order.

    ``sentences`` are ``desk.segment.Sentence`` objects (plain strings are accepted too).
    Give at most one of ``n_sentences``, ``ratio`` (of the sentences) or ``words`` (a word
    budget: whole sentences ending at the sentence boundary nearest to it, under or over); by default 20% of the
    sentences, at least 3 and at most 7. Lines of one hard-wrapped sentence count as one
    sentence and are returned together. Exact repeats are never selected twice, so the
    result may be shorter than asked. Empty input gives an empty list.
    """
    _check_length_args(n_sentences, ratio, words)
    doc = prepare(sentences, headline=headline)
    if doc is None:
        return []
    n_body = int((doc.tier != JUNK).sum()) or len(doc.units)
    k, budget = _target(n_body, n_sentences, ratio, words)
    relevance = model.score(at_length(doc, k, budget))
    picked = select(doc, relevance, k, budget)
    return _result(doc, relevance, picked)


def prepare(sentences: Sequence, *, headline: str | None = None) -> Scored | None:
    """Units, tiers and features of a document (None when it has no text)."""
    items = [_as_item(i, s) for i, s in enumerate(sentences)]
    items = [it for it in items if it[2].strip()]
    if not items:
        return None
    texts = [text for _, _, text in items]
    line_tokens = tokenize_many(texts)
    units = group_wrapped(texts, [p for _, p, _ in items])
    wrapped = len(units) < len(items)
    unit_tokens = [[t for i in u for t in line_tokens[i]] for u in units]
    unit_texts = [" ".join(texts[i].strip() for i in u) for u in units]
    tier = np.array(tiers(unit_texts, unit_tokens), dtype=np.int64)
    _drop_headline(tier, units, items, unit_tokens, headline)
    _drop_repeats(tier, unit_tokens)
    terms = [content_terms(t) for t in unit_tokens]
    X, vocab, idf = tfidf_matrix(terms)
    words = np.array([len(t) for t in unit_tokens], dtype=np.int64)

    body = tier != JUNK
    rank = np.full(len(units), len(units), dtype=float)
    rank[body] = np.arange(int(body.sum()))
    paragraphs = np.array([items[u[0]][1] for u in units])
    par_first = np.ones(len(units), dtype=bool)
    par_first[1:] = paragraphs[1:] != paragraphs[:-1]
    par_rank = np.zeros(len(units))
    if body.any():
        _, inverse = np.unique(paragraphs[body], return_inverse=True)
        par_rank[body] = inverse
    central = lexrank(X)
    central = central / central.max() if central.size and central.max() > 0 else central
    centroid = np.asarray(X[body].sum(axis=0)).ravel() if body.any() else np.zeros(X.shape[1])
    norm = np.linalg.norm(centroid)
    centroid_sim = X @ (centroid / norm) if norm > 0 else np.zeros(len(units))
    title_terms = content_terms(tokenize(headline)) if headline and headline.strip() else []
    if not title_terms:
        first_body = np.flatnonzero(body)
        if tier[0] == JUNK and _is_headline_unit(0, units, items, unit_tokens):
            title_terms = terms[0]
        elif first_body.size:
            title_terms = terms[first_body[0]]
    h = vectorize(title_terms, vocab, idf) if title_terms else np.zeros(X.shape[1])
    title = X @ h if h.any() else np.zeros(len(units))
    digits = np.array([_DIGIT_RE.search(t) is not None for t in unit_texts])
    sumbasic, topic_terms, subject = _topic_features(terms, body)
    starts_wa = np.array([bool(t) and t[0].startswith("و") for t in unit_tokens])
    body_words = np.where(body, words, 0)
    before = np.cumsum(body_words) - body_words
    features = model.feature_matrix(
        word_pos=before / max(1, int(body_words.sum())),
        rank=rank, n_body=int(body.sum()), par_first=par_first, par_rank=par_rank, words=words,
        central=central, centroid=np.asarray(centroid_sim).ravel(), title=np.asarray(title).ravel(),
        digits=digits, weak=tier == WEAK, wrapped=wrapped, sumbasic=sumbasic, topic_terms=topic_terms,
        subject=subject, starts_wa=starts_wa)
    return Scored(items, units, words, tier, features, before, X, wrapped)


def at_length(doc: Scored, k: int | None, budget: int | None) -> np.ndarray:
    """The features with the lead columns for a summary of ``k`` units or ``budget`` words.

    Lead columns (hard-wrapped news only): the share of a unit that lies within the first L
    words of the body, and whether it starts there, where L is the budget or the length of
    the first ``k`` body units, i.e. whether the first-sentences baseline of that length would
    show it. Crowd workers summarising news keep much of its opening, as lead does.
    """
    if budget is not None:
        length = float(budget)
    else:
        first = np.flatnonzero(doc.tier != JUNK)[: k or 0]
        length = float(doc.words[first].sum())
    return model.with_lead(doc.features, doc.before, doc.words, doc.tier != JUNK, length, doc.wrapped)


TOPIC_TERMS = 3     # the document's most frequent stems
SUBJECT_TERMS = 3   # the first stems of the first body sentence (a Wikipedia article's subject)


def _topic_features(terms: list[list[str]], body: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SumBasic-style mean document frequency of a unit's stems, and how many of the document's
    top stems and of its subject's stems (first body sentence) the unit mentions."""
    n = len(terms)
    rows = np.flatnonzero(body)
    # dict.fromkeys, not set: ties in most_common then go to the first-seen stem on every run
    # (a set's order changes with PYTHONHASHSEED, and so would the summary).
    df = Counter(t for u in rows for t in dict.fromkeys(terms[u]))
    n_body = max(1, rows.size)
    top = {t for t, _ in df.most_common(TOPIC_TERMS)}
    subject = set(terms[rows[0]][:SUBJECT_TERMS]) if rows.size else set()
    mean_df, n_top, n_subject = np.zeros(n), np.zeros(n), np.zeros(n)
    for u, ts in enumerate(terms):
        if ts:
            mean_df[u] = sum(df[t] for t in ts) / (len(ts) * n_body)
            unique = set(ts)
            n_top[u] = len(unique & top) / TOPIC_TERMS
            n_subject[u] = len(unique & subject) / SUBJECT_TERMS
    return mean_df, n_top, n_subject


def select(doc: Scored, relevance: np.ndarray, k: int | None, budget: int | None, *,
           redundancy: float | None = None, duplicate: float | None = None) -> list[tuple[int, list[int]]]:
    """Units picked greedily by relevance within tiers, skipping repeats, up to k or the budget.

    Returns (unit, its line positions) in pick order. With a word budget W, a unit is taken
    while it brings the summary's length nearer to W, so the summary ends at the sentence
    boundary nearest to W, under or over: a reader asking for "about W words" gets whole
    sentences, and one more long sentence is better than stopping far short of W. A unit is
    never cut: a summary shown to a user is made of whole sentences.
    """
    redundancy = model.redundancy() if redundancy is None else redundancy
    duplicate = DUPLICATE if duplicate is None else duplicate
    n = len(doc.units)
    words = doc.words
    picked: list[int] = []
    used = 0
    max_sim = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    for level in (BODY, WEAK, JUNK):   # a lower tier only stands in for an empty higher one
        pool = alive & (doc.tier == level)
        limit = 1 if level == JUNK else k   # a document of junk only: its best line, so never empty
        while pool.any() and (limit is None or len(picked) < limit):
            if budget is not None:
                # |used + w − budget| < budget − used: the sentence brings the length nearer to
                # the budget, under or over (so once over it, nothing more is added)
                fits = pool & (words < 2 * (budget - used))
                if not fits.any():
                    if picked:
                        break
                    fits = pool   # always return something: the best unit even if it is too long
            else:
                fits = pool
            value = np.where(fits, relevance - redundancy * max_sim, -np.inf)
            best = int(np.argmax(value))
            picked.append(best)
            used += int(words[best])
            pool[best] = alive[best] = False
            sim = np.asarray((doc.X @ doc.X[best].T).todense()).ravel()
            max_sim = np.maximum(max_sim, sim)
            if doc.X[best].nnz:
                repeat = sim >= duplicate
                pool &= ~repeat
                alive &= ~repeat
        if picked:
            break
    return [(u, doc.units[u]) for u in picked]


def _result(doc: Scored, relevance: np.ndarray, picked: list[tuple[int, list[int]]]) -> list[SummarySentence]:
    if not picked:
        return []
    units = [u for u, _ in picked]
    top = float(max(relevance[units].max(), 1e-12))
    bottom = float(min(relevance.min(), 0.0))
    out = []
    for u, lines in sorted(picked):
        s = (float(relevance[u]) - bottom) / (top - bottom) if top > bottom else 1.0
        s = min(1.0, max(1e-6, s))
        for i in lines:
            index, paragraph, text = doc.items[i]
            out.append(SummarySentence(index, paragraph, round(s, 6), text))
    return out


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


def _is_headline_unit(u: int, units, items, unit_tokens) -> bool:
    """The first unit reads as a headline: one line, no final punctuation, short, more text follows."""
    if u != 0 or len(units) < 2 or len(units[0]) != 1:
        return False
    text = items[units[0][0]][2].strip()
    return not text.endswith(tuple(".!?؟…:;؛")) and 2 <= len(unit_tokens[0]) <= HEADLINE_MAX_WORDS


def _drop_headline(tier: np.ndarray, units, items, unit_tokens, headline: str | None) -> None:
    """The headline (given, or a short heading-like first line) is never selected; a first line of
    13-20 words without a full stop still serves as the headline query but stays selectable."""
    if len(units) < 2:
        return
    same = bool(headline and headline.strip()) and tokenize(headline) == unit_tokens[0]
    if same or (_is_headline_unit(0, units, items, unit_tokens) and tier[0] != BODY):
        tier[0] = JUNK


def _drop_repeats(tier: np.ndarray, unit_tokens: list[list[str]]) -> None:
    """Exact repeats (same normalised words) are junk after their first occurrence."""
    seen: set[str] = set()
    for u, tokens in enumerate(unit_tokens):
        key = " ".join(tokens)
        if key in seen:
            tier[u] = JUNK
        seen.add(key)
