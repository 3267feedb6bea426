"""One writer per project file: an exclusive ``flock`` that dies with the process.

``flock`` (not SQLite's own POSIX locks) is held on the project file itself for as long as
the project is open; the kernel drops it when the process exits or is killed, so a crash never
leaves a stale lock behind. Where ``fcntl`` is missing (Windows) there is no lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desk.project.errors import ProjectError, ProjectLockedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


class FileLock:
    """An exclusive lock on ``path``; ``acquire`` raises ``ProjectLockedError`` if taken."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> FileLock:
        if self._fd is not None or fcntl is None:
            return self
        try:
            fd = os.open(self.path, os.O_RDWR)
        except OSError as exc:
            raise ProjectError(f"Cannot open {self.path.name}: {exc.strerror or exc}.") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise ProjectLockedError(self.path) from exc
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def is_locked(path: str | Path) -> bool:
    """True if another open project (in any process) holds ``path``."""
    lock = FileLock(path)
    try:
        lock.acquire()
    except ProjectLockedError:
        return True
    except ProjectError:
        return False
    lock.release()
    return False
