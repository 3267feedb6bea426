"""Safe extraction of model archives (zip, tar, tar.gz/bz2/xz).

A model archive comes from a USB stick or a colleague, so it is treated as hostile:
absolute paths, ``..`` components, links and special files are refused, and extraction
stops at a size limit counted both from the declared sizes and from the bytes written
(zip bombs lie about their sizes).
"""

from __future__ import annotations

import logging
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from desk.errors import Cancelled, ModelError, printable
from desk.models.progress import CancelCheck, InstallProgress
from desk.models.store import free_bytes

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 8 * 1024**3  # the largest OPUS-MT Transformers checkpoint is far below this
MAX_MEMBERS = 10_000
# Model weights barely compress (int8/float tensors: about 1.1:1; sentencepiece and JSON
# vocabularies about 3:1). A member claiming more than this ratio is a bomb, refused from
# the declared sizes before a byte is written.
MAX_RATIO = 50
RATIO_CHECK_FROM = 16 * 1024**2
_CHUNK = 1 << 20


class ArchiveError(ModelError):
    """The archive is unreadable or unsafe (path escape, link, too large)."""


def is_archive(path: Path) -> bool:
    if not path.is_file():
        return False
    return zipfile.is_zipfile(path) or _is_tar(path)


def _is_tar(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except (OSError, EOFError, tarfile.TarError, zlib.error, lzma.LZMAError):
        return False  # a truncated .tar.gz/.xz fails inside the first header


def _safe_name(archive: Path, name: str) -> PurePosixPath | None:
    """The member's relative path, or ``None`` for the archive root; raises on unsafe names."""
    raw = name.replace("\\", "/")
    if raw.startswith("/") or (len(raw) > 1 and raw[1] == ":"):
        raise ArchiveError(f"The archive {printable(archive.name)} contains an absolute "
                           f"path ({printable(name)}); it was not extracted.")
    parts = [p for p in raw.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ArchiveError(
            f"The archive {printable(archive.name)} contains a path leaving its "
            f"folder ({printable(name)}); it was not extracted."
        )
    return PurePosixPath(*parts) if parts else None


def _too_big(archive: Path, limit: int) -> ArchiveError:
    return ArchiveError(
        f"The archive {printable(archive.name)} unpacks to more than {limit // 1024**2} MB, more than any model needs; "
        "it was not extracted."
    )


def extract_archive(
    archive: str | Path,
    dest: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelCheck | None = None,
) -> Iterator[InstallProgress]:
    """Extract ``archive`` into the (empty, private) folder ``dest``, yielding byte progress."""
    archive, dest = Path(archive), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    if zipfile.is_zipfile(archive):
        yield from _extract_zip(archive, dest, max_bytes, cancel)
    elif _is_tar(archive):
        yield from _extract_tar(archive, dest, max_bytes, cancel)
    else:
        raise ArchiveError(f"{printable(archive.name)} is not a zip or tar archive.")


def _make_dir(archive: Path, target: Path) -> None:
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file and a folder with the same name
        raise ArchiveError(f"The archive {printable(archive.name)} is damaged ({printable(exc)}).") from exc


def _copy_limited(src, out_path: Path, written: list[int], limit: int, archive: Path, cancel) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "wb") as out:
        while chunk := src.read(_CHUNK):
            written[0] += len(chunk)
            if written[0] > limit:
                raise _too_big(archive, limit)
            out.write(chunk)
            if cancel is not None and cancel():
                raise Cancelled("Cancelled; nothing was installed.")


@dataclass(frozen=True)
class _Entry:
    """One archive member, whatever the format: its name, what it is, its declared size."""

    name: str
    kind: str  # "file" | "dir" | "link" | "special" | "encrypted"
    size: int
    open: Callable[[], IO[bytes] | None]
    packed: int | None = None  # compressed size when the format says (zip)


def _zip_entries(zf: zipfile.ZipFile) -> list[_Entry]:
    entries = []
    for info in zf.infolist():
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            kind = "link"
        elif stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            kind = "special"
        else:
            kind = "dir" if info.is_dir() else "file"
        if info.flag_bits & 0x1:
            kind = "encrypted"
        entries.append(_Entry(info.filename, kind, info.file_size, lambda info=info: zf.open(info),
                              info.compress_size))
    return entries


def _tar_entries(tf: tarfile.TarFile) -> list[_Entry]:
    entries = []
    for member in tf.getmembers():
        if member.issym() or member.islnk():
            kind = "link"
        elif member.isdir():
            kind = "dir"
        else:
            kind = "file" if member.isfile() else "special"
        entries.append(_Entry(member.name, kind, member.size, lambda member=member: tf.extractfile(member)))
    return entries


def _extract_entries(archive: Path, entries: list[_Entry], dest: Path, limit: int, cancel) -> Iterator[InstallProgress]:
    """Check every member before writing anything, then copy with a running byte limit."""
    if len(entries) > MAX_MEMBERS:
        raise ArchiveError(f"The archive {printable(archive.name)} has too many files to be a model.")
    declared = 0
    plan = []
    for entry in entries:
        rel = _safe_name(archive, entry.name)
        if entry.kind == "encrypted":
            raise ArchiveError(f"The archive {printable(archive.name)} is password-protected; unpack it with its "
                               "password and import the folder instead.")
        if entry.kind == "file" and entry.packed is not None and entry.size > RATIO_CHECK_FROM \
                and entry.size > MAX_RATIO * max(1, entry.packed):
            raise ArchiveError(f"The archive {printable(archive.name)} claims that {printable(entry.name)} unpacks "
                               f"to {entry.size // 1024**2:,} MB from {max(1, entry.packed) // 1024:,} kB, which no "
                               "model file does (a zip bomb?); it was not extracted.")
        if entry.kind == "link":
            raise ArchiveError(f"The archive {printable(archive.name)} contains a link "
                               f"({printable(entry.name)}); it was not extracted.")
        if entry.kind == "special":
            raise ArchiveError(f"The archive {printable(archive.name)} contains a "
                               f"special file ({printable(entry.name)}).")
        declared += max(0, entry.size)
        if declared > limit:
            raise _too_big(archive, limit)
        if rel is not None:
            plan.append((entry, rel))
    free = free_bytes(dest)
    if free is not None and declared > free:
        raise ArchiveError(f"The archive {printable(archive.name)} unpacks to {declared // 1024**2:,} MB but only "
                           f"{free // 1024**2:,} MB are free; make room and try again.")
    written = [0]
    for entry, rel in plan:
        target = dest.joinpath(*rel.parts)
        if entry.kind == "dir":
            _make_dir(archive, target)
            continue
        try:
            src = entry.open()
            if src is None:
                raise ArchiveError(f"The archive {printable(archive.name)} has an "
                                   f"unreadable entry ({printable(entry.name)}).")
            with src:
                _copy_limited(src, target, written, limit, archive, cancel)
        except _DAMAGED as exc:
            raise ArchiveError(f"The archive {printable(archive.name)} is damaged ({printable(exc)}).") from exc
        yield InstallProgress("extract", written[0], declared, rel.as_posix())


# What a corrupt or truncated member raises while being read (NotImplementedError: an unknown
# compression method or flag). Not RuntimeError: an encrypted member, zipfile's one RuntimeError
# when reading, is refused before extraction; the rest (a missing zlib, RecursionError) are bugs.
_DAMAGED = (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, NotImplementedError, zlib.error, lzma.LZMAError)


def _extract_zip(archive: Path, dest: Path, limit: int, cancel) -> Iterator[InstallProgress]:
    try:
        zf = zipfile.ZipFile(archive)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ArchiveError(f"The archive {printable(archive.name)} is damaged ({printable(exc)}).") from exc
    with zf:
        yield from _extract_entries(archive, _zip_entries(zf), dest, limit, cancel)


def _extract_tar(archive: Path, dest: Path, limit: int, cancel) -> Iterator[InstallProgress]:
    try:
        tf = tarfile.open(archive)
    except (OSError, tarfile.TarError) as exc:
        raise ArchiveError(f"The archive {printable(archive.name)} is damaged ({printable(exc)}).") from exc
    with tf:
        try:
            entries = _tar_entries(tf)
        except (OSError, tarfile.TarError, EOFError, zlib.error, lzma.LZMAError) as exc:
            raise ArchiveError(f"The archive {printable(archive.name)} is damaged ({printable(exc)}).") from exc
        yield from _extract_entries(archive, entries, dest, limit, cancel)
