"""Model management: catalogue, download, import, conversion, verification.

Public API (import the submodules; nothing heavy is imported here):

- ``desk.models.store``: ``resolve_model(name_or_dir)``, ``list_installed()``, ``installed_model(id)``,
  ``get_default_model()``, ``set_default_model(id)``, ``remove_model(id)``, ``is_installed(id)``.
- ``desk.models.catalogue``: ``catalogue()``, ``get_entry(id)``, ``default_model_id()``.
- ``desk.models.install``: ``install_model(id, *, endpoint=None, cancel=None, force=False, ...)``.
- ``desk.models.importer``: ``import_model(path, *, model_id=None, quantization="int8", cancel=None, ...)``.
- ``desk.models.verify``: ``verify_model_dir(folder)``.
- ``desk.models.progress``: ``InstallProgress(step, bytes_done, bytes_total, file, message, model_dir, model_id)``.

``install_model`` and ``import_model`` are generators; the last item has ``step == "done"``.
"""
