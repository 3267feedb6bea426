"""``desk models install ID``: download a catalogue model from the Hugging Face Hub.

A generator yielding ``InstallProgress`` so the CLI and the GUI can show bytes and cancel.
Order of attempts: a copy already in the user's Hugging Face cache (no network at all),
then the Hub (``endpoint=`` for mirrors and the tests' fake Hub). Files are downloaded one
by one with ``hf_hub_download`` (which resumes an interrupted transfer with HTTP Range),
copied into a temporary folder inside the store with their sha256 checked, converted if
needed, verified, and renamed into place. No network fails fast with ``NetworkError``
whose message explains the USB-stick route (``desk models import``).
"""

from __future__ import annotations

import fnmatch
import hashlib
import logging
import os
import queue
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desk.errors import Cancelled, DeskError, ModelError, NetworkError
from desk.models import convert, store
from desk.models.catalogue import CatalogueEntry, get_entry
from desk.models.progress import CancelCheck, InstallProgress
from desk.models.store import SPACE_MARGIN, free_bytes
from desk.models.verify import verify_model_dir

log = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
CONNECT_TIMEOUT = 8.0  # seconds for the metadata calls; fail fast when offline
DOWNLOAD_CHUNK = 512 * 1024  # progress and cancel granularity (huggingface_hub's default is 10 MB)
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_TRUE = {"1", "true", "yes", "on"}

OFFLINE_HINT = (
    "To install without a network, copy the model folder or archive from a computer that has it "
    "(e.g. on a USB stick) and run `desk models import PATH`."
)


@dataclass(frozen=True, slots=True)
class _File:
    name: str
    size: int
    sha256: str | None
    local: Path | None = None  # already in the Hugging Face cache
    git_sha1: str | None = None  # the Hub's blob id, checked for small (non-LFS) files
    repo: str = ""  # "" = the catalogue entry's source repository
    revision: str = ""  # commit to download from, for files of another repository


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache, read from the environment at call time (tests move it)."""
    env = os.environ
    if env.get("HF_HUB_CACHE"):
        return Path(env["HF_HUB_CACHE"]).expanduser()
    if env.get("HUGGINGFACE_HUB_CACHE"):
        return Path(env["HUGGINGFACE_HUB_CACHE"]).expanduser()
    if env.get("HF_HOME"):
        return Path(env["HF_HOME"]).expanduser() / "hub"
    base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "huggingface" / "hub"


def default_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def offline_requested() -> bool:
    return any(os.environ.get(v, "").strip().lower() in _TRUE for v in ("HF_HUB_OFFLINE", "DESK_OFFLINE"))


def _network_error(reason: str) -> NetworkError:
    return NetworkError(f"Cannot download the model: {reason}. {OFFLINE_HINT}")


def _wanted(entry: CatalogueEntry, names: list[str]) -> list[str]:
    chosen = [n for n in names if any(fnmatch.fnmatchcase(n, pat) for pat in entry.allow_patterns)]
    if "model.safetensors" in chosen and "pytorch_model.bin" in chosen:
        chosen.remove("pytorch_model.bin")
    return sorted(chosen)


SPM_FILES = ("source.spm", "target.spm")


def _complete(kind: str, names: set[str]) -> bool:
    if kind == "ct2":
        return {"model.bin", "config.json", "source.spm", "target.spm"} <= names and any(
            "vocabulary" in n for n in names
        )
    return {"config.json", "source.spm", "target.spm", "vocab.json"} <= names and bool(
        {"model.safetensors", "pytorch_model.bin"} & names
    )


def _cached_files(entry: CatalogueEntry, cache: Path) -> tuple[str, list[_File]] | None:
    """The model's files from the Hugging Face cache, without any network access."""
    if not cache.is_dir():
        return None
    from huggingface_hub import snapshot_download

    try:
        folder = Path(
            snapshot_download(
                entry.source,
                revision=entry.revision or "main",
                cache_dir=str(cache),
                local_files_only=True,
                allow_patterns=list(entry.allow_patterns),
            )
        )
    except Exception as exc:  # noqa: BLE001 - any cache miss just means "download it"
        log.info("%s not usable from the Hugging Face cache: %s", entry.source, exc)
        return None
    names = _wanted(entry, [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()])
    files = [_cached_file(entry, folder, name) for name in names]
    missing = [n for n in SPM_FILES if n not in names]
    if missing and entry.kind == "ct2" and entry.upstream:
        try:
            spm_folder = Path(
                snapshot_download(
                    entry.upstream, cache_dir=str(cache), local_files_only=True, allow_patterns=list(SPM_FILES)
                )
            )
        except Exception:  # noqa: BLE001 - not cached
            return None
        for name in missing:
            if (spm_folder / name).is_file():
                files.append(_cached_file(entry, spm_folder, name, repo=entry.upstream))
    if not _complete(entry.kind, {f.name for f in files}):
        return None
    log.info("using %s from the Hugging Face cache (%s)", entry.source, folder)
    return folder.name, files


