"""How long from launching the app to its first painted window (target: under 1 s).

Runs ``python -m desk.ui --first-paint`` in a fresh process several times and reports the
wall time from ``Popen`` to the ``FIRST_PAINT`` line the app prints from its first paint
event (model loading happens in the background and is not waited for).

    python tests/bench/gui_startup.py [--runs 5] [--model DIR] [--no-model]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def launch_once(model: str | None, home: str) -> tuple[float, float]:
    env = {**os.environ, "DESK_HOME": home, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    cmd = [sys.executable, "-m", "desk.ui", "--first-paint"]
    if model:
        cmd += ["--model", model]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    inner = None
    for line in proc.stdout:
        if line.startswith("FIRST_PAINT"):
            wall = time.perf_counter() - start
            inner = float(line.split()[1]) / 1000.0
            break
    else:
        proc.wait(30)
        raise SystemExit(f"no FIRST_PAINT marker; stderr:\n{proc.stderr.read()}")
    proc.wait(60)
    return wall, inner


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", help="model folder (default: the tiny test fixture)")
    parser.add_argument("--no-model", action="store_true", help="first run: welcome panel")
    args = parser.parse_args()
    model = None if args.no_model else (args.model or str(ROOT / "tests" / "fixtures" / "tiny-ar-en" / "ct2"))
    walls, inners = [], []
    with tempfile.TemporaryDirectory() as home:
        launch_once(model, home)  # warm the OS file cache once
        for _ in range(args.runs):
            wall, inner = launch_once(model, home)
            walls.append(wall)
            inners.append(inner)
    print(f"launch → first paint (wall, incl. Python start-up): median {statistics.median(walls) * 1000:.0f} ms, "
          f"max {max(walls) * 1000:.0f} ms over {args.runs} runs")
    print(f"  of which after the interpreter started (import Qt, build window, paint): "
          f"median {statistics.median(inners) * 1000:.0f} ms")
    return 0 if statistics.median(walls) < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
