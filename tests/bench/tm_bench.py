"""Translation-memory benchmark: TMX import rate, lookup latency and peak memory at 1,000,000 units.

    nice -n 10 .venv/bin/python tests/bench/tm_bench.py [--units 1000000] [--queries 300] [--keep DIR]

The units are synthetic but shaped like news: the fixture corpus's words (frequent function and
news words) plus 40,000 generated words built from random three-letter roots in common Arabic
patterns (فاعل، مفعول، تفعيل، استفعال …), drawn with a Zipf distribution, with clitics
(و، ب، ال، لل) and optional diacritics, 8-30 words a sentence, Arabic-Indic or Western numbers.
Nothing is downloaded.

Steps: write a TMX 1.4b file (not timed), ``desk.tm.tmx.import_tmx`` it into a new memory (timed:
units/s, parse and insert together), then time ``TranslationMemory.lookup`` for news sentences:
exact repeats (with different diacritics/alef forms), fuzzy ones (1-3 words changed, a clitic
added) and unseen ones (no match), and print p50/p95/max per kind and overall. Peak RSS is the
process's high-water mark (VmHWM) after each phase.
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

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
if __package__ in (None, ""):  # run as a script: make the bench package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.build_bench_model import corpus_pairs  # noqa: E402

LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
PATTERNS = ("{0}ا{1}{2}", "م{0}{1}و{2}", "ت{0}{1}ي{2}", "است{0}{1}ا{2}", "{0}{1}ي{2}", "م{0}{1}{2}ة",
            "{0}{1}ا{2}ة", "ا{0}{1}ي{2}", "م{0}ت{1}{2}", "{0}ا{1}{2}ية", "{0}{1}{2}ات", "ان{0}{1}ا{2}")
CLITICS = ("", "", "", "", "و", "ب", "ال", "وال", "بال", "لل", "ف")
DIACRITICS = "\u064e\u064f\u0650\u0652\u0651"


def vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Generator:
    def __init__(self, seed: int = 13) -> None:
        self.rng = random.Random(seed)
        pairs = corpus_pairs()
        strip = ".،؛؟!:«»\"()"
        ar_words = sorted({w.strip(strip) for ar, _ in pairs for w in ar.split()} - {""})
        self.en_words = sorted({w.strip(strip + ",").lower() for _, en in pairs for w in en.split()} - {""})
        made = set()
        while len(made) < 40_000:
            root = self.rng.sample(LETTERS, 3)
            made.add(self.rng.choice(PATTERNS).format(*root))
        self.vocab = ar_words + sorted(made)
        self.rng.shuffle(self.vocab)
        # Zipf weights over ranks: a few very frequent words, a long tail of rare ones.
        self.cum = []
        total = 0.0
        for rank in range(1, len(self.vocab) + 1):
            total += 1.0 / rank
            self.cum.append(total)

    def word(self) -> str:
        w = self.rng.choices(self.vocab, cum_weights=self.cum)[0]
        if self.rng.random() < 0.25:
            w = self.rng.choice(CLITICS) + w
        return w

    def number(self) -> str:
        n = str(self.rng.randint(2, 2030))
        if self.rng.random() < 0.5:
            n = n.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
        return n

    def sentence(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(8, 30))]
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words)), self.number())
        return " ".join(words) + self.rng.choice(".....؟!")

    def english(self) -> str:
        return " ".join(self.rng.choice(self.en_words) for _ in range(self.rng.randint(8, 30))).capitalize() + "."

    def vary(self, sentence: str) -> str:
        """Same sentence with diacritics on some words and a different alef/ta-marbuta spelling."""
        out = []
        for w in sentence.split():
            if self.rng.random() < 0.3:
                w = "".join(ch + (self.rng.choice(DIACRITICS) if self.rng.random() < 0.4 else "") for ch in w)
            out.append(w.replace("ا", "أ", 1) if self.rng.random() < 0.1 else w)
        return " ".join(out)

    def edit(self, sentence: str) -> str:
        """1-3 words replaced, and sometimes a conjunction added in front."""
        words = sentence.split()
        for _ in range(self.rng.randint(1, 3)):
            words[self.rng.randrange(len(words))] = self.word()
        if self.rng.random() < 0.5:
            words[0] = "و" + words[0]
        return " ".join(words)


def write_tmx(path: Path, gen: Generator, units: int, keep_every: int) -> list[str]:
    kept = []
    with open(path, "wb") as handle, etree.xmlfile(handle, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("tmx", version="1.4"):
            xf.write(etree.Element("header", creationtool="bench", creationtoolversion="1", segtype="sentence",
                                   datatype="plaintext", adminlang="en-US", srclang="ar-SA", **{"o-tmf": "x"}))
            with xf.element("body"):
                for i in range(units):
                    source = gen.sentence()
                    if i % keep_every == 0:
                        kept.append(source)
                    tu = etree.Element("tu", creationdate="20240101T000000Z")
                    for lang, text in (("ar-SA", source), ("en-US", gen.english())):
                        tuv = etree.SubElement(tu, "tuv", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
                        etree.SubElement(tuv, "seg").text = text
                    xf.write(tu)
                    xf.write("\n")
    return kept


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300, help="lookups per kind (exact, fuzzy, unseen)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the TMX and memory files")
    parser.add_argument("--lookups-only", action="store_true",
                        help="reuse DIR/memory.sqlite from an earlier --keep run: time the lookups only")
    args = parser.parse_args()
    if args.lookups_only and not args.keep:
        parser.error("--lookups-only needs --keep DIR")

    from desk.tm import TranslationMemory
    from desk.tm.tmx import import_tmx

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tm-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    gen = Generator()
    db = workdir / "memory.sqlite"
    if args.lookups_only:
        memory = TranslationMemory(db)
        count = memory.stats()["units"]
        rng = random.Random(3)
        kept = [memory._db.execute("SELECT source FROM units WHERE id = ?", (rng.randint(1, count),)).fetchone()[0]
                for _ in range(args.queries * 2)]
        memory.close()
        print(f"reusing {db} ({count:,} units)")
        return _lookups(db, gen, kept, args)
    tmx = workdir / "bench.tmx"
    started = time.monotonic()
    kept = write_tmx(tmx, gen, args.units, max(1, args.units // (args.queries * 2)))
    print(f"generated {args.units:,} units ({tmx.stat().st_size / 2**20:.0f} MiB TMX) in "
          f"{time.monotonic() - started:.0f} s; peak RSS {vm_hwm_mb():.0f} MB", flush=True)

    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    memory = TranslationMemory(db)
    cpu = time.process_time()
    def progress(count: int) -> None:
        if count % 250_000 == 0:  # bounded memory: the peak must flatten as the memory grows
            print(f"  {count:,} units imported, peak RSS so far {vm_hwm_mb():.0f} MB", flush=True)

    report = import_tmx(memory, tmx, progress=progress)
    cpu = time.process_time() - cpu
    print(f"import: {report.added:,} units in {report.seconds:.1f} s = {report.read / report.seconds:,.0f} units/s"
          f" ({report.read / cpu:,.0f} units per CPU-second, both threads); memory file {db.stat().st_size / 2**20:.0f}"
          f" MiB; peak RSS {vm_hwm_mb():.0f} MB; load average {os.getloadavg()[0]:.1f}", flush=True)
    memory.close()
    code = _lookups(db, gen, kept, args)
    if not args.keep:
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()
    return code


def _lookups(db: Path, gen: Generator, kept: list[str], args) -> int:
    from desk.tm import TranslationMemory

    memory = TranslationMemory(db)  # a fresh open, as the app would do
    rng = random.Random(5)
    rng.shuffle(kept)
    kinds = {
        "exact (diacritics/alef varied)": [gen.vary(s) for s in kept[: args.queries]],
        "fuzzy (1-3 words changed)": [gen.edit(s) for s in kept[args.queries: 2 * args.queries]],
        "unseen": [gen.sentence() for _ in range(args.queries)],
    }
    every = []
    for kind, queries in kinds.items():
        times, hits, exact = [], 0, 0
        for q in queries:
            t0 = time.perf_counter()
            matches = memory.lookup(q)
            times.append((time.perf_counter() - t0) * 1000)
            hits += bool(matches)
            exact += bool(matches and matches[0].exact)
        every += times
        print(f"lookup {kind:32} n={len(times)} hit {hits / len(times):.0%} exact {exact / len(times):.0%}  "
              f"p50 {statistics.median(times):.1f} ms  p95 {percentile(times, 0.95):.1f} ms  max {max(times):.1f} ms",
              flush=True)
    print(f"lookup all: p50 {statistics.median(every):.1f} ms, p95 {percentile(every, 0.95):.1f} ms;"
          f" peak RSS {vm_hwm_mb():.0f} MB; load average {os.getloadavg()[0]:.1f}")
    memory.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
