"""The evaluation harness (tests/bench/summary_eval.py) on a small EASC-shaped folder written here:
BOM + CRLF files, a hard-wrapped article, five references each; and the shipped weights file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from bench import summary_eval
from easc_shaped import QUAKE, write_easc

from desk.summarize import model, tokenize

ROOT = Path(__file__).resolve().parent.parent

NEWS_LINES = [
    "أعلنت وزارة الصحة اليوم إطلاق حملة وطنية للتطعيم ضد الحصبة تستهدف",
    "مليون طفل في جميع المحافظات خلال الشهرين المقبلين. وقال وزير الصحة",
    "إن الحملة تأتي بعد ارتفاع عدد الإصابات في المناطق الريفية خلال العام",
    "الماضي وإن اللقاح متوفر مجانا في جميع المراكز الصحية الحكومية.",
    "وأضاف أن فرقا متنقلة ستزور القرى النائية لتطعيم الأطفال في منازلهم",
    "بالتعاون مع منظمة الصحة العالمية ومنظمة اليونيسف والجمعيات المحلية.",
]


@pytest.fixture
def corpus(tmp_path):
    for n in range(4):
        write_easc(tmp_path / f"wiki{n}.txt", " ".join(QUAKE[n:] + QUAKE[:n]) + "\n")
        for r in range(5):
            write_easc(tmp_path / f"wiki{n}.ref{r + 1}.txt", " ".join((QUAKE[n:] + QUAKE[:n])[: 2 + r % 2]) + "\n")
    write_easc(tmp_path / "news.txt", "\n".join(NEWS_LINES) + "\n")
    for r in range(5):
        write_easc(tmp_path / f"news.ref{r + 1}.txt", " ".join(NEWS_LINES[:2]) + "\n")
    return tmp_path


def test_articles_load_with_bom_crlf_and_wrapping(corpus):
    ev = summary_eval
    articles = {a.name: a for a in ev.load_articles(corpus)}
    assert len(articles) == 5 and all(len(a.refs) == 5 for a in articles.values())
    assert not articles["wiki0"].sentences[0].text.startswith("\ufeff")
    assert articles["news"].category == "news (wrapped)" and articles["wiki0"].category == "wikipedia (rest)"
    assert articles["news"].budget == len(tokenize(" ".join(NEWS_LINES[:2])))


def test_lead_cut_at_the_budget_matches_the_references(corpus):
    ev = summary_eval
    news = next(a for a in ev.load_articles(corpus) if a.name == "news")
    assert ev.rouge(ev.lead_words(news), news.refs)["rouge1"] == pytest.approx(1.0)
    assert sum(len(tokenize(t)) for t in ev.lead_whole(news)) <= news.budget


def test_lead_at_another_systems_length(corpus):
    """The fair comparison row: lead cut at exactly the words the other system returned."""
    ev = summary_eval
    news = next(a for a in ev.load_articles(corpus) if a.name == "news")
    assert len(tokenize(ev.lead_cut_at(news, 7)[0])) == 7
    assert ev.lead_cut_at(news, news.budget) == ev.lead_words(news)


def test_length_curve_shows_f_growing_past_a_short_budget(corpus, capsys):
    ev = summary_eval
    assert ev.main([str(corpus), "--length-curve"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()[1:]]
    f = {float(m.rstrip("x")): float(v) for m, v in rows}
    assert set(f) == set(ev.LENGTH_CURVE) and f[0.7] < f[1.0]


def test_report_with_cross_validation(corpus, capsys):
    ev = summary_eval
    assert ev.main([str(corpus), "--folds", "2", "--seeds", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == 5
    for setting in ("words", "sentences"):
        scores = out["scores"][setting]["all"]
        assert "ours (CV)" in scores and "random" in scores
        assert all(0.0 <= s["rouge1"] <= 1.0 for s in scores.values())
    assert len(out["cv_chosen"]) == 2
    assert "lead at ours' len" in out["scores"]["words"]["all"]


def test_shipped_weights_cover_every_feature():
    path = ROOT / "desk" / "summarize" / "data" / "weights.json"
    fitted = json.loads(path.read_text(encoding="utf-8"))["weights"]
    assert set(fitted) == set(model.FEATURES)
    w = model.weights()
    assert w.shape == (len(model.FEATURES),) and np.isfinite(w).all()
