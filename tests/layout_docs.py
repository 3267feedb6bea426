"""Builders of right-to-left Arabic test documents for the same-layout tests.

Sentences come from the tiny fixture model's corpus, so the English is exact.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

# (arabic, english) pairs from tests/fixtures/tiny-ar-en/corpus.tsv
CABINET = ("عقد مجلس الوزراء اجتماعه الأسبوعي صباح اليوم في العاصمة.",
           "The cabinet held its weekly meeting this morning in the capital.")
RESHUFFLE = ("أعلن رئيس الوزراء عن تعديل وزاري يشمل خمس حقائب.",
             "The prime minister announced a cabinet reshuffle covering five portfolios.")
CAIRO = ("وصل وزير الخارجية إلى القاهرة في زيارة رسمية تستغرق يومين.",
         "The foreign minister arrived in Cairo on an official two-day visit.")
PALACE = ("التقى الرئيس بالسفير الفرنسي في قصر الرئاسة.",
          "The president met the French ambassador at the presidential palace.")
BILL = ("ناقش البرلمان مشروع قانون الانتخابات الجديد يوم الثلاثاء.",
        "Parliament discussed the new electoral bill on Tuesday.")
NATO = ("دعا حلف NATO إلى ضبط النفس على الحدود الشرقية.", "NATO called for restraint on the eastern border.")
SUMMIT = ("عقدت قمة عربية في الرياض بمشاركة ١٨ زعيما.",
          "An Arab summit was held in Riyadh with 18 leaders taking part.")
CRISIS = ("هل ستنجح الوساطة الجديدة في إنهاء الأزمة؟", "Will the new mediation succeed in ending the crisis?")
HEADLINE = ("الرئيس يستقبل وفدا أمميا في القصر الجمهوري", "President receives UN delegation at the Republican Palace")
OIL = ("ارتفاع أسعار النفط بنسبة ٣٪", "Oil prices rise 3%")
WHO = ("منظمة الصحة العالمية تحذر من نقص الأدوية", "WHO warns of medicine shortages")
LUXOR = ("اكتشاف أثري جديد في الأقصر", "New archaeological discovery in Luxor")
RAIN = ("أمطار غزيرة تضرب شمال لبنان", "Heavy rain hits northern Lebanon")
SAUDI = ("المنتخب السعودي يتأهل إلى كأس العالم", "Saudi team qualifies for the World Cup")
CONFERENCE = ("يستضيف المغرب مؤتمرا دوليا حول الهجرة في مراكش.",
              "Morocco is hosting an international conference on migration in Marrakesh.")
GAZA = ("أدانت جامعة الدول العربية الهجوم على المدنيين في غزة.",
        "The Arab League condemned the attack on civilians in Gaza.")
RESIGN = ("قدّم وزير العدل استقالته مساء الأحد.", "The justice minister submitted his resignation on Sunday evening.")


def png_bytes(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A tiny solid-colour PNG (no imaging library needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def _rtl(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(OxmlElement("w:bidi"))


def _rtl_run(run, *, bold_cs: bool = False) -> None:
    rpr = run._r.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{slot}"), "Simplified Arabic")
    rpr.insert(0, fonts)
    if bold_cs:
        rpr.append(OxmlElement("w:bCs"))
    rpr.append(OxmlElement("w:rtl"))
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "ar-SA")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _hyperlink(paragraph, url: str, text: str):
    rid = paragraph.part.relate_to(url, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                   is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    r.append(t)
    link.append(r)
    paragraph._p.append(link)
    return link


def build_python_docx(path: Path) -> Path:
    """An Arabic RTL report: header/footer, runs, table with merged cells, image, link, list."""
    doc = Document()
    section = doc.sections[0]
    section._sectPr.append(OxmlElement("w:bidi"))
    header = section.header.paragraphs[0]
    _rtl(header)
    _rtl_run(header.add_run(HEADLINE[0]))
    footer = section.footer.paragraphs[0]
    _rtl(footer)
    _rtl_run(footer.add_run(LUXOR[0]))
    footer.add_run("\t2024")

    title = doc.add_heading(level=1)
    _rtl(title)
    _rtl_run(title.add_run(OIL[0]))

    p = doc.add_paragraph()  # bold first sentence, plain second: sentence-aligned runs
    _rtl(p)
    _rtl_run(p.add_run(CABINET[0] + " "), bold_cs=True)
    p.runs[0].bold = True
    _rtl_run(p.add_run(RESHUFFLE[0]))

    p = doc.add_paragraph()  # italic word inside one sentence: dominant formatting
    _rtl(p)
    _rtl_run(p.add_run("وصل وزير الخارجية إلى "))
    run = p.add_run("القاهرة")
    run.italic = True
    _rtl_run(run)
    _rtl_run(p.add_run(" في زيارة رسمية تستغرق يومين."))

    p = doc.add_paragraph()  # a link inside a sentence
    _rtl(p)
    _rtl_run(p.add_run("التقى الرئيس بالسفير الفرنسي في "))
    _hyperlink(p, "https://example.org/palace", "قصر الرئاسة")
    _rtl_run(p.add_run("."))

    p = doc.add_paragraph()  # a bold label, then the text
    _rtl(p)
    label = p.add_run(HEADLINE[0] + ":")
    label.bold = True
    _rtl_run(label)
    _rtl_run(p.add_run(" " + BILL[0]))

    item = doc.add_paragraph(style="List Number")  # a bold Latin name inside a sentence
    _rtl(item)
    _rtl_run(item.add_run("دعا حلف "))
    name = item.add_run("NATO")
    name.bold = True
    _rtl_run(name)
    _rtl_run(item.add_run(" إلى ضبط النفس على الحدود الشرقية."))
    item = doc.add_paragraph(style="List Number")
    _rtl(item)
    _rtl_run(item.add_run(SUMMIT[0]))

    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
    cells = {(0, 0): WHO[0], (1, 0): RAIN[0], (1, 1): "2024", (1, 2): CRISIS[0], (2, 1): SAUDI[0]}
    table.cell(0, 0).merge(table.cell(0, 2))  # merged across
    table.cell(1, 0).merge(table.cell(2, 0))  # merged down
    for (row, col), text in cells.items():
        para = table.cell(row, col).paragraphs[0]
        para.add_run(text)
        _rtl(para)

    image = Path(path).with_suffix(".png")
    image.write_bytes(png_bytes())
    pic = doc.add_paragraph()
    _rtl(pic)
    pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pic.add_run().add_picture(str(image), width=Cm(2))
    image.unlink()

    english = doc.add_paragraph("Already English stays as it is.")
    english.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.core_properties.title = SAUDI[0]
    doc.core_properties.language = "ar-SA"
    doc.save(path)
    return Path(path)


_WORDISH = """<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:p w:rsidR="00A1"><w:pPr><w:bidi/></w:pPr><w:bookmarkStart w:id="0" w:name="top"/>
 <w:r w:rsidR="00B2"><w:rPr><w:rFonts w:hint="cs"/><w:rtl/></w:rPr><w:t>&#x200F;عقد مجلس الوزراء </w:t></w:r>
 <w:proofErr w:type="spellStart"/>
 <w:r w:rsidR="00C3"><w:rPr><w:rFonts w:hint="cs"/><w:rtl/></w:rPr><w:t>اجتماعه</w:t></w:r>
 <w:proofErr w:type="spellEnd"/>
 <w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:rPr><w:rFonts w:hint="cs"/><w:rtl/></w:rPr>
  <w:t xml:space="preserve"> الأسبوعي صباح اليوم في العاصمة.</w:t></w:r></w:ins>
 <w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z"><w:r><w:rPr><w:rtl/></w:rPr>
  <w:delText>نص محذوف</w:delText></w:r></w:del>
 <w:bookmarkEnd w:id="0"/></w:p>
