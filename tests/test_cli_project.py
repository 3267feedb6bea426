"""`desk translate -o X.tarjama`, `desk export`, `desk project status`, end to end with the tiny model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from desk.cli import main
from desk.project import Project, Status


def run_cli(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _source(tmp_path, corpus, n=4, start=60) -> tuple[Path, list[tuple[str, str]]]:
    pairs = corpus[start:start + n]
    path = tmp_path / "news.txt"
    path.write_text("\n\n".join(ar for ar, _ in pairs) + "\n\nReuters 2024\n", encoding="utf-8")
    return path, pairs


def test_translate_writes_a_project_and_status_counts_it(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, pairs = _source(tmp_path, fixture_corpus)
    out = tmp_path / "news.tarjama"
    code, stdout, err = run_cli(["translate", source, "-o", out, "--model", fixture_model_dir], capsys)
    assert code == 0, err
    assert err == f"wrote {out}\n" and stdout == ""
    with Project.open(out) as project:
        assert [s.target for s in project.segments] == [en for _, en in pairs] + ["Reuters 2024"]
        assert project.counts()[Status.MACHINE] == 4 and project.counts()[Status.PASSTHROUGH] == 1
        assert project.source_path == str(source.resolve())
        project.set_target(0, "Edited by hand.")
        project.confirm(1)
    code, stdout, err = run_cli(["project", "status", out], capsys)
    assert code == 0, err
    assert stdout == ("news.tarjama: 5 sentences (model ct2)\n"
                      "  untranslated       0\n"
                      "  machine            2\n"
                      "  edited             1\n"
                      "  confirmed          1\n"
                      "  passthrough        1\n"
                      "  1 / 5 confirmed\n")
    code, stdout, _ = run_cli(["project", "status", out, "--json"], capsys)
    payload = json.loads(stdout)
    assert payload["counts"]["edited"] == 1 and payload["sentences"] == 5 and payload["low_confidence"] == 0
    code, stdout, _ = run_cli(["project", "status", out, "--low", "1.01"], capsys)
    assert "machine            2  (2 below confidence 1.01)" in stdout


def test_export_carries_the_edits_in_every_format(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, pairs = _source(tmp_path, fixture_corpus)
    project_path = tmp_path / "news.tarjama"
    assert run_cli(["translate", source, "-o", project_path, "--model", fixture_model_dir, "-q"], capsys)[0] == 0
    with Project.open(project_path) as project:
        project.set_target(0, "Edited by hand.")
        project.confirm(0)
    for ext in (".docx", ".tmx", ".txt", ".json"):
        out = tmp_path / f"out{ext}"
        code, _, err = run_cli(["export", project_path, "-o", out], capsys)
        assert code == 0 and err == f"wrote {out}\n"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()[1] == "Edited by hand."
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["sentences"][0]["target"] == "Edited by hand." and data["sentences"][0]["status"] == "confirmed"
    code, _, _ = run_cli(["export", project_path, "-o", tmp_path / "c.tmx", "--tmx", "confirmed"], capsys)
    segs = etree.parse(str(tmp_path / "c.tmx")).getroot().findall("body/tu/tuv/seg")
    assert [s.text for s in segs] == [pairs[0][0], "Edited by hand."]
    code, _, err = run_cli(["export", project_path, "-o", tmp_path / "s.docx", "--status-column",
                            "--mark-unconfirmed"], capsys)
    assert code == 0, err


def test_translate_in_place_finishes_only_what_is_left(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, pairs = _source(tmp_path, fixture_corpus)
    path = tmp_path / "news.tarjama"
    from desk.documents import read_document

    with Project.create(read_document(source), path) as project:
        project.set_target(1, "Done by hand.")
    code, _, err = run_cli(["translate", path, "--model", fixture_model_dir], capsys)
    assert code == 0, err
    with Project.open(path) as project:
        assert project.segment(1).target == "Done by hand." and project.segment(1).status == Status.EDITED
        assert project.segment(0).target == pairs[0][1] and project.segment(2).target == pairs[2][1]
    code, _, err = run_cli(["translate", path, "--model", fixture_model_dir], capsys)
    assert code == 0 and err == "news.tarjama: nothing left to translate\n"


def test_translate_never_overwrites_an_existing_project(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    source, _ = _source(tmp_path, fixture_corpus)
    path = tmp_path / "news.tarjama"
    assert run_cli(["translate", source, "-o", path, "--model", fixture_model_dir, "-q"], capsys)[0] == 0
    before = path.read_bytes()
    code, out, err = run_cli(["translate", source, "-o", path, "--model", fixture_model_dir], capsys)
    assert code == 2 and out == ""
    assert err == (f"desk: error: news.tarjama already exists; finish it with `desk translate {path}` "
                   "or choose another name.\n")
    assert path.read_bytes() == before


def test_damaged_locked_and_missing_projects_exit_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.tarjama"
    bad.write_bytes(b"\x00" * 4096)
    for args in (["project", "status", bad], ["export", bad, "-o", tmp_path / "x.tmx"], ["translate", bad]):
        code, out, err = run_cli(args, capsys)
        assert code == 2 and out == ""
        assert err.startswith("desk: error: bad.tarjama is damaged or is not a Tarjama Desk project")
        assert err.count("\n") == 1
    code, _, err = run_cli(["project", "status", tmp_path / "none.tarjama"], capsys)
    assert code == 2 and err == "desk: error: Cannot open none.tarjama: the file does not exist.\n"
    from desk.documents import Block, Document

    with Project.create(Document("t", (Block("paragraph", "جملة."),)), tmp_path / "open.tarjama"):
        code, _, err = run_cli(["translate", tmp_path / "open.tarjama"], capsys)
        assert code == 2 and "already open in another Tarjama Desk window" in err
        # reading works while another window has it open
        assert run_cli(["project", "status", tmp_path / "open.tarjama"], capsys)[0] == 0


def test_console_script_round_trip(tmp_path, fixture_model_dir, fixture_corpus):
    source, pairs = _source(tmp_path, fixture_corpus, n=2)
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home"), "DESK_MODEL": str(fixture_model_dir)}
    desk = [sys.executable, "-m", "desk"]
    path = tmp_path / "n.tarjama"
    run = subprocess.run([*desk, "translate", str(source), "-o", str(path), "-q"], env=env, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([*desk, "project", "status", str(path)], env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0 and run.stdout.splitlines()[0] == "n.tarjama: 3 sentences (model ct2)"


def test_interrupted_run_keeps_what_was_translated(tmp_path, capsys, monkeypatch, fixture_model_dir, fixture_corpus):
    """Ctrl+C in the middle: exit 130, the finished sentences are in the file, the next run does the rest."""
    from desk.cli import project_run, translate_cmd

    source, pairs = _source(tmp_path, fixture_corpus, n=6)
    path = tmp_path / "news.tarjama"
    monkeypatch.setattr(project_run, "COMMIT_EVERY", 2)
    real_load = translate_cmd.load_translator

    def interrupted_after_three(model):
        translator = real_load(model)
        real = translator.translate_document

        def translate_document(*args, **kwargs):
            for n, item in enumerate(real(*args, **kwargs)):
                if n == 3:
                    raise KeyboardInterrupt
                yield item

        translator.translate_document = translate_document
        return translator

    monkeypatch.setattr(translate_cmd, "load_translator", interrupted_after_three)
    code, _, err = run_cli(["translate", source, "-o", path, "--model", fixture_model_dir, "-q"], capsys)
    assert code == 130 and err == "desk: interrupted\n"
    with Project.open(path) as project:
        assert [s.target for s in project.segments[:3]] == [en for _, en in pairs[:3]]
        assert project.counts()[Status.UNTRANSLATED] == 4
    monkeypatch.setattr(translate_cmd, "load_translator", real_load)
    assert run_cli(["translate", path, "--model", fixture_model_dir, "-q"], capsys)[0] == 0
    with Project.open(path) as project:
        assert [s.target for s in project.segments] == [en for _, en in pairs] + ["Reuters 2024"]
