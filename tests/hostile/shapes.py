"""Generators for the hostile shapes of issue 17: files built to cost time or memory.

Each takes a folder and a size knob and returns the path; the tests use small sizes (the
old code already blew its budget there) and ``tests/hostile/measure.py`` the large ones.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from hostile.make import CONTENT_TYPES, RELS, STYLES, W_NS, write_zip

ARABIC = "ذهب الولد إلى المدرسة صباحا. "


def _docx(path: Path, body: str, styles: str = STYLES) -> Path:
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    return write_zip(path, {"[Content_Types].xml": CONTENT_TYPES.encode(), "_rels/.rels": RELS.encode(),
                            "word/document.xml": doc.encode(), "word/styles.xml": styles.encode()})


def _p(text: str, inner: str = "", style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r>{inner}</w:p>"


def nested_textboxes_docx(folder: Path, levels: int = 24) -> Path:
    """``levels`` text boxes, each in a run of a paragraph of the one outside it (1.3 KB at 24)."""
    inner = ""
    for n in range(levels, 0, -1):
        inner = f"<w:r><w:pict><w:txbxContent>{_p(f'box{n}', inner)}</w:txbxContent></w:pict></w:r>"
    return _docx(Path(folder) / f"textboxes-{levels}.docx", _p("outside", inner))


def nested_controls_docx(folder: Path, levels: int = 40) -> Path:
    """Content controls inside content controls, ``levels`` deep."""
    body = _p("inner")
    for _ in range(levels):
        body = f"<w:sdt><w:sdtContent>{body}</w:sdtContent></w:sdt>"
    return _docx(Path(folder) / f"controls-{levels}.docx", _p("outer") + body)


def nested_tables_docx(folder: Path, levels: int = 40) -> Path:
    """A table in a cell of a table ... ``levels`` deep."""
    body = _p("inner")
    for _ in range(levels):
        body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl><w:p/>"
    return _docx(Path(folder) / f"tables-{levels}.docx", _p("outer") + body)


def style_chain_docx(folder: Path, styles: int = 40_000) -> Path:
    """Styles each based on the previous one; one paragraph uses each style (0.6 MB zipped at 40,000)."""
    defs = "".join(f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="s{i}"/>'
                   + (f'<w:basedOn w:val="s{i - 1}"/>' if i else "") + "</w:style>" for i in range(styles))
    body = "".join(_p("نص", style=f"s{i}") for i in range(0, styles, max(1, styles // 2000)))
    return _docx(Path(folder) / f"styles-{styles}.docx", body,
                 styles=f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">{defs}</w:styles>')


def big_docx(folder: Path, xml_mb: int = 190) -> Path:
    """An honest DOCX whose body XML is about ``xml_mb`` MB (formatted runs, like Word writes).

    Seeded random words, so it compresses like real prose (about 30:1), not like a bomb.
    """
    import random

    rng = random.Random(17)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    words = ["".join(rng.choice(letters) for _ in range(rng.randint(2, 8))) for _ in range(5000)]
    head = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}"><w:body>').encode()
    path = Path(folder) / f"big-{xml_mb}mb.docx"
    target = xml_mb * 1024 * 1024
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/styles.xml", STYLES)
        with zf.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(head)
            written = 0
            while written < target:
                runs = "".join(
                    '<w:r><w:rPr><w:rFonts w:ascii="Arial" w:cs="Arial"/><w:rtl/><w:sz w:val="24"/></w:rPr>'
                    f'<w:t xml:space="preserve">{" ".join(rng.choices(words, k=12))}. </w:t></w:r>'
                    for _ in range(6))
                para = f'<w:p><w:pPr><w:bidi/><w:jc w:val="right"/></w:pPr>{runs}</w:p>'.encode()
                out.write(para)
                written += len(para)
            out.write(b"</w:body></w:document>")
    return path


def markdown_brackets(folder: Path, n: int = 200_000) -> Path:
    path = Path(folder) / f"brackets-{n}.md"
    path.write_text("نص قبل. " + "[" * n + "\n", encoding="utf-8")
    return path


def giant_word(folder: Path, mb: float = 3) -> Path:
    """One "word" of ``mb`` MB with no space (Arabic letters)."""
    path = Path(folder) / f"word-{mb}mb.txt"
    path.write_text("كتب" * int(mb * 1024 * 1024 / 6), encoding="utf-8")
    return path


def invalid_byte_text(folder: Path, mb: int = 50, suffix: str = ".txt") -> Path:
    """UTF-8 Arabic prose of ``mb`` MB (just under the cap) with one invalid byte in the middle."""
    size = mb * 1024 * 1024 - 1024
    line = (ARABIC * 20 + "\n\n").encode()
    data = bytearray(line * (size // len(line)))
    data[len(data) // 2 // len(line) * len(line)] = 0xFF
    path = Path(folder) / f"one-bad-byte-{mb}mb{suffix}"
    path.write_bytes(bytes(data))
    return path


def big_html(folder: Path, mb: int = 40) -> Path:
    """A saved page of about ``mb`` MB: an article of many paragraphs."""
    para = f"<p>{ARABIC * 10}</p>\n"
    count = int(mb * 1024 * 1024 // len(para.encode()))
    path = Path(folder) / f"page-{mb}mb.html"
    path.write_text(f'<html lang="ar"><head><meta charset="utf-8"><title>t</title></head><body><article>'
                    f"{para * count}</article></body></html>", encoding="utf-8")
    return path


def html_table_without_body(folder: Path, rows: int = 20_000) -> Path:
    """A fragment (no ``<body>``, as Paste-as-HTML gives) holding one long table."""
    path = Path(folder) / f"table-{rows}.html"
    path.write_text("<table>" + "".join(f"<tr><td>خلية {r}</td><td>{r}</td></tr>" for r in range(rows))
                    + "</table>", encoding="utf-8")
    return path


def operators_pdf(folder: Path, pages: int = 1000, operators: int = 7000) -> Path:
    """``pages`` pages of ``operators`` drawing operators each (a vector-art PDF), one text line per page."""
    import pypdf
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = pypdf.PdfWriter()
    font = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                                NameObject("/Subtype"): NameObject("/Type1"),
                                                NameObject("/BaseFont"): NameObject("/Helvetica")}))
    resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    op = b"q 1 0 0 1 %d %d cm BT /F1 1 Tf (.) Tj ET Q 0 0 m %d %d l S\n"
    draw = b"".join(op % (i % 600, (i * 7) % 780, i % 5, i % 3) for i in range(operators // 11))
    text = b"BT /F1 12 Tf 72 720 Td (Vector page) Tj ET\n"
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        stream = DecodedStreamObject()
        stream.set_data(text + draw)
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = resources
    path = Path(folder) / f"operators-{pages}x{operators}.pdf"
    with open(path, "wb") as out:
        writer.write(out)
    return path


def xml_invalid_text(folder: Path, name: str = "controls.txt") -> Path:
    """Arabic text holding U+FFFF, U+FFFE, C0 and C1 controls and a lone surrogate escape."""
    path = Path(folder) / name
    path.write_text("ذهب\uffff الولد\ufffe إلى\x01 المدرسة\x1b[2J صباحا\x85 اليوم\u0090.\n", encoding="utf-8")
    return path


def cut_utf8(folder: Path) -> Path:
    """61 bytes of Arabic UTF-8 whose last character is cut in half."""
    path = Path(folder) / "cut.txt"
    data = "ذهب الولد إلى المدرسة صباحا اليوم".encode()
    path.write_bytes(data[:61] if len(data) > 61 else data[:-1])
    return path


def stray_byte(folder: Path) -> Path:
    path = Path(folder) / "stray.txt"
    path.write_bytes("ذهب الولد إلى المدرسة.".encode() + b"\xff" + " وعاد إلى البيت.".encode())
    return path


def mixed_encodings(folder: Path) -> Path:
    """A UTF-8 paragraph and a Windows-1256 paragraph in one file."""
    path = Path(folder) / "mixed.txt"
    path.write_bytes("ذهب الولد إلى المدرسة.\n\n".encode() + "وعاد إلى البيت مساء.\n".encode("cp1256"))
    return path


def charset_lie_html(folder: Path, charset: str = "windows-1256") -> Path:
    """UTF-8 bytes under a ``<meta charset>`` naming another encoding."""
    path = Path(folder) / f"lie-{charset}.html"
    path.write_bytes(f'<html><head><meta charset="{charset}"></head><body><p>ذهب الولد إلى المدرسة.</p>'
                     "</body></html>".encode())
    return path
