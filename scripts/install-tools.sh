#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine of this kind.
# Idempotent: each step is skipped when its tool is already there at the pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
RETURNN_VERSION=1.20261022.211313
# The wasm-bindgen-cli version must equal the wasm-bindgen pinned with `=` in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

log() { echo "[install-tools] $*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium + chromium-driver (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! command -v trunk >/dev/null || ! trunk --version | grep -q "$TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing nodejs + npm (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq nodejs npm >/dev/null
fi

if [ -f package-lock.json ]; then
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
     || ! node_modules/.bin/wasm-opt --version | grep -q "version_132"; then
    log "npm ci (binaryen wasm-opt 132, playwright-core)"
    npm ci --no-audit --no-fund
  fi
fi

if ! python3 -c "import returnn" >/dev/null 2>&1; then
  log "pip install returnn $RETURNN_VERSION (tests/returnn_python.rs loads exported snippets with it)"
  python3 -m pip install --quiet --disable-pip-version-check "returnn==$RETURNN_VERSION"
fi

# cargo-fuzz for the fuzz smoke run (scripts/fuzz-smoke.sh; stable toolchain + RUSTC_BOOTSTRAP=1).
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "cargo install cargo-fuzz 0.13.2"
  cargo install --locked cargo-fuzz --version 0.13.2 || cargo install cargo-fuzz --version 0.13.2
fi

if [ -f Cargo.lock ]; then
  cargo fetch --locked >/dev/null 2>&1 || cargo fetch --locked
fi
log "done"
