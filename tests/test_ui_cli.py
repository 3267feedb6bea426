"""Entry points: ``desk gui`` (lazy Qt), ``python -m desk.ui --screenshot`` and first paint."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from ui_helpers import article, model_dir, run_gui, sentence_pairs


def test_desk_gui_is_registered_and_forwards_arguments(monkeypatch):
    from desk.cli import build_parser

    args = build_parser().parse_args(["gui", "article.txt", "--model", "m1", "--theme", "dark"])
    seen = []
    import desk.ui.app

    monkeypatch.setattr(desk.ui.app, "main", lambda argv: seen.append(argv) or 0)
    assert args.func(args) == 0
    assert seen == [["--model", "m1", "--theme", "dark", "article.txt"]]


@pytest.mark.slow
def test_screenshot_mode_translates_and_saves_the_window(request, fixture_corpus, tmp_path):
    arabic, _ = article(sentence_pairs(fixture_corpus, 9))
    source = tmp_path / "a.txt"
    source.write_text(arabic, encoding="utf-8")
    png = tmp_path / "shot.png"
    result = run_gui(["--screenshot", str(png), "--size", "1000x700", "--model", str(model_dir(request)), str(source)],
                  tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert "saved" in result.stdout and "longest UI pause" in result.stdout
    image = QImage(str(png))
    assert (image.width(), image.height()) == (1000, 700)


def test_screenshot_mode_reports_a_bad_file_plainly(request, tmp_path):
    result = run_gui(["--screenshot", str(tmp_path / "x.png"), "--model", str(model_dir(request)),
                   str(tmp_path / "missing.txt")], tmp_path / "home")
    assert result.returncode == 2
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr


def test_first_paint_marker(tmp_path):
    result = run_gui(["--first-paint"], tmp_path / "home", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("FIRST_PAINT ")
