#!/usr/bin/env bash
# The one test command (README, .ci/run): native engine + CLI tests.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

echo "== native tests (engine, text formats, CLI)"
cargo test --locked
