"""Run the ``desk`` CLI with every network call recorded and refused (used in a subprocess).

    python tests/hostile/netguard.py REPORT.json translate in.txt -o out.docx ...

tests/conftest.py only guards the pytest process; this wrapper guards a real CLI process.
Before ``desk`` is imported it replaces ``socket.socket.connect``/``connect_ex``/``sendto``,
``socket.create_connection``, ``socket.getaddrinfo`` and ``socket.gethostbyname``: a
non-localhost attempt is recorded and refused with ``ConnectionRefusedError``. At exit it
writes REPORT.json with the attempts, the exit code, and which of a list of network-capable
modules (huggingface_hub, requests, urllib3, http.client) ended up imported.
"""

from __future__ import annotations

import atexit
import json
import socket
import sys

LOCAL = {"127.0.0.1", "::1", "localhost", "0.0.0.0", ""}
WATCHED_MODULES = ("huggingface_hub", "requests", "urllib3", "http.client", "httpx", "aiohttp", "ssl")
attempts: list[dict] = []


def _local(host) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    return name in LOCAL or name.startswith("127.")


def _refuse(kind: str, target) -> None:
    attempts.append({"call": kind, "target": repr(target)})
    raise ConnectionRefusedError(f"netguard: {kind} to {target!r} refused")


_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
_getaddrinfo, _gethostbyname, _create_connection = socket.getaddrinfo, socket.gethostbyname, socket.create_connection


def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
        _refuse("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
        _refuse("connect_ex", address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1]
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
        _refuse("sendto", address)
    return _sendto(self, data, *args)


def getaddrinfo(host, *args, **kwargs):
    if not _local(host):
        _refuse("getaddrinfo", host)
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _local(host):
        _refuse("gethostbyname", host)
    return _gethostbyname(host)


def create_connection(address, *args, **kwargs):
    if not _local(address[0]):
        _refuse("create_connection", address)
    return _create_connection(address, *args, **kwargs)


def install() -> None:
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.create_connection = create_connection


def main() -> None:
    report_path, argv = sys.argv[1], sys.argv[2:]
    state = {"exit": None}

    def write_report() -> None:
        report = {
            "attempts": attempts,
            "exit": state["exit"],
            "imported": sorted(m for m in WATCHED_MODULES if m in sys.modules),
        }
        with open(report_path, "w", encoding="utf-8") as handle:
            json.dump(report, handle)

    atexit.register(write_report)
    install()
    from desk.cli import main as desk_main

    try:
        code = desk_main(argv)
    except SystemExit as exc:  # argparse
        code = exc.code if isinstance(exc.code, int) else 2
    state["exit"] = code
    sys.exit(code)


if __name__ == "__main__":
    main()
