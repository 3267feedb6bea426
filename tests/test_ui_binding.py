"""The installed Qt binding must not corrupt Python's reference counts.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every call of a method that
returns nothing (QLabel.setText, QTextCursor.insertText, ...); after a few thousand calls the
interpreter aborts with "deallocating None". pyproject pins PySide6 below 6.12 for that;
this test catches such a binding before users do.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QTextEdit


def test_void_qt_calls_keep_none_alive(qapp):
    label = QLabel()
    edit = QTextEdit()
    cursor = QTextCursor(edit.document())
    before = sys.getrefcount(None)
    for _ in range(200):
        label.setText("x")
        cursor.insertText("y")
    assert sys.getrefcount(None) - before > -50, "this PySide6 build leaks references to None (use < 6.12)"


def test_the_app_checks_its_binding_at_start_up(qapp):
    from desk.ui.qtcheck import binding_is_sound, broken_binding_message

    assert binding_is_sound()
    assert "below 6.12" in broken_binding_message()
