"""User preferences (QSettings in an INI file under ``desk.paths.config_dir()``).

Only the UI keeps settings here; the object is created on first use, never at import, and
follows ``DESK_HOME`` like every other file of the app (tests get their own automatically).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from desk import paths
from desk.translate import DEFAULT_BEAM_SIZE

SETTINGS_FILE = "gui.ini"
MAX_RECENT = 10

DEFAULTS: dict[str, Any] = {
    "beam_size": DEFAULT_BEAM_SIZE,
    "threads": 0,  # 0 = one per physical core
    "source_font": "",  # "" = the best Arabic font installed
    "source_size": 15,
    "target_font": "",
    "target_size": 12,
    "theme": "system",  # light | dark | system
    "source_first": False,  # False: English left, Arabic right (reading order of RTL)
    "summary_sentences": 0,  # 0 = automatic length
    "recent_files": [],
}

THEMES = ("system", "light", "dark")


class Settings:
    """Typed access to the few values the app remembers."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.config_dir() / SETTINGS_FILE
        self._qs: QSettings | None = None

    @property
    def qsettings(self) -> QSettings:
        if self._qs is None:
            self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        return self._qs

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self.qsettings.value(key, default)
        if isinstance(default, bool):
            return value in (True, "true", "1", 1)
        if isinstance(default, int):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default
        if isinstance(default, list):
            if value in (None, ""):
                return []
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        return str(value) if value is not None else default

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self.qsettings.setValue(key, value)

    # raw values (window geometry, splitter states)
    def raw(self, key: str) -> Any:
        return self.qsettings.value(key)

    def set_raw(self, key: str, value: Any) -> None:
        self.qsettings.setValue(key, value)

    def add_recent(self, path: str | Path) -> list[str]:
        name = str(Path(path).resolve())
        recent = [p for p in self.get("recent_files") if p != name]
        recent.insert(0, name)
        recent = recent[:MAX_RECENT]
        self.set("recent_files", recent)
        return recent

    def sync(self) -> None:
        if self._qs is not None:
            self._qs.sync()
