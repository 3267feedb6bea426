"""Issue 17 security findings and the write path: links out of an imported model folder,
archive bombs and encrypted archives, escape sequences in names, model ids and manifests,
a missing home folder, full disks, file modes and stale temporaries, text XML cannot hold,
and decoding that keeps the text. Issue 15 items 6 and 12 are here too.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hostile import shapes

from desk import paths
from desk.atomic import atomic_write_bytes, atomic_write_text
from desk.cli import main
from desk.documents import read_document
from desk.errors import ExportError, ModelError, ModelLoadError, printable
from desk.models.importer import import_model

SECRET = "root:$6$secret-hash:19000:0:99999:7:::\n"


def _import(path, **kw):
    return list(import_model(path, **kw))[-1]


def _model_copy(fixture_model_dir, tmp_path, name="usb-model") -> Path:
    return Path(shutil.copytree(fixture_model_dir, tmp_path / name))


# -- links and extra files in an imported folder ----------------------------------------------
@pytest.mark.parametrize("name", ["target_vocabulary_notes.txt", "shared_vocabulary.json", "source.spm"])
def test_import_never_follows_a_link_out_of_the_folder(tmp_path, fixture_model_dir, name):
    secret = tmp_path / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    folder = _model_copy(fixture_model_dir, tmp_path)
    (folder / name).unlink(missing_ok=True)
    (folder / name).symlink_to(secret)
    with pytest.raises(ModelError, match="link leading outside") as err:
        _import(folder, model_id="m")
    assert "root:" not in str(err.value) and "secret" not in str(err.value)
    for p in paths.data_dir().rglob("*") if paths.data_dir().exists() else []:
        assert not p.is_file() or SECRET.encode() not in p.read_bytes()


def test_import_copies_only_the_files_a_model_needs(tmp_path, fixture_model_dir):
    folder = _model_copy(fixture_model_dir, tmp_path)
    (folder / "target_vocabulary_notes.txt").write_text("private notes", encoding="utf-8")
    (folder / "id_rsa").write_text("key", encoding="utf-8")
    target = _import(folder, model_id="m").model_dir
    assert sorted(p.name for p in target.iterdir()) == sorted(
        ["config.json", "manifest.json", "model.bin", "shared_vocabulary.json", "source.spm", "target.spm"])


def test_import_without_id_is_named_after_the_parent_of_a_generic_folder(tmp_path, fixture_model_dir):
    folder = tmp_path / "tiny-ar-en" / "ct2"
    shutil.copytree(fixture_model_dir, folder)
    assert _import(folder).model_id == "tiny-ar-en"


def test_import_without_id_from_an_archive_uses_the_archive_name(tmp_path, fixture_model_dir):
    archive = tmp_path / "opus-2024-arabic.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in fixture_model_dir.iterdir():
            zf.write(p, f"ct2/{p.name}")
    assert _import(archive).model_id == "opus-2024-arabic"


# -- archives -----------------------------------------------------------------------------------
def test_zip_bomb_is_refused_from_declared_sizes_before_writing(tmp_path, fixture_model_dir):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in fixture_model_dir.iterdir():
            if p.name != "model.bin":
                zf.write(p, p.name)
        with zf.open("model.bin", "w", force_zip64=True) as out:
            block = b"\0" * (1 << 20)
            for _ in range(64):
                out.write(block)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ModelError, match="zip bomb"):
        _import(bomb, model_id="m")
    written = sum(p.stat().st_size for p in paths.data_dir().rglob("*") if p.is_file()) \
        if paths.data_dir().exists() else 0
    assert written < 1_000_000


def test_encrypted_zip_is_a_plain_sentence(tmp_path, fixture_model_dir):
    archive = tmp_path / "locked.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for p in fixture_model_dir.iterdir():
            zf.writestr(p.name, p.read_bytes())
    data = bytearray(buffer.getvalue())
    # set the "encrypted" flag in every local and central header (zipfile cannot write real
    # encryption; reading such a member raises RuntimeError, which the import used to leak)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    archive.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="password-protected"):
        _import(archive, model_id="m")


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_devices_and_pipes_are_refused_in_a_sentence(tmp_path, kind):
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero")
    with pytest.raises(ModelError, match="device, a pipe or a socket"):
        _import(target)


def test_escape_sequences_in_member_names_never_reach_the_terminal(tmp_path, capsys):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        info = zipfile.ZipInfo("\x1b]0;pwned\x07\x1b[2J\nlink")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    assert main(["models", "import", str(archive), "--id", "m"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    errors = [line for line in err.splitlines() if line.startswith("desk: error:")]
    assert len(errors) == 1 and "\\x1b]0;pwned\\x07\\x1b[2J\\x0alink" in errors[0]


def test_printable_escapes_controls_and_bidi_but_keeps_arabic():
    assert printable("ملف\n\x1b[2J\u202e.txt") == "ملف\\x0a\\x1b[2J\\u202e.txt"


# -- model ids and manifests --------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["x\n", "", " x", "x/y", ".tmp-x"])
def test_bad_model_ids_are_refused(tmp_path, fixture_model_dir, bad):
    with pytest.raises(ModelError, match="not a valid model name"):
        _import(fixture_model_dir, model_id=bad)


def test_manifest_id_with_a_newline_is_refused(tmp_path, fixture_model_dir):
    folder = _model_copy(fixture_model_dir, tmp_path)
    (folder / "manifest.json").write_text('{"id": "x\\n", "files": {}}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a valid model name"):
        _import(folder)


@pytest.mark.parametrize("files", ['["model.bin"]', '"model.bin"', '{"model.bin": 5}',
                                   '{"model.bin": {"size": "big"}}', '{"../../etc/passwd": {}}'])
def test_damaged_manifest_is_a_typed_error_naming_the_model(fixture_model_dir, files, capsys):
    target = _import(fixture_model_dir, model_id="named").model_dir
    (target / "manifest.json").write_text(f'{{"id": "named", "files": {files}}}', encoding="utf-8")
    assert main(["models", "verify", "named"]) == 2
    err = capsys.readouterr().err.strip()
    assert "manifest of the model named" in err and "desk models remove named" in err
    assert "unexpected" not in err and err.count("\n") == 0


# -- home folder ----------------------------------------------------------------------------------
def test_missing_home_is_never_created(tmp_path):
    home = tmp_path / "nonexistent" / "home"
    source = tmp_path / "a.txt"
    source.write_text("ذهب الولد إلى المدرسة.", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DESK_"))}
    env["HOME"] = str(home)
    for args in (["segment", str(source)], ["models", "list"]):
        proc = subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
    assert not (tmp_path / "nonexistent").exists()


def test_make_dir_refuses_below_a_missing_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "missing" / "home"))
    with pytest.raises(FileNotFoundError):
        paths.make_dir(paths.config_dir())
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "home"))
    assert paths.make_dir(paths.config_dir()).is_dir()


# -- atomic writes: modes, stale temporaries, full disk -------------------------------------------
@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_exports_honour_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == mode


def test_replacing_a_file_keeps_its_mode(tmp_path):
    path = tmp_path / "shared.docx"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640


def test_stale_temporaries_of_ours_are_removed_on_the_next_write(tmp_path):
    stale = tmp_path / ".out.docx.ab12cd_3.tmp"
    fresh = tmp_path / ".out.docx.zz99yy_1.tmp"
    other = tmp_path / ".notes.txt.ab12cd_3.tmp"
    for p in (stale, fresh, other):
        p.write_bytes(b"partial")
    past = time.time() - 3600
    os.utime(stale, (past, past))
    os.utime(other, (past, past))
    atomic_write_bytes(tmp_path / "out.docx", b"x")
    assert not stale.exists() and fresh.exists() and other.exists()


def _tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("ext", [".docx", ".txt", ".json", ".tmx"])
def test_full_disk_fails_within_seconds_and_keeps_the_previous_file(tmp_path, fixture_model_dir, fixture_corpus,
                                                                    ext):
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "64k"):
        pytest.skip("cannot mount a small tmpfs here (ENOSPC is simulated in test_reliability_faults.py)")
    try:
        out = disk / f"out{ext}"
        out.write_bytes(b"previous")
        (disk / "fill").write_bytes(b"\0" * (64 * 1024 - 8192))  # leaves less than one export
        source = tmp_path / "a.txt"
        source.write_text("\n\n".join(ar for ar, _ in fixture_corpus[:40]), encoding="utf-8")
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "desk", "translate", str(source), "-o", str(out), "--model",
                               str(fixture_model_dir), "-q"], capture_output=True, timeout=60,
                              env={**os.environ, "DESK_HOME": str(tmp_path / "home")})
        err = proc.stderr.decode().strip()
        assert proc.returncode == 2 and "No space left on device" in err and err.count("\n") == 0, err
        assert time.monotonic() - started < 30
        assert out.read_bytes() == b"previous"
        assert [p.name for p in disk.iterdir() if p.name.startswith(".")] == []
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_write_error_names_the_full_path(tmp_path):
    with pytest.raises(ExportError, match=f"^Cannot write {tmp_path}/missing/out.txt: "):
        atomic_write_text(tmp_path / "missing" / "out.txt", "x")


# -- text XML cannot hold -----------------------------------------------------------------------
@pytest.mark.parametrize("ext", [".docx", ".tmx", ".json", ".txt"])
def test_control_characters_in_text_and_name_export_everywhere(tmp_path, fixture_model_dir, ext, capsys):
    source = shapes.xml_invalid_text(tmp_path, name="ctl\x07name.txt")
    out = tmp_path / f"out{ext}"
    assert main(["translate", str(source), "-o", str(out), "--model", str(fixture_model_dir), "-q"]) == 0, \
        capsys.readouterr().err
    if ext == ".docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert "\uffff" not in text and "\x07" not in text


def test_readers_remove_what_xml_cannot_hold(tmp_path):
    doc = read_document(shapes.xml_invalid_text(tmp_path))
    text = doc.text
    assert not any(c in text for c in "\uffff\ufffe\x01\x1b\x90")
    assert "الولد" in text and "المدرسة" in text


# -- decoding that keeps the text ---------------------------------------------------------------
@pytest.mark.parametrize(("maker", "kept"), [
    (shapes.cut_utf8, "ذهب الولد إلى المدرسة"),
    (shapes.stray_byte, "وعاد إلى البيت"),
    (shapes.mixed_encodings, "وعاد إلى البيت مساء"),
])
def test_a_few_bad_bytes_keep_the_text_and_warn(tmp_path, caplog, maker, kept):
    with caplog.at_level(logging.WARNING, logger="desk.documents.encoding"):
        doc = read_document(maker(tmp_path))
    assert kept in doc.text and "ذهب الولد" in doc.text
    assert caplog.records, "the repair must be logged"


@pytest.mark.parametrize("charset", ["windows-1256", "unicode_escape", "iso-8859-6"])
def test_meta_charset_contradicted_by_clean_utf8_is_overridden(tmp_path, caplog, charset):
    with caplog.at_level(logging.WARNING, logger="desk.documents.html_reader"):
        doc = read_document(shapes.charset_lie_html(tmp_path, charset))
    assert doc.text == "ذهب الولد إلى المدرسة."
    assert any("meta charset" in r.getMessage() for r in caplog.records)


def test_store_does_not_create_config_below_missing_home(tmp_path, monkeypatch, fixture_model_dir):
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "gone" / "home"))
    with pytest.raises(ModelError):
        _import(fixture_model_dir, model_id="m")
    assert not (tmp_path / "gone").exists()


def test_damaged_vocabulary_message_does_not_quote_the_file(tmp_path, fixture_model_dir):
    from desk.models.verify import verify_model_dir

    folder = _model_copy(fixture_model_dir, tmp_path)
    (folder / "shared_vocabulary.json").write_text("root:x:0:0", encoding="utf-8")
    with pytest.raises(ModelLoadError) as err:
        verify_model_dir(folder, check_hashes=False)
    assert "root" not in str(err.value).replace(str(tmp_path), "")


def test_small_page_keeps_its_paragraphs_and_the_headline_once():
    """Found by issue 15: trafilatura's baseline put the headline again inside one merged paragraph."""
    from desk.documents import read_html

    doc = read_html("<html><body><h1>عنوان</h1><p>نص المقال.</p><p>فقرة ثانية.</p></body></html>", "x.html")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "عنوان"), ("paragraph", "نص المقال."), ("paragraph", "فقرة ثانية.")]
