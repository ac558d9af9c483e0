#!/usr/bin/env bash
# Builds the demo help center (content/ + book.toml) and serves it on
# http://127.0.0.1:${PORT:-8000}/ until you press Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"

cargo build --release --locked
./target/release/helpbook build
echo "Serving the demo help center at http://127.0.0.1:${PORT}/ (Ctrl-C to stop)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory site
