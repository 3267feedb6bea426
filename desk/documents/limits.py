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
# The body part (word/document.xml), checked from its declared size before parsing: 80 MB of
# WordprocessingML (a few thousand pages) is read in about 20 s; the images of a DOCX count
# only against MAX_DOCX_UNCOMPRESSED.
MAX_DOCX_BODY = 80 * 1024 * 1024
# HTML markup (after inline data: images are dropped) that article extraction reads within the
# time and memory budget (about 15 s and 300 MB at the cap); a saved news page is 0.1-3 MB.
MAX_HTML_CHARS = 8 * 1024 * 1024
# Text boxes in text boxes, tables in tables, content controls in content controls:
# Word's own documents stay in single digits; each level is read once, so this only
# bounds the depth of the walk.
MAX_DOCX_NESTING = 32


# PDF: pages read, decoded content stream per page, and text extraction time for the whole
# file. pypdf's layout mode costs ~25 µs per drawing operator, so a page of vector art is
# skipped rather than read for seconds, and a file of thousands of such pages is refused
# within the read budget instead of after minutes.
MAX_PDF_PAGES = 2000
MAX_PDF_PAGE_CONTENT = 1024 * 1024
MAX_PDF_CONTENT = 12 * 1024 * 1024  # all pages (~1.8 s per MB in layout mode on a shared core)
MAX_PDF_SECONDS = 20.0


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


class PdfBudget:
    """The page, content and time caps of one PDF read (``check`` before each page)."""

    def __init__(self, path: Path, pages: list) -> None:
        import time

        self.path, self._clock = path, time.monotonic
        self.skipped: list[int] = []
        count = len(pages)
        if count > MAX_PDF_PAGES:
            raise DocumentError(path, f"it has {count:,} pages, more than the {MAX_PDF_PAGES:,} this app reads; "
                                      "split it into smaller files first.")
        # decided before any text is extracted: the content streams are only inflated, not interpreted
        self._sizes = [_content_size(page) for page in pages]
        total = sum(size for size in self._sizes if size <= MAX_PDF_PAGE_CONTENT)
        if total > MAX_PDF_CONTENT:
            raise DocumentError(path, f"its pages hold {total / 1024**2:.0f} MB of drawing and text commands, more "
                                      f"than the {_mb(MAX_PDF_CONTENT)} this app reads; split it or export its "
                                      "text first.")
        self._deadline = self._clock() + MAX_PDF_SECONDS

    def check(self, number: int, page) -> bool:
        """False if page ``number`` is to be skipped (too much drawing); raises past the time cap."""
        if self._clock() > self._deadline:
            raise DocumentError(self.path, f"reading its text took longer than {MAX_PDF_SECONDS:g} s by page "
                                           f"{number} (it is mostly drawings); split it or export the text first.")
        if self._sizes[number - 1] > MAX_PDF_PAGE_CONTENT:
            self.skipped.append(number)
            return False
        return True


def _content_size(page) -> int:
    try:
        contents = page.get_contents()
        return len(contents.get_data()) if contents is not None else 0
    except Exception:  # noqa: BLE001 - a damaged stream is pypdf's to report when the page is read
        return 0


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
