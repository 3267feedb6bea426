"""Translation speed: our pipeline vs plain CTranslate2 vs Transformers, same weights, same tokens.

    python tests/bench/throughput.py [--quick] [--json] [--beam N] [--beams 1,2,4] [--details FILE]

The model is the cached full-size random-weight opus-mt-ar-en-shaped model
(``build_bench_model.py``; built on first use, ≈20 s). The input is ``article_ar.txt``
(981 words of MSA news; ``--quick`` uses its first paragraphs, ≈250 words).

Fixed output lengths (random weights never emit ``</s>`` on their own, and a fair speed
comparison needs every engine to produce the same number of tokens). Each sentence i with
n_i source pieces (incl. ``</s>``) is worth L_i = ceil(1.3 × n_i) target tokens. Every
engine call — in every engine — decodes exactly L = max L_i over the sentences of *that
call* (CTranslate2: ``min_decoding_length = max_decoding_length = L``; Transformers:
``min_new_tokens = max_new_tokens = L``; EOS can't stop it earlier). Throughput is
``Σ L_i / seconds`` ("useful" target tokens): a batching plan that pads short sentences up
to long ones pays for it. Generated tokens (incl. that padding) are reported too. For the
pipeline the per-call rule is applied by wrapping the loaded ``ctranslate2.Translator``
(``FixedLengthEngine``), so ``translate_document`` runs unchanged.

``--json``: the last line is one JSON object with exactly the keys in ``JSON_KEYS``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `desk` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.build_bench_model import ARTICLE, ensure_model  # noqa: E402

RATIO = 1.3
MAX_LENGTH = 512
QUICK_PARAGRAPHS = 8
JSON_KEYS = (
    "pipeline_tok_s",
    "raw_ct2_tok_s",
    "naive_ct2_tok_s",
    "transformers_tok_s",
    "first_sentence_s",
    "peak_rss_mb",
)
# (batch_type, size): "examples" = sentences per call, "tokens" = padded tokens (rows × longest).
BATCHINGS_FULL = (
    ("examples", 4),
    ("examples", 8),
    ("examples", 16),
    ("examples", 32),
    ("examples", 0),
    ("tokens", 512),
    ("tokens", 1024),
    ("tokens", 2048),
    ("tokens", 4096),
)
BATCHINGS_QUICK = (("examples", 16), ("tokens", 2048))


# -- workload ---------------------------------------------------------------------------
def article_text(quick: bool = False) -> str:
    """The benchmark article; ``quick``: its headline and first paragraphs."""
    text = ARTICLE.read_text(encoding="utf-8")
    if quick:
        text = "\n\n".join(text.split("\n\n")[:QUICK_PARAGRAPHS])
    return text


def source_tokens(model_dir: Path, text: str) -> list[list[str]]:
    """The token lists the pipeline feeds the engine, built independently of it.

    Same steps as ``desk.translate``: segment, normalise, keep Arabic sentences once each,
    sentencepiece, then ``</s>`` unless the model's config adds it. (Sentences over the
    pipeline's split budget would be split there; the benchmark text has none.)
    """
    import sentencepiece

    from desk.segment import segment
    from desk.textnorm import has_arabic

    sp = sentencepiece.SentencePieceProcessor(model_file=str(Path(model_dir) / "source.spm"))
    config = _ct2_config(model_dir)
    suffix = [] if config.get("add_source_eos") else [config.get("eos_token") or "</s>"]
    seen: set[str] = set()
    out = []
    for sentence in segment(text):
        key = sentence.model_text
        if not key or not has_arabic(key) or key in seen:
            continue
        seen.add(key)
        out.append(sp.encode(key, out_type=str) + suffix)
    return out


def _ct2_config(model_dir: Path) -> dict:
    try:
        return json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def target_length(n_source: int, ratio: float = RATIO) -> int:
    return min(MAX_LENGTH, math.ceil(ratio * n_source))


def call_length(batch: Sequence[Sequence[str]], ratio: float = RATIO) -> int:
    """The fixed decoding length of one engine call: that of its longest source."""
    return target_length(max(len(s) for s in batch), ratio)


def useful_tokens(sources: Sequence[Sequence[str]], ratio: float = RATIO) -> int:
    return sum(target_length(len(s), ratio) for s in sources)


class FixedLengthEngine:
    """Wraps a ``ctranslate2.Translator``: every ``translate_batch`` decodes exactly
    ``call_length(source)`` tokens; counts calls, rows and generated tokens."""

    def __init__(self, engine: Any, ratio: float = RATIO) -> None:
        self.engine = engine
        self.ratio = ratio
        self.calls: list[tuple[int, int, int]] = []  # (rows, decoded length, source tokens)

    def translate_batch(self, source, *args, **options):
        length = call_length(source, self.ratio)
        options["min_decoding_length"] = length
        options["max_decoding_length"] = length
        options.pop("max_batch_size", None)  # one call = one batch, so the length rule holds
        self.calls.append((len(source), length, sum(len(s) for s in source)))
        return self.engine.translate_batch(source, *args, **options)

    @property
    def generated_tokens(self) -> int:
        return sum(rows * length for rows, length, _ in self.calls)

    def __getattr__(self, name: str):
        return getattr(self.engine, name)


# -- batching plans ---------------------------------------------------------------------
def plan_batches(lengths: Sequence[int], batch_type: str, size: int, *, sort: bool = True) -> list[list[int]]:
    """Indices grouped into calls. ``tokens``: rows × longest ≤ size; ``examples``: ≤ size rows (0 = all)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i]) if sort else list(range(len(lengths)))
    batches: list[list[int]] = []
    batch: list[int] = []
    longest = 0
    for i in order:
        if batch_type == "tokens":
            new_longest = max(longest, lengths[i])
            full = batch and (len(batch) + 1) * new_longest > size
        else:
            full = size > 0 and len(batch) >= size
        if full:
            batches.append(batch)
            batch, longest = [], 0
        batch.append(i)
        longest = max(longest, lengths[i])
    if batch:
        batches.append(batch)
    return batches


