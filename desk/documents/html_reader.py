"""HTML → ``Document``: the article of a saved news page, or a pasted fragment.

A saved page goes through trafilatura (offline: it is only ever given a string, never
a URL), which drops menus, ads, comments and scripts and keeps headings, lists,
quotes and tables. A pasted fragment (no ``<body>``, or clipboard fragment markers)
is the user's own selection, so all its visible text is kept by a plain walker; the
walker is also the fallback when trafilatura finds no article.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import lxml.html
from lxml import etree

from desk.documents import limits
from desk.documents.docx_reader import xml_parser
from desk.documents.encoding import NotText, decode_bytes, is_utf8
from desk.documents.limits import read_bytes
from desk.documents.model import Block, Document
from desk.errors import DocumentError

log = logging.getLogger(__name__)

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:]+)""", re.I)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_FULL_PAGE_RE = re.compile(r"<\s*(body|html)[\s>]", re.I)
_FRAGMENT_RE = re.compile(r"<!--\s*StartFragment\s*-->", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form",
              "button", "select", "iframe", "svg", "object", "embed")
_BLOCK_TAGS = {"p": "paragraph", "div": "paragraph", "section": "paragraph", "article": "paragraph",
               "li": "list_item", "dd": "paragraph", "dt": "paragraph", "blockquote": "quote",
               "td": "table_cell", "th": "table_cell", "pre": "paragraph", "figcaption": "paragraph",
               "caption": "paragraph", "address": "paragraph", "main": "paragraph", "body": "paragraph"}
_CHROME_TAGS = ("script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button", "select",
                "iframe", "svg", "object", "embed")
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Inline images and fonts (base64 in src/href/url()): megabytes of markup with no text.
_DATA_URI_RE = re.compile(r"data:[\w/+.-]*;base64,[A-Za-z0-9+/=\s]{256,}")


def read_html_file(path: Path) -> Document:
    """A saved web page; the encoding comes from the BOM, the meta charset, or detection."""
    text = decode_html(path, read_bytes(path))
    doc = read_html(text, str(path))
    return Document(title=doc.title or path.stem, blocks=doc.blocks, path=str(path), format="html", lang=doc.lang)


def decode_html(path: Path, data: bytes) -> str:
    """The text of a saved page's bytes: by the BOM, the ``<meta charset>`` when it names a
    web text encoding the bytes agree with, or detection. Too much markup (judged from the
    size, before decoding) or bytes that are not text are a ``DocumentError``."""
    if len(data) > limits.MAX_HTML_CHARS and b";base64," not in data:
        raise DocumentError(path, _too_big())  # decided from the size, before decoding
    text = None
    meta = _META_CHARSET_RE.search(data[:4096])
    if meta and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        declared = _web_encoding(meta.group(1).decode("ascii"))
        if declared is None:
            log.warning("%s: <meta charset> names %r, which is not a web text encoding; detecting instead",
                        path.name, meta.group(1).decode("ascii"))
        elif declared != "utf-8" and not data.isascii() and is_utf8(data):
            log.warning("%s: <meta charset> says %s but the bytes are valid UTF-8; read as UTF-8",
                        path.name, declared)
        else:
            try:
                text = data.decode(declared)
            except UnicodeDecodeError:
                text = None
    if text is None:
        try:
            text, _ = decode_bytes(data, path.name)
        except NotText as exc:
            raise DocumentError(path, f"{exc}.") from exc
    return text


# Python codecs a page may name in <meta charset>; anything else (unicode_escape, rot13,
# base64, idna, utf-7 ...) is not a web text encoding and is ignored.
_WEB_ENCODING_PREFIXES = ("utf-8", "utf-16", "cp", "iso8859", "latin", "koi8", "mac", "gb", "big5", "shift_jis",
                          "euc", "iso2022", "ascii", "tis", "hz", "johab", "ptcp", "kz1048")


def _too_big() -> str:
    return (f"it holds more than {limits.MAX_HTML_CHARS // (1024 * 1024)} MB of web page markup; "
            "save the article as text (or copy and paste it) instead.")


def _web_encoding(label: str) -> str | None:
    """The codec a ``<meta charset>`` label names, if it is a web text encoding."""
    import codecs

    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return name if name.startswith(_WEB_ENCODING_PREFIXES) and name not in ("cp65001",) else None


