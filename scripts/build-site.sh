#!/usr/bin/env bash
# Builds the static site to publish: the release build (trunk build --release) copied to OUT
# (default site/), with a precompressed `.br` (brotli 11) and `.gz` (gzip -9) beside each file.
# Upload OUT as it is to any static host, at a domain root or under any sub-path (every URL in it is
# relative). Prints the bytes a host sends per file: raw, gzip and brotli.
#   scripts/build-site.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-site}
bash scripts/install-tools.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
echo "[build-site] trunk build --release (~10 min on 2 cores from scratch)"
trunk build --release
rm -rf "$OUT"
cp -r dist "$OUT"
echo "[build-site] precompressing into $OUT/"
node scripts/precompress.mjs "$OUT"
echo "[build-site] done: $OUT/ (serve it as static files; hosts that send precompressed files use the .br/.gz)"
