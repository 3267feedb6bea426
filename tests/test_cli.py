"""The ``desk`` command line: exact output, the JSON shape, and the exit-code contract."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from test_translate import _article

from desk.cli import main


def run_cli(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_translate_json_returns_every_sentence(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    text, pairs = _article(fixture_corpus, seed=11)
    source = tmp_path / "article.txt"
    source.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["translate", str(source), "--format", "json", "--model",
                              str(fixture_model_dir), "-q"], capsys)
    assert code == 0, err
    payload = json.loads(out)
    assert payload["model"] == fixture_model_dir.name
    sentences = payload["sentences"]
    assert [s["source"] for s in sentences] == [ar for ar, _ in pairs]
    assert set(sentences[0]) == {"paragraph", "index", "source", "target", "score"}
    exact = sum(s["target"] == en for s, (_, en) in zip(sentences, pairs, strict=True))
    assert exact / len(pairs) >= 0.95


def test_translate_text_from_stdin(capsys, monkeypatch, fixture_model_dir, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[20:22]
    monkeypatch.setenv("DESK_MODEL", str(fixture_model_dir))
    code, out, err = run_cli(["translate", "-"], capsys, stdin=f"{a}\n\n{b}\n".encode(), monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == f"{ea}\n\n{eb}\n"


def test_progress_goes_to_stderr_for_long_inputs(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(ar for ar, _ in fixture_corpus[:30]), encoding="utf-8")
    code, out, err = run_cli(["translate", str(source), "--model", str(fixture_model_dir)], capsys)
    assert code == 0
    assert "translated 30/30 sentences" in err
    assert "translated" not in out


def test_segment_prints_sentences_and_paragraph_breaks(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("العنوان الرئيسي\n\nقال د. أحمد إن النمو بلغ 3.5 في المئة. وأضاف: هذا جيد!\n", encoding="utf-8")
    code, out, _ = run_cli(["segment", str(source)], capsys)
    assert code == 0
    assert out == "العنوان الرئيسي\n\nقال د. أحمد إن النمو بلغ 3.5 في المئة.\nوأضاف: هذا جيد!\n"


def test_no_model_exits_2_with_instructions(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("مرحبا بكم.", encoding="utf-8")
    code, out, err = run_cli(["translate", str(source)], capsys)
    assert code == 2
    assert out == ""
    assert "desk models install" in err and "desk models import" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"\x00\x01\x02\xff\xfe\x00binary\x00", "binary"), (b"   \n\n  ", "empty")],
)
def test_bad_input_exits_2_with_one_line(tmp_path, capsys, fixture_model_dir, content, reason):
    source = tmp_path / "bad.txt"
    source.write_bytes(content)
    code, out, err = run_cli(["translate", str(source), "--model", str(fixture_model_dir)], capsys)
    assert code == 2
    assert reason in err.lower()
    assert "bad.txt" in err
    assert len(err.strip().splitlines()) == 1


def test_missing_input_file_exits_2(capsys, tmp_path):
    code, _, err = run_cli(["segment", str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and "missing.txt" in err


def test_bad_beam_exits_2(tmp_path, capsys, fixture_model_dir):
    source = tmp_path / "a.txt"
    source.write_text("مرحبا.", encoding="utf-8")
    code, _, err = run_cli(["translate", str(source), "--beam", "0", "--model", str(fixture_model_dir)], capsys)
    assert code == 2 and "--beam" in err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["translate"])
    assert exc.value.code == 2


def test_console_script_runs_without_traceback(tmp_path, fixture_model_dir, fixture_corpus):
    """The real entry point in a subprocess: exit codes and clean stderr."""
    source = tmp_path / "a.txt"
    ar, en = fixture_corpus[1]
    source.write_text(ar, encoding="utf-8")
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home"), "DESK_MODEL": str(fixture_model_dir)}
    ok = subprocess.run([sys.executable, "-m", "desk", "translate", str(source)], env=env,
                        capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout == en + "\n"
    env.pop("DESK_MODEL")
    missing = subprocess.run([sys.executable, "-m", "desk", "translate", str(source)], env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2
    assert "Traceback" not in missing.stderr


def test_batch_translates_a_folder_resumably(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    inbox, outbox = tmp_path / "in", tmp_path / "out"
    inbox.mkdir()
    (inbox / "a.txt").write_text(fixture_corpus[30][0], encoding="utf-8")
    (inbox / "b.txt").write_text(fixture_corpus[31][0], encoding="utf-8")
    (inbox / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    args = ["translate", str(inbox), "-o", str(outbox), "--to", "json", "--model", str(fixture_model_dir)]
    code, _, err = run_cli(args, capsys)
    assert code == 2  # one file failed; the others were still translated
    assert "broken.docx" in err
    produced = sorted(p.name for p in outbox.iterdir() if not p.name.startswith("."))
    assert produced == ["a.json", "b.json"]
    exported = json.loads((outbox / "a.json").read_text(encoding="utf-8"))
    assert exported["sentences"][0]["source"] == fixture_corpus[30][0]
    (inbox / "broken.docx").unlink()
    code, _, err = run_cli(args, capsys)
    assert code == 0
    assert "0 translated, 2 already done, 0 failed" in err
