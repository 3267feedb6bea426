"""Writers for translated documents (DOCX, TMX, TXT, JSON); all writes are atomic.

``write_translation`` picks the writer from the extension of the output path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from desk.errors import ExportError
from desk.export.options import LAYOUTS, ROW_CHOICES, ExportOptions
from desk.textnorm import strip_bidi_controls

EXPORT_EXTENSIONS = (".docx", ".tmx", ".txt", ".json")

__all__ = ["EXPORT_EXTENSIONS", "ExportOptions", "write_translation"]


def _without_bidi(options: ExportOptions, document) -> ExportOptions:
    """Names recorded in an export (source file, model, title) lose direction controls:
    a file name holding U+202E (RIGHT-TO-LEFT OVERRIDE) must not reorder a TMX or DOCX header."""
    source = options.source_name or getattr(document, "path", None) or ""
    return replace(options, source_name=strip_bidi_controls(source),
                   model_name=strip_bidi_controls(options.model_name), title=strip_bidi_controls(options.title))


def write_translation(path, document, translations: Sequence, *, layout: str = "bilingual",
                      options: ExportOptions | None = None) -> Path:
    """Write ``translations`` of ``document`` to ``path`` (format from its extension).

    ``layout`` is ``bilingual`` or ``target`` (English only; DOCX and TXT). Raises
    ``ExportError`` for an unknown extension or a failed write; a failed write leaves
    any previous file at ``path`` untouched.
    """
    path = Path(path)
    options = _without_bidi(options or ExportOptions(), document)
    ext = path.suffix.lower()
    if layout not in LAYOUTS:
        raise ExportError(f"Cannot write {path.name}: the layout must be 'bilingual' or 'target'.")
    if options.rows not in ROW_CHOICES:
        raise ExportError(f"Cannot write {path.name}: rows must be 'sentence' or 'paragraph'.")
    translations = list(translations)
    if ext == ".docx":
        if layout == "target":
            from desk.export.docx_target import write_target_docx

            write_target_docx(path, document, translations, options)
        else:
            from desk.export.docx_bilingual import write_bilingual_docx

            write_bilingual_docx(path, document, translations, options)
    elif ext == ".tmx":
        from desk.export.tmx import write_tmx

        write_tmx(path, document, translations, options)
    elif ext == ".txt":
        from desk.export.plain import write_txt

        write_txt(path, document, translations, layout, options)
    elif ext == ".json":
        from desk.export.plain import write_json

        write_json(path, document, translations, options)
    else:
        kind = f"{ext} files" if ext else "a file without an extension"
        raise ExportError(f"Cannot write {path.name}: {kind} cannot be exported (use .docx, .tmx, .txt or .json).")
    return path
