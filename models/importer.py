"""``desk models import PATH``: install a model folder or archive without the network.

Accepts a CTranslate2 folder, a Hugging Face Marian folder, an OPUS-MT release folder, or a
zip/tar of any of these (extracted safely). Everything is built and verified in a temporary
folder inside the store and renamed into place at the end.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from desk.errors import Cancelled, ModelError, printable
from desk.models import convert, store
from desk.models.archive import DEFAULT_MAX_BYTES, extract_archive, is_archive
from desk.models.progress import CancelCheck, InstallProgress
from desk.models.verify import verify_model_dir

log = logging.getLogger(__name__)


def _check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Import cancelled; nothing was installed.")


def _name_for(source: Path, folder: Path, root: Path, manifest: dict, archive: bool) -> str:
    """The id for an import without ``--id``: the manifest's, a catalogue id the manifest
    points at, else the archive's name, else the model folder's (its parent's when the folder
    is called something generic like ``ct2``)."""
    from desk.models.catalogue import catalogue

    name = manifest.get("id")
    if isinstance(name, str) and name:
        return store.validate_id(name)  # an id with a newline is refused, not installed
    origin = str(manifest.get("source") or manifest.get("upstream") or "")
    for entry_id, entry in catalogue().items():
        if origin and (origin == entry_id or origin in (entry.source, entry.upstream)
                       or (entry.source and entry.source in origin)):
            return entry_id
    if archive:
        return store.suggest_id(source.name)
    return store.suggest_id(root if root != folder else source.resolve())


def import_model(
    path: str | Path,
    *,
    model_id: str | None = None,
    quantization: str = "int8",
    replace: bool = False,
    make_default: bool | None = None,
    max_archive_bytes: int = DEFAULT_MAX_BYTES,
    cancel: CancelCheck | None = None,
) -> Iterator[InstallProgress]:
    """Import a model; the last item has ``step == "done"`` and ``model_dir`` set.

    ``make_default=None`` makes it the default only if there is no default yet.
    """
    source = Path(path).expanduser()
    shown = printable(source)
    try:
        info = os.stat(source)
    except FileNotFoundError:
        raise ModelError(f"There is no file or folder {shown}.") from None
    except OSError as exc:
        raise ModelError(f"{shown} cannot be read ({exc.strerror or exc}).") from exc
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        raise ModelError(f"{shown} is not a model folder or archive (it is a device, a pipe or a socket).")
    archive = stat.S_ISREG(info.st_mode)
    if archive and not is_archive(source):
        raise ModelError(
            f"{printable(source.name)} is not a model archive: import a model folder, or a .zip or .tar(.gz) "
            "file containing one."
        )
    yield InstallProgress("check", message=f"Reading {printable(source.name)}")
    # an explicit "" or "x\n" is refused, never silently replaced by a suggested name
    guess = store.validate_id(model_id if model_id is not None else store.suggest_id(source))
    with store.staging(guess) as tmp:
        folder = source
        if archive:
            unpacked = tmp / "unpacked"
            yield from extract_archive(source, unpacked, max_bytes=max_archive_bytes, cancel=cancel)
            folder = unpacked
        root, kind = convert.find_model_root(folder)
        if not archive:  # extraction already refused every link in an archive
            convert.check_links(folder)  # nothing read below may lead out of the imported folder
        old_manifest = store.read_manifest(root) if kind == convert.CT2 else {}
        if model_id is None:
            guess = _name_for(source, folder, root, old_manifest, archive)
        final_id = store.validate_id(guess)
        if store.is_installed(final_id) and not replace:
            raise ModelError(
                f"A model called {final_id} is already installed; remove it first "
                f"(`desk models remove {final_id}`) or choose another name with --id."
            )
        _check_cancel(cancel)
        built = tmp / "model"
        if kind == convert.CT2:
            yield InstallProgress("copy", file=root.name, message="Copying the model files")
            convert.copy_ct2(root, built, move=archive)
            converter = None
        elif kind == convert.HF_MARIAN:
            convert.require_transformers()
            yield InstallProgress("convert", message="Converting the Transformers model to CTranslate2 (int8)")
            convert.convert_hf_marian(root, built, quantization=quantization)
            converter = "ctranslate2.converters.TransformersConverter"
        else:
            yield InstallProgress("convert", message="Converting the OPUS-MT model to CTranslate2")
            convert.convert_opus_mt(root, built, quantization=quantization)
            converter = "ctranslate2.converters.OpusMTConverter"
        _check_cancel(cancel)
        yield InstallProgress("verify", message="Checking that the model translates")
        verify_model_dir(built, check_hashes=False)
        _check_cancel(cancel)
        fields = {
            "source": old_manifest.get("source") or f"import:{source.name}",
            "revision": old_manifest.get("revision"),
            "kind": kind,
            "converter": converter or old_manifest.get("converter"),
            "converter_versions": convert.converter_versions(kind),
            "quantization": quantization if converter else old_manifest.get("quantization"),
            "imported_from": str(source),
        }
        for key in ("description", "licence", "quality", "upstream"):
            if old_manifest.get(key):
                fields[key] = old_manifest[key]
        manifest = store.new_manifest(final_id, built, **fields)
        store.write_manifest(built, manifest)
        yield InstallProgress("install", message=f"Installing as {final_id}")
        target = store.commit(built, final_id, replace=replace)
    if make_default or (make_default is None and store.get_default_model() is None):
        store.set_default_model(final_id)
    yield InstallProgress("done", model_dir=target, model_id=final_id, message=f"Installed {final_id}")
