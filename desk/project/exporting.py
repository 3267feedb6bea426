"""A project through the ordinary writers: its final English, statuses and confidence included."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from desk.export import ExportOptions, write_translation


def export_project(project, path: str | Path, *, layout: str = "bilingual",
                   options: ExportOptions | None = None, **option_values: Any) -> Path:
    """Write ``project`` to ``path`` (format from the extension); ``option_values`` override ``options``.

    Untranslated sentences export with empty English (TMX leaves them out).
    """
    options = replace(options or ExportOptions(), **option_values)
    if not options.model_name:
        options = replace(options, model_name=project.model_id)
    if not options.source_name:
        options = replace(options, source_name=project.source_path or project.document.path or "")
    return write_translation(path, project.document, project.translations(), layout=layout, options=options)
