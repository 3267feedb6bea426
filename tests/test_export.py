"""Writers: bilingual/English DOCX (checked in the XML), TMX, TXT, JSON, errors.

Translations here are built by hand: these tests check writing, not translating.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from desk.documents import Block, Document, read_document
from desk.errors import ExportError
from desk.export import ExportOptions, write_translation
from desk.results import SentenceTranslation

FIX = Path(__file__).resolve().parent / "fixtures" / "documents"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def make_doc() -> Document:
    return Document("العراق يعلن بدء المفاوضات", (
        Block("heading", "العراق يعلن بدء المفاوضات", level=1),
        Block("paragraph", "أعلنت الوزارة بدء المفاوضات. وقال المتحدث إنها ستستمر في 2020."),
        Block("list_item", "إعادة مواقع في قاعدة القيارة."),
        Block("quote", "التحالف موجود في العراق."),
        Block("table_cell", "المدينة", cell=(0, 0, 0)), Block("table_cell", "السكان", cell=(0, 0, 1)),
        Block("table_cell", "بغداد", cell=(0, 1, 0)), Block("table_cell", "7 ملايين", cell=(0, 1, 1)),
        Block("paragraph", "السطر الأول.\nالسطر الثاني."),
    ), path="/data/news.docx", format="docx")


def english(doc: Document) -> list[SentenceTranslation]:
    return [SentenceTranslation(s.paragraph, s.index, s.span, s.text, f"English {s.index}.", score=-0.25)
            for s in doc.sentences()]


def options(**kw) -> ExportOptions:
    return ExportOptions(model_name="opus-mt-ar-en", source_name="news.docx", date=WHEN, **kw)


def body(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def para_text(p) -> str:
    return "".join("\n" if el.tag == f"{W}br" else (el.text or "") for el in p.iter(f"{W}t", f"{W}br"))


def cell_text(tc) -> str:
    return "\n".join(para_text(p) for p in tc.iter(f"{W}p"))


def is_arabic_paragraph(p) -> bool:
    return p.find(f"{W}pPr/{W}bidi") is not None


def check_arabic_runs(p) -> None:
    runs = p.findall(f"{W}r")
    assert runs
    for r in runs:
        rpr = r.find(f"{W}rPr")
        assert rpr.find(f"{W}rtl") is not None
        assert rpr.find(f"{W}rFonts").get(f"{W}cs") == "Noto Naskh Arabic"
        assert rpr.find(f"{W}lang").get(f"{W}bidi") == "ar-SA"


# -- bilingual DOCX ---------------------------------------------------------------------------
@pytest.mark.parametrize("on_right", [True, False])
def test_bilingual_docx_columns_direction_and_fonts(tmp_path, on_right):
    doc = make_doc()
    out = write_translation(tmp_path / "out.docx", doc, english(doc), options=options(arabic_on_right=on_right))
    root = body(out)
    tables = root.findall(f".//{W}tbl")
    assert len(tables) == 1
    rows = tables[0].findall(f"{W}tr")
    ar, en = (1, 0) if on_right else (0, 1)
    header = rows[0].findall(f"{W}tc")
    assert cell_text(header[ar]) == "العربية" and cell_text(header[en]) == "English"
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    # heading row: merged across both columns, Arabic then English
    heading = rows[1].findall(f"{W}tc")
    assert len(heading) == 1 and heading[0].find(f"{W}tcPr/{W}gridSpan").get(f"{W}val") == "2"
    assert cell_text(heading[0]) == "العراق يعلن بدء المفاوضات\nEnglish 0."
    # sentence rows: one per sentence, Arabic RTL, English LTR
    text_rows = [[cell_text(tc) for tc in r.findall(f"{W}tc")] for r in rows[2:]]
    pairs = [(r[ar], r[en]) for r in text_rows]
    assert pairs[:3] == [("أعلنت الوزارة بدء المفاوضات.", "English 1."),
                         ("وقال المتحدث إنها ستستمر في 2020.", "English 2."),
                         ("• إعادة مواقع في قاعدة القيارة.", "• English 3.")]
    assert len(pairs) == len(doc.sentences()) - 1
    for r in rows[2:]:
        tcs = r.findall(f"{W}tc")
        for p in tcs[ar].findall(f"{W}p"):
            assert is_arabic_paragraph(p)
            check_arabic_runs(p)
        for p in tcs[en].findall(f"{W}p"):
            assert not is_arabic_paragraph(p)
            assert all(run.find(f"{W}rPr/{W}rtl") is None for run in p.findall(f"{W}r"))


def test_bilingual_docx_title_metadata_summary_and_landscape(tmp_path):
    doc = make_doc()
    out = write_translation(tmp_path / "s.docx", doc, english(doc),
                            options=options(summary_indices=(1, 2), landscape=True, title="Talks report"))
    root = body(out)
    paragraphs = [p for p in root.find(f"{W}body") if p.tag == f"{W}p"]
    texts = ["".join(t.text for t in p.iter(f"{W}t")) for p in paragraphs]
    assert texts[0] == "Talks report"
    assert texts[1] == "Source: news.docx · Model: opus-mt-ar-en · Date: 2026-03-04 05:06 UTC"
    assert texts[2:7] == ["Summary", "الملخص", "أعلنت الوزارة بدء المفاوضات. وقال المتحدث إنها ستستمر في 2020.",
                          "English", "English 1. English 2."]
    assert is_arabic_paragraph(paragraphs[4]) and not is_arabic_paragraph(paragraphs[6])
    check_arabic_runs(paragraphs[4])
    size = root.find(f".//{W}sectPr/{W}pgSz")
    assert size.get(f"{W}orient") == "landscape" and int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    with zipfile.ZipFile(out) as z:
        fonts = etree.fromstring(z.read("word/fontTable.xml"))
    alt = fonts.find(f"{W}font[@{W}name='Noto Naskh Arabic']/{W}altName")
    assert alt is not None and alt.get(f"{W}val") == "Arial"


def test_bilingual_docx_paragraph_rows(tmp_path):
    doc = make_doc()
    out = write_translation(tmp_path / "p.docx", doc, english(doc), options=options(rows="paragraph"))
    rows = body(out).findall(f".//{W}tr")
    assert len(rows) == 1 + len(doc.blocks)
    second = [cell_text(tc) for tc in rows[2].findall(f"{W}tc")]
    assert second == ["English 1. English 2.", "أعلنت الوزارة بدء المفاوضات. وقال المتحدث إنها ستستمر في 2020."]
    last = [cell_text(tc) for tc in rows[-1].findall(f"{W}tc")]
    assert last == ["English 9.\nEnglish 10.", "السطر الأول.\nالسطر الثاني."]


def test_bilingual_docx_reads_back(tmp_path):
    doc = make_doc()
    out = write_translation(tmp_path / "b.docx", doc, english(doc), options=options())
    back = read_document(out)
    assert back.blocks[0].text == "العراق يعلن بدء المفاوضات"
    assert "English 1." in [b.text for b in back.blocks]


# -- English DOCX keeps the structure ---------------------------------------------------------
def test_target_docx_keeps_headings_lists_quotes_tables(tmp_path):
    doc = make_doc()
    out = write_translation(tmp_path / "en.docx", doc, english(doc), layout="target", options=options())
    back = read_document(out)
    assert back.title == "English 0."
    assert [(b.kind, b.text, b.cell) for b in back.blocks] == [
        ("heading", "English 0.", None),
        ("paragraph", "English 1. English 2.", None),
        ("list_item", "English 3.", None),
        ("quote", "English 4.", None),
        ("table_cell", "English 5.", (0, 0, 0)), ("table_cell", "English 6.", (0, 0, 1)),
        ("table_cell", "English 7.", (0, 1, 0)), ("table_cell", "English 8.", (0, 1, 1)),
        ("paragraph", "English 9.\nEnglish 10.", None),
    ]
    assert back.blocks[0].level == 0  # the Title style
    assert "bidi" not in zipfile.ZipFile(out).read("word/document.xml").decode()


# -- TMX --------------------------------------------------------------------------------------
def test_tmx_structure(tmp_path):
    doc = make_doc()
    items = english(doc)
    out = write_translation(tmp_path / "m.tmx", doc, items, options=options())
    root = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert {k: header.get(k) for k in ("creationtool", "datatype", "segtype", "adminlang", "srclang", "o-tmf")} == {
        "creationtool": "Tarjama Desk", "datatype": "plaintext", "segtype": "sentence", "adminlang": "en",
        "srclang": "ar", "o-tmf": "TarjamaDesk"}
    assert header.get("creationtoolversion")
    assert header.get("creationdate") == "20260304T050607Z"
    assert re.fullmatch(r"\d{8}T\d{6}Z", header.get("creationdate"))
    tus = root.findall("body/tu")
    assert len(tus) == len(items)
    for tu, item in zip(tus, items, strict=True):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["ar", "en"]
        assert [t.findtext("seg") for t in tuvs] == [item.source, item.target]
    assert out.read_text(encoding="utf-8").startswith("<?xml version='1.0' encoding='UTF-8'?>")


def test_tmx_drops_what_xml_cannot_hold(tmp_path):
    """A lone surrogate in a target made write_tmx raise UnicodeEncodeError."""
    from dataclasses import replace

    doc = make_doc()
    items = english(doc)
    items[1] = replace(items[1], target="English\ud800 1.\ufdd0\x9f\x01")
    out = write_translation(tmp_path / "m.tmx", doc, items, options=options())
    root = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()
    assert root.findall("body/tu")[1].findall("tuv")[1].findtext("seg") == "English\ufffd 1."


# -- TXT and JSON -----------------------------------------------------------------------------
def test_txt_target_and_bilingual(tmp_path):
    doc = make_doc()
    items = english(doc)
    target = write_translation(tmp_path / "t.txt", doc, items, layout="target").read_text(encoding="utf-8")
    assert target.split("\n\n")[:2] == ["English 0.", "English 1. English 2."]
    assert target.endswith("English 9.\nEnglish 10.\n")
    both = write_translation(tmp_path / "b.txt", doc, items).read_text(encoding="utf-8")
    assert both.split("\n\n")[1] == "أعلنت الوزارة بدء المفاوضات.\nEnglish 1."
    paras = write_translation(tmp_path / "p.txt", doc, items, options=ExportOptions(rows="paragraph"))
    assert paras.read_text(encoding="utf-8").split("\n\n")[1] == \
        "أعلنت الوزارة بدء المفاوضات. وقال المتحدث إنها ستستمر في 2020.\nEnglish 1. English 2."


def test_json(tmp_path):
    doc = make_doc()
    items = english(doc)
    data = json.loads(write_translation(tmp_path / "j.json", doc, items, options=options()).read_text("utf-8"))
    assert data["model"] == "opus-mt-ar-en" and data["source"] == "news.docx"
    assert data["sentences"][1] == {"paragraph": 1, "index": 1, "source": "أعلنت الوزارة بدء المفاوضات.",
                                    "target": "English 1.", "score": -0.25}
    assert len(data["sentences"]) == len(items)


# -- errors -----------------------------------------------------------------------------------
def test_unknown_extension_and_bad_options(tmp_path):
    doc = make_doc()
    with pytest.raises(ExportError, match=r"^Cannot write out\.pdf: \.pdf files cannot be exported"):
        write_translation(tmp_path / "out.pdf", doc, english(doc))
    with pytest.raises(ExportError, match="layout"):
        write_translation(tmp_path / "out.txt", doc, english(doc), layout="sideways")
    with pytest.raises(ExportError, match="rows"):
        write_translation(tmp_path / "out.txt", doc, english(doc), options=ExportOptions(rows="cells"))
    assert list(tmp_path.iterdir()) == []


def test_missing_folder(tmp_path):
    doc = make_doc()
    with pytest.raises(ExportError, match=r"^Cannot write .*out\.docx"):
        write_translation(tmp_path / "no" / "such" / "out.docx", doc, english(doc))


@pytest.mark.parametrize("ext", [".docx", ".tmx", ".txt", ".json"])
def test_full_disk_keeps_the_previous_file(tmp_path, monkeypatch, ext):
    doc = make_doc()
    path = tmp_path / f"out{ext}"
    path.write_bytes(b"previous version")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left on device"):
        write_translation(path, doc, english(doc))
    assert path.read_bytes() == b"previous version"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_tiny_model_translation_of_a_real_docx_round_trips(tmp_path, tiny_translator):
    doc = read_document(FIX / "lo-arabic.docx")
    items = list(tiny_translator.translate_document(doc))
    assert [t.index for t in items] == list(range(len(doc.sentences())))
    out = write_translation(tmp_path / "real.docx", doc, items, options=options())
    rows = body(out).findall(f".//{W}tr")
    headings = sum(1 for b in doc.blocks if b.kind == "heading")
    sentences_outside_headings = sum(1 for t in items if doc.blocks[t.paragraph].kind != "heading")
    assert len(rows) == 1 + headings + sentences_outside_headings
    english_cells = [cell_text(r.findall(f"{W}tc")[0]).removeprefix("• ") for r in rows[1:]
                     if len(r.findall(f"{W}tc")) == 2]
    assert english_cells == [t.target for t in items if doc.blocks[t.paragraph].kind != "heading"]
    tmx = write_translation(tmp_path / "real.tmx", doc, items, options=options())
    segs = etree.parse(str(tmx)).getroot().findall("body/tu/tuv/seg")
    assert [s.text for s in segs[::2]] == [t.source for t in items if t.target.strip()]


def test_target_docx_adds_nothing_to_delete_unless_asked(tmp_path):
    """Issue 16 item 6: no invented title, metadata only on request (always in the properties)."""
    import docx

    doc = make_doc()
    plain = make_doc()
    items = [t for t in english(plain) if t.paragraph != 0]  # no source title block translated
    out = write_translation(tmp_path / "a.docx", plain, items, layout="target", options=options())
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Translation" not in texts and not any("Model:" in t for t in texts)
    props = docx.Document(str(out)).core_properties
    assert "Model: opus-mt-ar-en" in props.comments and "news.docx" in props.comments
    with_meta = write_translation(tmp_path / "b.docx", doc, english(doc), layout="target",
                                  options=options(metadata=True))
    back = read_document(with_meta)
    assert back.blocks[1].text == "Source: news.docx · Model: opus-mt-ar-en · Date: 2026-03-04 05:06 UTC"
