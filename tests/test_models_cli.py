"""`desk models ...` through desk.cli.main: exit codes, one-line errors, stdout vs stderr."""

from __future__ import annotations

import time

import pytest
from conftest import FIXTURE_CT2
from fakehub import allow_hub, serve_repo

from desk import paths
from desk.cli import main
from desk.models import store


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("desk: error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.network_localhost
def test_offline_install_exits_2_fast_naming_import(monkeypatch, capsys):
    allow_hub(monkeypatch)
    started = time.monotonic()
    code = main(["models", "install", "opus-mt-ar-en", "--endpoint", "http://127.0.0.1:9"])
    assert code == 2
    assert time.monotonic() - started < 30
    line = _one_line_error(capsys.readouterr().err)
    assert "desk models import" in line
    assert not paths.models_dir().exists() or not any(paths.models_dir().iterdir())


def test_offline_mode_install_exits_2(capsys):
    assert main(["models", "install", "opus-mt-ar-en"]) == 2  # HF_HUB_OFFLINE=1 in tests
    assert "desk models import" in _one_line_error(capsys.readouterr().err)


def test_unknown_id_exits_2(capsys):
    assert main(["models", "install", "nope"]) == 2
    _one_line_error(capsys.readouterr().err)


@pytest.mark.network_localhost
def test_install_from_fake_hub_reports_progress_on_stderr(monkeypatch, capsys):
    allow_hub(monkeypatch)
    with serve_repo("gaudi/opus-mt-ar-en-ctranslate2", FIXTURE_CT2) as endpoint:
        assert main(["models", "install", "opus-mt-ar-en", "--endpoint", endpoint]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "download" in err and "Installed opus-mt-ar-en" in err
    assert main(["models", "path", "opus-mt-ar-en"]) == 0
    assert capsys.readouterr().out.strip() == str(paths.models_dir() / "opus-mt-ar-en")


def test_import_list_default_verify_path_remove(tmp_path, capsys):
    assert main(["models", "import", str(FIXTURE_CT2), "--id", "one"]) == 0
    assert main(["models", "import", str(FIXTURE_CT2), "--id", "two"]) == 0
    capsys.readouterr()
    assert main(["models", "import", str(FIXTURE_CT2), "--id", "two"]) == 2
    assert "already installed" in _one_line_error(capsys.readouterr().err)

    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "* one" in out and "  two" in out and "opus-mt-tc-big-ar-en" in out and "BLEU 42.6" in out

    assert main(["models", "default", "two"]) == 0
    assert store.get_default_model() == "two"
    assert main(["models", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(paths.models_dir() / "two")

    assert main(["models", "verify", "one"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("OK: ") and "OK" not in captured.err  # the answer goes to stdout

    assert main(["models", "remove", "two"]) == 0
    assert "two was the default model; one (the only model left) is the default now." in capsys.readouterr().err
    assert store.get_default_model() == "one"
    assert main(["models", "path"]) == 0  # "one" is now the only model
    assert capsys.readouterr().out.strip() == str(paths.models_dir() / "one")

    (paths.models_dir() / "one" / "model.bin").write_bytes(b"broken")
    assert main(["models", "verify", "one"]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "damaged" in line and "later version" not in line and len(line) < 250


def test_path_without_models_explains_how_to_get_one(capsys):
    assert main(["models", "path"]) == 2
    line = _one_line_error(capsys.readouterr().err)
    assert "desk models install opus-mt-ar-en" in line and "desk models import PATH" in line


def test_bad_archive_import_exits_2(tmp_path, capsys):
    import zipfile

    bad = tmp_path / "evil.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../x", b"x")
    assert main(["models", "import", str(bad)]) == 2
    assert "path" in _one_line_error(capsys.readouterr().err)
