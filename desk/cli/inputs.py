"""Turn a command-line INPUT (a path or ``-`` for stdin) into a ``Document``."""

from __future__ import annotations

import sys

from desk.documents import Document, limits, read_document, read_text
from desk.errors import DocumentError


def load_input(name: str) -> Document:
    """Read INPUT through the same readers the GUI uses; stdin must be UTF-8 text."""
    if name != "-":
        return read_document(name)
    cap = limits.MAX_FILE_BYTES
    data = sys.stdin.buffer.read(cap + 1)
    if len(data) > cap:
        raise DocumentError("standard input", f"it is larger than the {cap // 2**20} MB limit.")
    if b"\x00" in data:
        raise DocumentError("standard input", "it is binary data, not text.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError("standard input", "it is not UTF-8 text.") from exc
    return read_text(text, name="stdin")
