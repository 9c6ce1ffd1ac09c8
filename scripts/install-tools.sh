#!/usr/bin/env bash
# Installs the tools on a fresh machine of this kind, idempotently: each step is skipped when its
# tool is already there at the pinned version.
#   scripts/install-tools.sh build   what building and serving the app needs (scripts/serve.sh):
#                                    the wasm32 target, trunk, wasm-bindgen-cli, Node + npm's
#                                    binaryen (wasm-opt)
#   scripts/install-tools.sh [all]   the above and what the tests need (scripts/test-all.sh):
#                                    chromium + chromium-driver, returnn + numpy + mpmath, cargo-fuzz
# Every step prints one line before it starts. When a step fails, the script stops with one line
#   install-tools: FAILED: <tool>: <command>
# and exits 1 (nothing after it runs, so no half-started server).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

MODE=${1:-all}
case "$MODE" in build | all) ;; *) echo "usage: scripts/install-tools.sh [build|all]" >&2; exit 2 ;; esac

TRUNK_VERSION=${SE_TRUNK_VERSION:-0.21.14}  # SE_TRUNK_VERSION: only for the broken-environment test
RETURNN_VERSION=1.20261022.211313
NUMPY_VERSION=2.4.6
MPMATH_VERSION=1.3.0
CARGO_FUZZ_VERSION=0.13.2
# The wasm-bindgen-cli version must equal the wasm-bindgen pinned with `=` in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

log() { echo "[install-tools] $*"; }

# step TOOL COMMAND...: runs COMMAND; on failure prints the one FAILED line and exits 1.
step() {
  local tool=$1
  shift
  if ! "$@"; then
    echo "install-tools: FAILED: $tool: $*" >&2
    exit 1
  fi
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
}

if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "install-tools: FAILED: wasm-bindgen-cli: no wasm-bindgen version pinned in Cargo.lock" >&2
  exit 1
fi

# --- build and serve ---
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rust target wasm32-unknown-unknown (rustup, ~1 min)"
  step wasm32-unknown-unknown rustup target add wasm32-unknown-unknown
fi

if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
  log "trunk $TRUNK_VERSION (cargo install, ~8 min on 2 cores)"
  step trunk cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; then
  log "wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install, ~4 min)"
  step wasm-bindgen-cli cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "nodejs + npm (apt)"
  step nodejs apt_install nodejs npm
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || ! node_modules/.bin/wasm-opt --version | grep -q "version_132"; then
  log "npm ci: binaryen 132 (wasm-opt) and playwright-core (~30 s)"
  step "npm packages" npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$MODE" = build ]; then
  log "done (build tools)"
  exit 0
fi

# --- tests ---
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "chromium + chromium-driver (apt, ~2 min)"
  step chromium apt_install chromium chromium-driver
fi

if ! python3 -c "import returnn, numpy, mpmath" >/dev/null 2>&1; then
  log "returnn $RETURNN_VERSION, numpy $NUMPY_VERSION, mpmath $MPMATH_VERSION (pip: the tests check exports with RETURNN itself)"
  step returnn python3 -m pip install --quiet --disable-pip-version-check \
    "returnn==$RETURNN_VERSION" "numpy==$NUMPY_VERSION" "mpmath==$MPMATH_VERSION"
fi

# cargo-fuzz for the fuzz smoke run (scripts/fuzz-smoke.sh; stable toolchain + RUSTC_BOOTSTRAP=1).
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "cargo-fuzz $CARGO_FUZZ_VERSION (cargo install, ~3 min)"
  step cargo-fuzz cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

log "cargo fetch (the crates of Cargo.lock)"
step "cargo fetch" cargo fetch --locked --quiet
log "done (build and test tools)"
