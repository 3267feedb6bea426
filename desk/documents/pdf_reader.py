"""PDF → ``Document`` from the text layer (pypdf), with Arabic repairs.

pypdf's layout mode places text by position, which gives Arabic lines in *visual*
order (reversed); its plain mode keeps words logical but scrambles numbers and
punctuation between runs. We take the layout text and turn each visual Arabic line
back into logical order (reverse, then re-reverse Latin/digit runs),
deciding per line from letter-shape evidence and, when a line has none, from the
majority of the document. Arabic presentation forms are folded with NFKC; lines are
joined into paragraphs (hyphenated Latin words re-joined). A PDF without a text
layer (a scan) is refused: it needs OCR, which this app does not do.

Lost: headings (they become paragraphs; bulleted lines become list items), tables (cells become lines),
multi-column order, headers/footers other than lone page numbers.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from pathlib import Path

from desk.documents.limits import check_file
from desk.documents.model import Block, Document
from desk.errors import DocumentError
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

_PRESENTATION_RE = re.compile("[\ufb00-\ufdff\ufe70-\ufefe]+")
_ARABIC_WORD_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]{2,}")
_LTR_CHAR = "A-Za-z0-9\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9"
_LTR_RUN_RE = re.compile(f"[{_LTR_CHAR}](?:[{_LTR_CHAR} .,:/%+\\-_@'&]*[{_LTR_CHAR}])?")
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_PAGE_NUMBER_RE = re.compile(r"^[\s\-–—]*[0-9\u0660-\u0669]{1,4}[\s\-–—]*$")
_SENTENCE_END_RE = re.compile(r"[.!?؟…:\"'»”)]$")
# layout mode pads by position, which leaves a space before closing punctuation
_SPACE_BEFORE_PUNCT_RE = re.compile(r" +([.,،؛!?؟])(?=\s|$)")
_BULLET_RE = re.compile("^[\u2022\u25e6\u25aa\u25ab\u25a0\u25a1\u25cf\u25cb\u2023\u2043\u2219\u00b7"
                        "\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\\s*")
MIN_TEXT_CHARS = 1


def fold_presentation_forms(text: str) -> str:
    """NFKC only where it is needed: Arabic presentation forms and Latin ligatures."""
    return _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def order_evidence(line: str) -> int:
    """> 0 if ``line`` reads like logical Arabic, < 0 if like reversed (visual) Arabic."""
    score = 0
    for word in _ARABIC_WORD_RE.findall(line):
        if len(word) > 3 and word.startswith("ال"):
            score += 1
        if len(word) > 3 and word.endswith("لا"):
            score -= 1
        if word.endswith(("ة", "ى")):
            score += 1
        if word.startswith(("ة", "ى")):
            score -= 1
    return score


def visual_to_logical(line: str) -> str:
    """A visually ordered right-to-left line in logical order."""
    flipped = line[::-1]  # brackets are not mirrored: ToUnicode maps glyphs back to the typed characters
    return _LTR_RUN_RE.sub(lambda m: m.group()[::-1], flipped)


def _reader(path: Path):
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(str(path), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError, PdfReadError) as exc:
                raise DocumentError(path, "it is encrypted (password-protected); remove the protection "
                                          "and try again.") from exc
            if not ok:
                raise DocumentError(path, "it is encrypted (password-protected); remove the protection "
                                          "and try again.")
        pages = list(reader.pages)
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError(path, "it is encrypted (password-protected); remove the protection and try again.") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged files
        raise DocumentError(path, "it is not a valid PDF file (corrupt or truncated).") from exc
    return reader, pages


def _page_lines(path: Path, pages) -> list[list[str]]:
    out = []
    for number, page in enumerate(pages, 1):
        try:
            text = page.extract_text(extraction_mode="layout")
        except Exception as exc:  # noqa: BLE001
            raise DocumentError(path, f"page {number} cannot be read (the PDF is damaged).") from exc
        lines = [" ".join(fold_presentation_forms(_CONTROL_RE.sub("", line)).split()) for line in text.split("\n")]
        out.append(lines)
    return out


def _has_images(pages) -> bool:
    for page in pages:
        try:
            resources = page.get("/Resources") or {}
            xobjects = resources.get("/XObject") or {}
            if any(xobjects[name].get("/Subtype") == "/Image" for name in xobjects):
                return True
        except Exception:  # noqa: BLE001
            continue
    return False


def read_pdf(path: Path) -> Document:
    """Read the text layer of a PDF (see module doc for what is repaired and what is lost)."""
    check_file(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader, pages = _reader(path)
        page_lines = _page_lines(path, pages)
        title = ""
        try:
            title = (reader.metadata.title or "") if reader.metadata else ""
        except Exception:  # noqa: BLE001
            title = ""
    if sum(len(line) for lines in page_lines for line in lines) < MIN_TEXT_CHARS:
        if _has_images(pages):
            raise DocumentError(path, "it has no text layer (it is a scanned image); run it through OCR first.")
        raise DocumentError(path, "it contains no text.")
    majority = sum(order_evidence(line) for lines in page_lines for line in lines if has_arabic(line))
    blocks: list[Block] = []
    open_tail = False
    for number, lines in enumerate(page_lines, 1):
        fixed = []
        for line in lines:
            if line and has_arabic(line):
                evidence = order_evidence(line)
                if evidence < 0 or (evidence == 0 and majority < 0):
                    line = visual_to_logical(line)
            fixed.append(_SPACE_BEFORE_PUNCT_RE.sub(r"\1", line))
        paragraphs, tail = _paragraphs(fixed)
        for i, (kind, paragraph) in enumerate(paragraphs):
            if i == 0 and open_tail and kind == "paragraph" and blocks:
                # a paragraph running over the page break
                previous = blocks.pop()
                paragraph = _join_lines(previous.text, paragraph)
                first_page = previous.source.split("-")[0]
                blocks.append(Block(previous.kind, paragraph, source=f"{first_page}-{number}"))
                continue
            blocks.append(Block(kind, paragraph, source=f"page {number}"))
        open_tail = tail if paragraphs else open_tail
    doc = Document(title=title.strip() or path.stem, blocks=tuple(blocks), path=str(path), format="pdf")
    if not doc.blocks:
        raise DocumentError(path, "it contains no text.")
    return doc


def _join_lines(current: str, line: str) -> str:
    if re.search(r"[A-Za-z]-$", current) and re.match(r"[a-z]", line):
        return current[:-1] + line
    return f"{current} {line}"


def _paragraphs(lines: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """Join wrapped lines into (kind, text) paragraphs.

    Blank lines are not trusted (Arabic fonts' tall line gaps produce them inside a
    paragraph); a line continues into the next when it is nearly as wide as the widest
    line of the page and does not end a sentence. A line starting with a bullet starts
    a list item.
    """
    lines = [line for line in lines if line]
    while lines and _PAGE_NUMBER_RE.match(lines[0]):
        lines = lines[1:]
    while lines and _PAGE_NUMBER_RE.match(lines[-1]):
        lines = lines[:-1]
    widest = max((len(line) for line in lines), default=0)
    paragraphs: list[tuple[str, str]] = []
    kind, current = "paragraph", ""
    for line in lines:
        bullet = _BULLET_RE.match(line)
        if bullet:
            if current:
                paragraphs.append((kind, current))
            kind, current, line = "list_item", "", line[bullet.end():]
        current = _join_lines(current, line) if current else line
        if _SENTENCE_END_RE.search(line) or len(line) < 0.75 * widest:
            paragraphs.append((kind, current))
            kind, current = "paragraph", ""
    if current:
        paragraphs.append((kind, current))
    return paragraphs, bool(current)
