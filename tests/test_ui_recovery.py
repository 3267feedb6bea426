"""Crash recovery end to end (issue 12): the real app in a subprocess (offscreen) translates a
document, the translator edits and confirms sentences through the window's own methods, the
process is killed with SIGKILL, and the next start offers the work back, every committed edit
and status exactly as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ui_helpers import article, sentence_pairs

APP_WITH_SCRIPT = Path(__file__).resolve().parent / "app_with_script.py"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

FIRST = r'''
import json
from PySide6.QtCore import QTimer

def edit():
    ed, grid = window.editor, window.grid
    ed.edit_target(0, "EDIT ZERO")                      # an edit through the editor
    grid.select_row(1); ed.confirm_and_next()           # confirm the machine English of sentence 2
    grid.select_row(3, edit=True)                       # type into the cell editor of sentence 4 ...
    cell = grid.delegate.open_editor
    cell.setPlainText("EDIT THREE")
    cell.delegate.commit_now(cell)                      # ... committed as the 2 s idle timer would
    ed.confirm_and_next()                               # confirm it, move on to sentence 5
    grid.select_row(5); ed.confirm_and_next()
    rows = [[r.target, str(r.status)] for r in window.model.rows]
    print("READY " + json.dumps(rows), flush=True)

window.documentLoaded.connect(window.translate)
window.translationFinished.connect(lambda: QTimer.singleShot(0, edit))
'''

SECOND = r'''
import json
from PySide6.QtCore import QTimer

def pick():
    dialog = getattr(window.files, "recovery_dialog", None)
    if dialog is None or not dialog.isVisible():
        QTimer.singleShot(50, pick)
        return
    print("ENTRIES " + json.dumps([[e.title, e.untitled, e.counts] for e in dialog.entries]), flush=True)
    dialog.choose_all()
    QTimer.singleShot(100, dump)

def dump():
    rows = [[r.target, str(r.status)] for r in window.model.rows]
    print("ROWS " + json.dumps(rows) + " TITLE " + window.windowTitle(), flush=True)
    app.quit()

QTimer.singleShot(50, pick)
'''


def _app(tmp_path: Path, script: str, *args: str) -> subprocess.Popen:
    path = tmp_path / f"script{len(list(tmp_path.glob('script*')))}.py"
    path.write_text(script, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with open(tmp_path / f"{path.stem}.err", "w", encoding="utf-8") as err:  # a file: a full pipe would block the app
        return subprocess.Popen([sys.executable, str(APP_WITH_SCRIPT), str(path), *args],
                                stdout=subprocess.PIPE, stderr=err, text=True, env=env)


def _errors(proc: subprocess.Popen) -> str:
    script = Path(proc.args[2])
    return script.with_suffix(".err").read_text(encoding="utf-8")[-3000:]


def _line(proc: subprocess.Popen, prefix: str, timeout: float = 120.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(prefix):
            return line[len(prefix):].strip()
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError(f"no {prefix!r} line; stderr: {_errors(proc)}")


def test_sigkill_then_restart_offers_every_committed_edit_back(tmp_path, desk_home, fixture_model_dir,
                                                                fixture_corpus):
    pairs = sentence_pairs(fixture_corpus, 8)
    arabic, _ = article(pairs, per_paragraph=4)
    doc = tmp_path / "article.txt"
    doc.write_text(arabic, encoding="utf-8")
    model = ["--model", str(fixture_model_dir)]

    with _app(tmp_path, FIRST, *model, str(doc)) as first:
        before = json.loads(_line(first, "READY "))
        os.kill(first.pid, signal.SIGKILL)  # no close event, no clean-up: a crash
        first.wait(30)
    assert first.returncode == -signal.SIGKILL
    assert before[0] == ["EDIT ZERO", "edited"]
    assert before[1][1] == before[3][1] == before[5][1] == "confirmed" and before[3][0] == "EDIT THREE"
    assert before[2][1] == "machine"

    with _app(tmp_path, SECOND, *model) as second:
        entries = json.loads(_line(second, "ENTRIES "))
        rows, _, window_title = _line(second, "ROWS ").partition(" TITLE ")
        second.wait(60)
    assert second.returncode == 0, _errors(second)
    assert len(entries) == 1
    title, untitled, counts = entries[0]
    assert untitled and title == "article"
    assert counts.get("confirmed") == 3 and counts.get("edited") == 1
    assert json.loads(rows) == before, "every committed edit and status came back"
    assert "article" in window_title


def test_the_dialog_restores_one_and_discards_another(qtbot, desk_home, fixture_model_dir, tmp_path):
    from ui_helpers import make_window

    from desk.documents import read_text
    from desk.project import Project, recovery
    from desk.ui.editor.recovery_dialog import RecoveryDialog

    kept = Project.create(read_text("الجملة الأولى هنا.", name="kept"))
    kept.set_target(0, "Kept English.")
    kept.confirm(0)
    dropped = Project.create(read_text("جملة أخرى هنا.", name="dropped"))
    dropped.set_target(0, "Dropped English.")
    paths = {p.title: p.path for p in (kept, dropped)}
    kept.close()  # as if the process died: the untitled copies stay in recovery/
    dropped.close()
    window = make_window(qtbot, fixture_model_dir)

    def answer(entries, parent):
        dialog = RecoveryDialog(entries, parent)
        qtbot.addWidget(dialog)
        titles = [e.title for e in entries]
        assert sorted(titles) == ["dropped", "kept"]
        assert "1 confirmed" in dialog._labels[titles.index("kept")].text()
        dialog.choose(titles.index("dropped"), "discard")
        dialog.choose(titles.index("kept"), "restore")
        assert dialog.result() == RecoveryDialog.DialogCode.Accepted
        dialog.exec = lambda: dialog.result()  # already answered
        return dialog

    restored = window.files.offer_recovery(answer)
    assert [p.title for p in restored] == ["kept"]
    assert window.model.row(0).target == "Kept English." and window.model.confirmed_count() == 1
    assert window.windowTitle().startswith("kept")
    assert not paths["dropped"].exists() and paths["kept"].exists()
    assert [e.title for e in recovery.left_open()] == [], "the restored one is open (locked) again"
