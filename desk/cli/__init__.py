"""The ``desk`` command line. Each subcommand lives in its own module with ``register()``.

Exit codes: 0 success, 2 user error (one readable line on stderr), 1 unexpected failure
(one line pointing at the log file), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desk import __version__
from desk.errors import DeskError, printable

log = logging.getLogger(__name__)

# (module, attribute holding register()) in the order shown by --help.
SUBCOMMANDS = (
    "desk.cli.translate_cmd",
    "desk.cli.export_cmd",
    "desk.cli.project_cmd",
    "desk.cli.segment_cmd",
    "desk.cli.summarize_cmd",
    "desk.cli.tm_cmd",
    "desk.cli.glossary_cmd",
    "desk.cli.qa_cmd",
    "desk.models.cli",
    "desk.cli.gui_cmd",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """Usage errors are user errors: exit 2 with one line (README promises one line), not the usage block."""
        command = self.prog.removeprefix("desk").strip()
        hint = f"desk {command} --help" if command else "desk --help"
        self.exit(2, f"desk: error: {printable(' '.join(message.split()))} (see {hint}).\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="desk", description="Offline Arabic→English translation and summarisation.")
    parser.add_argument("--version", action="version", version=f"desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a subcommand not built in this checkout
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from desk.logsetup import configure_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    log_file = configure_logging()
    try:
        return int(args.func(args) or 0)
    except DeskError as exc:
        log.warning("%s failed: %s", args.command, exc)  # the message names files, never document text
        print(f"desk: error: {printable(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("desk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last resort: never a traceback on the terminal
        log.exception("unexpected error")
        where = f" Details are in {log_file}." if log_file else ""
        print(f"desk: unexpected error: {type(exc).__name__}: {printable(exc)}.{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
