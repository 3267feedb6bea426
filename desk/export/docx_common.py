"""Shared pieces of the two DOCX writers: page setup, text with the right direction,
title and metadata lines, and the atomic save."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt, RGBColor

from desk.atomic import atomic_write_bytes
from desk.export import ooxml
from desk.export.options import ExportOptions
from desk.textnorm import has_arabic, xml_safe

ARABIC_PT = 13
ENGLISH_PT = 11


def new_document(options: ExportOptions):
    """An A4 document (landscape on request) with 2 cm margins and the Arabic font declared."""
    doc = new_docx()
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    if options.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    doc.styles["Normal"].font.size = Pt(ENGLISH_PT)
    ooxml.register_arabic_font(doc)
    return doc


def usable_width(doc):
    section = doc.sections[0]
    return section.page_width - section.left_margin - section.right_margin


def write_text(paragraph, text: str, *, bold: bool = False, italic: bool = False, arabic: bool | None = None,
               size: float | None = None, color: RGBColor | None = None):
    """Add ``text`` as a run; Arabic text makes the paragraph RTL and the run an Arabic run.

    Line breaks inside the text become ``w:br``. Characters XML cannot hold (a control
    character in a file name, in model output) are dropped here, the one funnel of both
    DOCX writers; document text was already cleaned by the readers.
    """
    text = xml_safe(text)
    arabic = has_arabic(text) if arabic is None else arabic
    if arabic:
        ooxml.rtl_paragraph(paragraph)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        if i < len(lines) - 1:
            run.add_break()
        run.bold = bold or None
        run.italic = italic or None
        if color is not None:
            run.font.color.rgb = color
        if arabic:
            run.font.size = Pt(size or ARABIC_PT)
            ooxml.arabic_run(run, size or ARABIC_PT)
        else:
            if size:
                run.font.size = Pt(size)
            ooxml.english_run(run)
    return paragraph


def metadata_line(options: ExportOptions, document) -> str:
    parts = []
    source = options.source_name or (Path(document.path).name if document.path else "")
    if source:
        parts.append(f"Source: {Path(source).name}")
    if options.model_name:
        parts.append(f"Model: {options.model_name}")
    parts.append(f"Date: {options.when().strftime('%Y-%m-%d %H:%M UTC')}")
    return " · ".join(parts)


def add_title_and_metadata(doc, document, options: ExportOptions, title: str = "") -> None:
    title = title or options.title or document.title or "Translation"
    write_text(doc.add_paragraph(style="Title"), title, size=26 if has_arabic(title) else None)
    write_text(doc.add_paragraph(), metadata_line(options, document), italic=True, size=9,
               color=RGBColor(0x59, 0x59, 0x59), arabic=False)


def save(doc, path: Path) -> None:
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
