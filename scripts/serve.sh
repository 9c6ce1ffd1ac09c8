#!/usr/bin/env bash
# Serves the app with live rebuilds at http://127.0.0.1:8765/ (or --port N), on a fresh clone too:
# installs only what building and serving needs (scripts/install-tools.sh build), then runs
# `trunk serve`, which prints its own progress (cargo's compile lines, then "server listening").
# Further arguments go to trunk serve (e.g. --release).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
echo "[serve] trunk serve: building the app (the first build compiles every crate for wasm32: ~10 min on 2 cores), then serving it"
# A dev build into its own folder, so dist/ (the release build the tests use) stays intact.
exec trunk serve --dist target/serve-dist "$@"
