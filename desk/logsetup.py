"""Logging for entry points only (CLI, GUI): a rotating file in the user log dir.

Library modules just call ``logging.getLogger(__name__)``. Document text is kept out of
the log unless ``DESK_LOG_TEXT=1`` (a translator's articles may be confidential).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from desk import paths
from desk.errors import printable

LOG_FILE_NAME = "tarjama-desk.log"


def log_text_enabled() -> bool:
    """Whether document text may be written to the log (off unless the user opts in)."""
    return os.environ.get("DESK_LOG_TEXT", "") == "1"


def redact(text: str) -> str:
    """What the log may say about a piece of document text."""
    return text if log_text_enabled() else f"<{len(text)} chars>"


class PrintableFormatter(logging.Formatter):
    """One record, one line: control characters in the message (a file name holding a
    newline or an ESC sequence) are escaped; a traceback after it keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = printable(record.message)
        return super().formatMessage(record)


def configure_logging(level: int = logging.INFO) -> Path | None:
    """Send log records to a rotating file; returns its path (None if it cannot be created)."""
    root = logging.getLogger()
    folder = paths.log_dir()
    for handler in list(root.handlers):
        if getattr(handler, "_desk_handler", False):
            if Path(handler.baseFilename).parent == folder:
                return Path(handler.baseFilename)
            root.removeHandler(handler)  # the log folder moved (DESK_HOME changed): follow it
            handler.close()
    try:
        paths.make_dir(folder)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler._desk_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(PrintableFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return Path(handler.baseFilename)
