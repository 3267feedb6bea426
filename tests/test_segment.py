"""Segmentation: paragraphs, sentence stops and non-stops, spans, speed, budget splitting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.segment import INVISIBLE, Sentence, paragraph_spans, segment, split_for_budget

# our own news article (never ../shared: the suite must pass in a clone alone)
ARTICLE = Path(__file__).resolve().parent / "fixtures" / "documents" / "news-article.txt"


def texts(text: str) -> list[str]:
    return [s.text for s in segment(text)]


def check_spans(text: str, sentences: list[Sentence]) -> None:
    """The invariants every segmentation keeps, whatever the input."""
    ignorable = set(INVISIBLE)
    covered = bytearray(len(text))
    previous_end = 0
    paragraphs = paragraph_spans(text)
    for i, s in enumerate(sentences):
        assert s.index == i
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.span == (s.start, s.end)
        assert not s.text[0].isspace() and not s.text[-1].isspace()
        assert s.text[0] not in ignorable and s.text[-1] not in ignorable
        ps, pe = paragraphs[s.paragraph]
        assert ps <= s.start and s.end <= pe
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        previous_end = s.end
    # paragraphs are numbered 0, 1, 2 ... with no gaps, in order
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)
    assert sorted({s.paragraph for s in sentences}) == list(range(len(paragraphs)))
    # nothing visible is lost
    for pos, char in enumerate(text):
        if not covered[pos]:
            assert char.isspace() or char in ignorable, (pos, char)


# --- sentence stops ------------------------------------------------------------------------
SPLITS = {
    "arabic period": ("ذهب إلى السوق. ثم عاد إلى البيت.", ["ذهب إلى السوق.", "ثم عاد إلى البيت."]),
    "arabic question mark": ("هل ذهبت؟ نعم ذهبت.", ["هل ذهبت؟", "نعم ذهبت."]),
    "exclamation": ("يا له من يوم! انتهى العمل.", ["يا له من يوم!", "انتهى العمل."]),
    "repeated !!": ("لا أصدق!! حقا؟! نعم.", ["لا أصدق!!", "حقا؟!", "نعم."]),
    "latin ?!": ("Really?! Yes.", ["Really?!", "Yes."]),
    "ellipsis char": ("انتظرنا طويلا… ثم وصلوا.", ["انتظرنا طويلا…", "ثم وصلوا."]),
    "three dots": ("انتظرنا طويلا... ثم وصلوا.", ["انتظرنا طويلا...", "ثم وصلوا."]),
    "spaced dots": ("We waited . . . Then they came.", ["We waited . . .", "Then they came."]),
    "closing straight quote": ('قال: "انتهى الأمر." ثم غادر.', ['قال: "انتهى الأمر."', "ثم غادر."]),
    "closing guillemet": ("قال «انتهى الأمر.» ثم غادر.", ["قال «انتهى الأمر.»", "ثم غادر."]),
    "closing bracket": ("(انتهى الأمر.) ثم غادر.", ["(انتهى الأمر.)", "ثم غادر."]),
    "quote then period": ('قال "انتهى". ثم غادر.', ['قال "انتهى".', "ثم غادر."]),
    "curly quotes": ("He said “done.” Then left.", ["He said “done.”", "Then left."]),
    "quote bracket period": ('(قال "نعم.") ثم غادر.', ['(قال "نعم.")', "ثم غادر."]),
    "space before stop": ("وصل الوفد . وبدأت المحادثات ؟ نعم", ["وصل الوفد .", "وبدأت المحادثات ؟", "نعم"]),
    "glued arabic": ("انتهى الاجتماع.وقال الوزير إن", ["انتهى الاجتماع.", "وقال الوزير إن"]),
    "glued arabic question": ("ماذا حدث؟قال لا شيء", ["ماذا حدث؟", "قال لا شيء"]),
    "glued initial not split": ("قال د.أحمد إن", ["قال د.أحمد إن"]),
    "glued ellipsis not split": ("كلمة…كلمة أخرى", ["كلمة…كلمة أخرى"]),
    "number ends sentence": ("Sales rose to 5. Then they fell.", ["Sales rose to 5.", "Then they fell."]),
    "arabic-indic number ends": ("بلغ العدد ١٢. ثم ارتفع.", ["بلغ العدد ١٢.", "ثم ارتفع."]),
    "url ends sentence": ("Visit https://example.com/a. Then rest.", ["Visit https://example.com/a.", "Then rest."]),
    "no stop": ("جملة بلا علامة", ["جملة بلا علامة"]),
    "only punctuation": ("...", ["..."]),
    "trailing punctuation stays": ('end. "', ['end. "']),
    "leading ellipsis stays": ("... بداية الكلام", ["... بداية الكلام"]),
    "non-arabic sentences": ("https://a.org 2024 OK. 3.5", ["https://a.org 2024 OK.", "3.5"]),
}

NO_SPLITS = {
    "decimal": "بلغ النمو 3.5 في المئة",
    "arabic decimal separator": "بلغ النمو ٣٫٥ في المئة",
    "arabic-indic decimal point": "بلغ النمو ١٢.٥ في المئة",
    "decimal comma": "Growth of 3,5 percent",
    "time": "الاجتماع الساعة 10.30 صباحا",
    "date": "في 1.1.2020 وقع الاتفاق",
    "arabic doctor": "قال د. أحمد إن الوضع جيد",
    "arabic professor": "أ. محمد علي حاضر",
    "arabic prof dr": "أ.د. محمد علي حاضر",
    "arabic m": "كتب م. خالد المقال",
    "arabic po box": "ص.ب. 123 عمان",
    "arabic po box no dot": "ص.ب 123 عمان",
    "arabic bc": "عام 300 ق.م. كانت المدينة",
    "arabic hijri": "عام 1441 هـ. وقعت الحادثة",
    "arabic hijri no tatweel": "عام 1441 ه. وقعت الحادثة",
    "arabic j": "ج. م. ع. دولة",
    "arabic etc": "الخضار والفواكه إلخ. وغيرها",
    "arabic etc no hamza": "الخضار والفواكه الخ. وغيرها",
    "US": "He lives in the U.S. and works there",
    "US uppercase next": "The U.S. President spoke",
    "UK": "The U.K. Government said",
    "Mr": "Mr. Smith arrived",
    "Dr": "Dr. Jones arrived",
    "e.g.": "Fruit, e.g. apples",
    "i.e.": "The first, i.e. the oldest",
    "etc": "Apples, pears etc. are fruit",
    "Jan": "On Jan. 5 they met",
    "No": "Room No. 5 is free",
    "vs": "Iraq vs. Iran match",
    "initial": "J. Smith wrote it",
    "middle initial": "John Q. Public wrote it",
    "Ph.D.": "She has a Ph.D. From Cairo",
    "ellipsis lowercase": "I was... thinking about it",
    "ellipsis in quotes lowercase": '"I was..." he said',
    "quote ! lowercase": '"Stop!" he shouted',
    "quote ? lowercase": '"Really?" she asked',
    "ellipsis between spaces": "قال ... إن الأمر انتهى",
    "omission marker": "قال [...] إن الأمر انتهى",
    "url": "Visit https://www.example.com/a.b?x=1 now",
    "url query": "See http://x.org/?q=a.b!c today",
    "email": "Write to info.desk@example.co.uk please",
    "domain": "المصدر sputniknews.com اليوم",
    "list marker": "1. البند الأول",
    "arabic list marker": "١. البند الأول",
    "list marker after bullet": "- 2. Second item",
    "roman list marker": "IV. Results",
    "letter list marker": "أ. البند الأول",
}


@pytest.mark.parametrize("text,expected", list(SPLITS.values()), ids=list(SPLITS))
def test_sentence_stops(text, expected):
    sentences = segment(text)
    assert [s.text for s in sentences] == expected
    check_spans(text, sentences)


@pytest.mark.parametrize("text", list(NO_SPLITS.values()), ids=list(NO_SPLITS))
def test_not_a_sentence_stop(text):
    assert texts(text) == [text]


@pytest.mark.parametrize("text", list(NO_SPLITS.values()), ids=list(NO_SPLITS))
def test_not_a_stop_inside_a_longer_text(text):
    """The same cases between two real sentences: exactly two boundaries."""
    whole = f"بدأ الاجتماع. {text}. Then it ended."
    assert texts(whole) == ["بدأ الاجتماع.", f"{text}.", "Then it ended."]


def test_list_number_only_counts_at_sentence_start():
    assert texts("1. First item. 2. Second item.") == ["1. First item.", "2. Second item."]
    assert texts("بلغ 3. وأضاف") == ["بلغ 3.", "وأضاف"]


# --- lines and paragraphs ------------------------------------------------------------------
LAYOUTS = {
    "line breaks end sentences": (
        "العنوان بلا نقطة\nأعلنت الوزارة بدء المفاوضات.\nSputnik\nوقالت الوزارة",
        [(0, "العنوان بلا نقطة"), (0, "أعلنت الوزارة بدء المفاوضات."), (0, "Sputnik"), (0, "وقالت الوزارة")],
    ),
    "blank lines separate paragraphs": (
        "عنوان\n\nفقرة أولى. جملة ثانية.\n\n\n   \nفقرة ثانية",
        [(0, "عنوان"), (1, "فقرة أولى."), (1, "جملة ثانية."), (2, "فقرة ثانية")],
    ),
    "crlf": (
        "عنوان\r\nسطر ثان. جملة.\r\n\r\nفقرة",
        [(0, "عنوان"), (0, "سطر ثان."), (0, "جملة."), (1, "فقرة")],
    ),
    "single crlf is one line break": ("a\r\nb", [(0, "a"), (0, "b")]),
    "old mac cr": ("a\rb\r\rc", [(0, "a"), (0, "b"), (1, "c")]),
    "mixed cr crlf": ("a\r\r\nb", [(0, "a"), (1, "b")]),
    "unicode line separator": ("a\u2028b\u2029\u2029c", [(0, "a"), (0, "b"), (1, "c")]),
    "form feed": ("a\fb", [(0, "a"), (0, "b")]),
    "blank line of invisibles": ("a\n\u200f\u200b \nb", [(0, "a"), (1, "b")]),
    "nbsp blank line": ("a\n\u00a0\nb", [(0, "a"), (1, "b")]),
    "leading and trailing blank": ("\n\n  One. Two.  \n\n", [(0, "One."), (0, "Two.")]),
    "indented lines": ("  a\n\tb", [(0, "a"), (0, "b")]),
    "list lines": ("1. الأول\n٢. الثاني\n- ثالث", [(0, "1. الأول"), (0, "٢. الثاني"), (0, "- ثالث")]),
    "bidi marks trimmed": ("\u200fجملة.\u200f \u200fأخرى\u200f", [(0, "جملة."), (0, "أخرى")]),
    "nul and controls": ("a\x00b. C\x01", [(0, "a\x00b."), (0, "C")]),
    "rlm after stop": ("انتهى.\u200f وقال.\u200f\u200fثم", [(0, "انتهى."), (0, "وقال."), (0, "ثم")]),
}


@pytest.mark.parametrize("text,expected", list(LAYOUTS.values()), ids=list(LAYOUTS))
def test_lines_and_paragraphs(text, expected):
    sentences = segment(text)
    assert [(s.paragraph, s.text) for s in sentences] == expected
    check_spans(text, sentences)


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", " \t\n \u00a0\u3000", "\u200f\u200b\n\ufeff"])
def test_empty_and_blank_text(text):
    assert segment(text) == []
    assert paragraph_spans(text) == []


def test_crlf_gives_same_sentences_as_lf():
    lf = "عنوان\n\nجملة أولى. جملة ثانية!\nسطر\n\nفقرة أخيرة؟"
    crlf = lf.replace("\n", "\r\n")
    cr = lf.replace("\n", "\r")
    for variant in (crlf, cr):
        sentences = segment(variant)
        assert [(s.paragraph, s.text) for s in sentences] == [(s.paragraph, s.text) for s in segment(lf)]
        check_spans(variant, sentences)


def test_paragraph_spans():
    text = "  one\ntwo  \n \n\nthree\r\n\r\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == ["one\ntwo", "three"]


def test_sentence_fields_and_model_text():
    text = "عنوان\n\nقال د. أحمد: النمو ٣٫٥.  وأضاف   هذا\u0640\u0640 جيد!"
    sentences = segment(text)
    assert [(s.index, s.paragraph, s.span) for s in sentences] == [(0, 0, (0, 5)), (1, 1, (7, 30)), (2, 1, (32, 50))]
    assert sentences[2].text == "وأضاف   هذا\u0640\u0640 جيد!"
    assert sentences[2].model_text == "وأضاف هذا جيد!"


def test_document_blocks_are_paragraphs():
    """desk.documents joins blocks with a blank line: paragraph i must be block i."""
    blocks = ["عنوان", "فقرة. فيها جملتان.", "سطر\nوسطر آخر", "1. بند\n2. بند", "\u200fنص"]
    sentences = segment("\n\n".join(blocks))
    assert sorted({s.paragraph for s in sentences}) == list(range(len(blocks)))
    for s in sentences:
        assert s.text in blocks[s.paragraph]


# --- the sample article --------------------------------------------------------------------
def test_sample_article_segments_sensibly():
    text = ARTICLE.read_text(encoding="utf-8")
    sentences = segment(text)
    check_spans(text, sentences)
    assert sentences[0].text == "المغرب يطلق خطة وطنية لتحلية مياه البحر في المدن الساحلية"
    assert sentences[0].paragraph == 0
    credit = [s for s in sentences if s.text == "MAP"]
    assert len(credit) == 1 and credit[0].paragraph == 1  # the credit line is its own sentence
    assert sentences[-1].text == "تحلية"
    assert any(s.text.startswith("وقال د. محمد العلوي،") for s in sentences)  # "د." does not end a sentence
    for s in sentences:
        assert s.text[0] not in '.،,"»)'  # closing punctuation stays with the sentence before
        assert "\n" not in s.text
    # quoted statements end with their closing quote
    assert any(s.text.endswith('بالشفافية".') for s in sentences)
    assert any(s.text.endswith('المجاورة لها".') for s in sentences)
    assert len(sentences) == 18
    assert len({s.paragraph for s in sentences}) == len(paragraph_spans(text)) == 12


# --- robustness and speed ------------------------------------------------------------------
TRICKY = list(
    "ab ءاب٣٫.!?؟…،؛:;,\"'«»“”()[]-/@_\n\r\t\f\v\x00\x1c\x85\u00a0\u2028\u2029\u200b\u200f\u202e\u2067\u2069"
    "\u0640\u064b\ufeff\ud800\udfffAZ09١"
) + ["...", ". ", "\r\n", "د. ", "U.S. ", "1. ", "https://x.org/a.b?c ", " و"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=())), max_size=80).map("".join))
def test_any_text_segments_without_error(text):
    check_spans(text, segment(text))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_segments_without_error(text):
    check_spans(text, segment(text))


LINE_CHARS = [c for c in TRICKY if not any(b in c for b in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.lists(st.sampled_from(LINE_CHARS), max_size=12).map("".join), min_size=1, max_size=3),
        min_size=1,
        max_size=5,
    )
)
def test_blank_lines_are_the_only_paragraph_breaks(blocks):
    """Lines with a visible character never break a paragraph; blank lines always do."""
    visible = re.compile(rf"[^\s{re.escape(INVISIBLE)}]")
    blocks = [[line for line in lines if visible.search(line)] for lines in blocks]
    blocks = [lines for lines in blocks if lines]
    text = "\n\n".join("\n".join(lines) for lines in blocks)
    assert len(paragraph_spans(text)) == len(blocks)


ADVERSARIAL = {
    "many stops without words": "! " * 200_000,
    "stops then dashes": "x" + "! -" * 150_000,
    "long dot run": "." * 300_000 + "x",
    "long spaced dot run": ". " * 150_000 + "x",
    "initials": "a. " * 200_000,
    "blank lines": "\n \n" * 200_000,
    "carriage returns": "\r" * 500_000,
    "quotes": '"' * 500_000 + ".",
    "one long line": "كلمة " * 200_000,
}


@pytest.mark.parametrize("text", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_pathological_input_stays_linear(text):
    sentences = segment(text)  # quadratic behaviour would take hours here, not seconds
    assert sum(len(s.text) for s in sentences) <= len(text)


def test_one_megabyte_segments_whole():
    sample = ARTICLE.read_text(encoding="utf-8")
    unit = sample + "\n\nقال د. أحمد إن النمو بلغ 3.5 في المئة. He met Mr. Smith in the U.S. on Jan. 5!\n\n"
    text = unit * (1_000_000 // len(unit.encode()) + 1)
    sentences = segment(text)  # speed: tests/bench/segment_speed.py
    assert len(sentences) > 4000


def test_ten_thousand_sentences():
    text = "هذه جملة قصيرة للاختبار رقم ٣٫٥. " * 10_000
    assert len(segment(text)) == 10_000


# --- split_for_budget ----------------------------------------------------------------------
def words(text: str) -> int:
    return len(text.split())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


BUDGET_SPLITS = {
    "semicolon before comma": (
        "one two three, four five six; seven eight",
        4,
        words,
        ["one two three,", "four five six;", "seven eight"],
    ),
    "arabic semicolon and comma": (
        "الأول الثاني، الثالث الرابع؛ الخامس السادس",
        2,
        words,
        ["الأول الثاني،", "الثالث الرابع؛", "الخامس السادس"],
    ),
    "glued arabic commas": ("أ،ب،ج", 2, len, ["أ،", "ب،", "ج"]),
    "clause word": ("ذهب الرجل إلى السوق واشترى الخبز", 4, words, ["ذهب الرجل إلى السوق", "واشترى الخبز"]),
    "time and decimal comma kept": ("at 10:30 and 3,5 ok", 3, words, ["at 10:30", "and 3,5 ok"]),
    "stop inside sentence first": ("قال د. أحمد إن، الوضع جيد", 3, words, ["قال د.", "أحمد إن،", "الوضع جيد"]),
    "words": ("a b c d e", 2, words, ["a b", "c d", "e"]),
    "characters": ("abcdefg", 3, len, ["abc", "def", "g"]),
    "keeps harakat with letter": ("بَبَبَ", 3, len, ["بَ", "بَ", "بَ"]),
    "fits": ("short text", 5, words, ["short text"]),
}


@pytest.mark.parametrize("text,budget,count,expected", list(BUDGET_SPLITS.values()), ids=list(BUDGET_SPLITS))
def test_split_for_budget(text, budget, count, expected):
    assert split_for_budget(text, budget, count) == expected


@pytest.mark.parametrize("count", [words, len], ids=["words", "chars"])
def test_split_3000_token_sentence(count):
    parts = []
    for i in range(3000):
        word = ["قال", "الوزير", "إن", "المفاوضات", "وأضاف", "K1", "3.5"][i % 7]
        parts.append(word + ("،" if i % 97 == 0 else "") + ("؛" if i % 401 == 0 else ""))
    text = " ".join(parts)
    budget = 200 if count is words else 600
    pieces = split_for_budget(text, budget, count)
    assert len(pieces) > 1
    assert all(0 < count(p) <= budget for p in pieces)
    assert squash(" ".join(pieces)) == squash(text)
    assert all(p in text for p in pieces)


def test_split_100k_characters_without_spaces():
    text = "ب" * 100_000
    pieces = split_for_budget(text, 50, len)
    assert len(pieces) == 2000 and all(len(p) == 50 for p in pieces)
    assert "".join(pieces) == text


def test_split_budget_smaller_than_a_character_still_terminates():
    assert split_for_budget("abc", 0, len) == ["a", "b", "c"]


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab ،؛,;:.؟\n\tبتث") + ["\u064e"]), max_size=200),
    st.integers(min_value=1, max_value=20),
    st.sampled_from([words, len]),
)
def test_split_for_budget_properties(text, budget, count):
    pieces = split_for_budget(text, budget, count)
    if count(text) <= budget:
        assert pieces == [text]
        return
    assert all(count(p) <= budget for p in pieces)
    assert all(p and p == p.strip() and p in text for p in pieces)
    assert squash(" ".join(pieces)) == squash(text)
