"""Preferences: decoding (beam, threads), fonts per pane, theme, column order, summary length."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
)

from desk.ui.fonts import arabic_family
from desk.ui.settings import MAX_SUMMARY, THEMES, Settings, int_range


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings")
        self.setObjectName("settingsDialog")
        self.setAccessibleName("Settings")
        s = settings
        self.beam = QSpinBox()
        self.beam.setRange(*int_range("beam_size"))
        self.beam.setValue(s.get("beam_size"))
        self.beam.setToolTip("Larger is slightly better and slower; 1 is fastest.")
        self.threads = QSpinBox()
        self.threads.setRange(*int_range("threads"))
        self.threads.setSpecialValueText("Automatic (one per core)")
        self.threads.setValue(s.get("threads"))
        self.source_font = QFontComboBox()
        self.source_font.setCurrentFont(QFont(arabic_family(s.get("source_font"))))
        self.source_size = QSpinBox()
        self.source_size.setRange(8, 40)
        self.source_size.setValue(s.get("source_size"))
        self.target_font = QFontComboBox()
        if s.get("target_font"):
            self.target_font.setCurrentFont(QFont(s.get("target_font")))
        self.target_size = QSpinBox()
        self.target_size.setRange(8, 40)
        self.target_size.setValue(s.get("target_size"))
        self.theme = QComboBox()
        self.theme.addItems([t.capitalize() for t in THEMES])
        self.theme.setCurrentIndex(THEMES.index(s.get("theme")) if s.get("theme") in THEMES else 0)
        self.source_first = QCheckBox("Arabic in the left column")
        self.source_first.setChecked(s.get("source_first"))
        self.summary = QSpinBox()
        self.summary.setRange(0, MAX_SUMMARY)
        self.summary.setSpecialValueText("Automatic")
        self.summary.setValue(s.get("summary_sentences"))
        self.low_confidence = QSpinBox()
        self.low_confidence.setRange(*int_range("low_confidence_percent"))
        self.low_confidence.setSuffix(" %")
        self.low_confidence.setValue(s.get("low_confidence_percent"))
        self.low_confidence.setToolTip("Machine sentences the model is less sure of than this are flagged in the grid.")
        self.tm_threshold = QSpinBox()
        self.tm_threshold.setRange(*int_range("tm_fuzzy_threshold"))
        self.tm_threshold.setSuffix(" %")
        self.tm_threshold.setValue(s.get("tm_fuzzy_threshold"))
        self.tm_threshold.setToolTip("Translation-memory matches at least this similar to the sentence are offered.")
        form = QFormLayout()
        for label, widget in (
            ("&Beam size:", self.beam), ("&Threads:", self.threads),
            ("&Arabic font:", self.source_font), ("Arabic font si&ze:", self.source_size),
            ("&English font:", self.target_font), ("English font s&ize:", self.target_size),
            ("T&heme:", self.theme), ("&Columns:", self.source_first), ("Su&mmary sentences:", self.summary),
            ("&Flag machine sentences below:", self.low_confidence),
            ("&Offer memory matches from:", self.tm_threshold),
        ):
            widget.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        s = self.settings
        s.set("beam_size", self.beam.value())
        s.set("threads", self.threads.value())
        s.set("source_font", self.source_font.currentFont().family())
        s.set("source_size", self.source_size.value())
        s.set("target_font", self.target_font.currentFont().family())
        s.set("target_size", self.target_size.value())
        s.set("theme", THEMES[self.theme.currentIndex()])
        s.set("source_first", self.source_first.isChecked())
        s.set("summary_sentences", self.summary.value())
        s.set("low_confidence_percent", self.low_confidence.value())
        s.set("tm_fuzzy_threshold", self.tm_threshold.value())
        s.sync()
        super().accept()
