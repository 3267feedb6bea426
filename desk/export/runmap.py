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


def _carriers(unit: Unit) -> list[int]:
    """Index of the piece that receives each sentence's English (non-decreasing)."""
    bounds = []
    pos = 0
    for piece in unit.pieces:
        bounds.append((pos, pos + len(piece.text)))
        pos += len(piece.text)
    chosen: list[int] = []
    floor = 0
    for sentence in unit.sentences:
        groups: dict[tuple, list] = {}  # formatting → [key, first piece]
        for i, (start, end) in enumerate(bounds):
            if i < floor or end <= sentence.start or start >= sentence.end or start == end:
                continue
            piece = unit.pieces[i]
            overlap = unit.text[max(start, sentence.start):min(end, sentence.end)]
            letters = len(_ARABIC_LETTER_RE.findall(overlap))
            group = groups.setdefault((piece.style, id(piece.link), piece.weak),
                                      [[piece.link is not None, not piece.weak, 0, 0], i])
            group[0][2] += letters
            group[0][3] += len(overlap.strip())
        best = max(groups.values(), key=lambda g: (g[0], -g[1]))[1] if groups else floor
        chosen.append(best)
        floor = best
    return chosen


def apply_unit(unit: Unit, english: Sequence[str]) -> None:
    """Write the English of ``unit.sentences`` (one string each, in order) into its pieces."""
    if len(english) != len(unit.sentences):
        raise ValueError("one English string per sentence is needed")
    if not unit.sentences:
        return
    carriers = _carriers(unit)
    out = {i: "" for i in range(len(unit.pieces))}
    for k, (sentence, target, carrier) in enumerate(zip(unit.sentences, english, carriers, strict=True)):
        if k == 0:  # direction marks (RLM ...) around Arabic would misplace English punctuation
            out[carrier] += strip_bidi_controls(unit.text[:sentence.start])
        else:
            previous = unit.sentences[k - 1]
            gap = unit.text[previous.end:sentence.start]
            out[carrier] += "\n" if "\n" in gap else " "
        out[carrier] += target
    out[carriers[-1]] += strip_bidi_controls(unit.text[unit.sentences[-1].end:])
    for i, piece in enumerate(unit.pieces):
        if out[i] != piece.text:
            piece.write(out[i])
            piece.text = out[i]


def translate_units(units: Sequence[Unit], translate_texts: Callable[[list[str]], list[str]]) -> int:
    """Translate every Arabic sentence of ``units`` in one call and write the English back.

    Sentences without Arabic keep their text. Returns the number of sentences translated.
    """
    wanted: dict[str, None] = {}
    for unit in units:
        for text in unit.arabic_sentences:
            wanted.setdefault(_without_label_end(text)[0])
    sources = list(wanted)
    targets = list(translate_texts(sources)) if sources else []
    if len(targets) != len(sources):
        raise ValueError("translate_texts must return one string per input")
    english = dict(zip(sources, targets, strict=True))
    for unit in units:
        apply_unit(unit, [_english_for(s.text, english) for s in unit.sentences])
    return len(sources)


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
