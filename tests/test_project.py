"""desk.project: the Project API, the .tarjama file (round-trip, migration, damage, version),
edits surviving re-translation, undo snapshots, the Arabic edit, save-as, alternatives, confidence.

Translations come from the tiny fixture model and are checked as exact English.
"""

from __future__ import annotations

import dataclasses
import math
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk.documents import Block, Document
from desk.project import (
    Project,
    ProjectDamagedError,
    ProjectError,
    ProjectVersionError,
    Segment,
    Status,
    alternatives,
    confidence,
    recovery,
)
from desk.project.store import APPLICATION_ID, SCHEMA_VERSION
from desk.results import SentenceTranslation


def make_document(corpus, start=0) -> Document:
    """Heading, a two-sentence paragraph, a list item, a table cell and a Latin-only line."""
    (h, _), (a, _), (b, _), (c, _), (d, _) = corpus[start:start + 5]
    return Document("عنوان", (
        Block("heading", h, level=1, source="paragraph 1"),
        Block("paragraph", f"{a} {b}", source="paragraph 2"),
        Block("list_item", c, level=1),
        Block("table_cell", d, cell=(0, 1, 2), source="table 1, row 2, column 3"),
        Block("paragraph", "BBC News 2024"),
    ), path="/nowhere/news.docx", format="docx", lang="ar")


def translate(project: Project, translator, model_id: str = "tiny") -> list:
    return [project.apply_machine(t, model_id) for t in translator.translate_document(project)]


@pytest.fixture
def doc(fixture_corpus) -> Document:
    return make_document(fixture_corpus)


@pytest.fixture
def english(fixture_corpus) -> dict[str, str]:
    return dict(fixture_corpus)


def test_new_project_has_one_untranslated_segment_per_sentence(tmp_path, doc):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        assert project.set_target(0, "").status == Status.UNTRANSLATED  # leaving an empty sentence empty
        assert len(project) == 6 == len(doc.sentences())
        assert not project.is_recovery
        assert [s.source for s in project.segments] == [s.text for s in doc.sentences()]
        assert project.counts()[Status.UNTRANSLATED] == 6 and sum(project.counts().values()) == 6
        for seg in project.segments:
            assert doc.text[seg.span[0]:seg.span[1]] == seg.source
            assert seg.target == "" and seg.confidence is None and seg.created > 0


def test_machine_translation_fills_segments_with_score_and_confidence(tmp_path, doc, english, tiny_translator):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        changed = translate(project, tiny_translator)
        assert all(changed)
        for seg in project.segments[:5]:
            assert seg.status == Status.MACHINE and seg.origin == "tiny"
            assert seg.target == english[seg.source] == seg.machine_target
            assert seg.score <= 0 and 0 < seg.confidence <= 1
        latin = project.segment(5)
        assert latin.status == Status.PASSTHROUGH and latin.target == "BBC News 2024" and latin.confidence is None
        assert project.model_id == "tiny"
        # the same result again changes nothing
        assert all(c is None for c in translate(project, tiny_translator))


def test_round_trip_restores_every_field_and_the_document_without_the_source(tmp_path, doc, tiny_translator):
    path = tmp_path / "a.tarjama"
    with Project.create(doc, path, source_path="/nowhere/news.docx") as project:
        translate(project, tiny_translator)
        project.set_target(1, "My own English.")
        project.confirm(2)
        project.set_alternatives(3, ("one", "two"), (-0.1, -0.2))
        before = project.segments
    with Project.open(path) as again:
        assert again.segments == before
        assert again.document == doc  # blocks, kinds, levels, cells, title, format, lang
        assert again.source_path == "/nowhere/news.docx"
        assert again.segment(3).alternatives == ("one", "two")
        assert again.segment(3).alternative_scores == (-0.1, -0.2)
        assert again.counts()[Status.EDITED] == 1 and again.counts()[Status.CONFIRMED] == 1
    # a closed project is one file (the WAL was folded back)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tarjama"]


