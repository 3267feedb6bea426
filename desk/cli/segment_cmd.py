"""``desk segment INPUT``: one sentence per line, a blank line between paragraphs."""

from __future__ import annotations

import argparse
import sys

from desk.cli.inputs import add_input_arguments, load_input


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("segment", help="split a document into sentences, one per line")
    add_input_arguments(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    document = load_input(args.input, args.input_format)
    out = sys.stdout
    previous = None
    for sentence in document.sentences():
        if previous is not None and sentence.paragraph != previous:
            out.write("\n")
        out.write(sentence.text.replace("\n", " ") + "\n")
        previous = sentence.paragraph
    return 0
