"""A tiny fake Hugging Face Hub on 127.0.0.1 for install tests (no internet, ever).

Implements what huggingface_hub's ``model_info``, ``hf_hub_download`` and
``snapshot_download`` need: ``GET /api/models/{repo}[/revision/{rev}]`` (with file sizes and
LFS sha256), and ``HEAD``/``GET /{repo}/resolve/{rev}/{file}`` with ``X-Repo-Commit``,
``ETag``, ``X-Linked-Etag``/``X-Linked-Size``, ``Content-Length`` and HTTP Range (resume).

Usage::

    with serve_repo("gaudi/opus-mt-ar-en-ctranslate2", folder) as endpoint:
        allow_hub(monkeypatch)          # tests run with HF_HUB_OFFLINE=1 by default
        for p in install_model("opus-mt-ar-en", endpoint=endpoint): ...
        endpoint.requests               # [(method, path, range header), ...]

``throttle`` (seconds slept per 64 KiB sent) slows downloads for cancel tests;
``fail_after_bytes`` drops the connection after that many body bytes the first time each
file is fetched (to test resume); ``corrupt`` names files served with flipped bytes while the
API still reports the true sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

BLOCK = 64 * 1024
LFS_SUFFIXES = (".bin", ".spm", ".safetensors", ".npz", ".model")


class Endpoint(str):
    """The server URL (a ``str``), plus what the server saw."""

    requests: list[tuple[str, str, str | None]]
    hub: FakeHub


def _git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class _Repo:
    def __init__(self, repo_id: str, folder: Path, revision: str) -> None:
        self.repo_id = repo_id
        self.revision = revision
        self.commit = hashlib.sha1(f"{repo_id}@{revision}".encode()).hexdigest()
        self.files: dict[str, bytes] = {}
        for p in sorted(Path(folder).rglob("*")):
            if p.is_file():
                self.files[p.relative_to(folder).as_posix()] = p.read_bytes()


class FakeHub:
    """The served repositories and the behaviour switches; ``requests`` logs every call."""

    def __init__(
        self,
        repos: dict[str, Path],
        *,
        revision: str = "main",
        throttle: float | None = None,
        fail_after_bytes: int | None = None,
        corrupt: Iterable[str] = (),
    ) -> None:
        self.repos = {repo_id: _Repo(repo_id, Path(folder), revision) for repo_id, folder in repos.items()}
        first = next(iter(self.repos.values()))
        self.repo_id, self.commit = first.repo_id, first.commit
        self.throttle = throttle
        self.fail_after_bytes = fail_after_bytes
        self.corrupt = set(corrupt)
        self.requests: list[tuple[str, str, str | None]] = []
        self.failed_once: set[str] = set()
        self.lock = threading.Lock()

    def is_lfs(self, name: str) -> bool:
        return name.endswith(LFS_SUFFIXES)

    def etag(self, repo: _Repo, name: str) -> str:
        data = repo.files[name]
        return hashlib.sha256(data).hexdigest() if self.is_lfs(name) else _git_blob_sha1(data)

    def body(self, repo: _Repo, name: str) -> bytes:
        data = repo.files[name]
        if name in self.corrupt:
            data = bytes(b ^ 0xFF for b in data[:64]) + data[64:]
        return data

    def info(self, repo: _Repo) -> dict:
        siblings = []
        for name, data in repo.files.items():
            sib = {"rfilename": name, "size": len(data), "blobId": _git_blob_sha1(data)}
            if self.is_lfs(name):
                sib["lfs"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "pointerSize": 134}
            siblings.append(sib)
        return {"id": repo.repo_id, "modelId": repo.repo_id, "sha": repo.commit, "private": False, "siblings": siblings}

    def find(self, path: str, marker: str) -> tuple[_Repo, str] | None:
        """Split ``/{org}/{name}{marker}{rest}`` into the repository and ``rest``."""
        for repo in self.repos.values():
            prefix = f"/{repo.repo_id}{marker}"
            if path.startswith(prefix):
                return repo, path[len(prefix) :]
        return None


def _handler(hub: FakeHub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, *args):  # keep test output clean
            pass

        def _error(self, status: int, code: str) -> None:
            self.send_response(status)
            self.send_header("X-Error-Code", code)
            self.send_header("X-Error-Message", code)
            self.send_header("Content-Type", "application/json")
            body = json.dumps({"error": code}).encode()
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _route(self) -> None:
            path = unquote(urlsplit(self.path).path)
            with hub.lock:
                hub.requests.append((self.command, path, self.headers.get("Range")))
            if path.startswith("/api/models/"):
                api = path[len("/api/models") :]
                for repo in hub.repos.values():
                    if api == f"/{repo.repo_id}" or api.startswith(f"/{repo.repo_id}/revision/"):
                        rev = api[len(f"/{repo.repo_id}/revision/") :] if api != f"/{repo.repo_id}" else repo.revision
                        if rev not in (repo.revision, repo.commit):
                            return self._error(404, "RevisionNotFound")
                        return self._send_json(hub.info(repo))
                return self._error(404, "RepoNotFound")
            found = hub.find(path, "/resolve/")
            if found is None:
                return self._error(404, "RepoNotFound")
            repo, rest = found
            rev, _, name = rest.partition("/")
            if rev not in (repo.revision, repo.commit):
                return self._error(404, "RevisionNotFound")
            if name not in repo.files:
                return self._error(404, "EntryNotFound")
            return self._send_file(repo, name)

        def _send_json(self, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _send_file(self, repo: _Repo, name: str) -> None:
            data = hub.body(repo, name)
            size = len(data)
            start = 0
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes=") and self.command == "GET":
                first = rng[len("bytes=") :].split("-")[0]
                start = int(first or 0)
            etag = hub.etag(repo, name)
            self.send_response(206 if start else 200)
            self.send_header("X-Repo-Commit", repo.commit)
            self.send_header("ETag", f'"{etag}"')
            self.send_header("Accept-Ranges", "bytes")
            if hub.is_lfs(name):
                self.send_header("X-Linked-Etag", f'"{etag}"')
                self.send_header("X-Linked-Size", str(size))
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size - start))
            if start:
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            self.end_headers()
            if self.command == "HEAD":
                return
            limit = None
            key = f"{repo.repo_id}/{name}"
            with hub.lock:
                if (
                    hub.fail_after_bytes is not None
                    and key not in hub.failed_once
                    and size - start > hub.fail_after_bytes
                ):
                    hub.failed_once.add(key)
                    limit = hub.fail_after_bytes
            sent = 0
            pos = start
            while pos < size:
                block = data[pos : pos + BLOCK]
                if limit is not None and sent + len(block) > limit:
                    self.wfile.write(block[: limit - sent])
                    self.wfile.flush()
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                try:
                    self.wfile.write(block)
                except (BrokenPipeError, ConnectionResetError):
                    return
                sent += len(block)
                pos += len(block)
                if hub.throttle:
                    time.sleep(hub.throttle)

        def do_HEAD(self):  # noqa: N802 - http.server naming
            self._route()

        def do_GET(self):  # noqa: N802 - http.server naming
            self._route()

    return Handler


@contextlib.contextmanager
def serve_repos(
    repos: dict[str, str | Path],
    *,
    revision: str = "main",
    throttle: float | None = None,
    fail_after_bytes: int | None = None,
    corrupt: Iterable[str] = (),
) -> Iterator[Endpoint]:
    """Serve several ``{repo_id: folder}`` repositories from one fake Hub; yields the endpoint URL."""
    hub = FakeHub(
        {k: Path(v) for k, v in repos.items()},
        revision=revision,
        throttle=throttle,
        fail_after_bytes=fail_after_bytes,
        corrupt=corrupt,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hub))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="fakehub", daemon=True)
    thread.start()
    url = Endpoint(f"http://127.0.0.1:{server.server_address[1]}")
    url.requests = hub.requests
    url.hub = hub
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def serve_repo(
    repo_id: str,
    folder: str | Path,
    *,
    revision: str = "main",
    throttle: float | None = None,
    fail_after_bytes: int | None = None,
    corrupt: Iterable[str] = (),
) -> Iterator[Endpoint]:
    """Serve ``folder`` as Hub repository ``repo_id`` on 127.0.0.1; yields the endpoint URL."""
    with serve_repos(
        {repo_id: folder}, revision=revision, throttle=throttle, fail_after_bytes=fail_after_bytes, corrupt=corrupt
    ) as url:
        yield url


def allow_hub(monkeypatch) -> None:
    """Let huggingface_hub talk to the fake Hub: the test suite sets HF_HUB_OFFLINE=1, and
    huggingface_hub reads that variable once, at import time, into ``constants``."""
    import huggingface_hub.constants as constants

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("DESK_OFFLINE", raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
