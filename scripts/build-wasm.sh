#!/usr/bin/env bash
# Rebuilds the committed search modules and records the hash of their
# sources in search/wasm/SOURCE_HASH (a test fails when the sources change
# and this script was not run):
#
#   search/wasm/helpbook_search.wasm      the engine (no stemmer inside)
#   search/wasm/helpbook_search.wasm.br   the engine compressed with brotli
#                                         (quality 11, window 24: the brotli
#                                         CLI, Debian's package `brotli`),
#                                         which `helpbook build` writes beside
#                                         the module for hosts that serve
#                                         pre-compressed files
#   search/wasm/stemmers/<language>.wasm  one Snowball stemmer each, which an
#                                         index of that language carries in
#                                         its hot bundle for the engine
#
#   bash scripts/build-wasm.sh          rebuild
#   bash scripts/build-wasm.sh --hash   print the sources' hash only
#
# The modules are built with the standard library rebuilt for size (its
# `optimize_for_size` feature: small sorts instead of driftsort and ipnsort,
# which LLVM instantiated for each of ~20 element types; 48 KB raw, 19 KB
# gzipped less, same results), panics
# that abort without formatting a message, `{:?}` formatting that writes
# nothing and no source locations (`-Zbuild-std`, `-Cpanic=immediate-abort`,
# `-Zfmt-debug=none`, `-Zlocation-detail=none`: unstable options of the
# installed toolchain, enabled with RUSTC_BOOTSTRAP=1 for this build only;
# 56 KB gzipped less). A panic in the browser was already an abort; only its
# message, never shown, is gone, and error messages lose the parts tantivy
# prints with `{:?}`. It needs the rust-src component, which this script
# installs.
set -euo pipefail
cd "$(dirname "$0")/.."

source_hash() {
  # Same recipe as tests/search.rs: sorted paths, "path\0contents\0" each.
  { echo search/Cargo.toml; echo search/wasm/Cargo.toml; echo search/wasm/Cargo.lock;
    find search/src search/wasm/src search/wasm/stem search/wasm/shim -type f \( -name '*.rs' -o -name Cargo.toml \); } | LC_ALL=C sort |
    while read -r f; do printf '%s\0' "$f"; cat "$f"; printf '\0'; done |
    sha256sum | cut -d' ' -f1
}

if [[ "${1:-}" == "--hash" ]]; then source_hash; exit 0; fi

command -v brotli >/dev/null || {
  echo "brotli not found (Debian: apt install brotli): it makes helpbook_search.wasm.br" >&2
  exit 1
}
rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q '^rust-src' ||
  rustup component add rust-src

build() { # package [features]
  (
    cd search/wasm
    RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS='--cfg getrandom_backend="custom" -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none' \
      cargo build --locked --release --target wasm32-unknown-unknown \
        -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size \
        -p "$1" ${2:+--features "$2"}
  )
}

optimise() { # in out
  if command -v wasm-opt >/dev/null; then
    # The --enable flags are the wasm features rustc emits by default for
    # wasm32-unknown-unknown (`rustc --print cfg --target wasm32-unknown-unknown`);
    # cargo's `strip` drops the section that would tell wasm-opt, and without
    # them wasm-opt rejects the module. -Oz saves ~12% raw, ~4% gzipped.
    # --zero-filled-memory: a module's memory starts zeroed (it is not
    # imported), so zeroes need no data segment; --converge repeats -Oz
    # while it still shrinks the module.
    wasm-opt -Oz --converge --zero-filled-memory --enable-bulk-memory --enable-multivalue --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext \
      --strip-debug --strip-producers "$1" -o "$2"
  else
    echo "wasm-opt not found (Debian: apt install binaryen): committing cargo's output as is" >&2
    cp "$1" "$2"
  fi
}

out=search/wasm/target/wasm32-unknown-unknown/release
build helpbook-search-wasm
optimise "$out/helpbook_search_wasm.wasm" search/wasm/helpbook_search.wasm
# Deterministic: the same module and brotli version give the same bytes.
# (The stemmer modules travel inside the hot bundle, gzipped with the index:
# they need no copy of their own.)
brotli --force --quality=11 --lgwin=24 -o search/wasm/helpbook_search.wasm.br search/wasm/helpbook_search.wasm

# The languages are the features of search/wasm/stem/Cargo.toml.
mkdir -p search/wasm/stemmers
rm -f search/wasm/stemmers/*.wasm
languages=$(sed -n '/^\[features\]/,$p' search/wasm/stem/Cargo.toml | sed -n 's/^\([a-z_]*\) = \["frostem\/.*/\1/p')
for language in $languages; do
  build helpbook-stem-wasm "$language"
  optimise "$out/helpbook_stem_wasm.wasm" "search/wasm/stemmers/$language.wasm"
done

source_hash > search/wasm/SOURCE_HASH
raw=$(wc -c < search/wasm/helpbook_search.wasm)
gz=$(gzip -9c search/wasm/helpbook_search.wasm | wc -c)
br=$(wc -c < search/wasm/helpbook_search.wasm.br)
echo "search/wasm/helpbook_search.wasm: $raw bytes, $gz gzipped, $br brotli"
echo "search/wasm/stemmers: $(ls search/wasm/stemmers | wc -l) modules, $(cat search/wasm/stemmers/*.wasm | wc -c) bytes;" \
  "english.wasm $(wc -c < search/wasm/stemmers/english.wasm) bytes, $(gzip -9c search/wasm/stemmers/english.wasm | wc -c) gzipped"
