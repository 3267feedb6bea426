"""Plain text and Markdown → ``Document``.

Plain text: paragraphs are separated by blank lines, single line breaks are kept.
Markdown: ATX/setext headings, bullet and numbered lists, block quotes and pipe
tables become typed blocks; inline markup (emphasis, links, code ticks) is removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from desk.documents.encoding import NotText, decode_bytes
from desk.documents.limits import read_bytes
from desk.documents.model import Block, Document
from desk.errors import DocumentError
from desk.segment import paragraph_spans

MARKDOWN_EXTENSIONS = (".md", ".markdown")

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_LIST_RE = re.compile(r"^([ \t]*)(?:[-*+•]|[0-9\u0660-\u0669]{1,3}[.)])[ \t]+(.*)$")
_QUOTE_RE = re.compile(r"^ {0,3}>[ \t]?(.*)$")
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_SEP_RE = re.compile(r"^\s*+\|?\s*+:?-{2,}+:?\s*+(?:\|\s*+:?-{2,}+:?\s*+)*+\|?\s*+$")
_IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]\([^()\[\]]*\)")
_LINK_RE = re.compile(r"\[([^\[\]]+)\]\([^()\[\]]*\)")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.{1,500}?)(?<=\S)\1")
_EM_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_CODE_RE = re.compile(r"`([^`\n]+)`")
# The inline patterns never scan past the next bracket (and emphasis at most 500 characters),
# so a line of 200,000 '[' or '**a **a ...' costs linear time, not quadratic.


def read_text(text: str, name: str | None = None, *, markdown: bool = False) -> Document:
    """A ``Document`` from text already in memory (a paste, stdin, a decoded file)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if "\x00" in text:
        raise DocumentError(name, "it is binary data, not text.")
    blocks = _markdown_blocks(text) if markdown else _plain_blocks(text)
    doc = Document(
        title=_title(blocks, name), blocks=tuple(blocks), path=name,
        format="md" if markdown else ("paste" if name is None else "txt"),
    )
    if not doc.blocks:
        raise DocumentError(name, "it is empty (there is no text in it).")
    return doc


def read_text_file(path: Path) -> Document:
    """A TXT or Markdown file, whatever its encoding and line endings."""
    data = read_bytes(path)
    try:
        text, _encoding = decode_bytes(data, path.name)
    except NotText as exc:
        raise DocumentError(path, f"{exc}.") from exc
    doc = read_text(text, str(path), markdown=path.suffix.lower() in MARKDOWN_EXTENSIONS)
    return doc


def _title(blocks: list[Block], name: str | None) -> str:
    for block in blocks:
        if block.kind == "heading" and block.text:
            return block.text
    return Path(name).stem if name else ""


def _plain_blocks(text: str) -> list[Block]:
    blocks, line, pos = [], 1, 0
    for start, end in paragraph_spans(text):
        line += text.count("\n", pos, start)
        pos = start
        blocks.append(Block("paragraph", text[start:end], source=f"line {line}"))
    return blocks


def inline(text: str) -> str:
    """Markdown inline markup removed: images/links keep their text, emphasis its words."""
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    text = _STRONG_RE.sub(r"\2", text)
    return _EM_RE.sub(r"\1", text)


def _atx_text(text: str) -> str:
    """A heading's text without its optional closing ``#`` run (string methods: linear on any line)."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)]


def _markdown_blocks(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    para_start = 0
    table_no = 0
    i = 0

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", inline("\n".join(para)), source=f"line {para_start + 1}"))
            para.clear()

    while i < len(lines):
        line = lines[i]
        where = f"line {i + 1}"
        if not line.strip():
            flush()
            i += 1
            continue
        if _FENCE_RE.match(line):  # code: kept verbatim as one paragraph
            flush()
            fence = _FENCE_RE.match(line).group(1)
            body, i = [], i + 1
            while i < len(lines) and not lines[i].lstrip().startswith(fence):
                body.append(lines[i])
                i += 1
            blocks.append(Block("paragraph", "\n".join(body), source=where))
            i += 1
            continue
        atx = _ATX_RE.match(line)
        if atx:
            flush()
            blocks.append(Block("heading", inline(_atx_text(atx.group(2))), level=len(atx.group(1)), source=where))
            i += 1
            continue
        if para and len(para) == 1 and _SETEXT_RE.match(line):
            level = 1 if line.strip().startswith("=") else 2
            blocks.append(Block("heading", inline(para[0]), level=level, source=f"line {para_start + 1}"))
            para.clear()
            i += 1
            continue
        if _RULE_RE.match(line):
            flush()
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_SEP_RE.match(lines[i + 1]):
            flush()
            row = 0
            for cell_no, cell in enumerate(_cells(line)):
                blocks.append(Block("table_cell", inline(cell),
                                    source=f"table {table_no + 1}, row 1, column {cell_no + 1}",
                                    cell=(table_no, row, cell_no)))
            i += 2
            while i < len(lines) and "|" in lines[i] and lines[i].strip():
                row += 1
                for cell_no, cell in enumerate(_cells(lines[i])):
                    blocks.append(Block("table_cell", inline(cell),
                                        source=f"table {table_no + 1}, row {row + 1}, column {cell_no + 1}",
                                        cell=(table_no, row, cell_no)))
                i += 1
            table_no += 1
            continue
        item = _LIST_RE.match(line)
        if item:
            flush()
            indent = len(item.group(1).replace("\t", "    "))
            body = [item.group(2)]
            i += 1
            while i < len(lines) and lines[i].strip() and not _LIST_RE.match(lines[i]) \
                    and not _ATX_RE.match(lines[i]) and not _QUOTE_RE.match(lines[i]):
                body.append(lines[i].strip())
                i += 1
            blocks.append(Block("list_item", inline("\n".join(body)), level=indent // 2, source=where))
            continue
        quote = _QUOTE_RE.match(line)
        if quote:
            flush()
            body = []
            while i < len(lines) and _QUOTE_RE.match(lines[i]):
                body.append(_QUOTE_RE.match(lines[i]).group(1))
                i += 1
            # a blank '>' line separates paragraphs inside the quote
            for part in re.split(r"\n\s*\n", "\n".join(body)):
                blocks.append(Block("quote", inline(part), source=where))
            continue
        if not para:
            para_start = i
        para.append(line.strip())
        i += 1
    flush()
    return blocks
