#!/usr/bin/env bash
# Serves the app at http://127.0.0.1:8765/ with live rebuilds (installs the tools first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-tools.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# A dev build into its own folder, so dist/ (the release build the e2e tests use) stays intact.
exec trunk serve --dist target/serve-dist "$@"
