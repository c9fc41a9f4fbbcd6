#!/usr/bin/env bash
# Tests the Debian package on this machine: builds it (scripts/package.sh), installs it with
# dpkg, checks the systemd unit with `systemd-analyze verify`, creates an administrator with the
# `cchc` command, starts the installed binary as the service's user on a fresh database and
# expects /ready, the log-in page and the site's files; then purges the package again.
# Needs root (dpkg); refuses to touch a cchc package it did not install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "$(id -u)" -ne 0 ]; then
    echo "package test: needs root (dpkg -i); run it as root" >&2
    exit 1
fi
if dpkg -s cchc >/dev/null 2>&1; then
    echo "package test: a cchc package is installed here already; not touching it" >&2
    exit 1
fi
had_state=0
[ -e /var/lib/cchc ] && had_state=1
deb="$(bash scripts/package.sh)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    dpkg --purge cchc >/dev/null 2>&1 || true
    [ "$had_state" = 0 ] && rm -rf /var/lib/cchc
    rm -rf "$WORK"
}
trap cleanup EXIT

dpkg -i "$deb" >"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log"; exit 1; }
for f in /usr/bin/cchc-server /usr/sbin/cchc /etc/cchc/cchc.env /lib/systemd/system/cchc.service \
    /usr/share/cchc/fonts/LiberationSerif-Regular.ttf /usr/share/doc/cchc/operations.md; do
    [ -e "$f" ] || { echo "package test: $f not installed" >&2; exit 1; }
done
ls /usr/share/cchc/site/pkg/cchc.wasm >/dev/null
getent passwd cchc >/dev/null || { echo "package test: no cchc user" >&2; exit 1; }
[ "$(stat -c %U /var/lib/cchc)" = cchc ] || { echo "package test: /var/lib/cchc not the service's" >&2; exit 1; }

echo "== systemd-analyze verify"
systemd-analyze verify /lib/systemd/system/cchc.service
echo "hardening: $(systemd-analyze security --offline=true /lib/systemd/system/cchc.service 2>/dev/null | tail -1 || echo 'not rated here')"

echo "== the cchc command: first administrator"
printf 'Quan-tri-tinh-2026!\n' | cchc create-admin --username quantri 2>&1 | tail -1
[ "$(stat -c %U /var/lib/cchc/cchc.db)" = cchc ] || { echo "package test: the database is not the service's" >&2; exit 1; }

echo "== the installed binary, as the service's user, on a fresh database"
DATA="$WORK/data"
mkdir -p "$DATA"
chown cchc:cchc "$DATA" "$WORK"
(
    set -a
    . /etc/cchc/cchc.env
    set +a
    CCHC_DATA_DIR="$DATA" DATABASE_URL="sqlite://$DATA/cchc.db?mode=rwc" \
        LEPTOS_SITE_ADDR=127.0.0.1:0 CCHC_BACKUP_DIR="$DATA/backups" RUST_LOG=warn \
        exec runuser -u cchc -- /usr/bin/cchc-server serve
) >"$WORK/out.log" 2>"$WORK/err.log" &
SERVER_PID=$!
addr=""
for _ in $(seq 1 100); do
    addr="$(sed -n 's/.*Serving on \(http:[^ ]*\).*/\1/p' "$WORK/out.log" | head -1)"
    [ -n "$addr" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
done
[ -n "$addr" ] || { echo "package test: the server did not start"; cat "$WORK/err.log"; exit 1; }
code() { curl -s -o "$WORK/body" -w '%{http_code}' "$@"; }
[ "$(code "$addr/ready")" = 200 ] || { echo "package test: /ready: $(cat "$WORK/body")"; exit 1; }
[ "$(code "$addr/login")" = 200 ] && grep -q "Đăng nhập" "$WORK/body" \
    || { echo "package test: no log-in page"; exit 1; }
css="$(grep -o '/pkg/cchc\.[0-9a-f]*\.css' "$WORK/body" | head -1)"
[ -n "$css" ] && [ "$(code "$addr$css")" = 200 ] || { echo "package test: the site's stylesheet is not served"; exit 1; }
echo "package test: passed ($addr: /ready 200, log-in page, $css)"
