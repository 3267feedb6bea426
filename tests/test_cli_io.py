"""``desk`` as a new user meets it (issue 15): sources never overwritten, outputs checked before any
work, one-line errors, stdin read like a file, progress that suits a terminal and a log."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desk.cli import build_parser, main, translate_cmd

ROOT = Path(__file__).resolve().parent.parent


def run(args, capsys, stdin: bytes | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def no_model_load(monkeypatch):
    """Fail if the command gets as far as loading a model (the checks must come first)."""
    def boom(_model):
        raise AssertionError("the model was loaded before the output was checked")
    monkeypatch.setattr(translate_cmd, "load_translator", boom)


@pytest.fixture
def article(tmp_path, fixture_corpus) -> Path:
    source = tmp_path / "a.txt"
    source.write_text(f"{fixture_corpus[5][0]}\n\n{fixture_corpus[6][0]}\n", encoding="utf-8")
    return source


# item 1: the source is never overwritten, whatever path names it
@pytest.mark.parametrize("how", ["same", "dot", "symlink", "hardlink"])
def test_output_that_is_the_input_is_refused(tmp_path, capsys, monkeypatch, article, no_model_load, how):
    before = article.read_bytes()
    if how == "same":
        out = article
    elif how == "dot":
        monkeypatch.chdir(tmp_path)
        out = Path(".") / "sub" / ".." / "a.txt"
        (tmp_path / "sub").mkdir()
    elif how == "symlink":
        out = tmp_path / "link.txt"
        out.symlink_to(article)
    else:
        out = tmp_path / "hard.txt"
        os.link(article, out)
    code, stdout, err = run(["translate", article, "-o", out], capsys)
    assert code == 2 and stdout == ""
    assert "it is the input file" in err and len(err.strip().splitlines()) == 1
    assert article.read_bytes() == before


def test_docx_source_is_not_overwritten(tmp_path, capsys, no_model_load):
    source = Path(__file__).parent / "fixtures" / "documents"
    docx = next(source.glob("*.docx"))
    copy = tmp_path / "a.docx"
    copy.write_bytes(docx.read_bytes())
    code, _, err = run(["translate", copy, "-o", tmp_path / "." / "a.docx"], capsys)
    assert code == 2 and "input file" in err
    assert copy.read_bytes() == docx.read_bytes()


# items 5 and 7: a bad -o fails before any work, naming the full path and the real cause
@pytest.mark.parametrize("make_out, expected", [
    (lambda t: t / "x.pdf", "{out}: .pdf files cannot be exported (use .docx, .txt, .tmx, .json)."),
    (lambda t: t / "missing" / "x.docx", "{out}: the folder {t}/missing does not exist."),
    (lambda t: t / "a.txt" / "x.docx", "{out}: {t}/a.txt is not a folder."),
    (lambda t: Path("/proc/x.docx"), "{out}: /proc does not accept new files."),
    (lambda t: t, "{out}: it is a folder; give a file name such as {t}/translation.docx"),
])
def test_bad_output_is_refused_before_the_model_loads(tmp_path, capsys, article, no_model_load, make_out, expected):
    out = make_out(tmp_path)
    code, stdout, err = run(["translate", article, "-o", out], capsys)
    assert code == 2 and stdout == ""
    assert err.startswith(f"desk: error: Cannot write {expected.format(out=out, t=tmp_path)}"), err
    assert len(err.strip().splitlines()) == 1


def test_read_only_folder_is_named(tmp_path, capsys, article, no_model_load, monkeypatch):
    import errno
    import tempfile

    def refuse(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # root ignores chmod; the probe is what decides
    code, _, err = run(["translate", article, "-o", tmp_path / "x.docx"], capsys)
    assert code == 2
    assert f"you do not have permission to write in {tmp_path}." in err


# item 9: argparse errors are one line
@pytest.mark.parametrize("argv", [["translate"], ["translate", "a.txt", "--layout", "x"], ["--nope"],
                                  ["summarize", "a.txt", "--sentences", "x"], ["frobnicate"]])
def test_usage_errors_are_one_line(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("desk: error: ") and "--help" in err, err


# item 10: contradictions are refused, not ignored
@pytest.mark.parametrize("extra, message", [
    (["--format", "json", "-o", "{t}/x.docx"], "--format chooses what is printed without -o"),
    (["--to", "tmx"], "--to is for a folder INPUT"),
    (["--to", "tmx", "-o", "{t}/x.txt"], "--to is for a folder INPUT"),
    (["--layout", "target", "--format", "json"], "--layout does not apply to JSON"),
    (["--layout", "target", "-o", "{t}/x.tmx"], "--layout does not apply to TMX"),
    (["--recursive"], "--recursive is for a folder INPUT"),
])
def test_contradictory_options_are_refused(tmp_path, capsys, article, no_model_load, extra, message):
    code, _, err = run(["translate", article, *[e.format(t=tmp_path) for e in extra]], capsys)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1, err


def test_format_that_agrees_with_the_output_is_accepted(tmp_path, capsys, article, fixture_model_dir):
    code, _, err = run(["translate", article, "--format", "json", "-o", tmp_path / "x.json", "--model",
                        fixture_model_dir, "-q"], capsys)
    assert code == 0, err
    assert (tmp_path / "x.json").is_file()


def test_folder_contradictions_are_refused(tmp_path, capsys, no_model_load):
    (tmp_path / "in").mkdir()
    code, _, err = run(["translate", tmp_path / "in", "-o", tmp_path / "out", "--format", "json"], capsys)
    assert code == 2 and "use --to" in err
    code, _, err = run(["translate", tmp_path / "in", "-o", tmp_path / "out", "--to", "json", "--layout", "target"],
                       capsys)
    assert code == 2 and "--layout does not apply to JSON" in err
    assert not (tmp_path / "out").exists()


# item 14: --layout governs stdout and -o TXT alike; one documented default decoding
def test_layout_governs_stdout_and_txt_file(tmp_path, capsys, article, fixture_model_dir, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[5:7]
    model = ["--model", fixture_model_dir, "-q"]
    assert run(["translate", article, *model], capsys)[1] == f"{ea}\n\n{eb}\n"
    assert run(["translate", article, "--layout", "bilingual", *model], capsys)[1] == f"{a}\n{ea}\n\n{b}\n{eb}\n"
    run(["translate", article, "-o", tmp_path / "both.txt", *model], capsys)
    assert (tmp_path / "both.txt").read_text(encoding="utf-8") == f"{a}\n{ea}\n\n{b}\n{eb}\n"
    run(["translate", article, "-o", tmp_path / "en.txt", "--layout", "target", *model], capsys)
    assert (tmp_path / "en.txt").read_text(encoding="utf-8") == f"{ea}\n\n{eb}\n"


def test_readme_and_help_state_one_default_decoding():
    from desk.translate import DEFAULT_BEAM_SIZE, DEFAULT_PATIENCE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.findall(r"beam (\d+), patience (\d+)", readme)
    assert stated and set(stated) == {(str(DEFAULT_BEAM_SIZE), str(DEFAULT_PATIENCE))}, stated
    assert re.findall(r"beam (\d+) \(default\)", readme) == [str(DEFAULT_BEAM_SIZE)]
    help_text = build_parser()._subparsers._group_actions[0].choices["translate"].format_help()
    assert f"beam {DEFAULT_BEAM_SIZE}, patience {DEFAULT_PATIENCE}" in " ".join(help_text.split())
    assert f"(default {DEFAULT_BEAM_SIZE})" in " ".join(help_text.split())


# item 8: standard input is read like a file
def test_windows_1256_on_stdin_is_detected(capsys, monkeypatch, fixture_model_dir, fixture_corpus):
    ar, en = fixture_corpus[7]
    monkeypatch.setenv("DESK_MODEL", str(fixture_model_dir))
    code, out, err = run(["translate", "-"], capsys, stdin=ar.encode("cp1256"), monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == en + "\n"


def test_html_on_stdin_is_read_as_html(capsys, monkeypatch):
    page = "<!DOCTYPE html><html><body><p>قال الوزير إن الاجتماع كان مثمرا.</p></body></html>"
    code, out, err = run(["segment", "-"], capsys, stdin=page.encode(), monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == "قال الوزير إن الاجتماع كان مثمرا.\n"
    code, out, _ = run(["segment", "-", "--input-format", "txt"], capsys, stdin=page.encode(), monkeypatch=monkeypatch)
    assert "<p>" in out  # told it is text, it is text


def test_input_format_markdown_on_stdin(capsys, monkeypatch):
    code, out, err = run(["segment", "-", "--input-format", "md"], capsys,
                         stdin="# عنوان\n\nقال **الوزير** إن الاجتماع كان مثمرا.\n".encode(), monkeypatch=monkeypatch)
    assert code == 0, err
    assert out == "عنوان\n\nقال الوزير إن الاجتماع كان مثمرا.\n"


@pytest.mark.parametrize("data", [b"", b"  \n\n ", b"\x00\x01\x02\xff\xfe\x00binary\x00"])
def test_stdin_errors_say_standard_input(capsys, monkeypatch, data):
    code, _, err = run(["segment", "-"], capsys, stdin=data, monkeypatch=monkeypatch)
    assert code == 2
    assert err.startswith("desk: error: Cannot open standard input: "), err


def test_input_format_is_refused_for_a_file(capsys, article):
    code, _, err = run(["segment", article, "--input-format", "html"], capsys)
    assert code == 2 and "--input-format is only for standard input" in err


# item 11: progress suits a log; batch says where it is and what it skipped
def test_progress_in_a_log_is_a_few_whole_lines(tmp_path, fixture_model_dir, fixture_corpus):
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(ar for ar, _ in fixture_corpus[:60]), encoding="utf-8")
    env = {**os.environ, "DESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "desk", "translate", str(source), "--model", str(fixture_model_dir)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr
    lines = done.stderr.splitlines()
    assert 2 <= len(lines) <= 11, lines
    assert lines[-1].startswith("translated 60/60 sentences (100%")
    assert any(re.search(r"about \d\d:\d\d left", line) for line in lines[:-1]), lines


def test_progress_on_a_terminal_uses_a_live_bar(fixture_corpus):
    from desk.cli.progress import Progress

    class Tty(io.StringIO):
        def isatty(self):
            return True

    stream = Tty()
    with Progress(30, "file 1 of 2: ", file=stream) as progress:
        for _ in range(30):
            progress.update()
    text = stream.getvalue()
    assert "\r" in text and "file 1 of 2" in text and "30/30" in text


def test_batch_counts_files_and_says_what_it_skipped(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    inbox = tmp_path / "in"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "a.txt").write_text("\n\n".join(ar for ar, _ in fixture_corpus[:25]), encoding="utf-8")
    (inbox / "b.txt").write_text(fixture_corpus[30][0], encoding="utf-8")
    (inbox / "sub" / "c.txt").write_text(fixture_corpus[31][0], encoding="utf-8")
    (inbox / "NOTES").write_text("x", encoding="utf-8")
    args = ["translate", inbox, "-o", tmp_path / "out", "--to", "txt", "--model", fixture_model_dir]
    code, _, err = run(args, capsys)
    assert code == 0, err
    assert "file 1 of 2 (a.txt): translated 25/25 sentences" in err
    assert re.search(r"\[1/2\] ok .*a\.txt \(about \d\d:\d\d left in the batch\)", err), err
    assert "[2/2] ok" in err
    assert err.rstrip().endswith("2 translated, 0 already done, 0 failed; skipped 1 subfolder (use --recursive), "
                                 "1 file without an extension (NOTES)"), err
    code, _, err = run([*args, "--recursive"], capsys)
    assert code == 0, err
    assert "1 translated, 2 already done, 0 failed" in err
    assert (tmp_path / "out" / "sub" / "c.txt").is_file()


# item 13: README's examples run from a clone alone (no ../shared)
def test_readme_console_examples_run_from_the_repository(capsys, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```console\n\$ desk (.+?)\n(.*?)```", readme, re.S)
    assert blocks, "README has no console example"
    monkeypatch.chdir(ROOT)
    for command, expected in blocks:
        assert "../" not in command, command
        code, out, err = run(command.split(), capsys)
        assert code == 0, err
        assert out == expected, command


def test_batch_output_folder_is_checked_before_the_model_loads(tmp_path, capsys, no_model_load):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("نص", encoding="utf-8")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    code, _, err = run(["translate", tmp_path / "in", "-o", tmp_path / "file"], capsys)
    assert code == 2 and f"Cannot write into {tmp_path / 'file'}: it is a file, not a folder." in err
    code, _, err = run(["translate", tmp_path / "in", "-o", tmp_path / "file" / "out"], capsys)
    assert code == 2 and f"{tmp_path / 'file'} is not a folder" in err, err
    code, _, err = run(["translate", tmp_path / "in", "-o", tmp_path / "in"], capsys)
    assert code == 2 and "different from the input folder" in err


@pytest.mark.parametrize("ext", ["docx", "txt", "tmx", "json"])
def test_every_output_format_is_written(tmp_path, capsys, article, fixture_model_dir, fixture_corpus, ext):
    """-o with each format (JSON and TMX take no --layout: the default must not break them)."""
    from desk.documents import read_document

    out = tmp_path / f"x.{ext}"
    code, _, err = run(["translate", article, "-o", out, "--model", fixture_model_dir], capsys)
    assert code == 0, err
    assert err == f"wrote {out}\n"
    text = read_document(out).text if ext == "docx" else out.read_text(encoding="utf-8")
    assert fixture_corpus[5][1] in text


def test_control_characters_in_file_names_are_escaped(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    """A name from an e-mail attachment must not retitle the terminal or break the one-line message."""
    nasty = "a\x1b]0;pwned\x07\n\u202eb.txt"
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / nasty).write_text(fixture_corpus[8][0], encoding="utf-8")
    code, _, err = run(["translate", inbox / nasty, "-o", tmp_path / "x.pdf"], capsys)
    assert code == 2 and "\x1b" not in err and len(err.splitlines()) == 1
    code, _, err = run(["translate", inbox, "-o", tmp_path / "out", "--model", fixture_model_dir], capsys)
    assert code == 0, err
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert "a\\x1b]0;pwned\\x07\\x0a\\u202eb.txt" in err
    code, _, err = run(["segment", tmp_path / "missing\x1b[2J.txt"], capsys)
    assert code == 2 and "missing\\x1b[2J.txt" in err and "\x1b" not in err


def test_closed_stdin_is_one_line(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(["segment", "-"], capsys)
    assert code == 2 and err == "desk: error: Cannot open standard input: it is closed (nothing can be read from it).\n"
