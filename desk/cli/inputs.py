"""Turn a command-line INPUT (a path or ``-`` for standard input) into a ``Document``.

Standard input goes through the very readers a file does (encoding detection, HTML,
DOCX, PDF): its bytes are spooled to a private temporary file whose extension comes
from ``--input-format`` or from sniffing the first bytes.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from pathlib import Path

from desk.documents import Document, limits, read_document
from desk.errors import DeskError, DocumentError

STDIN_NAME = "standard input"
INPUT_FORMATS = {"txt": ".txt", "md": ".md", "html": ".html", "docx": ".docx", "pdf": ".pdf"}
_HTML_START_RE = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|article|section|div|p|h[1-6]|table|ul|ol)\b",
    re.I | re.S)


def add_input_arguments(parser: argparse.ArgumentParser, *, folder: bool = False) -> None:
    """INPUT and ``--input-format`` (the same on every subcommand)."""
    what = "a file (TXT, MD, DOCX, HTML, PDF), a folder (batch)" if folder else "a file (TXT, MD, DOCX, HTML, PDF)"
    parser.add_argument("input", metavar="INPUT", help=f"{what} or - for standard input")
    parser.add_argument("--input-format", choices=tuple(INPUT_FORMATS), metavar="FMT",
                        help="with INPUT -: what standard input holds ("
                             + ", ".join(INPUT_FORMATS) + "; default: detected from the content)")


def label(name: str) -> str:
    """How messages name INPUT: a path, or 'standard input' for ``-``."""
    return STDIN_NAME if name == "-" else name


def sniff(data: bytes) -> str:
    """The input format the bytes look like (``txt`` unless they are clearly something else)."""
    body = data.lstrip(b"\xef\xbb\xbf")
    if body.startswith(b"PK\x03\x04"):
        return "docx"
    if body.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START_RE.match(body[:4096]):
        return "html"
    return "txt"


def load_input(name: str, input_format: str | None = None) -> Document:
    """Read INPUT through the same readers the GUI uses."""
    if name != "-":
        if input_format:
            raise DeskError("--input-format is only for standard input (INPUT -); a file's extension picks its reader.")
        return read_document(name)
    return _read_stdin(input_format)


def _read_stdin(input_format: str | None) -> Document:
    cap = limits.MAX_FILE_BYTES
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise DocumentError(STDIN_NAME, "it is closed (nothing can be read from it).")
    try:
        data = stream.read(cap + 1)
    except OSError as exc:
        raise DocumentError(STDIN_NAME, f"it cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > cap:
        raise DocumentError(STDIN_NAME, f"it is larger than the {cap // 2**20} MB limit.")
    if not data.strip():
        raise DocumentError(STDIN_NAME, "it is empty (there is no text in it).")
    fmt = input_format or sniff(data)
    with tempfile.TemporaryDirectory(prefix="desk-stdin-") as tmp:
        spool = Path(tmp) / f"{STDIN_NAME}{INPUT_FORMATS[fmt]}"
        spool.write_bytes(data)
        try:
            document = read_document(spool)
        except DocumentError as exc:
            raise DocumentError(STDIN_NAME, exc.reason) from exc
    title = "" if document.title == spool.stem else document.title
    return dataclasses.replace(document, path=STDIN_NAME, title=title)
