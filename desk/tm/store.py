"""The translation memory: a SQLite file of (Arabic, English) units, global or per project.

Why this shape:
- exact lookup goes through an index on a 64-bit hash of the normalised Arabic (``match_key``),
  so the index stays small at millions of units; the hit is confirmed by re-normalising;
- fuzzy candidates come from an FTS5 index (contentless, ``detail=none``: only the postings)
  over light stems of the normalised words; each query word's postings are read with a cap, so a
  lookup never walks the whole postings of "في" or "من"; the units sharing most rare words and
  runs of three consecutive words are the candidates;
- the candidates are re-ranked by rapidfuzz's normalised Indel similarity on the normalised
  text (characters, so a clitic or a diacritic costs one or two points, not a whole word).
No query scans the units table.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice
from operator import attrgetter
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from desk.errors import DeskError
from desk.textnorm import storable
from desk.tm.normalize import WORD_RE, analyse, index_terms, match_key, normalize_for_match

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 75.0
SCHEMA_VERSION = 1
HUMAN = "human"
MACHINE = "machine"
ORIGINS = (HUMAN, MACHINE)
# Fuzzy search: a term in more units than RARE_POSTINGS is "frequent": its postings are not read;
# the CANDIDATES units sharing most rare terms and runs of three words are re-ranked.
RARE_POSTINGS = 1000
RUN_POSTINGS = 100  # units read per run of three consecutive words
MAX_RUNS = 6  # runs queried per lookup, spread over the sentence
CANDIDATES = 40
CACHE_KIB = 65536  # SQLite page cache per connection (bounded memory)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    key INTEGER NOT NULL,            -- match_key(normalised source)
    thash INTEGER NOT NULL,          -- match_key(target): one row per distinct translation
    project TEXT NOT NULL DEFAULT '',-- '' = the global memory
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'human' CHECK (origin IN ('human', 'machine')),
    created TEXT NOT NULL,
    changed TEXT NOT NULL,
    creator TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX IF NOT EXISTS units_key ON units (key, project, thash);
CREATE INDEX IF NOT EXISTS units_project ON units (project);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5 (
    terms, content='', columnsize=0, detail=none, tokenize='unicode61 remove_diacritics 0'
);
"""
# How a prepared row is written (per connection, nothing in the file): one multi-row INSERT into this
# view stores, indexes or refreshes a whole chunk of rows inside SQLite, so the writer thread holds the
# GIL only to bind the chunk, not once per row and statement (which serialised it with the parser).
# Per row, in order: insert it unless it is stored (the explicit id is free: ids above the batch's first
# are only this batch's); index it if it was inserted; else refresh the stored copy (a later date, and a
# human copy upgrades a machine one, never the reverse; the ``id <>`` clause makes this a no-op for a
# row just inserted).
_WRITER = """
PRAGMA temp_store = MEMORY;
CREATE TEMP VIEW IF NOT EXISTS unit_rows
    (id, key, thash, project, source, target, origin, created, changed, creator, terms)
    AS SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL WHERE 0;
CREATE TEMP TRIGGER IF NOT EXISTS unit_rows_insert INSTEAD OF INSERT ON unit_rows BEGIN
    INSERT OR IGNORE INTO units (id, key, thash, project, source, target, origin, created, changed, creator)
        VALUES (new.id, new.key, new.thash, new.project, new.source, new.target, new.origin, new.created,
                new.changed, new.creator);
    INSERT INTO units_fts (rowid, terms) SELECT new.id, new.terms WHERE EXISTS (SELECT 1 FROM units WHERE id = new.id);
    UPDATE units SET changed = max(changed, new.changed),
                     origin = CASE WHEN new.origin = 'human' THEN 'human' ELSE origin END
        WHERE key = new.key AND project = new.project AND thash = new.thash AND id <> new.id;
END;
"""
ROW_COLUMNS = 10  # key, thash, project, source, target, origin, created, changed, creator, terms
CHUNK_ROWS = 5000  # rows per INSERT statement (fewer when SQLite allows fewer parameters)
BATCH = 20_000  # rows per transaction
# While a large import runs, the WAL is checkpointed into the file every this many pages (80 MiB) instead
# of SQLite's 1000: hot index pages are copied once per checkpoint, so with 20,000-row batches a 1M-unit
# import writes 2 GB instead of 5.4 GB (a 512 MiB memory). Every batch is still its own WAL transaction.
BULK_CHECKPOINT_PAGES = 20_000


