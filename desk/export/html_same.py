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
from desk.documents.encoding import NotText, decode_bytes
from desk.documents.limits import read_bytes
from desk.errors import Cancelled, DocumentError
from desk.export.docx_same import SameLayoutResult
from desk.export.runmap import Piece, split_units, translate_units
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
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_DIRECTION_RE = re.compile(r"(direction\s*:\s*)rtl", re.I)
_ALIGN_RE = re.compile(r"(text-align\s*:\s*)right", re.I)
_CSS_BLOCK_RE = re.compile(r"\{[^{}]*\}")
_SPACES_RE = re.compile(r"[ \t\n\r\f]+")


def _decode(path: Path, data: bytes) -> str:
    meta = _META_CHARSET_RE.search(data[:4096])
    if meta and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode(meta.group(1).decode("ascii").lower())
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_bytes(data)[0]
    except NotText as exc:
        raise DocumentError(path, f"{exc}.") from exc


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text_writer(el, attr: str) -> Callable[[str], None]:
    def write(text: str) -> None:
        setattr(el, attr, text)

    return write


class _Block:
    """The inline content of one block element as pieces (``None`` = a line break)."""

    def __init__(self, el) -> None:
        self.pieces: list[Piece | None] = []
        self._add(el, "text", (), None)
        for child in el:
            self._inline(child, (), None)

    def _add(self, el, attr: str, style: tuple, link) -> None:
        text = getattr(el, attr)
        if text:  # HTML collapses white space, so a line break in the source is only a space
            self.pieces.append(Piece(_SPACES_RE.sub(" ", text), style, link, False, _text_writer(el, attr)))

    def _inline(self, el, style: tuple, link) -> None:
        tag = _tag(el)
        if tag in BLOCKS or tag in NEVER:
            self.pieces.append(None)
        elif tag == "br":
            self.pieces.append(None)
        elif tag:
            inner_style = style + ((tag, el.get("class"), el.get("style")),)
            inner_link = el if tag == "a" and el.get("href") is not None else link
            self._add(el, "text", inner_style, inner_link)
            for child in el:
                self._inline(child, inner_style, inner_link)
        self._add(el, "tail", style, link)


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


def _direction(root) -> None:
    root.set("dir", "ltr")
    root.set("lang", "en")
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
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
    html = _XML_DECL_RE.sub("", _decode(source, read_bytes(source)).lstrip("\ufeff"), count=1)
    parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, huge_tree=False)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser).getroottree()
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(source, "it is not a readable HTML page.") from exc
    root = tree.getroot()
    result = SameLayoutResult(out)
    units = []
    for el in root.iter():
        tag = _tag(el)
        if not tag or tag in NEVER or any(_tag(a) in NEVER for a in el.iterancestors()):
            continue
        if tag in BLOCKS:
            found = split_units(_Block(el).pieces)
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
    _direction(root)
    if result.paragraphs:
        result.parts.append(source.name)
    doctype = tree.docinfo.doctype or "<!DOCTYPE html>"
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
