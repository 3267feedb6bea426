"""How long ``--layout same`` spends on the package itself for a 300-page Arabic DOCX.

    python tests/bench/layout_same.py [--pages 300] [--repeat 3] [--project]

Uses the long-report DOCX of ``docx_open.py`` (cached) and a ``translate_texts`` that
answers instantly (a fixed English string per sentence), so the figure is the cost of
reading, mapping runs, turning direction and writing the package — the part this
feature adds on top of the engine's own translation time. Prints seconds per run,
sentences and paragraphs. ``--project`` measures ``desk export PROJECT --layout same``
instead: a project of the report whose every sentence has English (one with corrected
Arabic, so the source is re-read), looked up instead of translated (no model).
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


def measure_project(pages: int, repeat: int) -> dict:
    import os

    source = cached_docx(pages)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DESK_HOME"] = folder  # the project's open-marker goes here, not to the user's folder
        from desk.documents import read_document
        from desk.export.same_layout_project import write_project_same_layout
        from desk.project import Project
        from desk.results import SentenceTranslation

        started = time.perf_counter()
        project = Project.create(read_document(source), Path(folder) / "report.tarjama", source_path=source)
        project.apply_machine_many([SentenceTranslation(s.paragraph, s.index, s.span, s.text, instant([s.text])[0])
                                    for s in project.sentences()], "bench")
        project.set_source(0, project.segment(0).source + " هنا")
        project.set_target(0, "Corrected.")
        setup = time.perf_counter() - started
        out = Path(folder) / "out.docx"
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = write_project_same_layout(project, out)
            times.append(time.perf_counter() - started)
        project.close()
    return {"pages": pages, "project_sentences": len(project), "paragraphs": result.paragraphs,
            "from_project": result.from_project, "from_engine": result.from_engine,
            "project_setup_s": round(setup, 3), "best_s": round(min(times), 3),
            "median_s": round(statistics.median(times), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--project", action="store_true", help="the project path (lookup, no engine)")
    args = parser.parse_args()
    print((measure_project if args.project else measure)(args.pages, args.repeat))


if __name__ == "__main__":
    main()
