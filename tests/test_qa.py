"""QA checks: every check with a case it must flag and a close case it must leave alone."""

from __future__ import annotations

import pytest

from desk.glossary import Term, TermMatcher
from desk.qa import CHECK_IDS, Pair, iter_issues, numbers, run_checks
from desk.results import SentenceTranslation

AR = "قالت الحكومة إن الوضع جيد في المدينة اليوم."
EN = "The government said the situation in the city was good today."


def _checks(source, target, **options):
    return [i.check for i in run_checks([(source, target)], **options)]


CASES = [  # (check id, Arabic, English that must be flagged, English that must pass)
    ("numbers", "بلغت نسبة المشاركة 62 في الانتخابات.", "Turnout in the elections reached 26.",
     "Turnout in the elections reached 62."),
    ("numbers", "صوّت ١٢٠ نائبا لصالح القرار مقابل ٣٥ نائبا.", "120 MPs voted for it and 53 against.",
     "120 MPs voted for the resolution and 35 voted against it."),
    ("numbers", "بلغ النمو ٣٫٥ في الربع الأول.", "Growth reached 3.6 in the first quarter.",
     "Growth reached 3.5 in the first quarter."),
    ("numbers", "بلغت قيمة الصفقة ١٬٢٠٠ مليون دولار.", "The deal was worth 1,300 million dollars.",
     "The deal was worth 1,200 million dollars."),
    ("numbers", "وصل ۲۴ وفدا إلى المؤتمر.", "42 delegations reached the conference.",          # Persian digits
     "24 delegations reached the conference."),
    ("numbers", "أعلن الوزير 5 حقائب جديدة للحكومة.", "The minister announced new portfolios.",
     "The minister announced five new portfolios."),
    ("percent", "فاز المرشح بنسبة ٥٤٪ من الأصوات.", "The candidate won 54 of the votes.",
     "The candidate won 54% of the votes."),
    ("percent", "ارتفع التضخم إلى 7 في المئة هذا العام.", "Inflation rose to 7 this year.",
     "Inflation rose to 7 percent this year."),
    ("arabic-in-english", AR, "The government said the situation in المدينة was good today.", EN),
    ("empty", AR, "   ", EN),
    ("untranslated", AR, AR, EN),
    ("untranslated", AR, "قالت الحكومة إن الوضع جيد in the city.", "The government (الحكومة) said all is well today."),
    ("length-ratio", AR, "Good.", EN),
    ("length-ratio", AR, EN * 4, EN + " It added nothing more on the matter."),
    ("repeated-word", AR, "The government said the the situation was good today.",
     "The government said that that situation was good today."),
    ("brackets", AR, "The government said (the situation was good today.",
     "The government said (the situation) was good today."),
    ("brackets", AR, "The government said the situation was good] today.",
     "The government said [the situation] was good today."),
    ("quotes", AR, 'The government said "the situation was good today.',
     'The government said "the situation was good" today.'),
    ("quotes", AR, "The government said “the situation was good today.",
     "The government said “the situation was good” today."),
    ("arabic-punctuation", AR, "The government said the situation was good، today.", EN),
    ("arabic-punctuation", AR, "Was the situation good today؟", "Was the situation good today?"),
]


@pytest.mark.parametrize("check, source, bad, good", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_check_flags_the_bad_and_passes_the_good(check, source, bad, good):
    assert check in _checks(source, bad)
    assert check not in _checks(source, good)


def test_every_check_id_has_a_case():
    assert {c[0] for c in CASES} | {"glossary"} == set(CHECK_IDS)


def test_glossary_violation_with_fix_and_spans():
    matcher = TermMatcher([Term("وزارة الخارجية", "Foreign Ministry", glossary="news")])
    source = "وأكدت وزارةُ الخارجية الخبر."
    (issue,) = run_checks([(source, "The State Department confirmed the news.")], glossary=matcher)
    assert issue.check == "glossary" and issue.fix == "Foreign Ministry"
    assert source[slice(*issue.source_span)] == "وزارةُ الخارجية"
    assert "(glossary news)" in issue.message
    assert run_checks([(source, "The Foreign Ministry's statement confirmed the news.")], glossary=matcher) == []


def test_numbers_are_values_across_scripts_and_separators():
    assert [v for v, _, _ in numbers("٣٫٥ و ١٬٢٠٠ و 1,200.50 و 3,5 و ۰۷")] == ["3.5", "1200", "1200.5", "3.5", "7"]
    assert [p for _, _, p in numbers("نسبة ٥٤٪ و 7 في المئة و 8 بالمائة و 9")] == [True, True, True, False]
    assert _checks("وقعت الاتفاقية في ٣ يونيو/حزيران ٢٠٢٤.", "The agreement was signed on 3 June 2024.") == []


def test_extra_number_in_english_is_flagged():
    issues = run_checks([("قال الوزير إن الوضع جيد.", "The minister said 300 things were good.")])
    assert [(i.check, i.span) for i in issues] == [("numbers", (18, 21))]


def test_ignored_issues_stay_ignored_per_sentence():
    pairs = [("بلغت النسبة 62.", "It reached 26."), ("بلغت النسبة 62.", "It reached 26.")]
    assert [(i.sentence, i.check) for i in run_checks(pairs)] == [(0, "numbers"), (1, "numbers")]
    assert [(i.sentence, i.check) for i in run_checks(pairs, ignore={(0, "numbers")})] == [(1, "numbers")]


def test_sentence_translations_and_check_selection():
    items = [SentenceTranslation(0, 7, (0, 10), "بلغت النسبة 62.", "It reached 26 ( today.")]
    assert {(i.sentence, i.check) for i in run_checks(items)} == {(7, "numbers"), (7, "brackets")}
    assert [i.check for i in run_checks(items, checks={"brackets"})] == ["brackets"]
    assert [i.check for i in run_checks([("فاز بنسبة ٥٤٪.", "He won 54.")], checks={"percent"})] == ["percent"]
    assert run_checks([("فاز بنسبة ٥٤٪.", "He won 45%.")], checks={"percent"}) == []
    assert [i.check for i in run_checks([Pair(3, AR, EN)])] == []


def test_cancel_stops_between_sentences():
    calls = iter([False, True])
    issues = list(iter_issues([("بلغت 1.", "It was 2."), ("بلغت 1.", "It was 2.")], cancel=lambda: next(calls)))
    assert [i.sentence for i in issues] == [0]


def test_fixture_corpus_is_clean():
    """251 hand-checked pairs (numbers in words and duals, codes like G20, 2-1 scores): no false alarm."""
    from conftest import FIXTURE_DIR

    lines = (FIXTURE_DIR / "corpus.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [tuple(line.split("\t")) for line in lines if line.strip()]
    assert run_checks(pairs) == []


def test_small_english_number_is_flagged_when_the_arabic_uses_digits():
    assert _checks("فاز الأهلي بهدفين.", "Al Ahly won 2-0.") == []
    assert _checks("فاز الأهلي 2 مقابل 0.", "Al Ahly won 3-0.") == ["numbers"]
