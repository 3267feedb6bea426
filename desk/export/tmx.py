"""TMX 1.4b translation memory: one ``tu`` per translated sentence, Arabic source.

Machine output is marked the way CAT tools read it (docs/project-format.md): the ``tu`` gets
``creationid="MT!"`` and ``changeid="MT!"`` (the Okapi convention Trados Studio recognises at
``tu`` level), and every ``tu`` carries ``x-`` props (Trados and memoQ import only
``x-``-prefixed custom fields): ``x-status``, ``x-origin`` and, for machine output,
``x-confidence``. ``options.tmx_scope`` limits the export to reviewed or confirmed sentences,
so a TM built from it never mistakes raw MT for human work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lxml import etree

import desk
from desk.atomic import atomic_write_bytes
from desk.documents import Document
from desk.errors import ExportError
from desk.export.options import REVIEWED_STATUSES, TMX_SCOPES, ExportOptions, status_of
from desk.results import SentenceTranslation
from desk.textnorm import xml_safe

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MT_MARK = "MT!"


def _included(status: str, scope: str) -> bool:
    if scope == "confirmed":
        return status == "confirmed"
    if scope == "reviewed":
        return status in REVIEWED_STATUSES
    return status != "untranslated"


def write_tmx(path: Path, document: Document, translations: Sequence[SentenceTranslation],
              options: ExportOptions) -> None:
    if options.tmx_scope not in TMX_SCOPES:
        raise ExportError(f"Cannot write {path.name}: the TMX scope must be one of {', '.join(TMX_SCOPES)}.")
    stamp = options.when().strftime("%Y%m%dT%H%M%SZ")
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "Tarjama Desk", "creationtoolversion": desk.__version__, "datatype": "plaintext",
        "segtype": "sentence", "adminlang": "en", "srclang": "ar", "o-tmf": "TarjamaDesk",
        "creationdate": stamp,
    })
    if options.model_name:
        etree.SubElement(header, "prop", type="x-model").text = xml_safe(options.model_name)
    source = options.source_name or document.path or ""
    if source:
        etree.SubElement(header, "prop", type="x-source").text = xml_safe(Path(source).name)
    body = etree.SubElement(root, "body")
    for item in translations:
        if not item.source.strip() or not item.target.strip():
            continue
        status = status_of(item)
        if not _included(status, options.tmx_scope):
            continue
        attrs = {"tuid": str(item.index + 1), "creationdate": stamp}
        if status == "machine":
            attrs.update(creationid=MT_MARK, changeid=MT_MARK)
        tu = etree.SubElement(body, "tu", attrs)
        etree.SubElement(tu, "prop", type="x-paragraph").text = str(item.paragraph)
        etree.SubElement(tu, "prop", type="x-status").text = status
        origin = getattr(item, "origin", "") or (options.model_name if status == "machine" else "")
        if origin:
            etree.SubElement(tu, "prop", type="x-origin").text = xml_safe(origin)
        confidence = getattr(item, "confidence", None)
        if status == "machine" and confidence is not None:
            etree.SubElement(tu, "prop", type="x-confidence").text = f"{confidence:.2f}"
        for lang, text in (("ar", item.source), ("en", item.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            if lang == "en" and status == "machine":
                tuv.set("creationid", MT_MARK)
            etree.SubElement(tuv, "seg").text = xml_safe(text)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
    atomic_write_bytes(path, data)
