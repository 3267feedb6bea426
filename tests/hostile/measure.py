"""The long versions of the issue 17 hostile shapes, by hand: time and peak RSS per row.

    nice -n 10 .venv/bin/python tests/hostile/measure.py [--only NAME ...] [--model DIR]

Each row builds its file in a temporary folder, runs the ``desk`` CLI on it in a fresh
process and prints seconds, peak RSS and the first line of stderr. The figures go into
docs/reliability.md ("Hostile and huge inputs").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hostile import shapes  # noqa: E402
from hostile.budget import run_desk  # noqa: E402

FIXTURE_MODEL = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-ar-en" / "ct2"


def rows(tmp: Path, model: Path):
    seg = ["segment"]
    tr = ["translate", "--model", str(model), "--beam", "1", "-q"]
    yield "textboxes-24", seg + [str(shapes.nested_textboxes_docx(tmp, 24))]
    yield "textboxes-32", seg + [str(shapes.nested_textboxes_docx(tmp, 32))]
    yield "styles-40000", seg + [str(shapes.style_chain_docx(tmp, 40_000))]
    yield "docx-60mb-xml", seg + [str(shapes.big_docx(tmp, 60))]
    yield "docx-79mb-xml", seg + [str(shapes.big_docx(tmp, 79))]
    yield "docx-190mb-xml", seg + [str(shapes.big_docx(tmp, 190))]
    yield "md-brackets-200000", seg + [str(shapes.markdown_brackets(tmp, 200_000))]
    md = tmp / "brackets-1mb.md"
    md.write_text("نص. " + "[" * 1_000_000 + "\n", encoding="utf-8")
    yield "summarize-md-brackets-1mb", ["summarize", str(md)]
    yield "word-3mb-translate", tr + [str(shapes.giant_word(tmp, 3)), "-o", str(tmp / "w.txt")]
    yield "txt-50mb-one-bad-byte", seg + [str(shapes.invalid_byte_text(tmp, 50))]
    yield "html-50mb-one-bad-byte", seg + [str(shapes.invalid_byte_text(tmp, 50, ".html"))]
    yield "html-40mb", seg + [str(shapes.big_html(tmp, 40))]
    yield "html-8mb", seg + [str(shapes.big_html(tmp, 7.9))]
    yield "pdf-1000p-7m-operators", seg + [str(shapes.operators_pdf(tmp, 1000, 7000))]
    yield "pdf-300p-2m-operators", seg + [str(shapes.operators_pdf(tmp, 300, 7000))]
    yield "html-table-20000-no-body", seg + [str(shapes.html_table_without_body(tmp, 20_000))]
    yield "textboxes-10-duplicates", seg + [str(shapes.nested_textboxes_docx(tmp, 10))]
    yield "controls-to-docx", tr + [str(shapes.xml_invalid_text(tmp)), "-o", str(tmp / "c.docx")]
    yield "cut-utf8", seg + [str(shapes.cut_utf8(tmp))]
    yield "stray-byte", seg + [str(shapes.stray_byte(tmp))]
    yield "mixed-encodings", seg + [str(shapes.mixed_encodings(tmp))]
    yield "meta-charset-lie", seg + [str(shapes.charset_lie_html(tmp))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="row names (prefixes) to run")
    parser.add_argument("--model", type=Path, default=FIXTURE_MODEL)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, cmd in rows(tmp, args.model):
            if args.only and not any(name.startswith(o) for o in args.only):
                continue
            run = run_desk(cmd, timeout=args.timeout, home=tmp / "home")
            lines = [line for line in run.stderr.splitlines() if line.strip()]
            outcome = "killed at timeout" if run.returncode is None else f"exit {run.returncode}"
            print(f"{name:28} {run.seconds:7.1f} s {run.peak_mb:8.0f} MB  {outcome}  "
                  f"{len(run.stdout.splitlines())} lines out  {lines[-1][:110] if lines else ''}", flush=True)
            for f in tmp.glob("*"):
                if f.is_file() and f.stat().st_size > 5_000_000:
                    os.unlink(f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
