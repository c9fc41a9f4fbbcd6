#!/usr/bin/env bash
# Runs the application: installs what is missing, builds (release), creates the SQLite database
# under ./data, loads the demo province on first run, and serves on a printed address.
# Environment: LEPTOS_SITE_ADDR (default 127.0.0.1:3000), DATABASE_URL, CCHC_DATA_DIR.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"   # wasm-opt from npm's binaryen
cargo leptos build --release --precompress
export LEPTOS_OUTPUT_NAME=cchc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:3000}"
export CCHC_DATA_DIR="${CCHC_DATA_DIR:-$ROOT/data}"
exec target/release/server serve --demo
