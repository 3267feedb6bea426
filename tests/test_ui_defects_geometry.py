"""Issue 16 item 3: the first window fits the screen; saved geometry is checked against today's screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from ui_helpers import make_window, model_dir

from desk.ui import geometry

LAPTOP = QRect(0, 0, 1366, 768)
SMALL = QRect(0, 0, 1280, 720)
FULL_HD = QRect(0, 0, 1920, 1080)


@pytest.mark.parametrize("screen", [LAPTOP, SMALL, FULL_HD, QRect(0, 27, 1366, 741)])
def test_first_window_fits_inside_the_free_area(screen):
    rect = geometry.first_rect(screen)
    assert screen.contains(rect)
    assert rect.width() >= 0.85 * min(screen.width(), geometry.MAX_FIRST[0])
    assert rect.height() >= 0.85 * min(screen.height(), geometry.MAX_FIRST[1])


@pytest.mark.parametrize(("saved", "screen"), [
    (QRect(40, 30, 786, 359), FULL_HD),  # the normal geometry a maximised window left behind
    (QRect(0, 0, 515, 359), LAPTOP),  # what an offscreen run used to save
    (QRect(0, 0, 1400, 860), LAPTOP),  # larger than the screen (the old --screenshot size)
    (QRect(3000, 200, 1000, 700), FULL_HD),  # on a monitor that is gone
])
def test_a_saved_geometry_that_does_not_fit_gives_the_default(saved, screen):
    assert geometry.restored_rect(saved, [screen], screen) == geometry.first_rect(screen)


def test_a_saved_geometry_that_fits_is_kept_and_pulled_onto_the_screen():
    assert geometry.restored_rect(QRect(100, 80, 1000, 650), [LAPTOP], LAPTOP) == QRect(100, 80, 1000, 650)
    assert geometry.restored_rect(QRect(500, 200, 1000, 650), [LAPTOP], LAPTOP) == QRect(366, 118, 1000, 650)
    second = QRect(1366, 0, 1920, 1080)
    assert geometry.restored_rect(QRect(1500, 100, 1200, 800), [LAPTOP, second], LAPTOP) == QRect(1500, 100, 1200, 800)


def test_maximised_state_and_normal_size_round_trip(qtbot, request):
    first = make_window(qtbot, model_dir(request))
    first.resize(700, 450)
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    first.close()
    second = make_window(qtbot, model_dir(request), show=False)
    assert second.windowState() & geometry._maximized()
    assert second.settings.raw("window/maximized") == "true"
    screen = second.screen().availableGeometry()
    assert second.width() <= screen.width() and second.height() <= screen.height()
