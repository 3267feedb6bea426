"""Check where ``desk translate`` will write before any work is done.

A bad ``-o`` (unknown extension, a missing or read-only folder, the input itself) must
cost nothing: these checks run before the input is translated or the model is loaded.
Which layouts each output format can hold is one table, so new formats and layouts are
one line each.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from desk.errors import DeskError, ExportError

# output format -> the --layout values it can hold (empty: the format always holds both languages)
LAYOUTS_BY_FORMAT: dict[str, tuple[str, ...]] = {
    "docx": ("bilingual", "target"),
    "txt": ("bilingual", "target"),
    "tmx": (),
    "json": (),
}
STDOUT_FORMATS = ("txt", "json")
FOLDER_FORMATS = ("docx", "tmx", "txt", "json")
# --layout when none is given: a file gets both languages, stdout English only
DEFAULT_LAYOUT = {"file": "bilingual", "stdout": "target"}
ALL_LAYOUTS = tuple(dict.fromkeys(layout for values in LAYOUTS_BY_FORMAT.values() for layout in values))

_CAUSES = {
    errno.EACCES: "you do not have permission to write in {folder}",
    errno.EPERM: "you do not have permission to write in {folder}",
    errno.EROFS: "{folder} is on a read-only file system",
    errno.ENOSPC: "the disk holding {folder} is full",
    errno.EDQUOT: "your disk quota for {folder} is used up",
    errno.ENOENT: "{folder} does not accept new files",
    errno.ENOTDIR: "{folder} is not a folder",
}


def format_of(path: Path) -> str:
    """The export format named by ``path``'s extension (``docx``, ``txt`` …), or raise."""
    ext = path.suffix.lower().lstrip(".")
    if path.is_dir():
        raise ExportError(f"Cannot write {path}: it is a folder; give a file name such as "
                          f"{path / 'translation.docx'} (a folder as OUT needs a folder as INPUT).")
    if ext not in LAYOUTS_BY_FORMAT:
        kind = f".{ext} files" if ext else "a file without an extension"
        allowed = ", ".join(f".{name}" for name in LAYOUTS_BY_FORMAT)
        raise ExportError(f"Cannot write {path}: {kind} cannot be exported (use {allowed}).")
    return ext


def check_layout(layout: str | None, fmt: str, where: str) -> str | None:
    """The layout to use for ``fmt`` (default if none given); refuse one the format cannot hold."""
    allowed = LAYOUTS_BY_FORMAT[fmt]
    if layout is None:
        default = DEFAULT_LAYOUT["stdout" if where == "stdout" else "file"]
        return default if default in allowed else (allowed[0] if allowed else None)
    if layout not in allowed:
        if not allowed:
            raise DeskError(f"--layout does not apply to {fmt.upper()} output (it always holds both languages).")
        raise DeskError(f"--layout {layout} is not available for {fmt.upper()} output "
                        f"(use {' or '.join(allowed)}).")
    return layout


def check_writable_folder(folder: Path, target: Path) -> None:
    """Prove ``folder`` accepts a new file by creating and removing one; name the real cause if not."""
    if not folder.exists():
        raise ExportError(f"Cannot write {target}: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise ExportError(f"Cannot write {target}: {folder} is not a folder.")
    try:
        fd, probe = tempfile.mkstemp(prefix=".desk-probe-", dir=folder)
    except OSError as exc:
        cause = _CAUSES.get(exc.errno, "{folder} cannot be written to (" + (exc.strerror or str(exc)) + ")")
        raise ExportError(f"Cannot write {target}: {cause.format(folder=folder)}.") from exc
    os.close(fd)
    os.unlink(probe)


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when ``a`` and ``b`` are one file by any path (``./``, a symlink, a hard link)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output_file(output: str, input_name: str) -> str:
    """Validate ``-o OUT`` for one input; returns its format."""
    fmt = format_of(Path(output))
    check_output_target(output, input_name)
    return fmt


def check_output_target(output: str | Path, input_name: str | Path) -> None:
    """``OUT`` is not the input by any path, and its folder accepts a new file."""
    path = Path(output)
    if str(input_name) != "-" and same_file(input_name, path):
        raise ExportError(f"Cannot write {path}: it is the input file; choose another name "
                          f"(for example {path.with_name(path.stem + '.en' + path.suffix)}).")
    check_writable_folder(path.absolute().parent, path)


def check_output_folder(output: str, input_dir: str) -> None:
    """Validate ``-o OUTDIR`` for a folder batch (it may not exist yet; its parent must)."""
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise ExportError(f"Cannot write into {path}: it is a file, not a folder.")
    if same_file(path, input_dir) if path.exists() else False:
        raise ExportError("The output folder must be different from the input folder.")
    existing = path.absolute()
    while not existing.exists():
        existing = existing.parent
    check_writable_folder(existing, path)
