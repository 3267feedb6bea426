"""Importing models offline: folders, archives, conversions, and hostile archives."""

from __future__ import annotations

import io
import json
import shutil
import stat
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from conftest import FIXTURE_CT2, FIXTURE_HF

from desk import paths
from desk.errors import Cancelled, ModelError, ModelLoadError
from desk.models import store
from desk.models.archive import ArchiveError
from desk.models.importer import import_model
from desk.models.verify import verify_model_dir


def _store_entries() -> list[str]:
    root = paths.models_dir()
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def _run(path, **kw):
    items = list(import_model(path, **kw))
    assert items[-1].step == "done" and items[-1].model_dir is not None
    return items


def _translate(model_dir: Path, sentences: list[str]) -> list[str]:
    import ctranslate2
    import sentencepiece

    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    sp_src = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "source.spm"))
    sp_tgt = sentencepiece.SentencePieceProcessor(model_file=str(model_dir / "target.spm"))
    suffix = [] if config.get("add_source_eos") else ["</s>"]
    batch = [sp_src.encode(s, out_type=str) + suffix for s in sentences]
    engine = ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8", intra_threads=1)
    results = engine.translate_batch(batch, beam_size=1, max_decoding_length=64)
    return [sp_tgt.decode(r.hypotheses[0]) for r in results]


