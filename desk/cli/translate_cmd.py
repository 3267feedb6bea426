"""``desk translate INPUT [-o OUT]``: a document (or a folder of them) into English.

Every option and the output are checked before the input is translated (or the model
loaded), so a typo in ``-o`` costs nothing; contradictory options are refused.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from desk.cli import outputs
from desk.cli.inputs import add_input_arguments, label, load_input
from desk.cli.progress import PROGRESS_MIN_SENTENCES, Progress
from desk.errors import DeskError, DocumentError, printable
from desk.results import SentenceTranslation
from desk.tm.apply import with_memory
from desk.translate import DEFAULT_BEAM_SIZE, DEFAULT_PATIENCE

MAX_BEAM = 16


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "translate", help="translate a document or a folder into English",
        description=f"Translate into English (beam {DEFAULT_BEAM_SIZE}, patience {DEFAULT_PATIENCE}).")
    add_input_arguments(parser, folder=True)
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="output file (" + " ".join(f".{f}" for f in outputs.LAYOUTS_BY_FORMAT)
                             + " decide the format; .tarjama writes a project), or a folder when INPUT is a folder")
    parser.add_argument("--format", choices=outputs.STDOUT_FORMATS, default=None,
                        help="without -o: what to print on stdout (default txt)")
    parser.add_argument("--layout", choices=(*outputs.ALL_LAYOUTS, "same"), default=None,
                        help="TXT and DOCX: both languages, or English only (default: bilingual in a file, "
                             "target on stdout); same: the same DOCX/HTML file in English, layout kept")
    parser.add_argument("--to", choices=outputs.FOLDER_FORMATS, default=None,
                        help="with a folder INPUT: the output format (default docx)")
    parser.add_argument("--recursive", action="store_true", help="with a folder INPUT: include subfolders")
    parser.add_argument("--model", metavar="NAME_OR_DIR",
                        help="installed model id or model folder (default: $DESK_MODEL, then your default)")
    parser.add_argument("--beam", type=int, metavar="N", help=f"beam size, 1-{MAX_BEAM} (default {DEFAULT_BEAM_SIZE})")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--no-tm", action="store_true", help="do not fill sentences from the translation memory")
    parser.set_defaults(func=run)


def load_translator(model: str | None):
    """The engine for ``--model`` (an installed id or a folder; else $DESK_MODEL or the default)."""
    from desk.models.store import model_name, resolve_model
    from desk.translate import Translator

    model_dir = resolve_model(model)
    return Translator(model_dir, name=model_name(model_dir))


def translate_all(translator, sentences, args, label: str = "") -> list[SentenceTranslation]:
    """Drive the engine's generator, with progress on stderr for long inputs."""
    show = not args.quiet and len(sentences) >= PROGRESS_MIN_SENTENCES
    done: list[SentenceTranslation] = []
    with Progress(len(sentences), label, enabled=show) as progress:
        for item in translator.translate_document(sentences, beam_size=args.beam):
            done.append(item)
            progress.update()
    return done


def check_beam(beam: int | None) -> None:
    if beam is not None and not 1 <= beam <= MAX_BEAM:
        raise DeskError(f"--beam must be between 1 and {MAX_BEAM}.")


def _plan(args: argparse.Namespace) -> tuple[str, str | None]:
    """(format, layout) for a single input after refusing contradictions; ``format`` is the file's or stdout's."""
    if args.to is not None:
        raise DeskError("--to is for a folder INPUT; for one file, the extension of -o picks the format.")
    if args.recursive:
        raise DeskError("--recursive is for a folder INPUT.")
    if args.output:
        fmt = outputs.check_output_file(args.output, args.input)
        if args.format is not None and args.format != fmt:
            raise DeskError(f"--format chooses what is printed without -o; with -o the extension of OUT "
                            f"picks the format ({fmt.upper()} here).")
        return fmt, outputs.check_layout(args.layout, fmt, "file")
    fmt = args.format or "txt"
    return fmt, outputs.check_layout(args.layout, fmt, "stdout")


