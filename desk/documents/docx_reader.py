"""DOCX → ``Document``, read from the package XML with a locked-down parser.

Why not python-docx for reading: we must vet the zip (bomb) and the XML (DTDs,
entities) before any parser sees it, and we want body order across paragraphs,
tables, content controls and text boxes, which python-docx does not walk.

Kept: body order, headings (by style name or outline level), list items (numbering
or list styles) with their level, quotes, table cells (with their table/row/column),
tracked insertions, hyperlink text, footnotes and endnotes (appended at the end).
Lost: headers/footers, list numbers/bullets themselves, deleted tracked text,
field codes, images, comments.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from desk.documents import limits
from desk.documents.model import Block, Document
from desk.errors import DocumentError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DC = "http://purl.org/dc/elements/1.1/"
_W = f"{{{W}}}"

_HEADING_RE = re.compile(r"^heading\s*([1-9])$")
_QUOTE_STYLES = {"quote", "intense quote", "block text", "quotations", "quotation"}
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, huge_tree=False,
                       load_dtd=False, dtd_validation=False, remove_comments=True)


def xml_parser() -> etree.XMLParser:
    """The only parser used on document XML: no entities, no network, no huge trees."""
    return etree.XMLParser(**_PARSER_OPTIONS)


def declares_dtd(data: bytes) -> bool:
    """True if an XML part declares a DTD or entities (also when it is UTF-16 or UTF-32)."""
    head = data.replace(b"\x00", b"")
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _refuse_dtd(path: Path, name: str, data: bytes) -> None:
    if declares_dtd(data):
        raise DocumentError(path, f"its part {name} declares a DTD or entities, which Word never writes "
                                  "(the file may be malicious).")


def open_package(path: Path, data: bytes) -> zipfile.ZipFile:
    """The zip, after refusing old/encrypted Word files and zip bombs."""
    if data.startswith(_CFB_MAGIC):
        if _ENCRYPTED_MARK in data:
            raise DocumentError(path, "it is password-protected; remove the password in Word and try again.")
        raise DocumentError(path, "it is an old Word 97-2003 file, not DOCX; save it as .docx and try again.")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError(path, "it is not a valid DOCX file (corrupt or truncated).") from exc
    if len(infos) > limits.MAX_DOCX_PARTS:
        raise DocumentError(path, "it has too many parts to be a normal DOCX file.")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > limits.RATIO_CHECK_FROM and ratio > limits.MAX_DOCX_RATIO:
            raise DocumentError(path, "it is compressed suspiciously well (a zip bomb?) and was not opened.")
    if total > limits.MAX_DOCX_UNCOMPRESSED:
        raise DocumentError(path, f"it unpacks to more than {limits.MAX_DOCX_UNCOMPRESSED // (1024 * 1024)} MB.")
    return package


_CHUNK = 1 << 16
# What zipfile raises for a member it cannot inflate (bad deflate stream, CRC, truncation).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError, NotImplementedError)


def body_info(path: Path, package: zipfile.ZipFile) -> zipfile.ZipInfo:
    """The entry of ``word/document.xml``, refused when missing or over ``MAX_DOCX_BODY``."""
    try:
        info = package.getinfo("word/document.xml")
    except KeyError:
        raise DocumentError(path, "it is not a valid DOCX file (the document body is missing).") from None
    if info.file_size > limits.MAX_DOCX_BODY:
        raise DocumentError(path, f"its text part unpacks to more than {limits.MAX_DOCX_BODY // 1024**2} MB "
                                  "(thousands of pages); split the document in Word and open the parts.")
    return info


def read_part(path: Path, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one part, inflated within its claimed size.

    A corrupt member (bad deflate stream, wrong CRC, truncated) or one larger than it
    claims is a ``DocumentError``. DTDs are not checked here: see ``declares_dtd``.
    """
    chunks = []
    read = 0
    try:
        with package.open(info) as handle:
            while chunk := handle.read(_CHUNK):
                read += len(chunk)
                if read > info.file_size:
                    raise DocumentError(path, "it is not a valid DOCX file (a part is larger than it claims).")
                chunks.append(chunk)
    except DocumentError:
        raise
    except _ZIP_ERRORS as exc:
        raise DocumentError(path, "it is not a valid DOCX file (corrupt or truncated).") from exc
    return b"".join(chunks)