def _cached_file(entry: CatalogueEntry, folder: Path, name: str, repo: str = "") -> _File:
    local = folder / name
    blob = Path(os.path.realpath(local)).name
    sha = (None if repo else entry.files.get(name)) or (blob if _SHA256_RE.match(blob) else None)
    return _File(name, local.stat().st_size, sha, local, repo=repo, revision=folder.name if repo else "")


def _map_error(exc: BaseException) -> DeskError | None:
    """Translate huggingface_hub / HTTP exceptions into typed, one-sentence errors."""
    from huggingface_hub import errors as hf_errors

    if isinstance(exc, DeskError):
        return exc
    if isinstance(exc, hf_errors.OfflineModeIsEnabled | hf_errors.LocalEntryNotFoundError):
        return _network_error("the network is switched off or the Hugging Face Hub cannot be reached")
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return ModelError("The model repository was not found on the Hugging Face Hub; check the model id.")
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return ModelError("The pinned model version was not found on the Hugging Face Hub.")
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = getattr(getattr(exc, "response", None), "status_code", None)
        return _network_error(f"the Hugging Face Hub answered with an error (HTTP {status})")
    module = type(exc).__module__ or ""
    if module.startswith(("httpx", "httpcore", "socket", "ssl")) or isinstance(exc, ConnectionError | TimeoutError):
        return _network_error(f"the Hugging Face Hub cannot be reached ({type(exc).__name__})")
    if isinstance(exc, OSError) and "Consistency check failed" in str(exc):
        return _network_error("the download was interrupted")
    if isinstance(exc, OSError):
        return ModelError(f"Cannot save the downloaded file: {exc.strerror or exc}.")
    return None


def _repo_info(repo_id: str, revision: str, endpoint: str):
    from huggingface_hub import HfApi

    try:
        return HfApi(endpoint=endpoint, token=False).model_info(
            repo_id, revision=revision, files_metadata=True, timeout=CONNECT_TIMEOUT
        )
    except Exception as exc:  # noqa: BLE001 - mapped below, unknown ones re-raised
        mapped = _map_error(exc)
        if mapped is None:
            raise
        raise mapped from exc


def _sibling_file(sibling, sha256: str | None, repo: str = "", revision: str = "") -> _File:
    size = sibling.size if sibling.size is not None else (sibling.lfs.size if sibling.lfs else 0)
    sha = sha256 or (sibling.lfs.sha256 if sibling.lfs else None)
    git_sha1 = None if sibling.lfs else sibling.blob_id
    return _File(sibling.rfilename, int(size or 0), sha, git_sha1=git_sha1, repo=repo, revision=revision)


def _remote_files(entry: CatalogueEntry, endpoint: str) -> tuple[str, list[_File]]:
    """List the repository (one quick API call) to learn the commit, sizes and hashes.

    Some CTranslate2 conversions on the Hub ship without the sentencepiece files; those are
    then taken from the upstream (Transformers) repository, which always has them.
    """
    info = _repo_info(entry.source, entry.revision or "main", endpoint)
    siblings = {s.rfilename: s for s in info.siblings or []}
    names = _wanted(entry, list(siblings))
    files = [_sibling_file(siblings[name], entry.files.get(name)) for name in names]
    missing = [n for n in SPM_FILES if n not in names]
    if missing and entry.kind == "ct2" and entry.upstream:
        up = _repo_info(entry.upstream, "main", endpoint)
        up_siblings = {s.rfilename: s for s in up.siblings or []}
        for name in missing:
            if name in up_siblings:
                files.append(_sibling_file(up_siblings[name], None, repo=entry.upstream, revision=up.sha or "main"))
    if not _complete(entry.kind, {f.name for f in files}):
        raise ModelError(f"The repository {entry.source} does not contain a complete model.")
    return info.sha or (entry.revision or "main"), files


class _Aborted(Exception):
    """Raised inside the download thread when the user cancels."""