def test_edits_and_confirmations_survive_retranslation(tmp_path, doc, english, tiny_translator):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        translate(project, tiny_translator)
        edited = project.set_target(0, "A better headline.")
        confirmed = project.confirm(1)
        project.set_status(2, Status.TM_FUZZY)
        results = translate(project, tiny_translator, "other-model")
        assert results[0] is None and results[1] is None and results[2] is None
        assert project.segment(0) == edited and project.segment(1) == confirmed
        assert project.segment(2).status == Status.TM_FUZZY
        changed = project.apply_machine_many(tiny_translator.translate_document(project), "other-model")
        assert {s.index for s in changed} <= {3, 4, 5}
        assert project.segment(0).target == "A better headline."
        # "re-translate this sentence" on demand does replace the edit
        item = next(t for t in tiny_translator.translate_document(project.sentences([0])))
        forced = project.apply_machine(item, "tiny", force=True)
        assert forced.status == Status.MACHINE and forced.target == english[forced.source]


def test_set_target_confirm_revert_and_statuses(tmp_path, doc, english, tiny_translator):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        translate(project, tiny_translator)
        same = project.set_target(0, project.segment(0).target)
        assert same.status == Status.MACHINE  # unchanged text is not an edit
        project.set_source(4, project.segment(4).source + " إضافة")
        kept = project.set_target(4, project.segment(4).target)  # the old English, accepted as is
        assert kept.status == Status.EDITED
        seg = project.set_target(0, "Edited.")
        assert (seg.status, seg.origin, seg.confidence) == (Status.EDITED, "human", None)
        assert seg.machine_target == english[seg.source]
        assert project.confirm(0).status == Status.CONFIRMED
        back = project.revert_to_machine(0)
        assert back.target == english[back.source] and back.status == Status.MACHINE and back.confidence > 0
        with pytest.raises(ValueError):
            project.set_status(0, "nonsense")
        with pytest.raises(ProjectError, match="no sentence 100"):
            project.segment(99)


def test_restore_puts_back_an_exact_snapshot_and_persists_it(tmp_path, doc, tiny_translator):
    path = tmp_path / "a.tarjama"
    with Project.create(doc, path) as project:
        translate(project, tiny_translator)
        snapshot = project.segment(1)
        project.set_target(1, "Changed.")
        project.confirm(1)
        project.restore(snapshot)
        assert project.segment(1) == snapshot
    with Project.open(path) as again:
        assert again.segment(1) == snapshot


def test_editing_the_arabic_marks_the_sentence_and_moves_the_spans(tmp_path, doc, english, tiny_translator,
                                                                   fixture_corpus):
    path = tmp_path / "a.tarjama"
    new_source = fixture_corpus[40][0]
    with Project.create(doc, path) as project:
        translate(project, tiny_translator)
        old_item = next(iter(tiny_translator.translate_document(project.sentences([1]))))
        before = project.segment(1)
        seg = project.set_source(1, new_source)
        assert seg.status == Status.UNTRANSLATED and seg.source_edited and seg.source == new_source
        assert seg.target == before.target  # the old English stays visible until re-translated
        for s in project.segments:
            assert project.document.text[s.span[0]:s.span[1]] == s.source
        assert project.apply_machine(old_item, "tiny") is None  # a stale result for the old Arabic
        assert [s.index for s in project.untranslated()] == [1]
        fresh = project.apply_machine(next(iter(tiny_translator.translate_document(project.untranslated()))), "tiny")
        assert fresh.target == english[new_source] and fresh.status == Status.MACHINE and fresh.source_edited
        edited_doc = project.document
    with Project.open(path) as again:
        assert again.document == edited_doc and again.segment(1).source == new_source
        for s in again.segments:
            assert again.document.text[s.span[0]:s.span[1]] == s.source
        again.restore(before)  # undo of the Arabic edit: text, spans and document come back
        assert again.segment(1) == before and again.document == doc
    with pytest.raises(ProjectError, match="cannot be empty"), Project.open(path) as third:
        third.set_source(0, "  \n ")


