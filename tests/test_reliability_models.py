"""Model files (issue 9): corrupt model folders give a typed ``ModelError`` (at load, or at the
latest at the first translation) and the process keeps working; hostile archives are
refused with an ``ArchiveError`` and nothing escapes the staging folder.

Complements tests/test_models_import.py (models helper): this file covers nested-folder
traversal and links, file/folder name clashes, truncated compressed archives, zips without
file-type bits, and a wider set of corruptions of every model file.
"""

from __future__ import annotations

import gzip
import io
import random
import shutil
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from desk import paths
from desk.errors import DeskError, ModelError, ModelLoadError

R = stat.S_IFREG | 0o644
D = stat.S_IFDIR | 0o755


# -- corrupt model folders --------------------------------------------------------------------


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _flip_header(data: bytes) -> bytes:
    rng = random.Random(5)
    b = bytearray(data)
    for i in range(8, 200):
        b[i] = rng.randrange(256)
    return bytes(b)


CORRUPTIONS = {
    "model.bin zeros": ("model.bin", lambda b: b"\0" * 1000),
    "model.bin empty": ("model.bin", lambda b: b""),
    "model.bin random": ("model.bin", lambda b: random.Random(1).randbytes(5000)),
    "model.bin truncated 1%": ("model.bin", lambda b: b[: len(b) // 100]),
    "model.bin truncated 50%": ("model.bin", lambda b: b[: len(b) // 2]),
    "model.bin minus 1 byte": ("model.bin", lambda b: b[:-1]),
    "model.bin header scrambled": ("model.bin", _flip_header),
    "source.spm truncated": ("source.spm", lambda b: b[: len(b) // 2]),
    "target.spm truncated": ("target.spm", lambda b: b[: len(b) // 3]),
    "source.spm empty": ("source.spm", lambda b: b""),
    "target.spm random": ("target.spm", lambda b: random.Random(2).randbytes(3000)),
    "config.json garbage": ("config.json", lambda b: b"{not json"),
    "config.json a list": ("config.json", lambda b: b"[1, 2]"),
    "config.json wrong types": ("config.json", lambda b: b'{"eos_token": 5, "add_source_eos": "x"}'),
    "vocabulary truncated": ("shared_vocabulary.json", lambda b: b[:100]),
    "vocabulary empty list": ("shared_vocabulary.json", lambda b: b"[]"),
    "vocabulary not utf-8": ("shared_vocabulary.json", lambda b: b"\xff\xfe\x00garbage"),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_corrupt_model_file_is_a_typed_model_error(tmp_path, fixture_model_dir, fixture_corpus, case):
    from desk.translate import Translator

    name, corrupt = CORRUPTIONS[case]
    folder = _copy(fixture_model_dir, tmp_path / "m")
    (folder / name).write_bytes(corrupt((folder / name).read_bytes()))
    translator = Translator(folder, threads=1)
    try:
        translator.load()
        # some damage only shows when decoding: that must be typed too
        list(translator.translate_document(fixture_corpus[0][0], beam_size=1))
    except ModelError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    # any other exception type fails the test here


@pytest.mark.parametrize("missing", ["model.bin", "source.spm", "target.spm", "shared_vocabulary.json"])
def test_missing_model_file_is_a_typed_model_error(tmp_path, fixture_model_dir, missing):
    from desk.translate import Translator

    folder = _copy(fixture_model_dir, tmp_path / "m")
    (folder / missing).unlink()
    with pytest.raises(ModelError):
        Translator(folder, threads=1).load()


def test_model_file_replaced_by_a_folder_or_a_dangling_link(tmp_path, fixture_model_dir):
    from desk.translate import Translator

    folder = _copy(fixture_model_dir, tmp_path / "m")
    (folder / "source.spm").unlink()
    (folder / "source.spm").mkdir()
    with pytest.raises(ModelLoadError):
        Translator(folder).load()
    folder = _copy(fixture_model_dir, tmp_path / "n")
    (folder / "model.bin").unlink()
    (folder / "model.bin").symlink_to(folder / "nowhere.bin")
    with pytest.raises(ModelLoadError):
        Translator(folder).load()


def test_after_model_errors_a_good_model_still_translates(tmp_path, fixture_model_dir, fixture_corpus):
    from desk.translate import Translator

    for i, (name, corrupt) in enumerate(CORRUPTIONS.values()):
        folder = _copy(fixture_model_dir, tmp_path / f"m{i}")
        (folder / name).write_bytes(corrupt((folder / name).read_bytes()))
        try:
            t = Translator(folder, threads=1).load()
            list(t.translate_document(fixture_corpus[0][0], beam_size=1))
        except Exception:  # noqa: BLE001 - this test only checks the process survives
            pass
    ar, en = fixture_corpus[0]
    assert Translator(fixture_model_dir, threads=1).translate_text(ar, beam_size=1) == en


# -- hostile archives -------------------------------------------------------------------------


def _zip(path: Path, entries) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def _tar(path: Path, members, mode: str = "w") -> Path:
    with tarfile.open(path, mode) as tf:
        for info, data in members:
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def _tarinfo(name: str, kind=tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, link
    return info


def _store_is_clean(tmp_path: Path) -> None:
    root = paths.models_dir()
    assert not root.exists() or not [p for p in root.iterdir() if not p.name.startswith(".")]
    assert not (tmp_path.parent / "escaped").exists() and not Path("/tmp/desk-escaped").exists()


def _import(archive: Path):
    from desk.models.importer import import_model

    return list(import_model(archive))


def _archives(tmp_path: Path, fixture_model_dir: Path) -> dict[str, Path]:
    """Hostile archives that also carry a real model, so only the hostile part can stop them."""
    model = [(f"m/{f.name}", f.read_bytes(), R) for f in sorted(fixture_model_dir.iterdir())]
    tar_model = [(_tarinfo(f"m/{f.name}"), f.read_bytes()) for f in sorted(fixture_model_dir.iterdir())]
    t = tmp_path
    return {
        "zip nested traversal": _zip(t / "a.zip", model + [("m/sub/deeper/../../../../escaped", b"x", R)]),
        "zip nested backslash traversal": _zip(t / "b.zip", model + [("m\\sub\\..\\..\\..\\escaped", b"x", R)]),
        "zip nested absolute": _zip(t / "c.zip", model + [("/tmp/desk-escaped", b"x", R)]),
        "zip symlink in a nested folder": _zip(t / "d.zip", model + [
            ("m/sub/link", b"../../../../etc", stat.S_IFLNK | 0o777)]),
        "zip fifo": _zip(t / "e.zip", model + [("m/fifo", b"", stat.S_IFIFO | 0o644)]),
        "tar symlink in a nested folder": _tar(t / "a.tar", tar_model + [
            (_tarinfo("m/sub/ln", tarfile.SYMTYPE, "../../../etc/passwd"), b"")]),
        "tar hardlink to an absolute path": _tar(t / "b.tar", tar_model + [
            (_tarinfo("m/sub/hl", tarfile.LNKTYPE, "/etc/passwd"), b"")]),
        "tar.gz symlink then write through it": _tar(t / "c.tar.gz", tar_model + [
            (_tarinfo("m/dir", tarfile.SYMTYPE, "/tmp"), b""), (_tarinfo("m/dir/desk-escaped"), b"x")], "w:gz"),
        "tar fifo": _tar(t / "d.tar", tar_model + [(_tarinfo("m/fifo", tarfile.FIFOTYPE), b"")]),
        "tar nested traversal": _tar(t / "e.tar", tar_model + [(_tarinfo("m/a/b/../../../../escaped"), b"x")]),
    }


HOSTILE = ["zip nested traversal", "zip nested backslash traversal", "zip nested absolute",
           "zip symlink in a nested folder", "zip fifo", "tar symlink in a nested folder",
           "tar hardlink to an absolute path", "tar.gz symlink then write through it", "tar fifo",
           "tar nested traversal"]


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_archive_is_refused_and_nothing_escapes(tmp_path, fixture_model_dir, case):
    from desk.models.archive import ArchiveError

    archive = _archives(tmp_path, fixture_model_dir)[case]
    with pytest.raises(ArchiveError):
        _import(archive)
    _store_is_clean(tmp_path)


@pytest.mark.parametrize("order", ["file then folder", "folder then file", "file then child"])
@pytest.mark.parametrize("fmt", ["zip", "tar"])
def test_name_clash_between_file_and_folder_is_a_typed_error(tmp_path, order, fmt):
    entries = {"file then folder": [("m/x", b"1", R), ("m/x/", b"", D)],
               "folder then file": [("m/x/", b"", D), ("m/x", b"1", R)],
               "file then child": [("m/x", b"1", R), ("m/x/y", b"2", R)]}[order]
    if fmt == "zip":
        archive = _zip(tmp_path / "clash.zip", entries)
    else:
        archive = _tar(tmp_path / "clash.tar", [
            (_tarinfo(n.rstrip("/"), tarfile.DIRTYPE if n.endswith("/") else tarfile.REGTYPE), d)
            for n, d, _ in entries])
    with pytest.raises(DeskError):
        _import(archive)
    _store_is_clean(tmp_path)


@pytest.mark.parametrize("kind", ["tar.gz", "tar.xz", "tar.bz2", "zip", "tar"])
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_archive_is_a_typed_error(tmp_path, fixture_model_dir, kind, keep):
    if kind == "zip":
        full = _zip(tmp_path / "m.zip", [(f"m/{f.name}", f.read_bytes(), R) for f in fixture_model_dir.iterdir()])
    else:
        mode = {"tar.gz": "w:gz", "tar.xz": "w:xz", "tar.bz2": "w:bz2", "tar": "w"}[kind]
        full = _tar(tmp_path / f"m.{kind}",
                    [(_tarinfo(f"m/{f.name}"), f.read_bytes()) for f in fixture_model_dir.iterdir()], mode)
    data = full.read_bytes()
    cut = tmp_path / f"cut.{kind}"
    cut.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ModelError):
        _import(cut)
    _store_is_clean(tmp_path)


def test_small_truncated_tar_gz_is_a_typed_error(tmp_path):
    """Truncated inside the first member header: ``tarfile.is_tarfile`` itself raises EOFError."""
    full = _tar(tmp_path / "x.tar", [(_tarinfo("m/model.bin"), b"x" * 100)])
    data = gzip.compress(full.read_bytes())
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError):
        _import(cut)


def test_zip_without_file_type_bits_is_accepted(tmp_path, fixture_model_dir):
    """Python's ``zipfile.writestr(name, data)`` (and Java tools) store 0o600 without S_IFREG;
    those entries are plain files and the model must import."""
    archive = tmp_path / "plain.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(fixture_model_dir.iterdir()):
            zf.writestr(f"tiny/{f.name}", f.read_bytes())
    items = _import(archive)
    assert items[-1].step == "done" and (items[-1].model_dir / "model.bin").is_file()


def test_gzip_bomb_tar_is_stopped_by_the_byte_limit(tmp_path):
    """A .tar.gz whose one member inflates to 64 MB: the written-bytes guard stops it."""
    from desk.models.archive import ArchiveError, extract_archive

    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, "w:gz") as tf:
        info = tarfile.TarInfo("m/model.bin")
        info.size = 64 * 1024 * 1024
        tf.addfile(info, io.BytesIO(b"\0" * info.size))
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ArchiveError, match="more than"):
        list(extract_archive(path, tmp_path / "out", max_bytes=8 * 1024 * 1024))
