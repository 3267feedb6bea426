"""Arabic PDFs (issue 15 items 3 and 4): lam-alef and other ligature glyphs come back in logical
order on every text-layer path, and running headers, footers and page numbers stay out of the text."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fixtures import make_pdfs
from pdf_maker import arabic_glyphs, visual, write_pdf

from desk.documents import read_document

FIX = Path(__file__).resolve().parent / "fixtures" / "documents"
TEXT = "قررت الأمم المتحدة الإعلان عن الآلية الجديدة للجريدة في سنة 2022 بعد الاجتماع."
REVERSED_LIGATURES = ("األ", "اإل", "اآل", "اجل", "االج")


def _glyph_line(text: str, style: str, order: str) -> list[str]:
    glyphs = []
    for i, word in enumerate(text.split(" ")):
        if i:
            glyphs.append(" ")
        glyphs.extend(arabic_glyphs(word, style))
    return visual(glyphs) if order == "visual" else glyphs


@pytest.mark.parametrize("style", ["forms", "ligatures"])  # mPDF-style presentation forms; InDesign-style glyphs
@pytest.mark.parametrize("order", ["logical", "visual"])
def test_ligatures_come_back_in_logical_order(tmp_path, style, order):
    pdf = write_pdf(tmp_path / "a.pdf", [[_glyph_line(TEXT, style, order)]])
    assert read_document(pdf).text == TEXT


def test_libreoffice_gazette_keeps_every_lam_alef(tmp_path):
    """LibreOffice maps its lam-alef glyphs to two characters in a visual-order layer (made by
    tests/fixtures/make_pdfs.py); the old reader reversed every one of them."""
    doc = read_document(FIX / "lo-gazette.pdf")
    text = doc.text
    assert not any(bad in text for bad in REVERSED_LIGATURES), [b for b in REVERSED_LIGATURES if b in text]
    expected = " ".join(make_pdfs.paragraphs())
    assert text.replace("\n\n", " ") == expected
    assert text.count("الأ") == expected.count("الأ") > 30


def test_libreoffice_gazette_running_header_and_page_numbers_are_dropped():
    doc = read_document(FIX / "lo-gazette.pdf")
    assert len(doc.blocks) == 30
    assert [b.text.split(":")[0] for b in doc.blocks] == [f"الفقرة {n}" for n in range(1, 31)]
    assert "الجريدة الرسمية" not in doc.text
    assert {b.source for b in doc.blocks} == {"page 1", "page 2", "page 3"}


BODY = ("أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني تشمل الاستثمار في البنية التحتية والتعليم "
        "والصحة وقالت إن الخطة ستنفذ على مراحل تبدأ في سنة 2022 وتستمر حتى نهاية العقد بمشاركة القطاع الخاص "
        "والجامعات والبلديات في جميع المحافظات دون استثناء.")


def _gazette_pages(style: str, order: str, header_has_number: bool) -> list[list[list[str]]]:
    lines = textwrap.wrap(" ".join([BODY] * 6), 80)
    per_page = (len(lines) + 2) // 3
    pages = []
    for n in range(3):
        body = lines[n * per_page:(n + 1) * per_page]
        header = f"الجريدة الرسمية العدد 12 {n + 1}" if header_has_number else "الجريدة الرسمية العدد 12"
        page = [header, *body, f"- {n + 1} -"]
        pages.append([_glyph_line(line, style, order) for line in page])
    return pages


@pytest.mark.parametrize("header_has_number", [False, True])
@pytest.mark.parametrize("style, order", [("ligatures", "visual"), ("forms", "visual"), ("forms", "logical")])
def test_running_header_footer_and_page_numbers_stay_out_of_sentences(tmp_path, style, order, header_has_number):
    pdf = write_pdf(tmp_path / "g.pdf", _gazette_pages(style, order, header_has_number))
    doc = read_document(pdf)
    assert "الجريدة الرسمية" not in doc.text
    assert " ".join(b.text for b in doc.blocks) == " ".join([BODY] * 6)
    assert doc.blocks[0].source == "page 1-3"  # one paragraph over both page breaks


def test_a_line_repeated_in_the_body_is_kept(tmp_path):
    """Only lines at the page edges count as running; the same sentence in the body stays."""
    line = "قال الوزير إن الاجتماع كان مثمرا."
    edges = [("افتتاح الجلسة.", "تمهيد قصير.", "ختام الجلسة."), ("مدخل آخر.", "عرض الموضوع.", "نهاية العرض."),
             ("بداية النقاش.", "حوار طويل.", "خلاصة النقاش.")]
    pages = [[_glyph_line(text, "ligatures", "visual") for text in (top, second, line, "نص آخر مختلف.", bottom)]
             for top, second, bottom in edges]
    doc = read_document(write_pdf(tmp_path / "r.pdf", pages))
    assert doc.text.count(line) == 3


@pytest.mark.parametrize("style, order", [("ligatures", "visual"), ("forms", "logical")])
@pytest.mark.parametrize("where", ["first", "last"])
def test_page_number_in_the_margin_of_a_text_line_is_not_read_into_it(tmp_path, style, order, where):
    """Layout mode puts a margin page number on the same line as the text beside it ("سنة 3 2022")."""
    lines = textwrap.wrap(" ".join([BODY] * 4), 80)
    per_page = (len(lines) + 1) // 2
    pages = []
    for n in range(2):
        page = [_glyph_line(line, style, order) for line in lines[n * per_page:(n + 1) * per_page]]
        row = 0 if where == "first" else -1
        page[row] = {10: list(str(n + 1)), 40: page[row]}
        pages.append(page)
    doc = read_document(write_pdf(tmp_path / "n.pdf", pages))
    assert " ".join(b.text for b in doc.blocks) == " ".join([BODY] * 4)


def test_a_figure_at_the_edge_of_a_top_line_is_kept(tmp_path):
    """Only numbers that count the pages are page numbers; a table's figure at the top of a page stays."""
    pages = []
    for year in ("1990", "1875"):
        pages.append([{10: list("الميزانية"), 200: list(year)},
                      _glyph_line("قال الوزير إن الاجتماع كان مثمرا.", "forms", "logical")])
    doc = read_document(write_pdf(tmp_path / "t.pdf", pages))
    assert "1990" in doc.text and "1875" in doc.text


def test_a_header_with_thousands_of_digits_is_still_read(tmp_path):
    """Python's int() refuses more than 4,300 digits: a long run in a header must not refuse the file."""
    pages = _gazette_pages("ligatures", "visual", True)
    for page in pages:
        page.insert(0, list("7" * 5000))
    doc = read_document(write_pdf(tmp_path / "digits.pdf", pages))   # was refused: "could not be read (ValueError)"
    assert BODY in " ".join(b.text for b in doc.blocks)
