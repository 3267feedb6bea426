"""Bytes → text for plain-text inputs: BOMs, UTF-16 without BOM, UTF-8, the Arabic
code pages (Windows-1256, ISO-8859-6), then charset-normalizer.

charset-normalizer alone misreads short Arabic texts (a two-word ISO-8859-6 file
comes back as a Japanese code page), so the Arabic code pages are tried first and
scored by how plausible the decoded characters are.
"""

from __future__ import annotations

import codecs
import logging
import re

from desk.textnorm import has_arabic

log = logging.getLogger(__name__)
# Binary data is recognised from this much of the start of a file, before anything is decoded.
PREFIX_BYTES = 64 * 1024
# charset-normalizer sees at most this much (it costs ~50x its input in memory).
DETECT_SAMPLE_BYTES = 256 * 1024

ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
_PLAUSIBLE_RE = re.compile(
    "[\t\n\r\x20-\x7e\u00a0\u00ab\u00bb\u00b0\u00d7\u00f7"
    "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff\u2000-\u206f]"
)
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


class NotText(ValueError):
    """The bytes are not text in any encoding we accept."""


def plausibility(text: str) -> float:
    """Share of characters one expects in Arabic or English prose (0..1)."""
    if not text:
        return 0.0
    return len(_PLAUSIBLE_RE.findall(text)) / len(text)


def _bom(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    best = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score >= 0.9 and (best is None or score > best[2]):
            best = (text, enc, score)
    return None if best is None else (best[0], best[1])


def decode_bytes(data: bytes, name: str = "the file") -> tuple[str, str]:
    """(text, encoding name) for ``data``; raises ``NotText`` for binary data.

    Binary data is refused from the first ``PREFIX_BYTES`` before the whole file is
    decoded. Text that is UTF-8 but for a few bytes (a cut last character, a stray byte,
    a Windows-1256 paragraph pasted into a UTF-8 file) keeps its text: bad lines are
    read as Windows-1256 when that is plausible Arabic, other bad bytes become U+FFFD,
    and a warning is logged.
    """
    enc = _bom(data)
    if enc:
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad > max(2, len(text) // 1000):
            raise NotText(f"it starts like {enc} text but is not valid {enc}")
        if bad:
            log.warning("%s: %d bytes were not valid %s and were replaced", name, bad, enc)
        return _check(text), enc
    head = data[:PREFIX_BYTES]
    if b"\x00" in head:
        found = _utf16_without_bom(data)
        if found is None:
            raise NotText("it is binary data, not text")
        return _check(found[0]), found[1]
    _check(head.decode("latin-1"))  # mostly control characters at the start: binary, refused now
    try:
        return _check(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data, name)
    if mostly is not None:
        return _check(mostly), "utf-8"
    best: tuple[str, str, float] | None = None
    for enc in ARABIC_CODEPAGES:  # ties go to the first (Windows-1256 is far more common)
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if has_arabic(text) and score >= 0.98 and (best is None or score > best[2]):
            best = (text, enc, score)
    if best is not None:
        return _check(best[0]), best[1]
    from charset_normalizer import from_bytes

    match = from_bytes(data[:DETECT_SAMPLE_BYTES]).best()
    if match is None:
        raise NotText("it is binary data, not text")
    try:
        return _check(data.decode(match.encoding, errors="replace")), match.encoding
    except LookupError as exc:
        raise NotText("it is binary data, not text") from exc


def _mostly_utf8(data: bytes, name: str) -> str | None:
    """``data`` as UTF-8 with its few bad lines or bytes repaired, or None if it is not mostly UTF-8.

    Line by line (each line is looked at a bounded number of times, so a one-line file of
    another encoding costs what its size costs): a valid line is UTF-8; in a bad one the
    text before the first bad byte stays UTF-8, and from there the line is one stray byte
    (U+FFFD) in UTF-8, or Windows-1256 when that is plausible Arabic, or UTF-8 with its bad
    bytes replaced by U+FFFD.
    """
    bad = recoded = 0
    lines = data.split(b"\n")
    for i, line in enumerate(lines):
        try:
            lines[i] = line.decode("utf-8")
            continue
        except UnicodeDecodeError as exc:
            start = exc.start
        head, rest = line[:start].decode("utf-8"), line[start:]
        if is_utf8(rest[1:]):  # one stray byte inside UTF-8 text
            bad += 1
            lines[i] = head + "\ufffd" + rest[1:].decode("utf-8")
            continue
        arabic = rest.decode("cp1256", errors="replace")
        if has_arabic(arabic) and plausibility(arabic) >= 0.98:
            recoded += len(rest)
            lines[i] = head + arabic
            continue
        bad += len(rest) - len(rest.decode("utf-8", errors="ignore").encode("utf-8"))
        lines[i] = head + rest.decode("utf-8", errors="replace")
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    if bad + recoded > high - bad - recoded:
        return None  # most non-ASCII bytes are not UTF-8: some other encoding
    if bad > max(16, len(data) // 200):
        return None
    if recoded:
        log.warning("%s: %d bytes of Windows-1256 text inside UTF-8 were decoded as Windows-1256",
                    name, recoded)
    if bad:
        log.warning("%s: %d bytes were not valid UTF-8 and were replaced by U+FFFD", name, bad)
    return "\n".join(lines)


def is_utf8(data: bytes) -> bool:
    """Whether ``data`` decodes as UTF-8 without a single error."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check(text: str) -> str:
    """Refuse decoded text that is mostly control characters (binary in disguise)."""
    if text and len(_CONTROL_RE.findall(text)) > max(2, len(text) // 100):
        raise NotText("it is binary data, not text")
    return text
