"""Pick the reader for a file from its extension."""

from __future__ import annotations

import logging
from pathlib import Path

from desk.documents.limits import check_file
from desk.documents.model import Document
from desk.errors import DocumentError

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".docx", ".html", ".htm", ".xhtml", ".pdf")
_ADVICE = {
    ".doc": "old Word .doc files are not supported; save it as .docx and try again.",
    ".odt": "OpenDocument files are not supported; save it as .docx and try again.",
    ".rtf": "RTF files are not supported; save it as .docx and try again.",
}


def read_document(path: str | Path) -> Document:
    """Read any supported file into a ``Document``; every failure is a ``DocumentError``."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        if ext in _ADVICE:
            raise DocumentError(path, _ADVICE[ext])
        kind = f"{ext} files" if ext else "files without an extension"
        raise DocumentError(path, f"{kind} are not supported (use .txt, .md, .docx, .html or .pdf).")
    check_file(path)
    try:
        return _read(path, ext)
    except (DocumentError, MemoryError):
        raise
    except RecursionError as exc:
        raise DocumentError(path, "it is nested too deeply to read.") from exc
    except Exception as exc:  # a reader bug or a library surprise must still be one plain sentence
        log.exception("unexpected error while reading a %s file", ext)
        raise DocumentError(path, f"it could not be read ({type(exc).__name__}).") from exc


def _read(path: Path, ext: str) -> Document:
    if ext == ".docx":
        from desk.documents.docx_reader import read_docx

        return read_docx(path)
    if ext == ".pdf":
        from desk.documents.pdf_reader import read_pdf

        return read_pdf(path)
    if ext in (".html", ".htm", ".xhtml"):
        from desk.documents.html_reader import read_html_file

        return read_html_file(path)
    from desk.documents.textfile import read_text_file

    return read_text_file(path)
