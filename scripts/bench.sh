#!/usr/bin/env bash
# Benchmark: builds the scale province (150 units, 5 plans, 10,000 tasks, 100,000 progress
# updates) on SQLite and on PostgreSQL and prints the server time (p50/p95) of the plan page and
# "my tasks", and, from the release server in its own process, the requests per second of
# "my tasks" with 8 concurrent clients (wrk) and the server's memory idle and at its peak.
#
#   bash scripts/bench.sh [sqlite|postgres|both] [tasks]
#   bash scripts/bench.sh scale [sqlite|postgres|both]  # 10,000 and 100,000 tasks side by side
#   bash scripts/bench.sh report [sqlite|postgres|both]   # the province report: compile + PDF
#   bash scripts/bench.sh reminders [sqlite|postgres|both]  # run_due over the scale province
#   bash scripts/bench.sh dashboard [sqlite|postgres|both]  # the overview dashboard
#   bash scripts/bench.sh login      # a page's latency alone and during a burst of 50 log-ins
#   bash scripts/bench.sh weight     # bytes a browser downloads (compressed) for the first pages
#   bash scripts/bench.sh slow       # a unit officer's tasks in Chromium on a slow mobile link
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export LEPTOS_OUTPUT_NAME=cchc LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg
if [ "${1:-}" = "weight" ]; then
  export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
  cargo leptos build --release --precompress
  cargo run --release --locked -p integration-tests --bin bench -- weight
elif [ "${1:-}" = "slow" ]; then
  export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
  cargo leptos build --release --precompress
  node end2end/bench/slow-link.mjs
elif [ "${1:-}" = "login" ]; then
  cargo run --release --locked -p integration-tests --bin bench -- login
elif [ "${1:-}" = "report" ] || [ "${1:-}" = "reminders" ] || [ "${1:-}" = "dashboard" ]; then
  cargo run --release --locked -p integration-tests --bin bench -- "$1" "${2:-both}"
elif [ "${1:-}" = "scale" ]; then
  # The release server (as `scripts/run.sh` builds it) measures throughput and memory in its
  # own process.
  PATH="$ROOT/end2end/node_modules/.bin:$PATH" cargo leptos build --release --precompress
  cargo run --release --locked -p integration-tests --bin bench -- scale "${2:-both}"
else
  PATH="$ROOT/end2end/node_modules/.bin:$PATH" cargo leptos build --release --precompress
  cargo run --release --locked -p integration-tests --bin bench -- "${1:-both}" "${2:-10000}"
fi
