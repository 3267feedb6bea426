"""``desk translate IN -o OUT --layout same``: the source file rewritten in English.

Kept apart from ``translate_cmd`` so the plain translate path stays as it was; see
``desk.export.same_layout`` for what is kept and how.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk.errors import DeskError


def run_same(args: argparse.Namespace) -> int:
    """Check the formats first (no model load for a refused pair), then translate in place."""
    from desk.cli.outputs import check_output_target
    from desk.cli.progress import PROGRESS_MIN_SENTENCES, Progress
    from desk.cli.translate_cmd import load_translator
    from desk.export.same_layout import check_same_layout, write_same_layout
    from desk.export.sentence_lookup import engine_texts
    from desk.project import is_project_path

    if is_project_path(args.input):
        raise DeskError(f"To write a project's document in its own layout: desk export {args.input} -o OUT "
                        "--layout same")
    if args.input == "-" or Path(args.input).is_dir() or not args.output:
        raise DeskError("--layout same translates one .docx or .html file and needs -o OUT of the same type.")
    check_same_layout(args.input, args.output)
    check_output_target(args.output, args.input)
    translator = load_translator(args.model)
    shown: list[Progress] = []  # made at the first sentence, when the total is known

    def progress(done: int, total: int) -> None:
        if not shown:
            shown.append(Progress(total, enabled=not args.quiet and total >= PROGRESS_MIN_SENTENCES))
        shown[0].update(done - shown[0].done)

    try:
        result = write_same_layout(args.input, args.output,
                                   engine_texts(translator, beam_size=args.beam, progress=progress))
    finally:
        for bar in shown:
            bar.close()
    for warning in result.warnings:
        print(f"desk: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(f"wrote {args.output} ({result.paragraphs} paragraphs, {result.sentences} sentences translated)",
              file=sys.stderr)
    return 0


def run_project_same(args: argparse.Namespace) -> int:
    """``desk export PROJECT -o OUT --layout same``: the project's source file with its English.

    The engine (``--model``) is created only if the file holds text the project has no English
    for; a project read while the app has it open is read from a snapshot.
    """
    from desk.cli.outputs import check_output_target
    from desk.cli.translate_cmd import check_beam, load_translator
    from desk.export.same_layout import check_same_layout
    from desk.export.same_layout_project import project_source, write_project_same_layout
    from desk.project import Project

    check_beam(args.beam)
    with Project.open(args.project, read_only=True) as project:
        check_same_layout(project_source(project), args.output)
        check_output_target(args.output, project_source(project))
        result = write_project_same_layout(project, args.output, load_translator=lambda: load_translator(args.model),
                                           beam_size=args.beam)
    for warning in result.warnings:
        print(f"desk: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(f"wrote {args.output} ({result.paragraphs} paragraphs; English for {result.from_project} pieces "
              f"from the project, {result.from_engine} from the engine)", file=sys.stderr)
    return 0
