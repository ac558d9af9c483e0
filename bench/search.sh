#!/usr/bin/env bash
# Search benchmark: numbers for the issue notes. Never run in CI.
#
#   bash bench/search.sh [--with-pagefind] [--quick] [--rev REV] [--rebuild-wasm]
#                        [--json FILE] [--keep]
#
# Builds the release binary, then for each content set (the demo in this
# repository; the corpora ../shared/corpus/mshelp-small and mshelp-full, each
# copied into a temporary help center with broken-links = "warn") builds the
# site and reports:
#   - index size: raw (the address space, every page unzipped) and as stored
#     (gzip: hot bundle + pages); wasm raw and gzip -9; worker script;
#   - what a browser downloads for the first query (first line of
#     bench/queries.txt, "password"): on focus (wasm + worker + hot bundle),
#     after the keystroke (the pages the query loads) and the sequential
#     fetch rounds after the keystroke;
#   - opening the index and compiling the module (wasm under Node);
#   - query latency over bench/queries.txt: natively (search/examples/latency.rs)
#     and in wasm under Node (bench/search-node.js), warm (every page loaded)
#     and cold (a fresh index per query, pages loaded from disk);
#   - the same in Chromium (bench/search-browser.js: playwright-core, the site
#     on 127.0.0.1, transfer sizes counted by the server; skipped when
#     Chromium is missing);
#   - with --with-pagefind: the npm package pagefind@1 installed into the
#     temporary folder, run over the same built site, its sizes, first-search
#     download and latency in the same browser.
# --quick: 3 timed runs per query instead of 20, and no mshelp-full.
# --rev REV: benchmark a commit instead of the working tree (git archive into
#   the temporary folder, built with CARGO_TARGET_DIR=$BENCH_TARGET_DIR,
#   default /tmp/helpbook-bench-target, kept between runs): numbers that do
#   not depend on uncommitted edits. The bench/ scripts and queries are this
#   tree's.
# --rebuild-wasm: rebuild the search module with scripts/build-wasm.sh in that
#   copy (of REV, or else of the working tree) before building helpbook, for
#   when the committed module is stale; its cargo target folder is
#   $BENCH_WASM_TARGET_DIR, default /tmp/helpbook-bench-wasm-target.
# --json FILE: also write every measurement as JSON. --keep: keep the
#   temporary folder (sites, raw results) and print where it is.
# Everything is written under /tmp; nothing in the repository. A step that
# fails is reported and left out of the tables; the exit status is then 1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
SHARED="$(cd "$ROOT/.." && pwd)/shared"

with_pagefind=0
quick=0
keep=0
json_out=""
rev_arg=""
rebuild_wasm=0
while [ $# -gt 0 ]; do
  case "$1" in
    --with-pagefind) with_pagefind=1 ;;
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    --json) json_out="$(realpath -m "$2")"; shift ;;
    --rev) rev_arg="$2"; shift ;;
    --rebuild-wasm) rebuild_wasm=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/search.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done
iterations=20
sets=(demo mshelp-small mshelp-full)
if [ "$quick" = 1 ]; then
  iterations=3
  sets=(demo mshelp-small)
fi

