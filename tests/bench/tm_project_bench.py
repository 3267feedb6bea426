"""How long the translation memory takes inside a project: the exact fill before a run, the
fuzzy offers for one sentence, and storing a confirmation. Prints numbers; asserts nothing.

    python tests/bench/tm_project_bench.py [--sentences 2000] [--units 100000]

The memory holds ``--units`` synthetic units built from the test corpus (words shuffled and
swapped so most are unique), plus the project's own sentences for a third of them (exact hits).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the bench package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench_model import corpus_pairs  # noqa: E402


def variant(rng: random.Random, words: list[str]) -> str:
    chosen = rng.sample(words, rng.randint(8, 16))
    return " ".join(chosen) + "."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--units", type=int, default=100_000)
    args = parser.parse_args(argv)
    from desk.documents import Block, Document
    from desk.project import Project
    from desk.tm import TranslationMemory
    from desk.tm import project_link as tm
    from desk.tm.store import TranslationUnit

    rng = random.Random(13)
    pairs = corpus_pairs()
    words = sorted({w for ar, _ in pairs for w in ar.rstrip(".").split()})
    sentences = [variant(rng, words) for _ in range(args.sentences)]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        memory = TranslationMemory(folder / "memory.sqlite")
        started = time.perf_counter()
        units = [TranslationUnit(variant(rng, words), f"English {i}.") for i in range(args.units)]
        units += [TranslationUnit(s, f"Known {i}.") for i, s in enumerate(sentences[::3])]
        memory.add_many(units)
        print(f"memory: {len(units):,} units built in {time.perf_counter() - started:.1f} s")
        doc = Document("bench", tuple(Block("paragraph", s) for s in sentences))
        with Project.create(doc, folder / "bench.tarjama") as project:
            started = time.perf_counter()
            filled = tm.fill_exact(project, memory)
            took = time.perf_counter() - started
            print(f"project: {len(project):,} segments from {len(sentences):,} blocks "
                  f"(the segmenter splits some synthetic blocks: those are not exact hits)")
            print(f"fill_exact: {len(filled):,} of {len(project):,} sentences filled in {took * 1000:.0f} ms "
                  f"({took / len(project) * 1e6:.0f} µs per sentence, one transaction)")
            times = []
            for index in rng.sample(range(len(project)), min(200, len(project))):
                t0 = time.perf_counter()
                tm.offers(project, index, memory, threshold=75)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            print(f"offers for one sentence: p50 {statistics.median(times):.1f} ms, "
                  f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms")
            todo = [s.index for s in project.segments if s.status == "untranslated"][:100]
            times = []
            for index in todo:
                project.set_target(index, "Reviewed.")
                t0 = time.perf_counter()
                tm.confirm(project, index, memory)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            print(f"confirm + store in memory: p50 {statistics.median(times):.1f} ms, "
                  f"p95 {times[int(len(times) * 0.95)]:.1f} ms")
        memory.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
