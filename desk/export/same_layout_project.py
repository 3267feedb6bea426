"""A project's source document in the same layout, carrying the project's English.

The translator's edited and confirmed sentences (and the machine English the project
holds) are looked up by their Arabic; text the project does not hold (headers, footers,
a label the writer cuts differently) goes to the engine, which is created and loaded
only when such text exists, so a fully translated project exports without a model.
Shared by ``desk export PROJECT --layout same`` and the app's export.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from desk.errors import ExportError
from desk.export.same_layout import SAME_LAYOUT_FORMATS, SameLayoutResult, write_same_layout
from desk.export.sentence_lookup import SentenceLookup, lookup_over
from desk.results import SentenceTranslation

log = logging.getLogger(__name__)


def project_source(project: Any) -> Path:
    """The DOCX/HTML file the project was made from, or ``ExportError`` in one sentence."""
    recorded = project.source_path or getattr(project.document, "path", None) or ""
    if not recorded or (not Path(recorded).suffix and not Path(recorded).exists()):  # "Pasted text"
        raise ExportError(f"{project.title} has no source file (it was pasted or typed), so there is no "
                          "layout to keep; export it as DOCX, TMX or TXT instead.")
    source = Path(recorded)
    if source.suffix.lower() not in SAME_LAYOUT_FORMATS:
        raise ExportError(f"Same-layout export needs a .docx or .html source; this project was made from "
                          f"{source.name}.")
    if not source.is_file():
        raise ExportError(f"The project's source file {source} is gone; put it back there to export "
                          "the same layout.")
    return source


class LazyEngine:
    """A translator made by ``load()`` on first use (at most once, thread-safe)."""

    def __init__(self, load: Callable[[], Any]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._translator: Any = None

    @property
    def created(self) -> bool:
        return self._translator is not None

    def translate_document(self, sentences, **kwargs):
        with self._lock:
            if self._translator is None:
                self._translator = self._load()
        return self._translator.translate_document(sentences, **kwargs)


def edited_source_aliases(source: Path, translations: Sequence[SentenceTranslation],
                          edited: Iterable[int]) -> list[SentenceTranslation]:
    """The English of sentences whose Arabic the translator corrected, under the Arabic the
    source file still holds (found by position: a correction keeps one sentence per segment).

    Nothing when the file no longer segments into as many sentences as the project has (it
    changed since): those sentences then go to the engine.
    """
    edited = sorted(set(edited))
    if not edited:
        return []
    from desk.documents import read_document
    from desk.errors import DeskError

    try:
        original = read_document(source).sentences()
    except DeskError as exc:
        log.warning("cannot re-read %s for corrected Arabic: %s", source, exc)
        return []
    if len(original) != len(translations):
        log.warning("%s has %d sentences, the project %d: corrected Arabic goes to the engine",
                    source, len(original), len(translations))
        return []
    return [dataclasses.replace(translations[i], source=original[i].text) for i in edited
            if translations[i].target and original[i].text != translations[i].source]


def project_lookup(translations, translator: Any = None, *, load_translator: Callable[[], Any] | None = None,
                   beam_size: int | None = None, source: Path | None = None,
                   edited: Iterable[int] = ()) -> SentenceLookup:
    """``lookup_over`` the project's translations; the engine is ``translator``, else one made
    by ``load_translator`` the first time a sentence is missing, else none (Arabic kept).
    ``edited``: indices of sentences whose Arabic was corrected (``source`` still has the old)."""
    if source is not None:
        translations = [*edited_source_aliases(source, translations, edited), *translations]  # project's own win
    if translator is None and load_translator is not None:
        translator = LazyEngine(load_translator)
    return lookup_over(translations, translator, beam_size=beam_size)


def corrected(project: Any) -> list[int]:
    """Indices of the sentences whose Arabic the translator corrected in the project."""
    return [s.index for s in project.segments if s.source_edited]


def write_project_same_layout(project: Any, out_path, translator: Any = None, *,
                              load_translator: Callable[[], Any] | None = None, beam_size: int | None = None,
                              cancel: Callable[[], bool] | None = None) -> SameLayoutResult:
    """Write the project's source file to ``out_path`` in English, layout kept (atomic)."""
    result = write_sentences_same_layout(project_source(project), project.translations(), corrected(project),
                                         out_path, translator, load_translator=load_translator,
                                         beam_size=beam_size, cancel=cancel)
    log.info("same layout from %s: %d sentences from the project", project.path, result.from_project)
    return result


def write_sentences_same_layout(source: Path, translations, edited: Iterable[int], out_path, translator: Any = None, *,
                                load_translator: Callable[[], Any] | None = None, beam_size: int | None = None,
                                cancel: Callable[[], bool] | None = None) -> SameLayoutResult:
    """``write_project_same_layout`` from a snapshot of the project (its ``translations()`` and
    ``corrected()``), for a caller that reads the project on one thread and writes on another."""
    lookup = project_lookup(translations, translator, load_translator=load_translator, beam_size=beam_size,
                            source=Path(source), edited=edited)
    result = write_same_layout(source, out_path, lookup, cancel=cancel)
    result.from_project, result.from_engine = lookup.found, lookup.filled + lookup.missing
    return result
