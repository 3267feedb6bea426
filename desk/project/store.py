"""The ``.tarjama`` file: one SQLite database (format in docs/project-format.md).

This module is the only one that speaks SQL. Every write is one committed transaction with
``synchronous=FULL`` in WAL mode, so a crash or a kill loses nothing that was committed; when
the project is closed the journal is folded back (``journal_mode=DELETE``) and the file is a
single self-contained file again.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from desk.documents import Block, Document
from desk.project.confidence import from_score
from desk.project.errors import ProjectDamagedError, ProjectError, ProjectVersionError
from desk.project.model import Segment, Status

log = logging.getLogger(__name__)

SCHEMA_VERSION = 3
APPLICATION_ID = 0x54524A4D  # "TRJM": tells a Tarjama project from any other SQLite file

_SCHEMA_V2 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE blocks (
    idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, text TEXT NOT NULL, level INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '', cell TEXT
);
CREATE TABLE segments (
    idx INTEGER PRIMARY KEY, paragraph INTEGER NOT NULL, span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, origin TEXT NOT NULL DEFAULT '', score REAL NOT NULL DEFAULT 0,
    created REAL NOT NULL, modified REAL NOT NULL,
    confidence REAL, alternatives TEXT NOT NULL DEFAULT '[]', alternative_scores TEXT NOT NULL DEFAULT '[]',
    machine_target TEXT NOT NULL DEFAULT '', source_edited INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE qa_ignores (segment INTEGER NOT NULL, check_id TEXT NOT NULL, PRIMARY KEY (segment, check_id));
"""

# Migrations: MIGRATIONS[n] turns a version-n file into version n+1, inside one transaction.
# Version 1 (the first format) had no confidence, alternatives, machine_target or source mark.
MIGRATIONS: dict[int, str] = {
    1: """
    ALTER TABLE segments ADD COLUMN confidence REAL;
    ALTER TABLE segments ADD COLUMN alternatives TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE segments ADD COLUMN alternative_scores TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE segments ADD COLUMN machine_target TEXT NOT NULL DEFAULT '';
    ALTER TABLE segments ADD COLUMN source_edited INTEGER NOT NULL DEFAULT 0;
    UPDATE segments SET machine_target = target,
        confidence = desk_confidence(score, 0) WHERE status = 'machine';
    """,
    # Version 3 (issue 13): QA issues the translator dismissed, one row per (sentence, check id).
    2: """
    CREATE TABLE qa_ignores (segment INTEGER NOT NULL, check_id TEXT NOT NULL, PRIMARY KEY (segment, check_id));
    """,
}

_COLUMNS = ("idx, paragraph, span_start, span_end, source, target, status, origin, score, created, "
            "modified, confidence, alternatives, alternative_scores, machine_target, source_edited")