def read_html(html: str, name: str | None = None) -> Document:
    """A ``Document`` from HTML text (a saved page or a clipboard fragment)."""
    html = _XML_DECL_RE.sub("", html.lstrip("\ufeff"), count=1)  # lxml refuses str with an encoding declaration
    if "\x00" in html:
        raise DocumentError(name, "it is binary data, not text.")
    if not html.strip():
        raise DocumentError(name, "it is empty (there is no text in it).")
    if len(html) > limits.MAX_HTML_CHARS:
        html = _DATA_URI_RE.sub("data:,", html)
    if len(html) > limits.MAX_HTML_CHARS:
        raise DocumentError(name, _too_big())
    parser = _html_parser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(name, "it is not readable HTML.") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels and silently drops the rest of the page
        raise DocumentError(name, "it is nested more than 255 levels deep, so part of it cannot be read "
                                  "(copy the text and paste it instead).")
    lang = _lang(tree)
    page_title = " ".join((tree.findtext(".//title") or "").split())
    blocks: list[Block] = []
    title = ""
    if _FULL_PAGE_RE.search(html) and not _FRAGMENT_RE.search(html):
        blocks, title = _article(_without_chrome(tree))
        blocks = _with_headline(tree, blocks, title)
        if sum(b.kind != "heading" for b in blocks) <= 1:
            # on a small page trafilatura falls back to its baseline: every paragraph (and the
            # headline again) in one block; the walker keeps the page's own paragraphs
            walked = _walk(tree)
            blocks = walked if walked and len(walked) >= len(blocks) else blocks
    if not blocks:
        blocks = _walk(tree)
    doc = Document(title=title or page_title or (Path(name).stem if name else ""), blocks=tuple(blocks),
                   path=name, format="html" if name else "paste", lang=lang)
    if not doc.blocks:
        raise DocumentError(name, "it contains no text.")
    return doc