# -- measurements ------------------------------------------------------------------------
@dataclass
class Run:
    name: str
    seconds: float
    useful: int
    generated: int
    extra: dict = field(default_factory=dict)

    @property
    def tok_s(self) -> float:
        return self.useful / self.seconds if self.seconds > 0 else float("inf")

    def row(self) -> dict:
        return {"name": self.name, "seconds": round(self.seconds, 3), "tok_s": round(self.tok_s, 1),
                "useful_tokens": self.useful, "generated_tokens": self.generated, **self.extra}


def ct2_translator(model_dir: Path, intra_threads: int = 2, inter_threads: int = 1):
    import ctranslate2

    return ctranslate2.Translator(str(model_dir), device="cpu", compute_type="int8",
                                  intra_threads=intra_threads, inter_threads=inter_threads)


def run_ct2(engine, sources: list[list[str]], batches: list[list[int]], beam: int, *,
            asynchronous: bool = False, name: str = "ct2") -> Run:
    """Plain ``translate_batch`` calls (one per planned batch), each decoding its fixed length."""
    fixed = FixedLengthEngine(engine)
    t0 = time.perf_counter()
    if asynchronous:  # all submitted at once: lets inter_threads > 1 overlap batches
        pending = [fixed.translate_batch([sources[i] for i in b], beam_size=beam, asynchronous=True)
                   for b in batches]
        for futures in pending:
            for future in futures:
                future.result()
    else:
        for b in batches:
            fixed.translate_batch([sources[i] for i in b], beam_size=beam)
    seconds = time.perf_counter() - t0
    return Run(name, seconds, useful_tokens(sources), fixed.generated_tokens, {"calls": len(batches)})


