"""Render tarjama-desk.svg to the PNG sizes Linux wants, plus .ico (Windows) and .icns (macOS).

Run when the SVG changes: ``python packaging/icons/render_icons.py``; the outputs are committed,
so a build does not need a renderer. PNGs come from ``rsvg-convert`` (Debian: librsvg2-bin)
when it is on PATH, else from Qt's SVG renderer (PySide6, already a dependency). The .ico and
.icns are packed here from those PNGs (both formats accept PNG images).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE / "tarjama-desk.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return HERE / "png" / f"tarjama-desk-{size}.png"


def render_pngs() -> str:
    (HERE / "png").mkdir(exist_ok=True)
    rsvg = shutil.which("rsvg-convert")
    if rsvg:
        for size in SIZES:
            subprocess.run([rsvg, "-w", str(size), "-h", str(size), str(SVG), "-o", str(png_path(size))], check=True)
        return "rsvg-convert"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    renderer = QSvgRenderer(str(SVG))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(str(png_path(size)))
    return "QtSvg"


def write_ico(path: Path, sizes: tuple[int, ...]) -> None:
    """A Windows .ico holding PNG images (supported since Windows Vista)."""
    images = [png_path(size).read_bytes() for size in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, data = b"", b""
    for size, png in zip(sizes, images, strict=True):
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    path.write_bytes(header + entries + data)


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def write_icns(path: Path, sizes: tuple[int, ...]) -> None:
    """A macOS .icns holding PNG images (the format iconutil writes)."""
    body = b""
    for size in sizes:
        png = png_path(size).read_bytes()
        body += ICNS_TYPES[size] + struct.pack(">I", 8 + len(png)) + png
    path.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    tool = render_pngs()
    write_ico(HERE / "tarjama-desk.ico", ICO_SIZES)
    write_icns(HERE / "tarjama-desk.icns", ICNS_SIZES)
    print(f"rendered {len(SIZES)} PNGs with {tool}, tarjama-desk.ico, tarjama-desk.icns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
