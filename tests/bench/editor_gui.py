"""Editor benchmark (issue 12, GUI): a translated 10,000-sentence project in the real window.

    python tests/bench/editor_gui.py [--sentences 10000] [--edits 50] [--dir DIR]

Prints, offscreen, the time to show the project (``MainWindow.set_project``: Qt models, grid,
the first slice of the reading panes; then until both panes are complete), the time of one
edit through the editor (undo command → ``Project.set_target`` committed with a real fsync →
model refresh → grid and both panes updated), confirm-and-next, undo, and "Replace all" over
every sentence (one transaction). The file goes on the repository's disk (``--dir``), like
tests/bench/project_bench.py, so fsync is real.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--dir", type=Path, default=ROOT / "tests" / "bench" / ".cache")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="editor-bench-home-", dir=args.dir) as home:
        run(args, Path(home))


def run(args: argparse.Namespace, home: Path) -> None:
    os.environ["DESK_HOME"] = str(home)

    from PySide6.QtWidgets import QApplication

    from bench.project_bench import build
    from desk.project import Project
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    app = QApplication.instance() or QApplication([])
    path = home / "bench.tarjama"
    build(path, args.sentences)
    window = MainWindow(settings=Settings())
    window.files.ask_to_discard = lambda _a: "discard"
    window.resize(1366, 768)
    window.show()
    app.processEvents()

    t0 = time.perf_counter()
    project = Project.open(path)
    opened = time.perf_counter() - t0
    t0 = time.perf_counter()
    window.set_project(project)
    shown = time.perf_counter() - t0
    t0 = time.perf_counter()
    while not (window.source_pane.render_complete and window.target_pane.render_complete):
        app.processEvents()
    complete = time.perf_counter() - t0
    print(f"{args.sentences} sentences: Project.open {_ms(opened)}; set_project (grid + first slice) {_ms(shown)}; "
          f"reading panes complete after {_ms(complete)} more")

    n = window.model.rowCount()
    rows = [int(i * (n - 1) / max(1, args.edits - 1)) for i in range(args.edits)]
    edit, confirm, undo = [], [], []
    for r in rows:
        t0 = time.perf_counter()
        window.editor.edit_target(r, f"Edited sentence {r}.")
        app.processEvents()
        edit.append(time.perf_counter() - t0)
        window.grid.select_row(r)
        t0 = time.perf_counter()
        window.editor.confirm_and_next()
        app.processEvents()
        confirm.append(time.perf_counter() - t0)
    for _ in range(min(10, len(rows))):
        t0 = time.perf_counter()
        window.editor.undo()
        app.processEvents()
        undo.append(time.perf_counter() - t0)

    def stats(name: str, values: list[float]) -> None:
        values = sorted(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{name}: median {_ms(statistics.median(values))}, p95 {_ms(p95)}, worst {_ms(values[-1])}")

    stats("edit one sentence (command → file → grid + panes)", edit)
    stats("confirm and next", confirm)
    stats("undo", undo)
    window.find_bar.set_query("sentence", replacement="line")
    t0 = time.perf_counter()
    replaced = window.find_bar.replace_all()
    app.processEvents()
    print(f"replace all: {replaced} replacements in {_ms(time.perf_counter() - t0)}")
    window.close()
    window.shutdown()


if __name__ == "__main__":
    main()
