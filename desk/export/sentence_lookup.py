"""``translate_texts`` callables for the same-layout writers.

A same-layout writer hands over a list of Arabic sentences and wants one English
string for each. Two sources exist:

- the engine (``engine_texts``): the CLI translates the document afresh;
- a finished translation (``SentenceLookup``): a project's edited and confirmed
  sentences, found by the normalised source text, with the engine (or any callable)
  as the fallback for sentences the project does not hold (the writer may split a
  paragraph differently than the project did, e.g. at a tab or a label).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence

from desk.results import SentenceTranslation
from desk.segment import Sentence, segment
from desk.textnorm import normalize_for_model

log = logging.getLogger(__name__)

TranslateTexts = Callable[[list[str]], list[str]]


def _key(text: str) -> str:
    return " ".join(normalize_for_model(text).split())


def engine_texts(translator, *, beam_size: int | None = None, cancel=None,
                 progress: Callable[[int, int], None] | None = None) -> TranslateTexts:
    """Texts → English through ``translator.translate_document`` (one batched call).

    A text holding several sentences gets its sentences' English joined by spaces.
    ``progress(done, total)`` is called after each translated sentence.
    """

    def translate(texts: list[str]) -> list[str]:
        sentences: list[Sentence] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for s in segment(" ".join(text.split())):
                sentences.append(Sentence(len(sentences), len(sentences), s.start, s.end, s.text))
                owner.append(i)
        parts: list[list[str]] = [[] for _ in texts]
        done: dict[int, str] = {}
        for item in translator.translate_document(sentences, beam_size=beam_size, cancel=cancel):
            done[item.index] = item.target
            if progress is not None:
                progress(len(done), len(sentences))
        for index, i in enumerate(owner):
            target = done.get(index)
            parts[i].append(sentences[index].text if target is None else target)
        return [" ".join(p) for p in parts]

    return translate


class SentenceLookup:
    """English for Arabic sentences from a finished translation, with a fallback.

    ``translations`` is what a project's ``translations()`` gives (or the engine's
    output for the document); later entries for the same source win, so an edit
    made after the first pass is the one used. ``fallback`` translates what is not
    found; without one, a missing sentence keeps its Arabic and is counted in
    ``missing``.
    """

    def __init__(self, translations: Iterable[SentenceTranslation], fallback: TranslateTexts | None = None) -> None:
        self._english: dict[str, str] = {}
        for item in translations:
            if item.target:
                self._english[_key(item.source)] = item.target
        self.fallback = fallback
        self.found = 0
        self.missing = 0
        self.filled = 0

    def __len__(self) -> int:
        return len(self._english)

    def __call__(self, texts: list[str]) -> list[str]:
        out: list[str | None] = [self._english.get(_key(t)) for t in texts]
        misses = [i for i, value in enumerate(out) if value is None]
        self.found += len(texts) - len(misses)
        if misses and self.fallback is not None:
            filled = self.fallback([texts[i] for i in misses])
            for i, value in zip(misses, filled, strict=True):
                out[i] = value
            self.filled += len(misses)
        elif misses:
            self.missing += len(misses)
            log.warning("%d sentences have no translation and keep their Arabic", len(misses))
        return [texts[i] if value is None else value for i, value in enumerate(out)]


def lookup_over(translations: Sequence[SentenceTranslation], translator=None, *,
                beam_size: int | None = None) -> SentenceLookup:
    """A lookup over ``translations`` that falls back to ``translator`` when given."""
    fallback = engine_texts(translator, beam_size=beam_size) if translator is not None else None
    return SentenceLookup(translations, fallback)
