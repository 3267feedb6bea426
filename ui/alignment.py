"""Sentence alignment between the two panes: shared highlight, jump and synchronised scrolling.

Hovering a sentence highlights it and its counterpart and brings the counterpart into view;
clicking makes it the current sentence and lines the other pane up at the same height.
Scrolling one pane scrolls the other so the same sentence stays at the top.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from desk.ui.panes import SentencePane


class Alignment(QObject):
    currentChanged = Signal(int)

    def __init__(self, source: SentencePane, target: SentencePane, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.target = target
        self.current = -1
        self.hover = -1
        self._syncing = False
        self.sync_scrolling = True
        for pane in (source, target):
            pane.rowHovered.connect(partial(self.on_hover, pane))
            pane.rowClicked.connect(partial(self.on_click, pane))
            pane.verticalScrollBar().valueChanged.connect(partial(self._on_scroll, pane))
        source.model.modelReset.connect(self.reset)

    def other(self, pane: SentencePane) -> SentencePane:
        return self.target if pane is self.source else self.source

    def reset(self) -> None:
        self.current = self.hover = -1
        self._show()

    def highlighted(self) -> int:
        return self.hover if self.hover >= 0 else self.current

    def _show(self) -> None:
        row = self.highlighted()
        self.source.set_highlight(row)
        self.target.set_highlight(row)

    def on_hover(self, pane: SentencePane, row: int) -> None:
        self.hover = row
        self._show()
        if row >= 0:
            self._guarded(self.other(pane).ensure_row_visible, row)

    def on_click(self, pane: SentencePane, row: int) -> None:
        self.select(row, origin=pane)

    def select(self, row: int, origin: SentencePane | None = None) -> None:
        """Make ``row`` current; line the other pane up with ``origin`` (or show it in both)."""
        self.current = row
        self._show()
        if row >= 0:
            if origin is not None and origin.row_rect_top(row) is not None:
                y = origin.row_rect_top(row)
                self._guarded(self.other(origin).scroll_row_to, row, max(0, y))
            else:
                for pane in (self.source, self.target):
                    self._guarded(pane.ensure_row_visible, row)
        self.currentChanged.emit(row)

    def _on_scroll(self, pane: SentencePane, value: int) -> None:
        if self._syncing or not self.sync_scrolling:
            return
        bar, other_bar = pane.verticalScrollBar(), self.other(pane).verticalScrollBar()
        if bar.maximum() > 0 and value in (bar.minimum(), bar.maximum()):
            # At either end the panes' lengths differ: lining one sentence up would leave the
            # other pane's last (or first) lines hidden (issue 16, item 8). Ends meet ends.
            self._guarded(other_bar.setValue, other_bar.maximum() if value == bar.maximum() else other_bar.minimum())
            return
        row = pane.top_row()
        y = pane.row_rect_top(row) if row >= 0 else None
        if y is None:
            return
        other = self.other(pane)
        if other.span(row) is None:
            return
        self._guarded(other.scroll_row_to, row, y)

    def _guarded(self, fn, *args) -> None:
        self._syncing = True
        try:
            fn(*args)
        finally:
            self._syncing = False