def _all(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    """Rows of ``sql``, with its cursor closed at once (Python otherwise resets statements lazily)."""
    cursor = conn.execute(sql)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()



@contextmanager
def _closed_if_damaged(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Close ``conn`` on any failure; SQLite's "not a database"/corruption errors become
    ``ProjectDamagedError`` in plain words."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise ProjectDamagedError(path, str(exc)) from exc
    except BaseException:
        conn.close()
        raise

def _connect(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=2.0)
    except sqlite3.Error as exc:
        raise ProjectError(f"Cannot open {path.name}: {exc}.") from exc
    conn.create_function("desk_confidence", 2, lambda s, n: from_score(s or 0.0, n or 0), deterministic=True)
    return conn


class Store:
    """An open ``.tarjama`` database (one connection, writes serialised by a lock)."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._lock = threading.RLock()
        self.read_only = False

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, document: Document, segments: Iterable[Segment], meta: dict[str, str]) -> Store:
        """Write a new database at ``path`` (which must not exist)."""
        conn = _connect(path)
        store = cls(path, conn)
        try:
            _all(conn, f"PRAGMA application_id = {APPLICATION_ID}")
            _all(conn, "PRAGMA journal_mode = DELETE")
            with store.transaction():
                for statement in _SCHEMA_V2.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
                conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
                store._write_blocks(document)
                conn.executemany(f"INSERT INTO segments ({_COLUMNS}) VALUES ({', '.join('?' * 16)})",
                                 (_row(s) for s in segments))
        except sqlite3.Error as exc:
            conn.close()
            raise ProjectError(f"Cannot write {path.name}: {exc}.") from exc
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing file, check it and migrate it to the current schema."""
        if not path.is_file():
            raise ProjectError(f"Cannot open {path.name}: the file does not exist.")
        conn = _connect(path)
        store = cls(path, conn)
        with _closed_if_damaged(conn, path):
            store._check_and_migrate()
            _all(conn, "PRAGMA journal_mode = WAL")
            _all(conn, "PRAGMA synchronous = FULL")
            # After quick_check, the switch to WAL leaves the connection unable to checkpoint
            # ("database table is locked", SQLite 3.40) until a table is read: read one now.
            _all(conn, "SELECT count(*) FROM segments")
        return store

    @classmethod
    def snapshot(cls, path: Path) -> Store:
        """A private in-memory copy of ``path`` (read without the lock, migrated in memory):
        for reading a project another window has open."""
        if not path.is_file():
            raise ProjectError(f"Cannot open {path.name}: the file does not exist.")
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=2.0)
        except sqlite3.Error as exc:
            raise ProjectError(f"Cannot open {path.name}: {exc}.") from exc
        memory = _connect(Path(":memory:"))
        try:
            with _closed_if_damaged(memory, path):
                source.backup(memory)
                store = cls(path, memory)
                store._check_and_migrate()
        finally:
            source.close()
        store.read_only = True
        return store

    def _check_and_migrate(self) -> None:
        conn = self.conn
        app_id = _all(conn, "PRAGMA application_id")[0][0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if app_id != APPLICATION_ID or not {"schema_version", "meta", "blocks", "segments"} <= tables:
            raise ProjectDamagedError(self.path, "it has no Tarjama project tables")
        version = _all(conn, "SELECT max(version) FROM schema_version")[0][0]
        if not isinstance(version, int) or version < 1:
            raise ProjectDamagedError(self.path, "its format version is missing")
        if version > SCHEMA_VERSION:
            raise ProjectVersionError(self.path, version, SCHEMA_VERSION)
        if _all(conn, "PRAGMA quick_check") != [("ok",)]:
            raise ProjectDamagedError(self.path, "SQLite's integrity check failed")
        while version < SCHEMA_VERSION:
            log.info("migrating %s from project format %d", self.path.name, version)
            with self.transaction():
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                version += 1
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (version,))

    # -- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; rolled back (and re-raised as ``ProjectError``) on failure."""
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise ProjectError(f"Cannot save {self.path.name}: {exc}.") from exc
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):  # disk full, read-only, I/O error: plain words
                    raise ProjectError(f"Cannot save {self.path.name}: {exc}.") from exc
                raise

    # -- reading ------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta"))

    def document(self) -> Document:
        meta = self.meta()
        blocks = []
        for kind, text, level, source, cell in self.conn.execute(
                "SELECT kind, text, level, source, cell FROM blocks ORDER BY idx"):
            blocks.append(Block(kind, text, level, source, tuple(json.loads(cell)) if cell else None))
        return Document(meta.get("title", ""), tuple(blocks), meta.get("document_path") or None,
                        meta.get("document_format", "txt"), meta.get("document_lang") or None)

    def segments(self) -> list[Segment]:
        try:
            rows = self.conn.execute(f"SELECT {_COLUMNS} FROM segments ORDER BY idx").fetchall()
            return [_segment(r) for r in rows]
        except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
            raise ProjectDamagedError(self.path, f"a sentence cannot be read: {exc}") from exc

    def qa_ignores(self) -> set[tuple[int, str]]:
        return {(int(i), str(c)) for i, c in _all(self.conn, "SELECT segment, check_id FROM qa_ignores")}

    # -- writing ------------------------------------------------------------------------
    def set_qa_ignore(self, conn: sqlite3.Connection, segment: int, check_id: str, ignored: bool) -> None:
        if ignored:
            conn.execute("INSERT OR IGNORE INTO qa_ignores VALUES (?, ?)", (segment, check_id))
        else:
            conn.execute("DELETE FROM qa_ignores WHERE segment = ? AND check_id = ?", (segment, check_id))

    def write_segment(self, segment: Segment, conn: sqlite3.Connection | None = None) -> None:
        """Replace one segment row (inside ``conn``'s transaction, or as its own transaction)."""
        if conn is None:
            with self.transaction() as tx:
                self.write_segment(segment, tx)
            return
        conn.execute(f"REPLACE INTO segments ({_COLUMNS}) VALUES ({', '.join('?' * 16)})", _row(segment))

    def set_meta(self, conn: sqlite3.Connection, **values: str) -> None:
        conn.executemany("REPLACE INTO meta VALUES (?, ?)", values.items())

    def write_block(self, conn: sqlite3.Connection, index: int, block: Block) -> None:
        conn.execute("UPDATE blocks SET text = ? WHERE idx = ?", (block.text, index))

    def shift_spans(self, conn: sqlite3.Connection, paragraph: int, after: int, delta: int) -> None:
        conn.execute("UPDATE segments SET span_start = span_start + ?, span_end = span_end + ? "
                     "WHERE idx > ? AND paragraph >= ?", (delta, delta, after, paragraph))

    def _write_blocks(self, document: Document) -> None:
        self.conn.executemany(
            "INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?)",
            ((i, b.kind, b.text, b.level, b.source, json.dumps(list(b.cell)) if b.cell else None)
             for i, b in enumerate(document.blocks)))

    # -- closing ------------------------------------------------------------------------
    def backup_to(self, target: Path) -> None:
        """Copy the whole database to ``target`` (a new file) consistently."""
        with self._lock:
            dest = sqlite3.connect(str(target))
            try:
                self.conn.backup(dest)
                _all(dest, "PRAGMA journal_mode = DELETE")
            finally:
                dest.close()

    def close(self) -> None:
        """Fold the WAL back into the file so a closed project is one file."""
        with self._lock:
            if self.read_only:
                self.conn.close()
                return
            try:
                _all(self.conn, "PRAGMA wal_checkpoint(TRUNCATE)")
                _all(self.conn, "PRAGMA journal_mode = DELETE")
            except sqlite3.Error as exc:  # still safe: the WAL is replayed on next open
                log.warning("could not fold the journal of %s: %s", self.path.name, exc)
            self.conn.close()


def _row(s: Segment) -> tuple:
    return (s.index, s.paragraph, s.span[0], s.span[1], s.source, s.target, str(s.status), s.origin,
            float(s.score), s.created, s.modified, s.confidence,
            json.dumps(list(s.alternatives), ensure_ascii=False), json.dumps(list(s.alternative_scores)),
            s.machine_target, int(s.source_edited))


def _segment(r: tuple) -> Segment:
    return Segment(
        index=r[0], paragraph=r[1], span=(r[2], r[3]), source=r[4], target=r[5], status=Status(r[6]),
        origin=r[7], score=r[8], created=r[9], modified=r[10], confidence=r[11],
        alternatives=_json_tuple(r[12]), alternative_scores=_json_tuple(r[13]),
        machine_target=r[14], source_edited=bool(r[15]),
    )


def _json_tuple(text: str) -> tuple:
    return () if text == "[]" else tuple(json.loads(text))  # most segments have no alternatives


def remove_files(path: Path) -> None:
    """Delete a project file and its SQLite sidecars (-wal, -shm, -journal), whichever exist."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            name.unlink()


def now() -> float:
    return time.time()
