"""The alternatives strip: the n-best English the model offers for the current sentence.

Computed on demand for that one sentence (``EditorController.compute_alternatives``);
Ctrl+1…4 or a double click takes one (an undo step like any edit).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget


class AlternativesPanel(QWidget):
    taken = Signal(int)  # 1-based number
    computeRequested = Signal()

    def __init__(self, model, parent=None) -> None:
        super().__init__(parent)
        self.model = model
        self.row = -1
        self.setObjectName("alternativesPanel")
        self.list = QListWidget()
        self.list.setObjectName("alternativesList")
        self.list.setAccessibleName("Alternative translations of the current sentence")
        self.list.itemActivated.connect(lambda item: self.taken.emit(self.list.row(item) + 1))
        self.button = QPushButton("Alternatives (Ctrl+Shift+A)")
        self.button.clicked.connect(self.computeRequested)
        self.hint = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.list, 1)
        layout.addStretch(1)  # keeps the button on the left while there is no list
        model.dataChanged.connect(self._on_changed)
        model.modelReset.connect(lambda: self.show_row(-1))
        self.show_row(-1)

    def show_row(self, row: int) -> None:
        self.row = row
        self.list.clear()
        alts = self.model.row(row).alternatives if 0 <= row < self.model.rowCount() else ()
        for i, text in enumerate(alts[:4]):
            item = QListWidgetItem(f"Ctrl+{i + 1}   {text}")
            item.setToolTip(text)
            self.list.addItem(item)
        self.list.setVisible(bool(alts))
        self.layout().setStretch(2, 0 if alts else 1)
        if alts:
            self.list.setFixedHeight(self.list.sizeHintForRow(0) * len(alts[:4]) + 2 * self.list.frameWidth() + 2)

    def _on_changed(self, top, bottom, _roles=()) -> None:
        if top.row() <= self.row <= bottom.row():
            self.show_row(self.row)
