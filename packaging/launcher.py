"""Entry script of the frozen (PyInstaller) Tarjama Desk.

The same executable serves three uses, chosen by the first argument:
- ``tarjama-desk --self-test [--model DIR] [--no-gui]``: the offscreen end-to-end check;
- ``tarjama-desk --cli ARGS``, or the executable called as ``desk`` (the .deb's /usr/bin/desk
  symlink, Windows' desk.exe): the ``desk`` command line, e.g. ``desk models import ~/opus-mt-ar-en``;
- anything else: the GUI (``desk.ui.app:main``), which reads ``sys.argv`` itself.
Logs go to the user log dir (desk.logsetup). ``freeze_support`` must run first so a
multiprocessing child started by the frozen app does not start another GUI.
"""

import multiprocessing
import os
import sys


def _default_to_bundled_model() -> None:
    """Translate offline from the first start: use the embedded model while none is installed.

    Only when the user has no model installed and no DESK_MODEL set, so an installed model
    always wins. (Redundant once desk.models.store.resolve_model falls back to
    desk.resources.bundled_model_dir() itself.)
    """
    if os.environ.get("DESK_MODEL"):
        return
    from desk.resources import bundled_model_dir

    bundled = bundled_model_dir()
    if bundled is None:
        return
    try:
        from desk.models.store import list_installed

        if list_installed():
            return
    except Exception:  # noqa: BLE001 - a broken models folder must not stop the app starting
        return
    os.environ["DESK_MODEL"] = str(bundled)


def main() -> int:
    multiprocessing.freeze_support()
    from desk.logsetup import configure_logging

    configure_logging()
    _default_to_bundled_model()
    args = sys.argv[1:]
    if args[:1] == ["--self-test"]:
        from desk.selftest import main as self_test

        return self_test(args[1:])
    if args[:1] == ["--cli"] or os.path.basename(sys.argv[0]) in ("desk", "desk.exe"):
        from desk.cli import main as cli_main

        return cli_main(args[1:] if args[:1] == ["--cli"] else args)
    from desk.ui.app import main as gui_main

    return int(gui_main() or 0)


if __name__ == "__main__":
    sys.exit(main())