tmp="$(mktemp -d /tmp/helpbook-bench.XXXXXX)"
cleanup() {
  if [ "$keep" = 1 ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
results="$tmp/results"
mkdir -p "$results"
failed=0

say() { echo "== $*" >&2; }
fail() { echo "!! $*" >&2; failed=1; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# The sources to benchmark: the working tree, or a copy in $tmp/src (of a
# commit, or of the working tree when the module is rebuilt).
if [ -n "$rev_arg" ] || [ "$rebuild_wasm" = 1 ]; then
  SRC="$tmp/src"
  mkdir -p "$SRC"
  if [ -n "$rev_arg" ]; then
    commit="$(git rev-parse --verify "$rev_arg^{commit}")"
    git archive "$commit" | tar -x -C "$SRC"
    rev="$(git rev-parse --short=12 "$commit") (--rev $rev_arg)"
  else
    git ls-files -z --cached --others --exclude-standard |
      tar --null --ignore-failed-read -T - -c 2>/dev/null | tar -x -C "$SRC"
    rev="$(git rev-parse --short=12 HEAD) + the working tree as it was at the start"
  fi
  # Revisions from before the benchmark existed get its latency example.
  [ -f "$SRC/search/examples/latency.rs" ] ||
    { mkdir -p "$SRC/search/examples" && cp search/examples/latency.rs "$SRC/search/examples/"; }
  export CARGO_TARGET_DIR="${BENCH_TARGET_DIR:-/tmp/helpbook-bench-target}"
  TARGET="$CARGO_TARGET_DIR"
else
  SRC="$ROOT"
  TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
  rev="$(git rev-parse --short=12 HEAD)"
  dirty="$(git status --porcelain --untracked-files=no -- src search themes Cargo.toml Cargo.lock | wc -l)"
  [ "$dirty" != 0 ] && rev="$rev + $dirty uncommitted changes in src/ search/ themes/ (use --rev for a commit)"
fi

wasm_note="committed module matches the search/ sources"
if [ -f "$SRC/scripts/build-wasm.sh" ] &&
  [ "$(cd "$SRC" && bash scripts/build-wasm.sh --hash)" != "$(cat "$SRC/search/wasm/SOURCE_HASH")" ]; then
  wasm_note="STALE: search/ sources changed since the committed module was built; native and wasm may differ (try --rebuild-wasm)"
fi
if [ "$rebuild_wasm" = 1 ]; then
  wasm_target="${BENCH_WASM_TARGET_DIR:-/tmp/helpbook-bench-wasm-target}"
  say "rebuilding the search module in $SRC (scripts/build-wasm.sh, target $wasm_target)"
  mkdir -p "$wasm_target"
  rm -rf "$SRC/search/wasm/target"
  ln -s "$wasm_target" "$SRC/search/wasm/target"
  (cd "$SRC" && env -u CARGO_TARGET_DIR bash scripts/build-wasm.sh >&2) ||
    { fail "scripts/build-wasm.sh failed in $SRC (see above)"; exit 1; }
  wasm_note="rebuilt by --rebuild-wasm from the benchmarked sources ($(command -v wasm-opt >/dev/null && echo "$(command -v wasm-opt) -Oz, $(wasm-opt --version)" || echo 'no wasm-opt'))"
fi

say "building the release binary and the latency example in $SRC (cargo build --release, target $TARGET)"
(
  cd "$SRC"
  cargo build --release --locked -q -p helpbook --bin helpbook
  cargo build --release --locked -q -p helpbook-search --example latency
)
# Copies, so that one run uses one build even while the tree is being edited
# (the binary, the latency example and the wasm it embeds must agree).
mkdir -p "$tmp/bin"
cp "$TARGET/release/helpbook" "$TARGET/release/examples/latency" "$tmp/bin/"
HELPBOOK="$tmp/bin/helpbook"
LATENCY="$tmp/bin/latency"

# Chromium and playwright-core for the browser part.
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH
browser=1
if [ ! -x "$CHROMIUM_PATH" ]; then
  say "no Chromium at $CHROMIUM_PATH: skipping the browser measurements"
  browser=0
elif [ -d "$ROOT/tests/e2e/node_modules/playwright-core" ]; then
  export PLAYWRIGHT_CORE="$ROOT/tests/e2e/node_modules/playwright-core"
else
  version="$(node -p "require('$ROOT/tests/e2e/package.json').devDependencies['playwright-core']")"
  say "installing playwright-core@$version into $tmp/pw"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$tmp/pw" --no-audit --no-fund \
    --loglevel=error "playwright-core@$version" >/dev/null
  export PLAYWRIGHT_CORE="$tmp/pw/node_modules/playwright-core"
fi

PAGEFIND=""
if [ "$with_pagefind" = 1 ]; then
  say "installing pagefind@1 into $tmp/pf"
  npm install --prefix "$tmp/pf" --no-audit --no-fund --loglevel=error pagefind@1 >/dev/null
  PAGEFIND="$tmp/pf/node_modules/.bin/pagefind"
fi

{
  echo "helpbook=$rev"
  echo "wasm=$wasm_note"
  echo "binaries=cargo build --release --locked -p helpbook --bin helpbook; cargo build --release --locked -p helpbook-search --example latency (copied to $tmp/bin)"
  echo "rustc=$(rustc --version)"
  echo "node=$(node --version)"
  echo "chromium=$([ "$browser" = 1 ] && "$CHROMIUM_PATH" --version 2>/dev/null | head -n1 || echo skipped)"
  echo "pagefind=$([ -n "$PAGEFIND" ] && "$PAGEFIND" --version || echo 'not run (use --with-pagefind)')"
  echo "machine=$(nproc) cores, $(uname -sm)"
  echo "iterations=$iterations"
} > "$results/versions.txt"

# Prepares a help center for a content set; prints its root.
prepare() {
  local name="$1" root
  case "$name" in
    demo)
      echo "$SRC"
      ;;
    mshelp-*)
      root="$tmp/$name"
      mkdir -p "$root/content"
      # The category folders only (not the corpus's ATTRIBUTION, LICENSE, MANIFEST).
      find "$SHARED/corpus/$name" -mindepth 1 -maxdepth 1 -type d -exec cp -r {} "$root/content/" \;
      printf '[book]\ntitle = "%s"\n[build]\nbroken-links = "warn"\n' "$name" > "$root/book.toml"
      echo "$root"
      ;;
  esac
}

commands="$results/commands.txt"
: > "$commands"
log() { echo "$*" >> "$commands"; }

for name in "${sets[@]}"; do
  root="$(prepare "$name")"
  site="$tmp/$name-site"
  say "$name: helpbook build"
  log "$HELPBOOK build --root $root --dest $site --quiet --timings"
  started="$(now)"
  if ! "$HELPBOOK" build --root "$root" --dest "$site" --quiet --timings --color never \
    2> "$results/$name.timings.txt"; then
    cat "$results/$name.timings.txt" >&2
    fail "$name: the build failed; skipping this set"
    continue
  fi
  build_s="$(elapsed "$started")"
  index_dir="$site/$(node -p "require('$site/search/index.json').dir")"

  say "$name: native latency"
  # = cargo run --release -p helpbook-search --example latency -- <index dir> bench/queries.txt
  log "$LATENCY $index_dir bench/queries.txt --iterations $iterations"
  "$LATENCY" "$index_dir" bench/queries.txt --iterations "$iterations" > "$results/$name.native.json" ||
    { rm -f "$results/$name.native.json"; fail "$name: native latency failed"; }

  say "$name: wasm under Node"
  log "node bench/search-node.js $site bench/queries.txt $iterations"
  node bench/search-node.js "$site" bench/queries.txt "$iterations" > "$results/$name.node.json" ||
    { rm -f "$results/$name.node.json"; fail "$name: wasm under Node failed"; }

  pagefind_s=""
  if [ -n "$PAGEFIND" ]; then
    say "$name: pagefind"
    log "$PAGEFIND --site $site"
    started="$(now)"
    if "$PAGEFIND" --site "$site" > "$results/$name.pagefind.txt" 2>&1; then
      pagefind_s="$(elapsed "$started")"
    else
      cat "$results/$name.pagefind.txt" >&2
      fail "$name: pagefind failed"
    fi
  fi

  if [ "$browser" = 1 ]; then
    say "$name: Chromium"
    flags=(--iterations "$iterations")
    [ -n "$pagefind_s" ] && flags+=(--pagefind)
    log "node bench/search-browser.js $site bench/queries.txt ${flags[*]}"
    node bench/search-browser.js "$site" bench/queries.txt "${flags[@]}" > "$results/$name.browser.json" ||
      { rm -f "$results/$name.browser.json"; fail "$name: the browser measurements failed"; }
  fi
  printf '{"buildSeconds":%s,"pagefindSeconds":%s}\n' "$build_s" "${pagefind_s:-null}" \
    > "$results/$name.run.json"
done

node bench/report.js "$results" "${sets[@]}" ${json_out:+--json "$json_out"} || failed=1
exit "$failed"
