"""Start-up costs: model load time (full-size model) and GUI launch to first paint.

    python tests/bench/startup.py [--runs 5] [--model DIR] [--no-gui] [--json]

Model load: ``desk.translate.Translator(DIR).load()`` in a fresh interpreter per run (so
nothing is already imported or allocated), timed inside it; the OS file cache is warm
after the first run, which is reported separately ("cold-ish": the file may still be
cached from earlier runs). Import time of ``ctranslate2``/``sentencepiece`` is part of
the load, as in the app. Default model: the cached benchmark model (``build_bench_model``).

GUI first paint: delegated to ``gui_startup.py`` (owned by the UI work) through
``gui_first_paint()``; skipped with a note if that script or Qt is unavailable.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

REPO = Path(__file__).resolve().parents[2]

_LOAD_ONE = """
import json, sys, time
t0 = time.perf_counter()
from desk.translate import Translator
t1 = time.perf_counter()
translator = Translator(sys.argv[1]).load()
t2 = time.perf_counter()
translator.translate_text("وصل الوزير.")
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_call_s": t3 - t2}))
"""


def load_once(model_dir: Path, home: str) -> dict:
    """One fresh-process measurement: import, ``load()``, and a first one-sentence call."""
    env = {**os.environ, "DESK_HOME": home, "HF_HUB_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", _LOAD_ONE, str(model_dir)], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def model_load(model_dir: Path, runs: int = 5) -> dict:
    with tempfile.TemporaryDirectory() as home:
        first = load_once(model_dir, home)
        later = [load_once(model_dir, home) for _ in range(runs)]
    return {
        "first_run_load_s": round(first["load_s"], 3),
        "load_s_median": round(statistics.median(r["load_s"] for r in later), 3),
        "load_s_best": round(min(r["load_s"] for r in later), 3),
        "import_s_median": round(statistics.median(r["import_s"] for r in later), 3),
        "first_call_s_median": round(statistics.median(r["first_call_s"] for r in later), 3),
        "runs": runs,
    }


def gui_first_paint(model_dir: Path | None, runs: int = 5) -> dict:
    """Hook for the GUI measurement (``gui_startup.launch_once``); returns a note if unavailable."""
    try:
        from bench import gui_startup
    except ImportError as exc:
        return {"skipped": f"gui_startup.py not importable ({exc})"}
    walls, inners = [], []
    try:
        with tempfile.TemporaryDirectory() as home:
            gui_startup.launch_once(str(model_dir) if model_dir else None, home)  # warm file cache
            for _ in range(runs):
                wall, inner = gui_startup.launch_once(str(model_dir) if model_dir else None, home)
                walls.append(wall)
                inners.append(inner)
    except (SystemExit, OSError, subprocess.SubprocessError) as exc:
        return {"skipped": f"GUI launch failed: {exc}"}
    return {"first_paint_s_median": round(statistics.median(walls), 3), "first_paint_s_max": round(max(walls), 3),
            "in_process_s_median": round(statistics.median(inners), 3), "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", type=Path, help="CTranslate2 model folder (default: the benchmark model)")
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.model is None:
        from bench.build_bench_model import ensure_model

        args.model = ensure_model().ct2_dir
    result = {"model": str(args.model), "model_load": model_load(args.model, args.runs)}
    load = result["model_load"]
    print(f"Translator.load(): median {load['load_s_median']} s, best {load['load_s_best']} s "
          f"(first run {load['first_run_load_s']} s); import desk.translate {load['import_s_median']} s; "
          f"first 1-sentence call {load['first_call_s_median']} s")
    if not args.no_gui:
        result["gui"] = gui_first_paint(args.model, args.runs)
        print(f"GUI launch → first paint: {result['gui']}")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
