"""Translate every supported document in a folder, one file at a time.

Resumable: the output folder keeps a small record (``.desk-batch.json``) of which input
produced which output, at what size and modification time; a file is "already done"
only when that record says *this* input, unchanged, produced an output that still exists.
Output names are unique per input (``r.txt`` and ``r.TXT`` never share one). A file that
fails (unreadable, no text, write error) is reported and the batch goes on; a model error
stops the batch (it would fail for every file).

Links that lead out of the input folder are never followed (a folder unpacked from an
e-mail may hold ``notes.txt -> ~/.ssh/id_rsa``); they, subfolders (unless recursive) and
unsupported files are listed in ``Scan.ignored`` so the caller can say what was skipped.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from desk.atomic import atomic_write_text
from desk.documents import SUPPORTED_EXTENSIONS, Document, read_document
from desk.errors import Cancelled, DeskError, DocumentError, ExportError, ModelError
from desk.export import EXPORT_EXTENSIONS, write_translation
from desk.export.options import ExportOptions
from desk.results import SentenceTranslation

log = logging.getLogger(__name__)

TranslateFn = Callable[[Document], Sequence[SentenceTranslation]]
RECORD_NAME = ".desk-batch.json"

# why a file was not translated -> how the summary names it (singular, plural)
IGNORED_KINDS = {
    "folder": ("subfolder", "subfolders"),
    "no extension": ("file without an extension", "files without an extension"),
    "unsupported": ("file of an unsupported type", "files of unsupported types"),
    "outside link": ("link leading outside the folder", "links leading outside the folder"),
}


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What happened to one input file: status is ``ok``, ``skipped`` or ``error``."""

    source: Path
    output: Path
    status: str
    message: str = ""
    sentences: int = 0


