"""The Arabic and English panes: QTextEdit views rendered from the ``SentenceModel``.

Each pane knows where every sentence sits in its own text (``spans``), so the alignment
controller can map mouse positions to sentence rows and scroll the other pane. Highlights
and summary marks are extra selections: they never change the text. The English pane
appends sentences as they arrive (the engine yields in document order), so streaming a long
document costs one small insertion per sentence, not a re-render.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat, QTextOption
from PySide6.QtWidgets import QTextEdit

from desk.ui.sentence_model import Roles, SentenceModel
from desk.ui.theme import pane_colors

log = logging.getLogger(__name__)

SOURCE, TARGET = "source", "target"
HEADING_KINDS = {"heading"}
FIRST_ROWS = 400  # sentences rendered at once when a document opens ...
RENDER_SLICE_S = 0.012  # ... then this much GUI time per event-loop turn
# Keyboard users must see which pane has the focus (issue 16, item 8): a highlight-coloured frame.
FOCUS_STYLE = ("QTextEdit#NAME { border: 1px solid palette(mid); padding: 1px; } "
               "QTextEdit#NAME:focus { border: 2px solid palette(highlight); padding: 0px; }")


class SentencePane(QTextEdit):
    rowHovered = Signal(int)  # -1 when the mouse leaves the sentences
    rowClicked = Signal(int)
    sourceEdited = Signal()  # the user typed in the Arabic pane (rows are now stale)
    renderFinished = Signal()  # every sentence of the model is in the pane

    def __init__(self, model: SentenceModel, side: str, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.side = side
        self.rtl = side == SOURCE
        self.spans: list[tuple[int, int] | None] = []
        self._starts: list[int] = []  # sorted starts of rendered rows ...
        self._rows_at: list[int] = []  # ... and their rows
        self._rendering = False
        self._last_paragraph = -1
        self._appended_rows = 0
        self._render_next = 0
        self._render_prev = -1
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render_more)
        self.stale = False
        self._rendered_for = None  # the document last rendered (a new one opens at its top)
        self.highlight_row = -1
        self._hover = -1
        self.extra_marks = None  # callable -> extra selections kept under the highlight (glossary terms)
        self.setObjectName(f"{side}Pane")
        self.setAccessibleName("Arabic source text" if self.rtl else "English translation")
        self.setAcceptRichText(False)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setReadOnly(not self.rtl)
        self.setStyleSheet(FOCUS_STYLE.replace("NAME", self.objectName()))
        if self.rtl:
            option = QTextOption(Qt.AlignmentFlag.AlignRight)
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
            self.document().setDefaultTextOption(option)
            self.setPlaceholderText("افتح ملفًا أو الصق نصًا عربيًا هنا — Open a file or paste Arabic text here")
        else:
            self.setPlaceholderText("The English translation appears here.")
        self.document().contentsChange.connect(self._on_contents_change)
        model.modelReset.connect(self.render)
        model.dataChanged.connect(self._on_data_changed)

    # -- rendering ----------------------------------------------------------------------
    def _block_format(self, paragraph: int) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(self.fontMetrics().height() * 0.7)
        fmt.setLineHeight(125 if self.rtl else 115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if self.rtl:
            fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            fmt.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        else:
            fmt.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            fmt.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        return fmt

    def _char_format(self, paragraph: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        document = self.model.document
        blocks = getattr(document, "blocks", None) or []
        if 0 <= paragraph < len(blocks) and getattr(blocks[paragraph], "kind", "") in HEADING_KINDS:
            fmt.setFontWeight(QFont.Weight.Bold)
        return fmt

    def _separator(self, prev_row: int, row: int) -> str:
        """Between two sentences of one paragraph: a line break if the original had one."""
        text = self.model.text
        a, b = self.model.row(prev_row).span[1], self.model.row(row).span[0]
        return "\n" if "\n" in text[a:b] else " "

    def render(self) -> None:
        """Rebuild the whole pane from the model.

        The Arabic pane of a long document is filled in slices (``FIRST_ROWS`` at once, then
        ``RENDER_SLICE_S`` per event-loop turn) so opening a book-length file never freezes
        the window; ``renderFinished`` says when it is complete."""
        self._render_timer.stop()
        same_document = self._rendered_for is not None and self._rendered_for is self.model.document
        keep = self.verticalScrollBar().value() if same_document else 0  # a settings change keeps the place
        self._rendered_for = self.model.document
        self._rendering = True
        try:
            self.clear()
            self.spans = [None] * self.model.rowCount()
            self._starts, self._rows_at = [], []
            self._last_paragraph = -1
            self._appended_rows = 0
            self._render_next = 0
            self._render_prev = -1
            self.stale = False
        finally:
            self._rendering = False
        limit = FIRST_ROWS if self.rtl else None
        self._render_rows(limit=limit)
        # Text is inserted with a cursor of our own, but the widget's cursor sat at the insertion
        # point and travelled to the end of the text: once shown (e.g. after the welcome page) the
        # pane scrolled there, a half line cut at the top (issue 16, item 8). Start at the top.
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.verticalScrollBar().setValue(keep)

    def _render_more(self) -> None:
        self._render_rows(deadline=time.perf_counter() + RENDER_SLICE_S)

    def _render_rows(self, *, limit: int | None = None, deadline: float | None = None) -> None:
        rows = self.model.rows
        self._rendering = True
        try:
            cursor = QTextCursor(self.document())
            cursor.beginEditBlock()
            done = 0
            while self._render_next < len(rows):
                i = self._render_next
                row = rows[i]
                text = row.source if self.rtl else (row.target if row.translated else None)
                if text is not None:
                    self._insert(cursor, i, row.paragraph, text, self._render_prev)
                    self._render_prev = i
                self._render_next += 1
                done += 1
                if (limit is not None and done >= limit) or (deadline is not None and done % 16 == 0
                                                             and time.perf_counter() > deadline):
                    break
            cursor.endEditBlock()
        finally:
            self._rendering = False
        if self._render_next < len(rows):
            self.setReadOnly(True)
            self._render_timer.start()
            return
        self.setReadOnly(not self.rtl or self.model.done_count() > 0)
        self.refresh_marks()
        self.renderFinished.emit()

    @property
    def render_complete(self) -> bool:
        return self._render_next >= self.model.rowCount()

    def _insert(self, cursor: QTextCursor, i: int, paragraph: int, text: str, prev: int) -> None:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if self._last_paragraph < 0:
            cursor.setBlockFormat(self._block_format(paragraph))
        elif paragraph != self._last_paragraph:
            cursor.insertBlock(self._block_format(paragraph))
        elif prev >= 0:
            sep = self._separator(prev, i)
            if sep == "\n":
                cursor.insertBlock(self._block_format(paragraph))
            else:
                cursor.insertText(sep, self._char_format(paragraph))
        start = cursor.position()
        cursor.insertText(text.replace("\n", " "), self._char_format(paragraph))
        self.spans[i] = (start, cursor.position())
        self._starts.append(start)
        self._rows_at.append(i)
        self._last_paragraph = paragraph
        self._appended_rows = i + 1

    def _on_data_changed(self, top, bottom, roles: Sequence[int] = ()) -> None:
        roles = set(roles or ())
        if self.rtl and Roles.SOURCE in roles:
            self.render()  # the translator corrected an Arabic sentence: its text and the spans moved (issue 12)
            return
        if not roles or roles & {Roles.TARGET, Roles.STATUS}:
            if not self.rtl:
                self._update_targets(top.row(), bottom.row())
            elif not self.isReadOnly() and any(
                self.model.row(r).translated for r in range(top.row(), bottom.row() + 1)
            ):
                self.setReadOnly(True)  # the Arabic is frozen once sentences are aligned to English
        if not roles or Roles.SUMMARY in roles:
            self.refresh_marks()

    def _update_targets(self, first: int, last: int) -> None:
        rows = self.model.rows
        if first < self._appended_rows and all(
            rows[j].translated and self.spans[j] is not None for j in range(first, last + 1)
        ):
            self._replace_targets(first, last)  # an edit or a status change (issue 12): no re-render
            return
        appendable = first >= self._appended_rows and all(
            not rows[j].translated for j in range(self._appended_rows, first)
        )
        if not appendable or any(not rows[j].translated for j in range(first, last + 1)):
            self.render()
            return
        self._rendering = True
        was_empty = not self._rows_at
        try:
            cursor = QTextCursor(self.document())
            prev = self._rows_at[-1] if self._rows_at else -1
            for i in range(first, last + 1):
                self._insert(cursor, i, rows[i].paragraph, rows[i].target, prev)
                prev = i
        finally:
            self._rendering = False
        if was_empty:  # the widget's cursor was at the (empty) insertion point: keep it at the start
            self.moveCursor(QTextCursor.MoveOperation.Start)
        if self.highlight_row in range(first, last + 1) or any(rows[j].in_summary for j in range(first, last + 1)):
            self.refresh_marks()

    def _replace_targets(self, first: int, last: int) -> None:
        """Put the rows' current English in place of what the pane shows for them and move
        the spans after them: a translator's edit costs one small change, not a re-render of
        a 10,000-sentence pane."""
        rows = self.model.rows
        self._rendering = True
        try:
            cursor = QTextCursor(self.document())
            for i in range(first, last + 1):
                start, end = self.spans[i]
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                cursor.insertText(rows[i].target.replace("\n", " "), self._char_format(rows[i].paragraph))
                delta = cursor.position() - end
                self.spans[i] = (start, cursor.position())
                if delta:
                    k = bisect.bisect_right(self._starts, start)
                    for j in range(k, len(self._starts)):
                        self._starts[j] += delta
                        row = self._rows_at[j]
                        a, b = self.spans[row]
                        self.spans[row] = (a + delta, b + delta)
        finally:
            self._rendering = False
        self.refresh_marks()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if self._rendering or not self.rtl or not (removed or added):
            return
        if not self.stale:
            self.stale = True
            self.highlight_row = -1
            self.setExtraSelections([])
            self.sourceEdited.emit()

    # -- marks --------------------------------------------------------------------------
    def set_highlight(self, row: int) -> None:
        if row != self.highlight_row:
            self.highlight_row = row
            self.refresh_marks()

    def refresh_marks(self) -> None:
        if self.stale:
            return
        colors = pane_colors(self.palette())
        selections = []
        for i in self.model.summary_rows():
            sel = self._selection(i)
            if sel is not None:
                sel.format.setBackground(colors.summary_back)
                sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                sel.format.setUnderlineColor(colors.summary)
                selections.append(sel)
        sel = self._selection(self.highlight_row)
        if sel is not None:
            sel.format.setBackground(colors.highlight)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            selections.append(sel)
        if self.extra_marks is not None:  # drawn last: a glossary term stays visible in a highlight
            selections += self.extra_marks()
        self.setExtraSelections(selections)

    def _selection(self, row: int):
        span = self.span(row)
        if span is None:
            return None
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[0])
        cursor.setPosition(span[1], QTextCursor.MoveMode.KeepAnchor)
        # The English pane appends sentences at the end of its text: a mark ending there must not
        # grow over every sentence appended after it (issue 16, item 1).
        cursor.setKeepPositionOnInsert(True)
        sel.cursor = cursor
        sel.format = QTextCharFormat()
        return sel

    # -- geometry -----------------------------------------------------------------------
    def span(self, row: int) -> tuple[int, int] | None:
        if self.stale or not 0 <= row < len(self.spans):
            return None
        return self.spans[row]

    def row_at_position(self, position: int) -> int:
        if self.stale:
            return -1
        k = bisect.bisect_right(self._starts, position) - 1
        if k < 0:
            return -1
        row = self._rows_at[k]
        start, end = self.spans[row]
        return row if start <= position <= end else -1

    def row_at(self, point: QPoint) -> int:
        """The sentence under a viewport point, or -1."""
        cursor = self.cursorForPosition(point)
        row = self.row_at_position(cursor.position())
        if row < 0:
            return -1
        rect = self.cursorRect(cursor)
        if abs(rect.center().y() - point.y()) > rect.height() * 1.5:
            return -1  # below the last line of text, not on it
        return row

    def row_rect_top(self, row: int) -> int | None:
        """Viewport y of the top of the sentence's first line."""
        span = self.span(row)
        if span is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[0])
        return self.cursorRect(cursor).top()

    def point_of_row(self, row: int) -> QPoint | None:
        """A viewport point inside the sentence (for tests and keyboard navigation)."""
        span = self.span(row)
        if span is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition((span[0] + span[1]) // 2)
        return self.cursorRect(cursor).center()

    def top_row(self) -> int:
        """The first sentence visible at the top of the viewport."""
        x = self.viewport().width() - 4 if self.rtl else 4
        for y in (2, 12, 24, 48):
            row = self.row_at_position(self.cursorForPosition(QPoint(x, y)).position())
            if row >= 0:
                return row
        return -1

    def scroll_row_to(self, row: int, y: int) -> None:
        top = self.row_rect_top(row)
        if top is not None:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + top - y)

    def ensure_row_visible(self, row: int) -> None:
        top = self.row_rect_top(row)
        if top is None:
            return
        span = self.span(row)
        cursor = QTextCursor(self.document())
        cursor.setPosition(span[1])
        bottom = self.cursorRect(cursor).bottom()
        height = self.viewport().height()
        if top < 0 or bottom > height:
            self.scroll_row_to(row, max(0, height // 3))

    # -- events -------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        row = self.row_at(event.position().toPoint())
        if row != self._hover:
            self._hover = row
            self.rowHovered.emit(row)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            row = self.row_at(event.position().toPoint())
            if row >= 0:
                self.rowClicked.emit(row)

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        if self._hover != -1:
            self._hover = -1
            self.rowHovered.emit(-1)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._rendering:
            self.refresh_marks()
