"""Translate every supported document in a folder, one file at a time.

Resumable: a file whose output exists and is newer than the input is skipped. A file
that fails (unreadable, no text, write error) is reported and the batch goes on; a
model error stops the batch (it would fail for every file).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from desk.documents import SUPPORTED_EXTENSIONS, Document, read_document
from desk.errors import Cancelled, DeskError, DocumentError, ExportError, ModelError
from desk.export import EXPORT_EXTENSIONS, write_translation
from desk.export.options import ExportOptions
from desk.results import SentenceTranslation

log = logging.getLogger(__name__)

TranslateFn = Callable[[Document], Sequence[SentenceTranslation]]


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What happened to one input file: status is ``ok``, ``skipped`` or ``error``."""

    source: Path
    output: Path
    status: str
    message: str = ""
    sentences: int = 0


def plan(input_dir: Path, output_dir: Path, out_ext: str) -> list[tuple[Path, Path]]:
    """(input, output) pairs in name order; inputs sharing a stem keep their extension in the output name."""
    inputs = sorted(p for p in input_dir.iterdir()
                    if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_EXTENSIONS)
    stems: dict[str, int] = {}
    for p in inputs:
        stems[p.stem.lower()] = stems.get(p.stem.lower(), 0) + 1
    pairs = []
    for p in inputs:
        name = p.stem if stems[p.stem.lower()] == 1 else f"{p.stem}.{p.suffix.lstrip('.').lower()}"
        pairs.append((p, output_dir / f"{name}{out_ext}"))
    return pairs


def _up_to_date(source: Path, output: Path) -> bool:
    try:
        return output.stat().st_mtime >= source.stat().st_mtime
    except OSError:
        return False


def batch_translate(input_dir, output_dir, translate_fn: TranslateFn, *, out_ext: str = ".docx",
                    layout: str = "bilingual", cancel: Callable[[], bool] | None = None,
                    model_name: str = "", options: ExportOptions | None = None) -> Iterator[BatchResult]:
    """Yield one ``BatchResult`` per supported file in ``input_dir`` (not recursive).

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
    base = options or ExportOptions(model_name=model_name)
    for source, output in plan(input_dir, output_dir, out_ext):
        if cancel is not None and cancel():
            return
        if _up_to_date(source, output):
            yield BatchResult(source, output, "skipped", f"{output.name} is already up to date.")
            continue
        try:
            document = read_document(source)
            translations = list(translate_fn(document))
            if not translations:
                raise DocumentError(source, "it contains no text to translate.")
            file_options = ExportOptions(
                model_name=base.model_name or model_name, source_name=source.name, date=base.date,
                rows=base.rows, arabic_on_right=base.arabic_on_right, landscape=base.landscape,
            )
            write_translation(output, document, translations, layout=layout, options=file_options)
        except (ModelError, Cancelled):
            raise
        except DeskError as exc:
            yield BatchResult(source, output, "error", str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            log.exception("unexpected error on a batch file")
            yield BatchResult(source, output, "error",
                              f"Cannot translate {source.name}: unexpected error ({type(exc).__name__}).")
            continue
        yield BatchResult(source, output, "ok", f"wrote {output.name}", len(translations))
