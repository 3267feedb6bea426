"""Turn a command-line INPUT (a path or ``-`` for stdin) into a ``Document``."""

from __future__ import annotations

import sys

from desk.documents import Document, read_document, read_text
from desk.errors import DocumentError

STDIN_LIMIT = 50 * 1024 * 1024


def load_input(name: str) -> Document:
    """Read INPUT through the same readers the GUI uses; stdin must be UTF-8 text."""
    if name != "-":
        return read_document(name)
    data = sys.stdin.buffer.read(STDIN_LIMIT + 1)
    if len(data) > STDIN_LIMIT:
        raise DocumentError("standard input", "it is larger than the 50 MB limit.")
    if b"\x00" in data:
        raise DocumentError("standard input", "it is binary data, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError("standard input", "it is not UTF-8 text.") from exc
    return read_text(text, name="stdin")
