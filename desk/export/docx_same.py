"""DOCX in, the same DOCX in English out (``--layout same``).

Why rewrite the package instead of building a document: everything the client made
(letterhead, images, charts, tables, styles, numbering, fields, section settings) is in
parts we never need to understand. Only the parts that hold paragraphs (body,
headers, footers, footnotes, endnotes; text boxes live inside them) get their text
replaced, run by run (``desk.export.runmap``) and turned left-to-right
(``desk.export.direction``); styles and numbering get the direction rules only. Every
other part is copied unchanged, in the original order. A part that cannot be parsed
is copied as it was, with a warning.
"""

from __future__ import annotations

import copy
import io
import logging
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from desk.atomic import atomic_write_bytes
from desk.documents import limits
from desk.documents.docx_reader import MC, STRICT_W, body_info, declares_dtd, open_package, read_part, xml_parser
from desk.errors import Cancelled, DocumentError
from desk.export import direction
from desk.export.direction import Fonts, W
from desk.export.runmap import Piece, Unit, split_units, translate_units
from desk.export.same_layout import SameLayoutResult
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

_W = f"{{{W}}}"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEXT_PART_RE = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
STYLE_PART_RE = re.compile(r"^word/(styles|stylesWithEffects|numbering)\.xml$")
_SKIP = {f"{_W}{n}" for n in ("pPr", "rPr", "del", "moveFrom", "txbxContent", "sdtPr", "sdtEndPr", "delText",
                              "instrText", "delInstrText")} | {f"{{{MC}}}Fallback"}
_SEPARATORS = {f"{_W}{n}" for n in ("tab", "ptab", "br", "cr")}


class _Paragraph:
    """One ``w:p``: its text pieces (with separators) and its runs."""

    def __init__(self, p) -> None:
        self.p = p
        self.pieces: list[Piece | None] = []
        self.runs: list = []
        self._in_result: list[bool] = []
        self._walk(p, None, False)

    def _walk(self, el, link, simple_field: bool) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{_W}r":
                self._run(child, link, simple_field)
            elif tag == f"{_W}hyperlink":
                self._walk(child, child, simple_field)
            elif tag == f"{_W}fldSimple":
                self._walk(child, link, True)
            elif tag == f"{_W}p":
                continue  # a paragraph inside a paragraph is walked on its own
            else:
                self._walk(child, link, simple_field)

    def _run(self, r, link, simple_field: bool) -> None:
        self.runs.append(r)
        rpr = r.find(f"{_W}rPr")
        style = _style_key(rpr)
        for child in r:
            tag = child.tag
            if tag == f"{_W}fldChar":
                kind = child.get(f"{_W}fldCharType")
                if kind == "begin":
                    self._in_result.append(False)
                elif kind == "separate" and self._in_result:
                    self._in_result[-1] = True
                elif kind == "end" and self._in_result:
                    self._in_result.pop()
            elif tag == f"{_W}t":
                in_code = bool(self._in_result) and not self._in_result[-1]
                if in_code:
                    continue
                weak = simple_field or bool(self._in_result)
                self.pieces.append(Piece(child.text or "", style, link, weak, _writer(r, child),
                                         _splitter(r, child, link, self.runs), r))
            elif tag in _SEPARATORS:
                self.pieces.append(None)


def _style_key(rpr) -> bytes:
    """Formatting identity of a run, ignoring what only concerns direction and language."""
    if rpr is None:
        return b""
    keep = [c for c in rpr if isinstance(c.tag, str)
            and etree.QName(c).localname not in ("rtl", "cs", "lang", "bCs", "iCs", "szCs", "rFonts", "noProof")]
    return b"".join(etree.tostring(c) for c in keep)


def _writer(run, t) -> Callable[[str], None]:
    def write(text: str) -> None:
        if text:
            t.text = text
            t.set(f"{{{XML_NS}}}space", "preserve")
        else:
            run.remove(t)

    return write


