#!/usr/bin/env bash
# The whole cycle on this machine: build the .deb (with a model embedded) -> install it with
# dpkg -i -> run the INSTALLED tarjama-desk --self-test -> measure start-up -> take screenshots.
# Prints the duration of each step and PASS/FAIL. Needs root (dpkg -i) on Debian/Ubuntu.
#
#   packaging/verify_deb.sh [--model DIR] [--skip-build] [--purge] [--deb-compression zstd|xz|gzip|none]
#
# --model DIR       model to embed (default: the tiny test fixture tests/fixtures/tiny-ar-en/ct2)
# --skip-build      reuse dist/tarjama-desk_*.deb from an earlier build
# --purge           remove the package again at the end (default: leave it installed)
# --deb-compression zstd (default here, fast) | xz (build.sh's default) | gzip | none
# Outputs go to dist/verify/: screenshot-offscreen.png, screenshot-no-system-fonts.png (Arabic from
# the bundled font only), screenshot-xvfb.png (if xvfb-run exists), selftest.txt, timings.txt.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODEL="$ROOT/tests/fixtures/tiny-ar-en/ct2"
BUILD=1
PURGE=0
COMPRESSION="zstd"  # fast; build.sh's default for distribution is xz (about 10% smaller, minutes slower)
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --skip-build) BUILD=0; shift ;;
    --purge) PURGE=1; shift ;;
    --deb-compression) COMPRESSION="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "verify_deb.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "verify_deb.sh: run as root (it installs the package with dpkg -i)" >&2; exit 2; }

OUT="$ROOT/dist/verify"
rm -rf "$OUT"; mkdir -p "$OUT"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=()
TIMINGS=()
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
record() { TIMINGS+=("$(printf '%-28s %8s s  %s' "$1" "$2" "$3")"); echo "== $1: $3 ($2 s)"; }
T_ALL=$(now)

# A clean environment for the installed app: no venv, no PYTHONPATH, a private home.
run_installed() {
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$SCRATCH/home" DESK_HOME="$SCRATCH/desk-home" \
      LANG=C.UTF-8 XDG_RUNTIME_DIR="$SCRATCH/run" "$@"
}
mkdir -p "$SCRATCH/home" "$SCRATCH/run" && chmod 700 "$SCRATCH/run"

# 1. build -----------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  T=$(now)
  if nice -n 10 bash "$ROOT/packaging/build.sh" --with-model "$MODEL" --deb-compression "$COMPRESSION" > "$OUT/build.log" 2>&1; then
    record build "$(elapsed "$T")" "ok; $(grep -E '^== (bundle|/.*\.deb)' "$OUT/build.log" | tr '\n' ' ')"
  else
    record build "$(elapsed "$T")" "FAILED (see dist/verify/build.log)"; tail -20 "$OUT/build.log"; exit 1
  fi
fi
DEB="$(ls -t "$ROOT"/dist/tarjama-desk_*.deb 2>/dev/null | head -1)"
[ -n "$DEB" ] || { echo "verify_deb.sh: no dist/tarjama-desk_*.deb" >&2; exit 1; }
DEB_MB=$(awk -v b="$(stat -c %s "$DEB")" 'BEGIN { printf "%.1f", b / 1048576 }')
BUNDLE_MB=$(awk -v b="$(du -sb "$ROOT/dist/tarjama-desk" | cut -f1)" 'BEGIN { printf "%.1f", b / 1048576 }')
MODEL_MB=0
[ -d "$ROOT/dist/tarjama-desk/_internal/model" ] && \
  MODEL_MB=$(awk -v b="$(du -sb "$ROOT/dist/tarjama-desk/_internal/model" | cut -f1)" 'BEGIN { printf "%.1f", b / 1048576 }')

# 2. install ---------------------------------------------------------------------------------
T=$(now)
DEPENDS="$(dpkg-deb -f "$DEB" Depends | tr -d ' ' | tr ',' ' ')"
MISSING=()
for dep in $DEPENDS; do dpkg -s "$dep" >/dev/null 2>&1 || MISSING+=("$dep"); done
if [ "${#MISSING[@]}" -gt 0 ]; then
  echo "== installing missing dependencies with apt-get: ${MISSING[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${MISSING[@]}" > "$OUT/apt.log" 2>&1 \
    || { apt-get update -qq > /dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >> "$OUT/apt.log" 2>&1; }