def test_every_change_is_committed_at_once(tmp_path, doc):
    path = tmp_path / "a.tarjama"
    with Project.create(doc, path) as project:
        project.set_target(2, "Committed.")
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = reader.execute("SELECT target, status FROM segments WHERE idx = 2").fetchone()
        reader.close()
        assert row == ("Committed.", "edited")
        mode = project._store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        sync = project._store.conn.execute("PRAGMA synchronous").fetchone()[0]
        assert (mode, sync) == ("wal", 2)  # 2 = FULL


def _v1_file(path, doc: Document) -> None:
    """A project as version 1 of the format wrote it (no confidence, alternatives, machine_target)."""
    conn = sqlite3.connect(path)
    conn.executescript(f"""
        PRAGMA application_id = {APPLICATION_ID};
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version VALUES (1);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE blocks (idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL,
            level INTEGER NOT NULL DEFAULT 0, source TEXT NOT NULL DEFAULT '', cell TEXT);
        CREATE TABLE segments (idx INTEGER PRIMARY KEY, paragraph INTEGER NOT NULL, span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL, origin TEXT NOT NULL DEFAULT '', score REAL NOT NULL DEFAULT 0,
            created REAL NOT NULL, modified REAL NOT NULL);
    """)
    conn.execute("INSERT INTO meta VALUES ('title', ?)", (doc.title,))
    for i, block in enumerate(doc.blocks):
        conn.execute("INSERT INTO blocks (idx, kind, text, level) VALUES (?, ?, ?, ?)",
                     (i, block.kind, block.text, block.level))
    rows = [(0, "machine", "Old machine English.", "m1", -0.25), (1, "edited", "Human English.", "human", 0.0)]
    for (i, status, target, origin, score), s in zip(rows, doc.sentences(), strict=False):
        conn.execute("INSERT INTO segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1.0, 2.0)",
                     (i, s.paragraph, s.start, s.end, s.text, target, status, origin, score))
    conn.commit()
    conn.close()


def test_a_version_1_file_is_migrated(tmp_path):
    doc = Document("t", (Block("paragraph", "جملة أولى. جملة ثانية."),))
    path = tmp_path / "old.tarjama"
    _v1_file(path, doc)
    with Project.open(path) as project:
        first, second = project.segments
        assert first.status == Status.MACHINE and first.machine_target == "Old machine English."
        assert first.confidence == pytest.approx(math.exp(-0.25))
        assert first.alternatives == () and not first.source_edited
        assert second.status == Status.EDITED and second.confidence is None and second.machine_target == ""
        project.set_target(0, "Now editable.")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    conn.close()
    with Project.open(path) as again:
        assert again.segment(0).target == "Now editable."


def test_a_newer_file_is_refused_in_plain_words(tmp_path, doc):
    path = tmp_path / "new.tarjama"
    Project.create(doc, path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectVersionError) as err:
        Project.open(path)
    assert str(err.value) == (f"new.tarjama was saved by a newer Tarjama Desk (project format 99; this version "
                              f"reads up to {SCHEMA_VERSION}); update Tarjama Desk to open it.")
    assert err.value.found == 99


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-sqlite", "empty", "bad-status"])
def test_a_damaged_file_is_a_typed_error(tmp_path, doc, damage):
    path = tmp_path / "bad.tarjama"
    if damage == "garbage":
        path.write_bytes(b"this is not a project" * 100)
    elif damage in ("truncated", "bad-status"):
        Project.create(doc, path).close()
        if damage == "truncated":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 3])
        else:
            conn = sqlite3.connect(path)
            conn.execute("UPDATE segments SET status = 'weird' WHERE idx = 0")
            conn.commit()
            conn.close()
    elif damage == "other-sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (x)")
        conn.commit()
        conn.close()
    else:
        path.write_bytes(b"")
    with pytest.raises(ProjectDamagedError) as err:
        Project.open(path)
    assert str(err.value).startswith("bad.tarjama is damaged or is not a Tarjama Desk project")
    assert "\n" not in str(err.value)
    # the lock was released: a failed open leaves nothing held
    from desk.project.lock import is_locked

    assert not is_locked(path)


