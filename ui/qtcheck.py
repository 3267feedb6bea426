"""Refuse to run on a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a Qt method that
returns nothing; after a few thousand calls the interpreter aborts ("deallocating None").
Failing at start-up with a plain message beats crashing in the middle of a translation.
"""

from __future__ import annotations

import sys

BROKEN_BINDING_MESSAGE = (
    "This PySide6 build ({version}) is broken on Python {python} (it corrupts reference counts "
    "and would crash). Install a PySide6-Essentials version below 6.12, e.g. "
    "`pip install \"PySide6-Essentials<6.12\"`."
)


def binding_is_sound(calls: int = 64) -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before > -calls // 2


def broken_binding_message() -> str:
    import PySide6

    python = ".".join(map(str, sys.version_info[:3]))
    return BROKEN_BINDING_MESSAGE.format(version=PySide6.__version__, python=python)
