"""The models dialog: installed models, the catalogue, install/import with progress and cancel.

All work is done by desk.models (install/import generators yielding ``InstallProgress``)
inside the generic ``Worker``; this dialog only shows lists, progress and errors.
"""

from __future__ import annotations

import copy
import logging
import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desk.ui.errors import show_error
from desk.ui.worker import Worker, WorkerPool

log = logging.getLogger(__name__)

STEP_TEXT = {
    "check": "Checking", "download": "Downloading", "extract": "Unpacking", "copy": "Copying",
    "convert": "Converting", "verify": "Verifying", "install": "Installing", "done": "Done",
}


# The core's messages give terminal advice (`desk models import PATH`); in the window the same
# advice points at the window's own buttons and says what to pick (issue 16, item 4).
GUI_MODEL_HINT = (
    "Click Install model… while online, or import a model you have (e.g. on a USB stick): Import model… on the "
    "welcome page or in the Tools menu (Import folder… / Import archive… in the Models dialog), then pick the "
    "folder that holds model.bin, or its .zip / .tar.gz archive."
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # "e.g. from" does not end a sentence
_GENERIC_NAMES = {"ct2", "ctranslate2", "model", "models", "int8", "float16", "export", "output", "dist"}


def gui_advice(exc: BaseException) -> BaseException:
    """``exc`` with its terminal commands replaced by the GUI's own way (other errors unchanged)."""
    from desk.errors import DeskError

    if not isinstance(exc, DeskError) or "`desk " not in exc.message:
        return exc
    kept = " ".join(part for part in _SENTENCE_END.split(exc.message) if "`desk " not in part).strip()
    new = copy.copy(exc)
    new.message = f"{kept} {GUI_MODEL_HINT}".strip()
    new.args = (new.message,)
    return new


def suggested_name(path: str | Path) -> str:
    """The name offered for an imported model: its manifest's id, else the catalogue's default
    model (if not installed yet), else the folder's or archive's name unless that says nothing
    ("ct2", "model"…), in which case the name of the folder above it."""
    from desk.models import store
    from desk.models.catalogue import default_model_id

    source = Path(path)
    if source.is_dir():
        manifest_id = str(store.read_manifest(source).get("id") or "").strip()
        if manifest_id:
            return manifest_id
    default = default_model_id()
    if not store.is_installed(default):
        return default
    name = store.suggest_id(source.name)
    if name.lower() in _GENERIC_NAMES and source.parent.name:
        name = store.suggest_id(source.parent.name)
    return name


def _size(n: float) -> str:
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


class ModelsDialog(QDialog):
    modelsChanged = Signal()
    jobFinished = Signal(bool)  # True when the install/import succeeded

    def __init__(self, parent=None, *, endpoint: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Translation models")
        self.setObjectName("modelsDialog")
        self.setAccessibleName("Translation models")
        self.endpoint = endpoint  # None: the real Hugging Face Hub (tests pass the fake hub)
        self.workers = WorkerPool()
        self.job: Worker | None = None
        self.last_progress = None
        self.progress_values: list[tuple[str, int]] = []  # (step, per-mille) as shown

        self.installed = self._table("installedTable", ["Model", "Size", "Default", "Source"])
        self.available = self._table("catalogueTable", ["Model", "Download", "Quality", "Speed", "Licence", ""])
        self.btn_default = QPushButton("Set as &default")
        self.btn_default.setObjectName("setDefaultButton")
        self.btn_remove = QPushButton("&Remove…")
        self.btn_remove.setObjectName("removeButton")
        self.btn_import_folder = QPushButton("Import &folder…")
        self.btn_import_folder.setObjectName("importFolderButton")
        self.btn_import_file = QPushButton("Import &archive…")
        self.btn_import_file.setObjectName("importFileButton")
        self.btn_install = QPushButton("&Install")
        self.btn_install.setObjectName("installButton")
        for button, name in ((self.btn_default, "Make the selected model the default"),
                             (self.btn_remove, "Remove the selected model"),
                             (self.btn_import_folder, "Import a model folder"),
                             (self.btn_import_file, "Import a model archive (zip or tar)"),
                             (self.btn_install, "Download and install the selected model")):
            button.setAccessibleName(name)
            button.setToolTip(name)
        self.btn_default.clicked.connect(self.set_default_selected)
        self.btn_remove.clicked.connect(self.remove_selected)
        self.btn_import_folder.clicked.connect(self.import_folder_dialog)
        self.btn_import_file.clicked.connect(self.import_file_dialog)
        self.btn_install.clicked.connect(self.install_selected)

        self.status = QLabel("")
        self.status.setObjectName("modelsStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("modelsProgress")
        self.progress.setAccessibleName("Install progress")
        self.progress.setVisible(False)
        self.btn_cancel = QPushButton("&Cancel")
        self.btn_cancel.setObjectName("cancelInstallButton")
        self.btn_cancel.setAccessibleName("Cancel the install")
        self.btn_cancel.setEnabled(False)
        self.btn_cancel.clicked.connect(self.cancel)

        installed_box = QGroupBox("Installed on this computer")
        row = QHBoxLayout()
        for b in (self.btn_default, self.btn_remove):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.btn_import_folder)
        row.addWidget(self.btn_import_file)
        self.empty_hint = QLabel("No model is installed yet: install one below (needs the internet once), "
                                 "or import a model folder or archive you already have.")
        self.empty_hint.setObjectName("noModelHint")
        self.empty_hint.setWordWrap(True)
        lay = QVBoxLayout(installed_box)
        lay.addWidget(self.empty_hint)
        lay.addWidget(self.installed)
        lay.addLayout(row)
        available_box = QGroupBox("Available to download (the only time the network is used)")
        row2 = QHBoxLayout()
        row2.addStretch(1)
        row2.addWidget(self.btn_install)
        lay2 = QVBoxLayout(available_box)
        lay2.addWidget(self.available)
        lay2.addLayout(row2)
        self.btn_cancel.setVisible(False)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.btn_cancel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(installed_box, 1)
        layout.addWidget(available_box, 1)
        layout.addWidget(self.status)
        layout.addLayout(progress_row)
        layout.addWidget(buttons)
        self.resize(860, 560)
        self.refresh()

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers), self)
        table.setObjectName(name)
        table.setAccessibleName("Installed models" if name == "installedTable" else "Models you can install")
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(headers)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        table.itemSelectionChanged.connect(self._update_buttons)
        return table

    # -- lists --------------------------------------------------------------------------
    def refresh(self) -> None:
        from desk.models import store
        from desk.models.catalogue import catalogue

        try:
            installed = store.list_installed()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            installed = []
            show_error(self, exc)
        self.installed.setRowCount(len(installed))
        for r, m in enumerate(installed):
            cells = [m.id, _size(m.size_bytes), "✓ default" if m.is_default else "", m.source or str(m.path)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                if c == 0 and m.description:
                    item.setToolTip(m.description)
                self.installed.setItem(r, c, item)
        self.empty_hint.setVisible(not installed)
        installed_ids = {m.id for m in installed}
        try:
            entries = list(catalogue().values())
        except Exception as exc:  # noqa: BLE001
            entries = []
            show_error(self, exc)
        self.available.setRowCount(len(entries))
        for r, e in enumerate(entries):
            cells = [e.name, f"{e.size_mb:.0f} MB", e.quality_text, e.speed, e.licence.split(" (")[0],
                     "installed" if e.id in installed_ids else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                if c == 0:
                    item.setToolTip(f"{e.id}: {e.description}")
                self.available.setItem(r, c, item)
        if entries and not self.available.selectedItems():
            self.available.selectRow(0)
        self._update_buttons()

    def installed_ids(self) -> list[str]:
        return [self.installed.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.installed.rowCount())]

    def _selected(self, table: QTableWidget) -> str | None:
        items = table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _update_buttons(self) -> None:
        busy = self.job is not None
        has_installed = self._selected(self.installed) is not None
        self.btn_default.setEnabled(has_installed and not busy)
        self.btn_remove.setEnabled(has_installed and not busy)
        self.btn_install.setEnabled(self._selected(self.available) is not None and not busy)
        self.btn_import_file.setEnabled(not busy)
        self.btn_import_folder.setEnabled(not busy)
        self.btn_cancel.setEnabled(busy)
        self.btn_cancel.setVisible(busy)

    # -- actions ------------------------------------------------------------------------
    def set_default_selected(self) -> None:
        from desk.models import store

        model_id = self._selected(self.installed)
        if model_id:
            try:
                store.set_default_model(model_id)
            except Exception as exc:  # noqa: BLE001
                show_error(self, exc)
                return
            self.status.setText(f"{model_id} is now the default model.")
            self.refresh()
            self.modelsChanged.emit()

    def remove_selected(self) -> None:
        from desk.models import store

        model_id = self._selected(self.installed)
        if not model_id:
            return
        answer = QMessageBox.question(self, "Remove model", f"Remove the model {model_id} from this computer?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            store.remove_model(model_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.refresh()
        self.modelsChanged.emit()

    def install_selected(self) -> Worker | None:
        model_id = self._selected(self.available)
        return self.install(model_id) if model_id else None

    def install(self, model_id: str) -> Worker | None:
        from desk.models.install import install_model

        kwargs = {"endpoint": self.endpoint} if self.endpoint else {}
        return self._start(install_model, model_id, f"Installing {model_id}", **kwargs)

    def import_dialog(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Import a model")
        box.setText("Import a model folder, or an archive file (.zip, .tar.gz)?")
        folder = box.addButton("&Folder…", QMessageBox.ButtonRole.AcceptRole)
        archive = box.addButton("&Archive file…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is folder:
            self.import_folder_dialog()
        elif box.clickedButton() is archive:
            self.import_file_dialog()

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, "Import a model folder: pick the folder that holds model.bin", str(Path.home()))
        if path:
            self.import_named(path)

    def import_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import a model archive (.zip or .tar.gz)", str(Path.home()),
                                              "Model archives (*.zip *.tar *.tar.gz *.tgz *.tar.bz2 *.tar.xz)")
        if path:
            self.import_named(path)

    def ask_name(self, path: str | Path) -> str | None:
        """Ask what to call the imported model (None: the user cancelled)."""
        from desk.errors import DeskError
        from desk.models import store

        name = suggested_name(path)
        while True:
            name, ok = QInputDialog.getText(self, "Import a model", "Name for this model:", text=name)
            if not ok:
                return None
            try:
                name = store.validate_id(name.strip())
            except DeskError as exc:
                QMessageBox.warning(self, "Import a model", exc.printable)
                continue
            if not store.is_installed(name):
                return name
            QMessageBox.warning(self, "Import a model", f"A model called {name} is already installed: "
                                "choose another name, or remove that model first.")

    def import_named(self, path: str | Path) -> Worker | None:
        model_id = self.ask_name(path)
        return None if model_id is None else self.import_path(path, model_id=model_id)

    def import_path(self, path: str | Path, *, model_id: str | None = None) -> Worker | None:
        from desk.models.importer import import_model

        kwargs = {"model_id": model_id} if model_id else {}
        return self._start(import_model, str(path), f"Importing {Path(path).name}", **kwargs)

    def install_default(self) -> Worker | None:
        """The welcome page's Install model…: install the recommended model at once."""
        from desk.models.catalogue import default_model_id

        model_id = default_model_id()
        for r in range(self.available.rowCount()):
            if self.available.item(r, 0).data(Qt.ItemDataRole.UserRole) == model_id:
                self.available.selectRow(r)
        return self.install(model_id)

    def _start(self, fn, arg, label: str, **kwargs) -> Worker | None:
        if self.job is not None:
            return None
        worker = Worker(fn, arg, **kwargs)
        worker.signals.progress.connect(self._on_progress)
        worker.signals.result.connect(self._on_done)
        worker.signals.errored.connect(self._on_error)
        worker.signals.finished.connect(self._on_finished)
        self.job = worker
        self.progress_values = []
        self.last_progress = None
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(label + "…")
        self._update_buttons()
        return self.workers.start(worker)

    def _on_progress(self, item) -> None:
        self.last_progress = item
        step = STEP_TEXT.get(item.step, item.step.capitalize())
        fraction = item.fraction
        if fraction is None:
            self.progress.setRange(0, 0)
            detail = ""
        else:
            self.progress.setRange(0, 1000)
            value = int(fraction * 1000)
            self.progress.setValue(value)
            self.progress_values.append((item.step, value))
            detail = f" {_size(item.bytes_done)} of {_size(item.bytes_total)}"
        name = f" {item.file}" if item.file else ""
        self.status.setText(f"{step}{name}{detail}" + (f" — {item.message}" if item.message else ""))

    def _on_done(self, _value) -> None:
        item = self.last_progress
        if self.job is not None and self.job.was_cancelled:
            self.status.setText("Cancelled; nothing was installed.")
            self.jobFinished.emit(False)
            return
        model_id = getattr(item, "model_id", "") or ""
        self.status.setText(f"Installed {model_id}." if model_id else "Installed.")
        self.refresh()
        self.modelsChanged.emit()
        self.jobFinished.emit(True)

    def _on_error(self, exc: BaseException) -> None:
        from desk.errors import Cancelled

        if isinstance(exc, Cancelled):
            self.status.setText(str(exc))
        else:
            self.status.setText("The model was not installed.")
            show_error(self, gui_advice(exc))
        self.jobFinished.emit(False)

    def _on_finished(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self._update_buttons()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")

    def done(self, result: int) -> None:  # closing the dialog stops a running install
        self.cancel()
        self.workers.shutdown()
        super().done(result)
