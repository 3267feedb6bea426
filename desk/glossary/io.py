"""Reading glossaries: TSV/CSV (Arabic, English, note) and TBX-Basic (TBX 2 and TBX v3 shapes).

TSV/CSV (UTF-8, UTF-16 as Excel saves "Unicode text", UTF-32, or Windows-1256 as Excel saves a CSV
on an Arabic Windows; decoded by ``desk.documents.encoding.decode_bytes``): the delimiter comes from
the extension (.csv comma, otherwise tab; a .csv using ';' is sniffed); a first row without
Arabic is a header whose names pick the columns (ar/arabic/source/term, en/english/target/
translation, note/notes/comment/definition); otherwise the columns are ar, en, note. TBX: each
``termEntry``/``conceptEntry`` gives one term per Arabic term, the English terms (all of them,
';'-joined) as accepted renderings, and its definition or note. XML is parsed with entities and network access off.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from desk.documents.encoding import NotText, decode_bytes
from desk.errors import DocumentError
from desk.glossary.match import Term
from desk.textnorm import has_arabic

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_AR_NAMES = {"ar", "arabic", "source", "term", "ar-sa", "src", "عربي", "المصطلح"}
_EN_NAMES = {"en", "english", "target", "translation", "en-us", "en-gb", "tgt"}
_NOTE_NAMES = {"note", "notes", "comment", "comments", "definition", "context"}
MAX_BYTES = 50 * 2**20


def read_glossary(path: str | Path, *, glossary: str = "", project: str = "") -> list[Term]:
    """The terms of a TSV, CSV or TBX file."""
    path = Path(path)
    name = glossary or path.stem
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DocumentError(path, f"it is larger than the {MAX_BYTES // 2**20} MB glossary limit.")
        if path.suffix.lower() in (".tbx", ".xml"):
            return list(_read_tbx(path, name, project))
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"it cannot be read ({exc.strerror or exc}).") from exc
    return list(_read_table(_decode(data, path), path, name, project))


def _decode(data: bytes, path: Path) -> str:
    """The text of a table file: any Unicode encoding or Windows-1256, nothing else.

    Other code pages are refused rather than guessed: a Latin-1 "café" read as ISO-8859-6
    would come back as a made-up Arabic term.
    """
    try:
        text, encoding = decode_bytes(data, path.name)
    except NotText as exc:
        raise DocumentError(path, f"{exc}.") from exc
    if not _accepted(encoding):
        raise DocumentError(path, "it is not UTF-8 or UTF-16 text, nor Arabic Windows-1256 text.")
    return text


def _accepted(encoding: str) -> bool:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith("utf-") or name == "cp1256"


def _read_table(text: str, path: Path, name: str, project: str) -> Iterator[Term]:
    delimiter = "\t"
    if path.suffix.lower() == ".csv":
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
    if not rows:
        return
    columns = {"ar": 0, "en": 1, "note": 2}
    header = [c.strip().lower() for c in rows[0]]
    if not any(has_arabic(c) for c in rows[0][:2]):
        for index, cell in enumerate(header):
            for key, names in (("ar", _AR_NAMES), ("en", _EN_NAMES), ("note", _NOTE_NAMES)):
                if cell in names:
                    columns[key] = index
        rows = rows[1:]
    for row in rows:
        def cell(key: str, row=row) -> str:
            index = columns[key]
            return row[index].strip() if index < len(row) else ""

        ar, en = cell("ar"), cell("en")
        if ar and en and has_arabic(ar):
            yield Term(ar, en, cell("note"), name, project)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _read_tbx(path: Path, name: str, project: str) -> Iterator[Term]:
    try:
        for _event, entry in etree.iterparse(str(path), events=("end",), tag=("{*}termEntry", "{*}conceptEntry"),
                                             resolve_entities=False, no_network=True, remove_comments=True):
            note = ""
            terms: dict[str, list[str]] = {"ar": [], "en": []}
            for element in entry.iter():
                local = _local(element.tag)
                if local in ("descrip", "note", "definition") and not note and (element.text or "").strip():
                    note = element.text.strip()
                elif local == "langSet" or local == "langSec":
                    lang = (element.get(XML_LANG) or element.get("lang") or "").lower().split("-")[0]
                    if lang in terms:
                        for term in element.iter("{*}term", "term"):
                            text = " ".join("".join(term.itertext()).split())
                            if text:
                                terms[lang].append(text)
            entry.clear(keep_tail=False)
            if terms["en"]:
                for ar in terms["ar"]:
                    yield Term(ar, "; ".join(terms["en"]), note, name, project)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, f"it is not well-formed TBX ({exc}).") from exc
