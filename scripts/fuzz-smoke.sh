#!/usr/bin/env bash
# Fuzz smoke run: builds the cargo-fuzz targets in fuzz/ and runs each for a few seconds, starting
# from the committed seed corpus (fuzz/corpus/<target>/; new inputs go to a temporary directory,
# the committed corpus is not changed). A crash, panic or failed assertion fails the script and
# leaves the reproducer in fuzz/artifacts/<target>/.
#
#   bash scripts/fuzz-smoke.sh [SECONDS_PER_TARGET] [TARGET...]     (default 15 s, all targets)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and libFuzzer's nightly-only flags: the nightly
# toolchain if rustup has one, else the stable toolchain with RUSTC_BOOTSTRAP=1. Without
# cargo-fuzz the run is skipped (exit 0) unless FUZZ_REQUIRED=1. FUZZ_NIGHTLY=0 forces the stable
# toolchain with RUSTC_BOOTSTRAP=1 even where a nightly is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_TARGET=${1:-15}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(python_literal lr_file config_import config_eval simulate_structured)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "[fuzz-smoke] cargo-fuzz is not installed (cargo install cargo-fuzz): skipped"
  [ "${FUZZ_REQUIRED:-0}" = 1 ] && exit 1
  exit 0
fi

# `cargo +nightly fuzz` where rustup has a nightly; else the default toolchain with RUSTC_BOOTSTRAP=1.
TOOLCHAIN=()
if [ "${FUZZ_NIGHTLY:-1}" = 1 ] && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  TOOLCHAIN=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

cd fuzz
echo "[fuzz-smoke] cargo ${TOOLCHAIN[*]} fuzz build${RUSTC_BOOTSTRAP:+ (RUSTC_BOOTSTRAP=1)}"
nice cargo "${TOOLCHAIN[@]}" fuzz build 2>&1 | tail -3
passed=0
failed=0
for t in "${TARGETS[@]}"; do
  work=$(mktemp -d)
  echo "[fuzz-smoke] $t: ${SECONDS_PER_TARGET}s"
  if nice cargo "${TOOLCHAIN[@]}" fuzz run "$t" "$work" "corpus/$t" -- \
      -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 -timeout=20 >"$work.log" 2>&1; then
    runs=$(grep -Eo 'Done [0-9]+ runs' "$work.log" | tail -1 || true)
    echo "[fuzz-smoke] $t: ok (${runs:-no run count})"
    passed=$((passed + 1))
  else
    echo "[fuzz-smoke] $t: FAILED; log tail:"
    tail -40 "$work.log"
    failed=$((failed + 1))
  fi
  rm -rf "$work" "$work.log"
done
echo "fuzz-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
