"""ROUGE evaluation of the summariser against lead-N and random baselines.

    python tests/bench/summary_eval.py [DIR] [--json] [--seeds N] [--cv]

DIR holds NAME.txt articles and NAME.ref1.txt, NAME.ref2.txt, … extractive references
(one sentence per line); default tests/fixtures/summary_dev. Every system is scored at
equal length: against each reference it selects as many sentences as that reference has.
Scores are ROUGE-1, ROUGE-2 and ROUGE-L F1 on tokens after Arabic normalisation (no
stemming, stop words kept); ROUGE-L is the LCS of the whole summary and the whole
reference. Multiple references: the scores are AVERAGED over the references of an
article, then over articles. Articles are split into "dev" (used to choose the summariser's
constants) and "heldout" by a hash of their name. ``--cv`` also runs a 5-fold
cross-validation of the whole tuning procedure (choose the constants on 4 folds from a
small grid, score the 5th), an honest estimate of what tuning on this set is worth.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desk.segment import Sentence, segment  # noqa: E402
from desk.summarize import summarize, tokenize  # noqa: E402
from desk.summarize.core import _headline, _is_credit  # noqa: E402

DEFAULT_DIR = ROOT / "tests" / "fixtures" / "summary_dev"
METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass
class Article:
    name: str
    sentences: list[Sentence]
    refs: list[list[str]] = field(default_factory=list)

    @property
    def split(self) -> str:
        return split_of(self.name)


def split_of(name: str) -> str:
    """About a third of the articles are held out, chosen by name hash (not by hand)."""
    return "heldout" if int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 3 == 0 else "dev"


def load_articles(folder: Path) -> list[Article]:
    articles = []
    for path in sorted(Path(folder).glob("*.txt")):
        if ".ref" in path.name:
            continue
        name = path.stem
        refs = []
        for ref in sorted(path.parent.glob(f"{name}.ref*.txt")):
            lines = [line.strip() for line in ref.read_text(encoding="utf-8").splitlines() if line.strip()]
            if lines:
                refs.append(lines)
        if refs:
            articles.append(Article(name, segment(path.read_text(encoding="utf-8")), refs))
    return articles


# ---------------------------------------------------------------- ROUGE (own implementation)

def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: float, n_sys: int, n_ref: int) -> float:
    if overlap <= 0 or n_sys == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_sys, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(sys_tokens: list[str], ref_tokens: list[str], n: int) -> float:
    s, r = _ngrams(sys_tokens, n), _ngrams(ref_tokens, n)
    return _f1(sum((s & r).values()), sum(s.values()), sum(r.values()))


def lcs_length(a: list[str], b: list[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(sys_tokens: list[str], ref_tokens: list[str]) -> float:
    return _f1(lcs_length(sys_tokens, ref_tokens), len(sys_tokens), len(ref_tokens))


def rouge(system: list[str], reference: list[str]) -> dict[str, float]:
    """ROUGE-1/2/L F1 of a summary (list of sentences) against one reference."""
    s = [t for line in system for t in tokenize(line)]
    r = [t for line in reference for t in tokenize(line)]
    return {"rouge1": rouge_n(s, r, 1), "rouge2": rouge_n(s, r, 2), "rougeL": rouge_l(s, r)}


# ---------------------------------------------------------------- systems: sentences, k → selected texts

def lead(sentences: list[Sentence], k: int) -> list[str]:
    return [s.text for s in sentences[:k]]


def lead_body(sentences: list[Sentence], k: int) -> list[str]:
    """A stronger lead: first k sentences after dropping a headline line and credit lines."""
    if not sentences:
        return []
    tokens = [tokenize(s.text) for s in sentences]
    items = [(s.index, s.paragraph, s.text) for s in sentences]
    skip, _ = _headline(items, tokens, None)
    body = [s for i, s in enumerate(sentences) if not (i == 0 and skip) and not _is_credit(s.text, tokens[i])]
    return [s.text for s in (body or sentences)[:k]]


def random_summary(sentences: list[Sentence], k: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    picked = sorted(rng.sample(range(len(sentences)), min(k, len(sentences))))
    return [sentences[i].text for i in picked]


def ours(sentences: list[Sentence], k: int, **kwargs) -> list[str]:
    return [s.text for s in summarize(sentences, n_sentences=k, **kwargs)]


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    return {m: sum(r[m] for r in rows) / len(rows) if rows else 0.0 for m in METRICS}


def score_system(articles: list[Article], system) -> dict[str, float]:
    """Mean over articles of the mean over references, each at the reference's length."""
    per_article = []
    for art in articles:
        per_ref = [rouge(system(art.sentences, len(ref)), ref) for ref in art.refs]
        per_article.append(_mean(per_ref))
    return _mean(per_article)