def run(args: argparse.Namespace) -> int:
    check_beam(args.beam)
    if args.layout == "same":
        from desk.cli.same_layout_cmd import run_same

        return run_same(args)
    if args.input != "-" and Path(args.input).is_dir():
        return _run_batch(args)
    from desk.cli.project_run import translate_into_project
    from desk.project import is_project_path

    if is_project_path(args.input) or (args.output and is_project_path(args.output)):
        return translate_into_project(args, load_translator)
    fmt, layout = _plan(args)
    document = load_input(args.input, args.input_format)
    sentences = document.sentences()
    if not sentences:
        raise DocumentError(label(args.input), "it contains no text to translate.")
    translator = with_memory(load_translator(args.model), enabled=not args.no_tm)
    translations = translate_all(translator, sentences, args)
    if getattr(translator, "hits", None) and not args.quiet:
        print(f"{len(translator.hits)} sentence(s) from the translation memory", file=sys.stderr)

    from desk.export import ExportOptions, write_translation
    from desk.export.plain import render_json, render_txt

    options = ExportOptions(model_name=translator.name, source_name=document.path or label(args.input))
    if args.output:
        write_translation(args.output, document, translations, layout=layout or "bilingual", options=options)
        if not args.quiet:
            print(f"wrote {printable(args.output)}", file=sys.stderr)
        return 0
    if fmt == "json":
        sys.stdout.write(render_json(document, translations, options))
    else:
        sys.stdout.write(render_txt(document, translations, layout, options))
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    from desk.export.batch import batch_translate, scan

    if not args.output:
        raise DeskError("Translating a folder needs -o OUTDIR.")
    if args.format is not None:
        raise DeskError("--format is for one input printed on stdout; for a folder use --to.")
    if args.input_format is not None:
        raise DeskError("--input-format is only for standard input (INPUT -).")
    fmt = args.to or "docx"
    layout = outputs.check_layout(args.layout, fmt, "file")
    outputs.check_output_folder(args.output, args.input)
    found = scan(Path(args.input), Path(args.output), "." + fmt, recursive=args.recursive)
    translator = with_memory(load_translator(args.model), enabled=not args.no_tm)
    position = {source: n for n, source in enumerate(found.inputs, 1)}
    total = len(found.inputs)

    def translate_fn(document):
        sentences = document.sentences()
        n = position.get(Path(document.path), 0)
        name = Path(document.path).name
        return translate_all(translator, sentences, args, label=f"file {n} of {total} ({printable(name)}): ")

    errors = []
    counts = {"ok": 0, "skipped": 0, "error": 0}
    clock = _BatchClock(found.inputs)
    for result in batch_translate(Path(args.input), Path(args.output), translate_fn, out_ext="." + fmt,
                                  layout=layout or "bilingual", model_name=translator.name, found=found):
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.status == "error":
            errors.append(result)
        left = clock.finished(result.source, translated=result.status == "ok")
        if not args.quiet:
            n = position.get(result.source, 0)
            print(f"[{n}/{total}] {result.status:7} {printable(result.source)}{left}", file=sys.stderr)
    if not args.quiet:
        summary = f"{counts['ok']} translated, {counts['skipped']} already done, {counts['error']} failed"
        if found.ignored:
            summary += f"; {printable(found.describe_ignored(recursive=args.recursive))}"
        print(summary, file=sys.stderr)
    for result in errors:
        print(f"desk: error: {printable(result.message)}", file=sys.stderr)
    return 2 if errors else 0


class _BatchClock:
    """Time left in a batch, from the bytes translated so far (files already done cost nothing)."""

    def __init__(self, inputs: list[Path]) -> None:
        self.sizes = {}
        for path in inputs:
            try:
                self.sizes[path] = path.stat().st_size
            except OSError:
                self.sizes[path] = 0
        self.remaining = sum(self.sizes.values())
        self.translated_bytes = 0
        self.started = time.monotonic()
        self.spent = 0.0

    def finished(self, source: Path, *, translated: bool) -> str:
        """Account for ``source``; returns ' (about 12:30 left)' once there is a rate to go by."""
        now = time.monotonic()
        size = self.sizes.get(source, 0)
        self.remaining -= size
        if translated:
            self.translated_bytes += size
            self.spent += now - self.started
        self.started = now
        if not self.translated_bytes or self.remaining <= 0:
            return ""
        left = self.spent / self.translated_bytes * self.remaining
        return f" (about {tqdm.format_interval(left)} left in the batch)"
