"""Translation memory: Arabic-aware exact and fuzzy matching, projects, origins, no table scans."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desk.errors import DeskError
from desk.tm import TranslationMemory, TranslationUnit, normalize_for_match
from desk.tm.normalize import reference_normalize
from desk.tm.store import source_diffs

AR = "أعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب."
EN = "The prime minister announced a cabinet reshuffle covering five portfolios."
AR2 = "وصل وزير الخارجية إلى القاهرة في زيارة رسمية تستغرق يومين."
EN2 = "The foreign minister arrived in Cairo on an official two-day visit."


@pytest.fixture
def memory(tmp_path):
    with TranslationMemory(tmp_path / "memory.sqlite") as tm:
        tm.add(AR, EN)
        tm.add(AR2, EN2)
        yield tm


@pytest.mark.parametrize("variant", [
    "أعلنَ رئيسُ الوزراءِ عن تعديلٍ وزاريٍّ يشملُ خمسَ حقائبَ.",   # diacritics
    "اعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب.",            # bare alef
    "أعلـــن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب.",          # tatweel
    "أعلن  رئيس الوزراء\tعن تعديل وزاري يشمل خمس حقائب .",          # spaces
])
def test_exact_match_ignores_spelling_variants(memory, variant):
    matches = memory.lookup(variant)
    assert matches[0].exact and matches[0].similarity == 100.0
    assert matches[0].target == EN
    assert matches[0].status == "tm-exact"


def test_digits_and_arabic_punctuation_fold(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        tm.add("فاز المرشح بنسبة ٥٤٫٥٪ من الأصوات، وفق اللجنة.", "The candidate won 54.5% of the vote.")
        assert tm.exact("فاز المرشح بنسبة 54.5% من الأصوات, وفق اللجنة.")
        assert tm.exact("فاز المرشح بنسبة ۵۴٫۵٪ من الأصوات، وفق اللجنة.")  # Persian digits
        assert not tm.exact("فاز المرشح بنسبة 45.5% من الأصوات، وفق اللجنة.")


def test_question_is_not_the_same_sentence_as_a_statement(memory):
    question = AR[:-1] + "؟"
    assert not memory.exact(question)
    fuzzy = memory.lookup(question)
    assert fuzzy and not fuzzy[0].exact and 95 <= fuzzy[0].similarity < 100


def test_fuzzy_match_with_clitic_and_changed_word(memory):
    matches = memory.lookup("وأعلن رئيس الوزراء عن تعديل وزاري يشمل ست حقائب.")
    assert matches, "a one-word change plus a clitic must still be found"
    best = matches[0]
    assert not best.exact and best.status == "tm-fuzzy"
    assert 85 <= best.similarity < 100
    assert best.target == EN
    assert ("replace", "ست", "خمس") in [(d.op, d.ours, d.theirs) for d in best.diffs]


def test_fuzzy_finds_sentence_through_a_clitic_on_its_rarest_word(memory):
    matches = memory.lookup("وصل وزير الخارجية إلى القاهرة في زيارة رسمية.")
    assert matches and matches[0].target == EN2
    assert [d.op for d in matches[0].diffs] == ["insert"]


def test_threshold_and_unrelated_sentences(memory):
    assert memory.lookup("ارتفعت أسعار النفط في الأسواق العالمية اليوم.") == []
    near = "وصل وزير الخارجية إلى الرياض في زيارة."
    assert memory.lookup(near, threshold=95) == []
    assert memory.lookup(near, threshold=60)[0].target == EN2


def test_project_units_are_seen_only_in_their_project_and_win_there(memory):
    memory.add(AR, "The PM announced a reshuffle of five portfolios.", project="ministry")
    assert [m.target for m in memory.exact(AR)] == [EN]
    inside = memory.exact(AR, project="ministry")
    assert [m.target for m in inside] == ["The PM announced a reshuffle of five portfolios.", EN]
    assert memory.stats()["projects"] == {"(global)": 2, "ministry": 1}


def test_machine_translation_never_replaces_human_work(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        assert tm.add(AR, EN, origin="machine")
        assert not tm.add(AR, EN)  # the same pair, confirmed by a human: upgraded, not duplicated
        assert [u.origin for u in tm.units()] == ["human"]
        tm.add(AR, EN, origin="machine")
        assert [u.origin for u in tm.units()] == ["human"]
        tm.add(AR2, EN2, origin="machine")
        assert tm.exact(AR2, human_only=True) == []
        assert tm.stats()["machine"] == 1


def test_batch_with_machine_and_human_copies_keeps_the_human_one(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        added = tm.add_many([TranslationUnit(AR, EN, "machine"), TranslationUnit(AR, EN, "human"),
                             TranslationUnit("", "empty source"), TranslationUnit(AR2, " ")])
        assert added == 1
        assert [(u.source, u.origin) for u in tm.units()] == [(AR, "human")]
        assert len(tm.lookup("وأعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب.")) == 1  # indexed once


def test_bad_origin_is_refused(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as tm, pytest.raises(ValueError):
        tm.add(AR, EN, origin="robot")


def test_lookups_never_scan_the_units_table(memory):
    statements = []
    memory._db.set_trace_callback(statements.append)
    memory.lookup("وأعلن رئيس الوزراء عن تعديل وزاري يشمل ست حقائب.", project="p")
    memory.lookup(AR)
    memory._db.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) >= 3
    for sql in selects:
        plan = " | ".join(row[3] for row in memory._db.execute("EXPLAIN QUERY PLAN " + sql))
        assert "SCAN units " not in plan + " " and not plan.endswith("SCAN units"), (sql, plan)
        assert "USING" in plan or "VIRTUAL TABLE" in plan, (sql, plan)


def test_damaged_memory_file_is_a_plain_error(tmp_path):
    bad = tmp_path / "memory.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DeskError, match="cannot be opened"):
        TranslationMemory(bad)


def test_open_existing_creates_nothing(tmp_path):
    assert TranslationMemory.open_existing(tmp_path / "none.sqlite") is None
    assert not (tmp_path / "none.sqlite").exists()


def test_normalize_for_match_keeps_meaning_folds_form():
    assert normalize_for_match("قالَ «نعم» ، ٣٫٥٪ ؟") == 'قال "نعم", 3.5%?'
    assert normalize_for_match("مدرسة") != normalize_for_match("مدرس")


def test_source_diffs_are_word_level():
    diffs = source_diffs("قال الوزير اليوم", "قال الرئيس اليوم أمس")
    assert [(d.op, d.ours, d.theirs) for d in diffs] == [("replace", "الوزير", "الرئيس"), ("insert", "", "أمس")]


_POOL = ("ابتثجحخدذرزسشصضطظعغفقكلمنهوية أإآٱؤئىءة" "\u064b\u064c\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
         "٠١٢٣٤٥٦٧٨٩۰۴۵٫٬٪،؛؟«»“”‘’–—…" ".,;:?!%()[]{}\"' \t\n\u00a0\u2009"
         "\u200f\u200e\u202b\u2067\u200b\u200d\ufeff\u00ad"
         "ﻻﷲﺍﺑ" "AbcİẞΣ123")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_POOL, max_size=60))
@example("\ufdf2" * 13)        # NFKC makes one long word of a ligature repeated (the model reader cuts it)
@example("ب" * 49)
@example("بَ" * 30 + " كتاب")   # the cut counts diacritics, which matching then drops
def test_fast_normalisation_equals_the_plain_composition(text):
    """normalize_for_match compiles normalize_arabic's rules into one pass: it must not drift from them."""
    assert normalize_for_match(text) == reference_normalize(text)