def _corpus(n: int = 4) -> list[str]:
    lines = (FIXTURE_CT2.parent / "corpus.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip()][:n]


# -- formats -------------------------------------------------------------------------------
def test_import_ct2_folder():
    items = _run(FIXTURE_CT2, model_id="tiny")
    target = items[-1].model_dir
    assert target == paths.models_dir() / "tiny"
    manifest = store.read_manifest(target)
    assert manifest["kind"] == "ct2" and manifest["source"] == f"import:{FIXTURE_CT2.name}"
    assert set(manifest["files"]) == {p.name for p in FIXTURE_CT2.iterdir() if p.is_file()}
    verify_model_dir(target)
    assert store.get_default_model() == "tiny"
    assert _store_entries() == ["tiny"]
    with pytest.raises(ModelError, match="already installed"):
        list(import_model(FIXTURE_CT2, model_id="tiny"))
    again = _run(FIXTURE_CT2, model_id="tiny", replace=True)
    assert again[-1].model_dir == target and _store_entries() == ["tiny"]


def test_import_of_copied_installed_model_keeps_its_id_and_provenance(tmp_path):
    _run(FIXTURE_CT2, model_id="from-usb")
    usb = tmp_path / "usb" / "whatever-name"
    shutil.copytree(paths.models_dir() / "from-usb", usb)
    store.remove_model("from-usb")
    items = _run(usb)
    assert items[-1].model_id == "from-usb"
    assert store.read_manifest(items[-1].model_dir)["source"] == f"import:{FIXTURE_CT2.name}"


def test_import_transformers_marian_folder_converts_to_int8():
    items = _run(FIXTURE_HF, model_id="tiny-hf")
    assert "convert" in [p.step for p in items]
    target = items[-1].model_dir
    manifest = store.read_manifest(target)
    assert manifest["kind"] == "hf-marian" and manifest["quantization"] == "int8"
    assert manifest["converter"] == "ctranslate2.converters.TransformersConverter"
    assert {"model.bin", "config.json", "source.spm", "target.spm"} <= set(manifest["files"])
    verify_model_dir(target)
    assert _translate(target, _corpus()) == _translate(FIXTURE_CT2, _corpus())


def _marian_vocab_yaml(tokens: list[str]) -> str:
    return "".join(f"{json.dumps(tok, ensure_ascii=False)}: {i}\n" for i, tok in enumerate(tokens))


def build_opus_mt_release(hf_dir: Path, out: Path) -> Path:
    """An OPUS-MT style release (Marian .npz + decoder.yml + vocab .yml + .spm) from the HF fixture.

    The mapping is the inverse of transformers' convert_marian_to_pytorch: Marian stores
    linear weights as [in, out] (``*_W*``) and biases as [1, out]; post-norm layer norms are
    ``*_ln_scale``/``*_ln_bias``; the tied embedding is ``Wemb``; the pad row HF appends is dropped.
    """
    from safetensors.numpy import load_file

    config = json.loads((hf_dir / "config.json").read_text(encoding="utf-8"))
    vocab = json.loads((hf_dir / "vocab.json").read_text(encoding="utf-8"))
    tokens = [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1])]
    assert tokens[-1] == "<pad>" and vocab["<pad>"] == config["pad_token_id"]
    tokens = tokens[:-1]
    w = load_file(str(hf_dir / "model.safetensors"))
    npz: dict[str, np.ndarray] = {}
    shared = w.get("model.shared.weight")
    if shared is None:
        shared = w["model.encoder.embed_tokens.weight"]
    npz["Wemb"] = shared[: len(tokens)]
    if not config.get("scale_embedding", False):
        # Marian always multiplies embeddings by sqrt(d_model); fold the inverse into the input
        # embedding and keep the unscaled matrix as an explicit (untied) output projection.
        npz["decoder_ff_logit_out_Wt"] = npz["Wemb"]
        npz["Wemb"] = npz["Wemb"] / np.float32(np.sqrt(config["d_model"]))
    if "final_logits_bias" in w:
        npz["decoder_ff_logit_out_b"] = w["final_logits_bias"][:, : len(tokens)]

    def linear(prefix: str, hf: str, suffix: str) -> None:
        npz[f"{prefix}_W{suffix}"] = w[f"{hf}.weight"].T.copy()
        npz[f"{prefix}_b{suffix}"] = w[f"{hf}.bias"][None, :]

    def norm(prefix: str, hf: str) -> None:
        npz[f"{prefix}_ln_scale"] = w[f"{hf}.weight"][None, :]
        npz[f"{prefix}_ln_bias"] = w[f"{hf}.bias"][None, :]

    def attention(prefix: str, hf: str, hf_norm: str) -> None:
        for m, proj in (("q", "q_proj"), ("k", "k_proj"), ("v", "v_proj"), ("o", "out_proj")):
            linear(prefix, f"{hf}.{proj}", m)
        norm(f"{prefix}_Wo", hf_norm)

    def ffn(prefix: str, hf: str) -> None:
        linear(f"{prefix}_ffn", f"{hf}.fc1", "1")
        linear(f"{prefix}_ffn", f"{hf}.fc2", "2")
        norm(f"{prefix}_ffn_ffn", f"{hf}.final_layer_norm")

    for i in range(config["encoder_layers"]):
        hf = f"model.encoder.layers.{i}"
        attention(f"encoder_l{i + 1}_self", f"{hf}.self_attn", f"{hf}.self_attn_layer_norm")
        ffn(f"encoder_l{i + 1}", hf)
    for i in range(config["decoder_layers"]):
        hf = f"model.decoder.layers.{i}"
        attention(f"decoder_l{i + 1}_self", f"{hf}.self_attn", f"{hf}.self_attn_layer_norm")
        attention(f"decoder_l{i + 1}_context", f"{hf}.encoder_attn", f"{hf}.encoder_attn_layer_norm")
        ffn(f"decoder_l{i + 1}", hf)
    marian_config = {
        "type": "transformer",
        "enc-depth": config["encoder_layers"],
        "dec-depth": config["decoder_layers"],
        "transformer-heads": config["encoder_attention_heads"],
        "transformer-ffn-activation": config["activation_function"],
        "transformer-preprocess": "",
        "transformer-postprocess": "dan",
        "transformer-postprocess-emb": "d",
        "transformer-decoder-autoreg": "self-attention",
        "transformer-no-projection": False,
        "transformer-guided-alignment-layer": "last",
    }
    import yaml

    text = yaml.safe_dump(marian_config).encode() + b"\0"
    npz["special:model.yml"] = np.frombuffer(text, dtype=np.int8).copy()
    out.mkdir(parents=True)
    np.savez(out / "opus.spm32k-spm32k.transformer-align.model1.npz.best-perplexity.npz", **npz)
    (out / "opus.spm32k-spm32k.vocab.yml").write_text(_marian_vocab_yaml(tokens), encoding="utf-8")
    (out / "decoder.yml").write_text(
        yaml.safe_dump(
            {
                "models": ["opus.spm32k-spm32k.transformer-align.model1.npz.best-perplexity.npz"],
                "vocabs": ["opus.spm32k-spm32k.vocab.yml", "opus.spm32k-spm32k.vocab.yml"],
                "beam-size": 6,
            }
        ),
        encoding="utf-8",
    )
    for name in ("source.spm", "target.spm"):
        shutil.copyfile(hf_dir / name, out / name)
    (out / "README.md").write_text("# opus-2020-01-01\n", encoding="utf-8")
    return out


