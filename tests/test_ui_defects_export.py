"""Issue 16 items 5-6 through the window: where the export dialog starts, a folder that does
not exist, the open-folder offer, the menu's column order and the export options."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui_helpers import article, open_file, sentence_pairs, translate

from desk.ui import export_dialog


@pytest.fixture
def window(window, qtbot, fixture_corpus, tmp_path):
    w = window
    arabic, _ = article(sentence_pairs(fixture_corpus, 9))
    source = tmp_path / "src" / "article.txt"
    source.parent.mkdir()
    source.write_text(arabic, encoding="utf-8")
    with qtbot.waitSignal(w.summaryUpdated, timeout=20_000):
        open_file(qtbot, w, source)
    translate(qtbot, w)
    return w


class Dialogs:
    """Stands in for the user at the file and message dialogs; records what they were shown."""

    def __init__(self, monkeypatch, answers: list[Path]):
        self.answers = list(answers)
        self.suggested: list[str] = []
        self.warnings: list[str] = []
        self.questions: list[str] = []
        self.infos: list[str] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: self.warnings.append(text))
        monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: self.infos.append(text))
        monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: self.questions.append(text)
                            or QMessageBox.StandardButton.Yes)

    def _save(self, _parent, _title, suggestion, _filter, *a, **k):
        self.suggested.append(suggestion)
        return (str(self.answers.pop(0)), "") if self.answers else ("", "")


def _export(qtbot, window, key="bilingual_docx"):
    with qtbot.waitSignal(window.exportFinished, timeout=20_000) as blocker:
        window.export_actions[key].trigger()
    return Path(blocker.args[0])


def test_the_dialog_starts_in_the_last_export_folder(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    out = tmp_path / "deliveries"
    out.mkdir()
    dialogs = Dialogs(monkeypatch, [out / "first.docx", out / "second.docx"])
    _export(qtbot, window)
    assert Path(dialogs.suggested[0]).parent == tmp_path / "src"  # first time: next to the source
    _export(qtbot, window, "english_docx")
    assert Path(dialogs.suggested[1]) == out / "article-en.docx"
    assert window.statusBar().currentMessage() == f"Saved second.docx in {out}."


def test_a_folder_that_does_not_exist_is_refused_by_name_and_asked_again(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    missing = tmp_path / "no" / "such"
    dialogs = Dialogs(monkeypatch, [missing / "x.docx", tmp_path / "x"])
    written = _export(qtbot, window)
    assert dialogs.warnings == [f"The folder {missing} does not exist. Choose another folder."]
    assert Path(dialogs.suggested[1]) == missing / "x.docx"
    assert written == tmp_path / "x.docx" and written.is_file()
    assert not missing.exists()


def test_open_folder_is_offered_only_where_it_can_work(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    dialogs = Dialogs(monkeypatch, [tmp_path / "a.docx"])
    _export(qtbot, window)
    assert dialogs.questions == []
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: True)
    monkeypatch.setattr(export_dialog.QDesktopServices, "openUrl", lambda url: False)
    dialogs = Dialogs(monkeypatch, [tmp_path / "b.docx"])
    _export(qtbot, window)
    assert len(dialogs.questions) == 1
    assert dialogs.infos == [f"No program could open the folder {tmp_path}."]


def test_the_menu_names_the_columns_in_their_real_order(window):
    action = window.export_actions["bilingual_docx"]
    assert "English | العربية\u200e)" in action.text()  # default: English left, Arabic right
    window.swap_columns()
    assert "العربية\u200e | English)" in action.text()


def test_landscape_summary_and_metadata_are_choices(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    assert window.model.summary_rows()
    options = window.export_options
    assert not options["landscape"].isChecked() and options["summary"].isChecked()
    Dialogs(monkeypatch, [tmp_path / "with.docx"])
    with_summary = _export(qtbot, window)
    options["landscape"].setChecked(True)
    options["summary"].setChecked(False)
    assert window.settings.get("export_landscape") and not window.settings.get("export_summary")
    Dialogs(monkeypatch, [tmp_path / "without.docx"])
    without = _export(qtbot, window)
    summary_text = window.model.row(window.model.summary_rows()[0]).target

    def body(path):
        return zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")

    assert body(with_summary).count(summary_text.split()[0]) > body(without).count(summary_text.split()[0])
    section = docx.Document(str(without)).sections[0]
    assert section.page_width > section.page_height
    # English DOCX: no metadata line unless asked
    Dialogs(monkeypatch, [tmp_path / "en.docx"])
    english = _export(qtbot, window, "english_docx")
    assert not any("Model:" in p.text for p in docx.Document(str(english)).paragraphs)
    options["metadata"].setChecked(True)
    Dialogs(monkeypatch, [tmp_path / "en2.docx"])
    english = _export(qtbot, window, "english_docx")
    assert any("Model:" in p.text for p in docx.Document(str(english)).paragraphs)


def test_status_column_and_tmx_scope_reach_the_writers(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setattr(export_dialog, "can_open_folders", lambda: False)
    options = window.export_options
    options["status_column"].setChecked(True)
    Dialogs(monkeypatch, [tmp_path / "status.docx"])
    table = docx.Document(str(_export(qtbot, window))).tables[-1]
    assert len(table.columns) == 3
    assert window.settings.get("export_tmx_scope") == "all" and options["tmx_all"].isChecked()
    options["tmx_confirmed"].setChecked(True)
    assert window.settings.get("export_tmx_scope") == "confirmed" and not options["tmx_all"].isChecked()
    values = export_dialog.option_values(window.settings, layout="bilingual", ext=".tmx", summary_indices=None,
                                         arabic_on_right=True)
    assert values["tmx_scope"] == "confirmed"
    Dialogs(monkeypatch, [tmp_path / "all.tmx"])
    options["tmx_all"].setChecked(True)
    every = _export(qtbot, window, "tmx").read_text(encoding="utf-8").count("<tu ")
    options["tmx_confirmed"].setChecked(True)
    Dialogs(monkeypatch, [tmp_path / "confirmed.tmx"])
    confirmed = _export(qtbot, window, "tmx").read_text(encoding="utf-8").count("<tu ")
    assert every > 0 and confirmed == 0  # nothing is confirmed yet
