"""The memory inside a project: confirmed sentences stored, exact fills (tm-exact), fuzzy offers
(tm-fuzzy), QA ignores kept in the file (schema 3, migrated from 2), `desk qa/translate` on projects."""

from __future__ import annotations

import sqlite3

from desk.cli import main
from desk.documents import Block, Document
from desk.project import Project, Status
from desk.project.store import SCHEMA_VERSION
from desk.tm import TranslationMemory
from desk.tm import project_link as tm


def _doc(*sentences: str) -> Document:
    return Document("news", tuple(Block("paragraph", s) for s in sentences))


def _translate(project, translator):
    project.apply_machine_many(translator.translate_document(project.untranslated(), beam_size=1), "tiny")


def test_a_confirmed_sentence_fills_the_next_identical_one_and_is_offered_for_a_similar_one(
        tmp_path, tiny_translator, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[10:12]
    similar = " ".join(a.split()[:-1])  # one word fewer
    memory = TranslationMemory(tmp_path / "memory.sqlite")
    with Project.create(_doc(a, b), tmp_path / "one.tarjama") as first:
        _translate(first, tiny_translator)
        assert first.segment(0).target == ea
        first.set_target(0, "The confirmed English.")
        assert tm.confirm(first, 0, memory).status == Status.CONFIRMED
        assert tm.fill_exact(first, memory) == []  # nothing untranslated is left to fill
        stored = memory.exact(a, project="news")
        assert [(u.target, u.unit.project, u.unit.origin) for u in stored] == [("The confirmed English.", "news",
                                                                               "human")]
    with Project.create(_doc(b, a, similar), tmp_path / "two.tarjama") as second:
        filled = tm.fill_exact(second, memory)
        assert [(s.index, s.status, s.origin, s.target) for s in filled] == [
            (1, Status.TM_EXACT, "tm", "The confirmed English.")]
        assert [s.index for s in second.untranslated()] == [0, 2]  # only these go to the engine
        _translate(second, tiny_translator)
        assert second.segment(1).target == "The confirmed English."  # the machine did not overwrite it
        assert second.segment(0).target == eb
        offers = tm.offers(second, 2, memory, threshold=75)
        assert len(offers) == 1 and not offers[0].exact and 75 <= offers[0].similarity < 100
        assert [d.op for d in offers[0].diffs] == ["insert"]  # the stored source has one more word
        assert tm.offers(second, 2, memory, threshold=100) == []
        taken = tm.take(second, 2, offers[0])
        assert (taken.status, taken.origin, taken.target) == (Status.TM_FUZZY, "tm", "The confirmed English.")
    with Project.open(tmp_path / "two.tarjama") as again:
        assert [s.status for s in again.segments] == [Status.MACHINE, Status.TM_EXACT, Status.TM_FUZZY]
    memory.close()


def test_an_unconfirmed_sentence_is_not_remembered(tmp_path, fixture_corpus):
    (a, _), = fixture_corpus[12:13]
    with TranslationMemory(tmp_path / "m.sqlite") as memory, Project.create(_doc(a), tmp_path / "p.tarjama") as p:
        p.set_target(0, "Only edited.")
        assert tm.remember(p, 0, memory) is False
        assert memory.stats()["units"] == 0


def test_qa_ignores_are_kept_in_the_project(tmp_path, fixture_corpus):
    (a, _), = fixture_corpus[13:14]
    with Project.create(_doc(a), tmp_path / "p.tarjama") as project:
        assert project.qa_ignores() == set()
        project.set_qa_ignored(0, "numbers")
        project.set_qa_ignored(0, "numbers")
        project.set_qa_ignored(0, "repeated")
        project.set_qa_ignored(0, "repeated", False)
    with Project.open(tmp_path / "p.tarjama") as project:
        assert project.qa_ignores() == {(0, "numbers")}


def test_a_version_2_project_is_migrated_to_keep_qa_ignores(tmp_path, fixture_corpus):
    (a, _), = fixture_corpus[14:15]
    path = tmp_path / "v2.tarjama"
    with Project.create(_doc(a), path) as project:
        project.set_target(0, "Kept.")
    conn = sqlite3.connect(path)  # make it a file as format 2 wrote it
    conn.executescript("DROP TABLE qa_ignores; DELETE FROM schema_version; INSERT INTO schema_version VALUES (2);")
    conn.close()
    with Project.open(path) as project:
        assert project.segment(0).target == "Kept." and project.qa_ignores() == set()
        project.set_qa_ignored(0, "length")
    conn = sqlite3.connect(path)
    assert SCHEMA_VERSION == 3
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(3,)]
    assert conn.execute("SELECT * FROM qa_ignores").fetchall() == [(0, "length")]
    conn.close()


def _run(args, capsys):
    code = main([str(x) for x in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_desk_translate_into_a_project_uses_the_memory_and_desk_qa_checks_it(
        tmp_path, capsys, fixture_model_dir, fixture_corpus):
    pairs = [fixture_corpus[i] for i in (5, 28, 32)]
    source = tmp_path / "article.txt"
    source.write_text("\n\n".join(ar for ar, _ in pairs) + "\n", encoding="utf-8")
    MEMORY_EN = pairs[0][1].replace(" ", "  ", 1).replace("  ", " the memory's ", 1)  # noqa: N806
    with TranslationMemory() as memory:  # the user's memory in the data folder
        memory.add(pairs[0][0], MEMORY_EN)
    out = tmp_path / "article.tarjama"
    code, _, err = _run(["translate", source, "-o", out, "--model", fixture_model_dir], capsys)
    assert code == 0, err
    assert "1 sentence(s) from the translation memory" in err
    with Project.open(out) as project:
        assert [(s.status, s.target) for s in project.segments] == [
            (Status.TM_EXACT, MEMORY_EN), (Status.MACHINE, pairs[1][1]), (Status.MACHINE, pairs[2][1])]
        assert _run(["qa", out], capsys)[:2] == (0, "")
        project.set_target(1, pairs[1][1].replace("54%", "45%"))
    code, stdout, _ = _run(["qa", out], capsys)
    assert code == 1
    assert stdout.startswith("sentence 2 [numbers] The number 54 in the Arabic is not in the English (it has 45).")
    with Project.open(out) as project:
        project.set_qa_ignored(1, "numbers")
    assert _run(["qa", out], capsys)[:2] == (0, "")
    no_tm = tmp_path / "plain.tarjama"
    assert _run(["translate", source, "-o", no_tm, "--model", fixture_model_dir, "--no-tm"], capsys)[0] == 0
    with Project.open(no_tm) as project:
        assert project.segment(0).status == Status.MACHINE and project.segment(0).target == pairs[0][1]


def test_confirming_fills_the_identical_sentences_of_the_same_project(tmp_path, tiny_translator, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[20:22]
    variant = a.replace("ا", "أ", 1) if "ا" in a else a  # another alef form: still the same sentence
    with Project.create(_doc(a, b, variant), tmp_path / "p.tarjama") as project:
        _translate(project, tiny_translator)
        assert tm.propagate(project, 0) == []  # not confirmed yet: nothing to copy
        project.set_target(0, "Reviewed English.")
        project.confirm(0)
        project.set_target(1, "Edited, kept.")
        filled = tm.propagate(project, 0)
        assert [(s.index, s.status, s.target) for s in filled] == [(2, Status.TM_EXACT, "Reviewed English.")]
        assert project.segment(1).target == "Edited, kept."
