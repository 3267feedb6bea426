"""No network (issue 9): the CLI never opens a socket to anything but this machine.

conftest.py only guards the pytest process, so each run here is a real ``desk`` process
started through tests/hostile/netguard.py, which records and refuses every non-localhost
connection or name lookup and reports, at exit, which network libraries were imported.
Only an explicit ``desk models install`` may use the network (not run here).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import make

ROOT = Path(__file__).resolve().parent.parent
GUARD = ROOT / "tests" / "hostile" / "netguard.py"


def run_guarded(args: list[str], home: Path, tmp_path: Path, *, stdin: bytes | None = None,
                env: dict | None = None) -> tuple[subprocess.CompletedProcess, dict]:
    report = tmp_path / f"net-{len(list(tmp_path.glob('net-*.json')))}.json"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "DESK_"))}
    # no HF_HUB_OFFLINE here on purpose: the app itself must not try
    environment.update({"DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"})
    environment.update(env or {})
    proc = subprocess.run([sys.executable, str(GUARD), str(report), *args], input=stdin, capture_output=True,
                          env=environment, cwd=tmp_path, timeout=300)
    assert report.is_file(), f"netguard wrote no report; stderr: {proc.stderr.decode(errors='replace')}"
    result = json.loads(report.read_text(encoding="utf-8"))
    assert "Traceback" not in proc.stderr.decode(errors="replace"), proc.stderr.decode(errors="replace")
    return proc, result


def _article(corpus, n: int = 6) -> str:
    picked = [ar for ar, _ in corpus if ar.rstrip()[-1:] in ".!?؟"][:n]
    return "\n\n".join(" ".join(picked[i:i + 2]) for i in range(0, len(picked), 2))


@pytest.fixture
def source(tmp_path, fixture_corpus) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(_article(fixture_corpus), encoding="utf-8")
    return path


def _assert_offline(result: dict) -> None:
    assert result["attempts"] == [], f"network attempts: {result['attempts']}"
    assert "huggingface_hub" not in result["imported"], "huggingface_hub was imported by an offline command"


def test_guard_catches_an_attempt(tmp_path, desk_home):
    """The guard itself works: a deliberate lookup in the guarded process is recorded."""
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(GUARD.parent)!r})\n"
        "import netguard\n"
        "netguard.install()\n"
        "import socket\n"
        "try:\n    socket.getaddrinfo('huggingface.co', 443)\nexcept ConnectionRefusedError:\n    pass\n"
        "try:\n    socket.create_connection(('203.0.113.7', 80), timeout=1)\nexcept ConnectionRefusedError:\n    pass\n"
        "print(len(netguard.attempts))\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=60)
    assert out.stdout.decode().strip() == "2", out.stderr.decode()


@pytest.mark.parametrize("ext", [".docx", ".tmx", ".txt", ".json"])
def test_translate_and_export_make_no_connection(tmp_path, desk_home, fixture_model_dir, source, ext):
    out = tmp_path / f"out{ext}"
    proc, result = run_guarded(["translate", str(source), "-o", str(out), "--model", str(fixture_model_dir), "-q"],
                               desk_home, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.is_file() and out.stat().st_size > 0
    _assert_offline(result)


def test_translate_to_stdout_and_from_stdin_make_no_connection(tmp_path, desk_home, fixture_model_dir, source):
    proc, result = run_guarded(["translate", "-", "--format", "json", "--model", str(fixture_model_dir)],
                               desk_home, tmp_path, stdin=source.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["sentences"]
    _assert_offline(result)


def test_summarise_with_translation_makes_no_connection(tmp_path, desk_home, fixture_model_dir, source):
    proc, result = run_guarded(["summarize", str(source), "--translate", "--json", "--model", str(fixture_model_dir)],
                               desk_home, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["sentences"]
    _assert_offline(result)


def test_summarise_of_hostile_html_makes_no_connection(tmp_path, desk_home):
    """A page full of remote scripts, frames, images and a meta refresh fetches nothing."""
    page = make.hostile_html(tmp_path)
    proc, result = run_guarded(["summarize", str(page)], desk_home, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert make.SCRIPT_MARK not in proc.stdout.decode()
    _assert_offline(result)


def test_entity_attacks_make_no_connection(tmp_path, desk_home):
    for part in ("word/document.xml", "[Content_Types].xml", "word/styles.xml"):
        for attack in ("http", "param"):
            path = make.entity_docx(tmp_path, part, attack)
            proc, result = run_guarded(["summarize", str(path)], desk_home, tmp_path)
            assert proc.returncode in (0, 2), proc.stderr.decode()
            _assert_offline(result)


def test_batch_translation_makes_no_connection(tmp_path, desk_home, fixture_model_dir, source):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    make.hostile_html(folder, "b.html")
    (folder / "c.docx").write_bytes(b"PK\x03\x04 broken")
    proc, result = run_guarded(["translate", str(folder), "-o", str(tmp_path / "out"), "--model",
                                str(fixture_model_dir), "-q"], desk_home, tmp_path)
    assert proc.returncode == 2  # c.docx fails, the others are written
    assert (tmp_path / "out" / "a.docx").is_file() and (tmp_path / "out" / "b.docx").is_file()
    _assert_offline(result)


def test_missing_model_does_not_reach_for_the_network(tmp_path, desk_home, source):
    """No model installed: a plain error with the install/import advice, and no connection."""
    proc, result = run_guarded(["translate", str(source)], desk_home, tmp_path)
    assert proc.returncode == 2
    assert "desk models" in proc.stderr.decode()
    _assert_offline(result)


@pytest.mark.parametrize("args", [["models", "list"], ["models", "path"], ["segment", "-"], ["--version"]])
def test_offline_commands_make_no_connection(tmp_path, desk_home, args):
    proc, result = run_guarded(args, desk_home, tmp_path, stdin="جملة أولى. جملة ثانية.".encode())
    assert proc.returncode in (0, 2), proc.stderr.decode()
    assert result["attempts"] == []
