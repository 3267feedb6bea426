"""Translation with a memory in front: exact matches replace machine output.

``MemoryTranslator`` wraps a ``desk.translate.Translator``-like engine and offers the same
``translate_document`` generator, so the CLI (and later the project) swaps it in without
changing how it drives the engine: sentences with an exact memory match are yielded with the
stored English at once; only the others reach the model. Order, cancel and streaming are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from desk.results import SentenceTranslation
from desk.segment import Sentence
from desk.textnorm import has_arabic
from desk.tm.store import MatchResult, TranslationMemory

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MemoryHit:
    """Which sentence (document index) was filled from which memory match."""

    index: int
    match: MatchResult


def exact_matches(sentences: Sequence[Sentence], memory: TranslationMemory, *, project: str | None = None,
                  human_only: bool = True) -> dict[int, MatchResult]:
    """The best exact match per sentence position; machine translation is not reused unless asked."""
    hits: dict[int, MatchResult] = {}
    cache: dict[str, MatchResult | None] = {}
    for position, sentence in enumerate(sentences):
        text = sentence.text
        if not has_arabic(text):
            continue
        if text not in cache:
            found = memory.exact(text, project=project, human_only=human_only)
            cache[text] = found[0] if found else None
        if cache[text] is not None:
            hits[position] = cache[text]
    return hits


class MemoryTranslator:
    """An engine with a translation memory in front of it (same ``translate_document`` contract)."""

    def __init__(self, engine, memory: TranslationMemory, *, project: str | None = None) -> None:
        self.engine = engine
        self.memory = memory
        self.project = project
        self.hits: list[MemoryHit] = []  # filled by the last translate_document run

    def __getattr__(self, name: str) -> Any:  # name, model_dir, tokenisers…: the engine's
        return getattr(self.engine, name)

    def translate_document(self, source, **options: Any) -> Iterator[SentenceTranslation]:
        from desk.translate import _as_sentences

        sentences = _as_sentences(source)
        hits = exact_matches(sentences, self.memory, project=self.project)
        self.hits = [MemoryHit(sentences[i].index, m) for i, m in sorted(hits.items())]
        rest = [s for i, s in enumerate(sentences) if i not in hits]
        machine = self.engine.translate_document(rest, **options) if rest else iter(())
        for position, sentence in enumerate(sentences):
            match = hits.get(position)
            if match is not None:
                yield SentenceTranslation(sentence.paragraph, sentence.index, sentence.span, sentence.text,
                                          match.target, 0.0)
                continue
            item = next(machine, None)
            if item is None:  # the engine stopped (cancelled): so do we
                return
            yield item


def with_memory(engine, *, enabled: bool = True, project: str | None = None, path=None):
    """``engine`` behind the user's memory, or ``engine`` itself when disabled or no memory exists yet."""
    if not enabled:
        return engine
    memory = TranslationMemory.open_existing(path)
    if memory is None:
        return engine
    log.info("using translation memory %s", memory.path)
    return MemoryTranslator(engine, memory, project=project)
