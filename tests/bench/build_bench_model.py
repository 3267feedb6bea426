"""Build (once, cached) a full-size random-weight model shaped exactly like opus-mt-ar-en.

Why: the benchmark must measure real model cost (62,834-word vocabulary, 6+6 layers of
512) without downloading anything. The weights are random and seeded, so translations are
nonsense, but every matrix has the real size; both engines (Transformers and CTranslate2)
run the *same* weights because the CTranslate2 model is converted from the saved
Transformers checkpoint by CTranslate2's own ``TransformersConverter`` (int8).

Tokenisation is real: a sentencepiece BPE model trained here on Arabic text we have
(the fixture corpus, the shared sample article if present, and the benchmark article),
sized so the benchmark article gets ~1.4 pieces per word, close to the real
opus-mt-ar-en source.spm on news text. Its pieces fill the start of the vocabulary;
filler tokens ``▁tok12345`` pad it to 62,833 entries and ``<pad>`` is last (id 62,833),
as in the real model. ``source.spm`` and ``target.spm`` are the same file.

Run from the repository root (needs the ``bench`` extra: torch, transformers):

    python tests/bench/build_bench_model.py [--force]

Output: ``tests/bench/.cache/<VERSION>/`` with ``hf/`` (MarianMTModel + MarianTokenizer),
``ct2/`` (int8, + source.spm/target.spm: loadable by ``desk.translate.Translator``) and
``build_info.json``. Change ``VERSION`` whenever anything here changes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE = HERE / ".cache"
VERSION = "opus-shape-v1"
ARTICLE = HERE / "article_ar.txt"
CORPUS = REPO / "tests" / "fixtures" / "tiny-ar-en" / "corpus.tsv"
SAMPLE = REPO.parent / "shared" / "samples" / "iraq-us-talks.txt"

SEED = 20261201
# opus-mt-ar-en (Helsinki-NLP) shape.
VOCAB_SIZE = 62_834  # including <pad>; CTranslate2 drops <pad> -> 62,833
D_MODEL = 512
LAYERS = 6
HEADS = 8
FFN = 2048
MAX_POSITIONS = 512
SPM_VOCAB = 3000
EOS, UNK, PAD = "</s>", "<unk>", "<pad>"


@dataclass(frozen=True)
class BenchModel:
    """Where a built model lives."""

    root: Path
    hf_dir: Path
    ct2_dir: Path
    info: dict


def model_root(cache: Path = CACHE) -> Path:
    return cache / VERSION


def cached_model(cache: Path = CACHE) -> BenchModel | None:
    """The built model if it is complete and of the current VERSION, else None."""
    root = model_root(cache)
    info_file = root / "build_info.json"
    try:
        info = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("version") != VERSION or not (root / "ct2" / "model.bin").is_file():
        return None
    return BenchModel(root, root / "hf", root / "ct2", info)


def ensure_model(cache: Path = CACHE, *, force: bool = False, log=print) -> BenchModel:
    """Return the cached model, building it first if needed (≈1–3 min on 2 cores)."""
    if not force:
        found = cached_model(cache)
        if found is not None:
            return found
    return build(cache, log=log)


def corpus_pairs() -> list[tuple[str, str]]:
    """The fixture corpus (``CORPUS``) as (Arabic, English) pairs, one per non-empty line."""
    pairs = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            ar, en = line.split("\t")
            pairs.append((ar, en))
    return pairs


def arabic_training_lines() -> list[str]:
    """Arabic text for the sentencepiece model (normalised the way the engine reads it)."""
    from desk.textnorm import normalize_for_model

    lines: list[str] = []
    if CORPUS.is_file():
        lines += [normalize_for_model(ar) for ar, _ in corpus_pairs()]
    for path in (SAMPLE, ARTICLE):
        if path.is_file():
            lines += [normalize_for_model(p) for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
    return [line for line in lines if line]


def train_spm(lines: list[str], work: Path):
    import sentencepiece as spm

    txt = work / "spm_train.txt"
    txt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(txt),
        model_prefix=str(work / "bench"),
        model_type="bpe",
        vocab_size=SPM_VOCAB,
        hard_vocab_limit=False,
        character_coverage=1.0,
        split_digits=True,
        byte_fallback=False,
        unk_id=0,
        eos_id=1,
        bos_id=-1,
        pad_id=-1,
        num_threads=1,
        shuffle_input_sentence=False,
        minloglevel=2,
    )
    txt.unlink()
    return spm.SentencePieceProcessor(model_file=str(work / "bench.model"))


def build_vocab(sp) -> dict[str, int]:
    """</s>, <unk>, the spm pieces, filler tokens up to 62,833 entries, then <pad>."""
    vocab: dict[str, int] = {EOS: 0, UNK: 1}
    for i in range(sp.get_piece_size()):
        if sp.is_control(i) or sp.is_unknown(i):
            continue
        vocab.setdefault(sp.id_to_piece(i), len(vocab))
    n = 0
    while len(vocab) < VOCAB_SIZE - 1:
        vocab.setdefault(f"▁tok{n:05d}", len(vocab))
        n += 1
    vocab[PAD] = len(vocab)
    assert len(vocab) == VOCAB_SIZE and vocab[PAD] == VOCAB_SIZE - 1
    return vocab


def make_model():
    import torch
    from transformers import MarianConfig, MarianMTModel

    pad = VOCAB_SIZE - 1
    config = MarianConfig(
        vocab_size=VOCAB_SIZE,
        decoder_vocab_size=VOCAB_SIZE,
        d_model=D_MODEL,
        encoder_layers=LAYERS,
        decoder_layers=LAYERS,
        encoder_attention_heads=HEADS,
        decoder_attention_heads=HEADS,
        encoder_ffn_dim=FFN,
        decoder_ffn_dim=FFN,
        activation_function="swish",
        dropout=0.1,
        attention_dropout=0.0,
        activation_dropout=0.0,
        max_position_embeddings=MAX_POSITIONS,
        init_std=0.02,
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        normalize_before=False,
        normalize_embedding=False,
        pad_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        is_encoder_decoder=True,
        architectures=["MarianMTModel"],
    )
    torch.manual_seed(SEED)
    model = MarianMTModel(config).eval()
    with torch.no_grad():
        model.get_input_embeddings().weight[pad].zero_()
    return model


def build(cache: Path = CACHE, *, log=print) -> BenchModel:
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    t0 = time.perf_counter()
    import ctranslate2
    import sentencepiece
    import torch
    import transformers
    from transformers import GenerationConfig, MarianTokenizer

    torch.set_num_threads(2)
    root = model_root(cache)
    tmp = cache / f"{VERSION}.building-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    hf, ct2, work = tmp / "hf", tmp / "ct2", tmp / "work"
    for d in (hf, work):
        d.mkdir(parents=True)

    lines = arabic_training_lines()
    sp = train_spm(lines, work)
    shutil.copy(work / "bench.model", hf / "source.spm")
    shutil.copy(work / "bench.model", hf / "target.spm")
    vocab = build_vocab(sp)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    log(f"[bench-model] spm: {sp.get_piece_size()} pieces from {len(lines)} lines; vocab {len(vocab)}")

    tokenizer = MarianTokenizer(
        source_spm=str(hf / "source.spm"),
        target_spm=str(hf / "target.spm"),
        vocab=str(work / "vocab.json"),
        source_lang="ar",
        target_lang="en",
        separate_vocabs=False,
        model_max_length=MAX_POSITIONS,
    )
    tokenizer.save_pretrained(str(hf))

    model = make_model()
    params = sum(p.numel() for p in model.parameters())
    model.generation_config = GenerationConfig(
        bos_token_id=0,
        eos_token_id=0,
        pad_token_id=VOCAB_SIZE - 1,
        decoder_start_token_id=VOCAB_SIZE - 1,
        forced_eos_token_id=0,
        bad_words_ids=[[VOCAB_SIZE - 1]],
        max_length=MAX_POSITIONS,
        num_beams=4,
    )
    model.save_pretrained(str(hf))
    del model
    t_hf = time.perf_counter() - t0
    log(f"[bench-model] MarianMTModel {params:,} parameters saved ({t_hf:.0f}s); converting to int8")

    ctranslate2.converters.TransformersConverter(str(hf)).convert(str(ct2), quantization="int8", force=True)
    shutil.copy(hf / "source.spm", ct2 / "source.spm")
    shutil.copy(hf / "target.spm", ct2 / "target.spm")
    shutil.rmtree(work)
    ct2_config = json.loads((ct2 / "config.json").read_text(encoding="utf-8"))
    ct2_vocab = len(json.loads((ct2 / "shared_vocabulary.json").read_text(encoding="utf-8")))

    article = ARTICLE.read_text(encoding="utf-8")
    pieces = len(sp.encode(" ".join(article.split())))
    info = {
        "version": VERSION,
        "seed": SEED,
        "build_seconds": round(time.perf_counter() - t0, 1),
        "parameters": params,
        "hf_vocab": len(vocab),
        "ct2_vocab": ct2_vocab,
        "spm_pieces": sp.get_piece_size(),
        "article_words": len(article.split()),
        "article_pieces_per_word": round(pieces / len(article.split()), 3),
        "ct2_config": ct2_config,
        "hf_bytes": sum(f.stat().st_size for f in hf.rglob("*") if f.is_file()),
        "ct2_bytes": sum(f.stat().st_size for f in ct2.rglob("*") if f.is_file()),
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "ctranslate2": ctranslate2.__version__,
            "sentencepiece": sentencepiece.__version__,
        },
    }
    (tmp / "build_info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    log(f"[bench-model] built {root} in {info['build_seconds']}s (ct2 vocab {ct2_vocab})")
    return BenchModel(root, root / "hf", root / "ct2", info)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    model = ensure_model(force=args.force)
    print(json.dumps({k: v for k, v in model.info.items() if k != "ct2_config"}, indent=1))
    print(model.ct2_dir)
    return 0


if __name__ == "__main__":
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    raise SystemExit(main())
