"""Marked spans inside the grid's cells (find matches, glossary terms), painted over the cell's own look.

A feature registers a *provider* on the delegate: ``provider(row, column, text)`` returns the
``Mark`` spans of that cell's text. A cell without marks is painted by Qt as before; a cell with
marks gets the same background, selection and focus from the style, and its text laid out by a
``QTextDocument`` at the width ``SegmentDelegate.sizeHint`` measured (so the row height still fits)
with the spans' formats applied. A mark's tooltip (a term's English) shows when the mouse is on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

FIND_BACKGROUND = QColor("#ffd54f")   # amber, with black text: readable on light, dark and selected rows
FIND_FOREGROUND = QColor("#000000")


@dataclass(frozen=True, slots=True)
class Mark:
    """``length`` characters of the cell's text from ``start``, drawn with ``fmt``."""

    start: int
    length: int
    fmt: QTextCharFormat


Provider = Callable[[int, int, str], list[Mark]]


def find_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(FIND_BACKGROUND)
    fmt.setForeground(FIND_FOREGROUND)
    return fmt


def _layout(option: QStyleOptionViewItem, text: str, marks: list[Mark], font: QFont,
            rtl: bool) -> tuple[QTextDocument, QRectF]:
    """The cell's text laid out with ``marks`` applied, and where it sits (same margins as Qt's own
    item text: the focus-frame margin + 1 at the sides, top-aligned)."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, option.widget) + 1
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(font)
    # absolute: under a right-to-left text direction a plain AlignRight would mean "trailing", i.e. left
    text_option = QTextOption(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute if rtl
                              else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
    text_option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    text_option.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(text_option)
    doc.setPlainText(text)
    cursor = QTextCursor(doc)
    for mark in marks:
        cursor.setPosition(max(0, mark.start))
        cursor.setPosition(min(len(text), mark.start + mark.length), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(mark.fmt)
    rect = QRectF(option.rect).adjusted(margin, 0, -margin, 0)
    doc.setTextWidth(rect.width())
    return doc, rect


def paint_marked(painter, option: QStyleOptionViewItem, text: str, marks: list[Mark], font: QFont,
                 rtl: bool) -> None:
    """The cell as Qt paints it, its text replaced by a layout that shows ``marks``."""
    style = option.widget.style() if option.widget is not None else QApplication.style()
    plain = QStyleOptionViewItem(option)
    plain.text = ""
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    if selected:  # a dark underline vanishes on the selection colour: draw it in the selection's text colour
        marks = [_on_selection(m, option.palette.color(QPalette.ColorRole.HighlightedText)) for m in marks]
    doc, rect = _layout(option, text, marks, font, rtl)
    context = QAbstractTextDocumentLayout.PaintContext()
    role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
    context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
    painter.save()
    painter.translate(QPointF(rect.left(), rect.top()))
    painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
    doc.documentLayout().draw(painter, context)
    painter.restore()


def _on_selection(mark: Mark, colour: QColor) -> Mark:
    if mark.fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.NoUnderline:
        return mark
    fmt = QTextCharFormat(mark.fmt)
    fmt.setUnderlineColor(colour)
    return Mark(mark.start, mark.length, fmt)


def mark_at(option: QStyleOptionViewItem, text: str, marks: list[Mark], font: QFont, rtl: bool,
            point: QPointF) -> Mark | None:
    """The mark under ``point`` (viewport coordinates) in a cell painted by ``paint_marked``."""
    doc, rect = _layout(option, text, marks, font, rtl)
    local = QPointF(point) - rect.topLeft()
    position = doc.documentLayout().hitTest(local, Qt.HitTestAccuracy.ExactHit)
    if position < 0:
        return None
    return next((m for m in marks if m.start <= position < m.start + m.length), None)
