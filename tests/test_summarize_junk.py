"""The summary is made of body sentences: credits, link words, infobox rows, running headers,
generator stamps, captions and table cells are never picked while real sentences remain, and a
word budget is filled with body sentences, not with the short lines that happen to fit.

Every document here is written by the test in the shape real ones have (a scraped news TXT,
a Wikipedia DOCX with an infobox table, PDF-extracted text with page headers and hard wraps).
"""

from __future__ import annotations

import json

import pytest
from docx import Document as DocxDocument

from desk.cli import main
from desk.segment import segment
from desk.summarize import summarize, summarize_text, tokenize
from desk.summarize.junk import BODY, JUNK, WEAK, tiers
from desk.summarize.units import group_wrapped

BODY_SENTENCES = [
    "أعلنت وزارة الخارجية العراقية، اليوم الاثنين، بدء أولى جولات المفاوضات مع"
    " الولايات المتحدة بشأن العلاقة الاستراتيجية بين البلدين.",
    "وقال المتحدث باسم الوزارة إن الجولة الأولى تناولت ملفات الأمن والاقتصاد"
    " والطاقة والتعليم، وإن الجولات المقبلة ستعقد في بغداد وواشنطن.",
    "وأضاف أن الحكومة تسعى إلى اتفاق يحفظ سيادة العراق ويضمن استمرار التعاون في مكافحة الإرهاب وتدريب القوات العراقية.",
    "وكان البرلمان العراقي قد صوت في وقت سابق على قرار يطالب الحكومة بإنهاء وجود القوات الأجنبية في البلاد.",
    "وتأتي المفاوضات بعد أشهر من التوتر في المنطقة، وتراجع الهجمات على"
    " القواعد العسكرية التي تستضيف قوات التحالف الدولي.",
    "ويرى مراقبون أن نجاح الجولة الأولى سيعتمد على قدرة الطرفين على"
    " الاتفاق على جدول زمني واضح لانسحاب القوات المقاتلة.",
]

SCRAPED_JUNK = [
    "Sputnik",
    "المصدر: وكالة الأنباء العراقية",
    "اقرأ أيضا",
    "تعاون جديد بين العراق والتحالف الدولي يفتك بـ\"داعش\"",
    "صورة: رويترز",
    "شارك على فيسبوك",
    "مناقشة",
]


def _scraped_news() -> str:
    parts = ["العراق يعلن بدء المفاوضات مع الولايات المتحدة", "Sputnik", BODY_SENTENCES[0], BODY_SENTENCES[1],
             "صورة: رويترز", BODY_SENTENCES[2], "تعاون جديد بين العراق والتحالف الدولي يفتك بـ\"داعش\"",
             BODY_SENTENCES[3] + " " + BODY_SENTENCES[4], "المصدر: وكالة الأنباء العراقية", "اقرأ أيضا",
             BODY_SENTENCES[5], "شارك على فيسبوك", "مناقشة"]
    return "\n\n".join(parts) + "\n"


def _words(text: str) -> int:
    return len(tokenize(text))


def _assert_budget_filled(sentences, picked, budget):
    """The length ends near the budget: no body sentence left out would bring it nearer, and the
    last sentence taken overshoots by less than the gap it filled (or it is the only one)."""
    used = sum(_words(s.text) for s in picked)
    assert used < 2 * budget or len(picked) == 1
    chosen = {s.index for s in picked}
    for s in sentences:
        if s.index not in chosen and s.text in BODY_SENTENCES:
            assert abs(used + _words(s.text) - budget) >= abs(used - budget), (budget, s.text)


# ---------------------------------------------------------------- line shapes

@pytest.mark.parametrize("line", [
    "Sputnik", "مناقشة", "اقرأ أيضا", "اقرأ أيضاً: العراق يستعيد قاعدة عسكرية", "المصدر: وكالة الأنباء العراقية",
    "تصوير: أحمد علي", "صورة: رويترز", "الميلاد 21 مارس 1923 تعديل قيمة خاصية (P569) في ويكي بيانات",
    "الجريدة الرسمية – العدد 45 سنة 3 2022", "Created with mPDF 8.0 by example.com", "صفحة 3 من 12",
    "الشكل 2: توزيع السكان حسب المحافظات", "السعر\t120\tدينار", "2021 2022 2023 15% 18%",
    "Click here to subscribe to our newsletter", "شارك على فيسبوك", "وصلات خارجية", "في من على",
])
def test_junk_lines(line):
    assert tiers([line], [tokenize(line)]) == [JUNK]


