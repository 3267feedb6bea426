"""``--layout same``: a DOCX translated into the same DOCX, read back from its XML.

The sources are right-to-left Arabic documents made with python-docx (built here) and
with LibreOffice (``tests/fixtures/layout/report-rtl.docx``, converted from the .fodt
beside it); the English is the tiny fixture model's exact output.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from layout_docs import (
    BILL,
    CABINET,
    CAIRO,
    CONFERENCE,
    CRISIS,
    GAZA,
    HEADLINE,
    LUXOR,
    NATO,
    OIL,
    PALACE,
    RAIN,
    RESHUFFLE,
    RESIGN,
    SAUDI,
    SUMMIT,
    WHO,
    build_python_docx,
)
from lxml import etree

from desk.cli import main
from desk.documents.docx_reader import paragraph_text
from desk.errors import DocumentError, ExportError
from desk.export.same_layout import write_same_layout
from desk.export.sentence_lookup import engine_texts
from desk.textnorm import has_arabic

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "r": R, "mc": MC}
LO_FIXTURE = Path(__file__).parent / "fixtures" / "layout" / "report-rtl.docx"
TEXT_PARTS = ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/footnotes.xml",
              "word/endnotes.xml")


@pytest.fixture(scope="module")
def texts(tiny_translator):
    return engine_texts(tiny_translator, beam_size=1)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _xml(parts: dict[str, bytes], name: str):
    return etree.fromstring(parts[name])


def _paragraphs(root) -> list:
    return [p for p in root.iter(f"{{{W}}}p") if paragraph_text(p).strip()]


def _texts(root) -> list[str]:
    return [paragraph_text(p).strip() for p in _paragraphs(root)]


def _assert_ltr(root) -> None:
    assert not root.xpath("//w:bidi[not(@w:val='0')]", namespaces=NS)
    assert not root.xpath("//w:bidiVisual", namespaces=NS)
    for p in _paragraphs(root):
        if not has_arabic(paragraph_text(p)):
            assert not p.xpath(".//w:r[not(ancestor::w:del)]/w:rPr/w:rtl", namespaces=NS), paragraph_text(p)
            langs = p.xpath(".//w:r[not(ancestor::w:del)]/w:rPr/w:lang/@w:val", namespaces=NS)
            assert all(not v.startswith("ar") for v in langs)


def _run_with(root, text: str):
    for t in root.iter(f"{{{W}}}t"):
        if t.text == text:
            return t.getparent()
    raise AssertionError(f"no run holds {text!r}")


@pytest.fixture(scope="module")
def python_docx_pair(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("pydocx")
    source = build_python_docx(folder / "report.docx")
    out = folder / "report.en.docx"
    result = write_same_layout(source, out, texts)
    return source, out, result


def test_python_docx_every_part_kept_and_non_text_parts_byte_identical(python_docx_pair):
    source, out, result = python_docx_pair
    before, after = _parts(source), _parts(out)
    assert list(after) == list(before)
    for name in before:
        if name not in result.parts:
            assert after[name] == before[name], name
    assert any(n.startswith("word/media/") for n in after)
    core = _xml(after, "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert (core.findtext(f"{dc}title"), core.findtext(f"{dc}language")) == (SAUDI[1], "en-US")
    assert result.warnings == []
    assert set(result.parts) == {"word/document.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml"}


def test_python_docx_every_arabic_paragraph_is_exact_english(python_docx_pair):
    _, out, _ = python_docx_pair
    parts = _parts(out)
    body = _xml(parts, "word/document.xml")
    assert _texts(body) == [
        OIL[1], f"{CABINET[1]} {RESHUFFLE[1]}", CAIRO[1], PALACE[1], f"{HEADLINE[1]}: {BILL[1]}", NATO[1],
        SUMMIT[1], WHO[1], RAIN[1], "2024", CRISIS[1], SAUDI[1], "Already English stays as it is."]
    assert _texts(_xml(parts, "word/header1.xml")) == [HEADLINE[1]]
    assert _texts(_xml(parts, "word/footer1.xml")) == [f"{LUXOR[1]}\t2024"]  # the tab stop is kept
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml", "word/styles.xml"):
        _assert_ltr(_xml(parts, name))


def test_python_docx_formatting_links_tables_image(python_docx_pair):
    source, out, _ = python_docx_pair
    parts = _parts(out)
    body = _xml(parts, "word/document.xml")
    # sentence-aligned runs: the bold sentence stays bold (bCs of the RTL run became b), the next is plain
    bold = _run_with(body, CABINET[1])
    assert bold.find(f"{{{W}}}rPr/{{{W}}}b") is not None
    plain = _run_with(body, " " + RESHUFFLE[1])
    assert plain.find(f"{{{W}}}rPr/{{{W}}}b") is None
    # a bold Latin name inside a sentence is found in the English and stays bold
    name = _run_with(body, "NATO")
    assert name.find(f"{{{W}}}rPr/{{{W}}}b") is not None
    rest = name.getnext()
    assert rest.findtext(f"{{{W}}}t") == NATO[1][len("NATO"):] and rest.find(f"{{{W}}}rPr/{{{W}}}b") is None
    # a bold label keeps its bold, the text after it stays plain
    assert _run_with(body, HEADLINE[1] + ":").find(f"{{{W}}}rPr/{{{W}}}b") is not None
    # the Arabic font on the Latin slots was swapped for the document's Latin font; language is English
    fonts = bold.find(f"{{{W}}}rPr/{{{W}}}rFonts")
    assert fonts.get(f"{{{W}}}ascii") != "Simplified Arabic"
    assert bold.find(f"{{{W}}}rPr/{{{W}}}lang").get(f"{{{W}}}val") == "en-US"
    # the link holds its sentence and keeps its target
    link = _run_with(body, PALACE[1]).getparent()
    assert link.tag == f"{{{W}}}hyperlink"
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    target = [r.get("Target") for r in rels if r.get("Id") == link.get(f"{{{R}}}id")]
    assert target == ["https://example.org/palace"]
    # table: merged cells kept, columns no longer drawn right to left
    assert body.xpath("//w:tc/w:tcPr/w:gridSpan/@w:val", namespaces=NS) == ["3"]
    assert len(body.xpath("//w:tc/w:tcPr/w:vMerge", namespaces=NS)) == 2
    # image: the drawing still points at the same media part
    embed = body.xpath("//a:blip/@r:embed", namespaces={**NS, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"})
    assert len(embed) == 1
    # list numbering style and section settings kept, section direction gone
    assert body.xpath("//w:pStyle/@w:val", namespaces=NS).count("ListNumber") == 2
    assert body.find(f".//{{{W}}}sectPr/{{{W}}}pgSz") is not None
    assert body.find(f".//{{{W}}}sectPr/{{{W}}}bidi") is None


def test_already_english_paragraph_is_unchanged(python_docx_pair):
    source, out, _ = python_docx_pair

    def english(path):
        body = _xml(_parts(path), "word/document.xml")
        p = next(p for p in body.iter(f"{{{W}}}p") if paragraph_text(p) == "Already English stays as it is.")
        return etree.tostring(p)

    assert english(out) == english(source)


# --- the LibreOffice-made document -----------------------------------------------------
@pytest.fixture(scope="module")
def lo_pair(tmp_path_factory, texts):
    out = tmp_path_factory.mktemp("lo") / "report-en.docx"
    result = write_same_layout(LO_FIXTURE, out, texts)
    return out, result


def test_libreoffice_docx_parts_and_exact_english(lo_pair):
    out, result = lo_pair
    before, after = _parts(LO_FIXTURE), _parts(out)
    assert list(after) == list(before)
    for name in ("docProps/core.xml", "docProps/app.xml", "word/settings.xml", "word/fontTable.xml",
                 "[Content_Types].xml", "_rels/.rels"):
        assert after[name] == before[name], name
    assert after["word/media/image1.png"] == before["word/media/image1.png"]
    assert after["word/_rels/document.xml.rels"] == before["word/_rels/document.xml.rels"]
    body = _xml(after, "word/document.xml")
    texts = _texts(body)
    for expected in (OIL[1], f"{CABINET[1]} {RESHUFFLE[1]}", CAIRO[1], PALACE[1], NATO[1], SUMMIT[1], WHO[1],
                     RAIN[1], CRISIS[1], SAUDI[1], CONFERENCE[1], BILL[1]):
        assert expected in texts, expected
    assert not any(has_arabic(t) for t in texts)
    assert _texts(_xml(after, "word/header1.xml")) == [HEADLINE[1]]
    assert _texts(_xml(after, "word/footer1.xml")) == [LUXOR[1]]
    assert _texts(_xml(after, "word/footnotes.xml")) == [RESIGN[1]]
    assert _texts(_xml(after, "word/endnotes.xml")) == [GAZA[1]]
    for name in TEXT_PARTS + ("word/styles.xml",):
        _assert_ltr(_xml(after, name))
    assert set(result.parts) == set(TEXT_PARTS) | {"word/styles.xml"}


def test_libreoffice_docx_text_box_footnote_reference_numbering(lo_pair):
    out, _ = lo_pair
    body = _xml(_parts(out), "word/document.xml")
    # the text box is translated in both the DrawingML shape and its VML fallback
    boxes = body.xpath("//w:txbxContent", namespaces=NS)
    assert len(boxes) == 2 and {_texts(b)[0] for b in boxes} == {BILL[1]}
    assert body.xpath("//mc:Choice//w:txbxContent", namespaces=NS)
    assert body.xpath("//mc:Fallback//w:txbxContent", namespaces=NS)
    # the footnote reference stays after the sentence it followed
    ref = body.find(f".//{{{W}}}footnoteReference")
    p = next(a for a in ref.iterancestors(f"{{{W}}}p"))
    runs = p.findall(f".//{{{W}}}r")
    assert runs.index(ref.getparent()) == len(runs) - 1
    assert len(body.xpath("//w:numPr", namespaces=NS)) == 2
    assert body.xpath("//w:hyperlink", namespaces=NS)
    # the bold span around NATO in the list item: still bold, on the English word
    assert _run_with(body, "NATO").find(f"{{{W}}}rPr/{{{W}}}b") is not None
    bold = _run_with(body, CABINET[1])
    assert bold.find(f"{{{W}}}rPr/{{{W}}}b") is not None and bold.find(f"{{{W}}}rPr/{{{W}}}rtl") is None


def test_a_left_to_right_english_document_comes_back_byte_for_byte(tmp_path, texts):
    from docx import Document

    doc = Document()
    doc.add_heading("Annual report", level=1)
    doc.add_paragraph("Nothing here is Arabic.")
    doc.sections[0].header.paragraphs[0].text = "Letterhead"
    doc.save(tmp_path / "en.docx")
    result = write_same_layout(tmp_path / "en.docx", tmp_path / "en2.docx", texts)
    assert result.parts == [] and result.sentences == 0
    assert _parts(tmp_path / "en2.docx") == _parts(tmp_path / "en.docx")


@pytest.mark.parametrize("damage, warning", [
    (lambda data: data[:-20], "word/header1.xml could not be read and was kept as it was (untranslated)."),
    (lambda data: data.replace(b"?>", b'?><!DOCTYPE w:hdr [<!ENTITY x "y">]>', 1),
     "word/header1.xml declares a DTD or entities and was kept as it was."),
])
def test_broken_header_is_kept_as_it_was_with_a_warning(tmp_path, texts, damage, warning):
    source = build_python_docx(tmp_path / "broken.docx")
    parts = _parts(source)
    parts["word/header1.xml"] = damage(parts["word/header1.xml"])
    broken = tmp_path / "broken2.docx"
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out = tmp_path / "out.docx"
    result = write_same_layout(broken, out, texts)
    assert _parts(out)["word/header1.xml"] == parts["word/header1.xml"]
    assert result.warnings == [warning]
    assert _texts(_xml(_parts(out), "word/footer1.xml")) == [f"{LUXOR[1]}\t2024"]


def test_broken_body_is_a_document_error(tmp_path, texts):
    source = build_python_docx(tmp_path / "a.docx")
    parts = _parts(source)
    parts["word/document.xml"] = b"<w:document"
    broken = tmp_path / "b.docx"
    with zipfile.ZipFile(broken, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(DocumentError, match="broken XML"):
        write_same_layout(broken, tmp_path / "out.docx", texts)


def _corrupt_member(path: Path, name: str) -> Path:
    """``path`` with the compressed bytes of ``name`` overwritten (an invalid deflate stream)."""
    import struct

    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
    data = bytearray(path.read_bytes())
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    path.write_bytes(bytes(data))
    return path


def test_corrupt_body_stream_is_the_readers_document_error(tmp_path):
    from hostile import make

    from desk.documents import read_document

    source = _corrupt_member(make.valid_docx(tmp_path, ["ذهب الولد إلى المدرسة."]), "word/document.xml")
    with pytest.raises(DocumentError) as read:
        read_document(source)
    with pytest.raises(DocumentError) as written:
        write_same_layout(source, tmp_path / "out.docx", lambda texts: ["x"] * len(texts))
    assert written.value.reason == read.value.reason == "it is not a valid DOCX file (corrupt or truncated)."
    assert not (tmp_path / "out.docx").exists()


def test_body_over_the_cap_is_refused_like_the_reader(tmp_path, monkeypatch):
    from hostile import make

    from desk.documents import limits

    monkeypatch.setattr(limits, "MAX_DOCX_BODY", 64)
    source = make.valid_docx(tmp_path, ["ذهب الولد إلى المدرسة."])
    with pytest.raises(DocumentError, match="text part unpacks to more than"):
        write_same_layout(source, tmp_path / "out.docx", lambda texts: ["x"] * len(texts))


def test_failed_translation_leaves_the_previous_output(tmp_path):
    source = build_python_docx(tmp_path / "a.docx")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")

    def failing(texts):
        raise ExportError("engine stopped")

    with pytest.raises(ExportError):
        write_same_layout(source, out, failing)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "out.docx"]


def test_refuses_other_format_pairs_in_one_sentence(tmp_path):
    source = build_python_docx(tmp_path / "a.docx")
    for out in ("a.en.html", "a.en.txt", "a.en"):
        with pytest.raises(ExportError, match="--layout same needs") as info:
            write_same_layout(source, tmp_path / out, lambda t: t)
        assert "\n" not in str(info.value)
    with pytest.raises(ExportError, match="source file"):
        write_same_layout(source, source, lambda t: t)


def test_cli_layout_same(tmp_path, capsys, fixture_model_dir):
    source = build_python_docx(tmp_path / "report.docx")
    out = tmp_path / "report.en.docx"
    code = main(["translate", str(source), "-o", str(out), "--layout", "same", "--model", str(fixture_model_dir),
                 "--beam", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "13 paragraphs" in err
    assert _texts(_xml(_parts(out), "word/header1.xml")) == [HEADLINE[1]]


def test_cli_layout_same_refuses_mismatched_output(tmp_path, capsys, fixture_model_dir):
    source = build_python_docx(tmp_path / "report.docx")
    code = main(["translate", str(source), "-o", str(tmp_path / "x.txt"), "--layout", "same",
                 "--model", str(fixture_model_dir)])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "--layout same needs" in err
    assert not (tmp_path / "x.txt").exists()


def test_word_style_runs_fields_tracked_changes_and_controls(tmp_path, texts):
    from layout_docs import build_wordish_docx

    source = build_wordish_docx(tmp_path / "word.docx")
    out = tmp_path / "word.en.docx"
    write_same_layout(source, out, texts)
    body = _xml(_parts(out), "word/document.xml")
    first, field, _, lines = list(body.iter(f"{{{W}}}p"))[:4]
    # one sentence over three runs of the same formatting: the English is in the first, the others are gone
    assert [t.text for t in first.iter(f"{{{W}}}t")] == [CABINET[1]]
    assert first.find(f"{{{W}}}bookmarkStart") is not None and first.find(f"{{{W}}}bookmarkEnd") is not None
    assert first.find(f"{{{W}}}del") is not None  # deleted text stays deleted, in Arabic
    assert "\u200f" not in etree.tostring(first, encoding="unicode")
    # a HYPERLINK field: the instruction is untouched, the result is English
    assert field.xpath("string(.//w:instrText)", namespaces=NS).strip() == 'HYPERLINK "https://example.org/who"'
    assert [t.text for t in field.iter(f"{{{W}}}t")] == [WHO[1]]
    assert len(field.xpath(".//w:fldChar", namespaces=NS)) == 3
    # the content control keeps its properties; the embedding is now left-to-right
    sdt = body.find(f".//{{{W}}}sdt")
    assert sdt.find(f"{{{W}}}sdtPr/{{{W}}}alias") is not None
    assert sdt.xpath(".//w:dir/@w:val", namespaces=NS) == ["ltr"]
    assert paragraph_text(sdt.find(f".//{{{W}}}p")) == RAIN[1]
    # a line break inside a run: both lines translated, the break kept between them
    assert paragraph_text(lines) == f"{LUXOR[1]}\n{SAUDI[1]}"
    _assert_ltr(body)


def test_cli_layout_same_html_with_progress(tmp_path, capsys, fixture_model_dir, fixture_corpus):
    pairs = fixture_corpus[:24]
    source = tmp_path / "page.htm"
    source.write_text('<html dir="rtl" lang="ar"><body>' + "".join(f"<p>{ar}</p>" for ar, _ in pairs)
                      + "</body></html>", encoding="utf-8")
    out = tmp_path / "page.en.html"
    code = main(["translate", str(source), "-o", str(out), "--layout", "same", "--model", str(fixture_model_dir),
                 "--beam", "1"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "translated 24/24 sentences" in err and "24 paragraphs" in err
    import lxml.html

    root = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert [p.text for p in root.iter("p")] == [en for _, en in pairs]
    assert (root.get("dir"), root.get("lang")) == ("ltr", "en")


def test_cli_layout_same_progress_into_a_log_is_a_few_whole_lines(tmp_path, capsys, fixture_model_dir,
                                                                  fixture_corpus):
    """stderr is a file (capsys): the shared Progress prints every 10 %, never one \r update per sentence."""
    source = tmp_path / "page.html"
    source.write_text("<html><body>" + "".join(f"<p>{ar}</p>" for ar, _ in fixture_corpus[:24]) + "</body></html>",
                      encoding="utf-8")
    assert main(["translate", str(source), "-o", str(tmp_path / "out.html"), "--layout", "same",
                 "--model", str(fixture_model_dir), "--beam", "1"]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "translated " in line and "/24 sentences" in line]
    assert "\r" not in err and 1 < len(lines) <= 11 and "(100%" in lines[-1]
