#!/usr/bin/env bash
# Browser end-to-end tests: builds the release binary (or takes $HELPBOOK_BIN), then drives Debian's Chromium
# (/usr/bin/chromium, or $CHROMIUM_PATH) with playwright-core against the demo help
# center served on 127.0.0.1. Screenshots go to tests/e2e/artifacts/ (git-ignored).
# Extra arguments are passed to `node --test` (e.g. --test-name-pattern=axe).
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "== installing Chromium from Debian (browser end-to-end tests)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    echo "e2e: Chromium not found at $CHROMIUM_PATH; install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
export CHROMIUM_PATH

if [ -n "${HELPBOOK_BIN:-}" ]; then
  # scripts/test.sh passes the binary its `cargo test --release` built and
  # tested: building again here would compile the dependencies a second
  # time (the tests' dev-dependencies turn on extra features of a few, such
  # as serde_json's, and everything above them is built again without).
  if [ ! -x "$HELPBOOK_BIN" ]; then
    echo "e2e: HELPBOOK_BIN=$HELPBOOK_BIN is not an executable" >&2
    exit 1
  fi
else
  cargo build --release --locked
  export HELPBOOK_BIN="$PWD/target/release/helpbook"
fi

cd tests/e2e
# Installed when missing, and again when package-lock.json changed since the last install
# (a copy of it is kept in node_modules/).
if [ ! -d node_modules ] || ! cmp -s package-lock.json node_modules/.helpbook-installed-lock.json; then
  # playwright-core never downloads browsers; this only keeps npm quiet and offline-friendly.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.helpbook-installed-lock.json
fi
rm -rf artifacts
echo "== e2e (Chromium: $("$CHROMIUM_PATH" --version 2>/dev/null | head -n1))"
# One test file at a time: each launches its own Chromium, and CI has 2 cores.
exec node --test --test-concurrency=1 --test-reporter=spec "$@" ./*.test.js
