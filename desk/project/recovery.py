"""Projects left open by a process that crashed or was killed, found at the next start.

Two kinds live under ``<data>/recovery/``:
- untitled projects (a document opened or pasted, never saved as a project) are whole
  ``.tarjama`` files in ``recovery/`` itself until ``Project.save_as`` moves them out;
- a saved project that is open has a marker ``recovery/open/<hash>.json`` naming its path,
  removed by ``Project.close``.
A file or marker whose project is not locked by a live process was left open: ``left_open``
lists those, ``restore`` reopens one, ``discard`` forgets it (deleting only untitled copies,
never a user's saved file).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desk import paths
from desk.errors import DeskError
from desk.project import lock as _lock
from desk.project.model import PROJECT_SUFFIX
from desk.project.store import remove_files

if TYPE_CHECKING:
    from desk.project.project import Project

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RecoveryEntry:
    """A project left open: where it is, what it is, and how far the work had got.

    ``untitled`` is True for a recovery copy (never saved). ``counts`` maps status value →
    number of segments; ``problem`` is a plain sentence if the file cannot be read.
    """

    path: Path
    untitled: bool
    title: str = ""
    modified: float = 0.0
    segments: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    problem: str = ""
    marker: Path | None = None


def recovery_dir() -> Path:
    return paths.data_dir() / "recovery"


def _markers_dir() -> Path:
    return recovery_dir() / "open"


def is_recovery_path(path: Path) -> bool:
    try:
        return Path(path).resolve().parent == recovery_dir().resolve()
    except OSError:
        return False


def _marker_for(path: Path) -> Path:
    digest = hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:20]
    return _markers_dir() / f"{digest}.json"


def mark_open(path: Path, untitled: bool) -> None:
    """Remember that a saved project is open (untitled ones are found by their folder)."""
    if untitled:
        return
    from desk.atomic import atomic_write_text

    marker = _marker_for(path)
    try:
        paths.make_dir(marker.parent)
        atomic_write_text(marker, json.dumps({"path": str(Path(path).resolve())}))
    except (OSError, DeskError) as exc:  # recovery is a convenience; the project itself is safe
        log.warning("cannot write the recovery marker for %s: %s", Path(path).name, exc)


def mark_closed(path: Path) -> None:
    with contextlib.suppress(OSError):
        _marker_for(path).unlink()


def _describe(path: Path, untitled: bool, marker: Path | None) -> RecoveryEntry:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            counts = dict(conn.execute("SELECT status, count(*) FROM segments GROUP BY status"))
            modified = conn.execute("SELECT max(modified) FROM segments").fetchall()[0][0] or 0.0
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return RecoveryEntry(path, untitled, path.stem, problem=f"It cannot be read ({exc}).", marker=marker)
    title = meta.get("title") or Path(meta.get("source_path") or path).stem
    return RecoveryEntry(path, untitled, title, float(modified), sum(counts.values()), counts, marker=marker)


def left_open() -> list[RecoveryEntry]:
    """Projects left open by a crashed or killed process, newest first."""
    entries: list[RecoveryEntry] = []
    folder = recovery_dir()
    if folder.is_dir():
        for path in folder.glob(f"*{PROJECT_SUFFIX}"):
            if not _lock.is_locked(path):
                entries.append(_describe(path, True, None))
    markers = _markers_dir()
    if markers.is_dir():
        for marker in markers.glob("*.json"):
            try:
                path = Path(json.loads(marker.read_text(encoding="utf-8"))["path"])
            except (OSError, ValueError, KeyError, TypeError):
                with contextlib.suppress(OSError):
                    marker.unlink()
                continue
            if not path.is_file():
                with contextlib.suppress(OSError):
                    marker.unlink()
                continue
            if not _lock.is_locked(path):
                entries.append(_describe(path, False, marker))
    entries.sort(key=lambda e: e.modified, reverse=True)
    return entries


def discard(entry: RecoveryEntry) -> None:
    """Forget a left-open project: delete an untitled copy; for a saved one, only its marker."""
    if entry.untitled:
        if _lock.is_locked(entry.path):
            return
        remove_files(entry.path)
    else:
        mark_closed(entry.path)
        if entry.marker is not None:
            with contextlib.suppress(OSError):
                entry.marker.unlink()


def restore(entry: RecoveryEntry) -> Project:
    """Open a left-open project again, exactly as its last committed change left it."""
    from desk.project.project import Project

    return Project.open(entry.path)
