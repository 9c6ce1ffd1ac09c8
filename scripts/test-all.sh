#!/usr/bin/env bash
# The one test command (README, .ci/run): native tests, the release web build, the browser
# component tests (wasm-bindgen-test in headless Chromium) and the Playwright e2e tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# npm's wasm-opt (binaryen 132) must shadow Debian's (108 corrupts the wasm).
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"

echo "== native tests (engine, text formats, CLI, charts, form model)"
cargo test --locked

echo "== release web build (trunk)"
trunk build --release

echo "== browser component tests (wasm-bindgen-test, headless Chromium)"
cargo test --locked --target wasm32-unknown-unknown --test web

echo "== end-to-end tests (Playwright + Chromium against dist/)"
node --test --test-concurrency=1 e2e/

echo "== fuzz smoke (every cargo-fuzz target, ${FUZZ_SECONDS:-10} s each from the committed seed corpus)"
FUZZ_REQUIRED=1 bash scripts/fuzz-smoke.sh "${FUZZ_SECONDS:-10}"
