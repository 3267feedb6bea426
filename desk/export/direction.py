"""Right-to-left → left-to-right rules for WordprocessingML, on lxml elements.

Why each rule (checked against LibreOffice's rendering; Word reads them the same way):
- ``w:bidi`` on a paragraph makes it right-to-left, and its ``w:jc``/``w:ind`` are then
  *logical* (``left`` = the start side, drawn at the right). Removing ``w:bidi`` and
  keeping ``jc``/``ind`` therefore mirrors the paragraph: the Arabic default (start =
  right) becomes the English default (start = left), a centred title stays centred, and
  an end-aligned date stays at the end side.
- ``w:rtl`` / ``w:cs`` on a run make Word use the complex-script properties (``bCs``,
  ``iCs``, ``szCs``, the ``cs`` font). When a run stops being right-to-left its Latin
  properties take over, so the complex-script bold/italic/size are copied onto them and
  an Arabic font on the Latin slots is replaced by the document's Latin font.
- ``w:lang`` says which language the text is in (spelling, hyphenation): ``en-US``.
- Tables: ``w:bidiVisual`` (columns drawn right to left) is removed; sections: ``w:bidi``
  and ``w:rtlGutter``.
Nothing is touched on an element that was already left-to-right except an Arabic
``w:lang`` value on text that is now English.
"""

from __future__ import annotations

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
ENGLISH = "en-US"
_OFF = {"0", "false", "off"}
_ARABIC_FONT_WORDS = ("arab", "naskh", "kufi", "nastaliq", "thuluth", "sakkal", "majalla", "diwani",
                      "andalus", "mudir", "amiri", "scheherazade", "lateef", "vazir", "dubai", "almarai",
                      "cairo", "tajawal", "harmattan", "mothanna", "aldhabi", "urdu typesetting")
_RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
    "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
    "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
    "lang", "eastAsianLayout", "specVanish", "oMath",
)


def is_on(el) -> bool:
    """A WordprocessingML on/off element: present and not ``val="0"``."""
    return el is not None and (el.get(f"{_W}val") or "1").lower() not in _OFF


class Fonts:
    """The document's Latin font and the names of its Arabic fonts."""

    def __init__(self, latin: str | None = None, arabic: set[str] | None = None) -> None:
        self.latin = latin
        self.arabic = {name.lower() for name in (arabic or ())}

    def is_arabic(self, name: str | None) -> bool:
        if not name:
            return False
        low = name.lower()
        return low in self.arabic or any(word in low for word in _ARABIC_FONT_WORDS)

    @classmethod
    def from_parts(cls, styles, font_table, theme) -> Fonts:
        """Latin font from docDefaults (or the theme's minor Latin font); Arabic fonts
        are those with the Arabic charset (B2) in the font table."""
        arabic: set[str] = set()
        if font_table is not None:
            for font in font_table.iter(f"{_W}font"):
                charset = font.find(f"{_W}charset")
                if charset is not None and (charset.get(f"{_W}val") or "").upper() == "B2" and font.get(f"{_W}name"):
                    arabic.add(font.get(f"{_W}name"))
        fonts = cls(None, arabic)
        latin = None
        if styles is not None:
            rfonts = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
            if rfonts is not None:
                latin = rfonts.get(f"{_W}ascii") or rfonts.get(f"{_W}hAnsi")
        if (not latin or fonts.is_arabic(latin)) and theme is not None:
            ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
            found = theme.xpath("//a:minorFont/a:latin/@typeface", namespaces=ns)
            latin = found[0] if found and found[0] else latin
        fonts.latin = None if fonts.is_arabic(latin) else latin
        return fonts


def _child(parent, name: str):
    return parent.find(f"{_W}{name}")


def _insert_ordered(rpr, el) -> None:
    name = etree.QName(el).localname
    later = set(_RPR_ORDER[_RPR_ORDER.index(name) + 1:]) if name in _RPR_ORDER else set()
    for i, child in enumerate(rpr):
        if isinstance(child.tag, str) and etree.QName(child).localname in later:
            rpr.insert(i, el)
            return
    rpr.append(el)


def paragraph_ltr(ppr) -> bool:
    """Remove ``w:bidi`` from a ``w:pPr`` (or style pPr); True if it was right-to-left."""
    if ppr is None:
        return False
    changed = False
    for bidi in ppr.findall(f"{_W}bidi"):
        changed = changed or is_on(bidi)
        ppr.remove(bidi)
    return changed


def run_ltr(rpr, fonts: Fonts, *, english: bool = True) -> None:
    """Make a ``w:rPr`` left-to-right (see the module doc). ``english``: set the language."""
    if rpr is None:
        return
    was_rtl = any(is_on(_child(rpr, n)) for n in ("rtl", "cs"))
    if was_rtl:
        for cs_name, latin_name in (("bCs", "b"), ("iCs", "i"), ("szCs", "sz")):
            cs = _child(rpr, cs_name)
            if cs is None:
                continue
            latin = _child(rpr, latin_name)
            if latin is not None:
                rpr.remove(latin)
            copy = etree.Element(f"{_W}{latin_name}", {k: v for k, v in cs.attrib.items()})
            _insert_ordered(rpr, copy)
        for name in ("rtl", "cs"):
            for el in rpr.findall(f"{_W}{name}"):
                rpr.remove(el)
    rfonts = _child(rpr, "rFonts")
    if rfonts is not None:
        if rfonts.get(f"{_W}hint") == "cs":
            del rfonts.attrib[f"{_W}hint"]
        for slot in ("ascii", "hAnsi"):
            name = rfonts.get(f"{_W}{slot}")
            if name and fonts.is_arabic(name):
                if fonts.latin:
                    rfonts.set(f"{_W}{slot}", fonts.latin)
                else:
                    del rfonts.attrib[f"{_W}{slot}"]
    lang = _child(rpr, "lang")
    if lang is not None:
        value = (lang.get(f"{_W}val") or "").lower()
        if english and (value.startswith("ar") or was_rtl or not value):
            lang.set(f"{_W}val", ENGLISH)
    elif english and was_rtl:
        _insert_ordered(rpr, etree.Element(f"{_W}lang", {f"{_W}val": ENGLISH}))


def table_ltr(tblpr) -> None:
    if tblpr is not None:
        for el in tblpr.findall(f"{_W}bidiVisual"):
            tblpr.remove(el)


def section_ltr(sectpr) -> None:
    if sectpr is not None:
        for name in ("bidi", "rtlGutter"):
            for el in sectpr.findall(f"{_W}{name}"):
                sectpr.remove(el)


def styles_ltr(root, fonts: Fonts) -> None:
    """styles.xml / numbering.xml: every paragraph and run property set becomes LTR."""
    for ppr in list(root.iter(f"{_W}pPr")):
        paragraph_ltr(ppr)
    for rpr in list(root.iter(f"{_W}rPr")):
        run_ltr(rpr, fonts, english=False)
        lang = _child(rpr, "lang")
        if lang is not None and (lang.get(f"{_W}val") or "").lower().startswith("ar"):
            lang.set(f"{_W}val", ENGLISH)
    for tblpr in list(root.iter(f"{_W}tblPr")):
        table_ltr(tblpr)