@dataclass(slots=True)
class Scan:
    """The (input, output) pairs of a folder, and what was left out and why."""

    pairs: list[tuple[Path, Path]] = field(default_factory=list)
    ignored: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        return [source for source, _ in self.pairs]

    def describe_ignored(self, recursive: bool = False) -> str:
        """One clause for the summary: 'skipped 2 subfolders (use --recursive), 1 link … (x.txt)'."""
        counts = Counter(reason for _, reason in self.ignored)
        parts = []
        for reason, (one, many) in IGNORED_KINDS.items():
            n = counts.get(reason, 0)
            if not n:
                continue
            part = f"{n} {one if n == 1 else many}"
            if reason == "folder" and not recursive:
                part += " (use --recursive)"
            if reason in ("outside link", "unsupported", "no extension"):
                names = [p.name for p, r in self.ignored if r == reason]
                part += " (" + ", ".join(names[:5]) + (", …" if len(names) > 5 else "") + ")"
            parts.append(part)
        return "skipped " + ", ".join(parts) if parts else ""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def scan(input_dir: Path, output_dir: Path, out_ext: str = ".docx", *, recursive: bool = False) -> Scan:
    """Supported files of ``input_dir`` in name order (subfolders too when ``recursive``), each with a
    unique output path; hidden files are left out silently, everything else left out is listed."""
    root = Path(input_dir).resolve()
    out_root = Path(output_dir).absolute()
    out_real = out_root.resolve() if out_root.exists() else None
    result = Scan()
    inputs: list[Path] = []
    pending = [Path(input_dir)]
    while pending:
        folder = pending.pop(0)
        try:
            entries = sorted(folder.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            log.warning("cannot list a batch folder: %s", exc.strerror or exc)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() and not _inside(entry.resolve(), root):
                result.ignored.append((entry, "outside link"))
                continue
            if entry.is_dir():
                if out_real is not None and entry.resolve() == out_real:
                    continue  # the output folder inside the input folder
                if recursive and not entry.is_symlink():
                    pending.append(entry)
                else:
                    result.ignored.append((entry, "folder"))
                continue
            if not entry.is_file():
                continue
            ext = entry.suffix.lower()
            if ext in SUPPORTED_EXTENSIONS:
                inputs.append(entry)
            else:
                result.ignored.append((entry, "unsupported" if ext else "no extension"))
    result.pairs = _unique_outputs(Path(input_dir), Path(output_dir), inputs, out_ext)
    return result


def _unique_outputs(input_dir: Path, output_dir: Path, inputs: list[Path], out_ext: str) -> list[tuple[Path, Path]]:
    """Output paths that never coincide, not even on a case-insensitive disk.

    A file whose stem is unique keeps it (``a.txt`` → ``a.docx``); files sharing a stem keep their
    whole name (``a.txt`` → ``a.txt.docx``); anything still taken gets ``-2``, ``-3`` …
    """
    rel = [p.relative_to(input_dir) for p in inputs]
    stems = Counter(str(r.with_suffix("")).casefold() for r in rel)
    taken: set[str] = set()
    wanted = []
    for r in rel:
        base = r.with_suffix("") if stems[str(r.with_suffix("")).casefold()] == 1 else r
        wanted.append(base)
    # unique stems claim their names first so a shared stem's long name cannot steal them
    order = sorted(range(len(rel)), key=lambda i: (wanted[i] != rel[i].with_suffix(""), str(rel[i])))
    names: dict[int, Path] = {}
    for i in order:
        base, n = wanted[i], 1
        candidate = Path(f"{base}{out_ext}")
        while str(candidate).casefold() in taken:
            n += 1
            candidate = Path(f"{base}-{n}{out_ext}")
        taken.add(str(candidate).casefold())
        names[i] = candidate
    return [(inputs[i], output_dir / names[i]) for i in range(len(inputs))]


def plan(input_dir: Path, output_dir: Path, out_ext: str) -> list[tuple[Path, Path]]:
    """(input, output) pairs in name order (not recursive); see ``scan``."""
    return scan(input_dir, output_dir, out_ext).pairs


def _fingerprint(source: Path) -> dict:
    info = source.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


class _Record:
    """Which input produced each output of the folder (the meaning of 'already done')."""

    def __init__(self, output_dir: Path) -> None:
        self.path = output_dir / RECORD_NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.files = data["files"] if isinstance(data.get("files"), dict) else {}
        except (OSError, ValueError, AttributeError, TypeError):
            self.files = {}

    def done(self, key: str, source_key: str, source: Path, output: Path) -> bool:
        entry = self.files.get(key)
        try:
            return (isinstance(entry, dict) and entry.get("source") == source_key and output.is_file()
                    and {k: entry.get(k) for k in ("size", "mtime_ns")} == _fingerprint(source))
        except OSError:
            return False

    def add(self, key: str, source_key: str, source: Path) -> None:
        self.files[key] = {"source": source_key, **_fingerprint(source)}
        try:
            atomic_write_text(self.path, json.dumps({"files": self.files}, ensure_ascii=False, indent=1) + "\n")
        except DeskError as exc:  # the output itself was written; only resuming is affected
            log.warning("cannot update the batch record: %s", exc)


def batch_translate(input_dir, output_dir, translate_fn: TranslateFn, *, out_ext: str = ".docx",
                    layout: str = "bilingual", cancel: Callable[[], bool] | None = None,
                    model_name: str = "", options: ExportOptions | None = None,
                    recursive: bool = False, found: Scan | None = None) -> Iterator[BatchResult]:
    """Yield one ``BatchResult`` per supported file in ``input_dir`` (``found``: a ``scan`` already made).

    Stops quietly before the next file when ``cancel()`` turns true; finished outputs stay.
    """
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    out_ext = out_ext if out_ext.startswith(".") else f".{out_ext}"
    if out_ext.lower() not in EXPORT_EXTENSIONS:
        raise ExportError(f"Cannot write {out_ext} files (use .docx, .tmx, .txt or .json).")
    if not input_dir.is_dir():
        raise DocumentError(input_dir, "it is not a folder.")
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"Cannot create the folder {output_dir}: {exc.strerror or exc}.") from exc
    if output_dir.resolve() == input_dir.resolve():
        raise ExportError("The output folder must be different from the input folder.")
    if found is None:
        found = scan(input_dir, output_dir, out_ext, recursive=recursive)
    record = _Record(output_dir)
    base = options or ExportOptions(model_name=model_name)
    for source, output in found.pairs:
        if cancel is not None and cancel():
            return
        key = output.relative_to(output_dir).as_posix()
        source_key = source.relative_to(input_dir).as_posix()
        if record.done(key, source_key, source, output):
            yield BatchResult(source, output, "skipped", f"{output.name} is already up to date.")
            continue
        if source.is_symlink() and not _inside(source.resolve(), input_dir.resolve()):
            # replaced by a link after the scan: still never followed out of the folder
            yield BatchResult(source, output, "error", f"Cannot open {source.name}: it is a link leading outside "
                                                       f"the folder, which is never followed.")
            continue
        try:
            document = read_document(source)
            translations = list(translate_fn(document))
            if not translations:
                raise DocumentError(source, "it contains no text to translate.")
            file_options = replace(base, model_name=base.model_name or model_name, source_name=source.name)
            output.parent.mkdir(parents=True, exist_ok=True)
            write_translation(output, document, translations, layout=layout, options=file_options)
        except (ModelError, Cancelled):
            raise
        except DeskError as exc:
            yield BatchResult(source, output, "error", str(exc))
            continue
        except OSError as exc:
            yield BatchResult(source, output, "error", f"Cannot write {output}: {exc.strerror or exc}.")
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            log.exception("unexpected error on a batch file")
            yield BatchResult(source, output, "error",
                              f"Cannot translate {source.name}: unexpected error ({type(exc).__name__}).")
            continue
        record.add(key, source_key, source)
        yield BatchResult(source, output, "ok", f"wrote {output.name}", len(translations))
