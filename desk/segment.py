"""Arabic-aware segmentation: text → paragraphs → sentences with character spans.

The GUI highlights sentences by span, so spans always index the original text; the
model reads ``Sentence.model_text`` (normalised) instead.

Rules, in short (the tests spell out every case):
- line breaks are those of ``str.splitlines`` (``\\n``, ``\\r\\n``, ``\\r``, U+2028 ...); a line
  holding only whitespace or invisible characters separates paragraphs;
- every line break ends a sentence (scraped news puts headlines, credits and list items
  on their own lines);
- inside a line a sentence ends at . ! ? ؟ … (or a run of them), with the closing
  quotes and brackets that follow, when whitespace, the end of the line or (for an
  unambiguous Arabic word) an Arabic letter comes next;
- it does not end at abbreviations and initials (د. أ. ص.ب U.S. Dr. e.g. J.), at a list
  number opening a sentence ("1." "١."), before a lowercase Latin word, or at an ellipsis
  standing alone between words ("قال ... إن") unless a capital follows; decimals, times,
  URLs, e-mail addresses and domain names have no whitespace after their inner dots, so
  they are never cut.
The scan is regular expressions plus one small decision per candidate stop, so it is
linear in the text and never raises on any ``str``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from desk.textnorm import BIDI_CONTROLS, normalize_for_model


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the original text: ``text == original[start:end]``."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def model_text(self) -> str:
        return normalize_for_model(self.text)


# --- character classes -------------------------------------------------------------------
# Line breaks exactly as str.splitlines() sees them.
_LB_CHARS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
# Invisible characters: a line made only of these (and spaces) is blank, and sentences
# are trimmed of them. A superset of what desk.documents strips, so a document block is
# always exactly one paragraph here.
INVISIBLE = (
    BIDI_CONTROLS
    + "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    + "".join(map(chr, range(0x00, 0x09)))
    + "".join(map(chr, range(0x0E, 0x1C)))
    + "\x7f"
)
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_TRIM = _WHITESPACE + INVISIBLE
_INVIS_CLASS = re.escape(INVISIBLE)
# One line break; \r\n is taken whole (possessive). Starts with a set, which re scans fast.
_LB = rf"[{_LB_CHARS}](?:(?<=\r)\n)?+"
_BLANK = rf"(?:[^\S{_LB_CHARS}]|[{_INVIS_CLASS}])"
_PARA_SEP_RE = re.compile(rf"{_LB}(?:{_BLANK}*{_LB})+")
_LINE_RE = re.compile(f"[^{_LB_CHARS}]+")

_ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06fc"
_ARABIC_MARKS_RE = re.compile("[\u0640\u064b-\u065f\u0670]")  # tatweel and harakat
_NOT_IN_TOKEN_RE = re.compile(f"[\u0640\u064b-\u065f\u0670{re.escape(INVISIBLE)}]")
_STOPS = ".!?؟…۔‼⁇⁈⁉"
_CLOSERS = "\"'”’“‘»›)\\]}﴾﴿」』"
_OPENERS = "\"'“‘«‹(\\[{﴾﴿「『"
# A run of stops (". . ." counts as one run), closing quotes/brackets, then whitespace,
# the end of the line or an Arabic letter.
# Possessive, and only from the start of a run, so a long run that fails is scanned once.
_STOP_RE = re.compile(
    rf"([{re.escape(_STOPS)}](?<![{re.escape(_STOPS)}].)(?<!\. .)(?:[{re.escape(_STOPS)}]|(?<=\.) (?=\.))*+)"
    rf"[{re.escape(_CLOSERS)}{_INVIS_CLASS}]*+(?=\s|$|[{_ARABIC_LETTERS}])"
)
_WORD_RE = re.compile(r"\w")
_NEXT_RE = re.compile(rf"[\s{re.escape(_OPENERS)}{_INVIS_CLASS}]*(\w)")
_ARABIC_WORD_RE = re.compile(f"[{_ARABIC_LETTERS}]{{2,}}")
# Letters with inner dots: U.S  e.g  i.e  Ph.D  a.m  ص.ب  ق.م  أ.د  ج.م.ع
_DOTTED_RE = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# List markers when they open a sentence: 1. 12. ١. IV.
_LIST_MARK_RE = re.compile(r"\d{1,3}|[IVXivx]{1,4}")

_LATIN_ABBREVIATIONS = """
Mr Mrs Ms Mx Dr Prof Sr Jr Sen Rep Gov Gen Lt Col Maj Capt Sgt Cpl Adm Cmdr Rev Hon Pres Amb
St Mt Ft Messrs Mme Mlle Dept Univ Assn Bros Inc Ltd Co Corp No Nos Art Fig Figs Vol Vols
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
vs v etc cf al approx appx est fig figs vol vols ch chap sec pp para ibid op cit ca viz
""".split()
_ABBREVIATIONS = frozenset(
    _LATIN_ABBREVIATIONS + [a.capitalize() for a in _LATIN_ABBREVIATIONS if a.islower()] + ["إلخ", "الخ", "ألخ"]
)


# --- paragraphs --------------------------------------------------------------------------
def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inwards past whitespace and invisible characters."""
    piece = text[start:end]
    left = piece.lstrip(_TRIM)
    start += len(piece) - len(left)
    return start, start + len(left.rstrip(_TRIM))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank paragraph (paragraphs are separated by blank lines)."""
    out = []
    pos = 0
    for match in _PARA_SEP_RE.finditer(text):
        start, end = _trim(text, pos, match.start())
        if start < end:
            out.append((start, end))
        pos = match.end()
    start, end = _trim(text, pos, len(text))
    if start < end:
        out.append((start, end))
    return out


# --- sentence boundaries inside a line ---------------------------------------------------
def _token_before(text: str, line_start: int, pos: int) -> str | None:
    """The non-space run ending at ``pos`` ("" after a space; None if implausibly long)."""
    low = max(line_start, pos - 40)
    window = text[low:pos]
    if not window or window[-1].isspace():
        return ""
    token = window.split()[-1]
    if len(token) == len(window) and low > line_start:
        return None
    return token


def _is_abbreviation(text: str, line_start: int, cut: int, pos: int) -> bool:
    """Is the period at ``pos`` part of an abbreviation, an initial or a list number?"""
    token = _token_before(text, line_start, pos)
    if not token:
        return False
    core = _NOT_IN_TOKEN_RE.sub("", token).lstrip(_OPENERS)
    if not core:
        return False
    if core in _ABBREVIATIONS or (len(core) == 1 and core.isalpha()) or _DOTTED_RE.fullmatch(core):
        return True
    # "1." / "١." opening a sentence (after nothing but bullets and spaces) is a list marker
    return bool(_LIST_MARK_RE.fullmatch(core)) and _WORD_RE.search(text, cut, pos - len(token)) is None


def _glued_boundary(text: str, line_start: int, pos: int, run: str) -> bool:
    """A stop with an Arabic letter right after it ("انتهى.وقال"): split only when unambiguous."""
    if "…" in run or run.count(".") >= 2:
        return False  # "كلمة…كلمة" is a pause
    if "." not in run:
        return pos > line_start and not text[pos - 1].isspace()
    token = _token_before(text, line_start, pos)
    if not token:
        return False
    core = _NOT_IN_TOKEN_RE.sub("", token)
    return bool(_ARABIC_WORD_RE.fullmatch(core)) and core not in _ABBREVIATIONS


class _Line:
    """Boundary decisions for one line; remembers what it scanned so the cost stays linear."""

    __slots__ = ("text", "start", "end", "cut", "_word_from", "_word_seen", "_after_from", "_after_at")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.cut = start  # where the current sentence began
        self._word_from, self._word_seen = start, False  # [cut, _word_from) scanned
        self._after_from, self._after_at = end + 1, end  # no word char in [_after_from, _after_at)

    def _word_before(self, pos: int) -> bool:
        """Is there a word character between the sentence start and ``pos``?"""
        if not self._word_seen:
            self._word_seen = _WORD_RE.search(self.text, self._word_from, pos) is not None
            self._word_from = pos
        return self._word_seen

    def _word_after(self, pos: int) -> bool:
        """Is there a word character between ``pos`` and the end of the line?"""
        if not (self._after_from <= pos <= self._after_at):
            found = _WORD_RE.search(self.text, pos, self.end)
            self._after_from, self._after_at = pos, found.start() if found else self.end
        return self._after_at < self.end

    def split_here(self, match: re.Match[str]) -> bool:
        text, line_start = self.text, self.start
        start, end = match.span()
        run = match.group(1)
        if not self._word_before(start):
            return False  # nothing worth a sentence before the stop
        if end < self.end and not text[end].isspace():
            return _glued_boundary(text, line_start, start, run)
        following = _NEXT_RE.match(text, end, self.end)
        if following is None:
            # only spaces/punctuation follow: a word later on the line starts a sentence,
            # otherwise the punctuation stays with this one
            return self._word_after(end)
        if following.group(1).islower():
            return False  # '"Stop!" he said', "e.g. this", "I was... thinking"
        if "…" in run or run.count(".") >= 2:
            # an ellipsis standing alone ("قال ... إن", "[...]") is a pause, unless a capital follows
            before = text[start - 1] if start > line_start else " "
            return not (before.isspace() or before in _OPENERS) or following.group(1).isupper()
        if run == ".":
            return not _is_abbreviation(text, line_start, self.cut, start)
        return True

    def move_cut(self, pos: int) -> None:
        self.cut = self._word_from = pos
        self._word_seen = False


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the paragraph ``text[start:end]`` (trimmed, non-empty)."""
    spans = []
    for match in _LINE_RE.finditer(text, start, end):
        first = _STOP_RE.search(text, *match.span())
        if first is None:  # a headline, a credit line, a list item without a stop
            spans.append(_trim(text, *match.span()))
            continue
        line = _Line(text, *match.span())
        for stop in _STOP_RE.finditer(text, first.start(), line.end):
            if line.split_here(stop):
                spans.append(_trim(text, line.cut, stop.end()))
                line.move_cut(stop.end())
        spans.append(_trim(text, line.cut, line.end))
    return [(s, e) for s, e in spans if s < e]


