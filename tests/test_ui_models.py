"""First run without a model (welcome panel) and the models dialog over the local fake Hub."""

from __future__ import annotations

import pytest
from fakehub import allow_hub, serve_repo
from PySide6.QtCore import Qt
from ui_helpers import make_window

from desk.models import store
from desk.ui.main_window import PAGE_EDITOR, PAGE_WELCOME

REPO = "gaudi/opus-mt-ar-en-ctranslate2"


def test_first_run_without_a_model_shows_the_welcome_panel(qtbot, monkeypatch):
    from desk.ui.models_dialog import ModelsDialog

    monkeypatch.setattr(ModelsDialog, "install", lambda self, model_id: None)  # no download here
    window = make_window(qtbot, None)
    assert window.translator is None
    assert window.stack.currentIndex() == PAGE_WELCOME
    assert window.welcome.isVisible()
    text = window.welcome.text.text()
    assert "Install model" in text and "Import model" in text
    assert window.model_label.text() == "No model"
    window.welcome.install_button.click()
    dialog = window.models_dialog
    assert dialog.isVisible() and dialog.objectName() == "modelsDialog"
    dialog.reject()


@pytest.mark.network_localhost
def test_models_dialog_installs_from_the_fake_hub_with_progress(qtbot, monkeypatch, fixture_model_dir):
    allow_hub(monkeypatch)
    window = make_window(qtbot, None)
    dialog = window.show_models_dialog()
    assert dialog.installed_ids() == []
    with serve_repo(REPO, fixture_model_dir) as endpoint:
        dialog.endpoint = endpoint
        rows = [dialog.available.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(dialog.available.rowCount())]
        dialog.available.selectRow(rows.index("opus-mt-ar-en"))
        with qtbot.waitSignal(dialog.jobFinished, timeout=60_000) as finished:
            qtbot.mouseClick(dialog.btn_install, Qt.MouseButton.LeftButton)
            assert not dialog.btn_install.isEnabled() and dialog.btn_cancel.isEnabled()
    assert finished.args == [True]
    download = [v for step, v in dialog.progress_values if step == "download"]
    assert download and download == sorted(download) and download[-1] == 1000
    assert dialog.installed_ids() == ["opus-mt-ar-en"]
    assert store.get_default_model() == "opus-mt-ar-en"
    # the main window picked the new model up and left the welcome panel
    qtbot.waitUntil(lambda: window.translator is not None, timeout=5000)
    assert window.stack.currentIndex() == PAGE_EDITOR
    dialog.reject()


@pytest.mark.network_localhost
def test_install_can_be_cancelled(qtbot, monkeypatch, fixture_model_dir):
    from desk.ui.models_dialog import ModelsDialog

    allow_hub(monkeypatch)
    with serve_repo(REPO, fixture_model_dir, throttle=0.05) as endpoint:
        dialog = ModelsDialog(endpoint=endpoint)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.jobFinished, timeout=60_000) as finished:
            dialog.install("opus-mt-ar-en")
            qtbot.waitUntil(lambda: dialog.last_progress is not None and dialog.last_progress.step == "download",
                            timeout=20_000)
            dialog.btn_cancel.click()
    assert finished.args == [False]
    assert dialog.installed_ids() == []
    assert not store.is_installed("opus-mt-ar-en")


def test_import_a_model_folder_and_set_default(qtbot, fixture_model_dir):
    from desk.ui.models_dialog import ModelsDialog

    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.jobFinished, timeout=60_000) as finished:
        dialog.import_path(fixture_model_dir)
    assert finished.args == [True]
    (model_id,) = dialog.installed_ids()
    dialog.installed.selectRow(0)
    dialog.btn_default.click()
    assert store.get_default_model() == model_id