def measure_raw(model_dir: Path, sources: list[list[str]], beam: int, *, batchings=BATCHINGS_FULL,
                repeats: int = 1, threads: Sequence[tuple[int, int]] = ((2, 1),), log=print) -> list[Run]:
    """Every (threads, batching) variant, best of ``repeats``.

    Rounds go over all variants in turn (round-robin), so a burst of load from other
    processes hits every variant alike instead of ruining one.
    """
    lengths = [len(s) for s in sources]
    runs: list[Run] = []
    for intra, inter in threads:
        engine = ct2_translator(model_dir, intra, inter)
        run_ct2(engine, sources[:2], [[0, 1]] if len(sources) > 1 else [[0]], beam)  # warm-up
        best: dict[tuple[str, int], Run] = {}
        for _ in range(max(1, repeats)):
            for batch_type, size in batchings:
                name = f"raw intra{intra}/inter{inter} {batch_type}={size or 'all'}"
                run = run_ct2(engine, sources, plan_batches(lengths, batch_type, size), beam,
                              asynchronous=inter > 1, name=name)
                if (batch_type, size) not in best or run.seconds < best[(batch_type, size)].seconds:
                    best[(batch_type, size)] = run
        for (batch_type, size), run in best.items():
            run.extra.update(batch_type=batch_type, max_batch_size=size, intra_threads=intra, inter_threads=inter)
            log(f"  {run.name:42s} {run.tok_s:8.1f} tok/s  {run.seconds:6.2f}s  gen {run.generated}")
            runs.append(run)
        del engine
    return runs


def head_to_head(model_dir: Path, text: str, sources: list[list[str]], beam: int, raw: Run, *,
                 rounds: int = 3) -> tuple[Run, Run]:
    """Pipeline and the best raw plan alternately, ``rounds`` times each; best of each.

    Alternating makes the pipeline/raw ratio robust to other load on the machine.
    """
    translator = pipeline_translator(model_dir, beam=beam)
    useful = useful_tokens(sources)
    run_pipeline(translator, "ترجمة.", 1)  # warm-up
    engine = ct2_translator(model_dir, raw.extra["intra_threads"], raw.extra["inter_threads"])
    plan = plan_batches([len(s) for s in sources], raw.extra["batch_type"], raw.extra["max_batch_size"])
    run_ct2(engine, sources[:1], [[0]], beam)  # warm-up
    pipes, raws = [], []
    for _ in range(max(1, rounds)):
        pipes.append(run_pipeline(translator, text, useful))
        again = run_ct2(engine, sources, plan, beam, asynchronous=raw.extra["inter_threads"] > 1, name=raw.name)
        again.extra.update({k: raw.extra[k] for k in ("batch_type", "max_batch_size", "intra_threads",
                                                      "inter_threads")})
        raws.append(again)
    best_pipe = min(pipes, key=lambda r: r.seconds)
    best_pipe.extra["first_sentence_s"] = min(r.extra["first_sentence_s"] for r in pipes)
    best_pipe.extra["rounds"] = len(pipes)
    _check_pipeline_tokens(best_pipe, sources)
    return best_pipe, min(raws, key=lambda r: r.seconds)


def _check_pipeline_tokens(run: Run, sources: list[list[str]]) -> None:
    expected = sum(len(s) for s in sources)
    if run.extra["source_tokens"] != expected:
        raise RuntimeError(f"pipeline fed {run.extra['source_tokens']} source tokens, benchmark expects {expected}")


def measure_unsorted(model_dir: Path, sources: list[list[str]], beam: int, size: int = 16) -> Run:
    """Document-order batches (no length sort): what sorting saves."""
    engine = ct2_translator(model_dir)
    batches = plan_batches([len(s) for s in sources], "examples", size, sort=False)
    return run_ct2(engine, sources, batches, beam, name=f"raw unsorted examples={size}")


def measure_naive(model_dir: Path, sources: list[list[str]], beam: int, threads: int = 2) -> Run:
    """One sentence per ``translate_batch`` call, in document order."""
    engine = ct2_translator(model_dir, threads, 1)
    run_ct2(engine, sources[:1], [[0]], beam)  # warm-up
    return run_ct2(engine, sources, [[i] for i in range(len(sources))], beam, name="naive (1 sentence/call)")


