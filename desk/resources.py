"""Where bundled files live, frozen (PyInstaller) or not.

One helper so no other module needs to know about ``sys._MEIPASS``. Unfrozen, the
resources are the ``desk.ui`` package's ``resources/`` folder (``ui/resources`` in the
checkout, ``desk/ui/resources`` in a wheel); frozen, the spec copies that folder to
``<bundle>/desk/ui/resources`` and an embedded model (``build.sh --with-model DIR``) to
``<bundle>/model``. Nothing here imports Qt or touches the disk at import time.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path, PurePosixPath

# Relative to the bundle root (sys._MEIPASS) when frozen; the spec must use the same names.
FROZEN_RESOURCES = PurePosixPath("desk/ui/resources")
FROZEN_MODEL = "model"

FONT_REGULAR = "fonts/NotoNaskhArabic-Regular.ttf"
FONT_BOLD = "fonts/NotoNaskhArabic-Bold.ttf"
FONT_FAMILY = "Noto Naskh Arabic"


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def bundle_dir() -> Path | None:
    """The frozen bundle's root (``sys._MEIPASS``), or None when running from source."""
    return Path(sys._MEIPASS) if is_frozen() else None  # type: ignore[attr-defined]


def resources_dir() -> Path:
    """The folder holding fonts, icons and other files shipped with the GUI."""
    root = bundle_dir()
    if root is not None:
        return root.joinpath(*FROZEN_RESOURCES.parts)
    spec = importlib.util.find_spec("desk.ui")  # imports ``desk`` only, not the Qt package
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the desk.ui package (and its resources) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


def resource_path(relative: str) -> Path:
    """The absolute path of a bundled file, e.g. ``resource_path("fonts/NotoNaskhArabic-Regular.ttf")``.

    ``relative`` uses forward slashes and may not leave the resources folder. The file is not
    required to exist (callers decide whether a missing file is fatal).
    """
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError(f"not a relative resource path: {relative!r}")
    return resources_dir().joinpath(*parts)


def font_paths() -> list[Path]:
    """The bundled Arabic font files that exist (regular, bold), for QFontDatabase.addApplicationFont."""
    return [p for p in (resource_path(FONT_REGULAR), resource_path(FONT_BOLD)) if p.is_file()]


def bundled_model_dir() -> Path | None:
    """The model embedded in a frozen build with ``--with-model``, or None.

    Looked for in ``<bundle>/model`` and, for installers that ship the model beside the
    executable, ``<exe dir>/model``. A folder counts only if it holds a CTranslate2 ``model.bin``.
    """
    root = bundle_dir()
    if root is None:
        return None
    for candidate in (root / FROZEN_MODEL, Path(sys.executable).resolve().parent / FROZEN_MODEL):
        if (candidate / "model.bin").is_file():
            return candidate
    return None
