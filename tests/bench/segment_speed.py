"""Prints how long segmentation takes on 1 MB of news text and on 10,000 sentences."""

from __future__ import annotations

import time
from pathlib import Path

from desk.segment import segment

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "iraq-us-talks.txt"


def best_of(runs: int, func) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    unit = SAMPLE.read_text(encoding="utf-8") if SAMPLE.exists() else "قال د. أحمد إن النمو بلغ 3.5 في المئة. "
    megabyte = unit * (1_000_000 // len(unit.encode()) + 1)
    short = "هذه جملة قصيرة للاختبار رقم ٣٫٥. " * 10_000
    print(f"segment 1 MB news text: {best_of(5, lambda: segment(megabyte)) * 1000:.0f} ms "
          f"({len(segment(megabyte))} sentences)")
    print(f"segment 10,000 sentences: {best_of(5, lambda: segment(short)) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