def _new_run(model, text: str):
    """A run with the formatting of ``model`` holding ``text``."""
    run = etree.Element(f"{_W}r")
    rpr = model.find(f"{_W}rPr")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = etree.SubElement(run, f"{_W}t")
    t.text = text
    t.set(f"{{{XML_NS}}}space", "preserve")
    return run


def _splitter(run, t, link, runs: list) -> Callable[[list[tuple[str, Piece]]], None]:
    """Replace ``t`` by runs, each with the formatting (and link) of its segment's piece."""

    def split(segments: list[tuple[str, Piece]]) -> None:
        position = list(run).index(t)
        after = list(run)[position + 1:]
        run.remove(t)
        anchor = run
        if after:  # what followed the text in the run (a tab, a reference) stays after it
            rest = _new_run(run, "")
            rest.remove(rest.find(f"{_W}t"))
            for child in after:
                rest.append(child)
            run.addnext(rest)
            runs.append(rest)
        for text, piece in segments:
            new = _new_run(piece.anchor, text)
            runs.append(new)
            if piece.link is not None and piece.link is not link:
                wrapper = etree.Element(piece.link.tag, dict(piece.link.attrib))
                wrapper.append(new)
                new = wrapper
            anchor.addnext(new)
            anchor = new

    return split


def _drop_empty(paragraph: _Paragraph) -> None:
    """Runs left with nothing but formatting, and links left with no run, go."""
    for r in paragraph.runs:
        if all(not isinstance(c.tag, str) or c.tag == f"{_W}rPr" for c in r) and r.getparent() is not None:
            r.getparent().remove(r)
    for link in list(paragraph.p.iter(f"{_W}hyperlink")):
        if not any(True for _ in link.iter(f"{_W}r")) and link.getparent() is not None:
            link.getparent().remove(link)


class _TextPart:
    """A part holding paragraphs: its translation units and its direction rules."""

    def __init__(self, name: str, root) -> None:
        self.name = name
        self.root = root
        self.paragraphs = [_Paragraph(p) for p in root.iter(f"{_W}p")]
        self.units: list[Unit] = []
        self.translated: list[_Paragraph] = []
        for paragraph in self.paragraphs:
            units = split_units(paragraph.pieces)
            if units:
                self.units.extend(units)
                self.translated.append(paragraph)

    def finish(self, fonts: Fonts) -> None:
        translated = {id(p.p) for p in self.translated}
        for paragraph in self.paragraphs:
            if id(paragraph.p) in translated:
                _drop_empty(paragraph)
            ppr = paragraph.p.find(f"{_W}pPr")
            if direction.paragraph_ltr(ppr) and len(ppr) == 0 and not ppr.attrib:
                paragraph.p.remove(ppr)
                ppr = None
            mark = ppr.find(f"{_W}rPr") if ppr is not None else None
            english = id(paragraph.p) in translated
            if english:  # right-to-left embeddings and overrides around the text
                for el in paragraph.p.iter(f"{_W}dir", f"{_W}bdo"):
                    if el.get(f"{_W}val") == "rtl":
                        el.set(f"{_W}val", "ltr")
            direction.run_ltr(mark, fonts, english=english)
            for r in paragraph.runs:
                if r.getparent() is None:
                    continue
                text = "".join(t.text or "" for t in r.iter(f"{_W}t"))
                if has_arabic(text):
                    continue  # still Arabic (untranslated): keeps its direction
                direction.run_ltr(r.find(f"{_W}rPr"), fonts, english=english or bool(text))
        for tblpr in self.root.iter(f"{_W}tblPr"):
            direction.table_ltr(tblpr)
        for sectpr in self.root.iter(f"{_W}sectPr"):
            direction.section_ltr(sectpr)