def segment(text: str) -> list[Sentence]:
    """Split ``text`` into sentences in document order, numbered globally."""
    sentences: list[Sentence] = []
    if not text:
        return sentences
    for p, (ps, pe) in enumerate(paragraph_spans(text)):
        for s, e in _sentence_spans(text, ps, pe):
            sentences.append(Sentence(len(sentences), p, s, e, text[s:e]))
    return sentences


# --- splitting over-long sentences -------------------------------------------------------
_SPLIT_LEVELS = (
    # after a sentence stop left inside the sentence (abbreviation-looking, glued ...)
    re.compile(r"(?<=[.!?؟…])\s+"),
    # after ؛ (glued or not), or ; : followed by whitespace (10:30 stays whole)
    re.compile(r"(?<=؛)\s*|(?<=[;:])\s+"),
    # after ، (glued or not), or , followed by whitespace (3,5 stays whole)
    re.compile(r"(?<=،)\s*|(?<=[,，])\s+"),
    # before a word that usually opens a clause
    re.compile(
        r"\s+(?=(?:و[\u0621-\u064a]{2,}|ثم|لكن|لكنّ|بل|حيث|بينما|إذ|كما|and|but|or|while|which|because|whereas)\b)"
    ),
    # between words
    re.compile(r"\s+"),
)


