"""Atomic file writes: a temporary file in the target folder, fsync, then replace.

A failed write (read-only folder, full disk, crash) leaves the previous file intact, and
fails at once with one sentence (no retry loop: ENOSPC does not get better by waiting).
The new file gets the mode a plain ``open()`` would give it (0666 minus the umask), or
the mode of the file it replaces, so a translator's shared folder stays readable.
Temporary files of ours that a killed run left behind (``.NAME.XXXXXXXX.tmp``, older
than a minute) are removed on the next write of the same file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from desk.errors import ExportError

log = logging.getLogger(__name__)
STALE_SECONDS = 60
_TMP_RE = re.compile(r"[a-z0-9_]{8}\.tmp")  # what tempfile.mkstemp adds after our prefix


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def remove_stale_temporaries(path: Path) -> None:
    """Delete our own leftover temporaries of ``path`` (from a run killed mid-write)."""
    prefix = f".{path.name}."
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(prefix) or not _TMP_RE.fullmatch(entry.name[len(prefix):]):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid() and now - info.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                log.info("removed a stale temporary file %r", entry.name)
        except OSError:
            continue


@contextlib.contextmanager
def atomic_open(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO]:
    """Open a temporary sibling of ``path``; on success it replaces ``path`` atomically."""
    path = Path(path)
    remove_stale_temporaries(path)
    target_mode = _target_mode(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            os.fchmod(handle.fileno(), target_mode)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
