"""HTML in, the same page in English out (``--layout same``).

Why: a saved web page should come back as a page, with its markup, styles, images
and links, not as a list of paragraphs. Each block element's own inline text is
translated in place (``desk.export.runmap`` decides which inline element carries each
sentence), ``alt``/``title`` attributes and the page description are translated too,
and direction is turned left-to-right: ``dir="ltr"``, ``lang="en"``, and CSS
``direction: rtl`` (with the ``text-align: right`` beside it) in style attributes and
``<style>`` blocks. Scripts, styles and code are never touched. The page is written
in UTF-8 (its charset declaration says so).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import lxml.html
from lxml import etree

from desk.atomic import atomic_write_bytes
from desk.documents.html_reader import decode_html
from desk.documents.limits import read_bytes
from desk.errors import Cancelled, DocumentError
from desk.export.runmap import Piece, split_units, translate_units
from desk.export.same_layout import SameLayoutResult
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

BLOCKS = {"html", "body", "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul",
          "ol", "dl", "dt", "dd", "td", "th", "tr", "table", "thead", "tbody", "tfoot", "caption", "figure",
          "figcaption", "blockquote", "address", "h1", "h2", "h3", "h4", "h5", "h6", "title", "form", "fieldset",
          "legend", "label", "button", "option", "summary", "details", "hr", "center", "head"}
NEVER = {"script", "style", "noscript", "template", "svg", "math", "code", "kbd", "samp", "pre", "textarea",
         "select", "iframe", "object", "embed", "canvas", "audio", "video", "var"}
ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
_META_NAMES = {"description", "og:title", "og:description", "twitter:title", "twitter:description"}
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIRECTION_RE = re.compile(r"(direction\s*:\s*)rtl", re.I)
_ALIGN_RE = re.compile(r"(text-align\s*:\s*)right", re.I)
_CSS_BLOCK_RE = re.compile(r"\{[^{}]*\}")
_TEXT_ALIGN_RE = re.compile(r"(text-align\s*:\s*)(right|left)\b", re.I)
_SPACES_RE = re.compile(r"[ \t\n\r\f]+")
_DOCTYPE_RE = re.compile(r"\s*(?:<!--.*?-->\s*)*<!doctype", re.I | re.S)
_VOID = {"img", "br", "hr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Block:
    """The inline content of one block element as pieces (``None`` = a line break).

    A piece's anchor is ``(element, "text" | "tail", chain)``: where its text lives and
    the inline elements (outermost first) that format it.
    """

    def __init__(self, el, emptied: list) -> None:
        self.pieces: list[Piece | None] = []
        self.emptied = emptied
        self._add(el, "text", (), None, ())
        for child in el:
            self._inline(child, (), None, ())

    def _add(self, el, attr: str, style: tuple, link, chain: tuple) -> None:
        text = getattr(el, attr)
        if text:  # HTML collapses white space, so a line break in the source is only a space
            self.pieces.append(Piece(_SPACES_RE.sub(" ", text), style, link, False, self._writer(el, attr),
                                     _splitter(el, attr, chain), (el, attr, chain)))

    def _writer(self, el, attr: str) -> Callable[[str], None]:
        def write(text: str) -> None:
            setattr(el, attr, text or None)
            if not text and attr == "text":
                self.emptied.append(el)

        return write

    def _inline(self, el, style: tuple, link, chain: tuple) -> None:
        tag = _tag(el)
        if tag in BLOCKS or tag in NEVER:
            self.pieces.append(None)
        elif tag == "br":
            self.pieces.append(None)
        elif tag:
            inner_style = style + ((tag, el.get("class"), el.get("style")),)
            inner_link = el if tag == "a" and el.get("href") is not None else link
            self._add(el, "text", inner_style, inner_link, chain + (el,))
            for child in el:
                self._inline(child, inner_style, inner_link, chain + (el,))
        self._add(el, "tail", style, link, chain)


def _splitter(el, attr: str, chain: tuple) -> Callable[[list[tuple[str, Piece]]], None]:
    """Write segments at ``el.<attr>``; a segment formatted by other inline elements gets
    shallow copies of those (the ones the carrier is not already inside)."""

    def split(segments: list[tuple[str, Piece]]) -> None:
        setattr(el, attr, None)
        last = None  # the element whose tail receives the carrier's next text
        for text, piece in segments:
            other_chain = piece.anchor[2] if piece.anchor else chain
            extra = [e for e in other_chain if all(e is not c for c in chain)]
            if not extra:
                if last is None:
                    setattr(el, attr, (getattr(el, attr) or "") + text)
                else:
                    last.tail = (last.tail or "") + text
                continue
            outer = inner = None
            for model in extra:
                copy = etree.Element(model.tag, dict(model.attrib)) if outer is None else \
                    etree.SubElement(inner, model.tag, dict(model.attrib))
                outer = outer if outer is not None else copy
                inner = copy
            inner.text = text
            if last is not None:
                last.addnext(outer)
            elif attr == "text":
                el.insert(0, outer)
            else:
                el.addnext(outer)
            last = outer

    return split


def _ltr_css(css: str) -> str:
    def block(match: re.Match[str]) -> str:
        body = match.group(0)
        if _DIRECTION_RE.search(body):
            body = _ALIGN_RE.sub(r"\1left", _DIRECTION_RE.sub(r"\1ltr", body))
        return body

    return _CSS_BLOCK_RE.sub(block, css)


def _ltr_style_attribute(style: str) -> str:
    if _DIRECTION_RE.search(style):
        style = _ALIGN_RE.sub(r"\1left", _DIRECTION_RE.sub(r"\1ltr", style))
    return style


def _ltr_island(el, rtl: set) -> bool:
    """Is ``el`` inside an explicitly left-to-right element nearer than any right-to-left one?"""
    for a in [el, *el.iterancestors()]:
        if a in rtl:
            return False
        if (a.get("dir") or "").lower() == "ltr":
            return True
    return False


def _mirror_align(value: str) -> str:
    return {"right": "left", "left": "right"}.get(value.lower(), value)


def _direction(root) -> None:
    """Turn the page left-to-right; inside what was right-to-left, ``align``/``text-align``
    left and right are mirrored (the Arabic default, right, becomes the English one)."""
    rtl = {el for el in root.iter() if isinstance(el.tag, str) and ((el.get("dir") or "").lower() == "rtl"
                                                                 or _DIRECTION_RE.search(el.get("style") or ""))}
    root.set("dir", "ltr")
    root.set("lang", "en")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        inside = el in rtl or any(a in rtl for a in el.iterancestors()) and not _ltr_island(el, rtl)
        if inside and el.get("align"):
            el.set("align", _mirror_align(el.get("align")))
        if inside and el.get("style") and not _DIRECTION_RE.search(el.get("style")):
            el.set("style", _TEXT_ALIGN_RE.sub(lambda m: m.group(1) + _mirror_align(m.group(2)), el.get("style")))
        if (el.get("dir") or "").lower() == "rtl":
            el.set("dir", "ltr")
        for attr in ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang"):
            if (el.get(attr) or "").lower().startswith("ar"):
                el.set(attr, "en")
        if el.get("style"):
            el.set("style", _ltr_style_attribute(el.get("style")))
        if _tag(el) == "style" and el.text:
            el.text = _ltr_css(el.text)
        if _tag(el) == "meta":
            if el.get("charset") is not None:
                el.set("charset", "utf-8")
            elif (el.get("http-equiv") or "").lower() == "content-type":
                el.set("content", "text/html; charset=utf-8")


def write_same_html(source: Path, out: Path, translate_texts: Callable[[list[str]], list[str]], *,
                    cancel: Callable[[], bool] | None = None) -> SameLayoutResult:
    """Translate the page ``source`` into ``out`` keeping its markup; see the module doc."""
    source, out = Path(source), Path(out)
    html = _XML_DECL_RE.sub("", decode_html(source, read_bytes(source)).lstrip("\ufeff"), count=1)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, huge_tree=False)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser).getroottree()
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(source, "it is not a readable HTML page.") from exc
    root = tree.getroot()
    result = SameLayoutResult(out)
    units = []
    emptied: list = []
    for el in root.iter():
        tag = _tag(el)
        if not tag or tag in NEVER or any(_tag(a) in NEVER for a in el.iterancestors()):
            continue
        if tag in BLOCKS:
            found = split_units(_Block(el, emptied).pieces)
            if found:
                result.paragraphs += 1
                units.extend(found)
        for attr in ATTRIBUTES:
            units.extend(_attribute_units(el, attr))
        if tag == "meta" and (el.get("name") or el.get("property") or "").lower() in _META_NAMES:
            units.extend(_attribute_units(el, "content"))
    result.sentences = translate_units(units, translate_texts)
    if cancel is not None and cancel():
        raise Cancelled()
    for el in emptied:  # inline elements whose text moved elsewhere go (their tails stay)
        while el is not None and not el.text and len(el) == 0 and _tag(el) not in BLOCKS | NEVER \
                and _tag(el) not in _VOID and el.getparent() is not None:
            parent = el.getparent()
            el.drop_tree()
            el = parent
    _direction(root)
    if result.paragraphs:
        result.parts.append(source.name)
    doctype = tree.docinfo.doctype if _DOCTYPE_RE.match(html) else None  # lxml invents one otherwise
    text = lxml.html.tostring(root, encoding="unicode", method="html", doctype=doctype)
    atomic_write_bytes(out, text.encode("utf-8"))
    return result


def _attribute_units(el, attr: str):
    value = el.get(attr)
    if not value or not has_arabic(value):
        return []

    def write(text: str) -> None:
        el.set(attr, text)

    return split_units([Piece(value, None, None, False, write)])
