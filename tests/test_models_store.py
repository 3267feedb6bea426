"""Model store: catalogue data, resolve_model order, default model, removal."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import FIXTURE_CT2

from desk import paths
from desk.errors import ModelError, ModelNotFoundError
from desk.models import store
from desk.models.catalogue import catalogue, default_model_id, get_entry
from desk.models.importer import import_model


def _install_copy(model_id: str):
    items = list(import_model(FIXTURE_CT2, model_id=model_id))
    assert items[-1].step == "done"
    return items[-1].model_dir


@pytest.fixture(scope="module")
def installed_template(tmp_path_factory):
    """Two models imported once (verification runs a canary translation), copied per test."""
    home = tmp_path_factory.mktemp("template_home")
    old = os.environ.get("DESK_HOME")
    os.environ["DESK_HOME"] = str(home)
    try:
        _install_copy("alpha")
        _install_copy("beta")
    finally:
        if old is None:
            del os.environ["DESK_HOME"]
        else:
            os.environ["DESK_HOME"] = old
    return home / "data" / "models"


def _restore(template, *ids):
    root = paths.models_dir()
    root.mkdir(parents=True, exist_ok=True)
    for model_id in ids:
        shutil.copytree(template / model_id, root / model_id)


def test_catalogue_entries_are_complete():
    entries = catalogue()
    assert default_model_id() == "opus-mt-ar-en"
    assert {"opus-mt-ar-en", "opus-mt-ar-en-hf", "opus-mt-tc-big-ar-en"} <= set(entries)
    default = get_entry("opus-mt-ar-en")
    assert default.source == "gaudi/opus-mt-ar-en-ctranslate2" and default.kind == "ct2"
    assert default.quality["score"] == 33.9
    big = get_entry("opus-mt-tc-big-ar-en")
    assert big.source == "Helsinki-NLP/opus-mt-tc-big-ar-en" and big.kind == "hf-marian"
    assert big.quality["score"] == 42.6
    assert get_entry("opus-mt-ar-en-hf").source == "Helsinki-NLP/opus-mt-ar-en"
    for e in entries.values():
        assert e.licence and e.size_mb > 0 and e.description and e.allow_patterns
        assert e.revision is None or e.revision_note, "an unpinned revision must say why"
        assert all(v is None or len(v) == 64 for v in e.files.values())


def test_unknown_catalogue_id_is_a_typed_error():
    with pytest.raises(ModelNotFoundError, match="desk models import"):
        get_entry("no-such-model")


def test_resolve_with_nothing_installed_says_how_to_get_a_model():
    with pytest.raises(ModelNotFoundError) as err:
        store.resolve_model(None)
    assert str(err.value) == store.NO_MODEL_MESSAGE
    assert "desk models install opus-mt-ar-en" in str(err.value)
    assert "desk models import PATH" in str(err.value)


def test_resolve_uninstalled_catalogue_id_names_the_install_command():
    with pytest.raises(ModelNotFoundError, match="desk models install opus-mt-ar-en-hf"):
        store.resolve_model("opus-mt-ar-en-hf")


def test_resolve_explicit_folder(tmp_path):
    assert store.resolve_model(str(FIXTURE_CT2)) == FIXTURE_CT2.resolve()
    with pytest.raises(ModelNotFoundError, match="desk models import"):
        store.resolve_model(str(tmp_path))  # a folder without model.bin


def test_resolve_order_explicit_env_default_only(installed_template, monkeypatch):
    _restore(installed_template, "alpha")
    root = paths.models_dir()
    assert store.resolve_model(None) == root / "alpha"  # the only one
    _restore(installed_template, "beta")
    with pytest.raises(ModelNotFoundError, match="desk models default"):
        store.resolve_model(None)  # two, no default
    store.set_default_model("beta")
    assert store.resolve_model(None) == root / "beta"
    assert store.resolve_model("alpha") == root / "alpha"
    monkeypatch.setenv("DESK_MODEL", "alpha")
    assert store.resolve_model(None) == root / "alpha"
    assert store.resolve_model("beta") == root / "beta"  # explicit beats the environment
    monkeypatch.setenv("DESK_MODEL", str(FIXTURE_CT2))
    assert store.resolve_model(None) == FIXTURE_CT2.resolve()


def test_default_is_saved_atomically_in_config(installed_template):
    _restore(installed_template, "alpha", "beta")
    store.set_default_model("alpha")
    config = json.loads((paths.config_dir() / "config.json").read_text(encoding="utf-8"))
    assert config == {"default_model": "alpha"}
    assert [m.id for m in store.list_installed() if m.is_default] == ["alpha"]
    assert not [p for p in paths.config_dir().iterdir() if p.name != "config.json"]
    with pytest.raises(ModelNotFoundError):
        store.set_default_model("gamma")


def test_remove_clears_default_and_leaves_nothing(installed_template):
    _restore(installed_template, "alpha", "beta")
    store.set_default_model("alpha")
    note = store.remove_model("alpha")
    assert [m.id for m in store.list_installed()] == ["beta"]
    assert store.get_default_model() == "beta"  # the only model left becomes the default, and says so
    assert note == "alpha was the default model; beta (the only model left) is the default now."
    assert sorted(p.name for p in paths.models_dir().iterdir()) == ["beta"]
    assert store.resolve_model(None) == paths.models_dir() / "beta"
    with pytest.raises(ModelNotFoundError):
        store.remove_model("alpha")


def test_list_ignores_temporary_and_unfinished_folders(installed_template):
    _restore(installed_template, "alpha")
    root = paths.models_dir()
    (root / ".tmp-beta-abc").mkdir()
    (root / "half").mkdir()  # no manifest: not a finished install
    assert [m.id for m in store.list_installed()] == ["alpha"]


@pytest.mark.parametrize("bad", ["", "../x", ".tmp-x", "a/b", "x" * 101, "sp ace"])
def test_invalid_ids_are_refused(bad):
    with pytest.raises(ModelError):
        store.validate_id(bad)


def test_one_id_check_serves_validate_id_manifests_and_names(tmp_path):
    for bad in ("", "../x", ".tmp-x", "x\n", "a/b", "x" * 101, 7, None):
        assert not store.is_valid_id(bad)
        assert store.manifest_problem({"id": bad}) == "its model name is not valid"
    assert store.is_valid_id("opus-mt-ar-en") and store.manifest_problem({"id": "opus-mt-ar-en"}) is None
    (tmp_path / "folder").mkdir()
    store.write_manifest(tmp_path / "folder", {"id": "x\n"})
    assert store.model_name(tmp_path / "folder") == "folder"