def pipeline_translator(model_dir: Path, *, beam: int, threads: int | None = None,
                        max_batch_tokens: int | None = None, inter_threads: int | None = None):
    """A loaded ``desk.translate.Translator`` whose engine decodes fixed lengths.

    ``inter_threads`` (an experiment the Translator does not offer yet): its engine is
    replaced by one with ``intra_threads=threads, inter_threads=inter_threads``; the
    pipeline keeps two batches in flight, so two replicas both work.
    """
    from desk.translate import Translator

    kwargs: dict[str, Any] = {"beam_size": beam}
    if threads:
        kwargs["threads"] = threads
    if max_batch_tokens:
        kwargs["max_batch_tokens"] = max_batch_tokens
    translator = Translator(model_dir, **kwargs).load()
    engine = getattr(translator, "_engine", None)
    if engine is None or not hasattr(engine, "translate_batch"):
        raise RuntimeError("desk.translate.Translator has no loaded `_engine`; update FixedLengthEngine wiring")
    if inter_threads:
        engine = ct2_translator(model_dir, threads or 1, inter_threads)
    translator._engine = FixedLengthEngine(engine)
    return translator


def run_pipeline(translator, text: str, useful: int, *, use_cache: bool = False,
                 name: str = "pipeline") -> Run:
    """``translate_document`` end to end (segmentation + detokenisation included)."""
    fixed: FixedLengthEngine = translator._engine
    fixed.calls.clear()
    t0 = time.perf_counter()
    first = None
    count = 0
    for _ in translator.translate_document(text, use_cache=use_cache):
        if first is None:
            first = time.perf_counter() - t0
        count += 1
    seconds = time.perf_counter() - t0
    return Run(name, seconds, useful, fixed.generated_tokens,
               {"first_sentence_s": round(first or 0.0, 3), "sentences": count, "calls": len(fixed.calls),
                "source_tokens": sum(c[2] for c in fixed.calls)})


def measure_pipeline(model_dir: Path, text: str, sources: list[list[str]], beam: int, *, repeats: int = 2,
                     threads: int | None = None, max_batch_tokens: int | None = None,
                     name: str = "pipeline") -> Run:
    translator = pipeline_translator(model_dir, beam=beam, threads=threads, max_batch_tokens=max_batch_tokens)
    useful = useful_tokens(sources)
    run_pipeline(translator, "ترجمة.", 1)  # warm-up (first engine call allocates)
    runs = [run_pipeline(translator, text, useful, name=name) for _ in range(repeats)]
    best = min(runs, key=lambda r: r.seconds)
    best.extra["first_sentence_s"] = min(r.extra["first_sentence_s"] for r in runs)
    _check_pipeline_tokens(best, sources)
    return best


PIPELINE_VARIANTS: tuple[dict[str, Any], ...] = (
    {},
    {"max_batch_tokens": 512},
    {"max_batch_tokens": 1024},
    {"max_batch_tokens": 4096},
    {"threads": 1},
    {"threads": 1, "inter_threads": 2},
    {"threads": 1, "inter_threads": 2, "max_batch_tokens": 512},
)


def compare_pipelines(model_dir: Path, text: str, sources: list[list[str]], beam: int,
                      variants: Sequence[dict[str, Any]] = PIPELINE_VARIANTS, *, rounds: int = 2) -> list[Run]:
    """Pipeline settings (``Translator`` keyword arguments) run round-robin; best of ``rounds`` each."""
    useful = useful_tokens(sources)
    translators = []
    for options in variants:
        translator = pipeline_translator(model_dir, beam=beam, **options)
        run_pipeline(translator, "ترجمة.", 1)  # warm-up
        translators.append(translator)
    best: list[Run | None] = [None] * len(variants)
    for _ in range(max(1, rounds)):
        for i, (options, translator) in enumerate(zip(variants, translators, strict=True)):
            label = ", ".join(f"{k}={v}" for k, v in options.items()) or "defaults"
            run = run_pipeline(translator, text, useful, name=f"pipeline {label}")
            if best[i] is None or run.seconds < best[i].seconds:
                if best[i] is not None:
                    run.extra["first_sentence_s"] = min(run.extra["first_sentence_s"],
                                                        best[i].extra["first_sentence_s"])
                best[i] = run
    return [run for run in best if run is not None]


