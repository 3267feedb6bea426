"""The form of Arabic used to *match* sentences and terms (never shown to the user).

Built on ``desk.summarize.arabic.normalize_arabic`` (NFKC, no diacritics or tatweel, alef/ya/
ta-marbuta/hamza-carrier forms folded, Arabic-Indic and Persian digits → 0-9, lower case), plus
what a memory lookup needs on top: Arabic decimal/thousands separators and punctuation folded to
their Latin equivalents, quotes and dashes unified, and spaces collapsed (none before
punctuation). Punctuation is kept, so a question and a statement are not the same sentence.
"""

from __future__ import annotations

import re
from hashlib import blake2b

from desk.summarize.arabic import light_stem, normalize_arabic

_PUNCT_FOLD = {
    "٫": ".", "٬": ",", "٪": "%", "،": ",", "؛": ";", "؟": "?",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
    "–": "-", "—": "-", "…": "...",
}
_PUNCT_RE = re.compile("[" + "".join(_PUNCT_FOLD) + "]")
_DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)},
                         **{chr(0x06F0 + d): str(d) for d in range(10)},
                         "٫": ".", "٬": ",", "٪": "%"})
# No space before closing punctuation or after an opening bracket (whitespace is already collapsed).
_PUNCT_SPACE_RE = re.compile(r" (?=[.,;:?!%)\]}])|(?<=[(\[{]) ")
WORD_RE = re.compile(r"[^\W_]+")


def normalize_digits(text: str) -> str:
    """Arabic-Indic and Persian digits → 0-9, ٫ → '.', ٬ → ',', ٪ → '%' (nothing else changes)."""
    return text.translate(_DIGITS)


def normalize_for_match(text: str) -> str:
    """The matching form of a sentence: spelling variants, digits and punctuation folded."""
    text = normalize_arabic(text)  # NFKC, diacritics, tatweel, letter variants, digits, spaces collapsed
    text = _PUNCT_RE.sub(lambda m: _PUNCT_FOLD[m.group()], text)
    return _PUNCT_SPACE_RE.sub("", text).strip()


def match_key(normalized: str) -> int:
    """A signed 64-bit hash of a normalised sentence: the exact-lookup index holds this, not the text."""
    return int.from_bytes(blake2b(normalized.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def index_terms(normalized: str) -> list[str]:
    """Light stems of the words of a normalised sentence: what the full-text index holds.

    Stemming lets a sentence with clitics (وبالحكومة) find one without them (الحكومة).
    """
    return [light_stem(w) for w in WORD_RE.findall(normalized)]
