#!/usr/bin/env bash
# Runs every test of helpbook: unit, integration (CLI on fixture help centers)
# and, once present, the browser end-to-end suite. Used by the README and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked --workspace --all-targets
bash scripts/e2e.sh
