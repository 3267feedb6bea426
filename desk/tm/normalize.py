"""The form of Arabic used to *match* sentences and terms (never shown to the user).

Exactly ``desk.summarize.arabic.normalize_arabic`` (NFKC, no diacritics, tatweel, bidi or
zero-width characters, alef/ya/ta-marbuta/hamza-carrier forms folded, Arabic-Indic and Persian
digits → 0-9, lower case), plus what a memory lookup needs on top: Arabic decimal/thousands
separators and punctuation folded to their Latin equivalents, quotes and dashes unified, and
spaces collapsed (none before punctuation). Punctuation is kept, so a question and a statement
are not the same sentence.

Speed: importing a million units normalises and stems a million sentences, whose tokens repeat
(a few hundred thousand distinct ones). Every rule works inside one whitespace-separated token (NFKC
never composes across whitespace, whitespace stays whitespace, and a final sigma's context ends at
it), so ``analyse`` (the write path) normalises and stems each raw token once and remembers it
(``_TOKENS``, bounded): a sentence is its tokens looked up and joined. ``normalize_for_match``
(lookups, a few dozen sentences at a time) folds the whole sentence in one go. The character rules of
``normalize_arabic`` and ``textnorm`` (their own tables and patterns, read once) are compiled into one
pattern. Property tests check both equal the plain composition (``reference_normalize``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from hashlib import blake2b

from desk import textnorm
from desk.summarize import arabic
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


@lru_cache(maxsize=1)
def _folds() -> tuple[re.Pattern, dict[str, str]]:
    """normalize_arabic's character rules as one pattern and one map (punctuation is folded after
    lower-casing, as in the plain composition: ``lower`` reads the context of a final Greek sigma)."""
    table: dict[str, str] = {}
    dropped = (arabic._DIACRITICS_RE, textnorm._BIDI_RE, textnorm._ZERO_WIDTH_RE)
    for code in range(0x80, 0x10000):
        if any(pattern.fullmatch(chr(code)) for pattern in dropped):
            table[chr(code)] = ""
    table[textnorm.TATWEEL] = ""
    table.update(arabic._REPLACEMENTS)
    return re.compile("[" + re.escape("".join(table)) + "]"), table


_CLOSERS = tuple(" " + ch for ch in ".,;:?!%)]}")
_OPENERS = tuple(ch + " " for ch in "([{")
_TOKENS_MAX = 300_000  # distinct raw tokens remembered (about 90 MB at most); then it starts again


def _fold(text: str) -> str:
    """NFKC, ``normalize_arabic``'s character rules, lower case, punctuation folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    if textnorm._LONG_RUN_RE.search(text):
        # a word longer than the model reader's cut: ``normalize_arabic`` cuts it before dropping
        # diacritics, which one pass cannot reproduce (rare, so the plain composition)
        text = normalize_arabic(text)
    else:
        pattern, table = _folds()
        text = pattern.sub(lambda m: table[m.group()], text).lower()
    text = _PUNCT_RE.sub(lambda m: _PUNCT_FOLD[m.group()], text)
    return " ".join(text.split())


def _tidy(text: str) -> str:
    """No space before closing punctuation or after an opening bracket."""
    for pair in _CLOSERS:
        if pair in text:
            text = text.replace(pair, pair[1])
    for pair in _OPENERS:
        if pair in text:
            text = text.replace(pair, pair[0])
    return text


class _TokenCache(dict):
    """Raw token → (its matching form, its index terms, whether ``_tidy`` may change a sentence holding it)."""

    def __missing__(self, raw: str) -> tuple[str, str, bool]:
        if len(self) >= _TOKENS_MAX:
            self.clear()
        norm = _fold(raw)
        if norm == raw:  # the usual case: one string kept, not two equal ones
            norm = raw
        terms = _stem(norm) if norm.isalnum() else " ".join(map(_stem, WORD_RE.findall(norm)))
        if terms == norm:
            terms = norm
        tidy = bool(norm) and (norm[0] in ".,;:?!%)]}" or norm[-1] in "([{" or " " in norm and _tidy(norm) != norm)
        value = self[raw] = (norm, terms, tidy)
        return value


_TOKENS = _TokenCache()
_stem = light_stem.__wrapped__  # the token cache remembers the stems: no second cache


def analyse(text: str) -> tuple[str, str]:
    """``normalize_for_match(text)`` and the distinct words of ``index_terms`` of it, space-separated,
    in one pass over the tokens (what a write stores; the index keeps only which units hold a term,
    so a repeated word would add nothing but work)."""
    tokens = text.split()
    if not tokens:
        return "", ""
    norms, terms, tidy = zip(*map(_TOKENS.__getitem__, tokens), strict=True)
    norm = " ".join(filter(None, norms))
    return (_tidy(norm) if True in tidy else norm), " ".join(filter(None, dict.fromkeys(terms)))


def normalize_for_match(text: str) -> str:
    """The matching form of a sentence: spelling variants, digits and punctuation folded.

    The whole sentence in one go (a lookup normalises a few dozen candidates once each: filling the
    token cache with their words would cost more than it saves); ``analyse`` gives the same text.
    """
    return _tidy(_fold(text))


def reference_normalize(text: str) -> str:
    """``normalize_for_match`` written as the plain composition it must equal (for tests)."""
    text = " ".join(normalize_arabic(text).split())  # a lone diacritic between spaces leaves two
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