def measure_cache(model_dir: Path, text: str, sources: list[list[str]], beam: int) -> Run:
    """Translate once, then time the same text again with the sentence cache on."""
    translator = pipeline_translator(model_dir, beam=beam)
    run_pipeline(translator, text, 1, use_cache=True)
    return run_pipeline(translator, text, useful_tokens(sources), use_cache=True, name="pipeline, all cached")


def measure_transformers(hf_dir: Path, sources: list[list[str]], beam: int, batches: list[list[int]],
                         threads: int = 2) -> Run:
    """``MarianMTModel.generate`` on the same token ids, same batches, same fixed lengths."""
    import torch
    from transformers import MarianMTModel

    torch.set_num_threads(threads)
    vocab = json.loads((Path(hf_dir) / "vocab.json").read_text(encoding="utf-8"))
    model = MarianMTModel.from_pretrained(str(hf_dir)).eval()
    pad = model.config.pad_token_id
    ids = [[vocab[t] for t in s] for s in sources]

    def generate(batch: list[int]) -> int:
        longest = max(len(ids[i]) for i in batch)
        input_ids = torch.full((len(batch), longest), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), longest), dtype=torch.long)
        for row, i in enumerate(batch):
            input_ids[row, : len(ids[i])] = torch.tensor(ids[i])
            mask[row, : len(ids[i])] = 1
        length = call_length([sources[i] for i in batch])
        with torch.inference_mode():
            model.generate(input_ids=input_ids, attention_mask=mask, num_beams=beam, do_sample=False,
                           min_new_tokens=length, max_new_tokens=length, max_length=None, num_return_sequences=1)
        return len(batch) * length

    generate(batches[0][:1])  # warm-up
    t0 = time.perf_counter()
    generated = sum(generate(b) for b in batches)
    seconds = time.perf_counter() - t0
    return Run("transformers generate", seconds, useful_tokens(sources), generated,
               {"calls": len(batches), "torch_threads": threads})


# -- memory ----------------------------------------------------------------------------
_LAUNCHER = """
import json, resource, subprocess, sys
with open(sys.argv[1], "wb") as err:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=err).returncode
print(json.dumps({"exit_code": code, "maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

# `desk translate` exactly as installed, except that the loaded engine decodes the
# benchmark's fixed lengths (and, if BENCH_MAX_BATCH_TOKENS is set, that batch budget).
_FIXED_CLI = """
import os, sys
sys.path.insert(0, sys.argv.pop(1))
from bench.throughput import FixedLengthEngine
import desk.translate
_load = desk.translate.Translator.load
def load(self):
    _load(self)
    if not isinstance(self._engine, FixedLengthEngine):
        self._engine = FixedLengthEngine(self._engine)
    if os.environ.get("BENCH_MAX_BATCH_TOKENS"):
        self.max_batch_tokens = int(os.environ["BENCH_MAX_BATCH_TOKENS"])
    if os.environ.get("BENCH_INTER_THREADS") and not getattr(self, "_bench_inter", False):
        import ctranslate2
        self._engine = FixedLengthEngine(ctranslate2.Translator(
            str(self.model_dir), device="cpu", compute_type="int8", intra_threads=1,
            inter_threads=int(os.environ["BENCH_INTER_THREADS"])))
        self._bench_inter = True
    return self
