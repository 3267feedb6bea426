"""How much human annotators agree beyond lead: the headroom any summariser has on a corpus.

    python tests/bench/summary_agreement.py [DIR] [--json]

A corpus with several extractive references per article (EASC: five) can only reward what its
annotators share. Leave one reference out at a time and ask how well the others predict it,
each row beside lead cut at the same length in words:

- **a human**: the held-out reference itself, as a system, against the other references (the
  classic human upper bound of ROUGE);
- **N others' votes**: the text that N of the other references picked, most-voted first (ties to
  the earlier), in pieces as fine as the references' own choices, taken while a piece brings the
  length nearer to the held-out reference's, scored against the held-out reference. With N = 4
  this is the best guess four humans' choices on that very article give about a fifth's;
- **4 others, sentences**: the same votes turned into what a summary shows, whole sentences: the
  summariser's own units, each scored by the mean vote of its words minus a lead prior, picked by
  its own selection rule (``core.select``).

A summariser sees only the text; if the pooled choices of four annotators beat lead by G points
on a fresh annotator, a summariser beating lead by much more than G would have to predict human
choices better than other humans do. The in-sample figure (all references' votes scored against
those same references) measures agreement with the references used to rank, not skill.

Scores use the references exactly as the evaluation does (``summary_eval.rouge``). To know which
text a reference picked, it is aligned to the article by its longest common runs of normalised
characters (spaces dropped, runs of at least ``MIN_RUN``): EASC's tool cut reference sentences at
255 characters and newspaper references glue wrapped lines without a space, so references are
neither whole sentences of the article nor its words.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import summary_eval as ev  # noqa: E402 (it puts the project root on the path)
from desk.summarize import core, tokenize  # noqa: E402

MIN_RUN = 20        # characters: a shorter common run is a shared phrase, not a picked passage
VOTERS = (1, 2, 3, 4)
PRIORS = (0.0, 0.5, 1.0, 2.0, 4.0)   # lead prior for whole sentences: votes − prior × relative rank


class Aligned:
    """An article's tokens, and per reference which of them it picked."""

    def __init__(self, art: ev.Article):
        self.art = art
        self.tokens = [t for s in art.sentences for t in tokenize(s.text)]
        self.text = "".join(self.tokens)
        self.starts = np.cumsum([0] + [len(t) for t in self.tokens])[:-1]
        lines = np.cumsum([0] + [len(tokenize(t)) for _, _, t in art.doc.items])   # token offset of each line
        self.unit_spans = [(int(lines[u[0]]), int(lines[u[-1] + 1])) for u in art.doc.units]
        picked = [self._align(ref) for ref in art.refs]
        self.picks = np.array([m for m, _ in picked]).reshape(len(art.refs), len(self.tokens))
        self.coverage = [c for _, c in picked]

    def _align(self, ref: list[str]) -> tuple[np.ndarray, float]:
        """Tokens of the article inside the reference's longest common runs; share of it covered."""
        flat = "".join(ref)
        bounds = np.cumsum([0] + [len(t) for t in ref])
        mask = np.zeros(len(self.tokens), dtype=bool)
        covered, j = 0, 0
        while j < len(ref):
            start = int(bounds[j])
            lo, hi = 0, len(flat) - start          # longest prefix of the rest found in the article
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if flat[start:start + mid] in self.text:
                    lo = mid
                else:
                    hi = mid - 1
            if lo < MIN_RUN:
                j += 1
                continue
            at = self.text.find(flat[start:start + lo])
            mask[np.searchsorted(self.starts, at):np.searchsorted(self.starts, at + lo)] = True
            covered += lo
            j = max(j + 1, int(np.searchsorted(bounds, start + lo)))
        return mask, covered / max(1, len(flat))

    def lead(self, n: int) -> list[str]:
        """``summary_eval.lead_cut_at`` on the tokens already at hand (it is called a few thousand times)."""
        return [" ".join(self.tokens[:n])]

    def by_votes_whole(self, votes: np.ndarray, budget: int, prior: float) -> list[str]:
        """The summariser's own units and selection rule, a unit scored by the mean vote of its
        words minus ``prior`` × its relative rank among the body units (a lead prior)."""
        doc = self.art.doc
        relevance = np.array([votes[a:b].mean() if b > a else 0.0 for a, b in self.unit_spans])
        rank = np.cumsum(doc.tier != core.JUNK) - 1
        relevance -= prior * rank / max(1, rank.max()) + 1e-6 * np.arange(len(rank))   # ties to the earlier
        picked = core.select(doc, relevance, None, budget, redundancy=0.0)
        return [doc.items[i][2] for _, lines in sorted(picked) for i in lines]

    def by_votes(self, votes: np.ndarray, budget: int) -> list[str]:
        """Runs of equal positive vote, most-voted first, while each brings the length nearer to the budget."""
        runs, k = [], 0
        while k < len(votes):
            if votes[k] <= 0:
                k += 1
                continue
            end = k
            while end < len(votes) and votes[end] == votes[k]:
                end += 1
            runs.append((-votes[k], k, end))
            k = end
        used, chosen = 0, []
        for _, k, end in sorted(runs):
            if end - k < 2 * (budget - used):
                chosen.append((k, end))
                used += end - k
        return [" ".join(self.tokens[k:end]) for k, end in sorted(chosen)]


