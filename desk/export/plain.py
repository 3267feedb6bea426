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
    """English only (paragraphs separated by blank lines), or Arabic and English alternated
    (per sentence or per paragraph, following ``options.rows``), one pair per group."""
    groups: list[str] = []
    for item in by_block(document, translations):
        if layout == "target":
            if item.target:
                groups.append(item.target)
        elif options.rows == "paragraph" or not item.sentences:
            groups.append(f"{item.block.text}\n{item.target}".rstrip())
        else:
            groups.extend(f"{t.source}\n{t.target}".rstrip() for t in item.sentences)
    atomic_write_text(path, "\n\n".join(groups) + "\n")


def write_json(path: Path, document: Document, translations: Sequence[SentenceTranslation],
               options: ExportOptions) -> None:
    payload = {
        "model": options.model_name,
        "source": options.source_name or document.path or "",
        "sentences": [_sentence(t) for t in translations],
    }
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


def _sentence(t: SentenceTranslation) -> dict:
    item = {"paragraph": t.paragraph, "index": t.index, "source": t.source, "target": t.target,
            "score": round(float(t.score), 4) if math.isfinite(t.score) else 0.0}
    if t.status:  # from a project: its status and the confidence of machine output
        item["status"] = t.status
        item["confidence"] = None if t.confidence is None else round(t.confidence, 3)
    return item
