"""Put English back into formatted text pieces (DOCX runs, HTML text nodes).

Why this module exists: a source paragraph is a list of differently formatted pieces
(a bold name, an italic title, a link) and a machine translation is one string per
sentence, with no word alignment. We carry formatting at the granularity we can do
honestly, and never invent word boundaries:

- a *unit* is the text between hard separators (tab, line break); each is translated
  on its own, so tab stops and line breaks stay where they were;
- a formatting change right after a label (``"المكان:"`` in bold, then plain text) also
  ends a unit, so the label and the rest each keep their own formatting;
- inside a unit each sentence is written into one piece: the piece of a link when the
  sentence holds (part of) a link, so the link and its target survive; otherwise the
  first piece of the formatting that holds most of the sentence's Arabic letters (its
  dominant formatting);
  field results are used only when nothing else is there (Word regenerates them);
- the other pieces of the sentence lose their text; what is not text (images, footnote
  references, fields) stays where it is, so a mid-sentence anchor ends up after the
  English of the sentence's carrier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from desk.segment import segment
from desk.textnorm import has_arabic, strip_bidi_controls

_LABEL_END_RE = re.compile(r"[:：\u2013\u2014]\s*$")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")


@dataclass(eq=False)
class Piece:
    """One piece of text with one formatting; ``write`` replaces its text ('' = remove)."""

    text: str
    style: Hashable = None
    link: object | None = None
    weak: bool = False
    write: Callable[[str], None] = field(default=lambda text: None, repr=False)
    #: writes English cut into (text, piece whose formatting it takes) segments; None = cannot
    split: Callable[[list[tuple[str, Piece]]], None] | None = field(default=None, repr=False)
    #: the writer's handle on where the piece lives (a DOCX run, an HTML element chain)
    anchor: object = field(default=None, repr=False)


@dataclass(eq=False)
class Unit:
    """Pieces translated together, with the sentences of their joined text."""

    pieces: list[Piece]
    text: str
    sentences: list  # desk.segment.Sentence

    @property
    def arabic_sentences(self) -> list[str]:
        return [s.text for s in self.sentences if has_arabic(s.text)]


def split_units(pieces: Sequence[Piece | None]) -> list[Unit]:
    """Units of a paragraph: ``None`` in ``pieces`` is a hard separator (tab, break).

    Only units holding Arabic are returned; the others are left exactly as they are.
    """
    groups: list[list[Piece]] = [[]]
    for piece in pieces:
        if piece is None:
            groups.append([])
            continue
        current = groups[-1]
        if current and _label_boundary(current[-1], piece):
            groups.append(current := [])
        current.append(piece)
    units = []
    for group in groups:
        text = "".join(p.text for p in group)
        if not has_arabic(text):
            continue
        units.append(Unit(group, text, segment(text)))
    return units


def _label_boundary(before: Piece, after: Piece) -> bool:
    return (before.style, before.link) != (after.style, after.link) and bool(_LABEL_END_RE.search(before.text)) \
        and has_arabic(before.text)


@dataclass
class _Plan:
    """Where one sentence's English goes.

    ``carrier``: the first piece of the dominant formatting outside links; ``inner``: the
    pieces formatted apart from it (index, the text to look for in the English);
    ``fallback``: the carrier when an inner piece cannot be placed (a link's piece, so
    the link survives).
    """

    carrier: int
    inner: list[tuple[int, str]]
    fallback: int


_EDGES = " \t\u00a0«»\"'“”‘’()[]{}،,.;؛:!?؟…-–—"
_INDIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _plans(unit: Unit) -> list[_Plan]:
    bounds = []
    pos = 0
    for piece in unit.pieces:
        bounds.append((pos, pos + len(piece.text)))
        pos += len(piece.text)
    plans: list[_Plan] = []
    floor = 0
    for sentence in unit.sentences:
        groups: dict[tuple, list] = {}  # formatting → [key, first piece, [(piece, overlap)]]
        for i, (start, end) in enumerate(bounds):
            if i < floor or end <= sentence.start or start >= sentence.end or start == end:
                continue
            piece = unit.pieces[i]
            overlap = unit.text[max(start, sentence.start):min(end, sentence.end)]
            group = groups.setdefault((piece.style, id(piece.link), piece.weak),
                                      [[piece.link is not None, not piece.weak, 0, 0], i, []])
            group[0][2] += len(_ARABIC_LETTER_RE.findall(overlap))
            group[0][3] += len(overlap.strip())
            group[2].append((i, overlap))
        if not groups:
            plans.append(_Plan(floor, [], floor))
            continue
        fallback = max(groups.values(), key=lambda g: (g[0], -g[1]))[1]
        plain = [g for g in groups.values() if not g[0][0]]
        main = max(plain, key=lambda g: (g[0], -g[1])) if plain else None
        if main is None:
            plans.append(_Plan(fallback, [], fallback))
            floor = fallback
            continue
        inner = []
        for group in groups.values():
            if group is main or group[0][1] is False:
                continue
            for i, overlap in group[2]:
                phrase = overlap.strip(_EDGES)
                if re.search(r"\w", phrase):
                    inner.append((i, phrase if has_arabic(phrase) else phrase.translate(_INDIC_DIGITS)))
        plans.append(_Plan(main[1], inner, fallback))
        floor = min(main[1], fallback)
    return plans


def _find_once(text: str, phrase: str) -> tuple[int, int] | None:
    """The one place ``phrase`` occurs in ``text`` as whole words (case-insensitive), else None."""
    phrase = phrase.strip(_EDGES)
    if len(phrase) < 2 or len(phrase) >= 0.8 * len(text):
        return None
    found = list(re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE))
    return found[0].span() if len(found) == 1 else None


def apply_unit(unit: Unit, english: Sequence[str], phrases: dict[str, str] | None = None,
               plans: list[_Plan] | None = None) -> None:
    """Write the English of ``unit.sentences`` (one string each, in order) into its pieces.

    ``phrases`` maps the text of a piece formatted apart (a bold name) to its English;
    where that English occurs exactly once in the sentence's English, it keeps the
    piece's formatting.
    """
    if len(english) != len(unit.sentences):
        raise ValueError("one English string per sentence is needed")
    if not unit.sentences:
        return
    plans = plans or _plans(unit)
    phrases = phrases or {}
    out: dict[int, list[tuple[str, int]]] = {i: [] for i in range(len(unit.pieces))}
    previous_carrier = 0
    last = 0
    for k, (sentence, target, plan) in enumerate(zip(unit.sentences, english, plans, strict=True)):
        carrier, segments = _place(unit, plan, target, phrases)
        if carrier < previous_carrier:
            carrier, segments = previous_carrier, [(target, previous_carrier)]
        if k == 0:  # direction marks (RLM ...) around Arabic would misplace English punctuation
            out[carrier].append((strip_bidi_controls(unit.text[:sentence.start]), carrier))
        else:
            gap = unit.text[unit.sentences[k - 1].end:sentence.start]
            out[carrier].append(("\n" if "\n" in gap else " ", carrier))
        out[carrier].extend(segments)
        previous_carrier = last = carrier
    out[last].append((strip_bidi_controls(unit.text[unit.sentences[-1].end:]), last))
    for i, piece in enumerate(unit.pieces):
        segments = [(text, j) for text, j in out[i] if text]
        joined = "".join(text for text, _ in segments)
        if any(j != i for _, j in segments) and piece.split is not None:
            merged: list[tuple[str, int]] = []
            for text, j in segments:
                if merged and merged[-1][1] == j:
                    merged[-1] = (merged[-1][0] + text, j)
                else:
                    merged.append((text, j))
            piece.split([(text, unit.pieces[j]) for text, j in merged])
        elif joined != piece.text:
            piece.write(joined)
        piece.text = joined


def _place(unit: Unit, plan: _Plan, target: str, phrases: dict[str, str]) -> tuple[int, list[tuple[str, int]]]:
    """The carrier of one sentence and its English cut into (text, formatting piece) segments."""
    carrier_piece = unit.pieces[plan.carrier]
    spans: list[tuple[int, int, int]] = []
    for i, phrase in plan.inner:
        en = phrases.get(phrase, phrase) if has_arabic(phrase) else phrase
        span = _find_once(target, en) if carrier_piece.split is not None and not has_arabic(en) else None
        if span is None:
            if unit.pieces[i].link is not None:
                return plan.fallback, [(target, plan.fallback)]  # keep the link: it carries the sentence
            continue
        if all(span[1] <= a or span[0] >= b for a, b, _ in spans):
            spans.append((*span, i))
    segments: list[tuple[str, int]] = []
    pos = 0
    for start, end, i in sorted(spans):
        segments += [(target[pos:start], plan.carrier), (target[start:end], i)]
        pos = end
    segments.append((target[pos:], plan.carrier))
    return plan.carrier, segments


def translate_units(units: Sequence[Unit], translate_texts: Callable[[list[str]], list[str]]) -> int:
    """Translate every Arabic sentence of ``units`` in one call and write the English back.

    The Arabic of pieces formatted apart from their sentence (a bold name, a link) goes in
    the same call, so their English can be found in the sentence's English. Sentences
    without Arabic keep their text. Returns the number of sentences translated.
    """
    wanted: dict[str, None] = {}
    plans = [_plans(unit) for unit in units]
    for unit in units:
        for text in unit.arabic_sentences:
            wanted.setdefault(_without_label_end(text)[0])
    sentences = len(wanted)
    for unit_plans in plans:
        for plan in unit_plans:
            for _, phrase in plan.inner:
                if has_arabic(phrase):
                    wanted.setdefault(phrase)
    sources = list(wanted)
    targets = list(translate_texts(sources)) if sources else []
    if len(targets) != len(sources):
        raise ValueError("translate_texts must return one string per input")
    english = dict(zip(sources, targets, strict=True))
    for unit, unit_plans in zip(units, plans, strict=True):
        apply_unit(unit, [_english_for(s.text, english) for s in unit.sentences], english, unit_plans)
    return sentences


def _without_label_end(text: str) -> tuple[str, str]:
    """``"الموضوع:"`` → (``"الموضوع"``, ``":"``): a label's colon is kept out of the model's input."""
    match = _LABEL_END_RE.search(text)
    if match and match.start() > 0:
        return text[:match.start()].rstrip(), text[match.start():].strip()
    return text, ""


def _english_for(text: str, english: dict[str, str]) -> str:
    if not has_arabic(text):
        return text
    source, end = _without_label_end(text)
    target = english.get(source)
    if target is None:
        return text
    return target + end if end and not target.endswith(end) else target
