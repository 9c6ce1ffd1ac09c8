#!/usr/bin/env bash
# wasm (Node/V8) vs native on the standard workloads, in one run:
#   bash benches/wasm-node/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")"
RUNS=${1:-15}
ROOT=../..
cargo build --quiet --release --target wasm32-unknown-unknown
(cd "$ROOT" && cargo build --quiet --release --bin schedule-explorer)
echo "# native"
(cd "$ROOT" && ./target/release/schedule-explorer bench --runs "$RUNS")
echo "# wasm (node $(node --version))"
node run.mjs "$ROOT/tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt" "$RUNS"