def test_missing_file_is_a_project_error(tmp_path):
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(tmp_path / "nope.tarjama")


def test_untitled_project_lives_in_recovery_until_saved(tmp_path, doc, desk_home):
    project = Project.create(doc)
    try:
        assert project.is_recovery and project.path.parent == recovery.recovery_dir()
        project.set_target(0, "Typed before saving.")
        old = project.path
        target = tmp_path / "saved.tarjama"
        project.save_as(target)
        assert project.path == target and not project.is_recovery and not old.exists()
        assert list(recovery.recovery_dir().glob("*.tarjama")) == []
        project.set_target(1, "Typed after saving.")
        with pytest.raises(ProjectError, match="already open"):
            Project.open(target)
    finally:
        project.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["saved.tarjama"]  # journal folded back
    with Project.open(target) as again:
        assert [again.segment(0).target, again.segment(1).target] == ["Typed before saving.", "Typed after saving."]
    assert recovery.left_open() == []


def test_no_recovery_folders_are_created_below_a_missing_home(tmp_path, doc, monkeypatch):
    monkeypatch.setenv("DESK_HOME", str(tmp_path / "missing" / "home"))
    with pytest.raises(ProjectError, match="untitled project: the home folder .* does not exist"):
        Project.create(doc)
    with Project.create(doc, tmp_path / "a.tarjama") as project:  # a saved project works, without its marker
        assert project.set_target(0, "Still saved.").target == "Still saved."
    assert not (tmp_path / "missing").exists()


def test_save_as_keeps_permissions_of_a_replaced_file(tmp_path, doc):
    target = tmp_path / "shared.tarjama"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        project.save_as(target)
    assert target.stat().st_mode & 0o777 == 0o640
    with Project.open(target) as again:
        assert len(again) == 6


def test_discard_deletes_only_an_untitled_copy(tmp_path, doc):
    untitled = Project.create(doc)
    path = untitled.path
    untitled.discard()
    assert not path.exists()
    saved = Project.create(doc, tmp_path / "keep.tarjama")
    saved.discard()
    assert (tmp_path / "keep.tarjama").exists()


def test_discarding_a_left_open_copy_removes_every_sidecar(doc, desk_home):
    Project.create(doc).close()  # an untitled copy stays in recovery/ until saved or discarded
    (entry,) = recovery.left_open()
    for suffix in ("-wal", "-shm", "-journal"):  # what a crash can leave next to it
        Path(f"{entry.path}{suffix}").write_bytes(b"")
    recovery.discard(entry)
    assert list(recovery.recovery_dir().glob(f"{entry.path.name}*")) == []


def test_read_only_snapshot_works_while_locked_and_refuses_changes(tmp_path, doc):
    path = tmp_path / "a.tarjama"
    with Project.create(doc, path) as project:
        project.set_target(0, "Visible to readers.")
        with Project.open(path, read_only=True) as reader:
            assert reader.read_only and reader.segment(0).target == "Visible to readers."
            with pytest.raises(ProjectError, match="read-only"):
                reader.set_target(0, "No.")
        project.set_target(1, "Still writable.")


def test_closed_project_refuses_changes(tmp_path, doc):
    project = Project.create(doc, tmp_path / "a.tarjama")
    project.close()
    with pytest.raises(ProjectError, match="closed"):
        project.set_target(0, "x")


