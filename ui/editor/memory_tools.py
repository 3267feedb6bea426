"""Translation memory, glossary and QA in the editor: the docks, actions and signals that connect
``desk.tm.project_link`` / ``desk.qa.project_qa`` to the grid, so the main window only calls
``install(window)`` and ``fill_before_run()``.

Edits still go through ``QUndoCommand`` s over project operations (taking a match, inserting a
term); a confirmation reaching the undo stack is copied into the memory (never undone there:
like OmegaT, the memory keeps what was once confirmed). Matching runs in the generic worker.
Keys: Alt+1…3 take memory match 1…3 (Ctrl+1…4 are the alternatives), F7 runs QA,
Ctrl+Alt+M imports a TMX, Ctrl+Alt+G a glossary.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QToolTip

from desk.project import Status
from desk.qa.project_qa import insert_fix, project_pairs
from desk.tm import project_link
from desk.ui.editor import commands
from desk.ui.editor.cell_marks import Mark
from desk.ui.editor.grid import COL_SOURCE
from desk.ui.glossary_marks import TERM_PROPERTY, term_at, term_format, term_selection
from desk.ui.qa_panel import QAPanel
from desk.ui.tm_offers import MemoryOffers
from desk.ui.worker import Worker

log = logging.getLogger(__name__)

TAKE_KEYS = 3  # Alt+1…Alt+3
_TEXTS_KEPT = 10_000  # sentences whose glossary terms are remembered (then the caches start again)


def _import_tmx(path: str) -> str:
    from desk.tm.store import TranslationMemory
    from desk.tm.tmx import import_tmx

    with TranslationMemory() as memory:
        report = import_tmx(memory, path)
    return f"{Path(path).name}: {report.added} new translation units of {report.read} read."


def _import_glossary(path: str) -> str:
    from desk.glossary import GlossaryStore, read_glossary

    terms = read_glossary(path)
    with GlossaryStore() as store:
        added = store.add(terms, glossary=Path(path).stem)
    return f"{Path(path).name}: {added} glossary terms."


class _FillIdentical(commands.SegmentCommand):
    """Identical sentences filled with a confirmed English (tm-exact): one undo step, one transaction."""

    def __init__(self, model, rows: list[int], targets: dict[int, str]) -> None:
        self.targets = targets   # segment index -> English
        n = len(rows)
        super().__init__(model, rows, None, f"Fill {n} identical sentence{'s' if n != 1 else ''} from memory")

    def apply(self, project, indexes: list[int]) -> None:
        project.apply_memory(self.targets, replace_machine=True)


class MemoryTools(QObject):
    """The window's memory offers dock, QA dock, glossary marks and their actions."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.model, self.grid, self.editor = window.model, window.grid, window.editor
        self._memory = None
        self._matcher = None
        self._matcher_key: str | None = None
        self._terms: list = []  # extra selections of the Arabic reading pane
        self.offers = MemoryOffers(pool=window.workers)
        self.offers.setObjectName("memoryOffers")
        self.offers.taken.connect(self.take_match)
        self.qa = QAPanel(pool=window.workers)
        self.qa.jumpRequested.connect(self.jump_to_sentence)
        self.qa.fixRequested.connect(self.insert_term)
        self.qa.ignoreRequested.connect(self.ignore_issue)
        area = Qt.DockWidgetArea
        self.memory_dock = self._dock("Translation memory", "memoryDock", self.offers, area.RightDockWidgetArea)
        self.qa_dock = self._dock("QA", "qaDock", self.qa, area.BottomDockWidgetArea)
        self.grid.currentRowChanged.connect(self.show_offers)
        self._stack_index = 0
        self.editor.undo_stack.indexChanged.connect(self._on_stack_index)
        pane = window.source_pane
        pane.extra_marks = lambda: self._terms
        pane.renderFinished.connect(self.mark_terms)
        pane.viewport().installEventFilter(self)
        self._cell_terms: dict[str, list[Mark]] = {}  # Arabic text -> its glossary marks in the grid
        self._found: dict[str, list] = {}  # Arabic text -> its glossary matches (pane and grid)
        self.grid.delegate.add_marks(self.cell_terms)

    def _dock(self, title: str, name: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.window.addDockWidget(area, dock)
        return dock

    # -- the stores -------------------------------------------------------------------------
    def memory(self, *, create: bool = False):
        """The user's memory (data folder); None until one exists unless ``create``."""
        from desk.tm.store import TranslationMemory

        if self._memory is None:
            self._memory = TranslationMemory() if create else TranslationMemory.open_existing()
        return self._memory

    def matcher(self):
        project = self.model.project
        key = project_link.project_key(project) if project is not None else None
        if self._matcher is None or self._matcher_key != key:  # project glossaries follow the project
            from desk.glossary import GlossaryStore, TermMatcher

            self._matcher_key = key
            store = GlossaryStore.open_existing()
            if store is None:
                self._matcher = TermMatcher([])
            else:
                with store:
                    self._matcher = store.matcher(key)
        return self._matcher

    def reload(self) -> None:
        """The stores changed on disk (an import): read them again."""
        if self._memory is not None:
            self._memory.close()
        self._memory, self._matcher = None, None
        self.mark_terms()
        self.show_offers(self.grid.current_row())

    # -- translation memory -----------------------------------------------------------------
    def _on_stack_index(self, index: int) -> None:
        forward, self._stack_index = index > self._stack_index, index
        if forward:  # a command done or redone; an undo stores nothing and fills nothing
            self._remember_last_command()

    def _remember_last_command(self) -> None:
        """A command just done (not undone) that left sentences confirmed: store them."""
        stack, project = self.editor.undo_stack, self.model.project
        command = stack.command(stack.index() - 1)
        if project is None or command is None or project.read_only:
            return
        rows = [r for r in getattr(command, "rows", ()) if 0 <= r < self.model.rowCount()]
        confirmed = [self.model.row(r).index for r in rows if self.model.row(r).status == Status.CONFIRMED]
        if confirmed and not isinstance(command, _FillIdentical):
            QTimer.singleShot(0, lambda p=project, c=confirmed: self._fill_identical(p, c))
        if confirmed:
            memory = self.memory(create=True)
            for index in confirmed:
                try:
                    project_link.remember(project, index, memory)
                except Exception as exc:  # noqa: BLE001 - the confirmation is saved; say it, go on
                    log.warning("translation memory: %s", exc)
                    self.window.statusBar().showMessage(f"Not stored in the translation memory: {exc}", 6000)

    def _fill_identical(self, project, confirmed: list[int]) -> int:
        """Identical sentences of this document take the English just confirmed (tm-exact; one undo step)."""
        if project is not self.model.project or project.read_only:
            return 0
        targets: dict[int, str] = {}
        for index in confirmed:
            for i, text in project_link.identical(project, index).items():
                targets.setdefault(i, text)
        if not targets:
            return 0
        rows = [self.model.row_of_index(i) for i in sorted(targets)]
        self.editor.push(_FillIdentical(self.model, rows, targets))
        self.window.statusBar().showMessage(f"{len(rows)} identical sentence(s) filled from the memory.", 6000)
        return len(rows)

    def fill_before_run(self) -> int:
        """Exact memory matches fill untranslated sentences (tm-exact) before the engine runs."""
        project, memory = self.model.project, self.memory()
        if project is None or memory is None:
            return 0
        filled = project_link.fill_exact(project, memory)
        if filled:
            self.model.refresh([self.model.row_of_index(s.index) for s in filled])
            self.window.statusBar().showMessage(f"{len(filled)} sentence(s) from the translation memory.", 6000)
        return len(filled)

    def show_offers(self, row: int) -> Worker | None:
        memory, project = self.memory(), self.model.project
        if row < 0 or memory is None or project is None:
            self.offers.show_matches([])
            return None
        return self.offers.lookup(memory, self.model.row(row).source, project=project_link.project_key(project),
                                  threshold=self.window.settings.get("tm_fuzzy_threshold"), all_projects=True)

    def take_match(self, match, row: int | None = None) -> bool:
        """Use a memory match as the current sentence's English (one undo step; status tm-fuzzy)."""
        row = self.grid.current_row() if row is None else row
        if row < 0 or self.model.project is None:
            return False
        self.grid.close_editor(commit=True)
        self.editor.push(commands.SegmentCommand(
            self.model, [row], lambda p, i: project_link.take(p, i, match),
            f"Take memory match ({match.similarity:.0f}%)"))
        self.grid.select_row(row, edit=True)
        return True

    def take_number(self, number: int) -> bool:
        matches = self.offers.matches()
        if not 1 <= number <= len(matches):
            self.window.statusBar().showMessage("No memory match with that number for this sentence.", 4000)
            return False
        return self.take_match(matches[number - 1])

    # -- glossary ---------------------------------------------------------------------------
    def mark_terms(self) -> int:
        """Mark every glossary term of the Arabic reading pane (tooltip: the English)."""
        pane = self.window.source_pane
        self._found.clear()   # the glossary (or the project) may have changed: pane and grid look again
        self._cell_terms.clear()
        self._terms = []
        document = pane.document()
        for row in range(self.model.rowCount()):
            span = pane.span(row)
            if span is not None:
                self._terms += [term_selection(document, span[0], m) for m in self._matches(self.model.row(row).source)]
        pane.refresh_marks()
        self.grid.viewport().update()
        return len(self._terms)

    def cell_terms(self, row: int, column: int, text: str) -> list[Mark]:
        """Glossary terms in one Arabic cell of the grid (same look as the pane; tooltip: the English)."""
        if column != COL_SOURCE:
            return []
        marks = self._cell_terms.get(text)
        if marks is None:
            if len(self._cell_terms) > _TEXTS_KEPT:
                self._cell_terms.clear()
            marks = self._cell_terms[text] = [Mark(m.span[0], m.span[1] - m.span[0], term_format(m))
                                              for m in self._matches(text)]
        return marks

    def _matches(self, text: str) -> list:
        """The glossary terms ``TermMatcher.find`` finds in one Arabic sentence, found once for pane and grid."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) > _TEXTS_KEPT:
                self._found.clear()
            matcher = self.matcher()
            found = self._found[text] = matcher.find(text) if matcher is not None else []
        return found

    def term_marks(self) -> list[tuple[str, str]]:
        """(Arabic marked, English expected) for every mark: what a tooltip shows."""
        return [(s.cursor.selectedText(), s.format.property(TERM_PROPERTY)) for s in self._terms]

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip:
            pane = self.window.source_pane
            english = term_at(pane, pane.cursorForPosition(event.pos()).position())
            if english:
                QToolTip.showText(event.globalPos(), english, pane)
                return True
        return super().eventFilter(watched, event)

    # -- QA ---------------------------------------------------------------------------------
    def run_qa(self) -> Worker | None:
        project = self.model.project
        if project is None:
            return None
        if not self.qa_dock.isVisible():
            self.qa_dock.show()
            self.window.resizeDocks([self.qa_dock], [170], Qt.Orientation.Vertical)  # the grid keeps its rows
        self.qa_dock.raise_()
        return self.qa.run(project_pairs(project), glossary=self.matcher(), ignore=project.qa_ignores())

    def jump_to_sentence(self, index: int) -> int:
        row = self.model.row_of_index(index)
        if row >= 0:
            self.grid.select_row(row, edit=True)
            self.window.alignment.select(row)
        return row

    def insert_term(self, index: int, english: str) -> None:
        """The QA flag's one-click fix: the glossary's English into the sentence (one undo step)."""
        row = self.model.row_of_index(index)
        if row < 0:
            return
        self.grid.close_editor(commit=True)
        self.editor.edit_target(row, insert_fix(self.model.row(row).target, english))
        self.grid.select_row(row, edit=True)
        self.run_qa()  # the list shows what is still wrong

    def ignore_issue(self, index: int, check: str) -> None:
        project = self.model.project
        if project is not None and not project.read_only:
            project.set_qa_ignored(index, check)
            self.window.on_edited()

    # -- imports ----------------------------------------------------------------------------
    def import_tmx(self, path: str | None = None) -> Worker | None:
        path = path or QFileDialog.getOpenFileName(self.window, "Import a TMX translation memory", "",
                                                   "Translation memory (*.tmx);;All files (*)")[0]
        return self._import(_import_tmx, path) if path else None

    def import_glossary(self, path: str | None = None) -> Worker | None:
        path = path or QFileDialog.getOpenFileName(self.window, "Import a glossary", "",
                                                   "Glossary (*.tsv *.csv *.tbx *.txt);;All files (*)")[0]
        return self._import(_import_glossary, path) if path else None

    def _import(self, fn, path: str) -> Worker:
        from desk.ui.errors import show_error

        worker = Worker(fn, path)
        worker.signals.result.connect(lambda text: (self.reload(), self.window.statusBar().showMessage(text, 8000)))
        worker.signals.errored.connect(lambda exc: show_error(self.window, exc))
        self.window.statusBar().showMessage(f"Importing {Path(path).name}…")
        return self.window.workers.start(worker)

    def shutdown(self) -> None:
        if self._memory is not None:
            self._memory.close()
            self._memory = None


def install(window, tools_menu, view_menu) -> MemoryTools:
    """Create ``window.memory_tools`` with its docks and actions (Tools and View menus)."""
    tools = window.memory_tools = MemoryTools(window)
    A = window._action  # noqa: SLF001, N806 - the window's action factory
    window.act_qa = A("actionRunQA", "Run &QA checks", tools.run_qa, "F7",
                      "Check numbers, leftover Arabic, glossary terms… and list the issues")
    window.act_import_tmx = A("actionImportTMX", "Import &TMX translation memory…", tools.import_tmx, "Ctrl+Alt+M",
                              "Add a TMX file (OmegaT, Trados, memoQ) to your translation memory")
    window.act_import_glossary = A("actionImportGlossary", "Import &glossary…", tools.import_glossary, "Ctrl+Alt+G",
                                   "Add a TSV/CSV or TBX glossary; its terms are marked and checked")
    window.act_take_memory = [A(f"actionTakeMemory{n}", f"Take memory match &{n}",
                                lambda n=n: tools.take_number(n), f"Alt+{n}") for n in range(1, TAKE_KEYS + 1)]
    tools_menu.addSeparator()
    for action in (window.act_qa, *window.act_take_memory, None, window.act_import_tmx, window.act_import_glossary):
        if action is None:
            tools_menu.addSeparator()
            continue
        tools_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(tools.memory_dock.toggleViewAction())
    view_menu.addAction(tools.qa_dock.toggleViewAction())
    tools.qa_dock.hide()
    return tools
