"""Typed errors that cross the core/UI boundary.

Every error the user can cause (bad file, missing model, no network) is a ``DeskError``
whose ``str()`` is one plain sentence meant to be shown as is, in a dialog or on stderr.
"""

from __future__ import annotations

from pathlib import Path


def printable(text: object) -> str:
    """``text`` with every non-printable character (controls, newlines, bidi and other format
    characters) shown as ``\\xNN``/``\\uNNNN``: one safe line for a terminal or a log record.

    A file or archive member name can hold an ESC sequence that retitles or clears the
    terminal, or a newline that splits a one-line message or a log record.
    """
    return "".join(char if char.isprintable() else _escape(char) for char in str(text))


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


class DeskError(Exception):
    """Base of every error a user can meet; ``str(err)`` is the message to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def printable(self) -> str:
        """The message with control characters escaped (what terminals and logs get)."""
        return printable(self.message)


class DocumentError(DeskError):
    """A document could not be read; names the file and the reason."""

    def __init__(self, path: str | Path | None, reason: str) -> None:
        self.path = None if path is None else str(path)
        self.reason = reason
        where = f"Cannot open {Path(self.path).name}: " if self.path else "Cannot read the text: "
        super().__init__(where + reason)


class ExportError(DeskError):
    """A file could not be written; the previous file at that path is untouched."""


class ModelError(DeskError):
    """A translation model is missing, broken or cannot be installed."""


class ModelNotFoundError(ModelError):
    """No usable model was found; the message says how to install or import one."""


class ModelLoadError(ModelError):
    """A model folder exists but cannot be loaded (corrupt or incompatible files)."""


class NetworkError(ModelError):
    """The model host cannot be reached; the message says how to import instead."""


class Cancelled(DeskError):
    """The user cancelled a long operation; work already done is kept."""

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)