def _words(texts: list[str]) -> int:
    return sum(len(tokenize(t)) for t in texts)


def agreement(articles: list[ev.Article]) -> dict:
    """Per category: mean R-1/R-2 of each leave-one-reference-out system and of lead at its length."""
    rows: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    coverage: list[float] = []
    for art in articles:
        if len(art.refs) < 2:
            continue
        al = Aligned(art)
        coverage += al.coverage
        for h, held in enumerate(art.refs):
            others = [j for j in range(len(art.refs)) if j != h]
            scored = defaultdict(list)
            scored["a human, vs the others"].append(ev.rouge([" ".join(held)], [art.refs[j] for j in others]))
            scored["lead at that human's length"].append(ev.rouge(al.lead(len(held)), [art.refs[j] for j in others]))
            for n in VOTERS:
                for voters in itertools.combinations(others, n):
                    summary = al.by_votes(al.picks[list(voters)].mean(axis=0), len(held))
                    scored[f"{n} others' votes"].append(ev.rouge(summary, [held]))
                    scored[f"lead at that length ({n})"].append(ev.rouge(al.lead(_words(summary)), [held]))
            votes = al.picks[others].mean(axis=0)
            for prior in PRIORS:
                summary = al.by_votes_whole(votes, len(held), prior)
                scored[f"4 others, sentences, prior {prior:g}"].append(ev.rouge(summary, [held]))
                scored[f"lead at that length (prior {prior:g})"].append(ev.rouge(al.lead(_words(summary)), [held]))
            for cat in ("all", art.category):
                for name, scores in scored.items():
                    if scores:
                        rows[cat][name].append(ev._mean(scores))
    return {"coverage_median": float(np.median(coverage)) if coverage else 0.0,
            "categories": {cat: {name: ev._mean(s) | {"n": len(s)} for name, s in systems.items()}
                           for cat, systems in rows.items()}}


def in_sample(articles: list[ev.Article]) -> dict[str, dict[str, float]]:
    """All references' votes scored against those same references, at their mean length (not skill):
    in pieces, and as whole sentences."""
    pieces, whole = [], []
    for art in articles:
        al = Aligned(art)
        votes = al.picks.mean(axis=0)
        pieces.append(ev.rouge(al.by_votes(votes, art.budget), art.refs))
        whole.append(ev.rouge(al.by_votes_whole(votes, art.budget, 0.0), art.refs))
    return {"pieces": ev._mean(pieces), "whole sentences": ev._mean(whole)}


def _pair(s: dict[str, float]) -> str:
    return f"{100 * s['rouge1']:5.1f} / {100 * s['rouge2']:4.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", default=str(ev.DEFAULT_DIR))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)
    articles = ev.load_articles(Path(args.dir))
    if not articles:
        print(f"no articles with references in {args.dir}", file=sys.stderr)
        return 2
    out = agreement(articles) | {"in_sample": in_sample(articles)}
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"leave one reference out, ROUGE F x100 (R-1 / R-2); references aligned to the article: "
          f"median {100 * out['coverage_median']:.0f}% of a reference's characters")
    for cat, systems in out["categories"].items():
        print(f"\n== {cat} ({next(iter(systems.values()))['n']} held-out references)")
        names = list(systems)
        for name, twin in zip(names[::2], names[1::2], strict=True):
            s, t = systems[name], systems[twin]
            gain = 100 * (s["rouge1"] - t["rouge1"])
            print(f"  {name:34} {_pair(s)}   lead at equal length {_pair(t)}   R-1 gain {gain:+5.1f}")
    for name, s in out["in_sample"].items():
        print(f"in-sample, {name}: all references' votes vs those references {_pair(s)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
