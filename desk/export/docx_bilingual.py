"""Bilingual DOCX: title, metadata, optional summary, then a two-column table.

The table is left-to-right; with ``arabic_on_right`` (default) the English column is
first and the Arabic column second, so Arabic sits on the right. Arabic paragraphs get
``w:bidi``, their runs ``w:rtl``, a complex-script font and ``ar-SA``: that renders
right-to-left in Word and LibreOffice alike, without relying on ``bidiVisual``
(which mirrors the whole table and confuses column order between editors).
Source headings become merged, shaded rows spanning both columns.

From a project, ``options.status_column`` adds a narrow third column with each row's status
(a paragraph row shows the least reviewed of its sentences), and ``options.mark_unconfirmed``
shades the English of every row not yet confirmed, so a reviewer sees at once what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.shared import Pt

from desk.documents import Document
from desk.export import ooxml
from desk.export.align import BlockTranslation, by_block
from desk.export.docx_common import add_title_and_metadata, new_document, save, usable_width, write_text
from desk.export.options import ExportOptions, status_label, status_of
from desk.project.model import Status
from desk.results import SentenceTranslation

HEADER_FILL = "D9D9D9"
HEADING_FILL = "DEEAF6"
UNCONFIRMED_FILL = "FFF2CC"
# least reviewed first: a paragraph row takes the first of these that any of its sentences has
_REVIEW_ORDER = (Status.UNTRANSLATED, Status.MACHINE, Status.PASSTHROUGH, Status.TM_FUZZY, Status.TM_EXACT,
                 Status.EDITED, Status.CONFIRMED)
STATUS_SHARE = 0.16  # of the table width, for the status column


def write_bilingual_docx(path: Path, document: Document, translations: Sequence[SentenceTranslation],
                         options: ExportOptions) -> None:
    doc = new_document(options)
    add_title_and_metadata(doc, document, options)
    if options.summary_indices:
        _summary(doc, translations, options.summary_indices)
    _table(doc, document, translations, options)
    save(doc, path)


def _summary(doc, translations: Sequence[SentenceTranslation], indices: Sequence[int]) -> None:
    chosen = [t for t in translations if t.index in set(indices)]
    if not chosen:
        return
    write_text(doc.add_paragraph(style="Heading 1"), "Summary", arabic=False)
    write_text(doc.add_paragraph(style="Heading 2"), "الملخص", arabic=True)
    write_text(doc.add_paragraph(), " ".join(t.source for t in chosen), arabic=True)
    write_text(doc.add_paragraph(style="Heading 2"), "English", arabic=False)
    write_text(doc.add_paragraph(), " ".join(t.target for t in chosen if t.target), arabic=False)


def _rows(blocks: list[BlockTranslation], rows: str):
    """(kind, arabic, english, sentences) rows; kind is 'heading' or 'text'."""
    for item in blocks:
        block = item.block
        if block.kind == "heading":
            yield "heading", block.text, item.target, item.sentences
            continue
        prefix = "• " if block.kind == "list_item" else ""
        if rows == "paragraph" or not item.sentences:
            yield "text", prefix + block.text, (prefix + item.target) if item.target else "", item.sentences
            continue
        for n, sentence in enumerate(item.sentences):
            lead = prefix if n == 0 else ""
            yield "text", lead + sentence.source, (lead + sentence.target) if sentence.target else "", (sentence,)


def row_status(sentences: Sequence[SentenceTranslation]) -> tuple[str, str]:
    """(status, label) of a row: its sentence's, or the least reviewed of a paragraph's sentences."""
    if not sentences:
        return "untranslated", "untranslated"
    worst = min(sentences, key=lambda t: _REVIEW_ORDER.index(status_of(t)) if status_of(t) in _REVIEW_ORDER else 0)
    return status_of(worst), status_label(worst)


def _table(doc, document: Document, translations: Sequence[SentenceTranslation], options: ExportOptions) -> None:
    arabic_col = 1 if options.arabic_on_right else 0
    english_col = 1 - arabic_col
    status_col = 2 if options.status_column else None
    columns = 3 if options.status_column else 2
    table = doc.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    table.autofit = False
    total = usable_width(doc)
    status_width = int(total * STATUS_SHARE) if status_col is not None else 0
    half = int((total - status_width) / 2)
    widths = [half, half] + ([status_width] if status_col is not None else [])
    header = table.rows[0]
    ooxml.repeat_header(header)
    write_text(header.cells[english_col].paragraphs[0], "English", bold=True, arabic=False)
    write_text(header.cells[arabic_col].paragraphs[0], "العربية", bold=True, arabic=True)
    if status_col is not None:
        write_text(header.cells[status_col].paragraphs[0], "Status", bold=True, arabic=False)
    for cell in header.cells:
        ooxml.shade_cell(cell, HEADER_FILL)
    for kind, arabic, english, sentences in _rows(by_block(document, translations), options.rows):
        row = table.add_row()
        status, label = row_status(sentences)
        if kind == "heading":
            cell = row.cells[0].merge(row.cells[1])
            ooxml.shade_cell(cell, HEADING_FILL)
            write_text(cell.paragraphs[0], arabic, bold=True, arabic=True)
            if english:
                write_text(cell.add_paragraph(), english, bold=True, arabic=False)
        else:
            ooxml.no_split(row)
            write_text(row.cells[arabic_col].paragraphs[0], arabic, arabic=True)
            write_text(row.cells[english_col].paragraphs[0], english, arabic=False)
            if options.mark_unconfirmed and status != "confirmed":
                ooxml.shade_cell(row.cells[english_col], UNCONFIRMED_FILL)
        if status_col is not None:
            write_text(row.cells[status_col].paragraphs[0], label, arabic=False, size=9)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    for col, width in zip(table.columns, widths, strict=False):
        col.width = width
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(2)
