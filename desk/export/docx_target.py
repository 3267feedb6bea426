"""English DOCX that keeps the source's structure: title, headings by level, list
items (as bullets), quotes, paragraphs, and tables rebuilt with the same shape
(each cell holds its translation). Lost: numbering styles, merged cells, fonts.

It is the file a translator delivers, so nothing is added that they would have to delete:
no "Translation" title the source did not have and no Source · Model · Date line unless
``options.metadata`` asks for it; that information goes into the document properties."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from desk.documents import Document
from desk.export.align import BlockTranslation, by_block
from desk.export.docx_common import metadata_line, new_document, save, write_text
from desk.export.options import ExportOptions
from desk.results import SentenceTranslation

_LIST_STYLES = ("List Bullet", "List Bullet 2", "List Bullet 3")


def write_target_docx(path: Path, document: Document, translations: Sequence[SentenceTranslation],
                      options: ExportOptions) -> None:
    doc = new_document(options)
    blocks = by_block(document, translations)
    i = 0
    title = options.title
    if not title and blocks and blocks[0].block.kind == "heading" and blocks[0].block.text == document.title:
        title = blocks[0].target  # the source title, in English, becomes the title
        i = 1
    if title:
        write_text(doc.add_paragraph(style="Title"), title, arabic=False)
    if options.metadata:
        write_text(doc.add_paragraph(), metadata_line(options, document), italic=True, size=9, arabic=False)
    _properties(doc, document, options, title)
    while i < len(blocks):
        item = blocks[i]
        block = item.block
        if block.kind == "table_cell" and block.cell is not None:
            j = i
            while j < len(blocks) and blocks[j].block.kind == "table_cell" and blocks[j].block.cell is not None \
                    and blocks[j].block.cell[0] == block.cell[0]:
                j += 1
            _table(doc, blocks[i:j])
            i = j
            continue
        text = item.target
        if block.kind == "heading":
            style = "Title" if block.level == 0 else f"Heading {min(max(block.level, 1), 9)}"
        elif block.kind == "list_item":
            style = _LIST_STYLES[min(block.level, len(_LIST_STYLES) - 1)]
        elif block.kind == "quote":
            style = "Quote"
        else:
            style = None
        write_text(doc.add_paragraph(style=style), text, arabic=False)
        i += 1
    save(doc, path)


def _table(doc, cells: list[BlockTranslation]) -> None:
    rows = max(c.block.cell[1] for c in cells) + 1
    cols = max(c.block.cell[2] for c in cells) + 1
    table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    for item in cells:
        _, r, c = item.block.cell
        write_text(table.cell(r, c).paragraphs[0], item.target, arabic=False)
    doc.add_paragraph()


def _properties(doc, document: Document, options: ExportOptions, title: str) -> None:
    """Title, source, model and date as document properties (File → Info), not as text."""
    props = doc.core_properties
    props.title = (title or document.title or "")[:255]
    props.subject = "English translation"
    props.comments = metadata_line(options, document)[:255]
    props.created = options.when().replace(tzinfo=None)
    props.author = ""
    props.last_modified_by = ""
