"""``tarjama-desk --self-test``: prove an installed build works, without a person.

Runs the paths a translator needs, end to end, on a short built-in Arabic text: load the
model (the given one, else the one embedded in the bundle, else the installed default),
translate, summarise, export a bilingual DOCX to a temporary folder and read it back, check
the model-download machinery imports (no network), and
(``gui=True``) start an offscreen QApplication, load the bundled Arabic font and build the
main window. Each step prints one line; a failed step prints what failed and the run goes
on, so one run lists every problem. Returns 0 when every step passed, else 1.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

# Sentences from the tiny fixture model's corpus (tests/fixtures/tiny-ar-en), so a test build
# translates them exactly; the real OPUS-MT model translates them well too.
SAMPLE_TEXT = (
    "عقد مجلس الوزراء اجتماعه الأسبوعي صباح اليوم في العاصمة. "
    "أعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب.\n\n"
    "وصل وزير الخارجية إلى القاهرة في زيارة رسمية تستغرق يومين. "
    "قال المتحدث باسم الحكومة إن المفاوضات ستستأنف الأسبوع المقبل."
)


class SelfTestFailure(Exception):
    """A step's check did not hold; the message says what was expected."""


@dataclass
class _State:
    model_dir: Path | None = None
    document: Any = None
    translations: list = field(default_factory=list)
    workdir: Path | None = None


def _step_model(state: _State, model_dir: str | os.PathLike | None) -> str:
    from desk.resources import bundled_model_dir

    if model_dir is not None:
        chosen, origin = Path(model_dir).expanduser(), "given"
    elif (bundled := bundled_model_dir()) is not None:
        chosen, origin = bundled, "bundled"
    else:
        from desk.models.store import resolve_model

        chosen, origin = resolve_model(None), "installed"
    if not (chosen / "model.bin").is_file():
        raise SelfTestFailure(f"{chosen} is not a CTranslate2 model folder (no model.bin)")
    state.model_dir = chosen
    return f"{origin} model {chosen}"


def _step_translate(state: _State) -> str:
    from desk.documents import read_text
    from desk.translate import Translator

    if state.model_dir is None:
        raise SelfTestFailure("skipped: no model")
    state.document = read_text(SAMPLE_TEXT, name="self-test.txt")
    translator = Translator(state.model_dir, beam_size=1)
    translator.load()
    state.translations = list(translator.translate_document(state.document))
    expected = len(state.document.sentences())
    if len(state.translations) != expected:
        raise SelfTestFailure(f"expected {expected} translated sentences, got {len(state.translations)}")
    english = [t.target for t in state.translations if not t.passthrough]
    if not english or not all(any("a" <= ch.lower() <= "z" for ch in text) for text in english):
        raise SelfTestFailure(f"the translations are not English: {english!r}")
    return f"{len(state.translations)} sentences; first: {state.translations[0].target!r}"


def _step_summarise(state: _State) -> str:
    from desk.segment import segment
    from desk.summarize import summarize

    picked = summarize(segment(SAMPLE_TEXT), n_sentences=2)
    if not picked:
        raise SelfTestFailure("the summary is empty")
    return f"{len(picked)} sentences picked: {[s.index for s in picked]}"


def _step_export(state: _State) -> str:
    from desk.export import write_translation

    if not state.translations or state.workdir is None:
        raise SelfTestFailure("skipped: nothing was translated")
    path = state.workdir / "self-test.docx"
    write_translation(path, state.document, state.translations, layout="bilingual")
    if not path.is_file() or path.stat().st_size == 0:
        raise SelfTestFailure(f"{path} was not written")
    text = _docx_text(path)
    missing = [t.target for t in state.translations if t.target and t.target not in text]
    if missing:
        raise SelfTestFailure(f"the DOCX lacks {len(missing)} translated sentences, e.g. {missing[0]!r}")
    return f"{path.stat().st_size} bytes"


def _step_hub(state: _State) -> str:
    """The model-download machinery is complete (no network): in a frozen build the package
    metadata huggingface-hub reads at run time must match the modules that were bundled."""
    import importlib
    import importlib.metadata
    import importlib.util

    version = importlib.metadata.version("huggingface_hub")
    importlib.import_module("huggingface_hub")
    importlib.import_module("desk.models.install")
    try:
        importlib.metadata.version("hf_xet")
        xet_metadata = True
    except importlib.metadata.PackageNotFoundError:
        xet_metadata = False
    xet_module = importlib.util.find_spec("hf_xet") is not None
    if xet_metadata and not xet_module:
        raise SelfTestFailure("hf_xet's metadata is present but not the module: huggingface-hub would try Xet and fail")
    return f"huggingface-hub {version}, xet {'on' if xet_module and xet_metadata else 'off (plain HTTPS)'}"


