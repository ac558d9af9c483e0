#!/usr/bin/env bash
# Runs every test of helpbook: unit, integration (CLI on fixture help centers)
# and the browser end-to-end suite. Used by the README and .ci/run.
#
# One profile for all of it: the Rust tests run in release, the profile the
# browser suite needs, and the browser suite runs the binary those tests
# built and ran (target/release/helpbook), so the dependencies are compiled
# once, not once in debug and again in release. The README says how long a
# first run takes.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --release --locked --workspace --all-targets
HELPBOOK_BIN="$PWD/target/release/helpbook" bash scripts/e2e.sh
