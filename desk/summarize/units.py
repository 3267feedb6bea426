"""Rejoin hard-wrapped lines into the sentences they belong to, before scoring.

The segmenter ends a sentence at every line break (right for headlines and credits), so a
newspaper file wrapped at 80 columns arrives as line-sized fragments: "… من هيئة" /
"الاتصالات وتقنية …". Scored alone, a fragment is half a sentence, and a summary made of
them reads as noise. A document is treated as wrapped when many of its lines stop without
final punctuation at a similar width; then each run of such lines inside a paragraph is
one unit, up to and including the line that ends the sentence. A unit is selected or
dropped whole, and the summary returns all of its lines (the GUI highlights by sentence).
"""

from __future__ import annotations

import numpy as np

__all__ = ["group_wrapped"]

_FINAL = tuple(".!?؟…")
MIN_WRAPPED_LINES = 3      # fewer unfinished lines than this is a headline or two, not wrapping
MIN_WRAPPED_SHARE = 0.25   # of the document's lines
WIDTH_SHARE = 0.6          # a first line narrower than this share of the typical width is a headline, not a wrap
STEADY_BAND = 0.2         # wrapped lines have about the same width …
STEADY_SHARE = 0.5        # … at least half of them within ±20% of the median
MAX_UNIT_LINES = 12        # a runaway unit (a list without punctuation) is cut here


def group_wrapped(texts: list[str], paragraphs: list[int]) -> list[list[int]]:
    """Positions of ``texts`` grouped into units (each unit a run of consecutive positions)."""
    n = len(texts)
    if n == 0:
        return []
    stripped = [t.strip() for t in texts]
    open_end = np.array([not s.endswith(_FINAL) for s in stripped])
    same_next = np.array([i + 1 < n and paragraphs[i + 1] == paragraphs[i] for i in range(n)])
    candidates = open_end & same_next
    if candidates.sum() < max(MIN_WRAPPED_LINES, MIN_WRAPPED_SHARE * n):
        return [[i] for i in range(n)]
    widths = np.array([len(s) for s in stripped])
    width = float(np.median(widths[candidates]))
    steady = np.abs(widths[candidates] - width) <= STEADY_BAND * width
    if steady.mean() < STEADY_SHARE:   # ragged unfinished lines: headlines or list items, not wrapping
        return [[i] for i in range(n)]
    # A line can hold the end of one sentence and the start of the next (the segmenter splits
    # it there), so an unfinished fragment of any width continues on the next line; only a
    # narrow first line is a headline rather than the top of a wrapped paragraph.
    wraps = candidates.copy()
    wraps[0] &= widths[0] >= WIDTH_SHARE * width
    units: list[list[int]] = []
    current: list[int] = []
    for i in range(n):
        current.append(i)
        if not wraps[i] or len(current) >= MAX_UNIT_LINES:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units
