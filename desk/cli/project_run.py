"""``desk translate`` into a ``.tarjama`` project: a new one from INPUT, or an existing one finished in place.

Machine English never replaces an edited or confirmed sentence (``Project.apply_machine_many``);
exact translation-memory matches are filled in first (status tm-exact) and never reach the engine;
results are committed in chunks, so an interrupted run keeps what was translated and the next
``desk translate PROJECT.tarjama`` only translates what is left.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from desk.errors import DeskError, DocumentError

COMMIT_EVERY = 64  # sentences per transaction (one fsync each)
COMMIT_SECONDS = 2.0  # ...or at most this long between commits


def translate_into_project(args: argparse.Namespace, load_translator) -> int:
    from desk.cli.inputs import load_input
    from desk.project import Project, is_project_path

    if is_project_path(args.input):
        if args.output and Path(args.output).resolve() != Path(args.input).resolve():
            raise DeskError("A project is translated in place: give no -o, or use `desk export` for other files.")
        project = Project.open(args.input)
    else:
        out = Path(args.output)
        if out.exists():
            raise DeskError(f"{out.name} already exists; finish it with `desk translate {out}` "
                            "or choose another name.")
        document = load_input(args.input, getattr(args, "input_format", None))
        if not document.sentences():
            raise DocumentError(args.input, "it contains no text to translate.")
        source = None if args.input == "-" else str(Path(args.input).resolve())
        project = Project.create(document, out, source_path=source)
    with project:
        filled = _fill_from_memory(project, args)
        if filled and not args.quiet:
            print(f"{len(filled)} sentence(s) from the translation memory", file=sys.stderr)
        todo = project.untranslated()
        if not todo:
            if not args.quiet:
                print(f"{project.path.name}: nothing left to translate", file=sys.stderr)
            return 0
        translator = load_translator(args.model)
        _translate(project, translator, todo, args)
        if not args.quiet:
            print(f"wrote {project.path}", file=sys.stderr)
    return 0


def _fill_from_memory(project, args) -> list:
    """Exact memory matches fill sentences (tm-exact) before the engine sees any (``--no-tm``: none)."""
    if getattr(args, "no_tm", False):
        return []
    from desk.tm.project_link import fill_exact
    from desk.tm.store import TranslationMemory

    memory = TranslationMemory.open_existing()
    if memory is None:
        return []
    with memory:
        return fill_exact(project, memory)


def _translate(project, translator, todo, args) -> None:
    from desk.cli.progress import PROGRESS_MIN_SENTENCES, Progress

    show = not args.quiet and len(todo) >= PROGRESS_MIN_SENTENCES
    last_commit = time.monotonic()
    pending = []
    with Progress(len(todo), enabled=show) as progress:
        try:
            for item in translator.translate_document(todo, beam_size=args.beam):
                pending.append(item)
                progress.update()
                now = time.monotonic()
                if len(pending) >= COMMIT_EVERY or now - last_commit >= COMMIT_SECONDS:
                    project.apply_machine_many(pending, translator.name)
                    pending, last_commit = [], now
        finally:
            if pending:
                project.apply_machine_many(pending, translator.name)
