"""Property-based fuzzing of the segmenter and the summariser (issue 9).

Any text gives a well-formed result — spans that index the text, pieces within budget,
summary sentences in document order — never an exception, within a time bound.
"""

from __future__ import annotations

import resource
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.segment import paragraph_spans, segment, split_for_budget
from desk.summarize import summarize, summarize_text

CORE_SETTINGS = settings(max_examples=150, deadline=timedelta(seconds=2), database=None,
                         suppress_health_check=[HealthCheck.too_slow])

MEMORY_GROWTH_MB = 512  # a runaway allocation is GBs; the first test of a run also pays for imports


@pytest.fixture(autouse=True)
def _memory_bound():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    yield
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
    assert grown < MEMORY_GROWTH_MB, f"peak RSS grew by {grown:.0f} MB"


ARABIC_WORDS = ["قال", "المتحدث", "إن", "الاجتماع", "سيعقد", "غدا", "في", "العاصمة", "د.", "أ.", "ص.ب",
                "وأضاف", "الوفود", "١٢.", "3.5", "U.S.", "Dr.", "e.g.", "http://x.y/z.html", "a@b.c"]
PUNCT = [".", "؟", "!", "…", "،", "؛", ":", "«", "»", '"', "(", ")", " ", "  ", "\n", "\n\n", "\r\n", "\t",
         "\u2028", "\u2029", "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff", "\x00", "\u0640", "\u064b", ". . ."]
TOKENS = st.sampled_from(ARABIC_WORDS + PUNCT)
NEWSY = st.lists(TOKENS, max_size=300).map(lambda t: " ".join(t) if len(t) % 2 else "".join(t))
ANY_TEXT = st.one_of(st.text(max_size=2000), NEWSY)


@CORE_SETTINGS
@given(text=ANY_TEXT)
def test_segment_spans_index_the_text(text):
    sentences = segment(text)
    last_end, last_para = 0, 0
    for i, s in enumerate(sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text and s.text.strip()
        assert s.start >= last_end and s.end > s.start
        assert s.paragraph >= last_para
        last_end, last_para = s.end, s.paragraph
        assert isinstance(s.model_text, str)
    spans = paragraph_spans(text)
    assert all(a < b for a, b in spans)
    assert {s.paragraph for s in sentences} <= set(range(len(spans)))


@CORE_SETTINGS
@given(text=ANY_TEXT, budget=st.integers(1, 60))
def test_split_for_budget_pieces_fit_and_keep_order(text, budget):
    pieces = split_for_budget(text, budget, len)
    assert all(len(p) <= budget for p in pieces)
    pos = 0
    for piece in pieces:
        found = text.find(piece, pos)
        assert found >= 0, "a piece is not a substring of the text in order"
        pos = found + len(piece)
    if len(text) <= budget:
        assert pieces == [text]


@CORE_SETTINGS
@given(text=ANY_TEXT, budget=st.integers(1, 20))
def test_split_for_budget_with_a_word_count(text, budget):
    count = lambda t: len(t.split())  # noqa: E731 - monotone on substrings only up to whitespace
    pieces = split_for_budget(text, budget, count)
    assert isinstance(pieces, list)


@CORE_SETTINGS
@given(text=ANY_TEXT, n=st.none() | st.integers(1, 10))
def test_summarize_text_any_text(text, n):
    picked = summarize_text(text, n_sentences=n)
    sentences = segment(text)
    indices = [p.index for p in picked]
    assert indices == sorted(set(indices))
    by_index = {s.index: s for s in sentences}
    for p in picked:
        assert p.index in by_index and by_index[p.index].text == p.text
        assert 0.0 <= p.score <= 1.0 + 1e-9
    if n is not None:
        assert len(picked) <= n


@CORE_SETTINGS
@given(items=st.lists(st.text(max_size=120) | NEWSY, max_size=40),
       headline=st.none() | st.text(max_size=60),
       length=st.sampled_from(["n", "ratio", "words", "none"]), value=st.integers(1, 50))
def test_summarize_strings_and_length_options(items, headline, length, value):
    kwargs = {"n": {"n_sentences": value}, "ratio": {"ratio": min(1.0, value / 50)},
              "words": {"words": value}, "none": {}}[length]
    picked = summarize(items, headline=headline, **kwargs)
    assert [p.index for p in picked] == sorted({p.index for p in picked})
    assert all(0 <= p.index < len(items) for p in picked)


@CORE_SETTINGS
@given(text=NEWSY)
def test_summarize_segmented_sentences(text):
    sentences = segment(text)
    picked = summarize(sentences)
    assert {p.paragraph for p in picked} <= {s.paragraph for s in sentences}
