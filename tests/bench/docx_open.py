"""How long ``desk.documents.read_document`` takes on a 300-page Arabic DOCX (target ≤ 3 s).

    python tests/bench/docx_open.py [--pages 300] [--repeat 3] [--json]

The DOCX is generated once with python-docx and cached in ``tests/bench/.cache/``:
3,000 right-to-left paragraphs (≈100,000 words: ≈10 paragraphs and ≈330 words a page) of Arabic news
sentences recombined with a fixed seed, a heading every 30 paragraphs and a 10×4 table
every 50 pages — the shape of a long report. Prints the best and median of the runs
(the first includes cold imports and is reported separately).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.build_bench_model import ARTICLE, CACHE, CORPUS, corpus_pairs  # noqa: E402

DOCX_VERSION = "docx-v2"
PARAGRAPHS_PER_PAGE = 10
HEADING_EVERY = 30
TABLE_EVERY_PAGES = 50
SEED = 300


def arabic_sentences() -> list[str]:
    """Sentences to recombine: the benchmark article and the fixture corpus."""
    from desk.segment import segment

    sentences = [s.text for s in segment(ARTICLE.read_text(encoding="utf-8")) if len(s.text.split()) > 5]
    if CORPUS.is_file():
        sentences += [ar for ar, _ in corpus_pairs()]
    return sentences


def _rtl(paragraph) -> None:
    from docx.oxml import OxmlElement

    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        r_pr = run._r.get_or_add_rPr()
        r_pr.append(OxmlElement("w:rtl"))


def build_docx(path: Path, pages: int = 300) -> Path:
    """Write the benchmark DOCX (deterministic for a given ``pages``)."""
    from docx import Document

    rng = random.Random(SEED)
    pool = arabic_sentences()
    doc = Document()
    doc.add_heading("تقرير سنوي عن المياه والطاقة في المنطقة", level=0)
    paragraphs = pages * PARAGRAPHS_PER_PAGE
    for i in range(paragraphs):
        if i % HEADING_EVERY == 0:
            _rtl(doc.add_heading(f"الفصل {i // HEADING_EVERY + 1}: " + " ".join(rng.choice(pool).split()[:6]),
                                 level=1))
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        _rtl(doc.add_paragraph(text))
        if i and i % (TABLE_EVERY_PAGES * PARAGRAPHS_PER_PAGE) == 0:
            table = doc.add_table(rows=10, cols=4)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = " ".join(rng.choice(pool).split()[:4])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.docx")
    doc.save(str(tmp))
    tmp.replace(path)
    return path


def cached_docx(pages: int = 300) -> Path:
    path = CACHE / DOCX_VERSION / f"arabic-{pages}pages.docx"
    if not path.is_file():
        build_docx(path, pages)
    return path


def time_read(path: Path, repeat: int = 3) -> dict:
    """Seconds per ``read_document(path)``; first (cold) run separate from the rest."""
    t0 = time.perf_counter()
    from desk.documents import read_document

    document = read_document(path)
    cold = time.perf_counter() - t0
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        read_document(path)
        runs.append(time.perf_counter() - t0)
    return {
        "file_mb": round(path.stat().st_size / 2**20, 2),
        "blocks": len(document.blocks),
        "words": len(document.text.split()),
        "cold_s": round(cold, 3),
        "best_s": round(min(runs), 3) if runs else None,
        "median_s": round(statistics.median(runs), 3) if runs else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    path = cached_docx(args.pages)
    built = time.perf_counter() - t0
    result = {"pages": args.pages, "path": str(path), "prepare_s": round(built, 2), **time_read(path, args.repeat)}
    print(f"read_document on {args.pages} pages ({result['file_mb']} MB, {result['blocks']} blocks, "
          f"{result['words']} words): best {result['best_s']} s, median {result['median_s']} s, "
          f"cold {result['cold_s']} s (target ≤ 3 s)")
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