def _events(path: Path, package: zipfile.ZipFile, name: str, required: bool = False, events=("end",), tags=None):
    """(event, element) of one part, parsed as it is inflated (never the whole part in memory).

    ``tags`` limits the events to those elements; the last event is ``("close", root)``.

    The claimed size is enforced while reading and every chunk is checked for a DTD, so a
    lying part or an entity attack is refused before the parser has seen it whole.
    """
    try:
        info = package.getinfo(name)
    except KeyError:
        if required:
            raise DocumentError(path, "it is not a valid DOCX file (the document body is missing).") from None
        return
    parser = etree.XMLPullParser(events=events, tag=tags, **_PARSER_OPTIONS)
    tail = b""
    read = 0
    try:
        with package.open(info) as handle:
            while True:
                chunk = handle.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > info.file_size:
                    raise DocumentError(path, "it is not a valid DOCX file (a part is larger than it claims).")
                window = tail + chunk
                _refuse_dtd(path, name, window)
                tail = window[-64:]  # "<!ENTITY" in UTF-32 is 32 bytes
                parser.feed(chunk)
                yield from parser.read_events()
            root = parser.close()
            yield from parser.read_events()
            yield "close", root
    except DocumentError:
        raise
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, f"it is not a valid DOCX file (broken XML in {name}).") from exc
    except _ZIP_ERRORS as exc:
        raise DocumentError(path, "it is not a valid DOCX file (corrupt or truncated).") from exc


def _part(path: Path, package: zipfile.ZipFile, name: str, required: bool = False):
    """The parsed tree of a small part (styles, notes, properties), or None if absent."""
    root = None
    for event, el in _events(path, package, name, required, events=()):
        if event == "close":
            root = el
    if root is None and required:
        raise DocumentError(path, "it is not a valid DOCX file (the document body is missing).")
    return root


class _Styles:
    """Style id → (name, outline level, has numbering), following basedOn."""

    def __init__(self, root) -> None:
        self._raw: dict[str, tuple[str, int | None, bool, str | None]] = {}
        self._resolved: dict[str, tuple[str, int | None, bool]] = {}
        if root is None:
            return
        for style in root.iter(f"{_W}style"):
            sid = style.get(f"{_W}styleId")
            if not sid:
                continue
            name_el = style.find(f"{_W}name")
            name = (name_el.get(f"{_W}val") if name_el is not None else sid) or sid
            outline = style.find(f"{_W}pPr/{_W}outlineLvl")
            num = style.find(f"{_W}pPr/{_W}numPr/{_W}numId")
            based = style.find(f"{_W}basedOn")
            self._raw[sid] = (
                name.strip().lower(),
                _int(outline.get(f"{_W}val")) if outline is not None else None,
                num is not None and num.get(f"{_W}val") not in (None, "0"),
                based.get(f"{_W}val") if based is not None else None,
            )

    def info(self, sid: str | None) -> tuple[str, int | None, bool]:
        """Resolved (name, outline, numbered): one walk per style, memoised (chains of 40,000 stay linear)."""
        if not sid or sid not in self._raw:
            return "", None, False
        if sid in self._resolved:
            return self._resolved[sid]
        chain, seen = [], set()
        cur = sid
        while cur and cur in self._raw and cur not in seen and cur not in self._resolved:
            seen.add(cur)
            chain.append(cur)
            cur = self._raw[cur][3]
        # inherited from the first already resolved (or missing / cyclic) ancestor
        outline, numbered = (self._resolved[cur][1:] if cur in self._resolved else (None, False))
        for link in reversed(chain):
            name, own_outline, own_num, _based = self._raw[link]
            outline = own_outline if own_outline is not None else outline
            numbered = numbered or own_num
            self._resolved[link] = (name, outline, numbered)
        return self._resolved[sid]


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


_SKIPPED_SUBTREES = (f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{{{MC}}}Fallback")
_TEXT_TAGS = (f"{_W}t", f"{_W}tab", f"{_W}ptab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen")
_TEXT_OF = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "\u2011"}


def paragraph_text(p) -> str:
    """Text of one ``w:p`` in logical order (the XML order; RTL runs are not reversed)."""
    if next(p.iter(*_SKIPPED_SUBTREES), None) is None:
        # the common case, walked by lxml in C: nothing to skip but tab stops in the properties
        fast = []
        for el in p.iter(*_TEXT_TAGS):
            if el.tag == f"{_W}t":
                fast.append(el.text or "")
            elif el.getparent().tag != f"{_W}tabs":
                fast.append(_TEXT_OF[el.tag])
        return "".join(fast)
    out: list[str] = []

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_W}instrText", f"{_W}delText",
                       f"{_W}pPr", f"{_W}rPr", f"{_W}footnoteReference", f"{_W}endnoteReference",
                       f"{{{MC}}}Fallback", f"{_W}commentReference"):
                continue
            if tag == f"{_W}t":
                out.append(child.text or "")
            elif tag == f"{_W}tab" or tag == f"{_W}ptab":
                out.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                out.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                out.append("\u2011")
            elif tag == f"{_W}sym":
                continue
            else:
                walk(child)

    walk(p)
    return "".join(out)