def test_large_batches_go_through_the_writer_thread(tmp_path):
    units = [TranslationUnit(f"{AR[:-1]} رقم {i}.", f"{EN} No. {i}.") for i in range(23)]
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        assert tm.add_many(units, batch=5) == 23
        assert tm.add_many(units + [TranslationUnit(AR2, EN2)], batch=5) == 1
        assert tm.stats()["units"] == 24
        assert tm.exact(f"{AR[:-1]} رقم 17.")[0].target == f"{EN} No. 17."


def test_a_read_only_memory_is_a_plain_error(tmp_path):
    path = tmp_path / "m.sqlite"
    with TranslationMemory(path) as tm:
        tm.add(AR, EN)
    import sqlite3

    with TranslationMemory(path) as tm:
        tm._db.close()
        tm._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        with pytest.raises(DeskError, match="Cannot write to the translation memory"):
            tm.add(AR2, EN2)


def test_sentences_of_frequent_words_are_found_through_runs_of_three(tmp_path, monkeypatch):
    """When every word is frequent, the unit sharing the most runs of three query words wins."""
    from desk.tm import store

    monkeypatch.setattr(store, "RARE_POSTINGS", 2)
    monkeypatch.setattr(store, "CANDIDATES", 2)
    words = "قال الوزير إن الحكومة ستعقد اجتماعا مع الوفد في العاصمة".split()
    fillers = "صباح مساء أمس غدا لاحقا سريعا".split()
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        for k in range(6):  # each unit lacks three consecutive words of the original
            missing = {k, k + 1, k + 2}
            tm.add(" ".join(fillers[k] if i in missing else w for i, w in enumerate(words)) + ".", f"partial {k}")
        tm.add(" ".join(words) + ".", "the original")
        query = " ".join(words[:-1] + ["المدينة"]) + "."
        assert all(tm._db.execute("SELECT count(*) FROM units_fts WHERE units_fts MATCH ?",
                                  (f'"{t}"',)).fetchone()[0] > 2 for t in ("قال", "وزير", "حكوم"))
        matches = tm.lookup(query)
        assert matches and matches[0].target == "the original"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_POOL, max_size=12), max_size=8))
