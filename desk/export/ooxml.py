"""Raw OOXML bits python-docx has no API for: right-to-left paragraphs and runs,
complex-script fonts and language, cell shading, repeated header rows.

Elements are inserted in schema order (Word refuses out-of-order ``pPr``/``rPr``).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

ARABIC_FONT = "Noto Naskh Arabic"
ARABIC_FALLBACK_FONT = "Arial"
ARABIC_LANG = "ar-SA"
ENGLISH_LANG = "en-US"

_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)
_TCPR_ORDER = ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def set_child(parent, tag: str, order: tuple[str, ...], **attrs: str):
    """Replace (or add) child ``tag`` of ``parent`` at its schema position."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    successors = order[order.index(tag) + 1:]
    parent.insert_element_before(el, *successors)
    return el


def rtl_paragraph(paragraph) -> None:
    """``w:bidi``: the paragraph's base direction is right-to-left (starts at the right)."""
    set_child(paragraph._p.get_or_add_pPr(), "w:bidi", _PPR_ORDER)


def arabic_run(run, size_pt: float | None = None) -> None:
    """``w:rtl`` + complex-script font and ``ar-SA`` language on a run of Arabic."""
    rpr = run._r.get_or_add_rPr()
    fonts = set_child(rpr, "w:rFonts", _RPR_ORDER)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    fonts.set(qn("w:hint"), "cs")
    if run.bold:
        set_child(rpr, "w:bCs", _RPR_ORDER)
    if size_pt:
        set_child(rpr, "w:szCs", _RPR_ORDER, val=str(round(size_pt * 2)))
    set_child(rpr, "w:rtl", _RPR_ORDER)
    set_child(rpr, "w:lang", _RPR_ORDER, val=ENGLISH_LANG, bidi=ARABIC_LANG)


def english_run(run) -> None:
    set_child(run._r.get_or_add_rPr(), "w:lang", _RPR_ORDER, val=ENGLISH_LANG)


def shade_cell(cell, fill: str) -> None:
    set_child(cell._tc.get_or_add_tcPr(), "w:shd", _TCPR_ORDER, val="clear", color="auto", fill=fill)


def repeat_header(row) -> None:
    """Repeat this row at the top of every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def register_arabic_font(document) -> None:
    """Declare the Arabic font in fontTable.xml with Arial as its alternative name.

    Word uses ``w:altName`` when the font is missing; LibreOffice falls back through
    fontconfig to an installed Arabic font either way.
    """
    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), ARABIC_FONT)
        for tag, val in (("w:altName", ARABIC_FALLBACK_FONT), ("w:charset", "B2"), ("w:family", "roman"),
                         ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return