def _parts(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    parts = []
    pos = start
    for match in pattern.finditer(text, start, end):
        if match.start() > pos:
            parts.append(_trim(text, pos, match.start()))
        pos = match.end()
    parts.append(_trim(text, pos, end))
    return [(s, e) for s, e in parts if s < e]


def _pack(text: str, parts: list[tuple[int, int]], budget: int, count: Callable[[str], int]) -> list[tuple[int, int]]:
    """Greedily merge consecutive parts while the merged span still fits the budget."""
    groups = []
    cs, ce = parts[0]
    for s, e in parts[1:]:
        if count(text[cs:e]) <= budget:
            ce = e
        else:
            groups.append((cs, ce))
            cs, ce = s, e
    groups.append((cs, ce))
    return groups


def _by_length(text: str, start: int, end: int, budget: int, count: Callable[[str], int]) -> list[tuple[int, int]]:
    """Longest prefixes that fit (galloping + binary search), at least one character each."""
    out = []
    while start < end:
        if count(text[start:end]) <= budget:
            out.append((start, end))
            break
        good, step = start + 1, 1  # one character always goes, even if it alone is over budget
        while good + step <= end and count(text[start : good + step]) <= budget:
            good, step = good + step, step * 2
        low, high = good, min(end, good + step)  # count(text[start:high]) > budget (or high == end)
        while high - low > 1:
            mid = (low + high) // 2
            if count(text[start:mid]) <= budget:
                low = mid
            else:
                high = mid
        cut = low
        while cut - 1 > start and _ARABIC_MARKS_RE.match(text, cut):
            cut -= 1  # keep a letter with its harakat
        out.append((start, cut))
        start = cut
    return out


def split_for_budget(text: str, budget: int, count: Callable[[str], int]) -> list[str]:
    """Split a (model-form) sentence into pieces of at most ``budget`` tokens.

    Cuts after stops, then after ؛ ; : , then after ، , , then before clause-opening words
    (و... ثم لكن and but ...), then between words, then inside a word by length; at each
    level neighbouring parts are merged again while they fit. Pieces are substrings of
    ``text``: joining them with spaces gives back the text up to whitespace. Every piece
    fits when ``count`` is monotone (a substring never counts more) and one character
    fits. Iterative, so any input terminates.
    """
    if count(text) <= budget:
        return [text]
    out: list[tuple[int, int]] = []
    stack: list[tuple[int, int, int]] = []  # (start, end, level), last = next to handle
    start, end = _trim(text, 0, len(text))
    if start < end:
        stack.append((start, end, 0))
    while stack:
        start, end, level = stack.pop()
        if level > 0 and count(text[start:end]) <= budget:
            out.append((start, end))
            continue
        if level >= len(_SPLIT_LEVELS):
            out.extend(_by_length(text, start, end, budget, count))
            continue
        parts = _parts(text, start, end, _SPLIT_LEVELS[level])
        groups = _pack(text, parts, budget, count) if len(parts) > 1 else [(start, end)]
        for s, e in reversed(groups):
            stack.append((s, e, level + 1))
    return [text[s:e] for s, e in out]
