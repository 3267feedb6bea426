"""Text normalisation shared by the segmenter, the engine and the summariser.

What the user sees is never changed; these functions produce the string the model
(or the summariser) reads.
"""

from __future__ import annotations

import re
import unicodedata

TATWEEL = "\u0640"
# Bidi embedding/override/isolate controls and marks: invisible, and they can reorder text.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_RE = re.compile(f"[{BIDI_CONTROLS}]")
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\ufeff\u00ad]")
_SPACES_RE = re.compile(r"\s+")
# Longer than any real word (Arabic words stay under 20 letters, long compounds and most
# URLs under 48): a longer run of non-space is cut into pieces before a tokenizer sees it,
# so a 3 MB "word" costs what 3 MB of words costs.
MAX_WORD_CHARS = 48
_LONG_RUN_RE = re.compile(rf"\S{{{MAX_WORD_CHARS}}}(?=\S)")
# What XML 1.0 (DOCX, TMX, HTML exports) cannot hold, plus C1 controls and Unicode
# non-characters: removed on the way in. Lone surrogates become U+FFFD.
_XML_UNSAFE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def strip_bidi_controls(text: str) -> str:
    """Remove invisible direction controls (they must never reorder exported text)."""
    return _BIDI_RE.sub("", text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML writers refuse (the one place readers clean them).

    Tab, line feed and carriage return stay; other C0/C1 controls and non-characters
    (U+FFFE, U+FFFF, U+FDD0-FDEF, ...) are removed; lone surrogates become U+FFFD.
    """
    return storable(_XML_UNSAFE_RE.sub("", text))


def storable(text: str) -> str:
    """``text`` with lone surrogates as U+FFFD: what UTF-8 (SQLite, files) can hold. A command-line
    argument of invalid bytes or a pasted broken string would otherwise stop a save with an encoding error."""
    return _SURROGATE_RE.sub("\ufffd", text)


# In the document text itself (what the user sees and the segmenter scans) only runs no URL
# reaches are cut: a 200,000-character "word" cannot be wrapped, and laying it out froze the window.
MAX_TOKEN_CHARS = 200
_VERY_LONG_RUN_RE = re.compile(rf"\S{{{MAX_TOKEN_CHARS}}}(?=\S)")


def split_long_words(text: str, limit: int = MAX_WORD_CHARS) -> str:
    """Runs of non-space longer than ``limit`` cut with spaces (linear, one regex pass)."""
    pattern = _LONG_RUN_RE if limit == MAX_WORD_CHARS else (
        _VERY_LONG_RUN_RE if limit == MAX_TOKEN_CHARS else re.compile(rf"\S{{{limit}}}(?=\S)"))
    return pattern.sub(lambda m: m.group() + " ", text)


def normalize_for_model(text: str) -> str:
    """The form of ``text`` the translation model reads.

    NFKC folds Arabic presentation forms (common in PDFs) into base letters; tatweel,
    bidi controls and zero-width characters are dropped; whitespace is collapsed; words
    longer than ``MAX_WORD_CHARS`` are cut (a tokenizer fed one 3 MB word needs gigabytes).
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(TATWEEL, "")
    text = _BIDI_RE.sub("", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    return split_long_words(_SPACES_RE.sub(" ", text).strip())


def has_arabic(text: str) -> bool:
    """True if ``text`` contains at least one Arabic letter."""
    return _ARABIC_LETTER_RE.search(text) is not None
