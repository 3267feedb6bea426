"""Entry point of the desktop app (``tarjama-desk``, ``python -m desk.ui``, ``desk gui``).

Only here: logging is configured, the QApplication is created, fonts and theme applied.
``--screenshot PNG FILE`` opens FILE, translates it, waits for the summary, saves a picture
of the window and exits (documentation and visual checks). ``--first-paint`` prints the
time to the first painted frame and exits (tests/bench/gui_startup.py).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

_T0 = time.perf_counter()
log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tarjama-desk", description="Tarjama Desk: Arabic→English, offline.")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a document to open")
    parser.add_argument("--model", metavar="NAME_OR_DIR", help="installed model id or model folder")
    parser.add_argument("--theme", choices=("light", "dark", "system"), help="colour theme (saved setting otherwise)")
    parser.add_argument("--screenshot", metavar="PNG", help="open FILE, translate it, save a screenshot, exit")
    parser.add_argument("--size", default="1400x860", metavar="WxH", help="window size for --screenshot")
    parser.add_argument("--dialog", choices=("models", "settings"),
                        help="with --screenshot: capture this dialog instead of the window")
    parser.add_argument("--self-test", action="store_true",
                        help="check the installation offscreen (model, translate, summary, DOCX, window) and exit; "
                             "must come first: --self-test [--model DIR] [--no-gui]")
    parser.add_argument("--first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=600.0, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None, *, after_start: Callable[[Any, Any], None] | None = None) -> int:
    """The app's entry point; ``after_start(window, app)`` runs once the window is shown (tests drive a
    separate process with it: tests/app_with_script.py)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:  # offscreen end-to-end check of an installation: desk/selftest.py
        from desk.logsetup import configure_logging
        from desk.selftest import main as self_test

        configure_logging()
        return self_test(argv[1:])  # [--model DIR] [--no-gui]
    args = build_parser().parse_args(argv)
    from desk.logsetup import configure_logging

    configure_logging()
    from PySide6.QtWidgets import QApplication

    from desk.ui.fonts import load_bundled_fonts
    from desk.ui.qtcheck import binding_is_sound, broken_binding_message
    from desk.ui.theme import apply_theme

    if not binding_is_sound():
        print(f"tarjama-desk: error: {broken_binding_message()}", file=sys.stderr)
        return EXIT_FAILED
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tarjama Desk")
    app.setOrganizationName("tarjama-desk")
    app.setApplicationDisplayName("Tarjama Desk")
    load_bundled_fonts()
    _install_excepthook()

    from desk.ui.main_window import MainWindow
    from desk.ui.settings import Settings

    # documentation/benchmark runs read the user's settings but never write them, and nobody is
    # there to answer a question (on any platform, offscreen or a real X server)
    unattended = bool(args.screenshot or args.first_paint)
    settings = Settings(read_only=unattended)
    window = MainWindow(model=args.model, settings=settings)
    window.unattended = unattended
    apply_theme(app, args.theme or window.settings.get("theme"))
    window.apply_settings()
    if args.first_paint:
        return _first_paint(app, window)
    if args.screenshot:
        return _screenshot(app, window, args)
    window.show()
    from PySide6.QtCore import QTimer

    def start() -> None:
        # work a crash left open first (restore or discard, issue 12), then FILE: opening it asks
        # about a restored untitled project instead of replacing it
        window.offer_recovery()
        if args.file:
            window.open_path(args.file)

    QTimer.singleShot(0, start)
    if after_start is not None:
        after_start(window, app)
    code = app.exec()
    window.shutdown()
    return code


def _install_excepthook() -> None:
    """An exception escaping a slot becomes the one error dialog instead of a silent crash."""
    from PySide6.QtWidgets import QApplication

    from desk.ui.errors import show_error

    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        show_error(QApplication.activeWindow(), exc.with_traceback(tb))

    sys.excepthook = hook


def _first_paint(app, window) -> int:
    def done() -> None:
        print(f"FIRST_PAINT {(time.perf_counter() - _T0) * 1000:.0f} ms", flush=True)
        app.quit()

    window.firstPaint.connect(done)
    window.show()
    app.exec()
    window.shutdown()
    return EXIT_OK


def _screenshot(app, window, args) -> int:
    from pathlib import Path

    from PySide6.QtCore import QTimer

    from desk.ui.errors import error_message

    width, _, height = args.size.partition("x")
    window.resize(int(width), int(height))
    window.show()
    state = {"code": EXIT_OK, "translated": False, "summary": False}
    out = Path(args.screenshot)

    def fail(exc: BaseException) -> None:
        print(f"tarjama-desk: error: {error_message(exc)}", file=sys.stderr)
        state["code"] = EXIT_USER_ERROR
        app.quit()

    def capture() -> None:
        target = window
        if args.dialog == "models":
            target = window.show_models_dialog()
        elif args.dialog == "settings":
            target = window.show_settings_dialog()
        app.processEvents()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not target.grab().save(str(out)):
            print(f"tarjama-desk: error: cannot write {out}", file=sys.stderr)
            state["code"] = EXIT_FAILED
        else:
            print(f"saved {out} (longest UI pause while translating: {window.longest_stall_ms:.0f} ms)")
        app.quit()

    def maybe_capture() -> None:
        if state["translated"] and state["summary"]:
            QTimer.singleShot(300, capture)

    def on_translated() -> None:
        state["translated"] = True
        # show the alignment: select the first summary sentence (or the first sentence)
        rows = window.model.summary_rows()
        window.jump_to_row(rows[0] if rows else 0)
        maybe_capture()

    def on_summary() -> None:
        state["summary"] = True
        maybe_capture()

    def on_loaded() -> None:
        if not window.translate():
            fail(RuntimeError("nothing to translate"))

    if not args.file or window.model_dir is None:
        # welcome panel or an empty window: capture what is there
        QTimer.singleShot(500, capture)
    else:
        window.documentLoaded.connect(on_loaded)
        window.translationFinished.connect(on_translated)
        window.summaryUpdated.connect(on_summary)
        worker = window.open_path(args.file)
        worker.signals.errored.connect(fail)
    QTimer.singleShot(int(args.timeout * 1000), lambda: (print("tarjama-desk: timed out", file=sys.stderr),
                                                         state.update(code=EXIT_FAILED), app.quit()))
    app.exec()
    window.shutdown()
    return int(state["code"])


if __name__ == "__main__":
    sys.exit(main())
