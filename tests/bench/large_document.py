"""Large input benchmark: a 100,000-word Arabic document through the CLI and the GUI.

    nice -n 10 /work/venv/bin/python tests/bench/large_document.py [--words 100000] [--gui-words 20000]

CLI: ``desk translate BIG.txt -o BIG.docx`` runs in a subprocess on the tiny fixture model
(tests/fixtures/tiny-ar-en/ct2, or --model); its peak RSS is the child's own high-water
mark (VmHWM, read at exit; ``RUSAGE_CHILDREN`` maxrss would include the parent's RSS
carried over the fork) and is compared with the same run on a 1,000-word document, so "bounded"
means: the peak does not grow with the document. The output DOCX is read back and its row
count checked. GUI: ``tarjama-desk FILE --screenshot`` (desk/ui/app.py) opens, translates and
summarises the document offscreen and prints the window's StallMeter figure (the longest
gap between 10 ms timer ticks of the event loop while translating); its own peak RSS is
recorded at exit. The GUI uses its saved beam size (default settings), not --beam.

The document is made of distinct sentences (random draws of corpus words), so the
engine's duplicate-sentence cache does not make the run trivially short.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "tiny-ar-en"
if __package__ in (None, ""):  # run as a script: make the bench package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench_model import corpus_pairs  # noqa: E402


def make_document(words: int, seed: int = 9) -> str:
    """About ``words`` words of distinct Arabic sentences, 4 per paragraph, a heading every 40 paragraphs."""
    pairs = corpus_pairs()
    vocab = [w.strip(".،؛؟!:") for ar, _ in pairs for w in ar.split()]
    vocab = [w for w in vocab if w and re.search("[\u0621-\u064a]", w)]
    rng = random.Random(seed)
    paragraphs, count, sentences = [], 0, []
    while count < words:
        n = rng.randint(6, 18)
        sentences.append(" ".join(rng.choice(vocab) for _ in range(n)) + rng.choice([".", ".", ".", "؟", "!"]))
        count += n
        if len(sentences) == 4:
            paragraphs.append(" ".join(sentences))
            sentences = []
            if len(paragraphs) % 40 == 0:
                paragraphs.append(" ".join(rng.choice(vocab) for _ in range(6)))
    if sentences:
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def run_cli(source: Path, out: Path, model: Path, beam: int, home: Path) -> dict:
    env = {**os.environ, "DESK_HOME": str(home)}
    report = out.with_suffix(".rss.json")
    started = time.monotonic()
    cli = PEAK_RSS_WRAPPER.replace("{module}", "desk.cli")
    proc = subprocess.run([sys.executable, "-c", cli, str(report), "translate",
                           str(source), "-o", str(out), "--model", str(model), "--beam", str(beam), "-q"],
                          capture_output=True, env=env)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"desk translate failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    peak_kb = json.loads(report.read_text())["maxrss_kb"]
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(peak_kb / 1024, 1)}


# Runs ``main`` of the CLI or the GUI and records the process's own peak RSS (VmHWM) at exit.
# (ru_maxrss would do on an idle parent, but Linux carries the parent's RSS at fork into the
# child's ru_maxrss, so VmHWM of the exec'd process is the exact figure.)
PEAK_RSS_WRAPPER = (
    "import atexit, json, re, sys\n"
    "report = sys.argv.pop(1)\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    open(report, 'w').write(json.dumps({'maxrss_kb': int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))}))\n"
    "atexit.register(peak)\n"
    "from {module} import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_gui(source: Path, model: Path, home: Path, timeout: float) -> dict:
    env = {**os.environ, "DESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    shot = source.with_suffix(".png")
    report = source.with_suffix(".rss.json")
    started = time.monotonic()
    gui = PEAK_RSS_WRAPPER.replace("{module}", "desk.ui.app")
    proc = subprocess.run([sys.executable, "-c", gui, str(report), str(source), "--model", str(model),
                           "--screenshot", str(shot), "--timeout", str(timeout)], capture_output=True, env=env)
    seconds = time.monotonic() - started
    peak = json.loads(report.read_text())["maxrss_kb"] / 1024 if report.is_file() else None
    text = proc.stdout.decode() + proc.stderr.decode()
    match = re.search(r"longest UI pause while translating: (\d+) ms", text)
    return {"seconds": round(seconds, 1), "exit": proc.returncode, "peak_rss_mb": peak and round(peak, 1),
            "longest_stall_ms": int(match.group(1)) if match else None,
            "output_tail": text[-300:] if not match else ""}


def docx_rows(path: Path) -> int:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return len(re.findall(rb"<w:tr[ >]", zf.read("word/document.xml")))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--small-words", type=int, default=1_000, help="baseline document for the memory comparison")
    parser.add_argument("--gui-words", type=int, default=20_000, help="0 to skip the GUI run")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--model", type=Path, default=FIXTURE / "ct2")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    results: dict = {"words": args.words, "beam": args.beam, "model": str(args.model)}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        home = folder / "home"
        from desk.segment import segment

        small = folder / "small.txt"
        small.write_text(make_document(args.small_words, seed=3), encoding="utf-8")
        results["small"] = {"words": args.small_words, **run_cli(small, folder / "small.docx", args.model,
                                                                 args.beam, home)}
        print(f"small ({args.small_words} words): {results['small']}", flush=True)

        big = folder / "big.txt"
        text = make_document(args.words)
        big.write_text(text, encoding="utf-8")
        n_sentences = len(segment(text))
        results["large"] = {"words": len(text.split()), "sentences": n_sentences, "bytes": big.stat().st_size,
                            **run_cli(big, folder / "big.docx", args.model, args.beam, home)}
        results["large"]["docx_rows"] = docx_rows(folder / "big.docx")
        results["large"]["sentences_per_s"] = round(n_sentences / max(1e-9, results["large"]["seconds"]), 1)
        print(f"large: {results['large']}", flush=True)
        results["rss_growth_mb"] = round(results["large"]["peak_rss_mb"] - results["small"]["peak_rss_mb"], 1)

        if args.gui_words:
            gui_doc = folder / "gui.txt"
            gui_doc.write_text(make_document(args.gui_words, seed=5), encoding="utf-8")
            results["gui"] = {"words": args.gui_words, **run_gui(gui_doc, args.model, home, timeout=1800)}
            print(f"gui: {results['gui']}", flush=True)
    print(json.dumps(results, indent=1))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
