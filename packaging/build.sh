#!/usr/bin/env bash
# Build Tarjama Desk for installation: a PyInstaller one-folder bundle and a Debian package.
#
#   packaging/build.sh [--with-model DIR] [--venv DIR] [--no-deb] [--deb-compression xz|zstd|gzip|none]
#
# From a clean checkout this:
#   1. creates (or reuses) a build venv, by default build/venv, with python3 -m venv, and installs
#      PyInstaller and the package itself NON-editable (pip install .), runtime dependencies only:
#      no torch/transformers/pytest, so they cannot leak into the bundle;
#   2. runs PyInstaller with packaging/tarjama-desk.spec -> dist/tarjama-desk/ (onedir);
#      --with-model DIR embeds a CTranslate2 model folder as dist/tarjama-desk/_internal/model,
#      so the installed app translates offline from the first start;
#   3. (Linux) packages the bundle with dpkg-deb -> dist/tarjama-desk_VERSION_ARCH.deb
#      (packaging/deb/build_deb.sh).
# Needs: python3 (3.11+) with venv, network access to PyPI for step 1 the first time, dpkg-deb.
# Reuse any venv with --venv DIR (it is created if missing; the package is reinstalled each run).
# Windows and macOS are not built by this script: see packaging/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

MODEL=""
VENV="$ROOT/build/venv"
MAKE_DEB=1
DEB_COMPRESSION="xz"
while [ $# -gt 0 ]; do
  case "$1" in
    --with-model) MODEL="$2"; shift 2 ;;
    --with-model=*) MODEL="${1#*=}"; shift ;;
    --venv) VENV="$2"; shift 2 ;;
    --venv=*) VENV="${1#*=}"; shift ;;
    --no-deb) MAKE_DEB=0; shift ;;
    --deb-compression) DEB_COMPRESSION="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -n "$MODEL" ]; then
  MODEL="$(cd "$MODEL" && pwd)" || { echo "build.sh: --with-model: no such folder" >&2; exit 2; }
  [ -f "$MODEL/model.bin" ] || { echo "build.sh: --with-model $MODEL has no model.bin (not a CTranslate2 model)" >&2; exit 2; }
fi

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
T_ALL=$(now)
export PIP_DISABLE_PIP_VERSION_CHECK=1

# 1. build venv ------------------------------------------------------------------------------
T=$(now)
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating build venv $VENV"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install -q "pyinstaller>=6.6"
rm -rf "$ROOT/build/lib" "$ROOT/build/bdist."*  # setuptools' in-tree build dirs: no stale modules in the wheel
"$PY" -m pip install -q "$ROOT"
"$PY" -c 'import trafilatura, ctranslate2, sentencepiece, PySide6.QtWidgets' \
  || { echo "build.sh: the build venv cannot import the runtime dependencies" >&2; exit 1; }
echo "== build venv ready ($(since "$T") s): $("$PY" -c 'import PyInstaller, PySide6, ctranslate2; print("PyInstaller", PyInstaller.__version__, "PySide6", PySide6.__version__, "ctranslate2", ctranslate2.__version__)')"
if "$PY" -c 'import torch' 2>/dev/null || "$PY" -c 'import transformers' 2>/dev/null; then
  echo "build.sh: warning: torch/transformers are installed in $VENV; the spec excludes them anyway" >&2
fi
VERSION="$("$PY" -c 'import desk; print(desk.__version__)')"

# 2. PyInstaller -----------------------------------------------------------------------------
T=$(now)
echo "== PyInstaller (model: ${MODEL:-none})"
rm -rf "$ROOT/dist/tarjama-desk"
(cd "$ROOT/build" && TARJAMA_WITH_MODEL="$MODEL" "$PY" -m PyInstaller --noconfirm --log-level WARN \
   --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/tarjama-desk.spec")
BUNDLE="$ROOT/dist/tarjama-desk"
[ -x "$BUNDLE/tarjama-desk" ] || [ -f "$BUNDLE/tarjama-desk.exe" ] || { echo "build.sh: PyInstaller made no executable" >&2; exit 1; }
MODEL_BYTES=0
[ -d "$BUNDLE/_internal/model" ] && MODEL_BYTES=$(du -sb "$BUNDLE/_internal/model" | cut -f1)
TOTAL_BYTES=$(du -sb "$BUNDLE" | cut -f1)
echo "== bundle dist/tarjama-desk: $((TOTAL_BYTES / 1048576)) MiB total, $(((TOTAL_BYTES - MODEL_BYTES) / 1048576)) MiB without the model ($(since "$T") s)"

# 3. Debian package --------------------------------------------------------------------------
if [ "$MAKE_DEB" = 1 ] && [ "$(uname -s)" = Linux ]; then
  T=$(now)
  bash "$ROOT/packaging/deb/build_deb.sh" "$BUNDLE" "$VERSION" "$ROOT/dist" "$DEB_COMPRESSION"
  echo "== .deb built ($(since "$T") s)"
fi
echo "== build.sh done in $(since "$T_ALL") s"
