"""TMX 1.4b in and out of the memory, streamed (files of hundreds of MB never sit in memory).

Import reads what OmegaT, Trados Studio and memoQ write: ``xml:lang`` (or TMX 1.1 ``lang``) in
any case and region (ar, ar-SA, AR-EG), several ``tuv`` per ``tu`` (the first Arabic and the first
target-language variant are taken), inline codes ``bpt ept ph it ut`` dropped with their native
content, ``hi`` kept as text. A unit counts as machine translation when its file, ``tu`` or ``tuv``
says so in any of the conventions in use:
- Trados Studio: ``<prop type="x-Origin">`` MachineTranslation / NeuralMachineTranslation /
  AdaptiveMachineTranslation (also ``mt``, ``nmt``, ``amt``);
- GlobalSight and MyMemory: ``creationid`` or ``changeid`` ``MT!``;
- OmegaT keeps machine output in its ``tm/mt/`` folder: a file whose folder is named ``mt`` is
  imported as machine translation (and ``--machine`` forces it for any file);
- Tarjama Desk's own export (below), which writes the first two.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

import desk
from desk.atomic import atomic_open
from desk.errors import DocumentError
from desk.textnorm import xml_safe
from desk.tm.store import HUMAN, MACHINE, TranslationMemory, TranslationUnit

log = logging.getLogger(__name__)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}
MT_ORIGINS = {"machinetranslation", "neuralmachinetranslation", "adaptivemachinetranslation", "mt", "nmt", "amt",
              "machine"}
MT_ID = "mt!"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: units read, stored as new, skipped (no Arabic or no target), machine;
    ``cancelled`` when it stopped early (what was read is stored)."""

    read: int
    added: int
    skipped: int
    machine: int
    seconds: float
    cancelled: bool = False


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def seg_text(seg) -> str:
    """The plain text of a ``seg``: inline codes dropped with their content, ``hi`` kept."""
    parts = [seg.text or ""]
    for child in seg:
        name = _local(child.tag)
        if name not in INLINE_CODES and name:  # hi, sub, or anything unknown: keep its text
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _is_machine(element) -> bool:
    """A ``header``, ``tu`` or ``tuv`` marked as machine translation (see the module doc)."""
    return _mt_id(element) or any(_mt_prop(p) for p in element.iterchildren("prop", "{*}prop"))


def read_tmx(path: str | Path, *, source_lang: str = "ar", target_lang: str = "en", machine: bool = False,
             project: str = "", counts: dict | None = None) -> Iterator[TranslationUnit]:
    """Stream the (Arabic, English) units of a TMX file; ``counts`` gets 'read' and 'skipped'."""
    for row in read_tmx_rows(path, source_lang=source_lang, target_lang=target_lang, machine=machine,
                             project=project, counts=counts):
        yield TranslationUnit(*row)


def read_tmx_rows(path: str | Path, *, source_lang: str = "ar", target_lang: str = "en", machine: bool = False,
                  project: str = "", counts: dict | None = None) -> Iterator[tuple]:
    """``read_tmx`` as plain tuples in ``TranslationUnit`` field order (source, target, origin, project,
    created, changed, creator): what an import hands to ``TranslationMemory.add_rows``, a dataclass
    per unit costing more than the rest of its parsing."""
    path = Path(path)
    machine = machine or path.parent.name.lower() == "mt"
    counts = counts if counts is not None else {}
    counts.setdefault("read", 0)
    counts.setdefault("skipped", 0)
    file_machine = False
    try:
        with open(path, "rb") as handle:  # closed even when the caller stops reading early
            context = etree.iterparse(handle, events=("end",), tag=("{*}tu", "{*}header"), resolve_entities=False,
                                      no_network=True, huge_tree=True, remove_comments=True, remove_pis=True)
            for _event, element in context:
                name = _KINDS.get(element.tag) or _kind(element.tag)
                if name == "header":
                    file_machine = _is_machine(element)
                    continue
                if name != "tu":
                    continue
                counts["read"] += 1
                unit = _unit(element, source_lang, target_lang, machine or file_machine, project)
                element.clear(keep_tail=False)
                previous = element.getprevious()
                if previous is not None:  # earlier siblings (units already read) go too
                    parent = element.getparent()
                    while previous is not None:
                        del parent[0]
                        previous = element.getprevious()
                if unit is None:
                    counts["skipped"] += 1
                else:
                    yield unit
    except etree.XMLSyntaxError as exc:
        raise DocumentError(path, f"it is not well-formed TMX ({exc}).") from exc
    except OSError as exc:
        raise DocumentError(path, f"it cannot be read ({exc.strerror or exc}).") from exc


def _mt_id(element) -> bool:
    return any((element.get(attr) or "").strip().lower() == MT_ID for attr in ("creationid", "changeid"))


def _mt_prop(prop) -> bool:
    return ((prop.get("type") or "").lower() in ("x-origin", "x-tarjama-origin")
            and (prop.text or "").strip().lower() in MT_ORIGINS)


# Per-file constants met a million times, decided once: an element tag's local name, a language code's
# primary subtag ("AR-EG" → "ar").
_KINDS: dict = {}
_LANGS: dict[str, str] = {}


