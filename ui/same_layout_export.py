"""File → Export → Same layout in English: the project's own DOCX/HTML, in English.

Kept out of the main window (it only dispatches here). The English is the project's, as
the translator edited and confirmed it, read on the GUI thread before the worker starts;
the engine fills in only text the project does not hold (README: Same-layout documents).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from desk.errors import ExportError
from desk.ui import jobs
from desk.ui.errors import show_error
from desk.ui.worker import Worker

FILTERS = {".docx": "Word document (*.docx)", ".html": "Web page (*.html *.htm)", ".htm": "Web page (*.html *.htm)"}


def ask_path(window, source: Path) -> Path | None:
    """Where to write: next to the source as ``NAME-en.EXT`` unless the user says otherwise."""
    ext = source.suffix.lower()
    default = source.with_name(f"{source.stem}-en{ext}")
    chosen, _ = QFileDialog.getSaveFileName(window, "Export", str(default), FILTERS[ext])
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() in FILTERS else path.with_name(path.name + ext)


def start(window) -> Worker | None:
    """Check the project's source, ask for the output, then write it in a worker."""
    from desk.export.same_layout_project import project_source

    project = window.model.project
    if project is None:
        window.statusBar().showMessage("Open a .docx or .html document first.", 5000)
        return None
    try:
        source = project_source(project)
    except ExportError as exc:
        window.statusBar().showMessage(str(exc), 8000)
        return None
    path = ask_path(window, source)
    if path is None:
        return None
    worker = Worker(jobs.export_same, path, source, project.translations(), window.translator,
                    window.model_dir, beam_size=window.settings.get("beam_size"))
    worker.signals.result.connect(window._on_exported)
    worker.signals.errored.connect(lambda exc: show_error(window, exc))
    window.statusBar().showMessage(f"Writing {path.name}…")
    return window.workers.start(worker)
