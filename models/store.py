"""The model store: one folder per model under ``desk.paths.models_dir()``.

Every installed model folder holds a CTranslate2 model plus ``manifest.json`` (where it came
from, file hashes, converter versions). Models are built in a hidden ``.tmp-<id>-*`` folder
inside the store and renamed into place only after verification, so the store never holds a
half-installed model. ``resolve_model`` is how the CLI and GUI turn ``--model`` into a folder.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk import paths
from desk.atomic import atomic_write_text
from desk.errors import DeskError, ModelError, ModelNotFoundError, printable
from desk.resources import bundled_model_dir

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
CONFIG_FILE = "config.json"
TEMP_PREFIX = ".tmp-"
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")  # always fullmatch: "$" would accept a newline
_STALE_TEMP_SECONDS = 24 * 3600

NO_MODEL_MESSAGE = (
    "No translation model is installed. Run `desk models install opus-mt-ar-en` while online, "
    "or `desk models import PATH` for a model folder or archive (e.g. from a USB stick)."
)


@dataclass(frozen=True, slots=True)
class InstalledModel:
    """A model folder in the store, as shown by ``desk models list`` and the GUI."""

    id: str
    path: Path
    manifest: dict[str, Any] = field(default_factory=dict)
    size_bytes: int = 0
    is_default: bool = False

    @property
    def source(self) -> str:
        return str(self.manifest.get("source") or "")

    @property
    def description(self) -> str:
        return str(self.manifest.get("description") or "")

    @property
    def licence(self) -> str:
        return str(self.manifest.get("licence") or "unknown")


# -- ids and paths -------------------------------------------------------------------------
def is_valid_id(model_id: object) -> bool:
    """Whether ``model_id`` can name a model in the store (never one of our temporary folders)."""
    return isinstance(model_id, str) and bool(_ID_RE.fullmatch(model_id)) and not model_id.startswith(TEMP_PREFIX)


def validate_id(model_id: str) -> str:
    if not is_valid_id(model_id):
        shown = "An empty name" if model_id == "" else f"{printable(repr(model_id))}"
        raise ModelError(
            f"{shown} is not a valid model name: use letters, digits, '.', '_', '+' and '-' "
            "(at most 100 characters, starting with a letter or digit)."
        )
    return model_id


# Folder names that say nothing about the model: the parent folder names it instead.
GENERIC_FOLDER_NAMES = frozenset({"ct2", "ctranslate2", "model", "models", "hf", "converted", "output", "out",
                                  "snapshot", "snapshots", "main", "latest", "export", "int8", "float16"})


def suggest_id(name: str | Path) -> str:
    """A valid model id derived from a file or folder name (``opus-2020.zip`` → ``opus-2020``;
    ``…/tiny-ar-en/ct2`` → ``tiny-ar-en``)."""
    path = Path(name)
    if path.name.lower() in GENERIC_FOLDER_NAMES and path.parent.name:
        path = path.parent
    base = path.name
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar"):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
            break
    base = re.sub(r"[^A-Za-z0-9._+-]+", "-", base).strip("-._+") or "imported-model"
    return base[:100]


def model_path(model_id: str) -> Path:
    return paths.models_dir() / validate_id(model_id)


def is_installed(model_id: str) -> bool:
    try:
        return (model_path(model_id) / MANIFEST).is_file()
    except ModelError:
        return False


def read_manifest(model_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((Path(model_dir) / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("unreadable manifest in %s: %s", model_dir, exc)
        return {}
    return data if isinstance(data, dict) else {}


def manifest_problem(manifest: dict[str, Any]) -> str | None:
    """What is wrong with a manifest's structure (None if it is usable)."""
    files = manifest.get("files")
    if "files" in manifest and not isinstance(files, dict):
        return f"its file list is a {type(files).__name__}, not a table"
    for rel, meta in (files or {}).items():
        if not isinstance(rel, str) or not isinstance(meta, dict):
            return "an entry of its file list is not a table"
        if not (meta.get("size") is None or (isinstance(meta["size"], int) and not isinstance(meta["size"], bool))):
            return f"the size of {rel} is not a number"
        if not (meta.get("sha256") is None or isinstance(meta["sha256"], str)):
            return f"the checksum of {rel} is not text"
        parts = Path(rel).parts
        if not parts or Path(rel).is_absolute() or ".." in parts:
            return f"it names a file outside the model folder ({rel})"
    if "id" in manifest and not is_valid_id(manifest["id"]):
        return "its model name is not valid"
    return None