def evaluate(articles: list[Article], seeds: int = 10, systems: dict | None = None) -> dict[str, dict[str, float]]:
    systems = systems or {
        "lead-N": lead,
        "lead-N (body)": lead_body,
        "random": None,
        "ours": ours,
    }
    results = {}
    for name, fn in systems.items():
        if name == "random":
            runs = [score_system(articles, lambda s, k, seed=seed: random_summary(s, k, seed)) for seed in range(seeds)]
            results[name] = _mean(runs)
        else:
            results[name] = score_system(articles, fn)
    return results


CV_GRID = {  # the constants varied by the cross-validation (desk.summarize.core names)
    "FULL_LENGTH": (1, 8, 15, 25),
    "POSITION_DECAY": (3.0, 5.0),
    "W_NUMBER": (0.0, 0.5),
    "W_HEADLINE": (0.0, 0.5),
    "MMR_LAMBDA": (0.7, 0.85),
}


def cross_validate(articles: list[Article], folds: int = 5) -> dict:
    """5-fold CV of "pick the grid point with the best R-1 + R-2 on the other folds"."""
    import itertools

    import desk.summarize.core as core

    names = list(CV_GRID)
    saved = {n: getattr(core, n) for n in names}
    per: dict[tuple, list[dict[str, float]]] = {}
    try:
        for values in itertools.product(*CV_GRID.values()):
            for n, v in zip(names, values, strict=True):
                setattr(core, n, v)
            per[values] = [score_system([a], ours) for a in articles]
    finally:
        for n, v in saved.items():
            setattr(core, n, v)
    fold_of = [int(hashlib.md5(a.name.encode("utf-8")).hexdigest(), 16) % folds for a in articles]
    rows: list[dict[str, float] | None] = [None] * len(articles)
    chosen = []
    for f in range(folds):
        train = [i for i, g in enumerate(fold_of) if g != f]
        if not train:
            continue
        best = max(per, key=lambda c: sum(per[c][i]["rouge1"] + per[c][i]["rouge2"] for i in train))
        chosen.append(dict(zip(names, best, strict=True)))
        for i, g in enumerate(fold_of):
            if g == f:
                rows[i] = per[best][i]
    return {"scores": _mean([r for r in rows if r is not None]), "chosen": chosen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--seeds", type=int, default=10, help="random-baseline seeds to average (default 10)")
    parser.add_argument("--cv", action="store_true", help="also run the 5-fold cross-validation (about a minute)")
    args = parser.parse_args(argv)
    articles = load_articles(Path(args.dir))
    if not articles:
        print(f"no articles with references in {args.dir}", file=sys.stderr)
        return 2
    groups = {"all": articles}
    dev = [a for a in articles if a.split == "dev"]
    held = [a for a in articles if a.split == "heldout"]
    if dev and held:
        groups = {"dev": dev, "heldout": held, "all": articles}
    out = {g: {"articles": len(arts), "scores": evaluate(arts, args.seeds)} for g, arts in groups.items()}
    if args.cv:
        cv = cross_validate(articles)
        out["all"]["scores"]["ours (5-fold CV)"] = cv["scores"]
        out["cv_chosen"] = cv["chosen"]
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    for g, block in out.items():
        if g == "cv_chosen":
            print("\nconstants chosen per CV fold:", *block, sep="\n  ")
            continue
        print(f"\n[{g}] {block['articles']} articles (ROUGE F1 ×100, equal length, mean over references)")
        print(f"{'system':16} {'R-1':>6} {'R-2':>6} {'R-L':>6}")
        for name, sc in block["scores"].items():
            print(f"{name:16} {100 * sc['rouge1']:6.1f} {100 * sc['rouge2']:6.1f} {100 * sc['rougeL']:6.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
