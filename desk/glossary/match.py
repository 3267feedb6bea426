"""Finding glossary terms in Arabic the way Arabic writes them, and checking the English.

Arabic glues clitics to a term (و ف ب ك ل ال لل: «وللحكومة» is "and for the government"),
drops the article in a construct (حكومة العراق), inflects it (حكومتها, حكومات, وزيران) and may
carry diacritics or another alef. A term matches a run of whole words when, after
``normalize_arabic``, the first word is ``proclitics + term`` and the last ``term + suffix``, with
only the listed clitics and suffixes: so «استقرار» never matches «قرار» and «الدولية» never
matches «دولة». Known limit: a single-letter proclitic can make a different word look like a
term (ك+مال in «كمال»); the expected English then simply does not apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from desk.summarize.arabic import normalize_arabic

PROCLITICS = ("", "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل",
              "وب", "فب", "ول", "فل", "وك", "فك", "وبال", "فبال", "وكال")
PRONOUNS = ("ه", "ها", "هم", "هما", "هن", "ك", "كم", "كما", "نا")
# No ي / يه: they make the nisba adjective (عراق → عراقي "Iraqi"), another word.
SUFFIXES = ("", "ا", *PRONOUNS, "ان", "ين", "ون", "ات")  # ا: accusative tanween (قرارًا)
# A feminine noun in ة (normalised ه) turns it into ت before a suffix: حكومة → حكومتها, حكومتان.
TA_SUFFIXES = (*PRONOUNS, "ان", "ين", "ي")
# Letters, digits, and the marks written inside an Arabic word (diacritics, superscript alef, tatweel).
_TOKEN_RE = re.compile(r"[^\W_]+(?:[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+[^\W_]*)*")


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry. ``en`` may list accepted renderings separated by ';' (the first is preferred)."""

    ar: str
    en: str
    note: str = ""
    glossary: str = ""
    project: str = ""

    @property
    def renderings(self) -> tuple[str, ...]:
        return tuple(r.strip() for r in re.split(r"[;|]", self.en) if r.strip())


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A term found in an Arabic sentence: [start, end) characters of the sentence, and the term."""

    span: tuple[int, int]
    text: str
    term: Term

    @property
    def expected(self) -> str:
        return self.term.renderings[0] if self.term.renderings else self.term.en


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _norm_word(m.group())) for m in _TOKEN_RE.finditer(text)]


@lru_cache(maxsize=100_000)
def _norm_word(word: str) -> str:
    return "".join(normalize_arabic(word).split())


def _strip_article(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def _rest_matches(rest: str, core: str, allow_suffix: bool) -> bool:
    if rest == core:
        return True
    if not allow_suffix:
        return False
    if core.endswith("ه") and len(core) > 2:
        stem = core[:-1]
        if rest.startswith(stem + "ت") and rest[len(stem) + 1:] in TA_SUFFIXES:
            return True
        return rest.startswith(stem + "ات") and rest[len(stem) + 2:] in ("", *PRONOUNS)
    return rest.startswith(core) and rest[len(core):] in SUFFIXES


def word_matches(word: str, core: str, *, prefix: bool, suffix: bool) -> bool:
    """Does normalised ``word`` read as ``core`` with the allowed clitics around it?"""
    for clitic in PROCLITICS if prefix else ("",):
        if word.startswith(clitic):
            rest = word[len(clitic):]
            if len(rest) >= 2 and _rest_matches(rest, core, suffix):
                return True
    return False


class TermMatcher:
    """Every term of some glossaries, indexed for matching sentences fast."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._by_start: dict[str, list[tuple[tuple[str, ...], Term]]] = {}
        self.terms: list[Term] = []
        for term in terms:
            words = tuple(_norm_word(w) for w in _TOKEN_RE.findall(term.ar))
            if not words or not term.en.strip():
                continue
            words = (_strip_article(words[0]), *words[1:])
            self.terms.append(term)
            self._by_start.setdefault(words[0][:2], []).append((words, term))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def find(self, sentence: str) -> list[TermMatch]:
        """Non-overlapping term matches, longest first where two compete, in sentence order."""
        tokens = _tokens(sentence)
        found: list[tuple[int, int, Term]] = []
        for i, (_s, _e, word) in enumerate(tokens):
            keys = {word[len(c):len(c) + 2] for c in PROCLITICS if word.startswith(c)}
            for key in keys:
                for words, term in self._by_start.get(key, ()):
                    j = i + len(words)
                    if j > len(tokens):
                        continue
                    last = len(words) - 1
                    if all(word_matches(tokens[i + k][2], w, prefix=k == 0, suffix=k == last)
                           for k, w in enumerate(words)):
                        found.append((i, j, term))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: set[int] = set()
        matches = []
        for i, j, term in found:
            if taken.isdisjoint(range(i, j)):
                taken.update(range(i, j))
                start, end = tokens[i][0], tokens[j - 1][1]
                matches.append(TermMatch((start, end), sentence[start:end], term))
        return sorted(matches, key=lambda m: m.span)


@lru_cache(maxsize=10_000)
def _english_pattern(rendering: str) -> re.Pattern:
    parts = []
    for word in re.findall(r"[^\W_]+|[^\w\s]", rendering.lower()):
        escaped = re.escape(word)
        if word.isalpha():
            forms = [escaped + "(?:s|es)?"]
            if word.endswith("y") and len(word) > 2:
                forms.append(re.escape(word[:-1]) + "ies")
            if word.endswith(("s", "x", "ch", "sh")):
                forms.append(escaped + "es")
            parts.append("(?:" + "|".join(forms) + ")(?:['’]s|['’])?")
        else:
            parts.append(escaped)
    body = r"[\s\-]*".join(parts)
    return re.compile(r"(?<![^\W_])" + body + r"(?![^\W_])", re.IGNORECASE)


def english_has(target: str, term: Term | str) -> tuple[int, int] | None:
    """The span of an accepted rendering of ``term`` in ``target`` (plural/possessive tolerated), or None."""
    renderings = term.renderings if isinstance(term, Term) else (term,)
    for rendering in renderings:
        found = _english_pattern(rendering).search(target)
        if found:
            return found.span()
    return None


def check_sentence(source: str, target: str, matcher: TermMatcher) -> list[tuple[TermMatch, bool]]:
    """Each term found in ``source`` and whether ``target`` renders it as expected."""
    return [(m, english_has(target, m.term) is not None) for m in matcher.find(source)]


__all__: Sequence[str] = ("PROCLITICS", "SUFFIXES", "Term", "TermMatch", "TermMatcher", "check_sentence",
                          "english_has", "word_matches")
