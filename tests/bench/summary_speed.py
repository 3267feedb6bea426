"""Time the summariser on a 10,000-sentence document (target: well under 1 s on one core).

    python tests/bench/summary_speed.py [--sentences N] [--repeat R]

The document is synthetic but Arabic-shaped: words of the development articles recombined
with a fixed seed into sentences of 8–35 words, 5 sentences a paragraph. Prints the best
of R runs (cold caches on the first run are reported separately).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desk.segment import Sentence  # noqa: E402
from desk.summarize import summarize  # noqa: E402
from desk.summarize.arabic import _term, light_stem  # noqa: E402

DEV = ROOT / "tests" / "fixtures" / "summary_dev"


def synthetic_document(n: int, seed: int = 0) -> list[Sentence]:
    words = []
    for path in sorted(DEV.glob("*.txt")):
        if ".ref" not in path.name:
            words.extend(path.read_text(encoding="utf-8").split())
    rng = random.Random(seed)
    sentences, pos = [], 0
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 35))) + "."
        sentences.append(Sentence(i, i // 5, pos, pos + len(text), text))
        pos += len(text) + 1
    return sentences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    doc = synthetic_document(args.sentences)
    words = sum(len(s.text.split()) for s in doc)
    light_stem.cache_clear()
    _term.cache_clear()
    times, cpu = [], []
    for _ in range(max(1, args.repeat)):
        start, start_cpu = time.perf_counter(), time.process_time()
        summary = summarize(doc)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(f"{len(doc)} sentences ({words} words): first run {times[0]:.3f} s (cold stem cache), "
          f"best {min(times):.3f} s wall / {min(cpu):.3f} s CPU; picked {len(summary)} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