fi
if dpkg -i "$DEB" > "$OUT/dpkg.log" 2>&1 && [ "$(dpkg-query -W -f '${Status}' tarjama-desk)" = "install ok installed" ]; then
  CHECKS="ok"
  [ -L /usr/bin/tarjama-desk ] && [ -x /opt/tarjama-desk/tarjama-desk ] || { CHECKS="launcher missing"; FAILED+=(install); }
  run_installed /usr/bin/desk --version > "$OUT/desk-version.txt" 2>&1 || { CHECKS="desk --version failed"; FAILED+=(install); }
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/tarjama-desk.desktop || { CHECKS="desktop file invalid"; FAILED+=(install); }
  fi
  [ -f /usr/share/mime/application/x-tarjama-project.xml ] || CHECKS="$CHECKS; (mime database not refreshed: no shared-mime-info trigger)"
  record "dpkg -i" "$(elapsed "$T")" "$CHECKS; $(dpkg-query -W -f '${Package} ${Version} ${Installed-Size} KiB' tarjama-desk)"
else
  record "dpkg -i" "$(elapsed "$T")" "FAILED (see dist/verify/dpkg.log)"; cat "$OUT/dpkg.log"; exit 1
fi

# 3. start-up time: cold (the app's files evicted from the page cache), then warm ------------------
# posix_fadvise(DONTNEED) drops only /opt/tarjama-desk's pages (the rest of the system stays cached).
evict_app() {
  python3 - <<'PY' 2>/dev/null || true
import os
for folder, _dirs, files in os.walk("/opt/tarjama-desk"):
    for name in files:
        try:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
PY
}
# One cold run, then three warm runs (median), since a shared machine makes single runs noisy.
measure_start() {  # prints "WALL_S PAINT_MS" or nothing
  local t line
  t=$(now)
  line="$(cd "$SCRATCH" && run_installed QT_QPA_PLATFORM=offscreen timeout 120 /usr/bin/tarjama-desk --first-paint \
          2>>"$OUT/startup.err" | grep FIRST_PAINT)"
  [ -n "$line" ] && echo "$(elapsed "$t") $(echo "$line" | awk '{print $2}')"
}
evict_app
COLD="$(measure_start)"
WARM=()
for _ in 1 2 3; do WARM+=("$(measure_start)"); done
if [ -n "$COLD" ] && [ "${#WARM[@]}" = 3 ] && [ -n "${WARM[2]}" ]; then
  record "cold start" "${COLD% *}" "wall time to first paint and exit, app files evicted from the page cache; ${COLD#* } ms from importing desk.ui.app to first paint"
  MEDIAN="$(printf '%s\n' "${WARM[@]}" | sort -n | sed -n 2p)"
  record "warm start (median of 3)" "${MEDIAN% *}" "wall time to first paint and exit; ${MEDIAN#* } ms from importing desk.ui.app to first paint"
else
  record "start-up" "-" "FAILED (no FIRST_PAINT; see dist/verify/startup.err)"; FAILED+=(startup)
fi

# 4. installed self-test ---------------------------------------------------------------------
T=$(now)
if (cd "$SCRATCH" && run_installed QT_QPA_PLATFORM=offscreen timeout 300 /usr/bin/tarjama-desk --self-test) > "$OUT/selftest.txt" 2>&1; then
  record "self-test (installed)" "$(elapsed "$T")" "$(tail -1 "$OUT/selftest.txt")"
else
  record "self-test (installed)" "$(elapsed "$T")" "FAILED: $(grep FAILED "$OUT/selftest.txt" | tr '\n' ' ')"; FAILED+=(self-test)
fi
cat "$OUT/selftest.txt"

# 5. screenshots of the installed app ----------------------------------------------------------
# A short Arabic article from the fixture corpus (the tiny model translates it exactly).
head -8 "$ROOT/tests/fixtures/tiny-ar-en/corpus.tsv" | cut -f1 | awk 'NR==1 {print; print ""; next} {printf "%s ", $0} NR%3==0 {print ""; print ""}' \
  > "$OUT/sample-ar.txt"
T=$(now)
if (cd "$SCRATCH" && run_installed QT_QPA_PLATFORM=offscreen timeout 300 /usr/bin/tarjama-desk "$OUT/sample-ar.txt" \
      --screenshot "$OUT/screenshot-offscreen.png") > "$OUT/screenshot.log" 2>&1 && [ -s "$OUT/screenshot-offscreen.png" ]; then
  record "screenshot (offscreen)" "$(elapsed "$T")" "dist/verify/screenshot-offscreen.png"
