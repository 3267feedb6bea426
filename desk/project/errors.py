"""Typed project-file errors; each ``str()`` is one plain sentence for the user."""

from __future__ import annotations

from pathlib import Path

from desk.errors import DeskError


class ProjectError(DeskError):
    """A project could not be created, opened, changed or saved."""


class ProjectLockedError(ProjectError):
    """The project is open in another window or process (it holds the file lock)."""

    def __init__(self, path: str | Path, owner: str = "") -> None:
        self.path = Path(path)
        where = f" ({owner})" if owner else ""
        super().__init__(
            f"{self.path.name} is already open in another Tarjama Desk window{where}; "
            "close it there first, or open a copy."
        )


class ProjectDamagedError(ProjectError):
    """The file is not a readable Tarjama project (truncated, overwritten or not one at all)."""

    def __init__(self, path: str | Path, reason: str = "") -> None:
        self.path = Path(path)
        self.reason = reason
        detail = f" ({reason})" if reason else ""
        super().__init__(f"{self.path.name} is damaged or is not a Tarjama Desk project{detail}.")


class ProjectVersionError(ProjectError):
    """The file was written by a newer Tarjama Desk with a schema this version cannot read."""

    def __init__(self, path: str | Path, found: int, supported: int) -> None:
        self.path = Path(path)
        self.found, self.supported = found, supported
        super().__init__(
            f"{self.path.name} was saved by a newer Tarjama Desk (project format {found}; this "
            f"version reads up to {supported}); update Tarjama Desk to open it."
        )