_WRAPPERS = (f"{_W}customXml", f"{_W}ins", f"{_W}smartTag", f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice")


def _top_textboxes(p):
    """Text boxes of ``p`` that are not inside another text box of ``p`` (those are read by their own box).

    Iterative and stopping at each box, so nested boxes are visited once per level, not
    once per ancestor (the exponential blow-up and the duplicated text of nested boxes).
    """
    if next(p.iter(f"{_W}txbxContent"), None) is None:
        return
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if tag == f"{_W}txbxContent":
            yield el
        elif isinstance(tag, str) and tag != f"{{{MC}}}Fallback":
            stack.extend(reversed(el))


def _row_cells(row):
    """The cells of one ``w:tr`` (also inside content controls), never those of a nested table."""
    stack = list(reversed(row))
    while stack:
        el = stack.pop()
        if el.tag == f"{_W}tc":
            yield el
        elif el.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            stack.extend(reversed(el))


class _Reader:
    def __init__(self, path: Path, styles: _Styles) -> None:
        self.path = path
        self.styles = styles
        self.blocks: list[Block] = []
        self.title_from_style = ""
        self.paragraphs = 0
        self.tables = 0

    def _deeper(self, depth: int) -> int:
        if depth >= limits.MAX_DOCX_NESTING:
            raise DocumentError(self.path, f"it nests text boxes, tables or content controls more than "
                                           f"{limits.MAX_DOCX_NESTING} levels deep, which Word never writes.")
        return depth + 1

    def body(self, el, cell: tuple[int, int, int] | None = None, where: str = "", depth: int = 0) -> list[str]:
        """Walk block-level children; inside a table cell, return texts instead of blocks."""
        texts: list[str] = []
        for child in el:
            texts.extend(self.block(child, cell, depth))
        return texts

    def block(self, child, cell: tuple[int, int, int] | None = None, depth: int = 0) -> list[str]:
        """One block-level element (paragraph, table, content control, wrapper)."""
        tag = child.tag
        if tag == f"{_W}p":
            return self.paragraph(child, cell is not None, depth)
        if tag == f"{_W}tbl":
            self.table(child, self._deeper(depth))
        elif tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                return self.body(content, cell, depth=self._deeper(depth))
        elif tag in _WRAPPERS:
            return self.body(child, cell, depth=self._deeper(depth))
        return []

    def _textboxes(self, p, depth: int) -> None:
        for box in _top_textboxes(p):
            self.body(box, depth=self._deeper(depth))

    def paragraph(self, p, in_cell: bool, depth: int = 0) -> list[str]:
        self.paragraphs += 1
        text = paragraph_text(p)
        ppr = p.find(f"{_W}pPr")
        sid = None
        level = None
        numbered = False
        ilvl = 0
        if ppr is not None:
            ps = ppr.find(f"{_W}pStyle")
            sid = ps.get(f"{_W}val") if ps is not None else None
            ol = ppr.find(f"{_W}outlineLvl")
            level = _int(ol.get(f"{_W}val")) if ol is not None else None
            num = ppr.find(f"{_W}numPr")
            if num is not None:
                nid = num.find(f"{_W}numId")
                numbered = nid is not None and nid.get(f"{_W}val") != "0"
                il = num.find(f"{_W}ilvl")
                ilvl = _int(il.get(f"{_W}val")) if il is not None else 0
        name, style_outline, style_numbered = self.styles.info(sid)
        own_numbering = ppr is not None and ppr.find(f"{_W}numPr") is not None
        # the paragraph's own numbering (numId 0 = none) wins over its style
        is_list = numbered if own_numbering else (style_numbered or name.startswith("list"))
        if level is None:
            level = style_outline
        heading = _HEADING_RE.match(name)
        if in_cell:
            self._textboxes(p, depth)
            return [text]
        where = f"paragraph {self.paragraphs}"
        if name == "title":
            if not self.title_from_style and text.strip():
                self.title_from_style = text.strip()
            self.blocks.append(Block("heading", text, level=0, source=where))
        elif heading or (level is not None and level < 9):
            n = int(heading.group(1)) if heading else (level or 0) + 1
            self.blocks.append(Block("heading", text, level=n, source=where))
        elif is_list:
            self.blocks.append(Block("list_item", text, level=ilvl or 0, source=where))
        elif name in _QUOTE_STYLES:
            self.blocks.append(Block("quote", text, source=where))
        else:
            self.blocks.append(Block("paragraph", text, source=where))
        self._textboxes(p, depth)
        return []

    def table(self, tbl, depth: int = 0) -> None:
        table_no = self.tables
        self.tables += 1
        rows = [r for r in tbl if r.tag == f"{_W}tr"]
        for r, row in enumerate(rows):
            col = 0
            for tc in _row_cells(row):
                tcpr = tc.find(f"{_W}tcPr")
                span = 1
                merged_below = False
                if tcpr is not None:
                    gs = tcpr.find(f"{_W}gridSpan")
                    span = min(max(1, _int(gs.get(f"{_W}val")) or 1), 1000) if gs is not None else 1
                    vm = tcpr.find(f"{_W}vMerge")
                    merged_below = vm is not None and vm.get(f"{_W}val") in (None, "continue")
                cell = (table_no, r, col)
                texts = self.body(tc, cell, depth=depth)
                if not merged_below:
                    where = f"table {table_no + 1}, row {r + 1}, column {col + 1}"
                    self.blocks.append(Block("table_cell", "\n".join(texts), source=where, cell=cell))
                col += span


_BODY_CHILDREN = (f"{_W}p", f"{_W}tbl", f"{_W}sdt", *_WRAPPERS)


def _read_body(path: Path, package: zipfile.ZipFile, reader: _Reader) -> None:
    """Stream ``word/document.xml``: each top-level body element is read, then freed.

    A 190 MB body never exists as one tree: memory is bounded by the largest single
    paragraph or table, not by the document. Only the end events of block-level tags are
    reported by lxml, so the Python side sees a few events per paragraph, not per element.
    """
    root = None
    for event, el in _events(path, package, "word/document.xml", required=True, tags=_BODY_CHILDREN):
        if event == "close":
            root = el
            break
        parent = el.getparent()
        if parent is None or parent.tag != f"{_W}body" or parent.getparent() is None \
                or parent.getparent().getparent() is not None:
            continue  # inside a table, a text box ... (read with its top-level ancestor)
        reader.block(el)
        el.clear()
        while parent[0] is not el:
            del parent[0]
    if root is None or root.tag == f"{{{STRICT_W}}}document":
        if root is not None:
            raise DocumentError(path, "it is saved as Strict Open XML; save it as a normal Word document (.docx).")
        raise DocumentError(path, "it is not a valid DOCX file (no document body).")
    if root.tag != f"{_W}document" or root.find(f"{_W}body") is None:
        raise DocumentError(path, "it is not a valid DOCX file (no document body).")


def read_docx(path: Path) -> Document:
    """Read a DOCX file (vetted first: size, zip bomb, encryption, DTDs)."""
    data = limits.read_bytes(path)
    package = open_package(path, data)
    with package:
        body_info(path, package)
        styles = _Styles(_part(path, package, "word/styles.xml"))
        core = _part(path, package, "docProps/core.xml")
        reader = _Reader(path, styles)
        _read_body(path, package, reader)
        for kind in ("footnote", "endnote"):  # streamed like the body: one note in memory at a time
            for event, note in _events(path, package, f"word/{kind}s.xml", tags=(f"{_W}{kind}",)):
                if event == "close":
                    break
                if note.get(f"{_W}type") in (None, "normal"):  # not a separator
                    text = "\n".join(paragraph_text(p) for p in note.iter(f"{_W}p"))
                    reader.blocks.append(Block("paragraph", text, source=f"{kind} {note.get(f'{_W}id')}"))
                note.clear()
                parent = note.getparent()
                while parent is not None and parent[0] is not note:
                    del parent[0]
    title = ""
    if core is not None:
        el = core.find(f"{{{DC}}}title")
        title = (el.text or "").strip() if el is not None else ""
    if not title:
        title = reader.title_from_style or next(
            (b.text for b in reader.blocks if b.kind == "heading" and b.text.strip()), path.stem)
    doc = Document(title=title, blocks=tuple(reader.blocks), path=str(path), format="docx")
    if not doc.blocks:
        raise DocumentError(path, "it contains no text.")
    return doc
