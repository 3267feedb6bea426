"""n-best English for ONE sentence, on demand (the document run stays 1-best, so its speed is unchanged)."""

from __future__ import annotations

from typing import Any

from desk.textnorm import has_arabic, normalize_for_model
from desk.translate import DEFAULT_PATIENCE, MAX_POSITIONS, TOKEN_BUDGET

MAX_ALTERNATIVES = 4


def alternatives(translator: Any, source: str, n: int = MAX_ALTERNATIVES) -> list[tuple[str, float]]:
    """Up to ``n`` distinct translations of ``source`` with their mean log-prob, best first.

    Beam search with ``beam = max(n, 4)`` and ``num_hypotheses = n`` for this one sentence.
    A sentence without Arabic comes back as itself; one longer than the engine's token
    budget (which the engine splits in pieces) gets only its 1-best translation.
    """
    n = max(1, min(int(n), 8))
    text = normalize_for_model(source)
    if not text or not has_arabic(text):
        return [(source, 0.0)]
    translator.load()
    sp_source, sp_target = translator.tokenisers
    pieces = sp_source.encode(text, out_type=str)
    if len(pieces) > TOKEN_BUDGET:
        best = next(iter(translator.translate_document(text)), None)
        return [(best.target, best.score)] if best else []
    tokens = list(pieces) + list(translator.source_suffix)
    beam = max(n, 4)
    # The engine object is the Translator's own (loaded once); this is its only n-best caller.
    result = translator._engine.translate_batch(  # noqa: SLF001
        [tokens], beam_size=beam, num_hypotheses=beam, return_scores=True, patience=DEFAULT_PATIENCE,
        max_decoding_length=min(MAX_POSITIONS, 2 * len(tokens) + 10))[0]
    seen: set[str] = set()
    out: list[tuple[str, float]] = []
    for hyp, score in zip(result.hypotheses, result.scores, strict=False):
        english = sp_target.decode(hyp).strip()
        if english and english not in seen:
            seen.add(english)
            out.append((english, float(score)))
        if len(out) == n:
            break
    return out
