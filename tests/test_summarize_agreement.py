"""The human-agreement benchmark (tests/bench/summary_agreement.py) on references written here:
one glued and cut the way EASC's are, and five identical ones whose agreement is known."""

from __future__ import annotations

import json

import numpy as np
import pytest
from bench import summary_agreement, summary_eval
from easc_shaped import QUAKE, write_easc

from desk.summarize import tokenize


@pytest.fixture
def agreed(tmp_path):
    """Two articles; every annotator picked the second and fourth sentences."""
    for n in range(2):
        write_easc(tmp_path / f"quake{n}.txt", " ".join(QUAKE) + "\n")
        for r in range(5):
            write_easc(tmp_path / f"quake{n}.ref{r + 1}.txt", f"{QUAKE[1]} {QUAKE[3]}\n")
    return tmp_path


def test_a_glued_and_cut_reference_is_aligned_to_the_words_it_picked(tmp_path):
    write_easc(tmp_path / "a.txt", " ".join(QUAKE) + "\n")
    cut = QUAKE[2][:40]                                    # the annotation tool's character cut
    glued = QUAKE[4].replace("أجهزة ", "أجهزة")           # a wrapped line joined without a space
    write_easc(tmp_path / "a.ref1.txt", f"{cut}. {glued}\n")
    art = summary_eval.load_articles(tmp_path)[0]
    al = summary_agreement.Aligned(art)
    assert al.coverage[0] == pytest.approx(1.0, abs=0.02)
    starts = np.cumsum([0] + [len(tokenize(s)) for s in QUAKE])
    picked = set(np.flatnonzero(al.picks[0]))
    assert set(range(starts[4], starts[5])) <= picked                       # the glued sentence, whole
    assert len(tokenize(cut)) - 1 <= len(picked & set(range(starts[2], starts[3]))) <= len(tokenize(cut))
    assert not picked & (set(range(starts[0], starts[2])) | set(range(starts[3], starts[4])))


def test_annotators_who_agree_predict_each_other_perfectly(agreed):
    out = summary_agreement.agreement(summary_eval.load_articles(agreed))["categories"]["all"]
    assert out["a human, vs the others"]["rouge1"] == pytest.approx(1.0)
    assert out["4 others' votes"]["rouge1"] == pytest.approx(1.0)
    assert out["4 others, sentences, prior 0"]["rouge1"] == pytest.approx(1.0)
    assert out["lead at that length (4)"]["rouge1"] < 0.8           # lead starts with sentence 1, not 2
    assert out["a human, vs the others"]["n"] == 10                 # 2 articles × 5 held-out references


def test_report_and_json(agreed, capsys):
    assert summary_agreement.main([str(agreed)]) == 0
    text = capsys.readouterr().out
    assert "4 others' votes" in text and "R-1 gain" in text and "in-sample" in text
    assert summary_agreement.main([str(agreed), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["in_sample"]["pieces"]["rouge1"] == pytest.approx(1.0) and out["coverage_median"] == pytest.approx(1.0)


def test_a_folder_without_references_is_refused(tmp_path, capsys):
    assert summary_agreement.main([str(tmp_path)]) == 2
    assert "no articles with references" in capsys.readouterr().err


def test_the_most_voted_text_goes_first(tmp_path):
    write_easc(tmp_path / "a.txt", " ".join(QUAKE) + "\n")
    for r, picked in enumerate([1, 1, 1, 5]):
        write_easc(tmp_path / f"a.ref{r + 1}.txt", QUAKE[picked] + "\n")
    al = summary_agreement.Aligned(summary_eval.load_articles(tmp_path)[0])
    votes = al.picks.mean(axis=0)                       # sentence 1: 3/4, sentence 5: 1/4
    budget = len(tokenize(QUAKE[1]))
    assert al.by_votes(votes, budget) == [" ".join(tokenize(QUAKE[1]))]
    assert al.by_votes_whole(votes, budget, 0.0) == [QUAKE[1]]
    assert al.by_votes(votes, 3 * budget) == [" ".join(tokenize(QUAKE[i])) for i in (1, 5)]
