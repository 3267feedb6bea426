"""Bytes → text for plain-text inputs: BOMs, UTF-16 without BOM, UTF-8, the Arabic
code pages (Windows-1256, ISO-8859-6), then charset-normalizer.

charset-normalizer alone misreads short Arabic texts (a two-word ISO-8859-6 file
comes back as a Japanese code page), so the Arabic code pages are tried first and
scored by how plausible the decoded characters are.
"""

from __future__ import annotations

import codecs
import re

from desk.textnorm import has_arabic

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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for ``data``; raises ``NotText`` for binary data."""
    enc = _bom(data)
    if enc:
        try:
            return _check(data.decode(enc)), enc
        except UnicodeDecodeError as exc:
            raise NotText(f"it starts like {enc} text but is not valid {enc}") from exc
    if b"\x00" in data:
        found = _utf16_without_bom(data)
        if found is None:
            raise NotText("it is binary data, not text")
        return _check(found[0]), found[1]
    try:
        return _check(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
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

    match = from_bytes(data).best()
    if match is None:
        raise NotText("it is binary data, not text")
    return _check(str(match)), match.encoding


def _check(text: str) -> str:
    """Refuse decoded text that is mostly control characters (binary in disguise)."""
    if text and len(_CONTROL_RE.findall(text)) > max(2, len(text) // 100):
        raise NotText("it is binary data, not text")
    return text
