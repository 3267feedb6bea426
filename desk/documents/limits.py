"""Size limits for input documents, kept in one place.

Files are checked before they are read; DOCX (zip) parts are checked before they
are decompressed, so a zip bomb is refused without inflating it.
"""

from __future__ import annotations

import os
from pathlib import Path

from desk.errors import DocumentError

MAX_FILE_BYTES = 50 * 1024 * 1024
# Sum of the uncompressed sizes of every part of a DOCX.
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
# Largest compression ratio accepted for a DOCX part bigger than RATIO_CHECK_FROM.
MAX_DOCX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
MAX_DOCX_PARTS = 5000
# Text boxes in text boxes, tables in tables, content controls in content controls:
# Word's own documents stay in single digits; each level is read once, so this only
# bounds the depth of the walk.
MAX_DOCX_NESTING = 32


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def check_file(path: Path) -> int:
    """Size of ``path`` after checking it is a readable file within ``MAX_FILE_BYTES``."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise DocumentError(path, "the file does not exist.") from exc
    except OSError as exc:
        raise DocumentError(path, f"the file cannot be read ({exc.strerror or exc}).") from exc
    if os.path.isdir(path):
        raise DocumentError(path, "it is a folder, not a file.")
    if info.st_size > MAX_FILE_BYTES:
        raise DocumentError(path, f"it is larger than the {_mb(MAX_FILE_BYTES)} limit.")
    if info.st_size == 0:
        raise DocumentError(path, "the file is empty.")
    return info.st_size


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path`` (already size-checked), read with the cap enforced again."""
    check_file(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DocumentError(path, f"the file cannot be read ({exc.strerror or exc}).") from exc
    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(path, f"it is larger than the {_mb(MAX_FILE_BYTES)} limit.")
    if not data:
        raise DocumentError(path, "the file is empty.")
    return data
