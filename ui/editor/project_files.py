"""File actions on the window's project: save, save as, close, ask before discarding, the
title's unsaved mark, and restoring what a crash left open.

Every edit is already committed to the project file when it is made, so "unsaved" means one
thing only: the work lives in an untitled recovery copy (a document opened or pasted but not yet
saved as a ``.tarjama``). Quitting, closing or opening another document then asks first.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desk.project import PROJECT_SUFFIX, Status, recovery
from desk.ui.errors import show_error

log = logging.getLogger(__name__)

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
PROJECT_FILTER = "Tarjama project (*.tarjama)"


def has_work(project: Any) -> bool:
    """Anything a translator would miss: some English, or an Arabic sentence they corrected."""
    return any(s.status != Status.UNTRANSLATED or s.source_edited for s in project.segments)


class ProjectFiles(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.extra_windows: list = []  # windows opened for a second restored project

    @property
    def project(self) -> Any:
        return self.window.model.project

    # -- the question ---------------------------------------------------------------------
    def ask_to_discard(self, action: str) -> str:
        """SAVE, DISCARD or CANCEL (tests replace this method: a modal box would wait forever).

        Unattended (``--screenshot``, ``--self-test``, any offscreen run) nobody can answer: the
        untitled copy is dropped."""
        if getattr(self.window, "unattended", False) or QGuiApplication.platformName() == "offscreen":
            return DISCARD
        box = QMessageBox(QMessageBox.Icon.Question, self.window.windowTitle(),
                          f"The translation of “{self.project.title}” is not saved as a project.\n\n"
                          f"Save it before you {action}?", parent=self.window)
        box.setObjectName("discardQuestion")
        save = box.addButton("&Save project…", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL

    def unsaved(self) -> bool:
        project = self.project
        return project is not None and project.is_recovery and has_work(project)

    def maybe_discard(self, action: str) -> bool:
        """True when the current work may be replaced (saved, discarded by choice, or none)."""
        if not self.unsaved():
            return True
        answer = self.ask_to_discard(action)
        if answer == SAVE:
            return self.save_as()
        return answer == DISCARD

    def release(self, project: Any) -> None:
        """Let go of ``project``: a saved one is closed; an untitled copy is deleted, since
        ``maybe_discard`` already saved it or the translator chose to drop it."""
        try:
            if project.is_recovery:
                project.discard()
            else:
                project.close()
        except Exception:  # noqa: BLE001 - releasing must never stop a close
            log.exception("could not release %s", project)

    # -- actions --------------------------------------------------------------------------
    def save(self) -> bool:
        if self.project is None:
            return False
        if self.project.is_recovery:
            return self.save_as()
        self.window.statusBar().showMessage(f"All changes are saved in {self.project.path.name}.", 5000)
        return True

    def save_as(self, path: str | Path | None = None) -> bool:
        project = self.project
        if project is None:
            return False
        if path is None:
            source = project.source_path
            folder = Path(source).parent if source else Path.home()
            start = folder / f"{Path(source).stem if source else project.title}{PROJECT_SUFFIX}"
            if not project.is_recovery:
                start = project.path
            path, _ = QFileDialog.getSaveFileName(self.window, "Save project", str(start), PROJECT_FILTER)
            if not path:
                return False
        path = str(path)
        if not path.lower().endswith(PROJECT_SUFFIX):
            path += PROJECT_SUFFIX
        self.window.grid.close_editor()
        try:
            project.save_as(path)
        except Exception as exc:  # noqa: BLE001 - a ProjectError in plain words
            show_error(self.window, exc)
            return False
        self.window.settings.add_recent(path)
        self.window._rebuild_recent_menu()  # noqa: SLF001 - the window's own menu
        self.update_title()
        self.window.statusBar().showMessage(f"Saved {Path(path).name}; every change is now saved as you work.",
                                            6000)
        return True

    def close_project(self) -> bool:
        if self.project is None:
            return True
        self.window.grid.close_editor()
        if not self.maybe_discard("close it"):
            return False
        self.window.set_project(None)
        return True

    def update_title(self) -> None:
        from desk.ui.main_window import APP_TITLE

        project = self.project
        if project is None:
            self.window.setWindowTitle(APP_TITLE)
            self.window.setWindowModified(False)
            return
        unsaved = self.unsaved()
        where = " (not saved)" if project.is_recovery else f" ({project.path.name})"
        self.window.setWindowTitle(f"{project.title}[*]{where} — {APP_TITLE}")
        self.window.setWindowModified(unsaved)

    # -- recovery -------------------------------------------------------------------------
    def offer_recovery(self, dialog_factory=None) -> list:
        """Ask about every project left open; returns the projects restored (the first one is
        shown in this window, any others in windows of their own)."""
        from desk.ui.editor.recovery_dialog import DISCARD as DROP
        from desk.ui.editor.recovery_dialog import RESTORE, RecoveryDialog

        entries = recovery.left_open()
        if not entries:
            return []
        dialog = (dialog_factory or RecoveryDialog)(entries, self.window)
        self.recovery_dialog = dialog
        dialog.exec()
        for entry in dialog.chosen(DROP):
            recovery.discard(entry)
        restored = []
        for entry in dialog.chosen(RESTORE):
            try:
                restored.append(recovery.restore(entry))
            except Exception as exc:  # noqa: BLE001 - locked/damaged: plain words
                show_error(self.window, exc)
        for i, project in enumerate(restored):
            target = self.window if i == 0 and self.project is None else self._new_window()
            target.set_project(project)
            target.statusBar().showMessage(f"Restored {project.title}: {target.model.done_count()} sentences "
                                           f"translated, {target.model.confirmed_count()} confirmed.", 8000)
        return restored

    def _new_window(self):
        window = type(self.window)(model=self.window.model_arg, settings=self.window.settings)
        window.show()
        self.extra_windows.append(window)
        return window