def test_translations_carry_final_english_and_status(tmp_path, doc, english, tiny_translator):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        translate(project, tiny_translator)
        project.set_target(0, "Mine.")
        project.confirm(1)
        items = project.translations()
        assert isinstance(items[0], SentenceTranslation)
        assert [(t.target, t.status) for t in items[:2]] == [("Mine.", "edited"), (english[items[1].source],
                                                                                  "confirmed")]
        assert items[5].passthrough and items[5].status == "passthrough"
        assert items[2].confidence == project.segment(2).confidence and items[2].origin == "tiny"


def test_alternatives_for_one_sentence(tmp_path, doc, english, tiny_translator):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        source = project.segment(1).source
        found = alternatives(tiny_translator, source, n=4)
        assert 1 <= len(found) <= 4
        texts = [t for t, _ in found]
        assert texts[0] == english[source] and len(set(texts)) == len(texts)
        assert all(s <= 0 for _, s in found) and [s for _, s in found] == sorted((s for _, s in found), reverse=True)
        seg = project.set_alternatives(1, texts[1:], [s for _, s in found[1:]])
        assert seg.alternatives == tuple(texts[1:])
        assert alternatives(tiny_translator, "BBC 2024") == [("BBC 2024", 0.0)]


def test_confidence_is_a_0_to_1_figure_from_the_mean_log_prob():
    assert confidence.from_score(0.0, 10) == 1.0
    assert confidence.from_score(math.log(0.5), 10) == pytest.approx(0.5)
    assert confidence.from_score(-0.1, 10) > confidence.from_score(-1.0, 10) > confidence.from_score(-5, 10) > 0
    assert confidence.from_score(float("-inf"), 5) == 0.0 and confidence.from_score(float("nan"), 5) == 0.0
    # a one-word output is pulled towards 0.5 (one confident token says little)
    assert confidence.from_score(math.log(0.9), 1) == pytest.approx(0.7)
    assert confidence.is_low(0.3) and not confidence.is_low(0.9) and not confidence.is_low(None)
    assert 0 < confidence.LOW_CONFIDENCE_DEFAULT < 1


def test_segment_is_an_immutable_snapshot():
    seg = Segment(0, 0, (0, 3), "abc", "", Status.UNTRANSLATED)
    with pytest.raises(dataclasses.FrozenInstanceError):
        seg.target = "x"
    assert Status("tm-exact") is Status.TM_EXACT and str(Status.MACHINE) == "machine"


def test_replace_all_is_one_transaction_and_undoes_as_one(tmp_path, doc, tiny_translator):
    path = tmp_path / "a.tarjama"
    with Project.create(doc, path) as project:
        translate(project, tiny_translator)
        before = project.segments
        changes = {0: "One.", 2: "Two.", 3: before[3].target}  # the last one is no change
        changed = project.set_targets(changes)
        assert [s.index for s in changed] == [0, 2]
        assert all(s.status == Status.EDITED and s.origin == "human" for s in changed)
        assert project.segment(3) == before[3]
        project.restore_many([before[0], before[2]])
        assert project.segments == before
        tm = project.set_target(4, "From the memory.", status=Status.TM_FUZZY, origin="tm")
        assert (tm.status, tm.origin) == (Status.TM_FUZZY, "tm")
        assert project.apply_machine(next(iter(tiny_translator.translate_document(project.sentences([4])))),
                                     "tiny") is None
    with Project.open(path) as again:
        assert again.segment(0) == before[0] and again.segment(4).status == Status.TM_FUZZY


_WORDS = ["كلمة", "جديدة", "في", "العاصمة", "اليوم", "٢٠٢٤", "«قال»", "،", "؟"]


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.integers(0, 5), st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6)),
                      min_size=1, max_size=8))
def test_arabic_edits_keep_spans_document_and_file_in_step(tmp_path_factory, fixture_corpus, edits):
    doc = make_document(fixture_corpus, start=20)
    path = tmp_path_factory.mktemp("prop") / "p.tarjama"
    with Project.create(doc, path) as project:
        history = []
        for index, words in edits:
            history.append(project.segment(index))
            project.set_source(index, " ".join(words) + ".")
            text = project.document.text
            assert all(text[s.span[0]:s.span[1]] == s.source for s in project.segments)
        state, document = project.segments, project.document
    with Project.open(path) as again:
        assert again.segments == state and again.document == document
        for snapshot in reversed(history):  # undo everything, newest first
            again.restore(snapshot)
        assert again.document == doc
        assert [s.source for s in again.segments] == [s.text for s in doc.sentences()]


