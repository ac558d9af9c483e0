#!/usr/bin/env bash
# Rebuilds the committed search module, search/wasm/helpbook_search.wasm, and
# records the hash of its sources in search/wasm/SOURCE_HASH (a test fails
# when the sources change and this script was not run).
#
#   bash scripts/build-wasm.sh          rebuild
#   bash scripts/build-wasm.sh --hash   print the sources' hash only
set -euo pipefail
cd "$(dirname "$0")/.."

source_hash() {
  # Same recipe as tests/search.rs: sorted paths, "path\0contents\0" each.
  { echo search/Cargo.toml; echo search/wasm/Cargo.toml; echo search/wasm/Cargo.lock;
    find search/src search/wasm/src search/wasm/shim -type f \( -name '*.rs' -o -name Cargo.toml \); } | LC_ALL=C sort |
    while read -r f; do printf '%s\0' "$f"; cat "$f"; printf '\0'; done |
    sha256sum | cut -d' ' -f1
}

if [[ "${1:-}" == "--hash" ]]; then source_hash; exit 0; fi

rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown

(
  cd search/wasm
  RUSTFLAGS='--cfg getrandom_backend="custom"' \
    cargo build --locked --release --target wasm32-unknown-unknown
)
out=search/wasm/target/wasm32-unknown-unknown/release/helpbook_search_wasm.wasm
if command -v wasm-opt >/dev/null; then
  # The --enable flags are the wasm features rustc emits by default for
  # wasm32-unknown-unknown (`rustc --print cfg --target wasm32-unknown-unknown`);
  # cargo's `strip` drops the section that would tell wasm-opt, and without
  # them wasm-opt rejects the module. -Oz saves ~18% raw, ~4% gzipped.
  wasm-opt -Oz --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
    --strip-debug --strip-producers "$out" -o search/wasm/helpbook_search.wasm
else
  echo "wasm-opt not found: committing cargo's output as is" >&2
  cp "$out" search/wasm/helpbook_search.wasm
fi
source_hash > search/wasm/SOURCE_HASH
raw=$(wc -c < search/wasm/helpbook_search.wasm)
gz=$(gzip -9c search/wasm/helpbook_search.wasm | wc -c)
echo "search/wasm/helpbook_search.wasm: $raw bytes, $gz gzipped"
