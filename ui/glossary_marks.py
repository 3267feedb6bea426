"""Glossary terms marked in the Arabic pane: a dotted underline and the expected English as a tooltip.

``desk.ui.editor.memory_tools`` builds the marks with ``term_format`` for every sentence of the
Arabic reading pane (``TermMatcher.find``) and calls ``term_at(pane, position)`` from its tooltip event;
``mark_terms`` does the same for any other text pane.
Extra selections leave the document (and its undo stack) untouched.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from desk.glossary.match import TermMatch

TERM_PROPERTY = QTextCharFormat.Property.UserProperty + 13


def term_format(match: TermMatch) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
    fmt.setUnderlineColor(QColor("#1565c0"))
    fmt.setBackground(QColor(21, 101, 192, 28))
    fmt.setToolTip(match.expected + (f" — {match.term.note}" if match.term.note else ""))
    fmt.setProperty(TERM_PROPERTY, match.expected)
    return fmt


def term_selection(document, offset: int, match: TermMatch) -> QTextEdit.ExtraSelection:
    """The mark of one term of a sentence that starts at character ``offset`` of ``document``."""
    selection = QTextEdit.ExtraSelection()
    cursor = QTextCursor(document)
    cursor.setPosition(offset + match.span[0])
    cursor.setPosition(offset + match.span[1], QTextCursor.MoveMode.KeepAnchor)
    selection.cursor = cursor
    selection.format = term_format(match)
    return selection


def mark_terms(pane: QTextEdit | QPlainTextEdit, offset: int, matches: Sequence[TermMatch]) -> list:
    """Add selections for ``matches`` of a sentence starting at character ``offset`` of the pane."""
    selections = list(pane.extraSelections()) + [term_selection(pane.document(), offset, m) for m in matches]
    pane.setExtraSelections(selections)
    return selections


def clear_terms(pane: QTextEdit | QPlainTextEdit) -> None:
    pane.setExtraSelections([s for s in pane.extraSelections() if not s.format.hasProperty(TERM_PROPERTY)])


def term_at(pane: QTextEdit | QPlainTextEdit, position: int) -> str | None:
    """The expected English of the term marked at document ``position``, if any."""
    for selection in pane.extraSelections():
        if selection.format.hasProperty(TERM_PROPERTY) and \
                selection.cursor.selectionStart() <= position < selection.cursor.selectionEnd():
            return selection.format.property(TERM_PROPERTY)
    return None
