"""User preferences (QSettings in an INI file under ``desk.paths.config_dir()``).

Only the UI keeps settings here; the object is created on first use, never at import, and
follows ``DESK_HOME`` like every other file of the app (tests get their own automatically).
Every value is checked when read: ``gui.ini`` is a file the user (or anything) can edit, and
a beam of 10**9 or negative threads must not hang the app, so an out-of-range or wrong-type
value falls back to its default with one log line. ``read_only`` settings (``--screenshot``,
``--self-test``) read the user's file but never write it.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from desk import paths
from desk.export.options import TMX_SCOPES
from desk.translate import DEFAULT_BEAM_SIZE, physical_cores

log = logging.getLogger(__name__)

SETTINGS_FILE = "gui.ini"
MAX_RECENT = 10
MAX_BEAM = 8
MAX_SUMMARY = 30
FONT_SIZES = (8, 40)

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
    "export_folder": "",  # where the last export went ("" = next to the source)
    "export_landscape": False,
    "export_summary": True,
    "export_metadata": False,
    "export_status_column": False,
    "export_mark_unconfirmed": False,
    "export_tmx_scope": "all",  # desk.export.options.TMX_SCOPES
    "low_confidence_percent": 50,  # machine sentences under this confidence are flagged (issue 12)
    "tm_fuzzy_threshold": 75,  # translation-memory matches at least this similar are offered (issue 13)
}

THEMES = ("system", "light", "dark")


@functools.cache
def _cores() -> int:
    return physical_cores()


def int_range(key: str) -> tuple[int, int] | None:
    """The accepted range of an integer setting (None: any int)."""
    return {
        "beam_size": (1, MAX_BEAM),
        "threads": (0, _cores()),
        "source_size": FONT_SIZES,
        "target_size": FONT_SIZES,
        "summary_sentences": (0, MAX_SUMMARY),
        "low_confidence_percent": (1, 99),
        "tm_fuzzy_threshold": (50, 99),
    }.get(key)


class Settings:
    """Typed, validated access to the few values the app remembers."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path or paths.config_dir() / SETTINGS_FILE
        self.read_only = read_only
        self._qs: QSettings | None = None
        self._memory: dict[str, Any] = {}  # what a read-only run changed (seen by itself only)
        self._warned: set[str] = set()

    @property
    def qsettings(self) -> QSettings:
        if self._qs is None:
            self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        return self._qs

    def _value(self, key: str, default: Any) -> Any:
        if key in self._memory:
            return self._memory[key]
        return self.qsettings.value(key, default)

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self._value(key, default)
        if isinstance(default, bool):
            if value in (True, False):
                return value
            text = str(value).strip().lower()
            if text in ("true", "1", "yes", "on"):
                return True
            if text in ("false", "0", "no", "off", ""):
                return False
            return self._fallback(key, value, "not true or false")
        if isinstance(default, int):
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                return self._fallback(key, value, "not a whole number")
            bounds = int_range(key)
            if bounds is not None and not bounds[0] <= number <= bounds[1]:
                return self._fallback(key, value, f"outside {bounds[0]}–{bounds[1]}")
            return number
        if isinstance(default, list):
            if value in (None, ""):
                return []
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
        if value is None or isinstance(value, (list, tuple, dict)):
            return default if value is None else self._fallback(key, value, "not text")
        text = str(value)
        if key == "theme" and text not in THEMES:
            return self._fallback(key, value, f"not one of {', '.join(THEMES)}")
        if key == "export_tmx_scope" and text not in TMX_SCOPES:
            return self._fallback(key, value, f"not one of {', '.join(TMX_SCOPES)}")
        return text

    def _fallback(self, key: str, value: Any, why: str) -> Any:
        if key not in self._warned:  # one log line per key, not one per read
            self._warned.add(key)
            shown = repr(value)
            log.warning("setting %s=%s in %s is %s: using the default %r",
                        key, shown[:40] + ("…" if len(shown) > 40 else ""), self.path, why, DEFAULTS[key])
        return DEFAULTS[key]

    def set(self, key: str, value: Any) -> None:
        if key not in DEFAULTS:
            raise KeyError(key)
        self.set_raw(key, value)
        self._warned.discard(key)

    # raw values (window geometry, splitter states)
    def raw(self, key: str) -> Any:
        return self._value(key, None)

    def set_raw(self, key: str, value: Any) -> None:
        if self.read_only:
            self._memory[key] = value
        else:
            self.qsettings.setValue(key, value)

    def add_recent(self, path: str | Path) -> list[str]:
        name = str(Path(path).resolve())
        recent = [p for p in self.get("recent_files") if p != name]
        recent.insert(0, name)
        recent = recent[:MAX_RECENT]
        self.set("recent_files", recent)
        return recent

    def sync(self) -> None:
        if self._qs is not None and not self.read_only:
            self._qs.sync()
