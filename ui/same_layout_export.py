"""File → Export → Same layout in English: the project's own DOCX/HTML, in English.

Kept out of the main window (it only dispatches here); the save dialog and the "saved"
message are the other exports' (``desk.ui.export_dialog``). The English is the project's, as
the translator edited and confirmed it, read on the GUI thread before the worker starts;
the engine fills in only text the project does not hold (README: Same-layout documents).
"""

from __future__ import annotations

from pathlib import Path

from desk.errors import ExportError
from desk.ui import export_dialog, jobs
from desk.ui.errors import show_error
from desk.ui.worker import Worker

FILTERS = {".docx": "Word document (*.docx)", ".html": "Web page (*.html *.htm)", ".htm": "Web page (*.html *.htm)"}


def start(window) -> Worker | None:
    """Check the project's source, ask for the output, then write it in a worker."""
    from desk.export.same_layout_project import corrected, project_source

    project = window.model.project
    if project is None:
        window.statusBar().showMessage("Open a .docx or .html document first.", 5000)
        return None
    try:
        source = project_source(project)
    except ExportError as exc:
        window.statusBar().showMessage(str(exc), 8000)
        return None
    ext = source.suffix.lower()
    path = export_dialog.ask_path(window, window.settings, source=str(source), stem=source.stem, suffix="-en",
                                  ext=ext, flt=FILTERS[ext])
    if path is None:
        return None
    worker = Worker(jobs.export_same, path, source, project.translations(), window.translator,
                    window.model_dir, beam_size=window.settings.get("beam_size"), edited=tuple(corrected(project)))
    worker.signals.result.connect(lambda written: _finished(window, Path(written)))
    worker.signals.errored.connect(lambda exc: show_error(window, exc))
    window.statusBar().showMessage(f"Writing {path.name}…")
    return window.workers.start(worker)


def _finished(window, path: Path) -> None:
    """Like the other exports, without "only the sentences translated so far": the engine
    translated whatever the project had no English for."""
    window.exportFinished.emit(str(path))
    export_dialog.after_export(window, path, "")
