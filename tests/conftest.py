"""Shared test setup: offscreen Qt, a private DESK_HOME per test, localhost-only sockets."""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ.pop("DESK_MODEL", None)

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "tiny-ar-en"
FIXTURE_CT2 = FIXTURE_DIR / "ct2"
FIXTURE_HF = FIXTURE_DIR / "hf"

_LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_create_connection = socket.create_connection
_real_getaddrinfo = socket.getaddrinfo


class NetworkAccessError(AssertionError):
    """A test tried to reach a host other than this machine."""


def _check(address) -> None:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host in _LOCAL_HOSTS or host.startswith("127."):
            return
        raise NetworkAccessError(f"test tried to connect to {address!r}")
    # AF_UNIX paths are local


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _check(address)
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, b"") and str(host if isinstance(host, str) else host.decode()) not in _LOCAL_HOSTS:
        name = host if isinstance(host, str) else host.decode()
        if not name.startswith("127."):
            raise NetworkAccessError(f"test tried to resolve {name!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _localhost_only():
    """Fail any test that opens a socket to anything but localhost."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    socket.getaddrinfo = _guarded_getaddrinfo
    yield
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex
    socket.getaddrinfo = _real_getaddrinfo


@pytest.fixture(autouse=True)
def desk_home(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets an empty DESK_HOME and HF cache, so nothing leaks between tests."""
    home = tmp_path_factory.mktemp("desk_home")
    monkeypatch.setenv("DESK_HOME", str(home))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("DESK_MODEL", raising=False)
    return home


@pytest.fixture(scope="session")
def fixture_model_dir() -> Path:
    """The committed tiny CTranslate2 model (see tests/fixtures/tiny-ar-en/README.md)."""
    assert (FIXTURE_CT2 / "model.bin").is_file(), "fixture model missing: run tests/fixtures/tiny-ar-en/build.py"
    return FIXTURE_CT2


@pytest.fixture(scope="session")
def fixture_corpus() -> list[tuple[str, str]]:
    pairs = []
    for line in (FIXTURE_DIR / "corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            ar, en = line.split("\t")
            pairs.append((ar, en))
    return pairs


@pytest.fixture(scope="session")
def tiny_translator(fixture_model_dir):
    """One loaded tiny-model Translator shared by the session (loading is the slow part)."""
    from desk.translate import Translator

    return Translator(fixture_model_dir)


def pytest_configure(config):
    sys.dont_write_bytecode = True


@pytest.fixture
def window(qtbot, fixture_model_dir):
    """A shown main window whose tiny model has finished loading."""
    from ui_helpers import make_window

    w = make_window(qtbot, fixture_model_dir)
    qtbot.waitUntil(lambda: w.translator is not None and w.translator.loaded, timeout=30_000)
    return w
