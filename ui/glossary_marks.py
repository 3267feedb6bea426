"""Glossary terms marked in the Arabic pane: a dotted underline and the expected English as a tooltip.

``desk.ui.editor.memory_tools`` builds the marks with ``term_format`` for every sentence of the
Arabic reading pane (``TermMatcher.find``) and calls ``term_at(pane, position)`` from its tooltip event;
``mark_terms`` does the same for any other text pane.
Extra selections leave the document (and its undo stack) untouched. The editor grid's Arabic cells
are painted from ``marked_document`` (the same look), their tooltip found with ``term_in``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument, QTextOption
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


def mark_terms(pane: QTextEdit | QPlainTextEdit, offset: int, matches: Sequence[TermMatch]) -> list:
    """Add selections for ``matches`` of a sentence starting at character ``offset`` of the pane."""
    selections = list(pane.extraSelections())
    for match in matches:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(pane.document())
        cursor.setPosition(offset + match.span[0])
        cursor.setPosition(offset + match.span[1], QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = term_format(match)
        selections.append(selection)
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


def marked_document(text: str, font: QFont, width: float, matches: Sequence[TermMatch]) -> QTextDocument:
    """An Arabic grid cell's text laid out as the cell shows it (right to left, wrapped at ``width``),
    with its glossary terms marked as in the reading pane."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(font)
    option = QTextOption(Qt.AlignmentFlag.AlignRight)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setPlainText(text)
    document.setTextWidth(max(1.0, width))
    for match in matches:
        cursor = QTextCursor(document)
        cursor.setPosition(match.span[0])
        cursor.setPosition(match.span[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(term_format(match))
    return document


def term_in(matches: Sequence[TermMatch], position: int) -> str | None:
    """The tooltip of the term covering character ``position`` of a sentence (English — note), if any."""
    for match in matches:
        if match.span[0] <= position < match.span[1]:
            return term_format(match).toolTip()
    return None
