"""Packaging: the resource helper (frozen and not), desktop integration files, icons, the
self-test on the fixture model, and the .deb layout (built from a stand-in bundle, quickly).

The full frozen build is packaging/verify_deb.sh (minutes), not run here.
"""

from __future__ import annotations

import ast
import configparser
import io
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desk import resources
from desk.selftest import run_self_test

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"
DESKTOP = PKG / "linux" / "tarjama-desk.desktop"
MIME_XML = PKG / "linux" / "tarjama-desk-mime.xml"
METAINFO = PKG / "linux" / "org.tarjamadesk.TarjamaDesk.metainfo.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
PROJECT_MIME = "application/x-tarjama-project"
OPENED_MIME = {
    PROJECT_MIME,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
    "text/html",
    "application/pdf",
}


# -- resources --------------------------------------------------------------------------------
def test_resources_unfrozen_point_at_the_ui_package_resources():
    assert not resources.is_frozen()
    assert resources.bundle_dir() is None
    regular = resources.resource_path(resources.FONT_REGULAR)
    assert regular == ROOT / "ui" / "resources" / "fonts" / "NotoNaskhArabic-Regular.ttf"
    assert regular.is_file()
    assert [p.name for p in resources.font_paths()] == ["NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"]
    assert resources.bundled_model_dir() is None


def test_resources_frozen_use_meipass_and_find_the_embedded_model(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "elsewhere" / "tarjama-desk"))
    assert resources.is_frozen()
    assert resources.resource_path("fonts/x.ttf") == tmp_path / "desk" / "ui" / "resources" / "fonts" / "x.ttf"
    assert resources.font_paths() == []  # nothing copied there
    assert resources.bundled_model_dir() is None
    (tmp_path / "model").mkdir()
    assert resources.bundled_model_dir() is None, "a folder without model.bin is not a model"
    (tmp_path / "model" / "model.bin").write_bytes(b"x")
    assert resources.bundled_model_dir() == tmp_path / "model"


