#!/usr/bin/env bash
# The benchmark table of docs/BENCHMARKS.md, measured in one run:
#   bash scripts/bench-all.sh [RUNS]
# native (`schedule-explorer bench`), the same code as wasm32 in Node/V8 (benches/wasm-node),
# and RETURNN's own Python on workload b (scripts/bench-returnn.py; needs `pip install returnn`).
# Prints the JSON lines, then a markdown table with the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
RUNS=${1:-15}
MOL=tests/fixtures/realdata/lrfiles/rwth-i6_i6_experiments_users__gaudino__visualization__lr_file_mol.txt
cargo build --quiet --release --bin schedule-explorer
(cd benches/wasm-node && cargo build --quiet --release --target wasm32-unknown-unknown)
out=$(mktemp)
{
  ./target/release/schedule-explorer bench --runs "$RUNS" | sed 's/^/native /'
  node benches/wasm-node/run.mjs "$MOL" "$RUNS" | sed 's/^/wasm /'
  if python3 -c 'import returnn' 2>/dev/null; then
    python3 scripts/bench-returnn.py --runs "$RUNS" "$MOL" | sed 's/^/returnn /'
  else
    echo "returnn-missing"
  fi
} | tee "$out"
python3 - "$out" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    kind, _, rest = line.strip().partition(" ")
    if rest.startswith("{"):
        d = json.loads(rest)
        rows[(kind, d["workload"].replace("_returnn_python", ""))] = d["median_ms"]
a, b = "simulate_adam_rosenbrock_newbob_rel", "parse_replay_lr_file_mol"
print("\n| workload | native (ms) | wasm in Node (ms) | wasm speed / native | RETURNN Python (ms) | native speed-up over RETURNN |")
print("|---|---|---|---|---|---|")
for w in (a, b):
    n, wa, r = rows.get(("native", w)), rows.get(("wasm", w)), rows.get(("returnn", w))
    f = lambda x: "%.2f" % x if x is not None else "—"
    ratio = "%.2f×" % (n / wa) if n and wa else "—"
    speed = "%.1f×" % (r / n) if n and r else "—"
    print("| `%s` | %s | %s | %s | %s | %s |" % (w, f(n), f(wa), ratio, f(r), speed))
PY
rm -f "$out"