def _kind(tag) -> str:
    name = _local(tag)
    if len(_KINDS) < 1000:  # bounded: a file of made-up tag names must not grow it without end
        _KINDS[tag] = name
    return name


def _lang(code: str) -> str:
    primary = code.strip().lower().replace("_", "-").partition("-")[0]
    if len(_LANGS) < 1000:
        _LANGS[code] = primary
    return primary


def _collapse(text: str) -> str:
    """``" ".join(text.split())``, without the work when there is nothing to collapse (the usual case):
    every character ``split`` breaks on but the space is unprintable."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _unit(tu, source_lang: str, target_lang: str, machine: bool, project: str) -> tuple | None:
    """One pass over the children of a ``tu`` (this runs a million times on a big import)."""
    source = target = None
    is_mt = machine or _mt_id(tu)
    kinds = _KINDS
    for child in tu:
        tag = child.tag
        kind = kinds.get(tag) or _kind(tag)
        if kind == "prop":
            if _mt_prop(child):
                is_mt = True
            elif not project and child.get("type") == "x-Project":  # our own export names the project
                project = (child.text or "").strip()
            continue
        if kind != "tuv":
            continue
        code = child.get(XML_LANG) or child.get("lang") or ""
        lang = _LANGS.get(code) or _lang(code)
        if lang == source_lang:
            if source is not None:
                continue
        elif lang != target_lang or target is not None:
            continue
        text = None
        target_mt = False
        for part in child:
            part_kind = kinds.get(part.tag) or _kind(part.tag)
            if part_kind == "seg":
                text = _collapse(part.text or "") if len(part) == 0 else seg_text(part)
                break
            if part_kind == "prop":
                target_mt = target_mt or _mt_prop(part)
        if not text:
            continue
        if lang == source_lang:
            source = text
        else:
            target = text
            is_mt = is_mt or target_mt or _mt_id(child)
    if source is None or target is None:
        return None
    get = tu.get
    created = get("creationdate") or ""
    return (source, target, MACHINE if is_mt else HUMAN, project, created, get("changedate") or created,
            get("creationid") or "")


def import_tmx(memory: TranslationMemory, path: str | Path, *, project: str = "", machine: bool = False,
               target_lang: str = "en", progress: Callable[[int], None] | None = None,
               cancel: Callable[[], bool] | None = None) -> ImportReport:
    """Read a TMX file into ``memory``; ``progress(units_read)`` is called every 10,000 units.

    When ``cancel()`` turns true (checked every 1,000 units) reading stops; what was read is kept.
    """
    started = time.monotonic()
    counts: dict = {}
    tally = {"machine": 0, "cancelled": False}

    def units() -> Iterator[tuple]:
        for unit in read_tmx_rows(path, target_lang=target_lang.lower(), machine=machine, project=project,
                                  counts=counts):
            if unit[2] == MACHINE:
                tally["machine"] += 1
            yield unit
            if counts["read"] % 1_000 == 0:
                if progress and counts["read"] % 10_000 == 0:
                    progress(counts["read"])
                if cancel and cancel():
                    tally["cancelled"] = True
                    return

    added = memory.add_rows(units())
    report = ImportReport(counts.get("read", 0), added, counts.get("skipped", 0), tally["machine"],
                          time.monotonic() - started, tally["cancelled"])
    log.info("imported %s: %s", Path(path).name, report)
    return report


def export_tmx(memory: TranslationMemory, path: str | Path, *, project: str | None = None,
               human_only: bool = False) -> int:
    """Write the memory (or one project of it) as TMX 1.4b, atomically; returns the unit count.

    Machine translation is marked the way Trados (``x-Origin``) and GlobalSight/MyMemory
    (``creationid="MT!"``) mark it, so a CAT tool never takes it for human work.
    """
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    count = 0
    with atomic_open(path, "wb") as handle, etree.xmlfile(handle, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write(etree.Comment(" TMX 1.4b "), pretty_print=True)
        with xf.element("tmx", version="1.4"):
            xf.write("\n")
            xf.write(etree.Element("header", {
                "creationtool": "Tarjama Desk", "creationtoolversion": desk.__version__, "datatype": "plaintext",
                "segtype": "sentence", "adminlang": "en", "srclang": "ar", "o-tmf": "TarjamaDesk",
                "creationdate": stamp,
            }), pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for unit in memory.units(project=project, human_only=human_only):
                    xf.write(_tu_element(unit), pretty_print=True)
                    count += 1
                    if count % 10_000 == 0:
                        handle.flush()
    return count


def _tu_element(unit: TranslationUnit):
    attrs = {"creationdate": unit.created, "changedate": unit.changed}
    if unit.origin == MACHINE:
        attrs["creationid"] = "MT!"
    elif unit.creator:
        attrs["creationid"] = xml_safe(unit.creator)
    tu = etree.Element("tu", {k: v for k, v in attrs.items() if v})
    if unit.origin == MACHINE:
        etree.SubElement(tu, "prop", type="x-Origin").text = "MachineTranslation"
    if unit.project:
        etree.SubElement(tu, "prop", type="x-Project").text = xml_safe(unit.project)
    for lang, text in (("ar", unit.source), ("en", unit.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = xml_safe(text)
    return tu


__all__ = ["ImportReport", "export_tmx", "import_tmx", "read_tmx", "read_tmx_rows", "seg_text"]