def _docx_text(path: Path) -> str:
    """All text of a DOCX (body paragraphs and table cells), read back with python-docx."""
    import docx

    if not zipfile.is_zipfile(path):
        raise SelfTestFailure(f"{path.name} is not a DOCX (not a zip archive)")
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _step_gui(state: _State) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QThreadPool
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication

    from desk.resources import FONT_FAMILY, font_paths

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "tarjama-desk"])
    _check_binding()
    fonts = font_paths()
    if len(fonts) < 2:
        raise SelfTestFailure(f"the bundled Arabic fonts are missing (found {[p.name for p in fonts]})")
    for path in fonts:
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            raise SelfTestFailure(f"Qt cannot load the bundled font {path.name}")
    if FONT_FAMILY not in QFontDatabase.families():
        raise SelfTestFailure(f"font family {FONT_FAMILY!r} is not available after loading the bundled fonts")
    window = _build_main_window(state.model_dir)
    name = type(window).__name__
    pool = QThreadPool.globalInstance()
    try:
        window.show()
        _settle(app, pool)  # let start-up jobs (model loading) finish and deliver their signals
        if not window.isVisible():
            raise SelfTestFailure(f"the {name} did not show")
    finally:
        if callable(getattr(window, "shutdown", None)):
            window.shutdown()
        window.close()
        _settle(app, pool)
        window.deleteLater()
        app.processEvents()
    return f"platform {app.platformName()}, font {FONT_FAMILY}, window {name}"


def _check_binding() -> None:
    """The GUI's own start-up check of the Qt binding (desk.ui.qtcheck), when the UI has one."""
    import importlib

    try:
        qtcheck = importlib.import_module("desk.ui.qtcheck")
    except ModuleNotFoundError:
        return
    if not qtcheck.binding_is_sound():
        raise SelfTestFailure(qtcheck.broken_binding_message())


def _settle(app, pool, timeout_s: float = 30.0) -> None:
    """Process events until the thread pool has been idle for a moment (or the timeout)."""
    deadline = time.monotonic() + timeout_s
    idle_since = None
    while time.monotonic() < deadline:
        app.processEvents()
        if pool.activeThreadCount() == 0:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since > 0.2:
                return
        else:
            idle_since = None
        time.sleep(0.01)


def _build_main_window(model_dir: Path | None):
    """The UI's main window, built as ``tarjama-desk`` builds it (desk.ui imported lazily)."""
    import importlib
    import inspect

    window_class = importlib.import_module("desk.ui.main_window").MainWindow
    parameters = inspect.signature(window_class).parameters
    kwargs: dict = {}
    if "model" in parameters and model_dir is not None:
        kwargs["model"] = str(model_dir)
    if "settings" in parameters:  # the self-test reads the user's settings, never writes them
        kwargs["settings"] = importlib.import_module("desk.ui.settings").Settings(read_only=True)
    return window_class(**kwargs)


def run_self_test(model_dir: str | os.PathLike | None = None, gui: bool = True, *, out: TextIO | None = None) -> int:
    """Run every step, print one line each, return 0 if all passed else 1."""
    out = out or sys.stdout
    state = _State()
    steps: list[tuple[str, Callable[[], str]]] = [
        ("model", lambda: _step_model(state, model_dir)),
        ("translate", lambda: _step_translate(state)),
        ("summarise", lambda: _step_summarise(state)),
        ("export-docx", lambda: _step_export(state)),
        ("hub", lambda: _step_hub(state)),
    ]
    if gui:
        steps.append(("gui", lambda: _step_gui(state)))
    failed: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="tarjama-selftest-") as tmp:
        state.workdir = Path(tmp)
        for name, step in steps:
            t0 = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # noqa: BLE001 - report every failure, keep going
                failed.append(name)
                print(f"self-test: {name}: FAILED: {type(exc).__name__}: {exc}", file=out)
                if os.environ.get("DESK_SELFTEST_TRACEBACK") == "1":
                    traceback.print_exc(file=out)
                continue
            print(f"self-test: {name}: ok ({time.perf_counter() - t0:.2f} s) {detail}", file=out)
    total = time.perf_counter() - started
    if failed:
        print(f"self-test: FAILED ({', '.join(failed)}) in {total:.2f} s", file=out)
        return 1
    print(f"self-test: all {len(steps)} steps passed in {total:.2f} s", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m desk.selftest [--model DIR] [--no-gui]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="tarjama-desk --self-test", description=__doc__.splitlines()[0])
    parser.add_argument("--model", metavar="DIR", help="model folder (default: bundled, else installed)")
    parser.add_argument("--no-gui", action="store_true", help="skip the offscreen window step")
    args = parser.parse_args(argv)
    return run_self_test(args.model, gui=not args.no_gui)


if __name__ == "__main__":
    sys.exit(main())
