"""The project lock and crash recovery, across real processes.

A second process cannot open a project another one holds (clean message, exit code); the lock
dies with its process, so after SIGKILL the project opens again with every committed edit, and
``recovery.left_open`` offers it back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desk.documents import Block, Document
from desk.project import Project, ProjectLockedError, Status, recovery

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock locks are POSIX-only")

ROOT = Path(__file__).resolve().parent.parent


def _doc() -> Document:
    return Document("خبر", (Block("paragraph", "الجملة الأولى. الجملة الثانية. الجملة الثالثة."),))


def _python(code: str, home: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "DESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


OPEN_AND_REPORT = """
    import sys
    from desk.project import Project, ProjectLockedError
    try:
        Project.open(sys.argv[1]).close()
    except ProjectLockedError as exc:
        print(exc)
        sys.exit(3)
    print("opened")
"""


def _try_open(path: Path, home: Path) -> tuple[int, str, str]:
    proc = _python(OPEN_AND_REPORT.replace("sys.argv[1]", repr(str(path))), home)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out.strip(), err


def test_second_process_cannot_open_a_locked_project(tmp_path, desk_home):
    path = tmp_path / "news.tarjama"
    project = Project.create(_doc(), path)
    try:
        code, out, err = _try_open(path, desk_home)
        assert code == 3, err
        assert out == ("news.tarjama is already open in another Tarjama Desk window; close it there first, "
                       "or open a copy.")
        assert err == ""
        project.set_target(0, "Still mine.")  # the refused opener did no harm
    finally:
        project.close()
    code, out, err = _try_open(path, desk_home)
    assert (code, out) == (0, "opened"), err
    with Project.open(path) as again:
        assert again.segment(0).target == "Still mine."


HOLD_EDIT_AND_WAIT = """
    import sys, time
    from desk.documents import Block, Document
    from desk.project import Project
    doc = Document("خبر", (Block("paragraph", "الجملة الأولى. الجملة الثانية. الجملة الثالثة."),))
    target = PATH
    project = Project.create(doc, target) if target else Project.create(doc)
    project.set_target(0, "First edit.")
    project.confirm(0)
    project.set_target(1, "Second edit.")
    print(project.path, flush=True)
    time.sleep(120)
"""


def _hold_and_kill(home: Path, target: Path | None) -> Path:
    proc = _python(HOLD_EDIT_AND_WAIT.replace("PATH", repr(str(target) if target else None)), home)
    try:
        line = proc.stdout.readline().strip()
        assert line, proc.stderr.read()
        path = Path(line)
        with pytest.raises(ProjectLockedError):
            Project.open(path)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return path


def _check_edits(project: Project) -> None:
    assert project.segment(0).target == "First edit." and project.segment(0).status == Status.CONFIRMED
    assert project.segment(1).target == "Second edit." and project.segment(1).status == Status.EDITED
    assert project.segment(2).status == Status.UNTRANSLATED


def test_killed_untitled_project_is_offered_back_with_every_edit(desk_home):
    path = _hold_and_kill(desk_home, None)
    entries = recovery.left_open()
    assert [e.path for e in entries] == [path]
    entry = entries[0]
    assert entry.untitled and entry.title == "خبر" and entry.segments == 3
    assert entry.counts == {"confirmed": 1, "edited": 1, "untranslated": 1} and entry.problem == ""
    project = recovery.restore(entry)
    try:
        _check_edits(project)
        assert project.is_recovery
        assert recovery.left_open() == []  # open again: not offered twice
    finally:
        project.close()
    recovery.discard(recovery.left_open()[0])
    assert not path.exists() and recovery.left_open() == []


def test_killed_saved_project_is_offered_back_and_discard_keeps_the_file(tmp_path, desk_home):
    target = tmp_path / "saved.tarjama"
    _hold_and_kill(desk_home, target)
    entries = recovery.left_open()
    assert [(e.path, e.untitled) for e in entries] == [(target, False)]
    with recovery.restore(entries[0]) as project:
        _check_edits(project)
    assert recovery.left_open() == []  # a clean close removes the marker
    _hold_and_kill(desk_home, None)
    Project.open(target).close()
    untitled = recovery.left_open()
    assert len(untitled) == 1 and untitled[0].untitled
    recovery.discard(untitled[0])
    assert target.exists()
