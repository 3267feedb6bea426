"""Light, dark and system themes (Fusion palettes) and the pane highlight colours."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_system_style: str | None = None
_system_palette: QPalette | None = None


@dataclass(frozen=True)
class PaneColors:
    highlight: QColor  # the sentence under the mouse / selected and its counterpart
    summary: QColor  # the subtle summary mark (underline)
    summary_back: QColor
    pending: QColor


def apply_theme(app: QApplication, theme: str) -> None:
    global _system_style, _system_palette
    if _system_style is None:
        _system_style = app.style().name()
        _system_palette = QPalette(app.palette())
    if theme == "dark":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(_dark_palette())
    elif theme == "light":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(app.style().standardPalette())
    else:
        style = QStyleFactory.create(_system_style) if _system_style else None
        if style is not None:
            app.setStyle(style)
        if _system_palette is not None:
            app.setPalette(_system_palette)
    # Widgets with a style sheet (the panes' focus frame) keep the palette they were polished
    # with: polish them again so a theme switched in Settings shows at once (issue 16, item 2).
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def pane_colors(palette: QPalette) -> PaneColors:
    if is_dark(palette):
        return PaneColors(QColor("#2f5d8a"), QColor("#d6a84a"), QColor("#3a3423"), QColor("#8a8a8a"))
    return PaneColors(QColor("#cfe2ff"), QColor("#c8901e"), QColor("#fff4d6"), QColor("#9a9a9a"))


def _dark_palette() -> QPalette:
    p = QPalette()
    window, base, text = QColor(45, 45, 48), QColor(30, 30, 32), QColor(225, 225, 225)
    role = QPalette.ColorRole
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, base)
    p.setColor(role.AlternateBase, QColor(40, 40, 44))
    p.setColor(role.ToolTipBase, QColor(60, 60, 64))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.PlaceholderText, QColor(140, 140, 140))
    p.setColor(role.Text, text)
    p.setColor(role.Button, window)
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor(255, 90, 90))
    p.setColor(role.Link, QColor(110, 170, 255))
    p.setColor(role.Highlight, QColor(60, 110, 170))
    p.setColor(role.HighlightedText, QColor(255, 255, 255))
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(disabled, r, QColor(120, 120, 120))
    return p
