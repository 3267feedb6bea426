"""The main window: Arabic and English side by side over one sentence model.

It wires actions to background jobs (``Worker``) and keeps no translation, segmentation or
summary logic of its own: documents come from desk.documents, English from
desk.translate, the summary from desk.summarize and files from desk.export.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.errors import DeskError, ModelNotFoundError
from desk.models.store import model_name
from desk.ui import jobs
from desk.ui.alignment import Alignment
from desk.ui.editor import workspace
from desk.ui.editor.grid import Filter
from desk.ui.editor.project_files import ProjectFiles
from desk.ui.errors import show_error
from desk.ui.fonts import arabic_family, pane_font
from desk.ui.panes import SOURCE, TARGET, SentencePane
from desk.ui.sentence_model import SentenceModel
from desk.ui.settings import Settings
from desk.ui.summary_panel import SummaryPanel
from desk.ui.theme import is_dark
from desk.ui.translation_run import TranslationRun
from desk.ui.welcome import WelcomePanel
from desk.ui.worker import Worker, WorkerPool

log = logging.getLogger(__name__)

APP_TITLE = "Tarjama Desk"
OPEN_FILTER = ("Documents and projects (*.txt *.md *.markdown *.docx *.html *.htm *.pdf *.tarjama);;"
               "Tarjama projects (*.tarjama);;All files (*)")
# (key, menu text, layout, extension, dialog filter, shortcut)
EXPORTS = (
    ("bilingual_docx", "&Bilingual DOCX (Arabic | English)…", "bilingual", ".docx", "Word document (*.docx)",
     "Ctrl+E"),
    ("english_docx", "&English DOCX…", "target", ".docx", "Word document (*.docx)", "Ctrl+Shift+E"),
    ("tmx", "&TMX translation memory…", "bilingual", ".tmx", "Translation memory (*.tmx)", "Ctrl+Alt+E"),
    ("txt", "English &plain text (TXT)…", "target", ".txt", "Text file (*.txt)", "Ctrl+Alt+T"),
    ("same_layout", "Same &layout in English (DOCX/HTML)…", "same", "", "", "Ctrl+Alt+L"),
)
PAGE_WELCOME, PAGE_EDITOR = 0, 1


class MainWindow(QMainWindow):
    documentLoaded = Signal()
    translationFinished = Signal()
    summaryUpdated = Signal()
    exportFinished = Signal(str)
    modelReady = Signal()
    firstPaint = Signal()

    def __init__(self, *, model: str | None = None, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.workers = WorkerPool()
        self.model = SentenceModel(self)
        self.translator: Any = None
        self.model_dir: Path | None = None
        self.model_name = ""
        self.model_arg = model
        self.unattended = False  # --screenshot/--first-paint: never ask a question (ui/app.py)
        self.run = TranslationRun(self.model, self.workers, self)
        self.run.progressed.connect(self._update_progress)
        self.run.errored.connect(lambda exc: show_error(self, exc))
        self.run.finished.connect(self._finish_run)
        self._summary_generation = 0
        self._painted = False
        self._load_after_paint = False
        self._load_token: object | None = None
        self._loading: Worker | None = None
        self._translate_requested = False
        self._warmed = False
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        self.setAccessibleName("Tarjama Desk main window")
        self.setAcceptDrops(True)
        self._build_central()
        self.files = ProjectFiles(self)
        self._build_summary_dock()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.apply_settings()
        self._restore_geometry()
        self._update_actions()
        self.resolve_translator()

    # == construction =====================================================================
    def _build_central(self) -> None:
        self.source_pane = SentencePane(self.model, SOURCE)
        self.target_pane = SentencePane(self.model, TARGET)
        for pane in (self.source_pane, self.target_pane):
            pane.setAcceptDrops(False)
        self.source_pane.sourceEdited.connect(self._on_source_edited)
        self.alignment = Alignment(self.source_pane, self.target_pane, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("paneSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.source_column = _column("Arabic — العربية", self.source_pane, "sourceHeader", rtl=True)
        self.target_column = _column("English", self.target_pane, "targetHeader", rtl=False)
        self.splitter.addWidget(self.target_column)
        self.splitter.addWidget(self.source_column)
        self.work_splitter = workspace.build_workspace(self)
        self.grid.table.source_locked = lambda: self.run.running   # no Arabic edits under a translation run
        self.welcome = WelcomePanel()
        self.welcome.installRequested.connect(lambda: self.show_models_dialog().install_default())
        self.welcome.importRequested.connect(self.import_model)
        self.welcome.openRequested.connect(self.open_dialog)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.work_splitter)
        self.stack.setCurrentIndex(PAGE_EDITOR)
        self.setCentralWidget(self.stack)

    def on_edited(self) -> None:
        self.files.update_title()   # the counts follow model.countsChanged
        self._update_actions()

    def _build_summary_dock(self) -> None:
        self.summary = SummaryPanel(self.model)
        self.summary.jumpRequested.connect(self.jump_to_row)
        self.summary.lengthChanged.connect(self._on_summary_length)
        self.summary_dock = QDockWidget("Summary", self)
        self.summary_dock.setObjectName("summaryDock")
        self.summary_dock.setWidget(self.summary)
        self.summary_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.summary_dock)
        self.resizeDocks([self.summary_dock], [330], Qt.Orientation.Horizontal)

    def _action(self, name: str, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        A, K = self._action, QKeySequence.StandardKey
        self.act_open = A("actionOpen", "&Open…", self.open_dialog, K.Open,
                          "Open an Arabic document or a Tarjama project (.tarjama)")
        self.act_paste = A("actionPaste", "&New from paste", self.paste_document, "Ctrl+Shift+V",
                           "Start a new document from the clipboard (plain text or HTML)")
        workspace.add_editor_actions(self)
        self.act_translate = A("actionTranslate", "&Translate", self.translate, "Ctrl+T",
                               "Translate the Arabic text into English")
        self.act_cancel = A("actionCancel", "&Cancel", self.cancel, "Esc", "Stop translating; keep what is done")
        self.act_models = A("actionModels", "&Models…", self.show_models_dialog, "Ctrl+M",
                            "Install, import or choose translation models")
        self.act_settings = A("actionSettings", "&Settings…", self.show_settings_dialog, "Ctrl+,",
                              "Beam size, threads, fonts, theme")
        self.act_quit = A("actionQuit", "&Quit", self.close, "Ctrl+Q")
        self.act_swap = A("actionSwapColumns", "S&wap columns", self.swap_columns, "Ctrl+Shift+X",
                          "Put the Arabic on the other side")
        self.act_summary = self.summary_dock.toggleViewAction()
        self.act_summary.setObjectName("actionShowSummary")
        self.act_summary.setShortcut(QKeySequence("F9"))  # Ctrl+Shift+S is "Save project as"
        self.addAction(self.act_summary)
        self.act_next = A("actionNextSentence", "&Next sentence", lambda: self.editor.step(1), "Alt+Down")
        self.act_prev = A("actionPreviousSentence", "P&revious sentence", lambda: self.editor.step(-1), "Alt+Up")
        self.act_bigger = A("actionZoomIn", "&Larger text", lambda: self.zoom(1), K.ZoomIn)
        self.act_smaller = A("actionZoomOut", "&Smaller text", lambda: self.zoom(-1), K.ZoomOut)
        self.act_import = A("actionImportModel", "&Import model…", self.import_model, "Ctrl+Shift+M",
                            "Install a model from a folder or archive")
        self.export_actions: dict[str, QAction] = {}
        for key, text, layout, ext, flt, shortcut in EXPORTS:
            self.export_actions[key] = A(
                f"actionExport_{key}", text,
                lambda layout=layout, ext=ext, flt=flt: self.export(layout, ext, flt), shortcut,
            )
        self.act_about = A("actionAbout", "&About Tarjama Desk", self.about, "F1")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.act_paste)
        file_menu.addSeparator()
        file_menu.addAction(self.act_save)
        file_menu.addAction(self.act_save_as)
        file_menu.addAction(self.act_close)
        file_menu.addSeparator()
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.setObjectName("exportMenu")
        for action in self.export_actions.values():
            self.export_menu.addAction(action)
        from desk.ui import export_dialog

        self.export_options = export_dialog.add_option_actions(self.export_menu, self.settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        workspace.fill_edit_menu(self, bar.addMenu("&Edit"))
        edit = bar.addMenu("&Translate")
        edit.addAction(self.act_translate)
        edit.addAction(self.act_cancel)
        edit.addSeparator()
        edit.addAction(self.act_retranslate)
        view = bar.addMenu("&View")
        for action in self.filter_actions.values():
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.act_reading)
        view.addAction(self.act_summary)
        view.addAction(self.act_swap)
        view.addAction(self.act_bigger)
        view.addAction(self.act_smaller)
        tools = bar.addMenu("T&ools")
        tools.addAction(self.act_models)
        tools.addAction(self.act_import)
        tools.addAction(self.act_settings)
        from desk.ui.editor import memory_tools

        memory_tools.install(self, tools, view)  # translation memory, glossary, QA (issue 13)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)
        self._rebuild_recent_menu()

    def _build_toolbar(self) -> None:
        tb = self.addToolBar("Main")
        tb.setObjectName("mainToolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_open)
        tb.addAction(self.act_paste)
        tb.addAction(self.act_save)
        tb.addSeparator()
        tb.addAction(self.act_translate)
        tb.addAction(self.act_cancel)
        tb.addSeparator()
        tb.addAction(self.act_confirm)
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addAction(self.act_find)
        tb.addSeparator()
        export_button = QToolButton(self)
        export_button.setObjectName("exportButton")
        export_button.setText("Export")
        export_button.setAccessibleName("Export the translation")
        export_button.setMenu(self.export_menu)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tb.addWidget(export_button)
        tb.addSeparator()
        tb.addAction(self.act_models)
        tb.addAction(self.act_settings)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_label = QLabel()
        self.model_label.setObjectName("statusModel")
        self.sentences_label = QLabel()
        self.sentences_label.setObjectName("statusSentences")
        self.words_label = QLabel()
        self.words_label.setObjectName("statusWords")
        self.speed_label = QLabel()
        self.speed_label.setObjectName("statusSpeed")
        self.confirmed_label = QLabel()
        self.confirmed_label.setObjectName("statusConfirmed")
        self.confirmed_label.setAccessibleName("Confirmed sentences")
        self.progress = QProgressBar()
        self.progress.setObjectName("translateProgress")
        self.progress.setAccessibleName("Translation progress")
        self.progress.setMinimumWidth(260)
        self.progress.setVisible(False)
        for label, name in ((self.model_label, "Model"), (self.sentences_label, "Sentences"),
                            (self.words_label, "Words"), (self.speed_label, "Speed")):
            label.setAccessibleName(name)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.confirmed_label)
        bar.addPermanentWidget(self.sentences_label)
        bar.addPermanentWidget(self.words_label)
        bar.addPermanentWidget(self.speed_label)
        bar.addPermanentWidget(self.model_label)
        self.model.modelReset.connect(self._update_counts)
        self.model.countsChanged.connect(self._update_counts)
        self._update_counts()

    # == settings =========================================================================
    def apply_settings(self) -> None:
        s = self.settings
        family = arabic_family(s.get("source_font"))
        self.source_pane.setFont(pane_font(family, s.get("source_size"), arabic=True))
        self.target_pane.setFont(pane_font(s.get("target_font"), s.get("target_size"), arabic=False))
        self.summary.arabic_family = family
        self.grid.delegate.source_font = self.source_pane.font()
        self.grid.delegate.target_font = self.target_pane.font()
        self.grid.set_threshold(s.get("low_confidence_percent") / 100)
        self.grid.table.dark = is_dark(QApplication.palette())  # own palette is stale right after a theme switch
        self.summary.set_length(s.get("summary_sentences"))
        self._apply_column_order(s.get("source_first"))
        self.source_pane.render()
        self.target_pane.render()
        self.summary.render()

    def _apply_column_order(self, source_first: bool) -> None:
        from desk.ui.export_dialog import bilingual_menu_text

        self.export_actions["bilingual_docx"].setText(bilingual_menu_text(arabic_on_right=not source_first))
        want = [self.source_column, self.target_column] if source_first else [self.target_column, self.source_column]
        if self.splitter.widget(0) is not want[0]:
            sizes = self.splitter.sizes()
            self.splitter.insertWidget(0, want[0])
            self.splitter.setSizes(list(reversed(sizes)))

    def swap_columns(self) -> None:
        value = not self.settings.get("source_first")
        self.settings.set("source_first", value)
        self._apply_column_order(value)

    def zoom(self, step: int) -> None:
        for key in ("source_size", "target_size"):
            size = max(8, min(40, self.settings.get(key) + step))
            self.settings.set(key, size)
        self.apply_settings()

    def _restore_geometry(self) -> None:
        from desk.ui import geometry

        geometry.restore(self, self.settings)  # sized from the screen, saved values checked (issue 16)
        state = self.settings.raw("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.raw("window/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
            self._apply_column_order(self.settings.get("source_first"))

    def _save_geometry(self) -> None:
        from desk.ui import geometry

        geometry.save(self, self.settings)
        self.settings.set_raw("window/state", self.saveState())
        self.settings.set_raw("window/splitter", self.splitter.saveState())
        self.settings.sync()

    # == model (translator) ===============================================================
    def resolve_translator(self) -> bool:
        """Find the model (cheap); load it in the background. False shows the welcome panel."""
        from desk.models.store import resolve_model

        try:
            model_dir = resolve_model(self.model_arg)
        except ModelNotFoundError as exc:
            self.translator = None
            self.model_dir = None
            self.model_name = ""
            self.model_label.setText("No model")
            if self.model_arg:
                QTimer.singleShot(0, lambda e=exc: show_error(self, e))
            if not self.model.rowCount():
                self._show_page(PAGE_WELCOME)
            return False
        except DeskError as exc:
            QTimer.singleShot(0, lambda e=exc: show_error(self, e))
            return False
        self.set_model_dir(model_dir)
        return True

    def _show_page(self, page: int) -> None:
        """The welcome page fills the window; the docks (summary, memory, QA) return with the editor
        as they were."""
        if page == self.stack.currentIndex():
            return
        docks = self.findChildren(QDockWidget)
        if page == PAGE_WELCOME:
            self._docks_shown = [dock for dock in docks if not dock.isHidden()]
            for dock in docks:
                dock.hide()
        else:
            for dock in getattr(self, "_docks_shown", [self.summary_dock]):
                dock.show()
        self.stack.setCurrentIndex(page)

    def set_model_dir(self, model_dir: Path) -> None:
        """Use the model in ``model_dir``; it loads in the background after the first paint."""
        self.model_dir = Path(model_dir)
        self.model_name = model_name(self.model_dir)
        self.translator = None
        self.model_label.setText(f"Model: {self.model_name} (loading…)")
        self._show_page(PAGE_EDITOR)
        if self._painted:
            self._start_loading()
        else:
            self._load_after_paint = True
        self._update_actions()

    def _start_loading(self) -> None:
        """Create and load the engine in a worker (ctranslate2 is imported there, too)."""
        self._load_after_paint = False
        if self.model_dir is None:
            return
        token = self._load_token = object()
        threads = self.settings.get("threads") or None
        beam = self.settings.get("beam_size")
        worker = Worker(jobs.load_model, self.model_dir, threads, beam, self.model_name)
        worker.signals.result.connect(lambda translator, t=token: self._on_model_loaded(t, translator))
        worker.signals.errored.connect(lambda exc, t=token: self._on_model_failed(t, exc))
        self._loading = self.workers.start(worker)

    def _warm_up(self) -> None:
        if not self._warmed:
            self._warmed = True
            self.workers.start(Worker(jobs.warm_up))

    def is_loading_model(self) -> bool:
        return self._loading is not None and not self._loading.done.is_set()

    def _on_model_loaded(self, token, translator) -> None:
        if token is not self._load_token:
            return
        self._loading = None
        self.translator = translator
        self.model_label.setText(f"Model: {self.model_name}")
        self._update_actions()
        self._warm_up()
        self.modelReady.emit()
        if self._translate_requested:
            self._translate_requested = False
            self.translate()

    def _on_model_failed(self, token, exc: BaseException) -> None:
        if token is self._load_token:
            self._loading = None
            self._translate_requested = False
            self.model_label.setText(f"Model: {self.model_name} (failed)")
            show_error(self, exc)

    # == documents ========================================================================
    def open_dialog(self) -> None:
        recent = self.settings.get("recent_files")
        start = str(Path(recent[0]).parent) if recent else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a document", start, OPEN_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> Worker | None:
        """Read a document (or open a ``.tarjama`` project) in the background; it replaces the
        current one once read, after asking about unsaved work (None: the user kept it)."""
        if not self.files.maybe_discard("open another document"):
            return None
        self.statusBar().showMessage(f"Opening {Path(path).name}…")
        worker = Worker(jobs.open_project, str(path))
        worker.signals.result.connect(lambda loaded, p=str(path): self._on_document_read(loaded, p))
        worker.signals.errored.connect(self._on_read_failed)
        return self.workers.start(worker)

    def paste_document(self) -> Worker | None:
        mime = QGuiApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else None
        text = mime.text() if mime is not None and mime.hasText() else ""
        if not html and not text.strip():
            self.statusBar().showMessage("The clipboard holds no text.", 5000)
            return None
        if not self.files.maybe_discard("start a new document"):
            return None
        worker = Worker(jobs.read_pasted, text, html)
        worker.signals.result.connect(lambda loaded: self._on_document_read(loaded, None))
        worker.signals.errored.connect(self._on_read_failed)
        return self.workers.start(worker)

    def _on_read_failed(self, exc: BaseException) -> None:
        self.statusBar().showMessage("The document could not be opened.", 8000)
        show_error(self, exc)

    def _on_document_read(self, loaded: jobs.Loaded, path: str | None) -> None:
        if path:
            self.settings.add_recent(path)
            self._rebuild_recent_menu()
        self.set_project(loaded.project)
        from desk.ui.status_bar import opened_text

        self.statusBar().showMessage(opened_text(loaded.project.title, self.model.rowCount()), 5000)
        self.documentLoaded.emit()

    def set_project(self, project: Any) -> None:
        """Show ``project`` (None: nothing); the previous one is released (closed, or dropped if
        it was an untitled copy the user agreed to discard)."""
        self.grid.close_editor()  # typing in progress goes to the project it was typed for
        self.run.abandon()
        self.progress.setVisible(False)
        self.speed_label.clear()  # the previous document's speed is not this one's
        old = self.model.project
        if old is not None and old is not project:
            self.files.release(old)
        self.model.model_id = self.model_name
        self.model.set_project(project)
        self._show_page(PAGE_EDITOR)
        self.files.update_title()
        self._update_actions()
        if project is not None:
            self.start_summary()

    @property
    def sentences(self) -> list:
        """The current document's sentences (``desk.segment.Sentence``), from the project."""
        return self.model.project.sentences() if self.model.project is not None else []

    def _on_source_edited(self) -> None:
        self.model.set_summary([])
        self._update_actions()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.get("recent_files")
        for i, name in enumerate(recent):
            label = f"&{i + 1} {Path(name).name}" if i < 9 else Path(name).name
            action = self.recent_menu.addAction(label)
            action.setToolTip(name)
            action.triggered.connect(lambda _c=False, n=name: self.open_path(n))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])

    # == translation ======================================================================
    def is_translating(self) -> bool:
        return self.run.running

    @property
    def translate_worker(self) -> Worker | None:
        return self.run.worker

    @property
    def longest_stall_ms(self) -> float:
        return self.run.longest_stall_ms

    def translate(self) -> bool:
        """Translate the sentences not done yet; if all are done, the machine ones again (edited
        and confirmed sentences are never replaced). True if a run started, or will start as
        soon as the model has loaded."""
        if self.is_translating():
            return False
        if self.source_pane.stale:
            if not self._reread_edited_source():
                return False
        if not self.model.rowCount():
            self.statusBar().showMessage("Open or paste an Arabic document first.", 5000)
            return False
        if self.translator is None:
            if self.model_dir is None and not self.resolve_translator():
                from desk.models.store import NO_MODEL_MESSAGE
                from desk.ui.models_dialog import gui_advice

                show_error(self, gui_advice(ModelNotFoundError(NO_MODEL_MESSAGE)))  # GUI buttons, not a terminal
                return False
            if not self.is_loading_model():
                self._start_loading()
            self._translate_requested = True
            self.statusBar().showMessage("Loading the model…")
            return True
        project = self.model.project
        self.memory_tools.fill_before_run()  # exact memory matches are not sent to the engine
        pending = project.untranslated()
        if not pending:
            pending = project.machine_drafts()
        if not pending:
            self.statusBar().showMessage("Every sentence is edited or confirmed: nothing to translate.", 6000)
            return False
        self.model.model_id = self.model_name
        self.progress.setRange(0, self.model.rowCount())
        self.progress.setValue(self.model.done_count())
        self.progress.setFormat("%v / %m sentences")
        self.progress.setVisible(True)
        self.source_pane.setReadOnly(True)
        self.statusBar().showMessage("Translating…")
        self.run.start(self.translator, pending, beam_size=self.settings.get("beam_size"))
        self._update_actions()
        return True

    def _reread_edited_source(self) -> bool:
        """Text typed or pasted into the Arabic pane before translating becomes a new document."""
        from desk.documents import read_text
        from desk.project import Project

        text = self.source_pane.toPlainText()
        title = getattr(self.model.document, "title", None) or "Edited text"
        try:
            project = Project.create(read_text(text, name=title))
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return False
        self.set_project(project)
        return True

    def _update_progress(self) -> None:
        from desk.ui import status_bar

        status_bar.show_progress(self.progress, self.speed_label, done=self.model.done_count(),
                                 seconds_left=self.run.seconds_left, rate=self.run.rate)
        # the sentence counts follow model.countsChanged (the model keeps them current: no walk over the rows)

    def _finish_run(self) -> None:
        self.progress.setVisible(False)
        self.statusBar().showMessage(self.run.summary())
        self.files.update_title()
        self._update_actions()
        self.translationFinished.emit()

    def cancel(self) -> None:
        self._translate_requested = False
        if self.run.running:
            self.run.cancel()
            self.statusBar().showMessage("Cancelling… (finishing the current batch)")
        for worker in self.workers.running():
            worker.cancel()

    # == summary ==========================================================================
    def start_summary(self) -> None:
        self._summary_generation += 1
        generation = self._summary_generation
        sentences = self.sentences
        n = min(self.settings.get("summary_sentences"), len(sentences))  # within the document
        worker = Worker(jobs.summarize, sentences, n or None)
        worker.signals.result.connect(lambda picked, g=generation: self._on_summary(g, picked))
        worker.signals.errored.connect(lambda exc: show_error(self, exc))
        self.workers.start(worker)

    def _on_summary(self, generation: int, picked: list) -> None:
        if generation == self._summary_generation:
            self.model.set_summary(picked or [])
            self.summaryUpdated.emit()

    def _on_summary_length(self, value: int) -> None:
        self.settings.set("summary_sentences", value)
        if self.model.rowCount():
            self.start_summary()

    # == navigation =======================================================================
    def jump_to_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.alignment.select(row)

    def set_filter(self, mode: Filter | str) -> None:
        """Show all sentences, only the unconfirmed, or only the flagged ones in the grid."""
        self.grid.set_filter(mode)
        self.filter_actions[Filter(mode)].setChecked(True)

    # == export ===========================================================================
    def export(self, layout: str, ext: str, flt: str) -> Worker | None:
        if layout == "same":  # the project's own DOCX/HTML, in English
            from desk.ui import same_layout_export

            return same_layout_export.start(self)
        translations = self.model.translations()
        if not translations:
            self.statusBar().showMessage("Translate the document before exporting.", 5000)
            return None
        document = self.model.document
        base = getattr(document, "path", None)
        stem = Path(base).stem if base else "translation"
        suffix = "-en" if layout == "target" else "-ar-en"
        from desk.ui import export_dialog

        path = export_dialog.ask_path(self, self.settings, source=base, stem=stem, suffix=suffix, ext=ext, flt=flt)
        if path is None:
            return None
        summary = tuple(self.model.row(i).index for i in self.model.summary_rows())
        options = export_dialog.option_values(self.settings, layout=layout, ext=ext, summary_indices=summary or None,
                                              arabic_on_right=not self.settings.get("source_first"))
        worker = Worker(jobs.export, path, document, translations, layout, model_name=self.model_name, **options)
        worker.signals.result.connect(self._on_exported)
        worker.signals.errored.connect(lambda exc: show_error(self, exc))
        self.statusBar().showMessage(f"Writing {Path(path).name}…")
        return self.workers.start(worker)

    def _on_exported(self, path: Path) -> None:
        partial = "" if self.model.all_done() else " (only the sentences translated so far)"
        self.exportFinished.emit(str(path))
        from desk.ui import export_dialog

        export_dialog.after_export(self, Path(path), partial)  # offers to open the folder only where that works

    # == dialogs ==========================================================================
    def show_models_dialog(self):
        from desk.ui.models_dialog import ModelsDialog

        dialog = ModelsDialog(self)
        dialog.modelsChanged.connect(self._on_models_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.models_dialog = dialog
        return dialog

    def import_model(self):
        dialog = self.show_models_dialog()
        dialog.import_dialog()
        return dialog

    def _on_models_changed(self) -> None:
        """Installed/default models changed: pick up the (new) default unless --model was given."""
        if self.model_arg is None or self.model_dir is None:
            self.model_arg = None
            if not self.is_translating():
                self.resolve_translator()

    def show_settings_dialog(self):
        from desk.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.accepted.connect(self._on_settings_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_settings_changed(self) -> None:
        from desk.ui.theme import apply_theme

        apply_theme(QApplication.instance(), self.settings.get("theme"))
        self.apply_settings()
        if self.translator is not None and self.model_dir is not None and not self.is_translating():
            threads = self.settings.get("threads") or None
            if threads and threads != self.translator.threads:
                self.set_model_dir(self.model_dir)

    def about(self) -> None:
        from desk import __version__

        QMessageBox.about(self, APP_TITLE, f"<b>Tarjama Desk {__version__}</b><p>Offline Arabic→English "
                          "translation and summarisation. Models: OPUS-MT (Helsinki-NLP) via CTranslate2.</p>")

    # == status ===========================================================================
    def _update_counts(self) -> None:
        n = self.model.rowCount()
        done = self.model.done_count()
        from desk.ui.status_bar import sentences_text

        self.sentences_label.setText(sentences_text(done, n))
        self.confirmed_label.setText(f"{self.model.confirmed_count()} / {n} confirmed" if n else "")
        if n:
            self.words_label.setText(f"{self.model.source_words()} Arabic words → {self.model.target_words()} English")
        else:
            self.words_label.setText("")

    def _update_actions(self) -> None:
        busy = self.is_translating()
        has_text = bool(self.model.rowCount()) or self.source_pane.stale
        self.act_translate.setEnabled(not busy and has_text)
        self.act_cancel.setEnabled(busy)
        has_translation = self.model.done_count() > 0 and not busy
        for action in self.export_actions.values():
            action.setEnabled(has_translation)
        workspace.update_editor_actions(self)

    # == lifecycle ========================================================================
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        self._mark_painted()

    def event(self, event) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.UpdateRequest and self.isVisible():
            self._mark_painted()
        return result

    def _mark_painted(self) -> None:
        if not self._painted:
            self._painted = True
            self.firstPaint.emit()
            if self._load_after_paint:
                QTimer.singleShot(0, self._start_loading)
            elif self.model_dir is None:
                QTimer.singleShot(0, self._warm_up)

    def offer_recovery(self) -> list:
        """Projects a crash left open: ask to restore or discard each (the app calls this on start)."""
        return self.files.offer_recovery()

    def shutdown(self) -> None:
        self.run.abandon()
        self.workers.shutdown(wait_pool=True)
        self.memory_tools.shutdown()
        if self.model.project is not None:
            self.files.release(self.model.project)
            self.model.set_project(None)

    def closeEvent(self, event) -> None:
        self.grid.close_editor()
        if not self.files.maybe_discard("quit"):
            event.ignore()
            return
        try:
            self._save_geometry()
        except Exception:  # noqa: BLE001 - never block closing
            log.exception("could not save window state")
        self.shutdown()
        super().closeEvent(event)


def _column(title: str, pane: SentencePane, name: str, *, rtl: bool) -> QWidget:
    """A pane under a small header saying which language it is."""
    box = QWidget()
    box.setObjectName(name.replace("Header", "Column"))
    header = QLabel(title)
    header.setObjectName(name)
    header.setAccessibleName(title)
    header.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    header.setContentsMargins(6, 2, 6, 2)
    font = header.font()
    font.setBold(True)
    header.setFont(font)
    header.setBuddy(pane)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(header)
    layout.addWidget(pane, 1)
    return box
