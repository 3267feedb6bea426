"""Window size and position: the first window fits the screen it opens on, and a saved
geometry is used only if it still fits one of today's screens.

A fixed 1280×800 put the status bar off a 1366×768 laptop screen, and a normal geometry saved
on one monitor (or by a maximised window that never had one) came back tiny on another, so the
window is sized from ``QScreen.availableGeometry()`` and restored values are checked first.
Saved as plain numbers (``window/normal`` = x,y,w,h and ``window/maximized``), not Qt's opaque
``saveGeometry`` blob, so the check can see them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)

FILL = 0.9  # the first window takes this much of the screen's free area ...
MAX_FIRST = (1600, 1000)  # ... but no more than this on a big monitor
MIN_SIZE = (640, 400)  # a saved window smaller than this (or than the screen) is not restored
MIN_VISIBLE = 0.6  # a restored window must have this much of itself on one screen


def first_rect(available: QRect) -> QRect:
    """The default window on a screen whose free area is ``available``: centred, FILL of it."""
    w = min(int(available.width() * FILL), MAX_FIRST[0])
    h = min(int(available.height() * FILL), MAX_FIRST[1])
    rect = QRect(0, 0, w, h)
    rect.moveCenter(available.center())
    return rect


def min_size(available: QRect) -> tuple[int, int]:
    return min(MIN_SIZE[0], available.width()), min(MIN_SIZE[1], available.height())


def fits(rect: QRect, screens: list[QRect]) -> QRect | None:
    """The screen (available area) ``rect`` can be restored on, or None if it fits none:
    most of it must be on that screen, it may not be larger than it, nor uselessly small."""
    if rect.width() <= 0 or rect.height() <= 0:
        return None
    for available in screens:
        overlap = rect.intersected(available)
        area = overlap.width() * overlap.height() if not overlap.isEmpty() else 0
        low_w, low_h = min_size(available)
        if (area >= MIN_VISIBLE * rect.width() * rect.height()
                and low_w <= rect.width() <= available.width() and low_h <= rect.height() <= available.height()):
            return available
    return None


def restored_rect(saved: QRect | None, screens: list[QRect], primary: QRect) -> QRect:
    """``saved`` if it fits a screen, moved fully onto it; else the first window on ``primary``."""
    if saved is not None:
        available = fits(saved, screens)
        if available is not None:
            rect = QRect(saved)
            rect.moveLeft(max(available.left(), min(rect.left(), available.right() - rect.width() + 1)))
            rect.moveTop(max(available.top(), min(rect.top(), available.bottom() - rect.height() + 1)))
            return rect
        log.info("saved window geometry %s does not fit the screens %s: using the default",
                 _text(saved), [_text(s) for s in screens])
    return first_rect(primary)


def _text(rect: QRect) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def _parse(value) -> QRect | None:
    try:
        parts = [int(v) for v in (value if isinstance(value, (list, tuple)) else str(value).split(","))]
    except (TypeError, ValueError):
        return None
    return QRect(*parts) if len(parts) == 4 else None


def screens_available() -> tuple[list[QRect], QRect]:
    screens = [s.availableGeometry() for s in QGuiApplication.screens()]
    primary = QGuiApplication.primaryScreen()
    return screens, (primary.availableGeometry() if primary is not None else QRect(0, 0, 1280, 720))


def restore(window, settings) -> None:
    """Size and place ``window`` (before it is shown) from the settings, checked against the screens."""
    screens, primary = screens_available()
    rect = restored_rect(_parse(settings.raw("window/normal")), screens, primary)
    window.resize(rect.size())
    window.move(rect.topLeft())
    low_w, low_h = min_size(primary)
    window.setMinimumSize(min(640, low_w), min(400, low_h))
    if str(settings.raw("window/maximized")).lower() == "true":
        window.setWindowState(window.windowState() | _maximized())


def save(window, settings) -> None:
    """Remember the normal (not maximised) geometry and whether the window was maximised."""
    maximised = window.isMaximized() or window.isFullScreen()
    rect = QRect(window.normalGeometry() if maximised else window.geometry())
    rect.moveTopLeft(rect.topLeft() - (window.geometry().topLeft() - window.pos()))  # move() places the frame
    if rect.isValid():
        settings.set_raw("window/normal", f"{rect.x()},{rect.y()},{rect.width()},{rect.height()}")
    settings.set_raw("window/maximized", "true" if maximised else "false")


def _maximized():
    from PySide6.QtCore import Qt

    return Qt.WindowState.WindowMaximized
