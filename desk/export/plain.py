"""Plain-text and JSON exports."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from desk.atomic import atomic_write_text
from desk.documents import Document
from desk.export.align import by_block
from desk.export.options import ExportOptions
from desk.results import SentenceTranslation


def write_txt(path: Path, document: Document, translations: Sequence[SentenceTranslation], layout: str,
              options: ExportOptions) -> None:
    atomic_write_text(path, render_txt(document, translations, layout, options))


def render_txt(document: Document, translations: Sequence[SentenceTranslation], layout: str,
               options: ExportOptions) -> str:
    """English only (paragraphs separated by blank lines), or Arabic and English alternated
    (per sentence or per paragraph, following ``options.rows``), one pair per group.
    The CLI prints the same text on stdout, so ``--layout`` means one thing everywhere."""
    groups: list[str] = []
    for item in by_block(document, translations):
        if layout == "target":
            if item.target:
                groups.append(item.target)
        elif options.rows == "paragraph" or not item.sentences:
            groups.append(f"{item.block.text}\n{item.target}".rstrip())
        else:
            groups.extend(f"{t.source}\n{t.target}".rstrip() for t in item.sentences)
    return "\n\n".join(groups) + "\n"


def write_json(path: Path, document: Document, translations: Sequence[SentenceTranslation],
               options: ExportOptions) -> None:
    atomic_write_text(path, render_json(document, translations, options))


def render_json(document: Document, translations: Sequence[SentenceTranslation], options: ExportOptions) -> str:
    """The JSON export (also what ``desk translate --format json`` prints)."""
    payload = {
        "model": options.model_name,
        "source": options.source_name or document.path or "",
        "sentences": [_sentence(t) for t in translations],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _sentence(t: SentenceTranslation) -> dict:
    item = {"paragraph": t.paragraph, "index": t.index, "source": t.source, "target": t.target,
            "score": round(float(t.score), 4) if math.isfinite(t.score) else 0.0}
    if t.status:  # from a project: its status and the confidence of machine output
        item["status"] = t.status
        item["confidence"] = None if t.confidence is None else round(t.confidence, 3)
    return item
