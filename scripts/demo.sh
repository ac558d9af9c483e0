#!/usr/bin/env bash
# Builds helpbook and serves the demo help center (content/ + book.toml) with
# live reload on http://127.0.0.1:${PORT:-8000}/ until you press Ctrl-C:
# edit a file under content/ and the open page updates.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"

cargo build --release --locked
exec ./target/release/helpbook serve --port "$PORT"