def test_benchmark_script_runs_small(tmp_path, capsys):
    """Keeps tests/bench/project_bench.py from rotting (no timing asserted)."""
    import argparse

    from bench import project_bench

    project_bench.bench(argparse.Namespace(sentences=40, edits=5, dir=str(tmp_path)))
    out = capsys.readouterr().out
    assert "build 40 sentences" in out and "open: median" in out and "commit one edit: median" in out


def test_read_only_open_migrates_in_memory_and_leaves_the_file_alone(tmp_path):
    doc = Document("t", (Block("paragraph", "جملة أولى. جملة ثانية."),))
    path = tmp_path / "old.tarjama"
    _v1_file(path, doc)
    before = path.read_bytes()
    with Project.open(path, read_only=True) as project:
        assert project.segment(0).machine_target == "Old machine English."
    assert path.read_bytes() == before


def test_save_as_into_a_missing_folder_is_a_project_error_and_keeps_the_project(tmp_path, doc):
    with Project.create(doc) as project:
        project.set_target(0, "Kept.")
        with pytest.raises(ProjectError, match="^Cannot save x.tarjama: "):
            project.save_as(tmp_path / "no" / "such" / "x.tarjama")
        assert project.is_recovery and project.set_target(1, "Still working.").target == "Still working."
    with pytest.raises(ProjectError, match="^Cannot write y.tarjama: "):
        Project.create(doc, tmp_path / "missing" / "y.tarjama")


def test_a_failing_write_is_a_project_error_and_changes_nothing(tmp_path, doc):
    with Project.create(doc, tmp_path / "a.tarjama") as project:
        before = project.segment(0)
        project._store.conn.execute("CREATE TRIGGER no_writes BEFORE UPDATE ON segments "
                                    "BEGIN SELECT RAISE(ABORT, 'disk is read-only'); END")
        project._store.conn.execute("CREATE TRIGGER no_inserts BEFORE INSERT ON segments "
                                    "BEGIN SELECT RAISE(ABORT, 'disk is read-only'); END")
        with pytest.raises(ProjectError, match="^Cannot save a.tarjama: disk is read-only.$"):
            project.set_target(0, "Lost?")
        assert project.segment(0) == before  # memory follows the file: not changed either
        project._store.conn.execute("DROP TRIGGER no_writes")
        project._store.conn.execute("DROP TRIGGER no_inserts")
        assert project.set_target(0, "Saved.").target == "Saved."


def test_machine_drafts_are_the_unreviewed_machine_sentences(tmp_path, doc, tiny_translator):
    with Project.create(doc, tmp_path / "d.tarjama") as project:
        translate(project, tiny_translator)
        project.confirm(0)
        project.set_target(1, "Mine.")
        drafts = [s.index for s in project.machine_drafts()]
        others = [s.index for s in project.segments if s.index not in (0, 1) and s.status != Status.PASSTHROUGH]
        assert drafts == others and drafts   # not the confirmed, edited or copied-through ones
        assert project.untranslated() == []


def test_a_lone_surrogate_is_stored_as_a_replacement_character(tmp_path, doc):
    """A command-line argument of invalid bytes or a broken paste must not stop the save."""
    with Project.create(doc, tmp_path / "s.tarjama") as project:
        assert project.set_target(0, "bad \ud800 text").target == "bad \ufffd text"
        assert "\ufffd" in project.set_source(1, "نص \udcff عربي").source
    with Project.open(tmp_path / "s.tarjama") as again:
        assert again.segment(0).target == "bad \ufffd text"
