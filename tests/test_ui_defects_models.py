"""Issue 16 item 4: the first run offline points at the window's own Install/Import (not a
terminal), Install model… installs, and an imported model gets the name the user chose."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from ui_helpers import article, make_window, open_file, sentence_pairs

from desk.errors import ModelNotFoundError, NetworkError
from desk.models import store
from desk.models.install import OFFLINE_HINT
from desk.models.store import NO_MODEL_MESSAGE
from desk.ui import models_dialog
from desk.ui.errors import ERROR_DIALOG_NAME
from desk.ui.models_dialog import ModelsDialog, gui_advice


def test_core_advice_becomes_the_windows_own_buttons():
    for exc in (NetworkError(f"Cannot download the model: no network. {OFFLINE_HINT}"),
                ModelNotFoundError(NO_MODEL_MESSAGE)):
        text = str(gui_advice(exc))
        assert "`" not in text and "desk models" not in text
        assert "Import model…" in text and "model.bin" in text and ".zip" in text
        assert type(gui_advice(exc)) is type(exc)
        first = text.split(" Click ")[0]
        assert first in ("No translation model is installed.", "Cannot download the model: no network.")
    assert str(gui_advice(NetworkError("Cannot download the model: no network. x"))).startswith("Cannot download")
    plain = ValueError("x")
    assert gui_advice(plain) is plain


def test_welcome_install_installs_the_recommended_model(qtbot, monkeypatch):
    from desk.models.catalogue import default_model_id

    started = []
    monkeypatch.setattr(ModelsDialog, "install", lambda self, model_id: started.append(model_id))
    window = make_window(qtbot, None)
    window.welcome.install_button.click()
    assert started == [default_model_id()]
    assert window.models_dialog.isVisible()
    window.models_dialog.reject()


def test_translate_without_a_model_points_at_import_in_the_window(qtbot, fixture_corpus, tmp_path):
    window = make_window(qtbot, None)
    arabic, _ = article(sentence_pairs(fixture_corpus, 3))
    path = tmp_path / "a.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    assert not window.translate()
    dialogs = [d for d in window.findChildren(QMessageBox, ERROR_DIALOG_NAME) if d.isVisible()]
    assert dialogs, "an error dialog"
    text = dialogs[-1].text()
    assert "desk models" not in text and "Import model…" in text
    dialogs[-1].accept()


def test_import_asks_for_a_name_offering_the_catalogue_or_manifest_one(qtbot, monkeypatch, fixture_model_dir,
                                                                       tmp_path):
    folder = tmp_path / "usb" / "ct2"
    shutil.copytree(fixture_model_dir, folder)
    offered = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda _p, _t, _l, text="", **k: offered.append(text) or ("desk-test-model", True))
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.jobFinished, timeout=60_000) as finished:
        dialog.btn_import_folder.click()
    assert finished.args == [True]
    assert offered == ["opus-mt-ar-en"]  # the catalogue's model, not "ct2"
    assert dialog.installed_ids() == ["desk-test-model"]
    # the installed copy has a manifest: importing it again offers its id, and a taken name is refused
    assert models_dialog.suggested_name(store.model_path("desk-test-model")) == "desk-test-model"
    warned = []
    answers = iter([("desk-test-model", True), ("", False)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    assert dialog.import_named(folder) is None
    assert warned and "already installed" in warned[0]


def test_welcome_page_shows_no_docks_and_the_editor_brings_them_back(qtbot, fixture_corpus, tmp_path):
    """The summary and translation-memory docks are part of the editor: on the welcome page they
    would frame an empty window."""
    window = make_window(qtbot, None)
    assert window.stack.currentIndex() == 0  # welcome
    assert window.summary_dock.isHidden() and window.memory_tools.memory_dock.isHidden()
    arabic, _ = article(sentence_pairs(fixture_corpus, 3))
    path = tmp_path / "a.txt"
    path.write_text(arabic, encoding="utf-8")
    open_file(qtbot, window, path)
    assert not window.summary_dock.isHidden() and not window.memory_tools.memory_dock.isHidden()
    assert window.memory_tools.qa_dock.isHidden()  # QA opens on demand (F7)


def test_error_messages_reach_the_user_with_control_and_bidi_characters_escaped(qtbot, monkeypatch):
    from desk.errors import ModelError
    from desk.ui.errors import error_message

    shown = error_message(ModelError("Cannot import evil\x1b[31m\u202eman.zip: damaged."))
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[31m" in shown and "\\u202e" in shown
    assert "\x1b" not in error_message(ValueError("bad\x1b[2J\nname"))
    warned = []
    answers = iter([("bad\u202ename\x1b", True), ("", False)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warned.append(text))
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    assert dialog.ask_name("x.zip") is None
    assert warned and "\u202e" not in warned[0] and "\x1b" not in warned[0]