else
  record "screenshot (offscreen)" "$(elapsed "$T")" "FAILED (see dist/verify/screenshot.log)"; FAILED+=(screenshot)
fi
# Arabic must render with the bundled font when the system has none: hide every system font
# but DejaVu (no Arabic glyphs) with a private fontconfig file.
mkdir -p "$SCRATCH/fc"
cat > "$SCRATCH/fc/fonts.conf" <<EOF
<?xml version="1.0"?>
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>$SCRATCH/fc/cache</cachedir></fontconfig>
EOF
T=$(now)
if (cd "$SCRATCH" && run_installed FONTCONFIG_FILE="$SCRATCH/fc/fonts.conf" QT_QPA_PLATFORM=offscreen timeout 300 \
      /usr/bin/tarjama-desk "$OUT/sample-ar.txt" --screenshot "$OUT/screenshot-no-system-fonts.png" --size 1000x600) \
      >> "$OUT/screenshot.log" 2>&1 && [ -s "$OUT/screenshot-no-system-fonts.png" ]; then
  record "screenshot (no system fonts)" "$(elapsed "$T")" "dist/verify/screenshot-no-system-fonts.png"
else
  record "screenshot (no system fonts)" "$(elapsed "$T")" "FAILED (see dist/verify/screenshot.log)"; FAILED+=(fonts)
fi
if command -v xvfb-run >/dev/null; then
  T=$(now)  # the real xcb platform plugin, as on a desktop
  if (cd "$SCRATCH" && run_installed timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" /usr/bin/tarjama-desk \
        "$OUT/sample-ar.txt" --screenshot "$OUT/screenshot-xvfb.png") >> "$OUT/screenshot.log" 2>&1 \
      && [ -s "$OUT/screenshot-xvfb.png" ]; then
    record "screenshot (xvfb, xcb)" "$(elapsed "$T")" "dist/verify/screenshot-xvfb.png"
  else
    record "screenshot (xvfb, xcb)" "$(elapsed "$T")" "FAILED (see dist/verify/screenshot.log)"; FAILED+=(xvfb)
  fi
fi

# 6. the frozen huggingface-hub path: `desk models install` from a fake Hub on 127.0.0.1 -----------
# (tests/fakehub.py is standard library only; it serves the fixture as the catalogue's repos)
T=$(now)
if (cd "$SCRATCH" && PYTHONPATH="$ROOT/tests" timeout 300 python3 - "$SCRATCH" <<'PY'
import os, subprocess, sys
from fakehub import serve_repos

fixture = "tests/fixtures/tiny-ar-en/ct2"
scratch = sys.argv[1]
root = os.environ["PYTHONPATH"].rsplit("/tests", 1)[0]
repos = {r: os.path.join(root, fixture) for r in ("gaudi/opus-mt-ar-en-ctranslate2", "Helsinki-NLP/opus-mt-ar-en")}
with serve_repos(repos) as url:
    env = {"PATH": "/usr/bin:/bin", "HOME": scratch + "/home", "DESK_HOME": scratch + "/hub-home",
           "HF_ENDPOINT": url, "LANG": "C.UTF-8"}
    run = subprocess.run(["/usr/bin/desk", "models", "install", "opus-mt-ar-en"], env=env,
                         capture_output=True, text=True, timeout=240)
    print(run.stdout[-600:], run.stderr[-600:])
    sys.exit(run.returncode)
PY
) > "$OUT/hub-install.log" 2>&1; then
  record "models install (fake hub)" "$(elapsed "$T")" "ok: $(grep -m1 '^Installed' "$OUT/hub-install.log")"
else
  record "models install (fake hub)" "$(elapsed "$T")" "FAILED (see dist/verify/hub-install.log)"; FAILED+=(hub)
fi

if [ "$PURGE" = 1 ]; then dpkg --purge tarjama-desk > /dev/null && echo "== removed tarjama-desk"; fi

{
  echo "verify_deb.sh $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "bundle: $BUNDLE_MB MiB (model $MODEL_MB MiB); .deb: $DEB_MB MiB ($(basename "$DEB"))"
  printf '%s\n' "${TIMINGS[@]}"
  echo "total: $(elapsed "$T_ALL") s"
} | tee "$OUT/timings.txt"
if [ "${#FAILED[@]}" -gt 0 ]; then
  echo "verify_deb: FAIL (${FAILED[*]})"; exit 1
fi
echo "verify_deb: PASS"
