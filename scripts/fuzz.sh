#!/usr/bin/env bash
# Runs the property tests over every parser of user input with many more cases than the normal
# test run: 10,000 generated or mutated inputs per property by default (set FUZZ_CASES to
# change it). Each property must see no panic and no abort. Prints how long it took.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CASES="${FUZZ_CASES:-10000}"
start=$(date +%s)
echo "== property tests: $CASES inputs per parser"
# The same build as `scripts/test.sh` (same flags, same runner), so it is reused.
bash scripts/setup.sh >/dev/null
PROPTEST_CASES="$CASES" cargo nextest run --workspace --locked --profile fuzz -E 'test(/parser_props/)'
echo "fuzzing done in $(( $(date +%s) - start ))s"
