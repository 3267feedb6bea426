"""Checks that a model folder is complete and actually translates.

Run after every install and import (before the folder is renamed into the store) and by
``desk models verify``: files and hashes against the manifest, tokenisers load, the
tokenisers' pieces are in the model vocabulary, and a canary sentence translates.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desk.errors import ModelLoadError, ModelNotFoundError, printable
from desk.translate import Translator

log = logging.getLogger(__name__)

CANARY = "شكرا جزيلا."
MIN_VOCAB_COVERAGE = 0.9
VOCAB_FILES = ("shared_vocabulary.json", "shared_vocabulary.txt")
_SPECIAL = {"<unk>", "<s>", "</s>", "<pad>"}


@dataclass(frozen=True, slots=True)
class VerifyReport:
    model_dir: Path
    files_checked: int
    source_coverage: float
    target_coverage: float
    canary_source: str = ""
    canary_output: str = ""
    problems: tuple[str, ...] = field(default_factory=tuple)


def _read_vocab(path: Path) -> list[str]:
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError("not a list")
        return [str(t) for t in data]
    return path.read_text(encoding="utf-8").split("\n")[:-1] if path.stat().st_size else []


def _find_vocab(folder: Path, side: str) -> Path | None:
    for name in VOCAB_FILES:
        if (folder / name).is_file():
            return folder / name
    for ext in ("json", "txt"):
        p = folder / f"{side}_vocabulary.{ext}"
        if p.is_file():
            return p
    return None


def check_files(folder: Path) -> int:
    """Required files present; sizes and sha256 match the manifest if there is one."""
    from desk.models.store import MANIFEST, manifest_problem, read_manifest, sha256_file

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelNotFoundError(f"The model folder {folder} does not exist.")
    for required in ("model.bin", "config.json", "source.spm", "target.spm"):
        if not (folder / required).is_file():
            raise ModelLoadError(f"The model in {folder} is incomplete: {required} is missing.")
    if _find_vocab(folder, "source") is None or _find_vocab(folder, "target") is None:
        raise ModelLoadError(f"The model in {folder} is incomplete: its vocabulary file is missing.")
    manifest = read_manifest(folder)
    problem = manifest_problem(manifest)
    files = manifest.get("files") or {}
    if (folder / MANIFEST).is_file() and not files and problem is None:
        problem = "it lists no files"
    if problem is not None:
        name = printable(folder.name)
        raise ModelLoadError(
            f"The manifest of the model {name} ({printable(folder / MANIFEST)}) is damaged: {problem}. "
            f"Remove the model (`desk models remove {name}`) and install or import it again."
        )
    for rel, meta in files.items():
        path = folder / rel
        if not path.is_file():
            raise ModelLoadError(f"The model in {folder} is incomplete: {rel} is missing.")
        if meta.get("size") is not None and path.stat().st_size != meta["size"]:
            raise ModelLoadError(f"The model file {rel} in {folder} has the wrong size; it is damaged.")
        if meta.get("sha256") and sha256_file(path) != meta["sha256"]:
            raise ModelLoadError(f"The model file {rel} in {folder} is damaged (checksum mismatch).")
    return len(files)


def _coverage(pieces: list[str], vocab: set[str]) -> float:
    pieces = [p for p in pieces if p not in _SPECIAL]
    if not pieces:
        return 0.0
    return sum(p in vocab for p in pieces) / len(pieces)


def verify_model_dir(folder: str | Path, *, canary: bool = True, check_hashes: bool = True) -> VerifyReport:
    """Raise ``ModelLoadError`` (one plain sentence) if the folder is not a working model."""
    folder = Path(folder)
    count = check_files(folder) if check_hashes else 0
    if not check_hashes:
        for required in ("model.bin", "config.json", "source.spm", "target.spm"):
            if not (folder / required).is_file():
                raise ModelLoadError(f"The model in {folder} is incomplete: {required} is missing.")
    translator = Translator(folder, threads=1, beam_size=1)
    translator.load()  # tokenisers and engine, with the engine's own typed errors
    sp_src, sp_tgt = translator.tokenisers
    try:
        src_vocab_path = _find_vocab(folder, "source")
        tgt_vocab_path = _find_vocab(folder, "target")
        if src_vocab_path is None or tgt_vocab_path is None:
            raise ModelLoadError(f"The model in {folder} is incomplete: its vocabulary file is missing.")
        src_vocab = set(_read_vocab(src_vocab_path))
        tgt_vocab = set(_read_vocab(tgt_vocab_path))
    except (OSError, ValueError) as exc:  # the parser's words would quote the file's content
        raise ModelLoadError(f"The vocabulary file in {printable(folder)} is damaged (not a list of tokens); "
                             "import the model again.") from exc
    src_cov = _coverage([sp_src.id_to_piece(i) for i in range(sp_src.get_piece_size())], src_vocab)
    tgt_cov = _coverage([sp_tgt.id_to_piece(i) for i in range(sp_tgt.get_piece_size())], tgt_vocab)
    if src_cov < MIN_VOCAB_COVERAGE or tgt_cov < MIN_VOCAB_COVERAGE:
        raise ModelLoadError(
            f"The tokeniser files in {folder} do not match the model's vocabulary "
            f"({src_cov:.0%} / {tgt_cov:.0%} of pieces known); the folder mixes files of different models."
        )
    output = _canary(translator) if canary else ""
    log.info("verified model %s (coverage %.3f/%.3f)", folder, src_cov, tgt_cov)
    return VerifyReport(folder, count, src_cov, tgt_cov, CANARY if canary else "", output)


def _canary(translator: Translator) -> str:
    """Translate one sentence through the real pipeline: the model must produce something."""
    output = translator.translate_text(CANARY, use_cache=False)
    if not output.strip():
        raise ModelLoadError(f"The model in {translator.model_dir} produced no translation for a test sentence.")
    return output
