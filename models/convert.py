"""Recognise a model folder's format and turn it into a CTranslate2 folder.

Formats: a CTranslate2 folder (copied as is), a Hugging Face Marian folder (converted with
CTranslate2's TransformersConverter; needs the ``convert`` extra: torch + transformers), and
an OPUS-MT release (``decoder.yml`` + ``.npz`` + vocab ``.yml``; converted with
OpusMTConverter, numpy and pyyaml only). The sentencepiece files are copied alongside,
because the app tokenises with ``source.spm``/``target.spm`` from the model folder.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import warnings
from pathlib import Path

from desk.errors import ModelError, printable

log = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "float32")
CT2 = "ct2"
HF_MARIAN = "hf-marian"
OPUS_MT = "opus-mt-zip"
_HF_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_MAX_DEPTH = 3


def detect_format(folder: Path) -> str | None:
    """``"ct2"``, ``"hf-marian"``, ``"opus-mt-zip"`` or ``None``."""
    if (folder / "model.bin").is_file() and (folder / "config.json").is_file():
        return CT2
    if (folder / "decoder.yml").is_file():
        return OPUS_MT
    if (folder / "config.json").is_file() and any((folder / w).is_file() for w in _HF_WEIGHTS):
        return HF_MARIAN
    return None


def find_model_root(folder: Path) -> tuple[Path, str]:
    """The folder (``folder`` or one below it, e.g. an archive's top folder) holding a model."""
    queue = [(folder, 0)]
    while queue:
        current, depth = queue.pop(0)
        kind = detect_format(current)
        if kind:
            return current, kind
        if depth < _MAX_DEPTH:
            subdirs = sorted(p for p in current.iterdir()
                             if p.is_dir() and not p.is_symlink() and not p.name.startswith((".", "__MACOSX")))
            queue.extend((p, depth + 1) for p in subdirs)
    raise ModelError(
        f"{printable(folder.name)} does not contain a translation model: expected a CTranslate2 folder (model.bin), "
        "a Hugging Face Marian folder (config.json + model.safetensors) or an OPUS-MT release (decoder.yml)."
    )


def _check_quantization(quantization: str) -> None:
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"Unknown quantization {quantization!r}; use one of {', '.join(QUANTIZATIONS)}.")


def _copy_spm(src: Path, dst: Path) -> None:
    for name in ("source.spm", "target.spm"):
        if not (src / name).is_file():
            raise ModelError(f"The model in {src.name} has no {name} (the sentencepiece tokeniser).")
        shutil.copyfile(src / name, dst / name)


def converter_versions(kind: str) -> dict[str, str]:
    import ctranslate2

    versions = {"ctranslate2": ctranslate2.__version__}
    if kind == HF_MARIAN:
        try:
            import torch
            import transformers

            versions["transformers"] = transformers.__version__
            versions["torch"] = torch.__version__
        except ImportError:
            pass
    return versions


CONVERT_EXTRA_MESSAGE = (
    "Converting a Hugging Face model needs PyTorch and Transformers: install them with "
    "`pip install 'tarjama-desk[convert]'`, or install `opus-mt-ar-en` (ready-made) or import "
    "a ready CTranslate2 model instead."
)


def require_transformers() -> None:
    """Fail early (before any download) when the ``convert`` extra is missing."""
    import importlib.util

    if any(importlib.util.find_spec(name) is None for name in ("torch", "transformers")):
        raise ModelError(CONVERT_EXTRA_MESSAGE)


def convert_hf_marian(src: Path, dst: Path, *, quantization: str = "int8") -> Path:
    """Hugging Face MarianMT folder → CTranslate2 folder (needs torch + transformers)."""
    _check_quantization(quantization)
    require_transformers()
    try:
        config = json.loads((src / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"The config.json in {src.name} is unreadable ({exc}).") from exc
    if config.get("model_type") != "marian":
        raise ModelError(
            f"{src.name} is a {config.get('model_type') or 'unknown'} model; "
            "only MarianMT (OPUS-MT) models are supported."
        )
    from ctranslate2.converters import TransformersConverter

    try:
        with warnings.catch_warnings():  # transformers' tokenizer nags about optional packages
            warnings.simplefilter("ignore")
            TransformersConverter(str(src)).convert(str(dst), quantization=quantization, force=True)
    except Exception as exc:  # noqa: BLE001 - any converter failure is a bad model folder
        log.exception("conversion of %s failed", src)
        raise ModelError(f"The model in {src.name} could not be converted ({type(exc).__name__}: {exc}).") from exc
    _copy_spm(src, dst)
    return dst


def convert_opus_mt(src: Path, dst: Path, *, quantization: str = "int8") -> Path:
    """OPUS-MT release folder (decoder.yml, .npz, vocab .yml, .spm) → CTranslate2 folder."""
    _check_quantization(quantization)
    from ctranslate2.converters import OpusMTConverter

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            OpusMTConverter(str(src)).convert(str(dst), quantization=quantization, force=True)
    except Exception as exc:  # noqa: BLE001 - any converter failure is a bad release folder
        log.exception("conversion of %s failed", src)
        raise ModelError(
            f"The OPUS-MT model in {src.name} could not be converted ({type(exc).__name__}: {exc})."
        ) from exc
    _copy_spm(src, dst)
    return dst


CT2_FILES = ("model.bin", "config.json", "source.spm", "target.spm")
# The vocabulary files CTranslate2 reads (nothing else named "...vocabulary..." is copied).
CT2_VOCABULARIES = ("shared_vocabulary.json", "shared_vocabulary.txt", "source_vocabulary.json",
                    "source_vocabulary.txt", "target_vocabulary.json", "target_vocabulary.txt")


def check_links(folder: Path) -> None:
    """Refuse a model folder holding a link that leads outside it (the imported folder).

    A folder from a USB stick or an e-mail may hold ``vocabulary -> /etc/shadow``; copying
    it would put a world-readable copy of the secret in the store.
    """
    top = folder.resolve()
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if p.is_symlink():
                target = p.resolve()
                if target != top and top not in target.parents:
                    raise ModelError(
                        f"The model folder {printable(folder.name)} holds a link leading outside it "
                        f"({printable(p.relative_to(folder).as_posix())}); it was not imported. Copy the real "
                        "files into a folder (for example with `cp -rL`) and import that."
                    )


def _regular(src: Path, name: str) -> bool:
    try:
        info = os.stat(src / name)  # links were checked to stay inside the imported folder
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode)


def copy_ct2(src: Path, dst: Path, *, move: bool = False) -> Path:
    """Copy (or, from our own unpacked archive, move) the files a CTranslate2 model needs.

    Nothing else from a USB stick: only ``CT2_FILES`` and ``CT2_VOCABULARIES``, regular
    files only; the caller has refused links leaving the imported folder (``check_links``).
    ``move`` renames instead of copying, so an archive's 2 GB model.bin is written once, not
    twice.
    """
    dst.mkdir(parents=True, exist_ok=True)
    for name in CT2_FILES:
        if not _regular(src, name):
            raise ModelError(f"The model in {printable(src.name)} is incomplete: {name} is missing.")
    for name in CT2_FILES + CT2_VOCABULARIES:
        if _regular(src, name):
            if move and not (src / name).is_symlink():
                os.replace(src / name, dst / name)
            else:
                shutil.copyfile(src / name, dst / name)
    return dst
