"""Write small PDFs whose text layer is exactly what a test needs (no font files, no library).

Each glyph drawn is a string of characters its ToUnicode entry maps to: one character, a
presentation form (U+FEF7 is one glyph for lam + alef with hamza), or several characters
(an InDesign-style ligature glyph whose entry is "لأ" or "لج"). ``arabic_glyphs`` cuts
logical Arabic into such glyphs; ``visual`` reverses them as a visual-order layer stores them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hostile.make import pdf_bytes

_LAM_ALEF = {"ا": "\ufefb", "أ": "\ufef7", "إ": "\ufef9", "آ": "\ufef5"}
_ISOLATED = {}
for _code in range(0xFE70, 0xFEFD):
    _char = chr(_code)
    if "ISOLATED FORM" in unicodedata.name(_char, ""):
        _ISOLATED.setdefault(unicodedata.normalize("NFKC", _char), _char)


def arabic_glyphs(text: str, style: str) -> list[str]:
    """Logical ``text`` as glyph strings.

    ``forms``: every letter as a presentation form, lam-alef as one ligature character (mPDF);
    ``ligatures``: plain letters, but lam + alef/hamza/madda and lam + jeem as one two-character glyph
    (InDesign, LibreOffice).
    """
    glyphs: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if style == "forms" and len(pair) == 2 and pair[0] == "ل" and pair[1] in _LAM_ALEF:
            glyphs.append(_LAM_ALEF[pair[1]])
            i += 2
            continue
        if style == "ligatures" and len(pair) == 2 and pair[0] == "ل" and (pair[1] in _LAM_ALEF or pair[1] == "ج"):
            glyphs.append(pair)
            i += 2
            continue
        char = text[i]
        glyphs.append(_ISOLATED.get(char, char) if style == "forms" else char)
        i += 1
    return glyphs


def visual(glyphs: list[str]) -> list[str]:
    """Glyphs in the order a right-to-left line is drawn (digits and Latin runs stay left to right)."""
    runs: list[list[str]] = []
    for glyph in glyphs:
        ltr = glyph.isascii() and (glyph.isalnum())
        if runs and ltr and runs[-1] and runs[-1][0].isascii() and runs[-1][0].isalnum():
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    return [glyph for run in reversed(runs) for glyph in run]


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _fragments(line) -> list[tuple[float, list[str]]]:
    """A line is a list of glyphs drawn at x = 40, or a dict {x: glyphs} of pieces on one baseline."""
    return sorted(line.items()) if isinstance(line, dict) else [(40, line)]


def write_pdf(path: Path, pages: list[list]) -> Path:
    """``pages`` → lines → glyph strings (drawn left to right, one text line per entry, from the top).

    A line may also be ``{x: glyphs, ...}``: pieces on the same baseline, such as a page number in the
    margin next to the last line of text."""
    codes: dict[str, int] = {" ": 0x20}
    for lines in pages:
        for line in lines:
            for glyph in [g for _, part in _fragments(line) for g in part]:
                if glyph not in codes:
                    codes[glyph] = 0x21 + len(codes) - 1
                    if codes[glyph] > 0xFF:
                        raise ValueError("too many distinct glyphs for one simple font")
    cmap_lines = [f"<{code:02X}> <{_utf16_hex(glyph)}>" for glyph, code in codes.items()]
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <00> <FF> endcodespacerange\n"
            f"{len(cmap_lines)} beginbfchar\n" + "\n".join(cmap_lines) + "\nendbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n")
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    def stream(data: str) -> bytes:
        raw = data.encode("latin-1")
        return b"<< /Length %d >>\nstream\n" % len(raw) + raw + b"\nendstream"

    catalog = add("<< /Type /Catalog /Pages 2 0 R >>")
    pages_obj = add("")  # filled in below
    tounicode = add(stream(cmap))
    font = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 32 /LastChar 255 "
               f"/Widths [{' '.join(['500'] * 224)}] /ToUnicode {tounicode} 0 R >>")
    kids = []
    for lines in pages:
        ops = []
        for n, line in enumerate(lines):
            for x, part in _fragments(line):
                hexed = "".join(f"{codes[g]:02X}" for g in part)
                ops.append(f"BT /F1 10 Tf {x} {800 - 16 * n} Td <{hexed}> Tj ET")
        content = add(stream("\n".join(ops)))
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"))
    objects[pages_obj - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                              + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    assert catalog == 1   # pdf_bytes names object 1 as the root
    path.write_bytes(pdf_bytes(objects))
    return path
