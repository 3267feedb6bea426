"""Where Tarjama Desk keeps its files.

Everything derives from platformdirs, and ``DESK_HOME`` moves all of it under one folder
(tests point it at a temporary directory). Nothing is created at import time.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs

APP_NAME = "tarjama-desk"


def _home() -> Path | None:
    value = os.environ.get("DESK_HOME")
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    home = _home()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Installed models: one folder per model id."""
    return data_dir() / "models"


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    home = _home()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def _anchor() -> Path:
    """The folder that must already exist before we create anything under it."""
    home = _home()
    if home is not None:
        return home.parent  # DESK_HOME itself may be new (tests), its parent may not
    return Path(os.path.expanduser("~"))


def make_dir(folder: str | Path) -> Path:
    """Create ``folder`` (and missing parents) only below a home folder that exists.

    ``HOME=/nonexistent/home`` must not make us create ``/nonexistent/...`` (as root it
    would): raises ``FileNotFoundError`` instead, which callers report as a plain sentence.
    """
    folder = Path(folder)
    anchor = _anchor()
    if not folder.is_dir():
        if not anchor.is_dir():
            raise FileNotFoundError(errno.ENOENT, f"the home folder {anchor} does not exist", str(anchor))
        folder.mkdir(parents=True, exist_ok=True)
    return folder
