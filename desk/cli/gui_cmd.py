"""``desk gui [FILE]``: start the desktop app (Qt is imported only when the command runs)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("gui", help="start the desktop application")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a document to open")
    parser.add_argument("--model", metavar="NAME_OR_DIR", help="installed model id or model folder")
    parser.add_argument("--theme", choices=("light", "dark", "system"), help="colour theme")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from desk.ui.app import main  # lazy: the core never imports Qt

    argv: list[str] = []
    if args.model:
        argv += ["--model", args.model]
    if args.theme:
        argv += ["--theme", args.theme]
    if args.file:
        argv.append(args.file)
    return main(argv)
