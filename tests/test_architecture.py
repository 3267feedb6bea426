"""Layering rules: the core never imports Qt, and importing creates no files."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CORE_MODULES = [
    "desk", "desk.cli", "desk.segment", "desk.translate", "desk.textnorm", "desk.results",
    "desk.documents", "desk.export", "desk.summarize", "desk.models", "desk.models.store",
    "desk.cli.translate_cmd", "desk.cli.segment_cmd", "desk.cli.summarize_cmd", "desk.models.cli",
    "desk.cli.gui_cmd", "desk.tm", "desk.tm.tmx", "desk.tm.apply", "desk.cli.tm_cmd",
    "desk.glossary", "desk.qa", "desk.cli.qa_cmd", "desk.cli.glossary_cmd", "desk.project",
    "desk.tm.project_link", "desk.qa.project_qa", "desk.cli.project_run",
]


def test_core_imports_no_qt_and_has_no_import_side_effects(tmp_path):
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "from desk.cli import build_parser\n"
        "build_parser()\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desk.ui')))\n"
        "assert not qt, qt\n"
    )
    home = tmp_path / "home"
    env = {**os.environ, "DESK_HOME": str(home), "HOME": str(tmp_path / "user")}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not home.exists(), "importing the core created files"
    assert not (tmp_path / "user").exists()


# Entry points that may start the GUI on request import Qt lazily inside a function.
LAZY_QT_ALLOWED = {"desk/cli/gui_cmd.py", "desk/selftest.py"}


def test_no_core_source_file_imports_qt():
    """A static scan catches Qt imports hidden inside functions, too."""
    offenders = []
    for folder in ("desk", "models"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in LAZY_QT_ALLOWED:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for name in names:
                    if name.split(".")[0] in {"PySide6", "shiboken6"} or name.startswith("desk.ui"):
                        offenders.append(f"{rel}:{node.lineno} imports {name}")
    assert not offenders, offenders
