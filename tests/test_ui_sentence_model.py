"""The per-sentence model the panes render from (no engine needed: results are typed records)."""

from __future__ import annotations

from desk.documents import read_text
from desk.results import SentenceTranslation
from desk.ui.sentence_model import Roles, SentenceModel, Status


def _doc():
    return read_text("الجملة الأولى هنا. الجملة الثانية هنا.\n\nفقرة ثانية بجملة واحدة.", name="t")


def test_rows_follow_the_document_and_updates_signal_the_row(qtbot):
    model = SentenceModel()
    model.set_document(_doc())
    assert model.rowCount() == 3
    assert [r.paragraph for r in model.rows] == [0, 0, 1]
    assert model.data(model.index(1), Roles.SOURCE) == "الجملة الثانية هنا."
    assert model.data(model.index(1), Roles.STATUS) is Status.PENDING
    row = model.row(1)
    item = SentenceTranslation(row.paragraph, row.index, row.span, row.source, "The second sentence.", -0.2)
    with qtbot.waitSignal(model.dataChanged) as changed:
        assert model.apply_translation(item) == 1
    assert changed.args[0].row() == changed.args[1].row() == 1
    assert Roles.TARGET in changed.args[2]
    assert model.data(model.index(1), Roles.TARGET) == "The second sentence."
    assert model.done_count() == 1 and not model.all_done()
    assert model.translations() == [item]
    assert model.source_words() == 10 and model.target_words() == 3


def test_summary_marks_and_reset(qtbot):
    from desk.summarize import SummarySentence

    model = SentenceModel()
    model.set_document(_doc())
    with qtbot.waitSignal(model.summaryChanged):
        model.set_summary([SummarySentence(2, 1, 0.9, "فقرة ثانية بجملة واحدة.")])
    assert model.summary_rows() == [2]
    assert model.data(model.index(2), Roles.SUMMARY) is True
    model.reset_translations()
    assert model.done_count() == 0
    model.clear()
    assert model.rowCount() == 0 and model.summary_rows() == []
