"""Start the real app and run a Python file with ``window`` and ``app`` once the window is up.

    python tests/app_with_script.py SCRIPT [APP ARGS...]

tests/test_ui_recovery.py drives a separate app process this way (it kills it mid-work and starts
it again), through the window's own methods; the shipped entry point has no such flag.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desk.ui.app import main


def run(script: str, argv: list[str]) -> int:
    code = compile(Path(script).read_text(encoding="utf-8"), script, "exec")
    return main(argv, after_start=lambda window, app: exec(code, {"window": window, "app": app}))  # noqa: S102


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], sys.argv[2:]))