@pytest.mark.parametrize("line", BODY_SENTENCES)
def test_body_sentences(line):
    assert tiers([line], [tokenize(line)]) == [BODY]


def test_a_sentence_full_of_figures_is_body():
    line = "ويوجد الدينار بشكل ورقي للفئات 50، 20، 10، 5، 1، و 0.5 دينار."
    assert tiers([line], [tokenize(line)]) == [BODY]


def test_subheadline_without_a_verb_is_weak():
    line = "تعاون جديد بين العراق والتحالف الدولي يفتك بـ\"داعش\""
    assert tiers([line], [tokenize(line)]) == [WEAK]


def test_a_line_repeated_on_every_page_is_a_running_header():
    lines = ["وزارة المالية تقرير الربع الثالث"] * 3 + [BODY_SENTENCES[0]]
    assert tiers(lines, [tokenize(t) for t in lines]) == [JUNK, JUNK, JUNK, BODY]


# ---------------------------------------------------------------- scraped news (TXT)

@pytest.mark.parametrize("budget", range(20, 85, 5))
def test_word_budget_takes_body_sentences_only(budget):
    sentences = segment(_scraped_news())
    picked = summarize(sentences, words=budget)
    texts = {s.text for s in picked}
    assert picked and texts <= set(BODY_SENTENCES), texts
    _assert_budget_filled(sentences, picked, budget)


@pytest.mark.parametrize("n", [1, 3, 6, 20])
def test_sentence_count_takes_body_sentences_only(n):
    picked = summarize_text(_scraped_news(), n_sentences=n)
    assert {s.text for s in picked} <= set(BODY_SENTENCES)
    assert len(picked) == min(n, len(BODY_SENTENCES))


