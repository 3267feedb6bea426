"""The translation memory inside a project: confirmed sentences in, exact fills and fuzzy offers out.

The project editor (GUI) and ``desk translate -o X.tarjama`` call these; they only use the public
``Project`` and ``TranslationMemory`` operations, so each change is still one committed project
transaction. Lookups search every project's entries (``all_projects``), preferring this project's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from desk.project import Project, Segment, Status
from desk.project.model import ORIGIN_TM
from desk.textnorm import has_arabic
from desk.tm.normalize import normalize_for_match
from desk.tm.store import DEFAULT_THRESHOLD, HUMAN, MatchResult, TranslationMemory

log = logging.getLogger(__name__)


def project_key(project: Project) -> str:
    """The name the memory records for entries coming from ``project`` (its title or file name)."""
    return project.title or project.path.stem


def remember(project: Project, index: int, memory: TranslationMemory) -> bool:
    """Store a confirmed sentence (Arabic → English, origin human, this project); False if nothing new."""
    seg = project.segment(index)
    if seg.status != Status.CONFIRMED or not seg.target.strip() or not has_arabic(seg.source):
        return False
    return memory.add(seg.source, seg.target, origin=HUMAN, project=project_key(project))


def confirm(project: Project, index: int, memory: TranslationMemory | None) -> Segment:
    """Confirm a sentence and store it in the memory (the project first: the memory is a copy)."""
    seg = project.confirm(index)
    if memory is not None:
        try:
            remember(project, index, memory)
        except Exception as exc:  # the confirmation itself is saved; a memory failure must not lose it
            log.warning("could not store sentence %d in the translation memory: %s", index + 1, exc)
    return seg


def identical(project: Project, index: int) -> dict[int, str]:
    """Other sentences of the project with the same Arabic (after normalising) as confirmed sentence
    ``index`` and no reviewed English yet (untranslated or machine): index -> its English."""
    seg = project.segment(index)
    if seg.status != Status.CONFIRMED or not seg.target.strip() or not has_arabic(seg.source):
        return {}
    norm = normalize_for_match(seg.source)
    return {s.index: seg.target for s in project.segments
            if s.index != index and s.status in (Status.UNTRANSLATED, Status.MACHINE)
            and normalize_for_match(s.source) == norm}


def propagate(project: Project, index: int) -> list[Segment]:
    """A confirmed sentence's English fills its identical sentences in the project (tm-exact)."""
    return project.apply_memory(identical(project, index), Status.TM_EXACT, replace_machine=True)


def exact_targets(project: Project, memory: TranslationMemory,
                  indices: Iterable[int] | None = None) -> dict[int, str]:
    """English from human exact matches for the untranslated sentences (or ``indices``)."""
    chosen = (project.segment(i) for i in indices) if indices is not None else project.segments
    key, found, cache = project_key(project), {}, {}
    for seg in chosen:
        if seg.status != Status.UNTRANSLATED or not has_arabic(seg.source):
            continue
        if seg.source not in cache:
            hits = memory.exact(seg.source, project=key, human_only=True, all_projects=True)
            cache[seg.source] = hits[0].target if hits else None
        if cache[seg.source]:
            found[seg.index] = cache[seg.source]
    return found


def fill_exact(project: Project, memory: TranslationMemory | None,
               indices: Iterable[int] | None = None) -> list[Segment]:
    """Before machine translation: exact memory matches fill sentences (status tm-exact, origin tm)."""
    if memory is None:
        return []
    return project.apply_memory(exact_targets(project, memory, indices), Status.TM_EXACT)


def offers(project: Project, index: int, memory: TranslationMemory | None, *,
           threshold: float = DEFAULT_THRESHOLD, limit: int = 5) -> list[MatchResult]:
    """Memory matches for one sentence at ≥ ``threshold`` % similarity, best first, with source diffs."""
    if memory is None:
        return []
    seg = project.segment(index)
    if not has_arabic(seg.source):
        return []
    return memory.fuzzy(seg.source, project=project_key(project), threshold=threshold, limit=limit,
                        all_projects=True)


def take(project: Project, index: int, match: MatchResult) -> Segment:
    """Use a memory match as the sentence's English: tm-exact or tm-fuzzy, origin tm."""
    return project.set_target(index, match.target, status=match.status, origin=ORIGIN_TM)