def _serialise(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _parse(name: str, data: bytes, warnings: list[str]):
    if declares_dtd(data):
        warnings.append(f"{name} declares a DTD or entities and was kept as it was.")
        return None
    try:
        return etree.fromstring(data, xml_parser())
    except etree.XMLSyntaxError:
        warnings.append(f"{name} could not be read and was kept as it was (untranslated).")
        return None


def write_same_docx(source: Path, out: Path, translate_texts: Callable[[list[str]], list[str]], *,
                    cancel: Callable[[], bool] | None = None) -> SameLayoutResult:
    """Translate ``source`` into ``out`` keeping the package; see the module doc."""
    source, out = Path(source), Path(out)
    data = limits.read_bytes(source)
    package = open_package(source, data)
    result = SameLayoutResult(out)
    with package:
        body_info(source, package)
        infos = package.infolist()
        raw = {info.filename: read_part(source, package, info) for info in infos}
    text_parts: list[_TextPart] = []
    style_roots: dict[str, object] = {}
    before: dict[str, bytes] = {}  # a part whose XML did not change is copied as it was, byte for byte
    for info in infos:
        name = info.filename
        if TEXT_PART_RE.match(name) or STYLE_PART_RE.match(name):
            root = _parse(name, raw[name], result.warnings)
            if root is not None:
                before[name] = _serialise(root)
            if root is None:
                if name == "word/document.xml":
                    raise DocumentError(source, "it is not a valid DOCX file (broken XML in word/document.xml).")
                continue
            if name == "word/document.xml" and root.tag == f"{{{STRICT_W}}}document":
                raise DocumentError(source, "it is saved as Strict Open XML; save it as a normal Word document.")
            if TEXT_PART_RE.match(name):
                text_parts.append(_TextPart(name, root))
            else:
                style_roots[name] = root
    fonts = Fonts.from_parts(style_roots.get("word/styles.xml"), _parse_quiet(raw.get("word/fontTable.xml")),
                             _parse_quiet(raw.get("word/theme/theme1.xml")))
    core = _parse("docProps/core.xml", raw["docProps/core.xml"], result.warnings) \
        if "docProps/core.xml" in raw else None
    if core is not None:
        before["docProps/core.xml"] = _serialise(core)
    units = [u for part in text_parts for u in part.units] + (_property_units(core) if core is not None else [])
    result.sentences = translate_units(units, translate_texts)
    if cancel is not None and cancel():
        raise Cancelled()
    changed: dict[str, object] = {}
    for part in text_parts:
        part.finish(fonts)
        result.paragraphs += len(part.translated)
        changed[part.name] = part.root
    if core is not None:
        changed["docProps/core.xml"] = core
    for name, root in style_roots.items():
        direction.styles_ltr(root, fonts)
        changed[name] = root
    new: dict[str, bytes] = {}
    for name, root in changed.items():
        data = _serialise(root)
        if data != before[name]:
            new[name] = data
            result.parts.append(name)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in infos:
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, new.get(info.filename, raw[info.filename]))
    for warning in result.warnings:
        log.warning("%s: %s", source.name, warning)
    atomic_write_bytes(out, buffer.getvalue())
    return result


_DC = "http://purl.org/dc/elements/1.1/"
_CORE_TEXT = (f"{{{_DC}}}title", f"{{{_DC}}}subject", f"{{{_DC}}}description")


def _property_units(core) -> list[Unit]:
    """Title, subject and description of the document properties, translated like text."""
    units: list[Unit] = []
    for el in core:
        if el.tag in _CORE_TEXT and el.text and has_arabic(el.text):
            units.extend(split_units([Piece(el.text, None, None, False, _setter(el))]))
        elif el.tag == f"{{{_DC}}}language" and (el.text or "").lower().startswith("ar"):
            el.text = direction.ENGLISH
    return units


def _setter(el) -> Callable[[str], None]:
    def write(text: str) -> None:
        el.text = text

    return write


def _parse_quiet(data: bytes | None):
    if not data:
        return None
    return _parse("", data, [])
