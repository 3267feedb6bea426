"""The Arabic news summariser: text features, length controls, bad input, the CLI, and quality vs lead-N."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from bench import summary_eval
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.cli import main
from desk.segment import Sentence, segment
from desk.summarize import (
    SummarySentence,
    default_length,
    light_stem,
    normalize_arabic,
    stop_words,
    summarize,
    summarize_text,
    tokenize,
)
from desk.summarize.units import MAX_UNIT_LINES

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "fixtures" / "summary_dev"

ARTICLE = "\n\n".join([
    "الحكومة تقر خطة لدعم المزارعين",
    "أقرت الحكومة اليوم خطة بقيمة 300 مليون دينار لدعم المزارعين المتضررين من الجفاف في المحافظات الجنوبية."
    " وتشمل الخطة قروضا ميسرة وتعويضات مباشرة للمزارعين عن خسائر محاصيل القمح والشعير.",
    "رويترز",
    "وقال وزير الزراعة إن صرف التعويضات سيبدأ الشهر المقبل عبر البنوك الزراعية."
    " وأضاف أن الجفاف أتلف نحو 40 في المئة من محاصيل القمح هذا الموسم. وكان الطقس حارا."
    " ورحب اتحاد المزارعين بالخطة لكنه طالب بزيادة قيمة التعويضات."
    " وتعاني البلاد من تراجع الأمطار للعام الثالث على التوالي. والتقى الوزير لاحقا وفدا من المزارعين في مكتبه.",
]) + "\n"


# ---------------------------------------------------------------- text features

@pytest.mark.parametrize(("raw", "expected"), [
    ("أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
    ("مدرسة", "مدرسه"),
    ("مستشفى", "مستشفي"),
    ("مؤتمر", "موتمر"),
    ("رئيس", "رييس"),
    ("مُحَمَّدٌ", "محمد"),
    ("جميـــل", "جميل"),
    ("عام ٢٠٢٤ و۱۹", "عام 2024 و19"),
    ("ﻻ", "لا"),  # presentation form → letters
    ("Sputnik AFP", "sputnik afp"),
])
def test_normalize_arabic(raw, expected):
    assert normalize_arabic(raw) == expected


@pytest.mark.parametrize(("word", "stem"), [
    ("والكتاب", "كتاب"),
    ("بالمدينة", "مدين"),
    ("للطلاب", "طلاب"),
    ("فالأمر", "امر"),
    ("المعلمون", "معلم"),
    ("المهندسين", "مهندس"),
    ("سيارات", "سيار"),
    ("الاقتصادية", "اقتصاد"),
    ("كتبهم", "كتب"),
    ("بيتنا", "بيت"),
    ("مدرستها", "مدرست"),
    ("في", "في"),       # short words are left alone
    ("بلد", "بلد"),     # a lone ب is not a clitic here
    ("حكم", "حكم"),     # suffix كم needs a longer stem
    ("covid", "covid"),  # non-Arabic words pass through
])
def test_light_stem(word, stem):
    assert light_stem(normalize_arabic(word)) == stem


def test_clitic_variants_share_a_stem():
    forms = ["الحكومة", "والحكومة", "بالحكومة", "للحكومة", "حكومات"]
    assert {light_stem(normalize_arabic(w)) for w in forms} == {"حكوم"}


def test_stop_word_list_is_bundled_and_normalised():
    stops = stop_words()
    assert len(stops) >= 200
    assert {"في", "الي", "التي", "هذه", "قال", "ان"} <= stops   # الى/إلى → الي, أن/إن → ان
    assert "حكومه" not in stops


def test_tokenize_drops_punctuation_and_keeps_numbers():
    assert tokenize("قالَ: «ارتفعت الأسعار ٣٫٥%»!") == ["قال", "ارتفعت", "الاسعار", "3", "5"]


# ---------------------------------------------------------------- selection

def test_summary_is_in_document_order_with_scores():
    summary = summarize_text(ARTICLE, n_sentences=4)
    assert len(summary) == 4
    assert all(isinstance(s, SummarySentence) for s in summary)
    assert [s.index for s in summary] == sorted(s.index for s in summary)
    sentences = segment(ARTICLE)
    for s in summary:
        assert s.text == sentences[s.index].text and s.paragraph == sentences[s.index].paragraph
        assert 0 < s.score <= 1


def test_headline_credit_and_fragment_are_not_picked():
    picked = {s.text for s in summarize_text(ARTICLE, n_sentences=5)}
    assert "الحكومة تقر خطة لدعم المزارعين" not in picked   # the headline line
    assert "رويترز" not in picked                            # agency credit
    assert "وكان الطقس حارا." not in picked                  # short fragment
    assert any(t.startswith("أقرت الحكومة") for t in picked)  # the lead carries the story


def test_explicit_headline_equal_to_first_sentence_is_skipped():
    sentences = segment(ARTICLE)
    summary = summarize(sentences, headline=sentences[0].text, n_sentences=3)
    assert 0 not in [s.index for s in summary]


def test_headline_overlap_pulls_related_sentences():
    text = ("انطلقت اليوم فعاليات المهرجان الثقافي في المدينة القديمة بحضور جمهور كبير من الزوار. "
            "وشهد اليوم الأول عروضا موسيقية وفنية متنوعة في الساحات العامة والمسارح. "
            "وأعلنت البلدية إغلاق الطرق المحيطة بالمدينة القديمة أمام حركة السيارات طوال أيام المهرجان. "
            "وقالت اللجنة المنظمة إن ريع التذاكر سيخصص لترميم المباني التاريخية في المدينة.")
    def scores(headline):
        return {s.index: s.score for s in summarize(segment(text), headline=headline, n_sentences=4)}

    plain = scores(None)
    money = scores("ريع التذاكر لترميم المباني التاريخية")
    road = scores("إغلاق الطرق أمام السيارات")
    assert money[3] > plain[3] and money[3] > road[3]
    assert road[2] >= plain[2] and road[2] > money[2]
    assert [s.index for s in summarize(segment(text), headline="إغلاق الطرق أمام السيارات", n_sentences=2)] == [0, 2]


@pytest.mark.parametrize(("n", "expected"), [(1, 1), (3, 3), (5, 3), (10, 3), (20, 4), (30, 6), (100, 7), (1000, 7)])
def test_default_length(n, expected):
    assert default_length(n) == expected


def test_length_controls():
    sentences = segment(ARTICLE)
    assert len(summarize(sentences, n_sentences=2)) == 2
    body = len(sentences) - 3   # all but the headline, the credit line and the 3-word fragment
    everything = summarize(sentences, n_sentences=100)
    assert len(everything) == body
    assert not {"رويترز", "وكان الطقس حارا.", "الحكومة تقر خطة لدعم المزارعين"} & {s.text for s in everything}
    assert len(summarize(sentences, ratio=0.5)) == 4   # 0.5 × 7 body sentences, rounded half up
    assert len(summarize(sentences)) == default_length(body)
    budget = 30
    summary = summarize(sentences, words=budget)
    used = sum(len(tokenize(s.text)) for s in summary)
    assert summary and used < 2 * budget
    rest = [s for s in sentences if s.text in {x.text for x in everything} - {x.text for x in summary}]
    # the summary ends at the sentence boundary nearest to the budget: no sentence left out brings it nearer
    assert all(abs(used + len(tokenize(s.text)) - budget) >= abs(used - budget) for s in rest)
    tiny = summarize(sentences, words=1)   # nothing fits: the single best sentence
    assert len(tiny) == 1


@pytest.mark.parametrize("kwargs", [{"n_sentences": 2, "ratio": 0.5}, {"n_sentences": 0}, {"ratio": 0},
                                    {"ratio": 1.5}, {"words": 0}])
def test_bad_length_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        summarize(segment(ARTICLE), **kwargs)


def test_deterministic():
    first = summarize_text(ARTICLE)
    for _ in range(3):
        assert summarize_text(ARTICLE) == first


def test_plain_strings_are_accepted():
    texts = [s.text for s in segment(ARTICLE)]
    expected = [s.index for s in summarize_text(ARTICLE, n_sentences=3)]
    assert [s.index for s in summarize(texts, n_sentences=3)] == expected


# ---------------------------------------------------------------- bad input

def test_no_sentences():
    assert summarize([]) == []
    assert summarize_text("") == []
    assert summarize_text("   \n\n  ") == []


def test_one_sentence():
    summary = summarize_text("أعلنت الوزارة نتائج الامتحانات.")
    assert [s.index for s in summary] == [0]


def test_identical_sentences_are_not_repeated():
    summary = summarize_text(" ".join(["ارتفعت أسعار الذهب في الأسواق العالمية."] * 12), n_sentences=3)
    assert len(summary) == 1


def test_no_arabic():
    summary = summarize_text("Markets rose today. Oil was flat. Gold fell sharply in London trading.")
    assert 1 <= len(summary) <= 3


def test_punctuation_and_digits_only():
    assert len(summarize_text("... !!! 123. ؟؟ 45.")) >= 1


def test_one_giant_paragraph():
    text = " ".join(s.text for s in segment((DEV / "climate_summit.txt").read_text(encoding="utf-8")))
    summary = summarize_text(text)
    assert len(summary) == 7   # 38 sentences: 20% capped at 7
    assert {s.paragraph for s in summary} == {0}


def test_large_input_is_handled():
    base = [s.text for s in segment((DEV / "earthquake.txt").read_text(encoding="utf-8"))]
    sentences = [Sentence(i, i // 4, 0, 0, f"{i} " + base[i % len(base)]) for i in range(3000)]
    summary = summarize(sentences)
    assert len(summary) == 7


arabic_words = st.sampled_from(["الحكومة", "قال", "في", "من", "الوزير", "٢٠٢٤", "Sputnik", "المياه", "أن", "رويترز",
                                "ارتفعت", "الأسعار", "ـــ", "مُحَمَّد", "", "x"])
sentence_text = st.one_of(
    st.lists(arabic_words, max_size=30).map(lambda ws: " ".join(ws) + "."),
    st.text(max_size=80),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(sentence_text, max_size=25), n=st.one_of(st.none(), st.integers(1, 10)),
       words=st.one_of(st.none(), st.integers(1, 60)))
def test_never_raises_on_arbitrary_input(texts, n, words):
    sentences = [Sentence(i, i // 3, 0, len(t), t) for i, t in enumerate(texts)]
    kwargs = {"words": words} if words is not None and n is None else {"n_sentences": n}
    summary = summarize(sentences, **kwargs)
    indices = [s.index for s in summary]
    assert indices == sorted(set(indices))
    assert set(indices) <= set(range(len(texts)))
    if n is not None:   # a hard-wrapped sentence counts once but returns all its lines
        assert len(summary) <= n * MAX_UNIT_LINES
    if any(t.strip() for t in texts):
        assert summary


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=400))
def test_summarize_text_never_raises(text):
    summary = summarize_text(text)
    assert [s.index for s in summary] == sorted(s.index for s in summary)


# ---------------------------------------------------------------- quality (computed on the development set)

def test_beats_lead_on_the_project_written_set():
    ev = summary_eval
    articles = ev.load_articles(DEV)
    assert len(articles) >= 25
    out = ev.report(articles, folds=1, seeds=3, oracle=False)["scores"]
    words, count = out["words"]["all"], out["sentences"]["all"]
    assert words["ours (fitted)"]["rouge1"] > words["lead (whole)"]["rouge1"], words
    assert count["ours (fitted)"]["rouge1"] > count["lead"]["rouge1"], count
    assert words["lead (whole)"]["rouge1"] > words["random"]["rouge1"], words   # the baselines behave


def test_references_are_verbatim_article_sentences():
    for ref in sorted(DEV.glob("*.ref*.txt")):
        article = DEV / (ref.name.split(".ref")[0] + ".txt")
        sentences = {s.text for s in segment(article.read_text(encoding="utf-8"))}
        for line in ref.read_text(encoding="utf-8").splitlines():
            assert line in sentences, (ref.name, line)


def test_rouge_implementation():
    ev = summary_eval
    def ref(*texts):
        return [tokenize(t) for t in texts]

    assert ev.rouge(["قال الوزير إن الخطة جاهزة"], ref("قال الوزير إن الخطة جاهزة"))["rouge2"] == pytest.approx(1.0)
    assert ev.rouge(["أ ب"], ref("ج د"))["rouge1"] == 0.0
    r = ev.rouge(["الخطة جاهزة"], ref("إن الخطة جاهزة اليوم"))   # P=1, R=1/2 → F=2/3 (alef normalised)
    assert r["rouge1"] == pytest.approx(2 / 3)
    # two references: overlaps and lengths are summed (ROUGE-1.5.5): P = 3/4, R = 3/5 → F = 2/3
    r = ev.rouge(["الخطة جاهزة"], ref("إن الخطة جاهزة اليوم", "الخطة"))
    assert r["rouge1"] == pytest.approx(2 / 3)


# ---------------------------------------------------------------- CLI

def _run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def article_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_prints_selected_sentences_in_order(article_file, capsys):
    code, out, err = _run(["summarize", str(article_file), "--sentences", "3"], capsys)
    assert code == 0, err
    expected = [s.text for s in summarize_text(ARTICLE, n_sentences=3)]
    assert out.splitlines() == expected


def test_cli_json_shape(article_file, capsys):
    code, out, _ = _run(["summarize", str(article_file), "--ratio", "0.5", "--json"], capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["total_sentences"] == len(segment(ARTICLE))
    items = payload["sentences"]
    assert items and set(items[0]) == {"index", "paragraph", "score", "text"}
    assert [i["index"] for i in items] == sorted(i["index"] for i in items)


def test_cli_words_and_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode()), encoding="utf-8"))
    code, out, _ = _run(["summarize", "-", "--words", "25"], capsys)
    assert code == 0
    assert 1 <= len(out.splitlines()) <= 2


@pytest.mark.parametrize("args", [["--ratio", "0"], ["--sentences", "0"], ["--words", "-3"], ["--model", "x"]])
def test_cli_bad_options_exit_2(article_file, capsys, args):
    code, out, err = _run(["summarize", str(article_file), *args], capsys)
    assert code == 2 and out == ""
    assert err.startswith("desk: error:") and len(err.strip().splitlines()) == 1


def test_cli_two_length_options_is_a_usage_error(article_file, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["summarize", str(article_file), "--sentences", "2", "--ratio", "0.5"])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_cli_empty_and_missing_input_exit_2(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    code, _, err = _run(["summarize", str(empty)], capsys)
    assert code == 2 and "no text" in err
    code, _, err = _run(["summarize", str(tmp_path / "missing.txt")], capsys)
    assert code == 2 and err.startswith("desk: error:")


def test_cli_translate_without_model_says_how_to_install(article_file, capsys):
    code, _, err = _run(["summarize", str(article_file), "--translate"], capsys)
    assert code == 2 and "desk models" in err


def test_cli_translate_with_fixture_model(article_file, capsys, fixture_model_dir):
    code, out, err = _run(["summarize", str(article_file), "--sentences", "2", "--json", "--translate",
                           "--model", str(fixture_model_dir)], capsys)
    assert code == 0, err
    payload = json.loads(out)
    assert len(payload["sentences"]) == 2
    assert all(isinstance(s["translation"], str) and s["translation"] for s in payload["sentences"])


def test_lead_columns_follow_the_summary_length():
    """Wrapped news: the share of a unit inside the first L body words, and whether it starts there."""
    import numpy as np

    from desk.summarize import core, model

    F = np.zeros((3, len(model.FEATURES)))
    before, words, body = np.array([0, 10, 20]), np.array([10, 10, 10]), np.array([True, True, True])
    share, start = model.FEATURES.index("wrapped_lead_share"), model.FEATURES.index("wrapped_lead_start")
    out = model.with_lead(F, before, words, body, 15.0, wrapped=True)
    assert out[:, share].tolist() == [1.0, 0.5, 0.0] and out[:, start].tolist() == [1.0, 1.0, 0.0]
    assert not model.with_lead(F, before, words, body, 15.0, wrapped=False)[:, [share, start]].any()
    assert not F.any()   # a copy: the document's features are not changed
    doc = core.prepare(segment(ARTICLE))
    assert doc.before[0] == 0 and (np.diff(doc.before) >= 0).all()
