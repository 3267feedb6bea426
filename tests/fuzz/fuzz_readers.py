"""Long fuzz run of the readers, the segmenter and the summariser (run by hand, not in CI).

    nice -n 10 /work/venv/bin/python tests/fuzz/fuzz_readers.py --examples 2000 --minutes 20

Two engines:
1. hypothesis: the CI properties of tests/test_fuzz_readers.py and tests/test_fuzz_core.py
   re-run with ``--examples`` examples each (hypothesis shrinks any failure);
2. mutation: seeded random mutations (byte flips, truncation, cut/duplicated slices,
   dropped/swapped zip parts) of the real fixture documents in tests/fixtures/documents
   and of generated DOCX/PDF seeds, for ``--minutes`` minutes.

Anything other than a ``Document`` or a ``DocumentError`` (or a read slower than
``--slow`` seconds) is a finding: it is printed, the input saved under ``--out``, and a
JSON summary (counts per target, findings) written to ``--out/summary.json``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
sys.path.insert(0, str(TESTS))

from hostile import make  # noqa: E402

from desk.documents import read_document  # noqa: E402
from desk.errors import DocumentError  # noqa: E402

FIXTURES = TESTS / "fixtures" / "documents"
EXTENSIONS = (".txt", ".md", ".docx", ".html", ".pdf")


def run_hypothesis(examples: int) -> dict[str, dict]:
    """Every CI property with ``examples`` examples; returns {test: {"examples": n, "error": str|None}}."""
    import test_fuzz_core
    import test_fuzz_readers
    from hypothesis import HealthCheck, settings

    results: dict[str, dict] = {}
    profile = settings(max_examples=examples, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))
    for module in (test_fuzz_readers, test_fuzz_core):
        for name in sorted(dir(module)):
            fn = getattr(module, name)
            if not name.startswith("test_") or not hasattr(fn, "hypothesis"):
                continue
            wants_ext = "ext" in fn.hypothesis.inner_test.__code__.co_varnames
            params = [{"ext": e} for e in EXTENSIONS] if wants_ext else [{}]
            original_inner = fn.hypothesis.inner_test
            original_settings = fn._hypothesis_internal_use_settings
            for kwargs in params:
                label = f"{module.__name__}::{name}" + (f"[{kwargs['ext']}]" if kwargs else "")
                count = [0]

                def counted(*args, _inner=original_inner, _count=count, **kw):
                    _count[0] += 1
                    return _inner(*args, **kw)

                fn.hypothesis.inner_test = counted
                fn._hypothesis_internal_use_settings = profile
                started = time.monotonic()
                error = None
                try:
                    fn(**kwargs)
                except BaseException as exc:  # noqa: BLE001 - a finding, reported below
                    error = "".join(traceback.format_exception_only(type(exc), exc)).strip()[:2000]
                finally:
                    fn.hypothesis.inner_test = original_inner
                    fn._hypothesis_internal_use_settings = original_settings
                results[label] = {"examples": count[0], "seconds": round(time.monotonic() - started, 1),
                                  "error": error}
                status = "FAIL" if error else "ok"
                print(f"hypothesis {label:70} {count[0]:6d} examples {results[label]['seconds']:7.1f}s {status}",
                      flush=True)
                if error:
                    print(error, flush=True)
    return results


def seeds() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix.lower() in EXTENSIONS and path.stat().st_size < 5_000_000:
            out.append((path.suffix.lower(), path.read_bytes()))
    out.append((".docx", make.docx_bytes(["عنوان", "قال المتحدث إن الاجتماع سيعقد غدا.", "Tail & <x>."])))
    out.append((".pdf", make.pdf_bytes()))
    with tempfile.TemporaryDirectory() as folder:
        out.append((".pdf", make.many_pages_pdf(Path(folder), 3).read_bytes()))
        out.append((".html", make.hostile_html(Path(folder)).read_bytes()))
    return out


def _rezip_mutated(data: bytes, rng: random.Random) -> bytes | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {i.filename: zf.read(i) for i in zf.infolist()}
    except Exception:  # noqa: BLE001
        return None
    parts = make.mutate_docx_parts(parts, rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buffer.getvalue()


def run_mutation(minutes: float, seed: int, slow: float, out: Path) -> dict:
    rng = random.Random(seed)
    corpus = seeds()
    counts: dict[str, int] = {}
    outcomes = {"document": 0, "document_error": 0}
    findings = []
    deadline = time.monotonic() + minutes * 60
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as folder:
        while time.monotonic() < deadline:
            ext, data = rng.choice(corpus)
            mutated = None
            if ext == ".docx" and rng.random() < 0.5:
                mutated = _rezip_mutated(data, rng)
            if mutated is None:
                mutated = make.mutate(data, rng, n=rng.choice([1, 2, 4, 16]))
            target_ext = ext if rng.random() < 0.9 else rng.choice(EXTENSIONS)
            path = Path(folder) / f"m{target_ext}"
            path.write_bytes(mutated)
            counts[target_ext] = counts.get(target_ext, 0) + 1
            started = time.monotonic()
            problem = None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    doc = read_document(path)
                    doc.sentences()
                    outcomes["document"] += 1
                except DocumentError:
                    outcomes["document_error"] += 1
                except BaseException as exc:  # noqa: BLE001
                    problem = f"{type(exc).__name__}: {exc}"[:500]
            took = time.monotonic() - started
            if took > slowest[0]:
                slowest = (took, target_ext)
            if took > slow:
                problem = (problem + "; " if problem else "") + f"slow: {took:.1f}s"
            if problem:
                n = len(findings)
                saved = out / f"finding-{n:03d}{target_ext}"
                saved.write_bytes(mutated)
                findings.append({"ext": target_ext, "problem": problem, "file": str(saved)})
                print(f"FINDING {n}: {target_ext} {problem} -> {saved}", flush=True)
    return {"inputs": counts, "total": sum(counts.values()), "outcomes": outcomes, "findings": findings,
            "slowest_seconds": round(slowest[0], 2), "slowest_ext": slowest[1]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis examples per property")
    parser.add_argument("--minutes", type=float, default=10, help="time for the mutation engine")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which a read is a finding")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "desk-fuzz")
    parser.add_argument("--skip-hypothesis", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    import logging

    logging.getLogger().addHandler(logging.NullHandler())  # pypdf's warnings about damaged files are expected
    os.environ.setdefault("DESK_HOME", str(args.out / "home"))
    started = time.monotonic()
    summary: dict = {"seed": args.seed, "examples_per_property": args.examples}
    if not args.skip_hypothesis:
        summary["hypothesis"] = run_hypothesis(args.examples)
    print(f"mutation engine: seed {args.seed}, {args.minutes} min", flush=True)
    summary["mutation"] = run_mutation(args.minutes, args.seed, args.slow, args.out)
    summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    summary["seconds"] = round(time.monotonic() - started, 1)
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8")
    hyp = summary.get("hypothesis", {})
    failed = [k for k, v in hyp.items() if v["error"]]
    print(json.dumps({"hypothesis_examples": sum(v["examples"] for v in hyp.values()),
                      "hypothesis_failures": failed, "mutation_inputs": summary["mutation"]["total"],
                      "mutation_findings": len(summary["mutation"]["findings"]),
                      "peak_rss_mb": summary["peak_rss_mb"]}, indent=1))
    return 1 if failed or summary["mutation"]["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
