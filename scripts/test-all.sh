#!/usr/bin/env bash
# The one test command (README, .ci/run): native tests, the release web build, the browser
# component tests (wasm-bindgen-test in headless Chromium) and the Playwright e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm's wasm-opt (binaryen 132) must shadow Debian's (108 corrupts the wasm).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"

# A fresh machine gets its tools first (idempotent: a no-op once everything is installed).
if [ "${SKIP_INSTALL:-0}" != 1 ]; then
  bash scripts/install-tools.sh all
fi

# The stages run in a function whose output is also logged, to tally one closing line at the end.
# Every stage runs even when an earlier one failed (so one flaky test does not hide the rest),
# except the browser stages, which need the release build; the exit status is 1 if any failed.
FAILED_STAGES=()
stage() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then
    echo "== FAILED: $name"
    FAILED_STAGES+=("$name")
    return 1
  fi
}

stages() {
  stage "native tests (engine, text formats, CLI, charts, form model)" cargo test --locked
  if stage "release web build (trunk)" trunk build --release; then
    stage "browser component tests (wasm-bindgen-test, headless Chromium)" cargo test --locked --target wasm32-unknown-unknown --test web
    stage "end-to-end tests (Playwright + Chromium against dist/)" node --test --test-concurrency=1 e2e/
  else
    echo "== skipped: the browser component and end-to-end tests (no release build)"
    FAILED_STAGES+=("browser tests (skipped)")
  fi
  stage "front door (the README's first command, scripts/serve.sh, on a fresh clone: the page answers and draws its first chart)" \
    node --test scripts/frontdoor.test.mjs
  stage "fuzz smoke (every cargo-fuzz target, ${FUZZ_SECONDS:-10} s each from the committed seed corpus)" \
    env FUZZ_REQUIRED=1 bash scripts/fuzz-smoke.sh "${FUZZ_SECONDS:-10}"
  if [ ${#FAILED_STAGES[@]} -gt 0 ]; then
    echo "== failed stages: ${FAILED_STAGES[*]}"
    return 1
  fi
}

LOG=$(mktemp)
set +e
stages 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

# One closing line over every runner above (a failed stage without failed tests counts as one): cargo/wasm-bindgen-test ("test result: ... N passed;
# M failed"), node --test ("# pass N" / "# fail M") and the fuzz smoke ("N passed, M failed").
awk '
  /^test result: / { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed;?$/) p += $(i-1); if ($(i) ~ /^failed;?$/) f += $(i-1) } }
  /^# pass [0-9]+$/ { p += $3 }
  /^# fail [0-9]+$/ { f += $3 }
  /^fuzz-smoke: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
  /^== FAILED: / { sf++ }
  # A stage that failed without a failed test (a build error) still counts as a failure.
  END { if (f == 0 && sf > 0) f = sf; printf "all: %d passed, %d failed\n", p, f }
' "$LOG"
rm -f "$LOG"
exit "$status"