def model_name(model_dir: Path) -> str:
    """What to call a model folder in the UI, logs and exports: its manifest id, else its folder."""
    model_dir = Path(model_dir)
    name = read_manifest(model_dir).get("id")
    if is_valid_id(name):
        return name
    return "bundled model" if model_dir == bundled_model_dir() else model_dir.name


def write_manifest(model_dir: Path, manifest: dict[str, Any]) -> None:
    atomic_write_text(Path(model_dir) / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def _folder_size(folder: Path) -> int:
    total = 0
    for p in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if p.is_file() and not p.is_symlink():
                total += p.stat().st_size
    return total


def list_installed() -> list[InstalledModel]:
    """Installed models (folders with a manifest), sorted by id; the default is marked."""
    root = paths.models_dir()
    if not root.is_dir():
        return []
    default = get_default_model()
    models = []
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") or not child.is_dir() or not (child / MANIFEST).is_file():
            continue
        models.append(
            InstalledModel(
                id=child.name,
                path=child,
                manifest=read_manifest(child),
                size_bytes=_folder_size(child),
                is_default=child.name == default,
            )
        )
    return models


def installed_model(model_id: str) -> InstalledModel:
    for model in list_installed():
        if model.id == model_id:
            return model
    raise ModelNotFoundError(_not_installed_message(model_id))


def _not_installed_message(model_id: str) -> str:
    from desk.models.catalogue import catalogue

    if model_id in catalogue():
        return (
            f"The model {model_id} is not installed. Run `desk models install {model_id}` while online, "
            "or `desk models import PATH` for a model folder or archive."
        )
    return (
        f"No installed model or model folder is called {model_id!r}. See `desk models list`, "
        "or run `desk models import PATH` for a model folder or archive."
    )


# -- default model (config.json) -----------------------------------------------------------
def _config_path() -> Path:
    return paths.config_dir() / CONFIG_FILE


def _read_config() -> dict[str, Any]:
    try:
        data = json.loads(_config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get_default_model() -> str | None:
    value = _read_config().get("default_model")
    return value if isinstance(value, str) and value else None


def set_default_model(model_id: str | None) -> None:
    """Make an installed model the default (``None`` clears it); written atomically."""
    if model_id is not None:
        installed_model(model_id)
    config = _read_config()
    if model_id is None:
        config.pop("default_model", None)
    else:
        config["default_model"] = model_id
    path = _config_path()
    try:
        paths.make_dir(path.parent)
    except OSError as exc:
        raise ModelError(f"Cannot save the settings in {path.parent}: {exc.strerror or exc}.") from exc
    atomic_write_text(path, json.dumps(config, indent=2, ensure_ascii=False) + "\n")


# -- resolution ----------------------------------------------------------------------------
def _looks_like_ct2(folder: Path) -> bool:
    return (folder / "model.bin").is_file()


def _resolve_one(name: str) -> Path:
    if is_valid_id(name) and is_installed(name):
        return model_path(name)
    folder = Path(name).expanduser()
    if folder.is_dir():
        if _looks_like_ct2(folder):
            return folder.resolve()
        raise ModelNotFoundError(
            f"The folder {folder} is not a CTranslate2 model (it has no model.bin); "
            f"run `desk models import {folder}` to convert and install it."
        )
    if folder.is_file():
        raise ModelNotFoundError(
            f"{folder} is a file, not a model folder; run `desk models import {folder}` to install it."
        )
    raise ModelNotFoundError(_not_installed_message(name))


def resolve_model(name_or_dir: str | os.PathLike | None = None) -> Path:
    """The model folder to translate with.

    Order: the explicit argument (an installed id or a model folder), else ``$DESK_MODEL``,
    else the default installed model, else the only (or the catalogue default) installed model.
    Raises ``ModelNotFoundError`` saying how to install or import one.
    """
    if name_or_dir is not None and str(name_or_dir).strip():
        return _resolve_one(str(name_or_dir).strip())
    env = os.environ.get("DESK_MODEL", "").strip()
    if env:
        return _resolve_one(env)
    installed = list_installed()
    by_id = {m.id: m for m in installed}
    default = get_default_model()
    if default in by_id:
        return by_id[default].path
    if len(installed) == 1:
        return installed[0].path
    if installed:
        from desk.models.catalogue import default_model_id

        if default_model_id() in by_id:
            return by_id[default_model_id()].path
        names = ", ".join(by_id)
        raise ModelNotFoundError(
            f"Several models are installed ({names}) and none is the default; "
            "choose one with `desk models default ID` or pass --model ID."
        )
    bundled = bundled_model_dir()  # a frozen build made with packaging/build.sh --with-model
    if bundled is not None:
        return bundled
    raise ModelNotFoundError(NO_MODEL_MESSAGE)


# -- building and committing ---------------------------------------------------------------
SPACE_MARGIN = 50 * 1024**2  # what a download leaves free on top of the model


def free_bytes(folder: Path) -> int | None:
    """Free space on the file system holding ``folder`` (or its nearest existing parent);
    None when it cannot be told."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            try:
                return shutil.disk_usage(candidate).free
            except OSError:
                return None
    return None


def sha256_file(path: Path, cancel: Callable[[], bool] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            if cancel is not None and cancel():
                from desk.errors import Cancelled

                raise Cancelled("Cancelled; nothing was installed.")
    return digest.hexdigest()


def copy_with_hash(src: Path, dst: Path) -> str:
    """Copy a file (following symlinks, e.g. Hugging Face cache pointers) and return its sha256."""
    digest = hashlib.sha256()
    dst.parent.mkdir(parents=True, exist_ok=True)
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(1 << 20):
            digest.update(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    return digest.hexdigest()


def file_table(model_dir: Path) -> dict[str, dict[str, Any]]:
    """``{relative path: {sha256, size}}`` for every file of a model folder except the manifest."""
    table = {}
    for p in sorted(Path(model_dir).rglob("*")):
        if p.is_file() and p.name != MANIFEST:
            rel = p.relative_to(model_dir).as_posix()
            table[rel] = {"sha256": sha256_file(p), "size": p.stat().st_size}
    return table


def new_manifest(model_id: str, model_dir: Path, **fields: Any) -> dict[str, Any]:
    import ctranslate2

    manifest: dict[str, Any] = {
        "id": model_id,
        "source": fields.pop("source", ""),
        "revision": fields.pop("revision", None),
        "kind": fields.pop("kind", "ct2"),
        "converter": fields.pop("converter", None),
        "ctranslate2_version": ctranslate2.__version__,
        "installed_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    manifest.update(fields)
    manifest["files"] = file_table(model_dir)
    return manifest


def _clean_stale_temps(root: Path) -> None:
    now = time.time()
    for child in root.glob(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if now - child.stat().st_mtime > _STALE_TEMP_SECONDS:
                shutil.rmtree(child, ignore_errors=True)


@contextlib.contextmanager
def staging(model_id: str) -> Iterator[Path]:
    """A temporary build folder inside the store; removed on exit whatever happens."""
    root = paths.models_dir()
    try:
        paths.make_dir(root)
        _clean_stale_temps(root)
        tmp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{model_id}-", dir=root))
    except OSError as exc:
        raise ModelError(f"Cannot write to the model folder {root}: {exc.strerror or exc}.") from exc
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def commit(built: Path, model_id: str, *, replace: bool = False) -> Path:
    """Rename a verified model folder into place (atomic on one file system)."""
    target = model_path(model_id)
    if target.exists():
        if not replace:
            raise ModelError(
                f"A model called {model_id} is already installed; remove it first "
                f"(`desk models remove {model_id}`) or choose another name with --id."
            )
        old = built.parent / (built.name + ".old")
        os.replace(target, old)
        try:
            os.replace(built, target)
        except OSError:
            os.replace(old, target)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        try:
            os.replace(built, target)
        except OSError as exc:
            raise ModelError(f"Cannot install the model into {target}: {exc.strerror or exc}.") from exc
    log.info("installed model %s at %s", model_id, target)
    return target


def remove_model(model_id: str) -> str | None:
    """Delete an installed model (renamed aside first, so a crash never leaves half a model).

    Returns a sentence about the default model when the removed one was the default: the
    only model left becomes the default, otherwise no default is set (the caller says so).
    """
    target = installed_model(model_id).path
    trash = target.parent / f"{TEMP_PREFIX}{model_id}-removing-{os.getpid()}"
    try:
        os.replace(target, trash)
    except OSError as exc:
        raise ModelError(f"Cannot remove {target}: {exc.strerror or exc}.") from exc
    shutil.rmtree(trash, ignore_errors=True)
    if get_default_model() != model_id:
        return None
    left = [m.id for m in list_installed()]
    try:
        if len(left) == 1:
            set_default_model(left[0])
            return f"{model_id} was the default model; {left[0]} (the only model left) is the default now."
        set_default_model(None)
    except DeskError as exc:
        return f"{model_id} was the default model, and the settings could not be updated: {exc}"
    if not left:
        return f"{model_id} was the default model; no model is installed now."
    return (f"{model_id} was the default model; no default is set now: choose one with "
            f"`desk models default ID` ({', '.join(left)}).")
