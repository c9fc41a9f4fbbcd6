#!/usr/bin/env bash
# Runs every test: unit tests, integration tests through HTTP on SQLite and on PostgreSQL, the
# browser tests (Playwright in Debian's Chromium) against the release build, and the Debian
# package built from it (installed, checked and started here, then purged).
# PostgreSQL: CCHC_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432); each test makes and
# drops its own database.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
# A one-off run of every test gains nothing from incremental builds of the workspace's crates,
# which would add almost 3 GB to the target folder.
export CARGO_INCREMENTAL=0

start=$(date +%s)
echo "== formatting and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== unit and integration tests (SQLite and PostgreSQL)"
# The views are type-erased (`erase_components`) by `.cargo/config.toml`, as in every host build.
cargo nextest run --workspace --locked

echo "== release build (server + WebAssembly, optimised with binaryen's wasm-opt)"
cargo leptos build --release --precompress

echo "== browser tests"
rm -rf end2end/artifacts end2end/test-results
(cd end2end && npx playwright test)

echo "== Debian package: install, systemd-analyze verify, start, /ready"
bash scripts/package-test.sh
echo "all tests passed in $(( $(date +%s) - start ))s (after set-up)"
