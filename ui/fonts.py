"""Fonts: bundled ones (ui/resources/fonts) are registered once; pick a good Arabic face."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "resources" / "fonts"
ARABIC_PREFERRED = ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "Scheherazade New", "Noto Kufi Arabic",
                    "DejaVu Sans")
_loaded = False


def load_bundled_fonts() -> list[str]:
    """Register every .ttf/.otf under ui/resources/fonts (if the folder exists)."""
    global _loaded
    families: list[str] = []
    if _loaded or not FONT_DIR.is_dir():
        _loaded = True
        return families
    for path in sorted(FONT_DIR.rglob("*")):
        if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("cannot load font %s", path.name)
            else:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    _loaded = True
    return families


def arabic_family(preferred: str = "") -> str:
    available = set(QFontDatabase.families())
    if preferred and preferred in available:
        return preferred
    for family in ARABIC_PREFERRED:
        if family in available:
            return family
    return QFont().family()


def pane_font(family: str, size: int, *, arabic: bool) -> QFont:
    name = arabic_family(family) if arabic else (family or QFont().family())
    font = QFont(name)
    font.setPointSize(max(6, size))
    return font
