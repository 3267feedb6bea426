"""Translations grouped back onto the document's blocks.

``SentenceTranslation.paragraph`` is the block index (the document contract), so a
block's English is its sentences' targets, joined by a line break where the source had
one between them and by a space otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desk.documents import Block, Document
from desk.results import SentenceTranslation


@dataclass(frozen=True, slots=True)
class BlockTranslation:
    """One block with its sentences' translations, in order."""

    index: int
    block: Block
    sentences: tuple[SentenceTranslation, ...]

    doc_text: str = ""

    @property
    def target(self) -> str:
        return join_targets(self.sentences, self.doc_text)


def join_targets(sentences: Sequence[SentenceTranslation], text: str = "") -> str:
    """Targets joined by a newline where the source text had one between sentences."""
    out = ""
    previous = None
    for item in sentences:
        if not item.target:
            continue
        if previous is None or not out:
            out += item.target
        else:
            gap = text[previous.span[1]:item.span[0]] if text else ""
            out += ("\n" if "\n" in gap else " ") + item.target
        previous = item
    return out


def by_block(document: Document, translations: Sequence[SentenceTranslation]) -> list[BlockTranslation]:
    """Every block of ``document`` with its translations (an untranslated block gets none)."""
    groups: dict[int, list[SentenceTranslation]] = {}
    for item in translations:
        groups.setdefault(item.paragraph, []).append(item)
    text = document.text
    return [BlockTranslation(i, block, tuple(sorted(groups.get(i, ()), key=lambda t: t.index)), text)
            for i, block in enumerate(document.blocks)]
