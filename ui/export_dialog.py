"""Exporting from the window: where the file goes, which options, and what happens after.

Moved out of the main window (issue 16, item 5). The save dialog starts in the folder of the
last export (the source's folder the first time); a path in a folder that does not exist is
refused with its full name and the dialog comes back; the options (landscape pages, the
summary, the Source · Model · Date line, status column, which sentences a TMX carries) are
checkable items of the Export menu, remembered in the settings; and "open the folder" is
offered only where a file manager can actually open it.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QActionGroup, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

log = logging.getLogger(__name__)

ARABIC = "العربية\u200e"  # LRM: the ")" and "…" after it stay on the left-to-right side


@dataclass(frozen=True)
class Toggle:
    """One export option shown as a checkable menu item."""

    setting: str  # key in ui/settings.py DEFAULTS
    option: str  # field of desk.export.ExportOptions
    text: str
    tip: str


TOGGLES = (
    Toggle("export_landscape", "landscape", "&Landscape pages (DOCX)",
           "Wide pages: more room for the two columns of a bilingual table"),
    Toggle("export_summary", "summary", "Include the &summary (bilingual DOCX)",
           "Put the summary sentences before the bilingual table"),
    Toggle("export_metadata", "metadata", "Source, &model and date line (DOCX)",
           "A small line under the title; the same facts are always in the document properties"),
    Toggle("export_status_column", "status_column", "Status &column (bilingual DOCX)",
           "A narrow third column with each row's status (machine, edited, confirmed…)"),
    Toggle("export_mark_unconfirmed", "mark_unconfirmed", "Shade &unconfirmed rows (bilingual DOCX)",
           "Grey background behind English that nobody has confirmed yet"),
)
# Which sentences a TMX carries (desk.export.options.TMX_SCOPES)
TMX_CHOICES = (
    ("all", "Every sentence (machine output marked MT)"),
    ("reviewed", "Reviewed only (edited or confirmed)"),
    ("confirmed", "Confirmed only"),
)


def bilingual_menu_text(arabic_on_right: bool) -> str:
    """Name the bilingual DOCX after its real column order, left to right."""
    order = f"English | {ARABIC}" if arabic_on_right else f"{ARABIC} | English"
    return f"&Bilingual DOCX ({order})…"


def add_option_actions(menu: QMenu, settings) -> dict[str, QAction]:
    """The option toggles at the end of the Export menu, bound to the settings."""
    menu.addSeparator()
    actions: dict[str, QAction] = {}
    for toggle in TOGGLES:
        action = QAction(toggle.text, menu)
        action.setObjectName(f"actionExportOption_{toggle.option}")
        action.setCheckable(True)
        action.setChecked(bool(settings.get(toggle.setting)))
        action.setToolTip(toggle.tip)
        action.setStatusTip(toggle.tip)
        action.toggled.connect(lambda on, key=toggle.setting: settings.set(key, bool(on)))
        menu.addAction(action)
        actions[toggle.option] = action
    tmx = menu.addMenu("TMX: &which sentences")
    tmx.setObjectName("exportTmxScopeMenu")
    group = QActionGroup(tmx)
    group.setExclusive(True)
    for scope, text in TMX_CHOICES:
        action = QAction(text, tmx)
        action.setObjectName(f"actionExportTmx_{scope}")
        action.setCheckable(True)
        action.setChecked(settings.get("export_tmx_scope") == scope)
        action.toggled.connect(lambda on, value=scope: on and settings.set("export_tmx_scope", value))
        group.addAction(action)
        tmx.addAction(action)
        actions[f"tmx_{scope}"] = action
    return actions


def option_values(settings, *, layout: str, ext: str, summary_indices: tuple[int, ...] | None,
                  arabic_on_right: bool) -> dict:
    """ExportOptions fields for this export, from the remembered choices."""
    values: dict = {"arabic_on_right": arabic_on_right, "landscape": bool(settings.get("export_landscape"))}
    if ext == ".docx":
        values["metadata"] = bool(settings.get("export_metadata"))
        if layout == "bilingual":
            values["status_column"] = bool(settings.get("export_status_column"))
            values["mark_unconfirmed"] = bool(settings.get("export_mark_unconfirmed"))
    if ext == ".tmx":
        values["tmx_scope"] = settings.get("export_tmx_scope")
    if layout == "bilingual" and settings.get("export_summary") and summary_indices:
        values["summary_indices"] = summary_indices
    return values


def start_folder(settings, source: str | os.PathLike | None) -> Path:
    """The last export folder if it still exists, else the source's folder, else home."""
    for candidate in (settings.get("export_folder"), Path(source).parent if source else None):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def missing_folder(path: Path) -> Path | None:
    """The folder of ``path`` if it does not exist (the Qt dialog lets one type such a path).
    A parent that exists but is a file is left to the writer, whose error names it."""
    return None if path.parent.exists() else path.parent


def ask_path(parent, settings, *, source: str | None, stem: str, suffix: str, ext: str, flt: str) -> Path | None:
    """Ask where to save; come back with the full name of a folder that does not exist."""
    suggestion = start_folder(settings, source) / f"{stem}{suffix}{ext}"
    while True:
        chosen, _ = QFileDialog.getSaveFileName(parent, "Export", str(suggestion), flt)
        if not chosen:
            return None
        path = Path(chosen)
        if not path.name.lower().endswith(ext):
            path = path.with_name(path.name + ext)
        folder = missing_folder(path)
        if folder is None:
            settings.set("export_folder", str(path.parent))
            return path
        QMessageBox.warning(parent, "Export", f"The folder {folder} does not exist. Choose another folder.")
        suggestion = path


@functools.cache
def can_open_folders() -> bool:
    """Whether asking the desktop to show a folder will do something (Linux: a file manager
    must be registered for folders; xdg-open "succeeds" without one and nothing happens).
    Asked once per session: it runs ``xdg-mime`` on the GUI thread."""
    if sys.platform in ("win32", "darwin"):
        return True
    if shutil.which("xdg-open") is None:
        return False
    query = shutil.which("xdg-mime")
    if query is None:
        return True  # cannot tell: let xdg-open try
    try:
        found = subprocess.run([query, "query", "default", "inode/directory"], capture_output=True, text=True,
                               timeout=3, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(found)


def after_export(window, path: Path, partial: str) -> None:
    """Say in the status bar where the file went (full folder) and, if it can work, offer to open
    the folder. ``partial`` is appended to the sentence ("" for a complete export)."""
    path = Path(path)
    message = f"Saved {path.name} in {path.parent}{partial}."
    window.statusBar().showMessage(message, 8000)
    if not can_open_folders():
        return
    answer = QMessageBox.question(
        window, "Export", f"{message}\n\nOpen the folder that contains it?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    if answer == QMessageBox.StandardButton.Yes and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        QMessageBox.information(window, "Export", f"No program could open the folder {path.parent}.")
