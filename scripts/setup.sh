#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine of this kind.
# Idempotent: each step checks what is present first, so a second run takes seconds.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION="0.3.10"
# Must equal the wasm-bindgen crate version pinned in Cargo.toml.
WASM_BINDGEN_VERSION="0.2.130"
S3S_FS_VERSION="0.14.1"
BINARYEN_VERSION="132"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# Build tools are compiled lightly optimised (opt-level 1, no link-time optimisation, no debug
# info): they run for seconds per build, while optimising them fully was most of their install
# time (cargo-leptos 20 minutes -> 7, wasm-bindgen-cli 3.5 -> 1 on 2 cores).
tool_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 \
    CARGO_PROFILE_RELEASE_STRIP=true cargo install "$@"
}

# Debian packages: Chromium for browser tests, poppler for PDF checks, Liberation fonts
# (2.x has Vietnamese), wrk for benchmarks.
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
[ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need_apt+=(fonts-liberation2)
command -v wrk >/dev/null 2>&1 || need_apt+=(wrk)
# The package test: systemd-analyze, adduser, curl.
command -v systemd-analyze >/dev/null 2>&1 || need_apt+=(systemd)
command -v adduser >/dev/null 2>&1 || need_apt+=(adduser)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# The two-instance test puts nginx in front of two servers (it starts its own nginx).
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_apt+=(nginx)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # No package may start a service of its own here (nginx's would take port 80).
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  [ "$made_policy" = 0 ] || $SUDO rm -f /usr/sbin/policy-rc.d
fi
# The report tests open each DOCX export in LibreOffice Writer (no GUI) and read its pages.
if ! command -v soffice >/dev/null 2>&1; then
  say "apt-get install libreoffice-writer-nogui"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  [ -n "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v lock)" ] || $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui >/dev/null
fi

# Rust wasm target.
if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos without its own downloads (the machine reaches only package registries).
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (about 7 minutes on 2 cores, once per machine)"
  tool_install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen CLI matching the crate.
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  tool_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# cargo-nextest runs the Rust tests (it ends a hung test instead of waiting forever).
if ! command -v cargo-nextest >/dev/null 2>&1; then
  say "cargo install cargo-nextest"
  tool_install cargo-nextest --locked
fi

# s3s-fs: an S3-compatible server on a folder, which the tests of S3 file storage start.
if ! s3s-fs --version 2>/dev/null | grep -q "$S3S_FS_VERSION"; then
  say "cargo install s3s-fs $S3S_FS_VERSION (for the S3 storage tests)"
  tool_install s3s-fs --version "$S3S_FS_VERSION" --locked --features binary
fi

# npm tools: wasm-opt from binaryen (Debian's is too old and breaks hydration), Playwright.
if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ]; then
  say "npm install in end2end/"
  (cd "$ROOT/end2end" && npm install --no-audit --no-fund --loglevel=error)
fi
"$ROOT/end2end/node_modules/.bin/wasm-opt" --version | grep -q "$BINARYEN_VERSION" \
  || { echo "wasm-opt is not binaryen $BINARYEN_VERSION" >&2; exit 1; }

say "tools ready"
