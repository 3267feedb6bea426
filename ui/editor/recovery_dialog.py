"""On start: the projects a crash or a kill left open, each offered back (restore) or dropped.

Listing and restoring are ``desk.project.recovery``'s; this is only the question to the user.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

RESTORE, DISCARD, LATER = "restore", "discard", "later"


def describe(entry) -> str:
    when = _dt.datetime.fromtimestamp(entry.modified).strftime("%Y-%m-%d %H:%M") if entry.modified else "?"
    if entry.problem:
        return f"{entry.title or entry.path.name}: {entry.problem}"
    counts = entry.counts or {}
    done = counts.get("confirmed", 0)
    edited = counts.get("edited", 0)
    kind = "unsaved document" if entry.untitled else str(entry.path)
    return (f"<b>{entry.title or entry.path.stem}</b> — {kind}<br>{entry.segments} sentences: {done} confirmed, "
            f"{edited} edited; last change {when}")


class RecoveryDialog(QDialog):
    """One row per entry with Restore / Discard; ``choices`` maps entry index -> RESTORE/DISCARD."""

    def __init__(self, entries: list, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle("Recover your work")
        self.entries = list(entries)
        self.choices: dict[int, str] = {}
        self._labels: list[QLabel] = []
        intro = QLabel("Tarjama Desk did not close normally. This work was left open; restore it or discard it.")
        intro.setWordWrap(True)
        body = QWidget()
        rows = QVBoxLayout(body)
        for i, entry in enumerate(self.entries):
            line = QHBoxLayout()
            label = QLabel(describe(entry))
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            self._labels.append(label)
            restore = QPushButton("&Restore")
            restore.setObjectName(f"restore{i}")
            restore.setEnabled(not entry.problem)
            discard = QPushButton("&Discard")
            discard.setObjectName(f"discard{i}")
            restore.clicked.connect(lambda _c=False, k=i: self.choose(k, RESTORE))
            discard.clicked.connect(lambda _c=False, k=i: self.choose(k, DISCARD))
            line.addWidget(label, 1)
            line.addWidget(restore)
            line.addWidget(discard)
            rows.addLayout(line)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QDialogButtonBox()
        self.restore_all = buttons.addButton("Restore all", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_all.clicked.connect(self.choose_all)
        later = buttons.addButton("Decide later", QDialogButtonBox.ButtonRole.RejectRole)
        later.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(640, min(480, 160 + 70 * len(self.entries)))

    def choose(self, i: int, what: str) -> None:
        self.choices[i] = what
        self._labels[i].setEnabled(False)
        for name in (f"restore{i}", f"discard{i}"):
            button = self.findChild(QPushButton, name)
            if button is not None:
                button.setEnabled(False)
        if len(self.choices) == len(self.entries):
            self.accept()

    def choose_all(self) -> None:
        for i, entry in enumerate(self.entries):
            if i not in self.choices and not entry.problem:
                self.choices[i] = RESTORE
        self.accept()

    def chosen(self, what: str) -> list:
        return [self.entries[i] for i, c in sorted(self.choices.items()) if c == what]
