"""Memory offers and glossary marks (widgets not yet in the main window)."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from desk.glossary import Term, TermMatcher
from desk.tm import TranslationMemory
from desk.ui.glossary_marks import clear_terms, mark_terms, term_at, term_format
from desk.ui.tm_offers import MemoryOffers, diff_html
from desk.ui.worker import WorkerPool

AR = "أعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب."
EN = "The prime minister announced a cabinet reshuffle covering five portfolios."


def test_offers_show_fuzzy_matches_with_differences_and_take_one(qtbot, tmp_path):
    pool = WorkerPool()
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.add(AR, EN)
        memory.add(AR, "Raw machine output.", origin="machine")
        offers = MemoryOffers(pool=pool)
        qtbot.addWidget(offers)
        with qtbot.waitSignal(offers.finished, timeout=10_000) as done:
            offers.lookup(memory, "وأعلن رئيس الوزراء عن تعديل وزاري يشمل ست حقائب.")
        assert done.args == [2]
        matches = offers.matches()
        assert offers.title.text() == f"{len(matches)} matches for this sentence"
        assert [m.target for m in matches] == [EN, "Raw machine output."]  # human first at equal similarity
        assert offers.list.item(1).text().endswith("(machine translation)")
        assert "<s style='color:#b00020'>ست</s>" in offers.diff.text()
        assert "<u style='color:#00695c'>خمس</u>" in offers.diff.text()
        with qtbot.waitSignal(offers.taken, timeout=2000) as taken:
            offers.use_button.click()
        assert taken.args[0].target == EN and taken.args[0].status == "tm-fuzzy"
        with qtbot.waitSignal(offers.finished, timeout=10_000) as none:
            offers.lookup(memory, "ارتفعت أسعار الذهب في الأسواق.")
        assert none.args == [0] and not offers.use_button.isEnabled()
    assert pool.shutdown(5)


def test_diff_html_for_exact_match_is_the_source(tmp_path):
    with TranslationMemory(tmp_path / "m.sqlite") as memory:
        memory.add(AR, EN)
        (match,) = memory.lookup(AR)
    assert diff_html(match) == AR


def test_glossary_marks_cover_the_terms_and_carry_the_english(qtbot):
    first = "قال المتحدث إن الحكومة ستجتمع."
    second = "وأكدت وزارةُ الخارجية الخبر."
    pane = QPlainTextEdit()
    qtbot.addWidget(pane)
    pane.setPlainText(first + " " + second)
    matcher = TermMatcher([Term("الحكومة", "government", "not 'cabinet'"),
                           Term("وزارة الخارجية", "Foreign Ministry")])
    mark_terms(pane, 0, matcher.find(first))
    selections = mark_terms(pane, len(first) + 1, matcher.find(second))
    marked = [s.cursor.selectedText() for s in selections]
    assert marked == ["الحكومة", "وزارةُ الخارجية"]
    assert selections[0].format.toolTip() == "government — not 'cabinet'"
    assert term_at(pane, first.index("الحكومة") + 2) == "government"
    assert term_at(pane, len(first) + 1 + second.index("الخارجية")) == "Foreign Ministry"
    assert term_at(pane, 1) is None
    assert pane.toPlainText() == first + " " + second  # the text itself is untouched
    clear_terms(pane)
    assert pane.extraSelections() == []


def test_marks_on_a_selected_row_draw_their_underline_in_the_selection_text_colour(qtbot):
    from PySide6.QtGui import QColor

    from desk.ui.editor.cell_marks import Mark, _on_selection, find_format

    (match,) = TermMatcher([Term("مجلس الأمن", "UN Security Council")]).find("اجتمع مجلس الأمن أمس.")
    underlined = Mark(match.span[0], match.span[1] - match.span[0], term_format(match))
    white = QColor("#ffffff")
    assert _on_selection(underlined, white).fmt.underlineColor() == white
    assert underlined.fmt.underlineColor() != white, "the provider's format is not changed"
    plain = Mark(0, 4, find_format())
    assert _on_selection(plain, white) is plain
