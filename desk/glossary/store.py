"""Glossaries kept by the app: several named ones, each global or for one project (SQLite in the data folder)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk.errors import DeskError
from desk.glossary.match import Term, TermMatcher

_SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY,
    glossary TEXT NOT NULL,
    project TEXT NOT NULL DEFAULT '',
    ar TEXT NOT NULL,
    en TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (glossary, project, ar)
);
CREATE INDEX IF NOT EXISTS terms_project ON terms (project);
"""


def default_path() -> Path:
    from desk.paths import data_dir

    return data_dir() / "glossaries.sqlite"


class GlossaryStore:
    """Named glossaries; a term of a later import with the same Arabic replaces the earlier one."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise DeskError(f"The glossary file {self.path.name} cannot be opened: {exc}.") from exc

    @classmethod
    def open_existing(cls, path: str | Path | None = None) -> GlossaryStore | None:
        path = Path(path) if path is not None else default_path()
        return cls(path) if path.is_file() else None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> GlossaryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, terms: list[Term], *, glossary: str, project: str = "") -> int:
        """Store terms under ``glossary`` (global when ``project`` is empty); returns the count stored."""
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO terms (glossary, project, ar, en, note) VALUES (?,?,?,?,?)"
                " ON CONFLICT (glossary, project, ar) DO UPDATE SET en = excluded.en, note = excluded.note",
                [(glossary, project, t.ar, t.en, t.note) for t in terms])
        return len(terms)

    def remove(self, glossary: str, project: str = "") -> int:
        with self._db:
            self._db.execute("BEGIN")
            return self._db.execute("DELETE FROM terms WHERE glossary = ? AND project = ?",
                                    (glossary, project)).rowcount

    def glossaries(self) -> list[tuple[str, str, int]]:
        """(name, project, term count) of every glossary."""
        return self._db.execute("SELECT glossary, project, count(*) FROM terms GROUP BY glossary, project"
                                " ORDER BY project, glossary").fetchall()

    def terms(self, project: str | None = None) -> list[Term]:
        """Global terms plus those of ``project``; a project term overrides a global one with the same Arabic."""
        rows = self._db.execute("SELECT ar, en, note, glossary, project FROM terms WHERE project IN ('', ?)"
                                " ORDER BY project = '' DESC, id", (project or "",)).fetchall()
        by_ar: dict[str, Term] = {}
        for ar, en, note, glossary, proj in rows:
            by_ar[ar] = Term(ar, en, note, glossary, proj)
        return list(by_ar.values())

    def matcher(self, project: str | None = None) -> TermMatcher:
        return TermMatcher(self.terms(project))
