"""Thin calls into the core that run inside a ``Worker`` (imports are lazy: the heavy readers,
the summariser and the DOCX writer load on first use, not at startup)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Loaded:
    """A document read and made into a project (an untitled one in recovery/ unless it was a
    ``.tarjama`` file), all off the GUI thread."""

    project: Any

    @property
    def document(self) -> Any:
        return self.project.document


def open_project(path: str | Path) -> Loaded:
    """A ``.tarjama`` project, or a document as a new untitled project."""
    from desk.documents import read_document as read
    from desk.project import PROJECT_SUFFIX, Project

    if str(path).lower().endswith(PROJECT_SUFFIX):
        return Loaded(Project.open(path))
    document = read(path)
    return Loaded(Project.create(document, None, source_path=path))


def read_pasted(text: str, html: str | None = None, name: str = "Pasted text") -> Loaded:
    from desk.documents import read_html, read_text
    from desk.project import Project

    document = read_html(html, name=name) if html else read_text(text, name=name)
    return Loaded(Project.create(document, None))


def summarize(sentences: list, n_sentences: int | None) -> list:
    from desk.summarize import summarize as run

    if not sentences:
        return []
    return run(sentences, n_sentences=n_sentences or None)


def export(path: str | Path, document: Any, translations: list, layout: str, **options: Any) -> Path:
    from desk.export import ExportOptions, write_translation

    source_name = str(getattr(document, "path", None) or getattr(document, "title", "") or "")
    write_translation(Path(path), document, translations, layout=layout,
                      options=ExportOptions(source_name=source_name, **options))
    return Path(path)


def export_same(path: str | Path, source: str | Path, translations: list, translator: Any = None,
                model_dir: Path | None = None, beam_size: int | None = None, edited: tuple[int, ...] = (),
                cancel=None) -> Path:
    """The project's source DOCX/HTML rewritten in English: the project's (edited) sentences
    first; the engine only for text the project does not hold (headers, footers), made from
    ``model_dir`` if it is not loaded yet; ``edited``: sentences whose Arabic was corrected
    (desk.export.same_layout_project)."""
    from desk.export.same_layout_project import write_sentences_same_layout

    def load() -> Any:
        from desk.models.store import model_name
        from desk.translate import Translator

        if model_dir is None:
            from desk.errors import ModelNotFoundError
            from desk.models.store import NO_MODEL_MESSAGE

            raise ModelNotFoundError(NO_MODEL_MESSAGE)
        return Translator(model_dir, name=model_name(model_dir))

    write_sentences_same_layout(Path(source), translations, edited, path, translator, load_translator=load,
                                beam_size=beam_size, cancel=cancel)
    return Path(path)


def load_model(model_dir: Path, threads: int | None, beam_size: int, name: str) -> Any:
    """Create and load the engine (imports ctranslate2, counts cores) in the worker."""
    from desk.translate import Translator

    return Translator(model_dir, threads=threads, beam_size=beam_size, name=name).load()


def warm_up() -> None:
    """Import the readers and the summariser early, while the user is still reading the
    window: importing numpy/scipy/lxml holds the GIL for a while, which would otherwise
    stutter the GUI during the first translation."""
    import desk.documents  # noqa: F401
    import desk.summarize  # noqa: F401
