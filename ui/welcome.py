"""First run without a model: say plainly what to do, with buttons that do it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

WELCOME_TEXT = (
    "<h2>Welcome to Tarjama Desk</h2>"
    "<p>Tarjama Desk translates Arabic into English on this computer, without the internet. "
    "It needs a translation model first (about 150 MB, installed once).</p>"
    "<ul>"
    "<li><b>Install model</b> downloads the OPUS-MT Arabic→English model. This is the only time "
    "the program uses the network.</li>"
    "<li><b>Import model</b> installs a model you already have, for example from a USB stick (no network "
    "needed): pick the model folder (the one that holds <i>model.bin</i>) or its .zip / .tar.gz archive.</li>"
    "</ul>"
    "<p>You can also open a document now and translate it once a model is installed.</p>"
)


class WelcomePanel(QWidget):
    installRequested = Signal()
    importRequested = Signal()
    openRequested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setAccessibleName("Welcome: no translation model installed")
        self.text = QLabel(WELCOME_TEXT, self)
        self.text.setObjectName("welcomeText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setMaximumWidth(640)
        self.install_button = QPushButton("&Install model…", self)
        self.install_button.setObjectName("welcomeInstall")
        self.install_button.setAccessibleName("Install the translation model")
        self.import_button = QPushButton("I&mport model…", self)
        self.import_button.setObjectName("welcomeImport")
        self.import_button.setAccessibleName("Import a model from a file or folder")
        self.open_button = QPushButton("&Open a document", self)
        self.open_button.setObjectName("welcomeOpen")
        self.open_button.setAccessibleName("Open a document")
        self.install_button.setDefault(True)
        self.install_button.clicked.connect(self.installRequested)
        self.import_button.clicked.connect(self.importRequested)
        self.open_button.clicked.connect(self.openRequested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.install_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        inner = QVBoxLayout()
        inner.addWidget(self.text)
        inner.addSpacing(12)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(inner)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