desk.translate.Translator.load = load
from desk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def measure_peak_rss(model_dir: Path, text: str, *, beam: int | None = None, fixed: bool = True,
                     max_batch_tokens: int | None = None, inter_threads: int | None = None,
                     timeout: float = 900) -> dict:
    """Peak RSS (MB) of ``desk translate FILE --model DIR -q`` in a child process.

    ``fixed`` (default): the CLI's engine decodes the benchmark's fixed lengths (1.3 × source,
    like a real model's output); otherwise the CLI runs untouched and, on random weights that
    never emit ``</s>``, decodes every batch to its length cap (2 × longest + 10): an upper bound.

    The CLI is started by a small launcher interpreter that reports
    ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: Linux carries a parent's RSS high-water mark
    into a forked child, so starting the CLI straight from this (large) process would
    report this process's size. psutil polling (20 ms) of the CLI is a cross-check.
    """
    import psutil

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "article.txt"
        src.write_text(text, encoding="utf-8")
        err_path = Path(tmp) / "stderr.txt"
        args = ["translate", str(src), "--model", str(model_dir), "-q"]
        if beam:
            args += ["--beam", str(beam)]
        if fixed:
            cmd = [sys.executable, "-c", _FIXED_CLI, str(Path(__file__).resolve().parents[1]), *args]
        else:
            cmd = [sys.executable, "-m", "desk", *args]
        env = {**os.environ, "DESK_HOME": str(Path(tmp) / "home"), "HF_HUB_OFFLINE": "1"}
        env.pop("BENCH_MAX_BATCH_TOKENS", None)
        env.pop("BENCH_INTER_THREADS", None)
        if max_batch_tokens:
            env["BENCH_MAX_BATCH_TOKENS"] = str(max_batch_tokens)
        if inter_threads:  # experiment: intra_threads=1 × inter_threads replicas (fixed mode only)
            env["BENCH_INTER_THREADS"] = str(inter_threads)
        t0 = time.perf_counter()
        launcher = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(err_path), *cmd],
                                    stdout=subprocess.PIPE, env=env, text=True)
        polled = 0
        parent = psutil.Process(launcher.pid)
        while launcher.poll() is None:
            try:
                for child in parent.children(recursive=True):
                    polled = max(polled, child.memory_info().rss)
            except psutil.Error:
                pass
            if time.perf_counter() - t0 > timeout:
                launcher.kill()
                break
            time.sleep(0.02)
        out = launcher.communicate()[0]
        seconds = time.perf_counter() - t0
        stderr = err_path.read_text(encoding="utf-8", errors="replace").strip() if err_path.exists() else ""
    try:
        report = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        report = {"exit_code": launcher.returncode, "maxrss_kb": 0}
    result = {"peak_rss_mb": round(report["maxrss_kb"] / 1024, 1), "polled_rss_mb": round(polled / 2**20, 1),
              "exit_code": report["exit_code"], "seconds": round(seconds, 2), "fixed_lengths": fixed,
              "max_batch_tokens": max_batch_tokens, "inter_threads": inter_threads}
    if report["exit_code"] != 0:
        result["error"] = stderr.splitlines()[-1] if stderr else "no stderr"
        result["peak_rss_mb"] = None
    return result


# -- machine ---------------------------------------------------------------------------
FLAGS_OF_INTEREST = ("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni",
                     "avx_vnni", "avx512_bf16", "amx_int8")


