"""``Project``: a source document, one ``Segment`` per sentence, and the file that keeps them.

Every change is written to the ``.tarjama`` file as its own committed transaction before the
in-memory segment changes, so what the GUI shows is always what a crash would leave on disk.
The project holds an exclusive file lock while it is open (``desk.project.lock``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

import desk
from desk import paths
from desk.documents import Document
from desk.project import lock as _lock
from desk.project import recovery
from desk.project.confidence import from_score
from desk.project.errors import ProjectError, ProjectLockedError
from desk.project.model import KEPT_STATUSES, ORIGIN_HUMAN, ORIGIN_TM, PROJECT_SUFFIX, Segment, Status
from desk.project.store import Store, now, remove_files
from desk.results import SentenceTranslation
from desk.segment import Sentence
from desk.textnorm import storable

log = logging.getLogger(__name__)


def _new_segments(document: Document, created: float) -> list[Segment]:
    return [Segment(s.index, s.paragraph, s.span, s.text, "", Status.UNTRANSLATED, created=created,
                    modified=created) for s in document.sentences()]


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Project:
    """An open project. Create with ``Project.create`` or ``Project.open``; ``close()`` when done."""

    def __init__(self, store: Store, file_lock: _lock.FileLock | None) -> None:
        self._store = store
        self._file_lock = file_lock
        self._mutex = threading.RLock()
        self._document = store.document()
        self._segments = store.segments()
        self._meta = store.meta()
        self._closed = False
        if not store.read_only:
            recovery.mark_open(self.path, self.is_recovery)

    # -- creating and opening -----------------------------------------------------------
    @classmethod
    def create(cls, document: Document, path: str | Path | None = None, *,
               source_path: str | Path | None = None) -> Project:
        """A new project for ``document`` at ``path`` (None: an untitled project in recovery/).

        An existing file at ``path`` is replaced, unless another window has it open.
        """
        if path is None:
            try:
                folder = paths.make_dir(recovery.recovery_dir())
            except OSError as exc:
                raise ProjectError(f"Cannot create an untitled project: {exc.strerror or exc}.") from exc
            path = folder / f"{uuid.uuid4().hex}{PROJECT_SUFFIX}"
        path = Path(path)
        if path.exists() and _lock.is_locked(path):
            raise ProjectLockedError(path)
        created = now()
        meta = {
            "created": repr(created), "app_version": desk.__version__, "title": document.title,
            "document_path": document.path or "", "document_format": document.format,
            "document_lang": document.lang or "",
            "source_path": str(source_path or document.path or ""),
        }
        if not path.parent.is_dir():
            raise ProjectError(f"Cannot write {path.name}: the folder {path.parent} does not exist.")
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            store = Store.create(tmp, document, _new_segments(document, created), meta)
            store.close()
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except ProjectError as exc:  # name the file the user chose, not the temporary one
            remove_files(tmp)
            raise ProjectError(str(exc).replace(tmp.name, path.name)) from exc
        except OSError as exc:
            remove_files(tmp)
            raise ProjectError(f"Cannot write {path.name}: {exc.strerror or exc}.") from exc
        except BaseException:
            remove_files(tmp)
            raise
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Project:
        """Open a ``.tarjama`` file and lock it; typed errors if locked, damaged or too new.

        ``read_only`` reads a private snapshot without taking the lock (the CLI's export and
        status work while a window has the project open); changing it raises ``ProjectError``.
        """
        path = Path(path)
        if not path.is_file():
            raise ProjectError(f"Cannot open {path.name}: the file does not exist.")
        if read_only:
            return cls(Store.snapshot(path), None)
        file_lock = _lock.FileLock(path).acquire()
        try:
            store = Store.open(path)
        except BaseException:
            file_lock.release()
            raise
        try:
            return cls(store, file_lock)
        except BaseException:
            store.close()
            file_lock.release()
            raise

    # -- reading ------------------------------------------------------------------------
    @property
    def path(self) -> Path:
        return self._store.path

    @property
    def read_only(self) -> bool:
        return self._store.read_only

    @property
    def document(self) -> Document:
        """The source document as it is now (edited Arabic included)."""
        return self._document

    @property
    def is_recovery(self) -> bool:
        """Untitled: the file lives in recovery/ until ``save_as``."""
        return recovery.is_recovery_path(self.path)

    @property
    def title(self) -> str:
        return self._document.title or Path(self._meta.get("source_path") or self.path).stem

    @property
    def source_path(self) -> str:
        return self._meta.get("source_path", "")

    @property
    def model_id(self) -> str:
        """The model that made the latest machine translation ("" if none)."""
        return self._meta.get("model_id", "")

    @property
    def segments(self) -> list[Segment]:
        return list(self._segments)

    def segment(self, index: int) -> Segment:
        try:
            return self._segments[index]
        except IndexError:
            raise ProjectError(f"There is no sentence {index + 1} in this project.") from None

    def __len__(self) -> int:
        return len(self._segments)

    def counts(self) -> dict[Status, int]:
        """Segments per status (every status present, zeros included)."""
        counts = dict.fromkeys(Status, 0)
        for seg in self._segments:
            counts[seg.status] += 1
        return counts

    def sentences(self, indices: Iterable[int] | None = None) -> list[Sentence]:
        """Segments as ``Sentence`` objects for the engine (all, or only ``indices``)."""
        chosen = self._segments if indices is None else [self.segment(i) for i in indices]
        return [Sentence(s.index, s.paragraph, s.span[0], s.span[1], s.source) for s in chosen]

    def untranslated(self) -> list[Sentence]:
        """Sentences still waiting for the machine (status untranslated)."""
        return self.sentences(s.index for s in self._segments if s.status == Status.UNTRANSLATED)

    def machine_drafts(self) -> list[Sentence]:
        """Sentences whose English is unreviewed machine output (what a re-run with another model redoes)."""
        return self.sentences(s.index for s in self._segments if s.status == Status.MACHINE)

    def translations(self) -> list[SentenceTranslation]:
        """The final English of every segment, for the exporters (status and confidence included)."""
        return [SentenceTranslation(s.paragraph, s.index, s.span, s.source, s.target, s.score, s.alternatives,
                                    s.status == Status.PASSTHROUGH, status=str(s.status),
                                    confidence=s.confidence, origin=s.origin)
                for s in self._segments]

    # -- changing -----------------------------------------------------------------------
    def _commit(self, new: Segment) -> Segment:
        self._check_open()
        with self._mutex:
            self._store.write_segment(new)
            self._segments[new.index] = new
        return new

    def _check_open(self) -> None:
        if self._closed:
            raise ProjectError("This project has been closed.")
        if self._store.read_only:
            raise ProjectError(f"{self.path.name} was opened read-only; open it in Tarjama Desk to change it.")

    def apply_machine(self, t: SentenceTranslation, model_id: str, *, force: bool = False) -> Segment | None:
        """Take the engine's English for one sentence.

        Returns None (nothing changed) when the sentence is edited, confirmed or a TM match
        (unless ``force``: "re-translate this sentence"), or when ``t`` is for an older
        version of the Arabic.
        """
        self._check_open()
        with self._mutex:
            new = self._machine(t, model_id, force)
            if new is not None:
                self._commit_many([new], model_id)
            return new

    def apply_machine_many(self, items: Iterable[SentenceTranslation], model_id: str) -> list[Segment]:
        """``apply_machine`` for many sentences in ONE transaction (the CLI's whole-document run)."""
        self._check_open()
        items = list(items)  # never translate while holding the write transaction
        with self._mutex:
            changed = [new for t in items if (new := self._machine(t, model_id, False)) is not None]
            self._commit_many(changed, model_id)
        return changed

    def _machine(self, t: SentenceTranslation, model_id: str, force: bool) -> Segment | None:
        """The segment ``t`` would make, or None if it is kept, stale or unchanged."""
        seg = self.segment(t.index)
        if t.source != seg.source or (seg.status in KEPT_STATUSES and not force):
            return None
        if t.passthrough:
            status, origin, confidence = Status.PASSTHROUGH, "", None
        else:
            status, origin = Status.MACHINE, model_id
            confidence = from_score(t.score, len(t.target.split()))
        new = dataclasses.replace(
            seg, target=t.target, status=status, origin=origin, score=float(t.score), confidence=confidence,
            machine_target=t.target, alternatives=tuple(t.alternatives), alternative_scores=(), modified=now())
        return None if new == dataclasses.replace(seg, modified=new.modified) else new

    def set_target(self, index: int, text: str, *, status: Status | str = Status.EDITED,
                   origin: str = ORIGIN_HUMAN) -> Segment:
        """The translator's English: status edited, origin human (no-op if the text is unchanged).

        ``status``/``origin`` let a translation-memory match be taken (``Status.TM_FUZZY``, ``"tm"``).
        """
        with self._mutex:
            new = self._targeted(self.segment(index), text, Status(status), origin)
            return new if new is self._segments[index] else self._commit(new)

    def set_targets(self, changes: dict[int, str]) -> list[Segment]:
        """Many English edits in ONE transaction (replace all); returns the segments that changed."""
        self._check_open()
        with self._mutex:
            news = [n for i, text in sorted(changes.items())
                    if (n := self._targeted(self.segment(i), text, Status.EDITED, ORIGIN_HUMAN))
                    is not self._segments[i]]
            self._commit_many(news)
        return news

    def restore_many(self, segments: Sequence[Segment]) -> None:
        """Undo of ``set_targets``: put back many snapshots (same Arabic) in one transaction."""
        self._check_open()
        with self._mutex:
            if any(self.segment(s.index).source != s.source for s in segments):
                for seg in segments:
                    self.restore(seg)
                return
            self._commit_many(list(segments))

    def _targeted(self, seg: Segment, text: str, status: Status, origin: str) -> Segment:
        text = storable(text)
        # Leaving a sentence without changing it is not an edit (an old English kept after the
        # Arabic changed and typed over with the same words is: it was untranslated).
        if status == Status.EDITED and text == seg.target and not (seg.status == Status.UNTRANSLATED and text):
            return seg
        if text == seg.target and seg.status == status and seg.origin == origin:
            return seg
        return dataclasses.replace(seg, target=text, status=status, origin=origin, confidence=None, modified=now())

    def _commit_many(self, news: list[Segment], model_id: str = "") -> None:
        """Write ``news`` in one transaction (recording ``model_id`` as the latest model), then show them."""
        model_id = model_id if model_id and any(n.status == Status.MACHINE for n in news) else ""
        if not news:
            return
        with self._store.transaction() as tx:
            for new in news:
                self._store.write_segment(new, tx)
            if model_id and model_id != self._meta.get("model_id"):
                self._store.set_meta(tx, model_id=model_id)
        if model_id:
            self._meta["model_id"] = model_id
        for new in news:
            self._segments[new.index] = new

    def confirm(self, index: int) -> Segment:
        """Mark the English as reviewed and final (status confirmed)."""
        return self.set_status(index, Status.CONFIRMED)

    def set_status(self, index: int, status: Status | str) -> Segment:
        status = Status(status)
        with self._mutex:
            seg = self.segment(index)
            if seg.status == status:
                return seg
            return self._commit(dataclasses.replace(seg, status=status, modified=now()))

    def revert_to_machine(self, index: int) -> Segment:
        """Put the last machine English back (status machine); unchanged if there is none."""
        with self._mutex:
            seg = self.segment(index)
            if not seg.machine_target:
                return seg
            return self._commit(dataclasses.replace(
                seg, target=seg.machine_target, status=Status.MACHINE, origin=self.model_id or seg.origin,
                confidence=from_score(seg.score, len(seg.machine_target.split())), modified=now()))

    def set_alternatives(self, index: int, alternatives: Sequence[str], scores: Sequence[float] = ()) -> Segment:
        """Record n-best hypotheses computed for one sentence (``desk.project.alternatives``)."""
        with self._mutex:
            seg = self.segment(index)
            return self._commit(dataclasses.replace(seg, alternatives=tuple(alternatives),
                                                    alternative_scores=tuple(float(s) for s in scores),
                                                    modified=now()))

    def set_source(self, index: int, text: str) -> Segment:
        """The translator corrected the Arabic: status untranslated (re-translate it), marked.

        The document's block text and the spans of later sentences move with the change;
        line breaks in ``text`` become spaces (a segment stays one sentence).
        """
        text = storable(" ".join(text.split()))
        if not text:
            raise ProjectError("A sentence cannot be empty; delete its words in the document instead.")
        with self._mutex:
            seg = self.segment(index)
            if text == seg.source:
                return seg
            new = dataclasses.replace(seg, source=text, status=Status.UNTRANSLATED, source_edited=True,
                                      confidence=None, alternatives=(), alternative_scores=(), modified=now())
            return self._replace_source(seg, new)

    def restore(self, seg: Segment) -> None:
        """Put back an earlier snapshot of a segment exactly (undo/redo)."""
        with self._mutex:
            current = self.segment(seg.index)
            if current.source != seg.source:
                self._replace_source(current, seg)
            else:
                self._commit(seg)

    def _replace_source(self, old: Segment, new: Segment) -> Segment:
        """Write ``new`` whose source differs from ``old``'s, moving the block text and spans."""
        self._check_open()
        doc = self._document
        starts, offset = [], 0
        for block in doc.blocks:
            starts.append(offset)
            offset += len(block.text) + 2
        block = doc.blocks[old.paragraph]
        a, b = old.span[0] - starts[old.paragraph], old.span[1] - starts[old.paragraph]
        new_text = block.text[:a] + new.source + block.text[b:]
        new_block = dataclasses.replace(block, text=new_text)
        if new_block.text != new_text:
            raise ProjectError("That Arabic cannot be stored as one sentence.")
        delta = len(new.source) - len(old.source)
        new = dataclasses.replace(new, span=(old.span[0], old.span[0] + len(new.source)))
        with self._store.transaction() as tx:
            self._store.write_block(tx, old.paragraph, new_block)
            if delta:
                self._store.shift_spans(tx, old.paragraph, old.index, delta)
            self._store.write_segment(new, tx)
        blocks = list(doc.blocks)
        blocks[old.paragraph] = new_block
        self._document = dataclasses.replace(doc, blocks=tuple(blocks))
        if delta:
            for i in range(old.index + 1, len(self._segments)):
                s = self._segments[i]
                self._segments[i] = dataclasses.replace(s, span=(s.span[0] + delta, s.span[1] + delta))
        self._segments[new.index] = new
        return new

    # -- translation memory and QA (issue 13) ---------------------------------------
    def apply_memory(self, targets: dict[int, str], status: Status | str = Status.TM_EXACT, *,
                     replace_machine: bool = False) -> list[Segment]:
        """Fill untranslated sentences from the translation memory in ONE transaction (origin "tm").

        Sentences that already have English are left alone; ``replace_machine`` also replaces
        unreviewed machine English (a sentence just confirmed elsewhere in the document).
        """
        self._check_open()
        status = Status(status)
        open_statuses = {Status.UNTRANSLATED, Status.MACHINE} if replace_machine else {Status.UNTRANSLATED}
        with self._mutex:
            news = [dataclasses.replace(seg, target=text, status=status, origin=ORIGIN_TM, confidence=None,
                                        score=0.0, modified=now())
                    for i, text in sorted(targets.items())
                    if (seg := self.segment(i)).status in open_statuses and text]
            self._commit_many(news)
        return news

    def qa_ignores(self) -> set[tuple[int, str]]:
        """The (sentence index, QA check id) pairs the translator dismissed."""
        return self._store.qa_ignores()

    def set_qa_ignored(self, index: int, check_id: str, ignored: bool = True) -> None:
        """Dismiss (or bring back) one QA check on one sentence; kept in the file."""
        self._check_open()
        self.segment(index)
        with self._mutex, self._store.transaction() as tx:
            self._store.set_qa_ignore(tx, index, check_id, ignored)

    # -- saving and closing -------------------------------------------------------------
    def save_as(self, path: str | Path) -> None:
        """Copy the project to ``path`` and continue there; an untitled recovery copy is deleted."""
        self._check_open()
        target = Path(path)
        if target.resolve() == self.path.resolve():
            return
        if target.exists() and _lock.is_locked(target):
            raise ProjectLockedError(target)
        if not target.parent.is_dir():
            raise ProjectError(f"Cannot save {target.name}: the folder {target.parent} does not exist.")
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        with self._mutex:
            try:
                self._store.backup_to(tmp)
                with open(tmp, "rb+") as handle:
                    os.fsync(handle.fileno())
                if target.exists():
                    with contextlib.suppress(OSError):
                        os.chmod(tmp, target.stat().st_mode & 0o7777)
                os.replace(tmp, target)
                _fsync_dir(target.parent)
            except (OSError, sqlite3.Error) as exc:
                remove_files(tmp)
                reason = getattr(exc, "strerror", None) or exc
                raise ProjectError(f"Cannot save {target.name}: {reason}.") from exc
            except BaseException:
                remove_files(tmp)
                raise
            new_lock = _lock.FileLock(target).acquire()
            try:
                new_store = Store.open(target)
            except BaseException:
                new_lock.release()
                raise
            old_path, was_recovery = self.path, self.is_recovery
            self._store.close()
            self._file_lock.release()
            recovery.mark_closed(old_path)
            if was_recovery:
                remove_files(old_path)
            self._store, self._file_lock = new_store, new_lock
            recovery.mark_open(target, False)

    def close(self) -> None:
        """Release the file and its lock. An untitled project stays in recovery/ (``discard`` deletes it)."""
        if self._closed:
            return
        with self._mutex:
            self._closed = True
            self._store.close()
            if self._file_lock is None:
                return
            self._file_lock.release()
            if not self.is_recovery:
                recovery.mark_closed(self.path)

    def discard(self) -> None:
        """Close and, for an untitled project, delete its recovery copy (the user chose to)."""
        path, untitled = self.path, self.is_recovery and not self.read_only
        self.close()
        if untitled:
            remove_files(path)
        recovery.mark_closed(path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r}, {len(self)} segments)"