def _make_hook(sink: queue.Queue, abort: threading.Event):
    class _Hook:
        """The tqdm-like object huggingface_hub drives; forwards byte counts to the generator."""

        def __init__(self, *args, total=None, initial=0, **kwargs):
            self.n = initial or 0
            self.total = total
            sink.put(("start", self.n))

        def update(self, n=1):
            if abort.is_set():
                raise _Aborted()
            self.n += n
            sink.put(("bytes", n))

        def close(self):
            pass

        def set_description(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    return _Hook


def _download(
    entry: CatalogueEntry, commit: str, files: list[_File], endpoint: str, cache: Path, cancel: CancelCheck | None
) -> Iterator[InstallProgress]:
    """Download every file not yet cached; updates ``files`` in place with local paths."""
    from huggingface_hub import constants, hf_hub_download

    if constants.DOWNLOAD_CHUNK_SIZE > DOWNLOAD_CHUNK:
        constants.DOWNLOAD_CHUNK_SIZE = DOWNLOAD_CHUNK
    total = sum(f.size for f in files)
    finished = 0
    shown = 0
    for i, f in enumerate(files):
        sink: queue.Queue = queue.Queue()
        abort = threading.Event()
        hook = _make_hook(sink, abort)

        def work(name=f.name, repo=f.repo or entry.source, revision=f.revision or commit, sink=sink, hook=hook):
            try:
                path = hf_hub_download(
                    repo,
                    name,
                    revision=revision,
                    cache_dir=str(cache),
                    endpoint=endpoint,
                    etag_timeout=CONNECT_TIMEOUT,
                    token=False,
                    tqdm_class=hook,
                )
                sink.put(("done", path))
            except BaseException as exc:  # noqa: BLE001 - handed to the generator thread
                sink.put(("error", exc))

        thread = threading.Thread(target=work, name=f"desk-download-{f.name}", daemon=True)
        thread.start()
        current = 0
        try:
            while True:
                if cancel is not None and cancel():
                    abort.set()
                    raise Cancelled("Download cancelled; nothing was installed.")
                try:
                    kind, value = sink.get(timeout=0.1)
                except queue.Empty:
                    continue
                if kind == "start":
                    current = value
                elif kind == "bytes":
                    current += value
                elif kind == "error":
                    if isinstance(value, _Aborted):
                        raise Cancelled("Download cancelled; nothing was installed.")
                    mapped = _map_error(value)
                    if mapped is None:
                        raise value
                    raise mapped from value
                else:
                    files[i] = _File(f.name, f.size, f.sha256, Path(value), f.git_sha1, f.repo, f.revision)
                    current = f.size
                done = max(shown, finished + min(current, f.size or current))
                if done != shown or kind == "done":
                    shown = done
                    yield InstallProgress("download", done, total, f.name, model_id=entry.id)
                if kind == "done":
                    break
        finally:
            abort.set()
            thread.join(timeout=60)
        finished += f.size


def _check_space(entry: CatalogueEntry, files: list[_File], cache: Path) -> None:
    """Refuse before downloading when the disk cannot hold the model (download + installed copy)."""
    from desk import paths

    total = sum(f.size for f in files)
    download = sum(f.size for f in files if f.local is None)
    # A Transformers checkpoint is float32; the int8 CTranslate2 copy is about a quarter of it.
    installed = total if entry.kind == "ct2" else total // 2
    store_free = free_bytes(paths.models_dir())
    cache_free = free_bytes(cache)
    same_disk = store_free is not None and store_free == cache_free
    need_store = installed + (total if entry.kind != "ct2" else 0) + (download if same_disk else 0) + SPACE_MARGIN
    if store_free is not None and store_free < need_store:
        raise ModelError(
            f"Not enough disk space to install {entry.id}: it needs about {need_store // 1024**2} MB "
            f"free in {paths.models_dir()}, and {store_free // 1024**2} MB are free."
        )
    if not same_disk and cache_free is not None and cache_free < download + SPACE_MARGIN:
        raise ModelError(
            f"Not enough disk space to download {entry.id}: it needs about {(download + SPACE_MARGIN) // 1024**2} MB "
            f"free in {cache}, and {cache_free // 1024**2} MB are free."
        )


def _git_blob_sha1(path: Path) -> str:
    """Git's object id of a file (what the Hub reports as ``blobId`` for non-LFS files)."""
    digest = hashlib.sha1(b"blob %d\0" % path.stat().st_size)
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _purge_cached(local: Path) -> None:
    """Drop a damaged file from the Hugging Face cache so the next attempt downloads it again."""
    blob = Path(os.path.realpath(local))
    for p in (local, blob):
        try:
            p.unlink()
        except OSError:
            pass


def install_model(
    model_id: str,
    *,
    endpoint: str | None = None,
    cancel: CancelCheck | None = None,
    force: bool = False,
    quantization: str = "int8",
    make_default: bool | None = None,
) -> Iterator[InstallProgress]:
    """Install a catalogue model; the last item has ``step == "done"`` and ``model_dir`` set.

    Raises ``NetworkError`` (offline), ``ModelError`` (bad download, conversion failed),
    ``ModelLoadError`` (verification failed) or ``Cancelled``; the store is unchanged then.
    ``make_default=None`` makes the model the default only if there is no default yet.
    """
    entry = get_entry(model_id)
    if store.is_installed(entry.id) and not force:
        target = store.model_path(entry.id)
        yield InstallProgress("done", model_dir=target, model_id=entry.id, message=f"{entry.id} is already installed")
        return
    if entry.kind == "hf-marian":
        convert.require_transformers()
    yield InstallProgress("check", message=f"Looking for {entry.id}", model_id=entry.id)
    cache = hf_cache_dir()
    found = _cached_files(entry, cache)
    endpoint = (endpoint or default_endpoint()).rstrip("/")
    if found is None:
        if offline_requested():
            raise _network_error("offline mode is on (HF_HUB_OFFLINE) and the model is not in the Hugging Face cache")
        commit, files = _remote_files(entry, endpoint)
    else:
        commit, files = found
    _check_space(entry, files, cache)
    with store.staging(entry.id) as tmp:
        if any(f.local is None for f in files):
            yield from _download(entry, commit, files, endpoint, cache, cancel)
        _check_cancel(cancel)
        fetched = tmp / ("model" if entry.kind == "ct2" else "download")
        copied = 0
        total = sum(f.size for f in files)
        digests: dict[str, str] = {}
        for f in files:
            assert f.local is not None
            digest = digests[f.name] = store.copy_with_hash(f.local, fetched / f.name)
            if (f.sha256 and digest != f.sha256) or (f.git_sha1 and _git_blob_sha1(f.local) != f.git_sha1):
                _purge_cached(f.local)
                raise ModelError(
                    f"The downloaded file {f.name} is damaged (its checksum does not match); it was discarded. "
                    "Run the install again."
                )
            copied += f.size
            yield InstallProgress("copy", copied, total, f.name, model_id=entry.id)
            _check_cancel(cancel)
        built = tmp / "model"
        converter = None
        if entry.kind == "hf-marian":
            yield InstallProgress("convert", message="Converting to CTranslate2 (int8)", model_id=entry.id)
            convert.convert_hf_marian(fetched, built, quantization=quantization)
            converter = "ctranslate2.converters.TransformersConverter"
        elif entry.kind == "opus-mt-zip":
            yield InstallProgress("convert", message="Converting the OPUS-MT model", model_id=entry.id)
            convert.convert_opus_mt(fetched, built, quantization=quantization)
            converter = "ctranslate2.converters.OpusMTConverter"
        _check_cancel(cancel)
        yield InstallProgress("verify", message="Checking that the model translates", model_id=entry.id)
        verify_model_dir(built, check_hashes=False)
        _check_cancel(cancel)
        manifest = store.new_manifest(
            entry.id,
            built,
            source=entry.source,
            revision=commit,
            requested_revision=entry.revision,
            kind=entry.kind,
            converter=converter,
            converter_versions=convert.converter_versions(entry.kind),
            quantization=quantization if converter else None,
            description=entry.description,
            licence=entry.licence,
            quality=entry.quality,
            upstream=entry.upstream,
            downloaded_files=digests,
            tokenizer_source={f.name: f.repo for f in files if f.repo} or None,
            endpoint=endpoint if found is None else "hf-cache",
        )
        store.write_manifest(built, manifest)
        yield InstallProgress("install", message=f"Installing {entry.id}", model_id=entry.id)
        target = store.commit(built, entry.id, replace=force)
    if make_default or (make_default is None and store.get_default_model() is None):
        store.set_default_model(entry.id)
    yield InstallProgress("done", model_dir=target, model_id=entry.id, message=f"Installed {entry.id}")


def _check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Cancelled; nothing was installed.")
