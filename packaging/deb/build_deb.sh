#!/usr/bin/env bash
# Package a PyInstaller bundle as a Debian package with dpkg-deb (no debhelper needed).
#
#   packaging/deb/build_deb.sh BUNDLE_DIR VERSION OUT_DIR [xz|gzip|none]
#
# Layout of the package:
#   /opt/tarjama-desk/                     the bundle (executable + _internal/)
#   /usr/bin/tarjama-desk                  symlink to /opt/tarjama-desk/tarjama-desk (the GUI)
#   /usr/bin/desk                          the same executable: called `desk`, it runs the command line
#   /usr/share/applications/tarjama-desk.desktop            menu entry + MIME associations
#   /usr/share/mime/packages/tarjama-desk.xml               the .tarjama project type
#   /usr/share/icons/hicolor/{16..512}/apps/tarjama-desk.png, scalable/apps/tarjama-desk.svg
#   /usr/share/metainfo/org.tarjamadesk.TarjamaDesk.metainfo.xml  AppStream
#   /usr/share/doc/tarjama-desk/copyright  licences (app MIT, bundled font OFL)
# Menu, MIME and icon caches are refreshed by the dpkg triggers of desktop-file-utils,
# shared-mime-info and hicolor-icon-theme, so no maintainer scripts are needed.
# Depends: the system libraries the bundle links against, found with ldd and dpkg -S, plus the
# X11/xcb libraries Qt's xcb platform plugin needs on a desktop.
set -euo pipefail

BUNDLE="$(cd "$1" && pwd)"
VERSION="$2"
OUT="$(mkdir -p "$3" && cd "$3" && pwd)"
COMPRESSION="${4:-xz}"
HERE="$(cd "$(dirname "$0")" && pwd)"
PKG="$(cd "$HERE/.." && pwd)"
ROOT="$(cd "$PKG/.." && pwd)"
NAME=tarjama-desk
ARCH="$(dpkg --print-architecture)"
STAGE="${DEB_STAGE_DIR:-$ROOT/build/deb}/$NAME"

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/mime/packages" "$STAGE/usr/share/metainfo" "$STAGE/usr/share/doc/$NAME" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps"

cp -a "$BUNDLE" "$STAGE/opt/$NAME"
ln -s "/opt/$NAME/$NAME" "$STAGE/usr/bin/$NAME"
ln -s "/opt/$NAME/$NAME" "$STAGE/usr/bin/desk"  # the command line (the launcher dispatches on its name)
install -m 644 "$PKG/linux/tarjama-desk.desktop" "$STAGE/usr/share/applications/$NAME.desktop"
install -m 644 "$PKG/linux/tarjama-desk-mime.xml" "$STAGE/usr/share/mime/packages/$NAME.xml"
install -m 644 "$PKG/linux/org.tarjamadesk.TarjamaDesk.metainfo.xml" "$STAGE/usr/share/metainfo/"
install -m 644 "$PKG/icons/tarjama-desk.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
for png in "$PKG"/icons/png/tarjama-desk-*.png; do
  size="${png##*-}"; size="${size%.png}"
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Tarjama Desk"
  echo
  echo "Files: *"
  echo "Copyright: Tarjama Desk developers"
  echo "License: MIT"
  echo
  echo "Files: opt/tarjama-desk/_internal/desk/ui/resources/fonts/*"
  echo "Copyright: 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC."
  echo "License: OFL-1.1"
  echo
  echo "Files: opt/tarjama-desk/_internal/*"
  echo "Comment: Python, Qt (PySide6, LGPLv3), CTranslate2 (MIT), sentencepiece (Apache-2.0) and the"
  echo " other bundled libraries keep their own licences; see their *.dist-info folders."
  echo
  echo "License: OFL-1.1"
  sed -e 's/^$/./' -e 's/^/ /' "$ROOT/ui/resources/fonts/OFL.txt"
} > "$STAGE/usr/share/doc/$NAME/copyright"
chmod 644 "$STAGE/usr/share/doc/$NAME/copyright"

# Depends: packages owning the system libraries the bundle's ELF files need and do not carry
# (ldd with the bundle's library folder first, as the frozen app runs; one dpkg -S for all).
INTERNAL="$STAGE/opt/$NAME/_internal"
mapfile -t SYSLIBS < <(find "$STAGE/opt/$NAME" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
    | xargs -0 file -N | grep -E 'ELF .* (shared object|executable)' | cut -d: -f1 \
    | LD_LIBRARY_PATH="$INTERNAL" xargs -r ldd 2>/dev/null | awk '/=> \// { print $3 }' \
    | grep -v "^$STAGE" | sort -u)
# merged /usr: dpkg knows a library under /lib or /usr/lib, ldd may say either; ask for both.
QUERY=()
for lib in "${SYSLIBS[@]}"; do
  QUERY+=("$lib")
  case "$lib" in /usr/*) QUERY+=("${lib#/usr}") ;; *) QUERY+=("/usr$lib") ;; esac
done
declare -A DEPS=()
if [ "${#QUERY[@]}" -gt 0 ]; then
  while IFS= read -r owner; do
    DEPS["$owner"]=1
  done < <(dpkg -S "${QUERY[@]}" 2>/dev/null | cut -d: -f1 | tr ',' '\n' | sed 's/^ *//' | sort -u)
fi
# Qt's xcb platform plugin (the one a desktop uses) needs these; they may be absent on a build host.
for dep in libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-render-util0 \
           libxcb-image0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libx11-xcb1 libfontconfig1 libegl1 libgl1; do
  DEPS["$dep"]=1
done
DEPENDS="$(printf '%s\n' "${!DEPS[@]}" | sed -E 's/:(amd64|arm64|i386)$//' | sort -u | paste -sd, | sed 's/,/, /g')"
INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)

cat > "$STAGE/DEBIAN/control" <<EOF
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: Tarjama Desk developers <tarjama-desk@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Section: text
Priority: optional
Description: offline Arabic to English translation and summarisation
 Tarjama Desk is a desktop application for professional translators: open or
 paste an Arabic article, read the Arabic and the English side by side,
 sentence by sentence, read an extractive summary, correct the English and
 export a bilingual DOCX, an English DOCX, TMX, TXT or JSON.
 .
 Translation runs locally with the OPUS-MT Arabic-English model through
 CTranslate2; documents never leave the computer.
EOF
if [ -f "$STAGE/opt/$NAME/_internal/model/model.bin" ]; then
  echo " ." >> "$STAGE/DEBIAN/control"
  echo " This build includes a translation model, so it works offline from the first start." >> "$STAGE/DEBIAN/control"
fi

# Ownership root:root, no group/other write bits anywhere.
chmod -R u+rwX,go+rX,go-w "$STAGE"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
rm -f "$DEB"
dpkg-deb --root-owner-group -Z"$COMPRESSION" --build "$STAGE" "$DEB" >/dev/null
echo "== $DEB: $(( $(stat -c %s "$DEB") / 1048576 )) MiB (installed $((INSTALLED_KB / 1024)) MiB)"
echo "   Depends: $DEPENDS"