def _without_chrome(tree) -> str:
    """The page as HTML minus menus, footers, side bars, forms and scripts.

    trafilatura removes these itself on real pages, but when it falls back to its
    baseline on a small page it keeps everything; removing them first makes both paths safe.
    """
    import copy

    clean = copy.deepcopy(tree)
    for bad in clean.xpath("|".join(f"//{t}" for t in _CHROME_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    return lxml.html.tostring(clean, encoding="unicode")


def _with_headline(tree, blocks: list[Block], title: str) -> list[Block]:
    """trafilatura moves the article's ``<h1>`` into its metadata; put it back as the first heading."""
    if not blocks or not title or any(b.text == title for b in blocks):
        return blocks
    for h1 in tree.iter("h1"):
        if " ".join(h1.text_content().split()) == title:
            return [Block("heading", title, level=1, source="headline"), *blocks]
    return blocks


def _html_parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)


def _lang(tree) -> str | None:
    for el in (tree, tree.find(".//body")):
        if el is not None and el.get("lang"):
            return el.get("lang").strip() or None
    return None


def _article(html: str) -> tuple[list[Block], str]:
    """The main text through trafilatura's XML output (which we parse ourselves)."""
    import trafilatura

    try:
        xml = trafilatura.extract(html, output_format="xml", include_comments=False, include_tables=True,
                                  include_formatting=False, include_links=False, include_images=False,
                                  with_metadata=True, deduplicate=False)
    except Exception:  # noqa: BLE001 - trafilatura fails on odd pages; the walker takes over
        log.warning("article extraction failed; using all visible text", exc_info=True)
        return [], ""
    if not xml:
        return [], ""
    try:
        root = etree.fromstring(xml.encode("utf-8"), xml_parser())
    except etree.XMLSyntaxError:
        return [], ""
    main = root.find("main")
    if main is None:
        return [], ""
    blocks: list[Block] = []
    _from_trafilatura(main, blocks, [0], 0)
    return blocks, (root.get("title") or "").strip()


def _text(el) -> str:
    """Text of an element; ``<lb/>`` and ``<br>`` become line breaks, layout whitespace collapses."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag in ("lb", "br"):
                parts.append("\n")
            elif isinstance(child.tag, str) and child.tag not in _DROP_TAGS:
                block = child.tag in _BLOCK_TAGS or child.tag in _HEADINGS or child.tag in ("p", "item", "row")
                if block:
                    parts.append("\n")
                walk(child)
                if block:
                    parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(el)
    text = "".join(parts)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def _from_trafilatura(el, blocks: list[Block], tables: list[int], depth: int) -> None:
    for child in el:
        tag = child.tag
        n = len(blocks) + 1
        if tag == "head":
            rend = child.get("rend") or "h2"
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            blocks.append(Block("heading", _text(child), level=level, source=f"heading {n}"))
        elif tag == "p":
            blocks.append(Block("paragraph", _text(child), source=f"block {n}"))
        elif tag == "quote":
            inner = [c for c in child if c.tag in ("p", "head", "list")]
            if inner:
                for c in inner:
                    blocks.append(Block("quote", _text(c), source=f"block {n}"))
            else:
                blocks.append(Block("quote", _text(child), source=f"block {n}"))
        elif tag == "list":
            for item in child.iter("item"):
                level = sum(1 for a in item.iterancestors("list")) - 1
                own = item.text or ""
                blocks.append(Block("list_item", _text(item) if item.find("list") is None else own,
                                    level=max(0, level - depth), source=f"list item {len(blocks) + 1}"))
        elif tag == "table":
            t = tables[0]
            tables[0] += 1
            for r, row in enumerate(child.iter("row")):
                for c, cell in enumerate(row.iter("cell")):
                    blocks.append(Block("table_cell", _text(cell), source=f"table {t + 1}, row {r + 1}, column {c + 1}",
                                        cell=(t, r, c)))
        elif tag in ("code", "div", "section"):
            blocks.append(Block("paragraph", _text(child), source=f"block {n}"))


def _walk(tree) -> list[Block]:
    """All visible text of a page or fragment, one block per block-level element."""
    for bad in tree.xpath("|".join(f"//{t}" for t in _DROP_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    body = tree.find(".//body")
    root = body if body is not None else tree
    blocks: list[Block] = []
    tables: dict = {}  # table element -> its number
    row_numbers: dict = {}  # row element -> its index in its own table (computed once per table)
    cell_numbers: dict = {}  # cell element -> its index in its row (computed once per row)
    rows_done: set = set()

    def _cell_position(table, row, cell) -> tuple[int, int]:
        """(row, column) of ``cell``; each table and row is indexed once, so a table is linear."""
        if row not in row_numbers:
            own = (r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table)
            row_numbers.update((r, i) for i, r in enumerate(own))
        if row not in rows_done:
            rows_done.add(row)
            cell_numbers.update((c, i) for i, c in enumerate(c for c in row if c.tag in ("td", "th")))
        return row_numbers.get(row, 0), cell_numbers.get(cell, 0)

    def emit(el, kind: str, level: int = 0) -> None:
        n = len(blocks) + 1
        if kind == "paragraph" and any(a.tag == "blockquote" for a in el.iterancestors()):
            kind = "quote"
        if kind == "table_cell":
            table = next(el.iterancestors("table"), None)
            row = next(el.iterancestors("tr"), None)
            if table is not None and row is not None:
                r, c = _cell_position(table, row, el)
                t = tables.setdefault(table, len(tables))
                blocks.append(Block("table_cell", _text(el), source=f"table {t + 1}, row {r + 1}, column {c + 1}",
                                    cell=(t, r, c)))
                return
            kind = "paragraph"
        blocks.append(Block(kind, _text(el), level=level, source=f"block {n}"))

    def list_level(el) -> int:
        return max(0, sum(1 for a in el.iterancestors() if a.tag in ("ul", "ol")) - 1)

    def walk(el, loose_kind: str = "paragraph", loose_level: int = 0) -> None:
        # loose text directly in a container (between its block children) is a block of its own
        loose: list[str] = [el.text or ""]

        def flush() -> None:
            text = " ".join("".join(loose).split())
            loose.clear()
            if text:
                blocks.append(Block(loose_kind, text, level=loose_level, source=f"block {len(blocks) + 1}"))

        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _HEADINGS:
                flush()
                emit(child, "heading", _HEADINGS[tag])
            elif tag in ("ul", "ol", "table", "thead", "tbody", "tfoot", "tr", "dl", "header", "hgroup", "figure"):
                flush()
                walk(child)
            elif tag in _BLOCK_TAGS:
                flush()
                kind = _BLOCK_TAGS[tag]
                level = list_level(child) if kind == "list_item" else 0
                nested = (c.tag for c in child.iter() if c is not child and isinstance(c.tag, str))
                if kind != "table_cell" and any(t in _BLOCK_TAGS or t in _HEADINGS or t in ("ul", "ol", "table")
                                                for t in nested):
                    walk(child, kind if kind in ("list_item", "quote") else "paragraph", level)
                else:
                    emit(child, kind, level)
            else:
                loose.append(_text(child))
            loose.append(child.tail or "")
        flush()

    walk(root)
    return blocks
