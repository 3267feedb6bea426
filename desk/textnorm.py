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
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")


def strip_bidi_controls(text: str) -> str:
    """Remove invisible direction controls (they must never reorder exported text)."""
    return _BIDI_RE.sub("", text)


def normalize_for_model(text: str) -> str:
    """The form of ``text`` the translation model reads.

    NFKC folds Arabic presentation forms (common in PDFs) into base letters; tatweel,
    bidi controls and zero-width characters are dropped; whitespace is collapsed.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.replace(TATWEEL, "")
    text = _BIDI_RE.sub("", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    return _SPACES_RE.sub(" ", text).strip()


def has_arabic(text: str) -> bool:
    """True if ``text`` contains at least one Arabic letter."""
    return _ARABIC_LETTER_RE.search(text) is not None