def test_cli_words_on_a_scraped_article(tmp_path, capsys):
    path = tmp_path / "scraped.txt"
    path.write_text(_scraped_news(), encoding="utf-8")
    for budget in (20, 40, 60, 80):
        assert main(["summarize", str(path), "--words", str(budget)]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
        assert lines and set(lines) <= set(BODY_SENTENCES), lines


def test_only_junk_still_gives_a_summary():
    picked = summarize_text("Sputnik\n\nمناقشة\n")
    assert len(picked) == 1


# ---------------------------------------------------------------- Wikipedia DOCX with an infobox

def _wikipedia_docx(path):
    doc = DocxDocument()
    doc.add_heading("نجيب محفوظ", level=1)
    table = doc.add_table(rows=4, cols=2)
    rows = [("الميلاد", "11 ديسمبر 1911 تعديل قيمة خاصية (P569) في ويكي بيانات"),
            ("الوفاة", "30 أغسطس 2006 تعديل قيمة خاصية (P570) في ويكي بيانات"),
            ("الجنسية", "مصري"),
            ("الجوائز", "جائزة نوبل في الأدب 1988")]
    for r, (key, value) in enumerate(rows):
        table.cell(r, 0).text = key
        table.cell(r, 1).text = value
    body = [
        "نجيب محفوظ روائي مصري، وهو أول عربي حائز على جائزة نوبل في الأدب عام 1988.",
        "كتب نجيب محفوظ منذ الثلاثينيات، واستمر في الكتابة حتى عام 2004، وتدور أحداث معظم رواياته في القاهرة.",
        "ومن أشهر أعماله الثلاثية التي تتكون من بين القصرين وقصر الشوق والسكرية، وقد تحولت إلى أفلام سينمائية.",
        "تعرض نجيب محفوظ لمحاولة اغتيال في عام 1994، لكنه نجا منها وواصل الكتابة رغم إصابته في رقبته.",
    ]
    for text in body:
        doc.add_paragraph(text)
    doc.add_heading("مراجع", level=2)
    doc.add_paragraph("وصلات خارجية")
    doc.save(path)
    return body


@pytest.mark.parametrize("budget", [15, 30, 45, 60, 90])
def test_wikipedia_docx_infobox_rows_are_not_picked(tmp_path, capsys, budget):
    path = tmp_path / "wiki.docx"
    body = _wikipedia_docx(path)
    assert main(["summarize", str(path), "--words", str(budget), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    texts = [s["text"] for s in payload["sentences"]]
    assert texts and set(texts) <= set(body), texts
    assert body[0] in texts   # the defining first sentence leads a Wikipedia summary


# ---------------------------------------------------------------- PDF-extracted text

PDF_WRAPPED = [
    # one paragraph of the report, hard-wrapped at about 60 characters, as PDF text comes out
    "أصدرت وزارة المالية اليوم تقريرها عن أداء الموازنة العامة في",
    "الربع الثالث من العام، وأظهر التقرير ارتفاع الإيرادات بنسبة",
    "12 في المئة مقارنة بالفترة نفسها من العام الماضي. وعزت الوزارة",
    "الزيادة إلى تحسن أسعار النفط وتوسع قاعدة الضرائب على الشركات",
    "الكبيرة التي سجلت أرباحا قياسية خلال الأشهر التسعة الأولى.",
]


def _pdf_text() -> str:
    pages = []
    for page in range(1, 4):
        lines = ["الجريدة الرسمية – العدد 45 سنة 3 2022", ""]
        lines += PDF_WRAPPED if page == 1 else [
            "وقال وزير المالية إن الحكومة ستواصل خفض العجز في الموازنة العامة",
            "خلال العام المقبل عبر ضبط النفقات الجارية وتوجيه الاستثمار نحو",
            "المشاريع التي توفر فرص العمل للشباب في المحافظات كافة.",
        ] if page == 2 else [
            "وأشار التقرير إلى أن الدين العام استقر عند 80 في المئة من الناتج",
            "المحلي الإجمالي، وأن الوزارة تعتزم إصدار سندات جديدة بالعملة",
            "المحلية لتمويل جزء من احتياجات الموازنة في الربع الأخير.",
        ]
        lines += ["", f"صفحة {page} من 3", "Created with mPDF 8.1", ""]
        pages.append("\n".join(lines))
    return "\n".join(pages)


JUNK_PDF = {"الجريدة الرسمية – العدد 45 سنة 3 2022", "Created with mPDF 8.1",
            "صفحة 1 من 3", "صفحة 2 من 3", "صفحة 3 من 3"}


@pytest.mark.parametrize("budget", [10, 25, 40, 60, 120])
def test_pdf_running_headers_and_generator_lines_are_not_picked(budget):
    sentences = segment(_pdf_text())
    picked = summarize(sentences, words=budget)
    texts = [s.text for s in picked]
    assert texts and not set(texts) & JUNK_PDF, texts


def test_pdf_wrapped_sentences_are_returned_whole():
    sentences = segment(_pdf_text())
    picked = [s.text for s in summarize(sentences, n_sentences=1)]
    # the lead sentence spans three PDF lines; all of them come back, in order
    assert picked[:2] == PDF_WRAPPED[:2] and picked[2].startswith("12 في المئة")


def test_group_wrapped_joins_lines_of_one_sentence():
    sentences = segment("\n".join(PDF_WRAPPED))
    units = group_wrapped([s.text for s in sentences], [s.paragraph for s in sentences])
    texts = [" ".join(sentences[i].text for i in u) for u in units]
    assert len(units) == 2
    assert texts[0].endswith("العام الماضي.") and texts[1].startswith("وعزت الوزارة")


def test_group_wrapped_leaves_unwrapped_text_alone():
    sentences = segment(_scraped_news())
    units = group_wrapped([s.text for s in sentences], [s.paragraph for s in sentences])
    assert units == [[i] for i in range(len(sentences))]


@pytest.mark.parametrize("budget", [5, 10, 20, 40])
def test_word_budget_never_cuts_a_wrapped_sentence(budget):
    """A hard-wrapped sentence is shown with all of its lines or not at all, even when it is
    longer than the budget (the summary ends at the sentence boundary nearest to it)."""
    sentences = segment(_pdf_text())
    units = group_wrapped([s.text for s in sentences], [s.paragraph for s in sentences])
    picked = {s.index for s in summarize(sentences, words=budget)}
    assert picked
    for unit in units:
        indices = {sentences[i].index for i in unit}
        assert indices <= picked or not indices & picked, (budget, [sentences[i].text for i in unit])
