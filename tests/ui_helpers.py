"""Shared helpers for the GUI tests (tests/test_ui_*.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def article(pairs, per_paragraph: int = 3):
    """Arabic text made of corpus sentences (``per_paragraph`` per paragraph) and the English
    the pane must show: one line per paragraph (QTextEdit.toPlainText joins blocks with \\n)."""
    paragraphs = [pairs[i:i + per_paragraph] for i in range(0, len(pairs), per_paragraph)]
    arabic = "\n\n".join(" ".join(ar for ar, _ in p) for p in paragraphs)
    english = "\n".join(" ".join(en for _, en in p) for p in paragraphs)
    return arabic, english


def sentence_pairs(corpus, count: int, start: int = 0):
    """Corpus pairs that end with sentence punctuation (headlines would be their own paragraph)."""
    chosen = [(ar, en) for ar, en in corpus if ar.rstrip()[-1] in ".!?؟"]
    return chosen[start:start + count]


def run_gui(args, home: Path, timeout=180) -> subprocess.CompletedProcess:
    """``python -m desk.ui ARGS`` in a subprocess with its own DESK_HOME, offscreen, no DESK_MODEL."""
    env = {**os.environ, "DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DESK_MODEL", None)
    return subprocess.run([sys.executable, "-m", "desk.ui", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def model_dir(request) -> Path:
    """The real tiny fixture model (conftest ``fixture_model_dir``)."""
    return request.getfixturevalue("fixture_model_dir")


def make_window(qtbot, model: Path | None, *, beam: int = 1, show: bool = True):
    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    settings = Settings()
    settings.set("beam_size", beam)  # the tiny model is exact at beam 1 (BUILD_REPORT.txt)
    window = MainWindow(model=str(model) if model else None, settings=settings)
    window.files.ask_to_discard = lambda _action: "discard"  # a modal question would wait forever
    qtbot.addWidget(window)
    if show:
        window.resize(1200, 760)
        window.show()
        qtbot.waitExposed(window)
    return window


def open_file(qtbot, window, path: Path, timeout: int = 20_000):
    with qtbot.waitSignal(window.documentLoaded, timeout=timeout):
        window.open_path(path)


def translate(qtbot, window, timeout: int = 60_000):
    with qtbot.waitSignal(window.translationFinished, timeout=timeout):
        assert window.translate()


