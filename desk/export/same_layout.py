"""``write_same_layout``: a DOCX or HTML file translated into the same kind of file.

One entry point for the CLI, the app and project export. ``translate_texts`` maps a
list of Arabic sentences to their English (``desk.export.sentence_lookup`` has the
engine version and the lookup over a project's edited sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desk.errors import ExportError

SAME_LAYOUT_FORMATS = {".docx": "docx", ".html": "html", ".htm": "html"}

__all__ = ["SAME_LAYOUT_FORMATS", "SameLayoutResult", "check_same_layout", "write_same_layout"]


@dataclass
class SameLayoutResult:
    """What a same-layout write did: counts for the user, warnings in plain words.

    ``paragraphs``: paragraphs (DOCX) or block elements (HTML) that got English;
    ``sentences``: distinct Arabic sentences translated; ``parts``: the package parts
    (or the page) that changed; ``warnings``: parts kept as they were, and why;
    ``from_project``/``from_engine``: pieces of text (sentences, formatted phrases) whose
    English came from a project or had to be translated by the engine (None: no project).
    """

    path: Path
    paragraphs: int = 0
    sentences: int = 0
    parts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    from_project: int | None = None
    from_engine: int | None = None


def check_same_layout(source_path, out_path) -> str:
    """The format (``docx``/``html``) if ``source → out`` can keep its layout, else ``ExportError``."""
    source, out = Path(source_path), Path(out_path)
    kind_in = SAME_LAYOUT_FORMATS.get(source.suffix.lower())
    kind_out = SAME_LAYOUT_FORMATS.get(out.suffix.lower())
    if kind_in is None or kind_in != kind_out:
        raise ExportError(f"--layout same needs a .docx input with a .docx output, or .html/.htm with .html/.htm "
                          f"(got {source.suffix or 'no extension'} → {out.suffix or 'no extension'}).")
    if source.resolve() == out.resolve():
        raise ExportError(f"Cannot write {out.name}: it is the source file; choose another output name.")
    return kind_in


def write_same_layout(source_path, out_path, translate_texts: Callable[[list[str]], list[str]], *,
                      cancel: Callable[[], bool] | None = None) -> SameLayoutResult:
    """Write ``source_path`` translated into ``out_path`` with its layout (atomic)."""
    kind = check_same_layout(source_path, out_path)
    if kind == "docx":
        from desk.export.docx_same import write_same_docx

        return write_same_docx(Path(source_path), Path(out_path), translate_texts, cancel=cancel)
    from desk.export.html_same import write_same_html

    return write_same_html(Path(source_path), Path(out_path), translate_texts, cancel=cancel)
