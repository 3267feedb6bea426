"""Text bound for the terminal: one line, no control characters.

File names come from e-mail attachments and archives; a name holding ESC sequences could
retitle or clear the terminal, a newline would break the one-line error promise, and a
right-to-left override would reorder what is shown. Every such character is shown escaped.
"""

from __future__ import annotations


def safe(text: object) -> str:
    """``text`` with every non-printable character (controls, newlines, format characters) as ``\\xNN``/``\\uNNNN``."""
    return "".join(char if char.isprintable() else _escape(char) for char in str(text))


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
