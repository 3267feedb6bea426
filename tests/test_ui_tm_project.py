"""Translation memory, glossary and QA in the real window with the tiny model (issue 13):
a confirmed sentence comes back from memory (tm-exact, not sent to the engine) and is offered
for a similar one (Alt+1 takes it, tm-fuzzy); the QA dock lists a changed number, jumps to it and
keeps an ignore in the project; glossary terms are marked in the Arabic pane and a flag's
one-click insert puts the term into the English."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QToolTip
from ui_helpers import open_file, translate

from desk.glossary import GlossaryStore, Term
from desk.project import Status
from desk.tm import TranslationMemory
from desk.ui.editor import cell_marks
from desk.ui.editor.grid import COL_SOURCE
from desk.ui.glossary_marks import TERM_PROPERTY, term_at


def _open(qtbot, window, tmp_path, name, sentences):
    path = tmp_path / name
    path.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    open_file(qtbot, window, path)


def _segment(window, row):
    return window.model.project.segment(window.model.row(row).index)


def test_confirmed_sentence_returns_from_memory_exact_and_is_offered_for_a_similar_one(
        qtbot, window, tmp_path, fixture_corpus, desk_home):
    (a, ea), (b, eb), (c, ec) = fixture_corpus[0], fixture_corpus[1], fixture_corpus[2]
    _open(qtbot, window, tmp_path, "first.txt", [a, b])
    translate(qtbot, window)
    assert [r.target for r in window.model.rows] == [ea, eb]
    window.editor.edit_target(0, "The cabinet met this morning in the capital.")
    window.grid.select_row(0)
    window.editor.confirm_and_next()
    assert _segment(window, 0).status == Status.CONFIRMED
    with TranslationMemory() as memory:  # stored in the user's memory, with the project's name
        (hit,) = memory.exact(a, project="first", all_projects=True)
        assert hit.target == "The cabinet met this morning in the capital." and hit.unit.project == "first"

    similar = " ".join(a.split()[:-1]) + " الليلة."  # the last word changed
    _open(qtbot, window, tmp_path, "second.txt", [c, a, similar])
    translate(qtbot, window)
    assert window.run.total == 2, "the exact match was not sent to the engine"
    seg = _segment(window, 1)
    mine = "The cabinet met this morning in the capital."
    assert (seg.status, seg.origin, seg.target) == (Status.TM_EXACT, "tm", mine)
    assert _segment(window, 0).target == ec and _segment(window, 2).status == Status.MACHINE

    offers = window.memory_tools.offers
    with qtbot.waitSignal(offers.finished, timeout=10_000) as shown:
        window.grid.select_row(2)
    assert shown.args == [1]
    (match,) = offers.matches()
    assert 75 <= match.similarity < 100 and match.target == "The cabinet met this morning in the capital."
    assert offers.list.item(0).text().startswith("Alt+1  ")
    assert "<s style='color:#b00020'>الليلة</s>" in offers.diff.text()  # the source difference shown
    assert window.act_take_memory[0].shortcut().toString() == "Alt+1"
    window.act_take_memory[0].trigger()
    seg = _segment(window, 2)
    assert (seg.status, seg.origin, seg.target) == (Status.TM_FUZZY, "tm", match.target)
    window.act_undo.trigger()
    assert _segment(window, 2).status == Status.MACHINE

    window.settings.set("tm_fuzzy_threshold", 99)  # the setting limits what is offered
    with qtbot.waitSignal(offers.finished, timeout=10_000) as none:
        window.memory_tools.show_offers(2)
    assert none.args == [0]


def test_confirming_a_sentence_fills_its_repetitions_in_the_document(qtbot, window, tmp_path, fixture_corpus):
    (a, ea), (b, eb) = fixture_corpus[0], fixture_corpus[1]
    _open(qtbot, window, tmp_path, "repeats.txt", [a, b, a])
    translate(qtbot, window)
    assert [r.target for r in window.model.rows] == [ea, eb, ea]
    window.editor.edit_target(0, "The cabinet met this morning.")
    window.grid.select_row(0)
    window.editor.confirm_and_next()
    qtbot.waitUntil(lambda: _segment(window, 2).status == Status.TM_EXACT, timeout=3000)
    assert _segment(window, 2).target == window.model.row(2).target == "The cabinet met this morning."
    assert _segment(window, 1).status == Status.MACHINE
    window.act_undo.trigger()  # the fill is its own undo step
    qtbot.wait(50)  # an undo must not fill again
    assert _segment(window, 2).status == Status.MACHINE and _segment(window, 2).target == ea
    assert _segment(window, 0).status == Status.CONFIRMED
    window.act_undo.trigger()
    assert _segment(window, 0).status == Status.EDITED


def test_qa_dock_lists_a_changed_number_jumps_to_it_and_keeps_the_ignore(qtbot, window, tmp_path, fixture_corpus):
    pairs = [fixture_corpus[i] for i in (5, 28, 32)]
    _open(qtbot, window, tmp_path, "article.txt", [ar for ar, _ in pairs])
    translate(qtbot, window)
    qa = window.memory_tools.qa
    with qtbot.waitSignal(qa.finished, timeout=10_000) as clean:
        window.act_qa.trigger()
    assert clean.args == [0] and window.memory_tools.qa_dock.isVisible()
    window.editor.edit_target(1, pairs[1][1].replace("54%", "45%"))
    window.grid.select_row(0)
    with qtbot.waitSignal(qa.finished, timeout=10_000) as found:
        window.act_qa.trigger()
    assert found.args == [1]
    (issue,) = qa.issues()
    assert (issue.sentence, issue.check) == (1, "numbers") and "54" in issue.message
    window.grid.select_row(2)
    item = qa.tree.topLevelItem(0)
    qtbot.mouseClick(qa.tree.viewport(), Qt.MouseButton.LeftButton, pos=qa.tree.visualItemRect(item).center())
    assert window.grid.current_row() == 1
    window.grid.select_row(2)
    qa.select(0)
    qa.jump_to_current()  # Enter on the issue
    assert window.grid.current_row() == 1
    qa.ignore_current()
    assert window.model.project.qa_ignores() == {(1, "numbers")}
    with qtbot.waitSignal(qa.finished, timeout=10_000) as again:
        window.act_qa.trigger()
    assert again.args == [0]


def test_glossary_terms_are_marked_and_a_flag_inserts_the_term(qtbot, window, tmp_path, fixture_corpus):
    with GlossaryStore() as store:
        store.add([Term("مجلس الأمن", "UN Security Council", "always with UN")], glossary="un")
    window.memory_tools.reload()
    ar, en = fixture_corpus[32]
    _open(qtbot, window, tmp_path, "council.txt", [fixture_corpus[5][0], ar])
    qtbot.waitUntil(lambda: window.source_pane.render_complete, timeout=5000)
    assert window.memory_tools.term_marks() == [("مجلس الأمن", "UN Security Council")]
    (mark,) = window.memory_tools._terms  # noqa: SLF001
    start = window.source_pane.span(1)[0]
    assert mark.cursor.selectionStart() == start + ar.index("مجلس الأمن")
    window.alignment.select(0)  # the counterpart highlight redraws the marks: the term stays
    marked = [(s.cursor.selectionStart(), s.format.toolTip()) for s in window.source_pane.extraSelections()
              if s.format.hasProperty(TERM_PROPERTY)]
    assert marked == [(mark.cursor.selectionStart(), "UN Security Council — always with UN")]
    assert term_at(window.source_pane, mark.cursor.selectionStart() + 1) == "UN Security Council"
    # the grid's Arabic cell marks the same term (painted; the English as its tooltip)
    delegate = window.grid.delegate
    (cell,) = delegate.marks(1, COL_SOURCE, ar)
    assert (cell.start, cell.length) == (ar.index("مجلس الأمن"), len("مجلس الأمن"))
    assert cell.fmt.toolTip() == "UN Security Council — always with UN"
    assert delegate.marks(0, COL_SOURCE, fixture_corpus[5][0]) == []
    image = window.grid.viewport().grab().toImage()
    rect = window.grid.visualRect(window.grid.filter.index(1, COL_SOURCE))
    underline = QColor("#1565c0").rgb()
    assert any(image.pixel(x, y) == underline for x in range(rect.left(), rect.right())
               for y in range(rect.top(), rect.bottom())), "the term is underlined in its cell"

    def text_box(img):
        dark = [(x, y) for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom())
                if QColor(img.pixel(x, y)).lightness() < 100]
        return min(x for x, _ in dark), max(x for x, _ in dark), min(y for _, y in dark), max(y for _, y in dark)

    providers, delegate.providers = delegate.providers, []
    plain = window.grid.viewport().grab().toImage()
    delegate.providers = providers
    marked, unmarked = text_box(image), text_box(plain)
    assert all(abs(a - b) <= 3 for a, b in zip(marked, unmarked, strict=True)), \
        f"a marked cell is laid out as Qt lays out the plain one (right-aligned Arabic): {marked} vs {unmarked}"
    # hovering the term (a real tooltip event) shows its English; elsewhere in the cell nothing
    index = window.grid.filter.index(window.grid.view_row(1), COL_SOURCE)
    option = QStyleOptionViewItem()
    option.rect, option.widget = rect, window.grid
    delegate.initStyleOption(option, index)
    doc, box = cell_marks._layout(option, ar, [cell], option.font, True)  # noqa: SLF001 - where it is painted
    assert doc.size().height() > 0  # laid out (lines exist only then)
    line = doc.firstBlock().layout().lineForTextPosition(cell.start + 2)
    assert line.isValid()
    x = line.cursorToX(cell.start + 2)
    x = x[0] if isinstance(x, tuple) else x
    on_term = QPoint(int(box.left() + x), int(box.top() + line.y() + line.height() / 2))
    assert delegate.mark_under(option, index, QPointF(on_term)) == cell
    assert delegate.mark_under(option, index, QPointF(box.right() - 2, on_term.y())) is None, "the first word"
    QToolTip.hideText()
    viewport = window.grid.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, on_term, viewport.mapToGlobal(on_term)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == "UN Security Council — always with UN"
    QToolTip.hideText()
    translate(qtbot, window)
    qa = window.memory_tools.qa
    with qtbot.waitSignal(qa.finished, timeout=10_000):
        window.act_qa.trigger()
    (issue,) = qa.issues()
    assert (issue.sentence, issue.check, issue.fix) == (1, "glossary", "UN Security Council")
    qa.select(0)
    assert qa.fix_button.isEnabled()
    with qtbot.waitSignal(qa.finished, timeout=10_000) as rechecked:
        qa.fix_button.click()
    assert rechecked.args == [0], "the list is checked again after the fix"
    seg = _segment(window, 1)
    assert seg.target == en.replace("Security Council", "UN Security Council") and seg.status == Status.EDITED
    window.act_undo.trigger()
    assert _segment(window, 1).target == en


def test_tools_imports_a_tmx_and_a_glossary_then_fills_and_marks_them(qtbot, window, tmp_path, fixture_corpus):
    (a, _), (b, _) = fixture_corpus[3], fixture_corpus[32]
    tmx = tmp_path / "client.tmx"
    tmx.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="AR-EG" segtype="sentence" adminlang="en" datatype="plaintext"
 o-tmf="x" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="ar-EG"><seg>{a}</seg></tuv><tuv xml:lang="en-GB"><seg>The client's English.</seg></tuv></tu>
</body></tmx>""", encoding="utf-8")
    glossary = tmp_path / "terms.tsv"
    glossary.write_text("مجلس الأمن\tUN Security Council\n", encoding="utf-8")
    tools = window.memory_tools
    with qtbot.waitSignal(tools.import_tmx(str(tmx)).signals.finished, timeout=10_000):
        pass
    assert "client.tmx: 1 new translation units of 1 read." in window.statusBar().currentMessage()
    with qtbot.waitSignal(tools.import_glossary(str(glossary)).signals.finished, timeout=10_000):
        pass
    assert "terms.tsv: 1 glossary terms." in window.statusBar().currentMessage()
    _open(qtbot, window, tmp_path, "doc.txt", [a, b])
    qtbot.waitUntil(lambda: window.source_pane.render_complete, timeout=5000)
    assert tools.term_marks() == [("مجلس الأمن", "UN Security Council")]
    translate(qtbot, window)
    assert (_segment(window, 0).status, _segment(window, 0).target) == (Status.TM_EXACT, "The client's English.")
    assert window.run.total == 1  # only the other sentence went to the engine


def test_fuzzy_threshold_setting_is_validated_and_in_the_dialog(qtbot):
    from desk.ui.settings import DEFAULTS, Settings
    from desk.ui.settings_dialog import SettingsDialog

    settings = Settings()
    assert DEFAULTS["tm_fuzzy_threshold"] == 75 and settings.get("tm_fuzzy_threshold") == 75
    settings.set_raw("tm_fuzzy_threshold", "120")
    assert settings.get("tm_fuzzy_threshold") == 75  # outside 50-99: the default
    settings.set("tm_fuzzy_threshold", 80)
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.tm_threshold.value() == 80 and dialog.tm_threshold.minimum() == 50
    dialog.tm_threshold.setValue(90)
    dialog.accept()
    assert settings.get("tm_fuzzy_threshold") == 90
