"""Text bound for the terminal: one line, no control characters.

File names come from e-mail attachments and archives; a name holding ESC sequences could
retitle or clear the terminal, a newline would break the one-line error promise, and a
right-to-left override would reorder what is shown. Every such character is shown escaped.
"""

from __future__ import annotations

from desk.errors import printable


def safe(text: object) -> str:
    """``text`` with every non-printable character (controls, newlines, format characters) as ``\\xNN``/``\\uNNNN``.

    The one helper lives in ``desk.errors.printable`` (also used by the models code and log records).
    """
    return printable(text)
