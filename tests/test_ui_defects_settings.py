"""Issue 17 (settings row) and issue 16 item 3: a hostile ``gui.ini`` falls back to defaults
with a log line, and offscreen ``--screenshot``/``--self-test`` runs never write it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from ui_helpers import article, model_dir, run_gui, sentence_pairs

from desk import paths
from desk.translate import physical_cores
from desk.ui.settings import DEFAULTS, SETTINGS_FILE, Settings

HOSTILE = {
    "beam_size": "1000000000",
    "threads": "-4",
    "summary_sentences": "-1",
    "source_size": "abc",
    "target_size": "12.5",
    "theme": "purple",
    "source_first": "maybe",
}


def _write_ini(path: Path, values: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[General]\n" + "".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")


def test_hostile_values_fall_back_to_defaults_with_one_log_line_each(caplog):
    ini = paths.config_dir() / SETTINGS_FILE
    _write_ini(ini, HOSTILE)
    settings = Settings()
    with caplog.at_level(logging.WARNING, logger="desk.ui.settings"):
        for key in HOSTILE:
            assert settings.get(key) == DEFAULTS[key], key
            settings.get(key)  # read twice: still one line
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == len(HOSTILE)
    assert any("beam_size" in line and "outside 1–8" in line for line in lines)


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("beam_size", "8", 8), ("beam_size", "9", DEFAULTS["beam_size"]), ("beam_size", "0", DEFAULTS["beam_size"]),
    ("threads", str(physical_cores()), physical_cores()), ("threads", str(physical_cores() + 1), 0),
    ("summary_sentences", "5", 5), ("summary_sentences", "31", 0), ("source_first", "true", True),
])
def test_bounds(key, value, expected):
    _write_ini(paths.config_dir() / SETTINGS_FILE, {key: value})
    assert Settings().get(key) == expected


def test_a_window_on_hostile_settings_opens_with_defaults(qtbot, request):
    from desk.ui.main_window import MainWindow

    _write_ini(paths.config_dir() / SETTINGS_FILE, HOSTILE)
    window = MainWindow(model=str(model_dir(request)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.translator is not None and window.translator.loaded, timeout=30_000)
    assert window.translator.beam_size == DEFAULTS["beam_size"]
    assert window.summary.length.value() == 0


def test_read_only_settings_never_write():
    ini = paths.config_dir() / SETTINGS_FILE
    _write_ini(ini, {"beam_size": "2"})
    before = ini.read_bytes()
    settings = Settings(read_only=True)
    settings.set("beam_size", 3)
    settings.add_recent("/tmp/x.txt")
    settings.set_raw("window/geometry", b"abc")
    settings.sync()
    assert settings.get("beam_size") == 3  # the run itself sees its change
    assert ini.read_bytes() == before


@pytest.mark.slow
def test_screenshot_and_self_test_runs_leave_gui_ini_untouched(request, fixture_corpus, tmp_path):
    home = tmp_path / "home"
    ini = home / "config" / SETTINGS_FILE
    _write_ini(ini, {"beam_size": "1", "theme": "light"})
    before = ini.read_bytes()
    arabic, _ = article(sentence_pairs(fixture_corpus, 6))
    source = tmp_path / "a.txt"
    source.write_text(arabic, encoding="utf-8")
    shot = run_gui(["--screenshot", str(tmp_path / "s.png"), "--size", "515x359", "--model", str(model_dir(request)),
                 str(source)], home)
    assert shot.returncode == 0, shot.stderr
    assert ini.read_bytes() == before
    test = run_gui(["--self-test", "--model", str(model_dir(request))], home)
    assert ini.read_bytes() == before, test.stdout + test.stderr


def test_settings_dialog_ranges_follow_the_validation(qtbot):
    from desk.ui.settings import MAX_BEAM, int_range
    from desk.ui.settings_dialog import SettingsDialog

    settings = Settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert (dialog.beam.minimum(), dialog.beam.maximum()) == (1, MAX_BEAM)
    assert dialog.threads.maximum() == physical_cores()
    assert (dialog.low_confidence.minimum(), dialog.low_confidence.maximum()) == int_range("low_confidence_percent")
    dialog.low_confidence.setValue(35)
    dialog.accept()
    assert settings.get("low_confidence_percent") == 35
