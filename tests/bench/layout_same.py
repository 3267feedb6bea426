"""How long ``--layout same`` spends on the package itself for a 300-page Arabic DOCX.

    python tests/bench/layout_same.py [--pages 300] [--repeat 3]

Uses the long-report DOCX of ``docx_open.py`` (cached) and a ``translate_texts`` that
answers instantly (a fixed English string per sentence), so the figure is the cost of
reading, mapping runs, turning direction and writing the package — the part this
feature adds on top of the engine's own translation time. Prints seconds per run,
sentences and paragraphs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.docx_open import cached_docx  # noqa: E402


def instant(texts: list[str]) -> list[str]:
    return ["The cabinet held its weekly meeting this morning in the capital." for _ in texts]


def measure(pages: int, repeat: int) -> dict:
    from desk.export.same_layout import write_same_layout

    source = cached_docx(pages)
    times = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.docx"
        for _ in range(repeat):
            started = time.perf_counter()
            result = write_same_layout(source, out, instant)
            times.append(time.perf_counter() - started)
        size = out.stat().st_size
    return {"pages": pages, "paragraphs": result.paragraphs, "sentences": result.sentences,
            "best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3),
            "source_kb": source.stat().st_size // 1024, "out_kb": size // 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(measure(args.pages, args.repeat))


if __name__ == "__main__":
    main()
