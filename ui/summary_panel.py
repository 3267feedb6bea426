"""The summary panel: length control and the picked sentences in Arabic and English.

Clicking an entry asks the window to jump to that sentence in both panes. It renders from
the ``SentenceModel`` (rows with ``in_summary``); the summariser itself is desk.summarize.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTextBrowser, QVBoxLayout, QWidget

from desk.ui.sentence_model import Roles, SentenceModel
from desk.ui.theme import pane_colors

MAX_SENTENCES = 30


class SummaryPanel(QWidget):
    jumpRequested = Signal(int)  # a model row
    lengthChanged = Signal(int)  # sentences wanted, 0 = automatic

    def __init__(self, model: SentenceModel, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.arabic_family = ""
        self.setObjectName("summaryPanel")
        self.setAccessibleName("Summary")
        self.length = QSpinBox(self)
        self.length.setObjectName("summaryLength")
        self.length.setRange(0, MAX_SENTENCES)
        self.length.setSpecialValueText("Automatic")
        self.length.setSuffix(" sentences")
        self.length.setAccessibleName("Summary length in sentences")
        self.length.setToolTip("How many sentences the summary keeps (Automatic: about a fifth, 3 to 7).")
        label = QLabel("&Length:", self)
        label.setBuddy(self.length)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("summaryBrowser")
        self.browser.setAccessibleName("Summary sentences; click one to jump to it")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_anchor)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.length, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.render)
        self.length.valueChanged.connect(self.lengthChanged)
        model.summaryChanged.connect(self.render)
        model.modelReset.connect(self.render)
        model.dataChanged.connect(self._on_data_changed)
        self.render()

    def changeEvent(self, event) -> None:
        """The entries carry colours taken from the palette: a theme switched in Settings must
        re-render them (they stayed #020202 on a dark base until a restart; issue 16, item 2)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.StyleChange) and hasattr(self, "_timer"):
            self._timer.start()

    def _on_data_changed(self, top, bottom, roles=()) -> None:
        if roles and Roles.TARGET not in set(roles):
            return
        if any(self.model.row(r).in_summary for r in range(top.row(), bottom.row() + 1)):
            self._timer.start()

    def entries(self) -> list[int]:
        return self.model.summary_rows()

    def render(self) -> None:
        rows = self.model.summary_rows()
        if not rows:
            text = "The summary appears here once a document is open." if not self.model.rowCount() else \
                "Summarising…"
            self.browser.setHtml(f"<p style='color:gray'>{html.escape(text)}</p>")
            return
        palette = self.browser.palette()
        colors = pane_colors(palette)
        text_color = palette.text().color().name()
        family = html.escape(self.arabic_family or "Noto Naskh Arabic")
        parts = []
        for k, i in enumerate(rows):
            if k:
                parts.append("<hr/>")
            row = self.model.row(i)
            english = html.escape(row.target) if row.translated else \
                f"<span style='color:{colors.pending.name()}'>(not translated yet)</span>"
            style = f"color:{text_color}; text-decoration:none"
            parts.append(
                f"<p dir='rtl' align='right' style='margin-bottom:2px; font-family:\"{family}\"; font-size:large'>"
                f"<a href='row:{i}' style='{style}'>{html.escape(row.source)}</a></p>"
                f"<p dir='ltr' align='left' style='margin-top:0; margin-bottom:12px'>"
                f"<a href='row:{i}' style='{style}'>{english}</a></p>"
            )
        self.browser.setHtml("".join(parts))

    def _on_anchor(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("row:"):
            try:
                self.jumpRequested.emit(int(text[4:]))
            except ValueError:
                pass

    def set_length(self, value: int) -> None:
        self.length.blockSignals(True)
        self.length.setValue(value)
        self.length.blockSignals(False)
