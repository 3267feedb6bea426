"""The one place the UI turns exceptions into dialogs.

A ``DeskError`` already carries a plain one-sentence message, shown as it is. Anything else
is a bug: it is logged with its traceback and the user sees one line pointing at the log.
Dialogs are window-modal but non-blocking (``open()``), so a background error never starts
a nested event loop, and tests can find them by object name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desk.errors import Cancelled, DeskError, printable

log = logging.getLogger(__name__)

ERROR_DIALOG_NAME = "deskErrorDialog"
TITLE = "Tarjama Desk"


def log_file() -> Path | None:
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_desk_handler", False):
            return Path(handler.baseFilename)
    return None


def error_message(exc: BaseException) -> str:
    """What the user reads for ``exc``, control and bidi characters escaped (a file or
    member name in a message cannot reorder or break the line)."""
    if isinstance(exc, DeskError):
        return exc.printable
    where = log_file()
    details = f" Details are in {where}." if where else " Details are in the log."
    return printable(f"Unexpected error: {type(exc).__name__}: {exc}.{details}")


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox | None:
    """Show ``exc`` to the user; returns the dialog (None for a plain cancel)."""
    if isinstance(exc, Cancelled):
        return None
    if not isinstance(exc, DeskError):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    else:
        log.info("user error: %s", exc)
    box = QMessageBox(parent)
    box.setObjectName(ERROR_DIALOG_NAME)
    box.setIcon(QMessageBox.Icon.Warning if isinstance(exc, DeskError) else QMessageBox.Icon.Critical)
    box.setWindowTitle(TITLE)
    box.setText(error_message(exc))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAccessibleName("Error message")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
