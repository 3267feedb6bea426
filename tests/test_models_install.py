"""Installing catalogue models from a fake Hugging Face Hub on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import time

import pytest
from conftest import FIXTURE_CT2, FIXTURE_HF
from fakehub import allow_hub, serve_repo

from desk import paths
from desk.errors import Cancelled, ModelError, NetworkError
from desk.models import store
from desk.models.install import hf_cache_dir, install_model
from desk.models.verify import verify_model_dir

REPO = "gaudi/opus-mt-ar-en-ctranslate2"
CLOSED_PORT = "http://127.0.0.1:9"

pytestmark = pytest.mark.network_localhost


def _store_entries() -> list[str]:
    root = paths.models_dir()
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def _fixture_bytes() -> int:
    return sum(p.stat().st_size for p in FIXTURE_CT2.iterdir() if p.is_file())


def test_install_from_hub_with_monotonic_progress(monkeypatch):
    allow_hub(monkeypatch)
    with serve_repo(REPO, FIXTURE_CT2) as endpoint:
        items = list(install_model("opus-mt-ar-en", endpoint=endpoint))
    downloads = [p for p in items if p.step == "download"]
    done = [p.bytes_done for p in downloads]
    assert done == sorted(done) and done[-1] == downloads[-1].bytes_total == _fixture_bytes()
    assert items[-1].step == "done"
    target = items[-1].model_dir
    assert target == paths.models_dir() / "opus-mt-ar-en"
    assert _store_entries() == ["opus-mt-ar-en"], "no temporary folder may be left behind"
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["id"] == "opus-mt-ar-en" and manifest["source"] == REPO
    assert manifest["revision"] == endpoint.hub.commit  # pinned to the commit actually served
    assert manifest["ctranslate2_version"] and manifest["installed_at"]
    assert set(manifest["files"]) == {p.name for p in FIXTURE_CT2.iterdir() if p.is_file()}
    assert all(len(m["sha256"]) == 64 for m in manifest["files"].values())
    verify_model_dir(target)
    assert store.resolve_model(None) == target
    assert store.get_default_model() == "opus-mt-ar-en"  # first model becomes the default
    # Installing again is a no-op that needs no network.
    again = list(install_model("opus-mt-ar-en", endpoint=CLOSED_PORT))
    assert [p.step for p in again] == ["done"]


def test_interrupted_download_resumes_with_range(monkeypatch):
    import huggingface_hub.constants as constants

    allow_hub(monkeypatch)
    chunk = 64 * 1024  # smaller chunks than in use, so a partial file exists when the link drops
    monkeypatch.setattr("desk.models.install.DOWNLOAD_CHUNK", chunk)
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", chunk)
    assert (FIXTURE_CT2 / "model.bin").stat().st_size > 2 * chunk
    with serve_repo(REPO, FIXTURE_CT2, fail_after_bytes=chunk + 30_000) as endpoint:
        items = list(install_model("opus-mt-ar-en", endpoint=endpoint))
    assert items[-1].step == "done"
    model_gets = [r for r in endpoint.requests if r[0] == "GET" and r[1].endswith("/model.bin")]
    assert len(model_gets) == 2
    assert model_gets[0][2] is None and model_gets[1][2] == f"bytes={chunk}-"
    verify_model_dir(items[-1].model_dir)
    done = [p.bytes_done for p in items if p.step == "download"]
    assert done == sorted(done)


@pytest.mark.parametrize("damaged", ["model.bin", "config.json"])  # LFS sha256 / git blob id
def test_corrupted_download_is_caught_by_hash_and_nothing_installed(monkeypatch, damaged):
    allow_hub(monkeypatch)
    with serve_repo(REPO, FIXTURE_CT2, corrupt={damaged}) as endpoint:
        with pytest.raises(ModelError, match="damaged"):
            list(install_model("opus-mt-ar-en", endpoint=endpoint))
    assert _store_entries() == []
    assert store.get_default_model() is None
    # The damaged blob was dropped from the Hugging Face cache: a good server now succeeds.
    with serve_repo(REPO, FIXTURE_CT2) as endpoint:
        items = list(install_model("opus-mt-ar-en", endpoint=endpoint))
    verify_model_dir(items[-1].model_dir)


def test_cancel_leaves_no_trace_in_the_store(monkeypatch):
    allow_hub(monkeypatch)
    seen = []

    def cancel() -> bool:
        return any(p.step == "download" and p.file == "model.bin" for p in seen)

    with serve_repo(REPO, FIXTURE_CT2, throttle=0.05) as endpoint:
        started = time.monotonic()
        with pytest.raises(Cancelled):
            for item in install_model("opus-mt-ar-en", endpoint=endpoint, cancel=cancel):
                seen.append(item)
        assert time.monotonic() - started < 20
    assert seen and seen[-1].step == "download"
    assert _store_entries() == []
    blobs = list((hf_cache_dir()).rglob("*.incomplete"))
    assert blobs == [], "a cancelled download must not leave partial files"


def test_closing_the_generator_mid_download_leaves_no_trace(monkeypatch):
    allow_hub(monkeypatch)
    with serve_repo(REPO, FIXTURE_CT2, throttle=0.05) as endpoint:
        gen = install_model("opus-mt-ar-en", endpoint=endpoint)
        for item in gen:
            if item.step == "download" and item.file == "model.bin":
                break
        assert any(p.name.startswith(".tmp-") for p in paths.models_dir().iterdir())
        gen.close()
    assert _store_entries() == []


def test_model_in_hugging_face_cache_installs_offline(monkeypatch):
    from huggingface_hub import hf_hub_download

    allow_hub(monkeypatch)
    with serve_repo(REPO, FIXTURE_CT2) as endpoint:
        for p in FIXTURE_CT2.iterdir():
            hf_hub_download(REPO, p.name, cache_dir=str(hf_cache_dir()), endpoint=endpoint, token=False)
    # Server gone and offline mode on: the cache alone must do.
    import huggingface_hub.constants as constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    items = list(install_model("opus-mt-ar-en", endpoint=CLOSED_PORT))
    assert items[-1].step == "done"
    manifest = store.read_manifest(items[-1].model_dir)
    assert manifest["endpoint"] == "hf-cache"
    verify_model_dir(items[-1].model_dir)


def test_offline_mode_without_cache_is_a_network_error_naming_import(monkeypatch):
    started = time.monotonic()
    with pytest.raises(NetworkError, match="desk models import"):
        list(install_model("opus-mt-ar-en"))
    assert time.monotonic() - started < 5
    assert _store_entries() == []


def test_unreachable_hub_fails_fast_with_network_error(monkeypatch):
    allow_hub(monkeypatch)
    started = time.monotonic()
    with pytest.raises(NetworkError) as err:
        list(install_model("opus-mt-ar-en", endpoint=CLOSED_PORT))
    assert time.monotonic() - started < 30
    assert "desk models import" in str(err.value)
    assert "\n" not in str(err.value)
    assert _store_entries() == []


def test_hub_without_the_repository_is_a_model_error(monkeypatch):
    allow_hub(monkeypatch)
    with serve_repo("someone/else", FIXTURE_CT2) as endpoint:
        with pytest.raises(ModelError):
            list(install_model("opus-mt-ar-en", endpoint=endpoint))
    assert _store_entries() == []


def test_install_transformers_model_converts_locally(monkeypatch):
    allow_hub(monkeypatch)
    with serve_repo("Helsinki-NLP/opus-mt-ar-en", FIXTURE_HF) as endpoint:
        steps = [p.step for p in install_model("opus-mt-ar-en-hf", endpoint=endpoint)]
    assert "convert" in steps and steps[-1] == "done"
    target = paths.models_dir() / "opus-mt-ar-en-hf"
    manifest = store.read_manifest(target)
    assert manifest["kind"] == "hf-marian"
    assert manifest["converter"] == "ctranslate2.converters.TransformersConverter"
    assert manifest["quantization"] == "int8"
    assert "transformers" in manifest["converter_versions"]
    verify_model_dir(target)
    assert _store_entries() == ["opus-mt-ar-en-hf"]


def test_missing_tokenisers_are_taken_from_the_upstream_repository(monkeypatch, tmp_path):
    from fakehub import serve_repos

    allow_hub(monkeypatch)
    bare = tmp_path / "ct2-without-spm"
    bare.mkdir()
    for p in FIXTURE_CT2.iterdir():
        if p.suffix != ".spm":
            (bare / p.name).write_bytes(p.read_bytes())
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    for name in ("source.spm", "target.spm", "vocab.json"):
        (upstream / name).write_bytes((FIXTURE_HF / name).read_bytes())
    with serve_repos({REPO: bare, "Helsinki-NLP/opus-mt-ar-en": upstream}) as endpoint:
        items = list(install_model("opus-mt-ar-en", endpoint=endpoint))
    target = items[-1].model_dir
    manifest = store.read_manifest(target)
    assert manifest["tokenizer_source"] == {n: "Helsinki-NLP/opus-mt-ar-en" for n in ("source.spm", "target.spm")}
    assert (target / "source.spm").read_bytes() == (FIXTURE_CT2 / "source.spm").read_bytes()
    verify_model_dir(target)
    fetched = {r[1] for r in endpoint.requests if r[0] == "GET"}
    assert not any("vocab.json" in path for path in fetched), "only the tokenisers are fetched upstream"


def test_not_enough_disk_space_is_refused_before_downloading(monkeypatch):
    import shutil
    from collections import namedtuple

    allow_hub(monkeypatch)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 10**6, 10**6))
    with serve_repo(REPO, FIXTURE_CT2) as endpoint:
        with pytest.raises(ModelError, match="Not enough disk space"):
            list(install_model("opus-mt-ar-en", endpoint=endpoint))
    assert not [r for r in endpoint.requests if "/resolve/" in r[1]], "nothing may be downloaded"
    assert _store_entries() == []
