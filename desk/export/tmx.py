"""TMX 1.4b translation memory: one ``tu`` per translated sentence, Arabic source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

import desk
from desk.atomic import atomic_write_bytes
from desk.documents import Document
from desk.export.options import ExportOptions
from desk.results import SentenceTranslation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_ILLEGAL_RE.sub("", text)


def write_tmx(path: Path, document: Document, translations: Sequence[SentenceTranslation],
              options: ExportOptions) -> None:
    stamp = options.when().strftime("%Y%m%dT%H%M%SZ")
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "Tarjama Desk", "creationtoolversion": desk.__version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": "ar", "o-tmf": "TarjamaDesk",
        "creationdate": stamp,
    })
    if options.model_name:
        etree.SubElement(header, "prop", type="x-model").text = _clean(options.model_name)
    source = options.source_name or document.path or ""
    if source:
        etree.SubElement(header, "prop", type="x-source").text = _clean(Path(source).name)
    body = etree.SubElement(root, "body")
    for item in translations:
        if not item.source.strip() or not item.target.strip():
            continue
        tu = etree.SubElement(body, "tu", tuid=str(item.index + 1), creationdate=stamp)
        etree.SubElement(tu, "prop", type="x-paragraph").text = str(item.paragraph)
        for lang, text in (("ar", item.source), ("en", item.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = _clean(text)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    atomic_write_bytes(path, data)
