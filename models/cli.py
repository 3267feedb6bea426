"""``desk models ...``: list, install, import, remove, default, verify, path.

Progress goes to stderr (a single updating line on a terminal, a few lines otherwise);
the only stdout output is what a script would want (``path`` prints the folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from desk.errors import printable
from desk.models.progress import InstallProgress


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models",
        help="install, import and manage translation models",
        description="Install, import and manage translation models.",
    )
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", parser_class=type(parser))
    parser.set_defaults(func=_help(parser))

    p = sub.add_parser("list", help="installed and available models")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("install", help="download a catalogue model (needs the network once)")
    p.add_argument("model_id", metavar="ID")
    p.add_argument("--force", action="store_true", help="download and install again even if installed")
    p.add_argument("--quantization", default="int8", help="weights type when converting (default int8)")
    p.add_argument("--endpoint", default=None, help="Hugging Face Hub URL or mirror (default: HF_ENDPOINT)")
    p.set_defaults(func=cmd_install)

    p = sub.add_parser("import", help="install a model folder or archive (e.g. from a USB stick), offline")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--id", dest="model_id", default=None, help="name to install it under")
    p.add_argument("--quantization", default="int8", help="weights type when converting (default int8)")
    p.add_argument("--replace", action="store_true", help="replace an installed model with the same name")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("remove", help="delete an installed model")
    p.add_argument("model_id", metavar="ID")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("default", help="choose the model used when --model is not given")
    p.add_argument("model_id", metavar="ID")
    p.set_defaults(func=cmd_default)

    p = sub.add_parser("verify", help="check an installed model's files and that it translates")
    p.add_argument("model_id", metavar="ID", nargs="?", default=None)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("path", help="print the folder of an installed model")
    p.add_argument("model_id", metavar="ID", nargs="?", default=None)
    p.set_defaults(func=cmd_path)


def _help(parser: argparse.ArgumentParser):
    def show(args) -> int:
        parser.print_help(sys.stderr)
        return 2

    return show


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


class _Reporter:
    """Prints progress to stderr: one rewritten line on a terminal, sparse lines otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last_step = ""
        self.last_time = 0.0

    def __call__(self, item: InstallProgress) -> None:
        now = time.monotonic()
        new_step = item.step != self.last_step
        if item.bytes_total:
            pct = 100 * item.bytes_done / item.bytes_total
            text = f"{item.step}: {_mb(item.bytes_done)} / {_mb(item.bytes_total)} ({pct:.0f}%) {item.file}"
        else:
            text = f"{item.step}: {item.message or item.file}"
        text = printable(text)  # member names from an archive never reach the terminal raw
        if self.tty:
            if new_step and self.last_step:
                sys.stderr.write("\n")
            sys.stderr.write("\r\x1b[2K" + text)
            if item.step == "done":
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif new_step or now - self.last_time > 5 or item.step == "done":
            print(text, file=sys.stderr)
            self.last_time = now
        self.last_step = item.step


def _run(progress: Iterable[InstallProgress]) -> InstallProgress | None:
    report = _Reporter()
    last = None
    for item in progress:
        report(item)
        last = item
    return last


def cmd_list(args) -> int:
    from desk.errors import ModelError
    from desk.models.catalogue import catalogue
    from desk.models.store import list_installed, resolve_model

    installed = list_installed()
    try:  # the model `desk translate` would use without --model (ignoring $DESK_MODEL)
        used = resolve_model(None) if not os.environ.get("DESK_MODEL") else None
    except ModelError:
        used = None
    print("Installed:")
    if not installed:
        print("  (none) - run `desk models install opus-mt-ar-en` or `desk models import PATH`")
    for m in installed:
        mark = "*" if used is not None and m.path == used else " "
        print(f"{mark} {m.id:<24} {_mb(m.size_bytes):>9}  {m.licence}  [{m.source}]")
    print("\nAvailable to install:")
    have = {m.id for m in installed}
    for e in catalogue().values():
        state = "installed" if e.id in have else f"~{e.size_mb:,.0f} MB"
        print(f"  {e.id:<24} {state:>9}  {e.quality_text}; {e.licence.split(' ')[0]}")
        print(f"  {'':<24} {e.description}")
    if installed:
        print("\n* = default model")
    return 0


def cmd_install(args) -> int:
    from desk.models.install import install_model

    last = _run(install_model(args.model_id, endpoint=args.endpoint, force=args.force, quantization=args.quantization))
    if last is not None and last.model_dir is not None:
        print(f"{printable(last.message)}: {printable(last.model_dir)}", file=sys.stderr)
    return 0


def cmd_import(args) -> int:
    from desk.models.importer import import_model

    last = _run(import_model(args.path, model_id=args.model_id, quantization=args.quantization, replace=args.replace))
    if last is not None and last.model_dir is not None:
        print(f"{printable(last.message)}: {printable(last.model_dir)}", file=sys.stderr)
    return 0


def cmd_remove(args) -> int:
    from desk.models.store import remove_model

    note = remove_model(args.model_id)
    print(f"Removed {args.model_id}.", file=sys.stderr)
    if note:
        print(note, file=sys.stderr)
    return 0


def cmd_default(args) -> int:
    from desk.models.store import set_default_model

    set_default_model(args.model_id)
    print(f"{args.model_id} is now the default model.", file=sys.stderr)
    return 0


def cmd_verify(args) -> int:
    from desk.models.store import resolve_model
    from desk.models.verify import verify_model_dir

    folder = resolve_model(args.model_id)
    report = verify_model_dir(Path(folder))
    print(f"OK: {printable(folder)} ({report.files_checked} files checked; "
          f"test sentence → {printable(repr(report.canary_output))})")  # stdout: the answer a script asks for
    return 0


def cmd_path(args) -> int:
    from desk.models.store import resolve_model

    print(resolve_model(args.model_id))
    return 0
