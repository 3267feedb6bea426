"""Screenshot of the memory, glossary and QA widgets on the real sample article (docs/tm-glossary-qa.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/tm_demo.py [../shared/samples/iraq-us-talks.txt]

The widgets are not in the main window yet, so this lays them out in a plain window: the article's
Arabic with the demo glossary's terms marked (docs/demo-glossary.tsv), the QA panel over a
hand-written English of its first sentences (one figure deliberately changed, one term rendered
differently), and the memory's fuzzy offers for a sentence close to one stored.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLE = ROOT.parent / "shared" / "samples" / "iraq-us-talks.txt"
ENGLISH = {  # hand translations of the article's sentences (by index); the QA panel checks them
    1: "The Iraqi Foreign Ministry announced on Monday the start of the first round of negotiations with "
       "the United States on the strategic relationship between the two countries.",
    3: 'The Iraqi foreign ministry said in a statement: "Senior undersecretary Ambassador Abdul Karim Hashem '
       "Mustafa discussed with the US ambassador to Iraq, Matthew Tueller, a number of issues of interest to the "
       'two countries, first among them the first round of the Iraqi-American strategic dialogue called for by '
       'Washington."',
}


def main() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QPlainTextEdit, QSplitter, QVBoxLayout, QWidget

    from desk.documents import read_document
    from desk.glossary import TermMatcher, read_glossary
    from desk.qa import Pair
    from desk.tm import TranslationMemory
    from desk.ui.fonts import arabic_family, load_bundled_fonts, pane_font
    from desk.ui.glossary_marks import mark_terms
    from desk.ui.qa_panel import QAPanel
    from desk.ui.tm_offers import MemoryOffers

    article = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_ARTICLE
    app = QApplication.instance() or QApplication([])
    load_bundled_fonts()
    document = read_document(article)
    sentences = document.sentences()
    matcher = TermMatcher(read_glossary(ROOT / "docs" / "demo-glossary.tsv", glossary="demo"))

    window = QWidget()
    window.setWindowTitle("Tarjama Desk — memory, glossary, QA")
    pane = QPlainTextEdit()
    pane.setReadOnly(True)
    pane.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    pane.setFont(pane_font(arabic_family(), 15, arabic=True))
    text = "\n".join(s.text for s in sentences[:8])
    pane.setPlainText(text)
    option = pane.document().defaultTextOption()
    option.setAlignment(Qt.AlignmentFlag.AlignRight)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    pane.document().setDefaultTextOption(option)
    offset = 0
    for sentence in sentences[:8]:
        mark_terms(pane, offset, matcher.find(sentence.text))
        offset += len(sentence.text) + 1

    english = dict(ENGLISH)
    first = sentences[1].text
    english[1] = english[1].replace("Foreign Ministry", "State Department")  # a glossary violation
    figures = next((s for s in sentences if "6" in s.text or "٦" in s.text), None)
    pairs = [Pair(i, sentences[i].text, english[i]) for i in sorted(english)]
    if figures is not None:
        english_figures = ("The international coalition began reducing its bases in Iraq, handing over its first "
                           "military base to the Iraqi army, after the Iraqi government filed an international "
                           "complaint against the US violations that killed 6 and wounded 21 members of the security "
                           "forces at the beginning of last March.")
        pairs.append(Pair(figures.index, figures.text, english_figures))
    qa = QAPanel()
    offers = MemoryOffers()
    with tempfile.TemporaryDirectory() as folder:
        memory = TranslationMemory(Path(folder) / "memory.sqlite")
        memory.add(first, ENGLISH[1])
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        qa.finished.connect(lambda _n: loop.quit())
        qa.run(pairs, glossary=matcher)
        loop.exec()
        loop2 = QEventLoop()
        offers.finished.connect(lambda _n: loop2.quit())
        offers.lookup(memory, first.replace("اليوم الاثنين", "اليوم الثلاثاء").replace("أولى", "ثاني"))
        loop2.exec()
        memory.close()

    side = QSplitter(Qt.Orientation.Vertical)
    side.addWidget(offers)
    side.addWidget(qa)
    layout = QHBoxLayout(window)
    layout.addWidget(pane, 3)
    column = QVBoxLayout()
    column.addWidget(side)
    layout.addLayout(column, 2)
    window.resize(1366, 720)
    window.show()
    app.processEvents()
    out = ROOT / "docs" / "tm-glossary-qa.png"
    window.grab().save(str(out))
    print(f"wrote {out}; {len(qa.issues())} QA issues; {len(offers.matches())} memory offers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
