"""QA checks on (Arabic, English) sentence pairs: each a small function returning typed issues.

A wrong figure is the mistake clients remember, so numbers are compared as *values*: Arabic-
Indic (٠-٩), Persian (۰-۹) and Western digits are the same, ٫ is a decimal point and ٬ a
thousands separator, "1,200" equals "1200" and "3.50" equals "3.5"; English may spell small
numbers out ("five"). Everything else is about the English: Arabic letters or punctuation left
in it, empty or untranslated targets, lengths far from the usual Arabic→English ratio, glossary
terms rendered differently, doubled words, and brackets or quotes that do not pair up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from desk.glossary.match import TermMatcher, english_has
from desk.textnorm import has_arabic
from desk.tm.normalize import normalize_digits, normalize_for_match


@dataclass(frozen=True, slots=True)
class Issue:
    """One QA finding. ``span`` is [start, end) in the English, ``source_span`` in the Arabic;
    ``fix`` is the text a one-click fix would insert (the glossary's English), when there is one."""

    check: str
    sentence: int
    message: str
    span: tuple[int, int] | None = None
    source_span: tuple[int, int] | None = None
    fix: str | None = None


@dataclass(frozen=True, slots=True)
class Pair:
    """What every check looks at: the sentence's index, its Arabic and its English."""

    sentence: int
    source: str
    target: str


# Length ratio (English characters / Arabic characters, spaces excluded). On the fixture corpus
# and news in general the ratio sits around 1.1-1.5; outside [0.5, 3.0] something was dropped or
# invented. Sentences under 20 Arabic letters are too short to judge.
MIN_RATIO, MAX_RATIO, MIN_RATIO_CHARS = 0.5, 3.0, 20
REPEAT_OK = {"that", "had", "is", "do"}  # "had had", "that that" can be right
# Not part of a Latin code like G20 or COVID19 (an Arabic clitic before it, و٢٫٥, is fine).
_NUMBER_RE = re.compile(r"(?<![A-Za-z\d])\d+(?:[.,]\d+)*(?![A-Za-z\d])")
_PERCENT_AR_RE = re.compile(r"\s*(?:%|٪|في\s*الم[ئا]+ة|بالم[ئا]+ة)")
_PERCENT_EN_RE = re.compile(r"\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE)
_ARABIC_RUN_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_ARABIC_PUNCT_RE = re.compile("[؟،؛٪]")
_REPEAT_RE = re.compile(r"\b([^\W\d_]+)(\s+\1\b)+", re.IGNORECASE)
_LETTERS_RE = re.compile(r"[^\W\d_]")
_WORDS_EN = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_WORDS_EN.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                  "hundred": 100, "thousand": 1000, "half": 0.5, "dozen": 12})
_PAIRS = {")": "(", "]": "[", "}": "{"}


def _value(raw: str) -> str:
    """The canonical value of a number as written: separators resolved, trailing zeros dropped."""
    if "," in raw and "." in raw:
        raw = raw.replace(",", "")
    elif "," in raw:
        groups = raw.split(",")
        raw = raw.replace(",", "") if all(len(g) == 3 for g in groups[1:]) else raw.replace(",", ".", 1)
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    text = format(value.normalize(), "f")
    return text


def numbers(text: str) -> list[tuple[str, tuple[int, int], bool]]:
    """(value, span, is_percent) for each number in ``text`` (digits of any script)."""
    folded = normalize_digits(text)  # same length: spans stay valid in ``text``
    out = []
    for match in _NUMBER_RE.finditer(folded):
        after = folded[match.end():match.end() + 14]
        percent = bool(_PERCENT_AR_RE.match(after) or _PERCENT_EN_RE.match(after))
        out.append((_value(match.group()), match.span(), percent))
    return out


def _spelled(target: str) -> Counter:
    words = re.findall(r"[a-z]+", target.lower())
    return Counter(format(Decimal(str(_WORDS_EN[w])).normalize(), "f") for w in words if w in _WORDS_EN)


def _small(value: str) -> bool:
    try:
        return Decimal(value) <= 20
    except InvalidOperation:
        return False


def check_numbers(pair: Pair) -> list[Issue]:
    src, tgt = numbers(pair.source), numbers(pair.target)
    src_count, tgt_count = Counter(v for v, _, _ in src), Counter(v for v, _, _ in tgt)
    issues = []
    missing = src_count - tgt_count - _spelled(pair.target)
    extra = tgt_count - src_count
    for value, span, _ in src:
        if missing[value] > 0:
            missing[value] -= 1
            found = ", ".join(sorted(extra)) if extra else ""
            message = f"The number {value} in the Arabic is not in the English" + (f" (it has {found})."
                                                                                   if found else ".")
            issues.append(Issue("numbers", pair.sentence, message, None, span))
    # Arabic often spells small numbers in words or a dual (بهدفين "2 goals"): an English number
    # up to 20 absent from the Arabic is only suspicious when the Arabic writes numbers in digits.
    src_has_digits = bool(src)
    for value, span, _ in tgt:
        small = _small(value)
        if extra[value] > 0 and not missing and (src_has_digits or not small):
            extra[value] -= 1
            issues.append(Issue("numbers", pair.sentence, f"The number {value} in the English is not in the Arabic.",
                                span))
    tgt_percent = Counter(v for v, _, p in tgt if p)
    for value, span, percent in src:
        if percent and tgt_count[value] > 0:
            if tgt_percent[value] > 0:
                tgt_percent[value] -= 1
            else:
                issues.append(Issue("percent", pair.sentence,
                                    f"{value}% in the Arabic is not a percentage in the English.", None, span))
    return issues


