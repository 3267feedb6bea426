"""The QA panel (not yet in the main window) with the tiny model's real translations."""

from __future__ import annotations

from dataclasses import replace

from desk.glossary import Term, TermMatcher
from desk.ui.qa_panel import QAPanel
from desk.ui.worker import WorkerPool


def _translations(tiny_translator, fixture_corpus, rows=(5, 28, 32)):
    text = "\n\n".join(fixture_corpus[i][0] for i in rows)
    return list(tiny_translator.translate_document(text, beam_size=1))


def test_panel_lists_issues_and_jumps_ignores_and_fixes(qtbot, tiny_translator, fixture_corpus):
    translations = _translations(tiny_translator, fixture_corpus)
    assert [t.target for t in translations] == [fixture_corpus[i][1] for i in (5, 28, 32)]
    changed = list(translations)
    changed[1] = replace(changed[1], target=changed[1].target.replace("54%", "45%"))
    glossary = TermMatcher([Term("مجلس الأمن", "UN Security Council")])
    pool = WorkerPool()
    panel = QAPanel(pool=pool)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.finished, timeout=10_000) as done:
        panel.run(changed, glossary=glossary)
    assert done.args == [2]
    assert [(i.sentence, i.check) for i in panel.issues()] == [(1, "numbers"), (2, "glossary")]
    assert panel.summary.text() == "QA: 2 issues"
    assert not panel.fix_button.isEnabled()  # the number issue has no one-click fix

    with qtbot.waitSignal(panel.jumpRequested, timeout=2000) as jump:
        panel.jump_to_current()
    assert jump.args == [1]
    panel.select(1)
    assert panel.fix_button.isEnabled()
    with qtbot.waitSignal(panel.fixRequested, timeout=2000) as fix:
        panel.fix_button.click()
    assert fix.args == [2, "UN Security Council"]
    with qtbot.waitSignal(panel.ignoreRequested, timeout=2000) as ignored:
        panel.ignore_button.click()
    assert ignored.args == [2, "glossary"]
    assert [i.check for i in panel.issues()] == ["numbers"] and panel.summary.text() == "QA: 1 issue"

    # Running again with the project's ignore set: the ignored issue stays away.
    with qtbot.waitSignal(panel.finished, timeout=10_000):
        panel.run(changed, glossary=glossary, ignore={(2, "glossary")})
    assert [(i.sentence, i.check) for i in panel.issues()] == [(1, "numbers")]
    with qtbot.waitSignal(panel.finished, timeout=10_000) as clean:
        panel.run(translations)
    assert clean.args == [0] and panel.summary.text() == "QA: no issues"
    assert pool.shutdown(5)
