"""The per-sentence Qt model is a view of a Project: rows mirror its segments, writes go to the
project first (no engine needed: results are typed records)."""

from __future__ import annotations

from desk.documents import read_text
from desk.project import Project, Status
from desk.results import SentenceTranslation
from desk.ui.sentence_model import Roles, SentenceModel


def _project(tmp_path):
    doc = read_text("الجملة الأولى هنا. الجملة الثانية هنا.\n\nفقرة ثانية بجملة واحدة.", name="t")
    return Project.create(doc, tmp_path / "t.tarjama")


def test_rows_follow_the_project_and_updates_signal_the_row(qtbot, tmp_path):
    project = _project(tmp_path)
    model = SentenceModel()
    model.model_id = "tiny"
    model.set_project(project)
    assert model.rowCount() == 3
    assert [r.paragraph for r in model.rows] == [0, 0, 1]
    assert model.data(model.index(1), Roles.SOURCE) == "الجملة الثانية هنا."
    assert model.data(model.index(1), Roles.STATUS) is Status.UNTRANSLATED
    row = model.row(1)
    item = SentenceTranslation(row.paragraph, row.index, row.span, row.source, "The second sentence.", -0.2)
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.apply_translation(item) == 1
    assert changed.args[0].row() == changed.args[1].row() == 1
    assert Roles.TARGET in changed.args[2]
    assert model.data(model.index(1), Roles.TARGET) == "The second sentence."
    assert model.row(1).status is Status.MACHINE and model.row(1).confidence is not None
    assert model.done_count() == 1 and not model.all_done()
    assert [t.target for t in model.translations()] == ["The second sentence."]
    assert model.source_words() == 10 and model.target_words() == 3
    # the project holds it: a second view of the same file sees the same English
    project.close()
    again = Project.open(tmp_path / "t.tarjama")
    assert again.segment(1).target == "The second sentence."
    again.close()


def test_an_edited_sentence_is_kept_and_counts_follow(qtbot, tmp_path):
    project = _project(tmp_path)
    model = SentenceModel()
    model.set_project(project)
    project.set_target(0, "Mine.")
    project.confirm(0)
    with qtbot.waitSignal(model.countsChanged):
        model.refresh([0])
    assert model.confirmed_count() == 1 and model.done_count() == 1
    row = model.row(0)
    machine = SentenceTranslation(row.paragraph, row.index, row.span, row.source, "Machine.", -0.1)
    assert model.apply_translations([machine]) == 0
    assert model.row(0).target == "Mine."
    project.close()


def test_summary_marks_and_clear(qtbot, tmp_path):
    from desk.summarize import SummarySentence

    project = _project(tmp_path)
    model = SentenceModel()
    model.set_project(project)
    with qtbot.waitSignal(model.summaryChanged):
        model.set_summary([SummarySentence(2, 1, 0.9, "فقرة ثانية بجملة واحدة.")])
    assert model.summary_rows() == [2]
    assert model.data(model.index(2), Roles.SUMMARY) is True
    model.clear()
    assert model.rowCount() == 0 and model.summary_rows() == []
    project.close()


def test_a_reworded_sentence_signals_the_counts(qtbot, tmp_path):
    """The status bar's word counts follow the model's signal: an edit that keeps the status but
    changes the English's length must say so (nothing else refreshes the counts)."""
    project = _project(tmp_path)
    model = SentenceModel()
    model.set_project(project)
    project.set_target(0, "One.")
    model.refresh([0])
    project.set_target(0, "One sentence, reworded at length.")
    with qtbot.waitSignal(model.countsChanged, timeout=1000):
        model.refresh([0])
    assert model.target_words() == 5
    project.close()
