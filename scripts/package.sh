#!/usr/bin/env bash
# Builds the Debian package target/debian/cchc_<version>_amd64.deb from the release build
# (target/release/server and target/site, made by `cargo leptos build --release --precompress`):
# the binary, the site, the Liberation Serif fonts of the PDF reports, a default configuration
# (/etc/cchc/cchc.env), a hardened systemd unit, the `cchc` admin command, and the docs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
for f in target/release/server target/site/pkg; do
    [ -e "$f" ] || { echo "package: $f is missing: build the release first (cargo leptos build --release --precompress)" >&2; exit 1; }
done
FONTS="${CCHC_FONT_DIR:-/usr/share/fonts/truetype/liberation2}"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
ARCH="$(dpkg --print-architecture)"
OUT="target/debian"
TREE="$OUT/cchc_${VERSION}_${ARCH}"
rm -rf "$TREE"
mkdir -p "$TREE/DEBIAN" "$TREE/usr/bin" "$TREE/usr/sbin" "$TREE/usr/share/cchc/fonts" \
    "$TREE/usr/share/doc/cchc" "$TREE/etc/cchc" "$TREE/lib/systemd/system"

install -m 0755 target/release/server "$TREE/usr/bin/cchc-server"
strip --strip-unneeded "$TREE/usr/bin/cchc-server" 2>/dev/null || true
cp -r target/site "$TREE/usr/share/cchc/site"
for face in Regular Bold Italic BoldItalic; do
    install -m 0644 "$FONTS/LiberationSerif-$face.ttf" "$TREE/usr/share/cchc/fonts/"
done
install -m 0644 server/debian/cchc.env "$TREE/etc/cchc/cchc.env"
install -m 0644 server/debian/cchc.service "$TREE/lib/systemd/system/cchc.service"
install -m 0755 server/debian/cchc "$TREE/usr/sbin/cchc"
install -m 0644 docs/operations.md README.md "$TREE/usr/share/doc/cchc/"
for script in postinst prerm postrm; do
    install -m 0755 "server/debian/$script" "$TREE/DEBIAN/$script"
done
echo "/etc/cchc/cchc.env" > "$TREE/DEBIAN/conffiles"
SIZE="$(du -sk "$TREE" | cut -f1)"
cat > "$TREE/DEBIAN/control" <<CONTROL
Package: cchc
Version: $VERSION
Architecture: $ARCH
Maintainer: CCHC <cchc@localhost>
Installed-Size: $SIZE
Depends: libc6, adduser, util-linux
Section: web
Priority: optional
Homepage: https://cchc.localhost
Description: Public administration reform plans and task tracking for a province
 Plans become tasks assigned to departments and communes; units report progress,
 the Department of Home Affairs compiles the province's reports (PDF), reminders
 chase deadlines, and the Chairman follows it on a dashboard. Vietnamese first.
CONTROL
dpkg-deb --root-owner-group --build "$TREE" "$OUT/cchc_${VERSION}_${ARCH}.deb" >/dev/null
echo "$OUT/cchc_${VERSION}_${ARCH}.deb"
