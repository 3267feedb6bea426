"""``desk translate IN -o OUT --layout same``: the source file rewritten in English.

Kept apart from ``translate_cmd`` so the plain translate path stays as it was; see
``desk.export.same_layout`` for what is kept and how.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk.errors import DeskError

PROGRESS_MIN_SENTENCES = 20


def run_same(args: argparse.Namespace) -> int:
    """Check the formats first (no model load for a refused pair), then translate in place."""
    from desk.cli.translate_cmd import load_translator
    from desk.export.same_layout import check_same_layout, write_same_layout
    from desk.export.sentence_lookup import engine_texts

    if args.input == "-" or Path(args.input).is_dir() or not args.output:
        raise DeskError("--layout same translates one .docx or .html file and needs -o OUT of the same type.")
    check_same_layout(args.input, args.output)
    translator = load_translator(args.model)

    def progress(done: int, total: int) -> None:
        if not args.quiet and total >= PROGRESS_MIN_SENTENCES:
            end = "\n" if done == total else ""
            print(f"\rtranslated {done}/{total} sentences", end=end, file=sys.stderr, flush=True)

    result = write_same_layout(args.input, args.output,
                               engine_texts(translator, beam_size=args.beam, progress=progress))
    for warning in result.warnings:
        print(f"desk: warning: {warning}", file=sys.stderr)
    if not args.quiet:
        print(f"wrote {args.output} ({result.paragraphs} paragraphs, {result.sentences} sentences translated)",
              file=sys.stderr)
    return 0
