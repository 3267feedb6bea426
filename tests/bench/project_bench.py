"""Project file benchmark: open a 10,000-sentence ``.tarjama`` and commit one edit.

    python tests/bench/project_bench.py [--sentences 10000] [--edits 200] [--dir DIR]

Builds a project of distinct sentences (corpus sentences with a running number) with every
segment translated (machine English, score, confidence, two alternatives), closes it, then:
- open: ``Project.open`` (lock, checks incl. SQLite quick_check, migration check, WAL switch,
  reading the document and every segment into ``Segment`` objects), median and worst of 7 runs;
- commit: ``Project.set_target`` on random segments, each its own committed transaction with
  ``synchronous=FULL`` (a real fsync of the WAL), median / p95 / worst over ``--edits`` edits;
- also: file size, ``apply_machine`` one sentence, ``save_as`` and close.
Targets (issue 12): open <= 1 s, commit <= 10 ms. The file goes in ``--dir`` (default: a temp
folder under tests/bench/.cache, on the same disk as the repository: /tmp may be a RAM disk,
where fsync is free and the commit figure would flatter).

``--confidence`` also prints the time of n-best alternatives for one sentence, and the confidence
spread of the tiny fixture model on its own corpus (memorised: every translation exact) against
the benchmark article (sentences it never saw), the measurement behind ``LOW_CONFIDENCE_DEFAULT``
(docs/project-format.md).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if __package__ in (None, ""):  # run as a script: make the bench package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench_model import corpus_pairs  # noqa: E402
from desk.documents import Block, Document  # noqa: E402
from desk.project import Project  # noqa: E402
from desk.results import SentenceTranslation  # noqa: E402


def build(path: Path, n: int) -> None:
    from desk.segment import segment

    pairs = [(ar, en) for ar, en in corpus_pairs() if len(segment(f"{ar.rstrip('.')} 1.")) == 1]
    blocks, english = [], {}
    for p in range(0, n, 4):  # paragraphs of 4 sentences
        sentences = []
        for i in range(p, min(n, p + 4)):
            ar, en = pairs[i % len(pairs)]
            sentences.append(f"{ar.rstrip('.')} {i}.")
            english[i] = f"{en.rstrip('.')} {i}."
        blocks.append(Block("paragraph", " ".join(sentences)))
    doc = Document("benchmark", tuple(blocks), format="txt")
    project = Project.create(doc, path)
    assert len(project) == n, len(project)
    items = [SentenceTranslation(s.paragraph, s.index, s.span, s.source, english[s.index], -0.2 - (s.index % 7) / 10,
                                 (english[s.index] + " (a)", english[s.index] + " (b)")) for s in project.segments]
    project.apply_machine_many(items, "bench-model")
    project.close()


def bench(args) -> None:
    base = Path(args.dir) if args.dir else ROOT / "tests/bench/.cache"
    base.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        os.environ["DESK_HOME"] = str(Path(tmp) / "home")
        path = Path(tmp) / "bench.tarjama"
        started = time.perf_counter()
        build(path, args.sentences)
        print(f"build {args.sentences} sentences: {time.perf_counter() - started:.2f} s, "
              f"file {path.stat().st_size / 2**20:.1f} MB")
        opens = []
        for _ in range(7):
            t0 = time.perf_counter()
            project = Project.open(path)
            opens.append(time.perf_counter() - t0)
            project.close()
        print(f"open: median {statistics.median(opens) * 1000:.0f} ms, worst {max(opens) * 1000:.0f} ms "
              f"(target <= 1000 ms)")
        project = Project.open(path)
        rng = random.Random(12)
        commits = []
        for k in range(args.edits):
            i = rng.randrange(len(project))
            t0 = time.perf_counter()
            project.set_target(i, f"Edit number {k} of sentence {i}.")
            commits.append(time.perf_counter() - t0)
        commits.sort()
        p95 = commits[int(len(commits) * 0.95) - 1]
        print(f"commit one edit: median {statistics.median(commits) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms, "
              f"worst {commits[-1] * 1000:.2f} ms over {len(commits)} edits (target <= 10 ms)")
        seg = project.segment(5)
        item = SentenceTranslation(seg.paragraph, seg.index, seg.span, seg.source, "Fresh machine English.", -0.3)
        t0 = time.perf_counter()
        project.apply_machine(item, "bench-model")
        print(f"apply_machine one sentence: {(time.perf_counter() - t0) * 1000:.2f} ms")
        t0 = time.perf_counter()
        project.save_as(Path(tmp) / "copy.tarjama")
        print(f"save_as: {(time.perf_counter() - t0) * 1000:.0f} ms")
        t0 = time.perf_counter()
        project.close()
        print(f"close: {(time.perf_counter() - t0) * 1000:.0f} ms")


def confidence_spread() -> None:
    from desk.project.confidence import from_score
    from desk.translate import Translator

    translator = Translator(ROOT / "tests/fixtures/tiny-ar-en/ct2")
    pairs = corpus_pairs()
    seen = [t for t in translator.translate_document("\n\n".join(a for a, _ in pairs)) if not t.passthrough]
    exact = sum(t.target == en for t, (_, en) in zip(seen, pairs, strict=False))
    article = (ROOT / "tests/bench/article_ar.txt").read_text(encoding="utf-8")
    unseen = [t for t in translator.translate_document(article) if not t.passthrough]

    def spread(items):
        values = sorted(from_score(t.score, len(t.target.split())) for t in items)
        q = statistics.quantiles(values, n=20)
        return f"min {values[0]:.2f}  p5 {q[0]:.2f}  median {statistics.median(values):.2f}  max {values[-1]:.2f}"

    print(f"tiny model, own corpus ({len(seen)} sentences, {exact} exact): {spread(seen)}")
    print(f"tiny model, unseen article ({len(unseen)} sentences, all wrong): {spread(unseen)}")

    from desk.project import alternatives

    sources = [t.source for t in unseen[:20]]
    t0 = time.perf_counter()
    found = [alternatives(translator, s, n=4) for s in sources]
    took = (time.perf_counter() - t0) / len(sources)
    t0 = time.perf_counter()
    for s in sources:
        list(translator.translate_document(s, use_cache=False))
    one = (time.perf_counter() - t0) / len(sources)
    print(f"alternatives (n=4) for one sentence: {took * 1000:.1f} ms on the tiny model "
          f"(1-best of the same sentence {one * 1000:.1f} ms); {statistics.mean(len(f) for f in found):.1f} distinct "
          f"of 4 on average")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--dir", help="folder for the benchmark file (default tests/bench/.cache)")
    parser.add_argument("--confidence", action="store_true", help="also print the tiny model's confidence spread")
    args = parser.parse_args()
    bench(args)
    if args.confidence:
        confidence_spread()


if __name__ == "__main__":
    main()