def test_token_cache_gives_the_plain_composition_even_when_it_starts_again(words):
    """Sentences are normalised from remembered tokens; a full cache starts again without changing a result."""
    from desk.tm import normalize

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(normalize, "_TOKENS_MAX", 3)
        patch.setattr(normalize, "_TOKENS", normalize._TokenCache())
        for text in (" ".join(words), "\u00a0".join(words)):  # (words of at most 48 letters, as the reference cuts)
            norm, terms = normalize.analyse(text)
            assert norm == normalize_for_match(text) == reference_normalize(text)
            assert set(terms.split()) == set(normalize.index_terms(norm))
            assert len(normalize._TOKENS) <= 3
    assert normalize.analyse("قال في البيت في المدينة في")[1] == "قال في بيت مدين"  # a repeat is indexed once


def test_many_chunks_in_one_batch_index_each_unit_as_itself(tmp_path):
    """The writer stores a batch as multi-row INSERTs with ids counted from the batch's start: every unit
    must be indexed under its own id, and a repeat later in the batch must refresh the first copy."""
    sources = [f"{AR[:-1]} والجلسة رقم {i} في مدينة المدينة{i}." for i in range(17)]
    units = [TranslationUnit(s, f"Session {i}.", "machine", changed=f"2024010{i % 9 + 1}T000000Z")
             for i, s in enumerate(sources)]
    units.insert(14, TranslationUnit(sources[2], "Session 2.", "human", changed="20250101T000000Z"))  # 2nd batch
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        tm._chunk = 4
        assert tm.add_many(units, batch=11) == 17
        assert tm._db.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)  # the bulk setting is undone
        for i, source in enumerate(sources):
            best = tm.fuzzy(source[:-1] + " اليوم.", threshold=60)[0]
            assert best.target == f"Session {i}.", i
        (repeat,) = [u for u in tm.units() if u.target == "Session 2."]
        assert (repeat.origin, repeat.changed) == ("human", "20250101T000000Z")
        assert tm.add_many(units[:5], batch=11) == 0 and tm.stats()["units"] == 17


def test_a_lone_surrogate_is_stored_as_a_replacement_character(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as tm:
        assert tm.add(AR, "bad \ud800 text")
        assert tm.exact(AR)[0].target == "bad \ufffd text"
