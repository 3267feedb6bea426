"""PDF → ``Document`` from the text layer (pypdf), with Arabic repairs.

pypdf's layout mode places text by position, which gives Arabic lines in *visual*
order (reversed); its plain mode keeps words logical but scrambles numbers and
punctuation between runs. We take the layout text and turn each visual Arabic line
back into logical order (reverse, then re-reverse Latin/digit runs),
deciding per line from letter-shape evidence and, when a line has none, from the
majority of the document. Lines are joined into paragraphs (hyphenated Latin words
re-joined). A PDF without a text layer (a scan) is refused: it needs OCR, which this
app does not do.

Ligatures must survive the reversal. One glyph can stand for several characters in
logical order: a presentation form (U+FEF7 is lam + alef with hamza) or a ToUnicode
entry such as "لا" or "لج" (InDesign, LibreOffice). Reversing a visual line
character by character would turn "الأ" into "األ" and "الج" into "اجل", so each
multi-character Arabic glyph is fenced with two noncharacters while pypdf lays the
page out, kept whole when the line is reversed, and presentation forms are folded
with NFKC only after the line is in logical order.

Running headers and footers (a line at the top or bottom of most pages, page
numbers aside) are dropped, and so are page numbers on their own line or set apart
in the margin of the first or last lines, so they never end up inside a sentence.

Lost: headings (they become paragraphs; bulleted lines become list items), tables (cells become lines),
multi-column order.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from collections import Counter
from pathlib import Path

from desk.documents.limits import MAX_PDF_PAGE_CONTENT, PdfBudget, check_file
from desk.documents.model import Block, Document
from desk.errors import DocumentError
from desk.textnorm import has_arabic

log = logging.getLogger(__name__)

_PRESENTATION_RE = re.compile("[\ufb00-\ufdcf\ufdf0-\ufdff\ufe70-\ufefe]+")
# noncharacters (never in real text) fence one glyph's characters while a line is reordered
GLYPH_OPEN, GLYPH_CLOSE = "\ufdd0", "\ufdd1"
_FENCED_REVERSED_RE = re.compile(f"{GLYPH_CLOSE}([^{GLYPH_OPEN}{GLYPH_CLOSE}]*){GLYPH_OPEN}")
_LEADING_END_PUNCT_RE = re.compile("^([.!?؟:،؛]+)\\s*(.*[\u0621-\u064a].*)$")
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
    """A visually ordered right-to-left line in logical order (fenced glyphs kept whole)."""
    flipped = line[::-1]  # brackets are not mirrored: ToUnicode maps glyphs back to the typed characters
    flipped = _FENCED_REVERSED_RE.sub(lambda m: m.group(1)[::-1], flipped)
    flipped = _LTR_RUN_RE.sub(lambda m: m.group()[::-1], flipped)
    if _LEADING_END_PUNCT_RE.match(flipped):  # a full stop drawn at the left end of a line
        flipped = _LEADING_END_PUNCT_RE.sub(r"\2\1", flipped)
    return flipped


def unfence(line: str) -> str:
    """The line without glyph fences."""
    return line.replace(GLYPH_OPEN, "").replace(GLYPH_CLOSE, "")


def _fence_multichar_glyphs(page) -> None:
    """Make pypdf's layout mode emit each multi-character Arabic glyph between fences.

    Uses pypdf's per-page font table (``_layout_mode_fonts``); if a pypdf release drops it,
    extraction still works, only ligatures in visual-order lines are not protected.
    """
    original = getattr(page, "_layout_mode_fonts", None)
    if original is None:
        return

    def fonts():
        found = original()
        for font in found.values():
            cmap = getattr(font, "character_map", None)
            if isinstance(cmap, dict):
                font.character_map = {
                    key: (f"{GLYPH_OPEN}{value}{GLYPH_CLOSE}"
                          if isinstance(value, str) and len(value) > 1 and has_arabic(value)
                          and GLYPH_OPEN not in value else value)
                    for key, value in cmap.items()}
        return found

    try:
        page._layout_mode_fonts = fonts
    except (AttributeError, TypeError):  # pragma: no cover - a read-only page object
        log.debug("cannot fence ligature glyphs on this pypdf version")


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
    budget = PdfBudget(path, pages)  # issue 17: page, content-stream and time caps
    for number, page in enumerate(pages, 1):
        if not budget.check(number, page):
            out.append([])
            continue
        try:
            _fence_multichar_glyphs(page)
            text = page.extract_text(extraction_mode="layout")
        except Exception as exc:  # noqa: BLE001
            raise DocumentError(path, f"page {number} cannot be read (the PDF is damaged).") from exc
        out.append([_CONTROL_RE.sub("", line) for line in text.split("\n")])
    if budget.skipped:
        log.warning("%s: skipped %d page(s) of more than %d bytes of drawing: %s", path.name, len(budget.skipped),
                    MAX_PDF_PAGE_CONTENT, budget.skipped[:20])
    out = without_margin_numbers(out)
    return [[" ".join(line.split()) for line in lines] for lines in out]


_GAP_RE = re.compile(r"\s{3,}")  # layout mode pads by position: a wide gap separates pieces of a line


def without_margin_numbers(pages: list[list[str]]) -> list[list[str]]:
    """Pages whose first and last lines lose a page number set apart at either end.

    A page number printed in the margin on the baseline of a text line comes out of layout
    mode as part of that line ("2      …"); kept, it would be read into the sentence
    ("سنة 3 2022"). A number counts as a page number when such numbers on two or more pages
    follow the page count (page + constant); a figure in a table at the top of a page stays.
    """
    candidates = []  # (page, line, side, offset)
    for number, lines in enumerate(pages):
        filled = [i for i, line in enumerate(lines) if line.strip()]
        for i in dict.fromkeys(filled[:RUNNING_ZONE] + filled[-RUNNING_ZONE:]):
            parts = _GAP_RE.split(lines[i].strip())
            if len(parts) < 2:
                continue
            for side in (0, -1):
                if _PAGE_NUMBER_RE.match(parts[side]):
                    value = int(_DIGITS_RE.findall(parts[side])[0])  # int() reads Arabic-Indic digits
                    candidates.append((number, i, side, value - number))
    offsets = Counter(offset for *_, offset in candidates)
    pages = [list(lines) for lines in pages]
    for number, i, side, offset in sorted(candidates, key=lambda c: c[2]):  # strip the end first
        if offsets[offset] >= 2:
            parts = _GAP_RE.split(pages[number][i].strip())
            if len(parts) > 1 and _PAGE_NUMBER_RE.match(parts[side]):
                del parts[side]
            pages[number][i] = "   ".join(parts)
    return pages


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
    page_lines = drop_running_lines(_logical_lines(page_lines))
    blocks: list[Block] = []
    open_tail = False
    for number, fixed in enumerate(page_lines, 1):
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


def _logical_lines(page_lines: list[list[str]]) -> list[list[str]]:
    """Every line in logical order, fences removed, presentation forms folded (in that order)."""
    def plain(line: str) -> str:
        return fold_presentation_forms(unfence(line))

    def evidence(line: str) -> int:  # > 0: reads as logical; < 0: reads better reversed
        return order_evidence(plain(line)) - order_evidence(plain(visual_to_logical(line)))

    scores = [[evidence(line) if line and has_arabic(plain(line)) else None for line in lines] for lines in page_lines]
    majority = sum(score for page in scores for score in page if score is not None)
    out = []
    for lines, page_scores in zip(page_lines, scores, strict=True):
        fixed = []
        for line, score in zip(lines, page_scores, strict=True):
            if score is not None:
                if score < 0 or (score == 0 and majority < 0):
                    line = visual_to_logical(line)
            fixed.append(_SPACE_BEFORE_PUNCT_RE.sub(r"\1", plain(line)))
        out.append(fixed)
    return out


RUNNING_ZONE = 2  # lines at the top and at the bottom of a page where headers and footers live
_DIGITS_RE = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]{1,18}")  # longer runs in pieces: int() refuses 4,300 digits


def _zone(lines: list[str]) -> int:
    """How many lines at each edge of a page may be a header or footer (fewer on a short page)."""
    return min(RUNNING_ZONE, len(lines) // 3)


def _running_key(line: str) -> str:
    return _DIGITS_RE.sub("#", " ".join(line.split()))


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Pages without their running headers and footers.

    A line is running when it sits in the top or bottom ``RUNNING_ZONE`` lines of at least half the
    pages (and of two or more), the same text but for a number that counts the pages; on only two
    pages it must also be shorter than a full line (a wrapped body line can repeat by chance).
    Lone page numbers at the edges are dropped later, by ``_paragraphs``.
    """
    pages = [[line for line in lines if line] for lines in pages]
    if len(pages) >= 2:
        seen: dict[tuple[str, str], dict[int, tuple[int, ...]]] = {}
        for number, lines in enumerate(pages):
            zone_size = _zone(lines)
            for where, zone in (("top", lines[:zone_size]), ("bottom", lines[-zone_size:] if zone_size else [])):
                for line in zone:
                    numbers = tuple(int(d) for d in _DIGITS_RE.findall(line))
                    seen.setdefault((where, _running_key(line)), {}).setdefault(number, numbers)
        need = max(2, (len(pages) + 1) // 2)
        widest = max((len(line) for lines in pages for line in lines), default=0)
        running = {key for key, found in seen.items()
                   if len(found) >= need and key[1].strip("# -–—") and _same_or_page_numbers(found)
                   and (len(found) >= 3 or len(key[1]) < 0.75 * widest)}
        trimmed = []
        for lines in pages:
            zone_size = _zone(lines)
            top = [line for line in lines[:zone_size] if ("top", _running_key(line)) not in running]
            rest = lines[zone_size:]
            if len(rest) >= zone_size:
                body, bottom = rest[:len(rest) - zone_size], rest[len(rest) - zone_size:]
            else:
                body, bottom = [], rest
            bottom = [line for line in bottom if ("bottom", _running_key(line)) not in running]
            trimmed.append(top + body + bottom)
        pages = trimmed
    return pages


def _same_or_page_numbers(found: dict[int, tuple[int, ...]]) -> bool:
    """The numbers of a repeated line are the same on every page, or one of them counts the pages."""
    values = list(found.items())
    if len({numbers for _, numbers in values}) == 1:
        return True
    width = len(values[0][1])
    for i in range(width):
        if len({numbers[i] - page for page, numbers in values}) == 1 and all(
                numbers[:i] + numbers[i + 1:] == values[0][1][:i] + values[0][1][i + 1:] for _, numbers in values):
            return True
    return False


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
    while lines and _PAGE_NUMBER_RE.match(lines[0]):  # a lone page number is never part of a sentence
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