def test_frozen_needs_both_flags(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert not resources.is_frozen()
    assert resources.resource_path("fonts").parent == ROOT / "ui" / "resources"


@pytest.mark.parametrize("bad", ["../pyproject.toml", "/etc/passwd", "", "fonts/../../x"])
def test_resource_path_stays_inside_the_resources(bad):
    with pytest.raises(ValueError):
        resources.resource_path(bad)


def test_bundled_font_is_ofl_and_loads_as_noto_naskh_arabic(qapp):
    from PySide6.QtGui import QFontDatabase

    licence = (ROOT / "ui" / "resources" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Google" in licence
    sizes = [p.stat().st_size for p in resources.font_paths()]
    assert len(sizes) == 2 and sum(sizes) < 1_000_000, "keep the bundled font small: regular + bold"
    for path in resources.font_paths():
        font_id = QFontDatabase.addApplicationFont(str(path))
        assert font_id >= 0, path
        assert resources.FONT_FAMILY in QFontDatabase.applicationFontFamilies(font_id)


# -- desktop integration ----------------------------------------------------------------------
def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_launches_tarjama_desk_and_opens_the_document_types():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "tarjama-desk %f"  # the app opens one FILE argument
    assert entry["Icon"] == "tarjama-desk"
    assert entry["Terminal"] == "false"
    mime = {m for m in entry["MimeType"].split(";") if m}
    assert OPENED_MIME <= mime


def test_desktop_file_validate():
    tool = shutil.which("desktop-file-validate")
    if tool is None:  # Debian: desktop-file-utils (packaging/README.md); the checks above still ran
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_shared_mime_info_defines_the_project_type():
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME_XML).getroot()
    types = root.findall("m:mime-type", ns)
    assert [t.get("type") for t in types] == [PROJECT_MIME]
    assert [g.get("pattern") for g in types[0].findall("m:glob", ns)] == ["*.tarjama"]


def test_appstream_metainfo_matches_the_desktop_file():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "tarjama-desk"
    assert {m.text for m in root.findall("provides/mediatype")} >= OPENED_MIME
    assert root.find("releases/release").get("version") == _project_version()


def test_appstreamcli_validate():
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (apt-get install appstream)")
    result = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def _project_version() -> str:
    import desk

    return desk.__version__


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size():
    ET.parse(PKG / "icons" / "tarjama-desk.svg")  # well-formed SVG
    for size in ICON_SIZES:
        assert _png_size(PKG / "icons" / "png" / f"tarjama-desk-{size}.png") == (size, size)
    ico = (PKG / "icons" / "tarjama-desk.ico").read_bytes()
    assert struct.unpack("<HHH", ico[:6])[:2] == (0, 1) and struct.unpack("<H", ico[4:6])[0] >= 5
    icns = (PKG / "icons" / "tarjama-desk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


# -- build recipes ------------------------------------------------------------------------------
def test_spec_and_scripts_parse_and_agree_with_the_resource_helper():
    spec = (PKG / "tarjama-desk.spec").read_text(encoding="utf-8")
    ast.parse(spec)
    assert f'"{resources.FROZEN_MODEL}"' in spec  # where bundled_model_dir() looks
    assert "launcher.py" in spec and "copy_metadata" in spec and '"torch"' in spec
    for script in ("build.sh", "verify_deb.sh", "deb/build_deb.sh"):
        subprocess.run(["bash", "-n", str(PKG / script)], check=True, timeout=30)
    launcher = (PKG / "launcher.py").read_text(encoding="utf-8")
    assert "freeze_support()" in launcher and "configure_logging()" in launcher


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb exists only on Debian-like systems")
def test_deb_layout_from_a_stand_in_bundle(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    exe = bundle / "tarjama-desk"
    exe.write_text("#!/bin/sh\necho stand-in\n")
    exe.chmod(0o755)
    monkeypatch.setenv("DEB_STAGE_DIR", str(tmp_path / "stage"))
    subprocess.run(["bash", str(PKG / "deb" / "build_deb.sh"), str(bundle), "9.8.7", str(tmp_path / "out"), "none"],
                   check=True, capture_output=True, timeout=300)
    (deb,) = (tmp_path / "out").glob("tarjama-desk_9.8.7_*.deb")
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], check=True, capture_output=True, text=True).stdout
    for path in ("./opt/tarjama-desk/tarjama-desk", "./usr/bin/tarjama-desk -> /opt/tarjama-desk/tarjama-desk",
                 "./usr/bin/desk -> /opt/tarjama-desk/tarjama-desk",
                 "./usr/share/applications/tarjama-desk.desktop", "./usr/share/mime/packages/tarjama-desk.xml",
                 "./usr/share/icons/hicolor/scalable/apps/tarjama-desk.svg",
                 "./usr/share/icons/hicolor/512x512/apps/tarjama-desk.png",
                 "./usr/share/icons/hicolor/16x16/apps/tarjama-desk.png",
                 f"./usr/share/metainfo/{METAINFO.name}", "./usr/share/doc/tarjama-desk/copyright"):
        assert path in listing, path
    assert "root/root" in listing and "rwxrwxrwx root" not in listing.replace("lrwxrwxrwx", "")
    fields = subprocess.run(["dpkg-deb", "-f", str(deb), "Package", "Version", "Depends"],
                            check=True, capture_output=True, text=True).stdout
    assert "Package: tarjama-desk" in fields and "Version: 9.8.7" in fields and "libxcb-cursor0" in fields


# -- self-test --------------------------------------------------------------------------------
def test_self_test_passes_on_the_fixture_model(fixture_model_dir, qapp):
    out = io.StringIO()
    code = run_self_test(fixture_model_dir, gui=True, out=out)
    text = out.getvalue()
    assert code == 0, text
    for step in ("model", "translate", "summarise", "export-docx", "hub", "gui"):
        assert f"self-test: {step}: ok" in text
    assert "all 6 steps passed" in text


def test_self_test_reports_what_failed(tmp_path):
    out = io.StringIO()
    assert run_self_test(tmp_path, gui=False, out=out) == 1
    text = out.getvalue()
    assert "self-test: model: FAILED" in text and "no model.bin" in text
    assert "self-test: summarise: ok" in text  # the other steps still ran
    assert "FAILED (model, translate, export-docx)" in text, text


def test_frozen_entry_script_runs_the_self_test(fixture_model_dir):
    result = subprocess.run(
        [sys.executable, str(PKG / "launcher.py"), "--self-test", "--no-gui", "--model", str(fixture_model_dir)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all 5 steps passed" in result.stdout


def test_every_source_package_is_listed_for_installation():
    """pyproject lists packages by hand (desk.ui and desk.models live in ui/ and models/): a package
    missing there works in an editable checkout and is absent from a wheel or the .deb."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {
        ".".join((name, *init.parent.relative_to(root / folder).parts))
        for name, folder in config["package-dir"].items()
        for init in (root / folder).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - set(config["packages"]) == set()