def check_empty(pair: Pair) -> list[Issue]:
    if has_arabic(pair.source) and not pair.target.strip():
        return [Issue("empty", pair.sentence, "The English is empty.")]
    return []


def _untranslated(pair: Pair) -> bool:
    target = pair.target.strip()
    if not target or not has_arabic(pair.source):
        return False
    if normalize_for_match(target) == normalize_for_match(pair.source):
        return True
    letters = _LETTERS_RE.findall(target)
    arabic = sum(1 for ch in letters if has_arabic(ch))
    return bool(letters) and arabic / len(letters) > 0.5


def check_untranslated(pair: Pair) -> list[Issue]:
    if _untranslated(pair):
        return [Issue("untranslated", pair.sentence, "The English is still the Arabic (not translated).",
                      (0, len(pair.target)))]
    return []


def check_arabic_letters(pair: Pair) -> list[Issue]:
    if _untranslated(pair):
        return []  # reported once, as untranslated
    return [Issue("arabic-in-english", pair.sentence, f"Arabic text left in the English: «{m.group()}».", m.span())
            for m in _ARABIC_RUN_RE.finditer(pair.target) if has_arabic(m.group())]


def check_arabic_punctuation(pair: Pair) -> list[Issue]:
    names = {"؟": "Arabic question mark ؟", "،": "Arabic comma ،", "؛": "Arabic semicolon ؛",
             "٪": "Arabic percent sign ٪"}
    if _untranslated(pair):
        return []
    return [Issue("arabic-punctuation", pair.sentence, f"{names[m.group()]} in the English.", m.span())
            for m in _ARABIC_PUNCT_RE.finditer(pair.target)]


def check_length_ratio(pair: Pair) -> list[Issue]:
    source_chars = len("".join(pair.source.split()))
    target_chars = len("".join(pair.target.split()))
    if source_chars < MIN_RATIO_CHARS or not target_chars or not has_arabic(pair.source):
        return []
    ratio = target_chars / source_chars
    if MIN_RATIO <= ratio <= MAX_RATIO:
        return []
    how = "much shorter" if ratio < MIN_RATIO else "much longer"
    return [Issue("length-ratio", pair.sentence,
                  f"The English is {how} than the Arabic ({ratio:.2f}× its length; usual 0.5-3).")]


def check_repeated_words(pair: Pair) -> list[Issue]:
    return [Issue("repeated-word", pair.sentence, f"Repeated word: “{m.group(1)}”.", m.span())
            for m in _REPEAT_RE.finditer(pair.target) if m.group(1).lower() not in REPEAT_OK]


def check_brackets(pair: Pair) -> list[Issue]:
    issues = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(pair.target):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            else:
                issues.append(Issue("brackets", pair.sentence, f"“{ch}” closes nothing.", (i, i + 1)))
    issues += [Issue("brackets", pair.sentence, f"“{ch}” is never closed.", (i, i + 1)) for ch, i in stack]
    text = pair.target
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2:
        issues.append(Issue("quotes", pair.sentence, "Unbalanced quotation marks (\").",
                            (straight[-1], straight[-1] + 1)))
    for left, right in ("“”", "«»"):
        if text.count(left) != text.count(right):
            issues.append(Issue("quotes", pair.sentence, f"Unbalanced quotation marks ({left} {right})."))
    return issues


def glossary_check(matcher: TermMatcher) -> Callable[[Pair], list[Issue]]:
    """The glossary check for ``matcher``'s terms: each term in the Arabic needs its English."""

    def check_glossary(pair: Pair) -> list[Issue]:
        if not pair.target.strip() or _untranslated(pair):
            return []
        issues = []
        for match in matcher.find(pair.source):
            if english_has(pair.target, match.term) is None:
                where = f" (glossary {match.term.glossary})" if match.term.glossary else ""
                issues.append(Issue("glossary", pair.sentence, f"«{match.text}» should be “{match.expected}”{where}.",
                                    None, match.span, match.expected))
        return issues

    return check_glossary


CHECKS: dict[str, Callable[[Pair], list[Issue]]] = {
    "empty": check_empty,
    "untranslated": check_untranslated,
    "numbers": check_numbers,          # also reports "percent"
    "arabic-in-english": check_arabic_letters,
    "arabic-punctuation": check_arabic_punctuation,
    "length-ratio": check_length_ratio,
    "repeated-word": check_repeated_words,
    "brackets": check_brackets,        # also reports "quotes"
}
# Check ids with no function of their own: reported by the function of another check.
REPORTED_BY = {"percent": "numbers", "quotes": "brackets"}
CHECK_IDS = (*CHECKS, *REPORTED_BY, "glossary")