<w:p><w:pPr><w:bidi/></w:pPr>
 <w:r><w:fldChar w:fldCharType="begin"/></w:r>
 <w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/who" </w:instrText></w:r>
 <w:r><w:fldChar w:fldCharType="separate"/></w:r>
 <w:r><w:rPr><w:rStyle w:val="Hyperlink"/><w:rtl/></w:rPr><w:t>منظمة الصحة العالمية تحذر من نقص الأدوية</w:t></w:r>
 <w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:sdt><w:sdtPr><w:alias w:val="Box"/></w:sdtPr><w:sdtContent>
 <w:p><w:pPr><w:bidi/></w:pPr><w:dir w:val="rtl"><w:r><w:rPr><w:rtl/></w:rPr>
  <w:t>أمطار غزيرة تضرب شمال لبنان</w:t></w:r></w:dir></w:p>
</w:sdtContent></w:sdt>
<w:p><w:pPr><w:bidi/></w:pPr><w:r><w:rPr><w:rtl/></w:rPr><w:t>اكتشاف أثري جديد في الأقصر</w:t><w:br/>
 <w:t>المنتخب السعودي يتأهل إلى كأس العالم</w:t></w:r></w:p>
</w:body>"""


def build_wordish_docx(path: Path) -> Path:
    """What Word itself writes: runs split by revision ids and proofing marks, a tracked
    insertion and deletion, bookmarks, a HYPERLINK field, a content control, a w:dir
    embedding, direction marks and a line break inside one run."""
    from docx.oxml import parse_xml

    doc = Document()
    body = doc.element.body
    sect = body[-1]
    for el in list(parse_xml(_WORDISH)):
        sect.addprevious(el)
    doc.save(path)
    return Path(path)