def _zip_folder(folder: Path, archive: Path, *, top: str | None = None) -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.iterdir()):
            zf.write(p, f"{top}/{p.name}" if top else p.name)
    return archive


def test_import_opus_mt_release_zip(tmp_path):
    release = build_opus_mt_release(FIXTURE_HF, tmp_path / "opus-2020-ar-en")
    archive = _zip_folder(release, tmp_path / "opus-2020-ar-en.zip")
    items = _run(archive)
    assert items[-1].model_id == "opus-2020-ar-en"
    target = items[-1].model_dir
    manifest = store.read_manifest(target)
    assert manifest["kind"] == "opus-mt-zip"
    assert manifest["converter"] == "ctranslate2.converters.OpusMTConverter"
    assert {"source.spm", "target.spm", "model.bin"} <= set(manifest["files"])
    verify_model_dir(target)
    # Same weights through the Marian route and the Transformers route: same translations.
    assert _translate(target, _corpus()) == _translate(FIXTURE_CT2, _corpus())


@pytest.mark.parametrize("fmt", ["zip", "zip-with-folder", "tar.gz", "tar"])
def test_import_archived_ct2_folder(tmp_path, fmt):
    if fmt.startswith("zip"):
        archive = _zip_folder(FIXTURE_CT2, tmp_path / "tiny-model.zip", top="tiny-model" if "folder" in fmt else None)
    else:
        archive = tmp_path / f"tiny-model.{fmt}"
        with tarfile.open(archive, "w:gz" if fmt == "tar.gz" else "w") as tf:
            tf.add(FIXTURE_CT2, arcname="tiny-model")
    items = _run(archive)
    assert items[-1].model_id == "tiny-model"
    assert any(p.step == "extract" for p in items)
    verify_model_dir(items[-1].model_dir)
    assert _store_entries() == ["tiny-model"]


def test_imported_tree_is_walked_for_links_once_and_an_archive_not_again(tmp_path, monkeypatch):
    from desk.models import convert

    walked = []
    check = convert.check_links
    monkeypatch.setattr(convert, "check_links", lambda folder, *a: walked.append(folder) or check(folder, *a))
    _run(FIXTURE_CT2, model_id="tiny")
    assert walked == [FIXTURE_CT2]
    walked.clear()
    _run(_zip_folder(FIXTURE_CT2, tmp_path / "tiny-model.zip"))  # extraction refused every link already
    assert walked == []


# -- hostile and broken input ---------------------------------------------------------------
def _zip_with(tmp_path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(FIXTURE_CT2.iterdir()):
            zf.write(p, p.name)
        for name, data in entries:
            zf.writestr(name, data)
    return archive


def _assert_untouched(tmp_path: Path) -> None:
    assert _store_entries() == []
    assert not (tmp_path.parent / "escaped").exists()
    assert not Path("/tmp/desk-escaped-file").exists()


@pytest.mark.parametrize(
    "name", ["../escaped", "model/../../escaped", "/tmp/desk-escaped-file", "C:/escaped", "..\\escaped"]
)
def test_zip_slip_and_absolute_paths_are_refused(tmp_path, name):
    archive = _zip_with(tmp_path, [(name, b"x")])
    with pytest.raises(ArchiveError, match="path"):
        list(import_model(archive))
    _assert_untouched(tmp_path)


def test_zip_symlink_is_refused(tmp_path):
    info = zipfile.ZipInfo("link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive = _zip_with(tmp_path, [(info, b"/etc/passwd")])
    with pytest.raises(ArchiveError, match="link"):
        list(import_model(archive))
    _assert_untouched(tmp_path)


@pytest.mark.parametrize("kind", ["symlink", "hardlink", "absolute", "dotdot", "device"])
def test_tar_links_and_escapes_are_refused(tmp_path, kind):
    archive = tmp_path / "evil.tar"
    with tarfile.open(archive, "w") as tf:
        tf.add(FIXTURE_CT2, arcname="m")
        info = tarfile.TarInfo("m/extra")
        data = b""
        if kind == "symlink":
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
        elif kind == "hardlink":
            info.type, info.linkname = tarfile.LNKTYPE, "m/model.bin"
        elif kind == "absolute":
            info.name, data = "/tmp/desk-escaped-file", b"x"
        elif kind == "dotdot":
            info.name, data = "../escaped", b"x"
        else:
            info.type = tarfile.CHRTYPE
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    with pytest.raises(ArchiveError):
        list(import_model(archive))
    _assert_untouched(tmp_path)


def test_a_runtime_error_while_unpacking_is_a_bug_not_a_damaged_archive(tmp_path, monkeypatch):
    from desk.models.archive import extract_archive

    archive = _zip_folder(FIXTURE_CT2, tmp_path / "tiny-model.zip")

    def no_zlib(*a, **k):
        raise RuntimeError("Compression requires the (missing) zlib module")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_zlib)
    with pytest.raises(RuntimeError, match="missing") as raised:
        list(extract_archive(archive, tmp_path / "out"))
    assert not isinstance(raised.value, ArchiveError)


def test_oversize_archive_is_refused_from_declared_sizes(tmp_path):
    archive = _zip_folder(FIXTURE_CT2, tmp_path / "big.zip")
    with pytest.raises(ArchiveError, match="more than"):
        list(import_model(archive, max_archive_bytes=100_000))
    assert _store_entries() == []


def test_zip_bomb_lying_about_its_size_is_stopped(tmp_path):
    """Central directory claims 10 bytes; the data inflates to 50 MB. Extraction must stop."""
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model.bin", b"\0" * 50_000_000)
    raw = bytearray(archive.read_bytes())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (10).to_bytes(4, "little")  # uncompressed size in the central directory
    lh = raw.find(b"PK\x03\x04")
    raw[lh + 22 : lh + 26] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(raw))
    with pytest.raises(ArchiveError):
        list(import_model(archive, max_archive_bytes=1_000_000))
    assert _store_entries() == []


