"""Faults (issue 9): failed exports keep the previous file byte for byte, cancels leave a
consistent state, bidi controls never reach an export, errors reach the log without
document text. Translation uses the tiny fixture model.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hostile import make

import desk.atomic
from desk.documents import read_document, read_text
from desk.errors import ExportError, ModelLoadError
from desk.export import write_translation

EXTS = [".docx", ".tmx", ".txt", ".json"]
PREVIOUS = b"previous version \xd9\x86\xd8\xb5 - an hour of post-editing\n"


def _article(corpus, n: int = 6) -> str:
    picked = [ar for ar, _ in corpus if ar.rstrip()[-1:] in ".!?؟"][:n]
    return "\n\n".join(" ".join(picked[i:i + 2]) for i in range(0, len(picked), 2))


@pytest.fixture
def translated(fixture_corpus, tiny_translator):
    doc = read_text(_article(fixture_corpus), name="article.txt")
    return doc, list(tiny_translator.translate_document(doc.sentences(), beam_size=1))


def _only(folder: Path, name: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [name], "a temporary file was left behind"


# -- export faults ----------------------------------------------------------------------------


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("layout", ["bilingual", "target"])
def test_read_only_filesystem_on_replace_keeps_the_previous_file(tmp_path, monkeypatch, translated, ext, layout):
    doc, translations = translated
    path = tmp_path / f"out{ext}"
    path.write_bytes(PREVIOUS)

    def erofs(src, dst):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(desk.atomic.os, "replace", erofs)
    with pytest.raises(ExportError, match="Read-only file system"):
        write_translation(path, doc, translations, layout=layout)
    assert path.read_bytes() == PREVIOUS
    _only(tmp_path, path.name)


class _FullDisk:
    """A file object whose writes fail once ``budget`` bytes have been written."""

    def __init__(self, handle, budget: int) -> None:
        self._handle, self._left = handle, budget

    def write(self, data):
        self._left -= len(data)
        if self._left < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self._handle.write(data)

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
        return False


@pytest.mark.parametrize("ext", EXTS)
@pytest.mark.parametrize("budget", [0, 100])
def test_disk_full_mid_write_keeps_the_previous_file(tmp_path, monkeypatch, translated, ext, budget):
    doc, translations = translated
    path = tmp_path / f"out{ext}"
    path.write_bytes(PREVIOUS)
    real_fdopen = os.fdopen
    monkeypatch.setattr(desk.atomic.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k), budget))
    with pytest.raises(ExportError, match="No space left on device"):
        write_translation(path, doc, translations)
    assert path.read_bytes() == PREVIOUS
    _only(tmp_path, path.name)


@pytest.mark.parametrize("ext", EXTS)
def test_parent_that_is_a_file_is_an_export_error(tmp_path, translated, ext):
    """Tests run as root, so chmod cannot make a folder read-only; a file as parent can."""
    doc, translations = translated
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(PREVIOUS)
    with pytest.raises(ExportError, match=r"^Cannot write .*out"):
        write_translation(blocker / f"out{ext}", doc, translations)
    assert blocker.read_bytes() == PREVIOUS


@pytest.mark.parametrize("ext", EXTS)
def test_real_file_size_limit_in_a_cli_process_keeps_the_previous_file(tmp_path, fixture_model_dir, fixture_corpus,
                                                                       ext):
    """A real write failure, not a monkeypatch: RLIMIT_FSIZE makes the kernel refuse the write (EFBIG)."""
    source = tmp_path / "article.txt"
    source.write_text(_article(fixture_corpus, 12), encoding="utf-8")
    out = tmp_path / f"out{ext}"
    out.write_bytes(PREVIOUS)
    limit = 300  # bytes: every export of 12 sentences is larger

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "DESK_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-m", "desk", "translate", str(source), "-o", str(out), "--model",
                           str(fixture_model_dir), "-q"], capture_output=True, env=env, preexec_fn=cap, timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.startswith(f"desk: error: Cannot write {out}") and "Traceback" not in err
    assert out.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


# -- cancel -----------------------------------------------------------------------------------


def test_cancel_mid_translation_leaves_a_consistent_prefix(fixture_corpus, tiny_translator):
    """Cancel after a few sentences: what was yielded is a prefix in order, and the same
    translator then translates the whole document exactly as a fresh run does."""
    from desk.translate import Translator

    text = "\n\n".join(ar for ar, _ in fixture_corpus[:40])
    sentences = read_text(text).sentences()
    engine = Translator(tiny_translator.model_dir, max_batch_tokens=64)
    got = []
    for item in engine.translate_document(sentences, beam_size=1, cancel=lambda: len(got) >= 3):
        got.append(item)
    assert 3 <= len(got) < len(sentences)
    assert [t.index for t in got] == list(range(len(got)))
    full = list(engine.translate_document(sentences, beam_size=1))
    fresh = list(Translator(tiny_translator.model_dir).translate_document(sentences, beam_size=1, use_cache=False))
    assert [t.target for t in full] == [t.target for t in fresh]
    assert [t.target for t in got] == [t.target for t in fresh[:len(got)]]


def test_cancel_before_start_yields_nothing_and_raises_nothing(tiny_translator, fixture_corpus):
    sentences = read_text(_article(fixture_corpus)).sentences()
    items = list(tiny_translator.translate_document(sentences, beam_size=1, cancel=lambda: True,
                                                    use_cache=False))
    assert [t.index for t in items] == list(range(len(items)))


# -- bidi controls never reach an export ------------------------------------------------------


def _export_texts(path: Path) -> str:
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as zf:
            return "".join(zf.read(n).decode("utf-8", errors="replace") for n in zf.namelist()
                           if n.endswith(".xml") or n.endswith(".rels"))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("reader", ["txt", "docx", "html"])
@pytest.mark.parametrize("layout", ["bilingual", "target"])
def test_bidi_controls_never_reach_an_export(tmp_path, fixture_corpus, tiny_translator, reader, layout):
    """read → translate (tiny model) → export DOCX/TXT/TMX/JSON: no direction control anywhere."""
    import random

    rng = random.Random(3)
    text = "\n\n".join(make.with_bidi(ar, rng) for ar, _ in fixture_corpus[:6])
    if reader == "docx":
        path = make.valid_docx(tmp_path, text.split("\n\n"), name="bidi.docx")
    else:
        path = tmp_path / f"bidi.{reader}"
        body = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
        path.write_text(f"<html><body>{body}</body></html>" if reader == "html" else text, encoding="utf-8")
    doc = read_document(path)
    translations = list(tiny_translator.translate_document(doc.sentences(), beam_size=1))
    assert any(t.target for t in translations)
    for ext in EXTS:
        out = write_translation(tmp_path / f"out{ext}", doc, translations, layout=layout)
        exported = _export_texts(out)
        leaked = sorted({f"U+{ord(c):04X}" for c in exported if c in make.BIDI_CHARS})
        assert not leaked, f"{ext}: {leaked}"


@pytest.mark.parametrize("ext", EXTS)
def test_bidi_controls_in_the_file_name_never_reach_an_export(tmp_path, fixture_corpus, tiny_translator, ext):
    """A name like 'report\\u202etxt.docx' shows reversed; exports that record the source name
    (TMX x-source, JSON source, DOCX metadata) must not carry the override."""
    folder = tmp_path / "in"
    folder.mkdir()
    src = folder / "report\u202eagla\u2066.txt"
    src.write_text(_article(fixture_corpus, 2), encoding="utf-8")
    doc = read_document(src)
    translations = list(tiny_translator.translate_document(doc.sentences(), beam_size=1))
    from desk.export import ExportOptions

    out = write_translation(tmp_path / f"out{ext}", doc, translations,
                            options=ExportOptions(source_name=doc.path or ""))
    leaked = sorted({f"U+{ord(c):04X}" for c in _export_texts(out) if c in make.BIDI_CHARS})
    assert not leaked, f"{ext}: {leaked}"


# -- logs -------------------------------------------------------------------------------------

SECRET = "قال المتحدث السري إن الصفقة ستوقع سرا غدا."


def _cli(args, home: Path, cwd: Path, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k != "DESK_LOG_TEXT"}
    env.update({"DESK_HOME": str(home), **(extra_env or {})})
    return subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True, env=env, cwd=cwd,
                          timeout=120)


def _log_text(home: Path) -> str:
    logs = home / "logs"
    files = sorted(logs.glob("tarjama-desk.log*"))
    assert files, f"no log file under {logs}"
    return "".join(f.read_text(encoding="utf-8") for f in files)


def test_failing_document_is_logged_without_its_text(tmp_path):
    home = tmp_path / "home"
    path = make.entity_docx(tmp_path, "word/styles.xml", "file", name="confidential.docx")
    # put the secret sentence in the body too
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["word/document.xml"] = make.document_xml([SECRET]).encode()
    make.write_zip(path, parts)
    proc = _cli(["translate", str(path)], home, tmp_path)
    assert proc.returncode == 2
    log = _log_text(home)
    assert SECRET not in log and "الصفقة" not in log
    assert "confidential.docx" in log, "the error was not written to the log"


def test_failing_model_after_reading_is_logged_without_document_text(tmp_path, fixture_model_dir):
    home = tmp_path / "home"
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for f in fixture_model_dir.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    data = (broken / "model.bin").read_bytes()
    (broken / "model.bin").write_bytes(data[: len(data) // 3])
    source = tmp_path / "secret.txt"
    source.write_text(SECRET + "\n\n" + SECRET.replace("غدا", "اليوم"), encoding="utf-8")
    proc = _cli(["translate", str(source), "--model", str(broken)], home, tmp_path)
    assert proc.returncode == 2 and "cannot be loaded" in proc.stderr.decode()
    log = _log_text(home)
    assert "الصفقة" not in log
    assert "cannot be loaded" in log, "the model error was not written to the log"


def test_successful_run_logs_no_document_text(tmp_path, fixture_model_dir, fixture_corpus):
    home = tmp_path / "home"
    source = tmp_path / "a.txt"
    text = _article(fixture_corpus, 4)
    source.write_text(text, encoding="utf-8")
    proc = _cli(["translate", str(source), "-o", str(tmp_path / "a.docx"), "--model", str(fixture_model_dir)],
                home, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    log = _log_text(home)
    for sentence in read_text(text).sentences():
        assert sentence.text not in log


def test_log_rotates(tmp_path, monkeypatch):
    """The handler is a RotatingFileHandler under DESK_HOME/logs (size-capped)."""
    import logging
    import logging.handlers

    from desk.logsetup import configure_logging

    monkeypatch.setenv("DESK_HOME", str(tmp_path / "home"))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        path = configure_logging()
        handler = next(h for h in root.handlers if getattr(h, "_desk_handler", False))
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes > 0 and handler.backupCount > 0
        assert path.parent == tmp_path / "home" / "logs"
    finally:
        for h in root.handlers[:]:
            if h not in before:
                root.removeHandler(h)
                h.close()


# -- model files ------------------------------------------------------------------------------


def test_broken_model_is_a_model_load_error_and_a_good_one_still_works(tmp_path, tiny_translator, fixture_corpus):
    """The process keeps running after a ModelLoadError: the next translator loads and translates."""
    from desk.translate import Translator

    broken = tmp_path / "m"
    broken.mkdir()
    for f in tiny_translator.model_dir.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.bin").write_bytes(b"\0" * 1000)
    with pytest.raises(ModelLoadError):
        Translator(broken).load()
    ar, en = fixture_corpus[0]
    assert Translator(tiny_translator.model_dir).translate_text(ar, beam_size=1)


def test_json_export_is_valid_after_a_failed_attempt(tmp_path, monkeypatch, translated):
    """A failed export followed by a good one: the good one is complete and parseable."""
    doc, translations = translated
    path = tmp_path / "out.json"
    real_fdopen = os.fdopen
    with monkeypatch.context() as m:
        m.setattr(desk.atomic.os, "fdopen", lambda *a, **k: _FullDisk(real_fdopen(*a, **k), 10))
        with pytest.raises(ExportError):
            write_translation(path, doc, translations)
    assert not path.exists()
    write_translation(path, doc, translations)
    assert len(json.loads(path.read_text(encoding="utf-8"))["sentences"]) == len(translations)
