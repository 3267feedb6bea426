"""The catalogue of downloadable models, read from ``catalogue.json`` (data, not code)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from desk.errors import ModelNotFoundError

KINDS = ("ct2", "hf-marian", "opus-mt-zip")


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """One model that ``desk models install ID`` knows how to fetch."""

    id: str
    name: str
    description: str
    source: str
    kind: str
    size_mb: float
    licence: str
    quality: dict[str, Any]
    revision: str | None
    allow_patterns: tuple[str, ...]
    files: dict[str, str | None] = field(default_factory=dict)
    speed: str = ""
    upstream: str = ""
    revision_note: str = ""

    @property
    def quality_text(self) -> str:
        q = self.quality or {}
        if not q:
            return "unknown"
        return f"{q.get('metric', '')} {q.get('score', '?')} ({q.get('benchmark', '')})".strip()


def _parse(data: dict) -> tuple[str, dict[str, CatalogueEntry]]:
    entries: dict[str, CatalogueEntry] = {}
    for raw in data["models"]:
        kind = raw["kind"]
        if kind not in KINDS:
            raise ValueError(f"catalogue entry {raw['id']!r} has unknown kind {kind!r}")
        entries[raw["id"]] = CatalogueEntry(
            id=raw["id"],
            name=raw.get("name", raw["id"]),
            description=raw.get("description", ""),
            source=raw["source"],
            kind=kind,
            size_mb=float(raw.get("size_mb") or 0),
            licence=raw.get("licence") or "unknown",
            quality=dict(raw.get("quality") or {}),
            revision=raw.get("revision") or None,
            allow_patterns=tuple(raw.get("allow_patterns") or ("*",)),
            files=dict(raw.get("files") or {}),
            speed=raw.get("speed", ""),
            upstream=raw.get("upstream", ""),
            revision_note=raw.get("revision_note", ""),
        )
    default = data.get("default") or next(iter(entries))
    return default, entries


@lru_cache(maxsize=1)
def _load() -> tuple[str, dict[str, CatalogueEntry]]:
    text = resources.files("desk.models").joinpath("catalogue.json").read_text(encoding="utf-8")
    return _parse(json.loads(text))


def catalogue() -> dict[str, CatalogueEntry]:
    """All catalogue entries by id, in file order."""
    return dict(_load()[1])


def default_model_id() -> str:
    """The catalogue's recommended model (what the GUI offers first)."""
    return _load()[0]


def get_entry(model_id: str) -> CatalogueEntry:
    entries = _load()[1]
    try:
        return entries[model_id]
    except KeyError:
        known = ", ".join(entries)
        raise ModelNotFoundError(
            f"There is no model called {model_id!r} in the catalogue (available: {known}); "
            "to use a model folder or archive you already have, run `desk models import PATH`."
        ) from None