def test_actual_bytes_are_counted_against_the_limit(tmp_path):
    """A tar stream is honest about sizes, so check the written-bytes guard directly too."""
    from desk.models.archive import extract_archive

    archive = tmp_path / "t.tar"
    with tarfile.open(archive, "w") as tf:
        for i in range(3):
            info = tarfile.TarInfo(f"f{i}")
            info.size = 40_000
            tf.addfile(info, io.BytesIO(b"a" * 40_000))
    with pytest.raises(ArchiveError, match="more than"):
        list(extract_archive(archive, tmp_path / "out", max_bytes=100_000))


def test_not_a_model_is_a_plain_error(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ModelError, match="does not contain a translation model"):
        list(import_model(tmp_path / "notes"))
    (tmp_path / "doc.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ModelError, match="not a model archive"):
        list(import_model(tmp_path / "doc.txt"))
    with pytest.raises(ModelError, match="no file or folder"):
        list(import_model(tmp_path / "missing"))
    assert _store_entries() == []


def test_truncated_model_bin_is_refused_with_model_load_error(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(FIXTURE_CT2, broken)
    data = (broken / "model.bin").read_bytes()
    (broken / "model.bin").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelLoadError, match="damaged"):
        list(import_model(broken))
    assert _store_entries() == []


def test_mismatched_tokeniser_is_refused(tmp_path):
    broken = tmp_path / "mixed"
    shutil.copytree(FIXTURE_CT2, broken)
    vocab_file = next(p for p in broken.iterdir() if "vocabulary" in p.name)
    tokens = json.loads(vocab_file.read_text(encoding="utf-8"))
    vocab_file.write_text(json.dumps(tokens[:3] + [f"tok{i}" for i in range(len(tokens) - 3)]), encoding="utf-8")
    with pytest.raises(ModelLoadError, match="do not match"):
        list(import_model(broken))
    assert _store_entries() == []


def test_installed_model_damaged_later_fails_verification():
    target = _run(FIXTURE_CT2, model_id="tiny")[-1].model_dir
    data = (target / "model.bin").read_bytes()
    (target / "model.bin").write_bytes(data[:-10] + b"0123456789")
    with pytest.raises(ModelLoadError, match="damaged"):
        verify_model_dir(target)
    (target / "source.spm").unlink()
    with pytest.raises(ModelLoadError, match="source.spm is missing"):
        verify_model_dir(target)


def test_cancelled_import_leaves_no_trace(tmp_path):
    archive = _zip_folder(FIXTURE_CT2, tmp_path / "tiny.zip")
    with pytest.raises(Cancelled):
        list(import_model(archive, cancel=lambda: True))
    assert _store_entries() == []


def test_missing_convert_extra_is_a_clear_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    with pytest.raises(ModelError, match=r"tarjama-desk\[convert\]"):
        list(import_model(FIXTURE_HF))
    assert _store_entries() == []