def machine_info() -> dict:
    import ctranslate2
    import psutil

    model, flags = "?", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model == "?":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return {
        "cpu": model,
        "logical_cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "flags": [f for f in FLAGS_OF_INTEREST if f in flags],
        "ctranslate2": ctranslate2.__version__,
        "ct2_compute_types_cpu": sorted(ctranslate2.get_supported_compute_types("cpu")),
        "compute_type": "int8",
        "python": platform.python_version(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# -- driver ----------------------------------------------------------------------------
def run_benchmark(*, quick: bool, beam: int, beams: Sequence[int] = (), tune: bool = True,
                  transformers: bool = True, rss: bool = True, log: Callable[[str], None] = print) -> dict:
    t_start = time.perf_counter()
    model = ensure_model(log=log)
    text = article_text(quick)
    sources = source_tokens(model.ct2_dir, text)
    useful = useful_tokens(sources)
    machine = machine_info()
    log(f"machine: {machine}")
    log(f"text: {len(text.split())} words, {len(sources)} sentences, {sum(map(len, sources))} source tokens, "
        f"{useful} target tokens (×{RATIO})")
    details: dict[str, Any] = {"machine": machine, "quick": quick, "beam": beam,
                               "words": len(text.split()), "sentences": len(sources),
                               "source_tokens": sum(map(len, sources)), "useful_tokens": useful,
                               "model": {k: v for k, v in model.info.items() if k != "ct2_config"}}

    repeats = 1 if quick else 2
    log(f"raw CTranslate2 (beam {beam}), batching plans, best of {repeats}")
    batchings = BATCHINGS_QUICK if quick else BATCHINGS_FULL
    raw_runs = measure_raw(model.ct2_dir, sources, beam, batchings=batchings, repeats=repeats, log=log)
    if tune and not quick:
        top = min(raw_runs, key=lambda r: r.seconds)
        best_batching = [(top.extra["batch_type"], top.extra["max_batch_size"])]
        log("  thread layouts for the best plan")
        raw_runs += measure_raw(model.ct2_dir, sources, beam, batchings=best_batching, repeats=repeats,
                                threads=((1, 2), (1, 1), (2, 2)), log=log)
        unsorted = measure_unsorted(model.ct2_dir, sources, beam)
        log(f"  {unsorted.name:42s} {unsorted.tok_s:8.1f} tok/s")
        details["unsorted"] = unsorted.row()
    raw = min(raw_runs, key=lambda r: r.seconds)

    rounds = 1 if quick else 3
    log(f"pipeline vs best raw ({raw.name}), alternating, {rounds} rounds")
    pipe, raw_again = head_to_head(model.ct2_dir, text, sources, beam, raw, rounds=rounds)
    raw = min(raw, raw_again, key=lambda r: r.seconds)
    log(f"  pipeline {pipe.tok_s:.1f} tok/s, {pipe.seconds:.2f}s, first {pipe.extra['first_sentence_s']}s; "
        f"raw {raw.tok_s:.1f} tok/s")

    log("naive CTranslate2")
    naive = measure_naive(model.ct2_dir, sources, beam)
    log(f"  {naive.tok_s:.1f} tok/s, {naive.seconds:.2f}s")

    hf = None
    if transformers:
        log("transformers generate (torch threads 2)")
        best_plan = plan_batches([len(s) for s in sources], raw.extra["batch_type"], raw.extra["max_batch_size"])
        hf = measure_transformers(model.hf_dir, sources, beam, best_plan)
        log(f"  {hf.tok_s:.1f} tok/s, {hf.seconds:.2f}s")

    pipeline_variants = []
    cache = None
    if tune and not quick:
        log("pipeline settings, alternating, best of 2")
        pipeline_variants = compare_pipelines(model.ct2_dir, text, sources, beam, PIPELINE_VARIANTS, rounds=2)
        for run in pipeline_variants:
            log(f"  {run.name:42s} {run.tok_s:8.1f} tok/s  {run.seconds:6.2f}s  first "
                f"{run.extra['first_sentence_s']}s  calls {run.extra['calls']}  gen {run.generated}")
        cache = measure_cache(model.ct2_dir, text, sources, beam)
        log(f"  {cache.name:42s} {cache.seconds:.3f}s")

    by_beam = {}
    for b in beams:
        if b == beam:
            by_beam[b] = {"pipeline_tok_s": round(pipe.tok_s, 1), "pipeline_s": round(pipe.seconds, 2),
                          "raw_ct2_tok_s": round(raw.tok_s, 1), "first_sentence_s": pipe.extra["first_sentence_s"]}
            continue
        p, r = head_to_head(model.ct2_dir, text, sources, b, raw, rounds=1 if quick else 2)
        by_beam[b] = {"pipeline_tok_s": round(p.tok_s, 1), "pipeline_s": round(p.seconds, 2),
                      "raw_ct2_tok_s": round(r.tok_s, 1), "first_sentence_s": p.extra["first_sentence_s"]}
        log(f"beam {b}: {by_beam[b]}")

    rss_result: dict[str, Any] = {"peak_rss_mb": None}
    if rss:
        log("peak RSS of `desk translate FILE --model DIR -q`")
        rss_result = measure_peak_rss(model.ct2_dir, text, beam=beam)
        log(f"  fixed lengths: {rss_result}")
        if tune and not quick:
            free = measure_peak_rss(model.ct2_dir, text, beam=beam, fixed=False)
            rss_result["free_decoding"] = free
            log(f"  untouched CLI (random weights decode to the cap): {free}")
            rss_result["by_max_batch_tokens"] = sweep = []
            for mbt in (512, 1024, 2048, 4096):
                sweep.append(measure_peak_rss(model.ct2_dir, text, beam=beam, max_batch_tokens=mbt))
                log(f"  max_batch_tokens={mbt}: {sweep[-1]}")

    summary = {
        "pipeline_tok_s": round(pipe.tok_s, 1),
        "raw_ct2_tok_s": round(raw.tok_s, 1),
        "naive_ct2_tok_s": round(naive.tok_s, 1),
        "transformers_tok_s": round(hf.tok_s, 1) if hf else None,
        "first_sentence_s": pipe.extra["first_sentence_s"],
        "peak_rss_mb": rss_result.get("peak_rss_mb"),
    }
    details.update(
        summary=summary,
        pipeline=pipe.row(),
        raw_best=raw.row(),
        raw_runs=[r.row() for r in raw_runs],
        naive=naive.row(),
        transformers=hf.row() if hf else None,
        pipeline_variants=[r.row() for r in pipeline_variants],
        cache=cache.row() if cache else None,
        beams=by_beam,
        rss=rss_result,
        loadavg_end=[round(x, 2) for x in os.getloadavg()],
        total_seconds=round(time.perf_counter() - t_start, 1),
    )
    return details


def format_table(details: dict) -> str:
    s = details["summary"]
    pipe, raw = details["pipeline"], details["raw_best"]
    hf = s["transformers_tok_s"]
    lines = [
        f"beam {details['beam']}, {details['words']} words, {details['sentences']} sentences, "
        f"{details['useful_tokens']} target tokens; load avg {details['machine']['loadavg']} -> "
        f"{details['loadavg_end']}",
        f"{'measure':28s} {'value':>10s}  note",
        f"{'pipeline_tok_s':28s} {s['pipeline_tok_s']:>10}  {pipe['seconds']} s for the text",
        f"{'raw_ct2_tok_s':28s} {s['raw_ct2_tok_s']:>10}  {raw['name']}",
        f"{'naive_ct2_tok_s':28s} {s['naive_ct2_tok_s']:>10}",
        f"{'transformers_tok_s':28s} {str(hf):>10}",
        f"{'first_sentence_s':28s} {s['first_sentence_s']:>10}",
        f"{'peak_rss_mb':28s} {str(s['peak_rss_mb']):>10}  {details['rss'].get('error', '')}",
        f"{'pipeline / raw':28s} {s['pipeline_tok_s'] / s['raw_ct2_tok_s']:>10.2f}  target >= 0.95",
    ]
    if hf:
        lines.append(f"{'pipeline / transformers':28s} {s['pipeline_tok_s'] / hf:>10.2f}  target >= 4.5")
    for b, row in details.get("beams", {}).items():
        lines.append(f"beam {b}: {row}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Translation throughput benchmark (see module docstring).")
    parser.add_argument("--quick", action="store_true", help="short text, fewer variants (< 90 s once cached)")
    parser.add_argument("--json", action="store_true", help="last line: one JSON object with the summary keys")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--beams", default=None, help="also measure these beams, e.g. 1,2,4 (default: full 1,2,4)")
    parser.add_argument("--no-tune", action="store_true", help="skip the settings exploration")
    parser.add_argument("--no-transformers", action="store_true")
    parser.add_argument("--no-rss", action="store_true")
    parser.add_argument("--details", metavar="FILE", help="write every measurement as JSON here")
    args = parser.parse_args(argv)
    if args.beams is None:
        beams = () if args.quick else (1, 2, 4)
    else:
        beams = tuple(int(b) for b in args.beams.split(",") if b)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    details = run_benchmark(quick=args.quick, beam=args.beam, beams=beams, tune=not args.no_tune,
                            transformers=not args.no_transformers, rss=not args.no_rss, log=log)
    if args.details:
        Path(args.details).write_text(json.dumps(details, indent=1, ensure_ascii=False), encoding="utf-8")
    print(format_table(details), flush=True)
    if args.json:
        print(json.dumps({k: details["summary"][k] for k in JSON_KEYS}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