class TMError(DeskError):
    """The memory file cannot be opened or written."""


@dataclass(frozen=True, slots=True)
class TranslationUnit:
    """One stored pair. ``origin`` is 'human' (confirmed or imported human work) or 'machine'."""

    source: str
    target: str
    origin: str = HUMAN
    project: str = ""
    created: str = ""
    changed: str = ""
    creator: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SourceDiff:
    """One difference between the sentence looked up and the stored source, word by word.

    ``op`` is 'replace', 'insert' (words only in the stored source), or 'delete' (only in ours).
    """

    op: str
    ours: str
    theirs: str


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A memory hit: the stored unit, how similar its source is (0-100) and what differs."""

    unit: TranslationUnit
    similarity: float
    exact: bool
    diffs: tuple[SourceDiff, ...] = field(default=())

    @property
    def target(self) -> str:
        return self.unit.target

    @property
    def status(self) -> str:
        """The segment status a project gives a sentence filled from this match."""
        return "tm-exact" if self.exact else "tm-fuzzy"


def default_path() -> Path:
    from desk.paths import data_dir

    return data_dir() / "memory.sqlite"


_FIELDS = attrgetter("source", "target", "origin", "project", "created", "changed", "creator")


def _now() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


class TranslationMemory:
    """A memory file; opened (and created) on construction, closed by ``close()`` or ``with``."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._frequent: set[str] = set()  # index terms found in more than RARE_POSTINGS units
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")  # the key index of 1M units fits: no thrashing
            self._db.executescript(_SCHEMA)
            self._db.executescript(_WRITER)
            variables = self._db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
            self._chunk = max(1, min(CHUNK_ROWS, (variables - 1) // ROW_COLUMNS))
            row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise TMError(f"The translation memory {self.path.name} was written by a newer Tarjama Desk.")
        except sqlite3.DatabaseError as exc:
            raise TMError(f"The translation memory {self.path.name} cannot be opened: {exc}.") from exc
        except OSError as exc:
            raise TMError(f"The translation memory {self.path.name} cannot be created: {exc.strerror}.") from exc

    @classmethod
    def open_existing(cls, path: str | Path | None = None) -> TranslationMemory | None:
        """The memory at ``path`` (default: the data folder's), or None if none was ever created."""
        path = Path(path) if path is not None else default_path()
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------
    def add(self, source: str, target: str, *, origin: str = HUMAN, project: str = "", creator: str = "") -> bool:
        """Store one confirmed pair; True if it is new (an existing one is refreshed)."""
        unit = TranslationUnit(storable(source), storable(target), origin, project, creator=creator)
        return self.add_many([unit]) == 1

    def add_many(self, units: Iterable[TranslationUnit], batch: int = BATCH) -> int:
        """Store units in transactions of ``batch``; returns how many were new.

        A pair already stored gets its change date refreshed, and a human copy of a machine
        translation upgrades it to human; a machine copy never downgrades human work. While one
        batch is written (sqlite releases the GIL), the next is parsed and normalised.
        """
        return self.add_rows(map(_FIELDS, units), batch)

    def add_rows(self, rows: Iterable[tuple], batch: int = BATCH) -> int:
        """``add_many`` for plain tuples in ``TranslationUnit`` field order (source, target, origin, project,
        created, changed, creator): the TMX import's path, which builds no dataclass per unit."""
        iterator = iter(rows)
        first = list(islice(iterator, batch))
        if len(first) < batch:  # one small batch (a confirmed sentence): no writer thread
            return self._commit(self._prepare(first))
        added = 0
        (checkpoint,) = self._db.execute("PRAGMA wal_autocheckpoint").fetchone()
        self._db.execute(f"PRAGMA wal_autocheckpoint={max(checkpoint, BULK_CHECKPOINT_PAGES)}")
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tm-writer") as writer:
                running = writer.submit(self._commit, self._prepare(first))
                while pending := list(islice(iterator, batch)):
                    rows = self._prepare(pending)
                    added += running.result()
                    running = writer.submit(self._commit, rows)
                added += running.result()
            self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # now, not in the next confirmed sentence's commit
        finally:
            self._db.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")
        return added

    @staticmethod
    def _prepare(units: list[tuple]) -> list[tuple]:
        """The rows of a batch (normalised key, hashes, index terms): the Python half of a write."""
        now = _now()
        rows = []
        append = rows.append
        origins = set()
        for source, target, origin, project, created, changed, creator in units:
            source, target = source.strip(), target.strip()
            if not source or not target:
                continue
            if origin not in ORIGINS:
                raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
            origins.add(origin)
            norm, terms = analyse(source)
            append((match_key(norm), match_key(target), project, source, target, origin,
                    created or now, changed or created or now, creator, terms))
        if len(origins) > 1:  # stable: human copies first, so a batch holding both keeps it
            rows.sort(key=lambda r: r[5] != HUMAN)
        return rows

    def _commit(self, rows: list[tuple]) -> int:
        """One transaction: refresh what is stored, insert and index what is new (see ``_WRITER``)."""
        if not rows:
            return 0
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            (before,) = db.execute("SELECT coalesce(max(id), 0) FROM units").fetchone()
            for start in range(0, len(rows), self._chunk):
                part = rows[start:start + self._chunk]
                db.execute(_insert_sql(len(part)), [before + start, *chain.from_iterable(part)])
            (added,) = db.execute("SELECT count(*) FROM units WHERE id > ?", (before,)).fetchone()
            db.execute("COMMIT")
        except BaseException as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise TMError(f"Cannot write to the translation memory {self.path.name}: {exc}.") from exc
            raise
        return added

    # -- reading -------------------------------------------------------------------------
    def lookup(self, source: str, *, project: str | None = None, threshold: float = DEFAULT_THRESHOLD,
               limit: int = 5, human_only: bool = False, all_projects: bool = False) -> list[MatchResult]:
        """The best matches for ``source``: the exact ones (similarity 100) if any, else the fuzzy ones.

        Project entries come before global ones of the same similarity, human before machine.
        ``all_projects`` also searches other projects' entries (a project editor reusing every
        sentence the translator ever confirmed), still preferring ``project``'s own.
        """
        norm = normalize_for_match(source)
        if not norm:
            return []
        exact = self.exact(source, project=project, human_only=human_only, all_projects=all_projects, _norm=norm)
        if exact:  # an exact match fills the sentence: no need to look further
            return exact[:limit]
        return self.fuzzy(source, project=project, threshold=threshold, limit=limit, human_only=human_only,
                          all_projects=all_projects, _norm=norm)

    def exact(self, source: str, *, project: str | None = None, human_only: bool = False,
              all_projects: bool = False, _norm: str | None = None) -> list[MatchResult]:
        """Units whose normalised source equals ``source``'s, best first."""
        norm = _norm if _norm is not None else normalize_for_match(source)
        rows = self._db.execute(
            "SELECT id, source, target, origin, project, created, changed, creator FROM units"
            " WHERE key=? AND (? OR project IN ('', ?))", (match_key(norm), all_projects, project or ""),
        ).fetchall()
        units = [_unit(r) for r in rows if normalize_for_match(r[1]) == norm]
        if human_only:
            units = [u for u in units if u.origin == HUMAN]
        units.sort(key=lambda u: _preference(u, project), reverse=True)
        return [MatchResult(u, 100.0, True) for u in units]

    def fuzzy(self, source: str, *, project: str | None = None, threshold: float = DEFAULT_THRESHOLD,
              limit: int = 5, human_only: bool = False, all_projects: bool = False,
              _norm: str | None = None) -> list[MatchResult]:
        """Units whose source is at least ``threshold`` % similar, best first (exact ones included)."""
        norm = _norm if _norm is not None else normalize_for_match(source)
        ids = self._candidates(norm)
        if not ids:
            return []
        rows = self._db.execute(
            "SELECT id, source, target, origin, project, created, changed, creator FROM units"
            f" WHERE id IN ({','.join('?' * len(ids))}) AND (? OR project IN ('', ?))",
            (*ids, all_projects, project or ""),
        ).fetchall()
        units = [_unit(r) for r in rows]
        if human_only:
            units = [u for u in units if u.origin == HUMAN]
        choices = [normalize_for_match(u.source) for u in units]
        scored = process.extract(norm, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
        results = []
        for _choice, score, index in scored:
            unit = units[index]
            exact = choices[index] == norm
            results.append(MatchResult(unit, 100.0 if exact else min(99.0, round(score, 1)), exact,
                                       () if exact else source_diffs(source, unit.source)))
        results.sort(key=lambda m: (m.similarity, *_preference(m.unit, project)), reverse=True)
        return results[:limit]

    def _candidates(self, norm: str) -> list[int]:
        """Ids of the units most likely to be similar to ``norm`` (at most ``CANDIDATES``).

        Each unit scores one point per rare query word it contains and one per run of three
        consecutive query words it contains. One capped FTS5 query per word both measures it and
        fetches its postings: a word in fewer than ``RARE_POSTINGS`` units is rare and its postings
        are complete; a frequent one ("في", "قال") costs at most that many rows once per open
        memory (it is remembered). Runs of three words (FTS5 AND: doclist intersection, small even
        for frequent words) find sentences made of common words, and break ties among units that
        share the same rare word; an edit of a few words leaves most runs intact.
        """
        sequence = [t for t in index_terms(norm) if len(t) > 1]
        counts: Counter[int] = Counter()
        rare = 0
        for term in sorted(set(sequence)):
            if term in self._frequent:
                continue
            ids = [r[0] for r in self._db.execute(
                "SELECT rowid FROM units_fts WHERE units_fts MATCH ? LIMIT ?", (_phrase(term), RARE_POSTINGS + 1))]
            if len(ids) > RARE_POSTINGS:
                self._frequent.add(term)  # units are only ever added: frequent stays frequent
            elif ids:
                rare += 1
                counts.update(ids)
        best = counts.most_common(CANDIDATES + 1)
        decided = rare >= 3 and len(best) <= CANDIDATES or (best and best[-1][1] < best[0][1])
        if not decided:  # few rare words, or too many units tied on them: runs of three words decide
            runs = sorted({tuple(sorted(set(sequence[i:i + 3]))) for i in range(max(0, len(sequence) - 2))})
            step = max(1, len(runs) // MAX_RUNS)
            for run in runs[::step][:MAX_RUNS]:
                query = " AND ".join(_phrase(t) for t in run)
                counts.update(r[0] for r in self._db.execute(
                    "SELECT rowid FROM units_fts WHERE units_fts MATCH ? LIMIT ?", (query, RUN_POSTINGS)))
        return [unit_id for unit_id, _ in counts.most_common(CANDIDATES)]

    def units(self, *, project: str | None = None, human_only: bool = False) -> Iterator[TranslationUnit]:
        """Every unit (of one project when given), in insertion order, streamed."""
        sql = "SELECT id, source, target, origin, project, created, changed, creator FROM units"
        clauses, params = [], []
        if project is not None:
            clauses.append("project = ?")
            params.append(project)
        if human_only:
            clauses.append("origin = 'human'")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        cursor = self._db.execute(sql + " ORDER BY id", params)
        while rows := cursor.fetchmany(2000):
            for row in rows:
                yield _unit(row)

    def stats(self) -> dict:
        """Counts by origin and project, and the file size."""
        by_origin = dict(self._db.execute("SELECT origin, count(*) FROM units GROUP BY origin").fetchall())
        by_project = dict(self._db.execute("SELECT project, count(*) FROM units GROUP BY project").fetchall())
        return {
            "path": str(self.path),
            "units": sum(by_origin.values()),
            "human": by_origin.get(HUMAN, 0),
            "machine": by_origin.get(MACHINE, 0),
            "projects": {name or "(global)": count for name, count in sorted(by_project.items())},
            "bytes": self.path.stat().st_size if self.path.exists() else 0,
        }


@lru_cache(maxsize=8)
def _insert_sql(rows: int) -> str:
    """``INSERT INTO unit_rows`` of ``rows`` rows; parameter 1 is the id before the first row."""
    return "INSERT INTO unit_rows VALUES " + ",".join(f"(?1+{k}{',?' * ROW_COLUMNS})" for k in range(1, rows + 1))


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _unit(row) -> TranslationUnit:
    return TranslationUnit(row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[0])


def _preference(unit: TranslationUnit, project: str | None) -> tuple:
    return (bool(project) and unit.project == project, unit.origin == HUMAN, unit.changed)


def source_diffs(ours: str, theirs: str) -> tuple[SourceDiff, ...]:
    """Word-level differences between two Arabic sentences, compared in matching form."""
    a, b = WORD_RE.findall(ours), WORD_RE.findall(theirs)
    na = [normalize_for_match(w) for w in a]
    nb = [normalize_for_match(w) for w in b]
    diffs = []
    for op in Levenshtein.opcodes(na, nb):
        if op.tag == "equal":
            continue
        diffs.append(SourceDiff(op.tag, " ".join(a[op.src_start:op.src_end]), " ".join(b[op.dest_start:op.dest_end])))
    return tuple(diffs)
