#!/usr/bin/env bash
# Build benchmark against the tools a help-center team would pick instead.
# Numbers for the issue notes; never run in CI.
#
#   bash bench/run.sh [--install-peers] [--sets S1,S2,...] [--runs N] [--json FILE]
#                     [--mdbook-max N] [--helpbook PATH] [--no-first-visit]
#                     [--first-visit-runs N]
#
# Sets (default mshelp-small,mshelp-full,10000): mshelp-small and mshelp-full
# are the real articles in ../shared/corpus/; a number N is a synthetic help
# center of N articles from ../shared/bench/make_synthetic.py; mlN is the
# same N articles with [language.es/fr/de/pt] declared and half of them
# translated into each, seeded, by bench/make_translated.py (ml10000: 30,104
# files in content/, the issue 22 site; mdBook, which has no multilingual
# mode, is skipped; Hugo builds it in its multilingual mode, translations by
# file name, and Pagefind indexes each language from <html lang>). Each set is
# laid out once under $BENCH_DIR (default /dev/shm/helpbook-bench-run, tmpfs) for every
# tool, then the tools build it in --runs rounds (default 3), taking turns so
# that a burst of load on a shared machine slows them alike, into that folder:
#
#   helpbook   `helpbook build` (search index included)
#   mdbook     `mdbook build` (a SUMMARY.md generated from the folders; its
#              elasticlunr index is built in)
#   hugo       `hugo` with a minimal layout, then
#   pagefind   `pagefind --site public` over Hugo's output (Hugo + Pagefind is
#              the fair comparison: a static site with a search index)
#
# and the table shows: median wall time, peak memory (max RSS, GNU time), the
# output size, the search index (bytes on disk; gzip for mdBook's single
# file), the bytes a browser downloads before its first search result, and
# for helpbook the serve save-to-page time for one article (bench/serve.py,
# --edits 10; on an mlN set "original/translation", one median for edits to
# originals and one for edits to translations).
#
# "first result" (query "password") is measured in Chromium for every tool by
# bench/first-result.js: each built site on a static server on 127.0.0.1 that
# counts the body bytes it sends. Rule, the same for all: text and wasm go out
# gzip -9 (as a static host would compress them), files the tool compressed
# itself go out as stored (on-disk size). What is counted:
#   helpbook        worker + wasm (gzip -9), hot bundle + the index pages the
#                   query loads (pre-gzipped, as stored); not search-ui.js
#   hugo+pagefind   Pagefind's JS API: pagefind.js, pagefind-worker.js,
#                   pagefind-entry.json (gzip -9), wasm, .pf_meta, index
#                   chunks, the first result's fragment (pre-gzipped, as
#                   stored); not pagefind-ui.js
#   mdbook          its page with search opened and the query typed until a
#                   result shows: elasticlunr, mark, searcher and searchindex
#                   (gzip -9); not the rest of the page
# Without Chromium (/usr/bin/chromium or $CHROMIUM_PATH) or playwright-core
# (tests/e2e/node_modules, $BENCH_DIR/tools/pw or $PLAYWRIGHT_CORE), only
# helpbook's figure is given, from bench/search-node.js (same files, same rule).
#
# "first visit" (bench/first-visit.js, after the table): the first search on a
# first visit with each engine's real UI (helpbook's home page box, Pagefind's
# pagefind-ui on the Hugo site) under Chromium's network throttling (none,
# fast 4G, slow 3G), typed at once and 1 s after focusing the box: median
# time from the first keystroke to the first result on screen over
# --first-visit-runs runs (default 5), bytes and request rounds. Needs
# Chromium and playwright-core; --no-first-visit skips it. Its table is
# printed per set and its JSON kept in $BENCH_DIR/sets/<set>/first-visit.json.
#
# --helpbook PATH: benchmark this binary instead of `cargo build --release`
#   (no cargo, so no wait for a cargo lock held by another build). Either way
#   the binary is copied to $BENCH_DIR/bin first, so one run uses one build.
# Peers are used when on PATH (or in $BENCH_DIR/tools); --install-peers
# installs the missing ones there: mdbook with `cargo install --locked`, hugo
# with apt (Debian's package), pagefind from npm, and for the first-result
# column Chromium (apt) and playwright-core (npm, the version tests/e2e pins).
# A tool that is missing is reported as such. mdBook is skipped on sets of
# more than --mdbook-max articles (default 5000: it takes about ten minutes
# per build at 10,000). Everything is written under $BENCH_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
SHARED="$(cd "$REPO/.." && pwd)/shared"
# On tmpfs by default, as the peers' reference figures were measured: this
# machine's disk writeback makes write times swing by seconds between runs.
BENCH_DIR="${BENCH_DIR:-/dev/shm/helpbook-bench-run}"
TOOLS="$BENCH_DIR/tools"
SETS="mshelp-small,mshelp-full,10000"
RUNS=3
INSTALL=0
JSON=""
MDBOOK_MAX=5000
HELPBOOK=""
FIRST_VISIT=1
FIRST_VISIT_RUNS=5
while [ $# -gt 0 ]; do
  case "$1" in
    --install-peers) INSTALL=1 ;;
    --sets) SETS="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --json) JSON="$2"; shift ;;
    --mdbook-max) MDBOOK_MAX="$2"; shift ;;
    --helpbook) HELPBOOK="$(realpath "$2")"; shift ;;
    --no-first-visit) FIRST_VISIT=0 ;;
    --first-visit-runs) FIRST_VISIT_RUNS="$2"; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$BENCH_DIR" "$TOOLS/bin"
export PATH="$TOOLS/bin:$TOOLS/node_modules/.bin:$PATH"

HELPBOOK_DESC="helpbook $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet || echo '+dirty')"
if [ -z "$HELPBOOK" ]; then
  echo "== building helpbook (release)"
  cargo build --release --locked -q
  HELPBOOK="$REPO/target/release/helpbook"
else
  HELPBOOK_DESC="helpbook --helpbook $HELPBOOK (built $(date -r "$HELPBOOK" '+%F %T'); tree at ${HELPBOOK_DESC#helpbook })"
fi
# A copy: others may rebuild target/release while this runs.
mkdir -p "$BENCH_DIR/bin"
cp "$HELPBOOK" "$BENCH_DIR/bin/helpbook"
HELPBOOK="$BENCH_DIR/bin/helpbook"

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CHROMIUM_PATH
find_playwright() {
  [ -n "${PLAYWRIGHT_CORE:-}" ] && return
  for d in "$REPO/tests/e2e/node_modules/playwright-core" "$TOOLS/pw/node_modules/playwright-core"; do
    if [ -d "$d" ]; then PLAYWRIGHT_CORE="$d"; return; fi
  done
}
find_playwright

if [ "$INSTALL" = 1 ]; then
  sudo -n true 2>/dev/null && SUDO=sudo || SUDO=""
  command -v mdbook >/dev/null || { echo "== installing mdbook"; cargo install mdbook --locked --root "$TOOLS" -q; }
  command -v hugo >/dev/null || { echo "== installing hugo (apt)"; $SUDO apt-get install -y -q hugo >/dev/null; }
  command -v pagefind >/dev/null || { echo "== installing pagefind (npm)"; (cd "$TOOLS" && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null); }
  [ -x "$CHROMIUM_PATH" ] || { echo "== installing chromium (apt)"; $SUDO apt-get install -y -q chromium >/dev/null; }
  if [ -z "${PLAYWRIGHT_CORE:-}" ]; then
    version="$(node -p "require('$REPO/tests/e2e/package.json').devDependencies['playwright-core']")"
    echo "== installing playwright-core@$version (npm) into $TOOLS/pw"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$TOOLS/pw" --no-audit --no-fund --loglevel=error \
      "playwright-core@$version" >/dev/null
    find_playwright
  fi
fi
BROWSER=0
if [ -x "$CHROMIUM_PATH" ] && [ -n "${PLAYWRIGHT_CORE:-}" ]; then
  BROWSER=1
  export PLAYWRIGHT_CORE
else
  echo "== no Chromium at $CHROMIUM_PATH or no playwright-core: first result for helpbook only (bench/search-node.js); --install-peers installs both"
fi
have() { command -v "$1" >/dev/null 2>&1; }

# --------------------------------------------------------------- content sets
prepare() {
  local set="$1" dir="$BENCH_DIR/sets/$1"
  if [ -d "$dir/helpbook/content" ]; then return; fi
  rm -rf "$dir"; mkdir -p "$dir/helpbook/content"
  local langs=""
  case "$set" in
    mshelp-*) find "$SHARED/corpus/$set" -mindepth 1 -maxdepth 1 -type d -exec cp -r {} "$dir/helpbook/content/" \; ;;
    ml*) langs="es,fr,de,pt"
         python3 "$REPO/bench/make_translated.py" "${set#ml}" "$dir/helpbook" --languages "$langs" --fraction 0.5 --seed 1 >/dev/null ;;
    *) python3 "$SHARED/bench/make_synthetic.py" "$set" "$dir/helpbook/content" >/dev/null; rm -f "$dir/helpbook/content/README.txt" ;;
  esac
  # make_translated.py writes its own book.toml (with the [language.*] tables).
  [ -n "$langs" ] || printf '[book]\ntitle = "Bench %s"\n\n[build]\nbroken-links = "warn"\n' "$set" > "$dir/helpbook/book.toml"
  python3 - "$dir" "$langs" <<'PY'
import os, re, sys
root = sys.argv[1]
# Translation codes (mlN sets): Hugo's multilingual mode, no mdBook layout.
langs = [c for c in sys.argv[2].split(",") if c]
content = os.path.join(root, "helpbook", "content")
def split(text):
    m = re.match(r"\+\+\+\n(.*?)\n\+\+\+\n", text, re.S)
    if not m:
        return "", text
    return m.group(1), text[m.end():]
def title_of(matter, fallback):
    m = re.search(r'^title\s*=\s*"(.*)"\s*$', matter, re.M)
    return m.group(1) if m else fallback
# mdBook: src/ with the same files (front matter stripped) and a SUMMARY.md.
src = os.path.join(root, "mdbook", "src")
lines = ["# Summary", ""]
for dirpath, dirs, files in ([] if langs else sorted(os.walk(content))):
    dirs.sort()
    rel = os.path.relpath(dirpath, content)
    mds = sorted(f for f in files if f.endswith(".md") and not f.startswith("_"))
    if not mds:
        continue
    depth = 0 if rel == "." else rel.count(os.sep) + 1
    if rel != ".":
        index = os.path.join(rel, "README.md")
        os.makedirs(os.path.join(src, rel), exist_ok=True)
        with open(os.path.join(src, index), "w") as f:
            f.write(f"# {os.path.basename(rel)}\n")
        lines.append("  " * (depth - 1) + f"- [{os.path.basename(rel)}]({index})")
    for name in mds:
        with open(os.path.join(dirpath, name), encoding="utf-8") as f:
            matter, body = split(f.read())
        out = os.path.join(src, rel, name)
        os.makedirs(os.path.dirname(out), exist_ok=True)
        title = title_of(matter, name[:-3])
        with open(out, "w", encoding="utf-8") as f:
            f.write(f"# {title}\n\n{body}")
        lines.append("  " * depth + f"- [{title.replace('[', '(').replace(']', ')')}]({os.path.normpath(os.path.join(rel, name))})")
if not langs:
    with open(os.path.join(src, "SUMMARY.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(root, "mdbook", "book.toml"), "w") as f:
        f.write('[book]\ntitle = "Bench"\n\n[output.html]\n\n[output.html.search]\nenable = true\n')
# Hugo: the same content (TOML front matter is Hugo's own) and a minimal layout.
hugo = os.path.join(root, "hugo")
os.makedirs(os.path.join(hugo, "layouts", "_default"), exist_ok=True)
os.symlink(content, os.path.join(hugo, "content"))
with open(os.path.join(hugo, "hugo.toml"), "w") as f:
    f.write('baseURL = "/"\ntitle = "Bench"\n' + ('defaultContentLanguage = "en"\n' if langs else '')
            + 'disableKinds = ["taxonomy", "term", "RSS"]\n[markup.goldmark.renderer]\nunsafe = true\n')
    # Multilingual mode: `name.<code>.md` is the translation of `name.md`
    # (Hugo's translation by file name), served under /<code>/; English at /.
    for weight, code in enumerate(["en"] + langs, 1):
        if langs:
            f.write('[languages.%s]\nweight = %d\nlanguageCode = "%s"\n' % (code, weight, code))
# Pagefind makes one index per <html lang>: the page's language when translated.
lang = "{{ .Site.Language.Lang }}" if langs else "en"
page = ('<!doctype html><html lang="' + lang + '"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
        '<body><nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>'
        '<main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n')
lst = ('<!doctype html><html lang="' + lang + '"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>'
       '<body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n')
for name, text in [("single.html", page), ("list.html", lst)]:
    with open(os.path.join(hugo, "layouts", "_default", name), "w") as f:
        f.write(text)
with open(os.path.join(hugo, "layouts", "index.html"), "w") as f:
    f.write(lst)
PY
}

# One timed run: prints "seconds max_rss_kib".
timed() {
  local out="$BENCH_DIR/time.txt"
  /usr/bin/time -o "$out" -f '%e %M' "$@" >/dev/null 2>&1 || true
  tail -1 "$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
bytes_of() { du -sb "$1" 2>/dev/null | cut -f1; }
kib() { awk -v b="$1" 'BEGIN { if (b == "" || b == "-") print "-"; else if (b >= 1048576) printf "%.1f MiB", b/1048576; else printf "%.0f KiB", b/1024 }'; }

RESULTS="$BENCH_DIR/results.tsv"
: > "$RESULTS"
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"; }

# The tools take turns, one run each per round, so a burst of load on this
# shared machine slows every tool alike instead of one tool's runs.
once() { # tool cmd... ; one timed run, kept in $BENCH_DIR/runs-<tool>.txt
  local tool="$1"; shift
  timed "$@" >> "$BENCH_DIR/runs-$tool.txt"
}
summary() { # tool ; "median_seconds max_rss_kib" of its runs
  local f="$BENCH_DIR/runs-$1.txt"
  echo "$(cut -d' ' -f1 "$f" | median) $(cut -d' ' -f2 "$f" | sort -n | tail -1)"
}

# "first result" for helpbook when Chromium is missing (the same files and
# byte rule as bench/first-result.js, read from disk by bench/search-node.js).
first_node() {
  node "$REPO/bench/search-node.js" "$1" "$REPO/bench/queries.txt" 1 2>/dev/null \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["sizes"]; print(s["wasmGz"]+s["workerGz"]+s["hotGz"]+d["wasm"]["firstQuery"]["bytes"])' 2>/dev/null || echo "-"
}
# One tool's bytes from bench/first-result.js's JSON, or "-".
first_of() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], {}).get("bytes", "-"))' "$1" "$2" 2>/dev/null || echo "-"
}

for set in ${SETS//,/ }; do
  echo "== $set"
  prepare "$set"
  dir="$BENCH_DIR/sets/$set"
  # Originals only (slugs have no dots: `name.<code>.md` is a translation).
  articles=$(find "$dir/helpbook/content" -name '*.md' ! -name '_*' ! -name '*.*.md' | wc -l)
  translations=$(find "$dir/helpbook/content" -name '*.*.md' ! -name '_*' | wc -l)
  rm -f "$dir/first-result.json"
  measured=(--helpbook "$dir/helpbook-site")  # the sites built in this run, for bench/first-result.js

  rm -f "$BENCH_DIR"/runs-*.txt
  mdbook_on=0; hugo_on=0; pagefind_on=0
  if have mdbook && [ "$articles" -le "$MDBOOK_MAX" ] && [ -f "$dir/mdbook/book.toml" ]; then mdbook_on=1; fi
  if have hugo; then hugo_on=1; have pagefind && pagefind_on=1; fi
  for _ in $(seq "$RUNS"); do
    once helpbook "$HELPBOOK" --root "$dir/helpbook" build --dest "$dir/helpbook-site" -q
    [ "$mdbook_on" = 1 ] && once mdbook mdbook build "$dir/mdbook" -d "$dir/mdbook-site"
    if [ "$hugo_on" = 1 ]; then
      # Hugo never empties its destination: without this, the last run's
      # pagefind/ would count in Hugo's output size.
      rm -rf "$dir/hugo-site"
      once hugo hugo --quiet -s "$dir/hugo" -d "$dir/hugo-site"
      hugo_bytes=$(bytes_of "$dir/hugo-site")
      [ "$pagefind_on" = 1 ] && once pagefind pagefind --site "$dir/hugo-site" --output-subdir pagefind
    fi
  done

  # helpbook
  read -r t m < <(summary helpbook)
  index=$("$HELPBOOK" --root "$dir/helpbook" build --dest "$dir/helpbook-site" -q --format json \
    | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]["search"]; print(s["hot_bytes"]+s["page_bytes"])')
  serve_ms=$(python3 "$REPO/bench/serve.py" --bin "$HELPBOOK" --root "$dir/helpbook" --edits 10 --load-seconds 0 --json "$dir/serve.json" >/dev/null 2>&1 \
    && python3 -c 'import json,sys; d=list(json.load(open(sys.argv[1])).values())[0]; t=d.get("translation_edit_ready_ms"); print(d["edit_ready_ms"]["median"], *([t["median"]] if t else []), sep="/")' "$dir/serve.json" || echo "-")
  rows=("helpbook|$t|$m|$(bytes_of "$dir/helpbook-site")|$index|@helpbook|$serve_ms")

  # mdBook
  if have mdbook && [ ! -f "$dir/mdbook/book.toml" ]; then
    rows+=("mdbook|-|-|-|skipped (no multilingual mode)|-|-")
  elif have mdbook && [ "$mdbook_on" = 0 ]; then
    rows+=("mdbook|-|-|-|skipped (> --mdbook-max $MDBOOK_MAX articles)|-|-")
  elif [ "$mdbook_on" = 1 ]; then
    read -r t m < <(summary mdbook)
    # mdBook 0.5 names it searchindex-<hash>.js; 0.4 wrote searchindex.js and .json.
    idx=$(ls "$dir/mdbook-site"/searchindex*.js 2>/dev/null | head -1)
    [ -n "$idx" ] || idx=$(ls "$dir/mdbook-site"/searchindex*.json | head -1)
    gz=$(gzip -9c "$idx" | wc -c)
    rows+=("mdbook|$t|$m|$(bytes_of "$dir/mdbook-site")|$(stat -c %s "$idx") ($gz gz)|@mdbook|-")
    measured+=(--mdbook "$dir/mdbook-site")
  else
    rows+=("mdbook|-|-|-|not installed|-|-")
  fi

  # Hugo, then Pagefind over its output
  if [ "$hugo_on" = 1 ]; then
    read -r t m < <(summary hugo)
    rows+=("hugo|$t|$m|$hugo_bytes|-|-|-")
    if [ "$pagefind_on" = 1 ]; then
      read -r t m < <(summary pagefind)
      rows+=("hugo+pagefind (pagefind part)|$t|$m|$(bytes_of "$dir/hugo-site")|$(bytes_of "$dir/hugo-site/pagefind")|@pagefind|-")
      measured+=(--pagefind "$dir/hugo-site")
    fi
  else
    rows+=("hugo|-|-|-|not installed|-|-")
  fi

  # First result: every site built above, in one Chromium (bench/first-result.js).
  if [ "$BROWSER" = 1 ]; then
    node "$REPO/bench/first-result.js" --query password "${measured[@]}" > "$dir/first-result.json" 2> "$dir/first-result.log" \
      || { echo "   bench/first-result.js failed (see $dir/first-result.log)"; rm -f "$dir/first-result.json"; }
    if [ -f "$dir/first-result.json" ]; then
      python3 -c 'import json,sys; [print("   first result not measured:", e) for e in json.load(open(sys.argv[1])).get("errors", [])]' "$dir/first-result.json"
    fi
  fi
  for row in "${rows[@]}"; do
    IFS='|' read -r tool t m out idx first serve <<< "$row"
    case "$first" in
      @helpbook) first=$(first_of "$dir/first-result.json" helpbook); [ "$first" = "-" ] && first=$(first_node "$dir/helpbook-site") ;;
      @*) first=$(first_of "$dir/first-result.json" "${first#@}") ;;
    esac
    record "$set" "$tool" "$t" "$m" "$out" "$idx" "$first" "$serve"
  done
  echo "   $articles articles$([ "$translations" -gt 0 ] && echo ", $translations translations")"
done

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); runs per figure: $RUNS (median time, max memory)"
echo "$HELPBOOK_DESC; $(have mdbook && mdbook --version); $(have hugo && hugo version | cut -d' ' -f1-2); $(have pagefind && echo "pagefind $(pagefind --version 2>/dev/null)")"
if [ "$BROWSER" = 1 ]; then
  echo "first result (\"password\"): Chromium $("$CHROMIUM_PATH" --version 2>/dev/null | awk '{print $2}'), bench/first-result.js; text and wasm gzip -9, pre-compressed files as stored; details in --json or $BENCH_DIR/sets/*/first-result.json"
else
  echo "first result (\"password\"): helpbook only, bench/search-node.js (no Chromium or playwright-core)"
fi
printf '%-14s %-30s %9s %10s %10s %22s %14s %10s\n' set tool "time (s)" "peak mem" output "search index" "first result" "serve save"
while IFS=$'\t' read -r set tool t m out idx first serve; do
  mem=$([ "$m" = "-" ] && echo - || kib $((m * 1024)))
  idx_h=$idx; [[ "$idx" =~ ^[0-9]+$ ]] && idx_h=$(kib "$idx")
  first_h=$first; [[ "$first" =~ ^[0-9]+$ ]] && first_h=$(kib "$first")
  serve_h=$serve; [ "$serve" != "-" ] && serve_h="$serve ms"
  printf '%-14s %-30s %9s %10s %10s %22s %14s %10s\n' "$set" "$tool" "$t" "$mem" "$(kib "$out")" "$idx_h" "$first_h" "$serve_h"
done < "$RESULTS"
# First visit: each set's helpbook site (and Hugo + Pagefind's, when built)
# with the engines' own UIs under throttling (bench/first-visit.js).
if [ "$FIRST_VISIT" = 1 ] && [ "$BROWSER" = 1 ]; then
  for set in ${SETS//,/ }; do
    dir="$BENCH_DIR/sets/$set"
    sites=(--helpbook "$dir/helpbook-site")
    [ -d "$dir/hugo-site/pagefind" ] && [ -f "$dir/hugo-site/pagefind/pagefind-ui.js" ] && sites+=(--pagefind "$dir/hugo-site")
    echo
    echo "first visit, $set (bench/first-visit.js --runs $FIRST_VISIT_RUNS; JSON in $dir/first-visit.json):"
    node "$REPO/bench/first-visit.js" "${sites[@]}" --runs "$FIRST_VISIT_RUNS" --json "$dir/first-visit.json" 2>&1 \
      | grep -v ' ms (' || echo "   bench/first-visit.js failed"
  done
elif [ "$FIRST_VISIT" = 1 ]; then
  echo "first visit: not measured (no Chromium or playwright-core)"
fi
if [ -n "$JSON" ]; then
  python3 - "$RESULTS" "$JSON" "$BENCH_DIR/sets" <<'PY'
import json, os, sys
rows = [dict(zip(["set", "tool", "seconds", "max_rss_kib", "output_bytes", "index", "first_result_bytes", "serve_save_ms"], l.rstrip("\n").split("\t"))) for l in open(sys.argv[1])]
# What bench/first-result.js counted for the row: bytes, requests, ms to the
# first result, hits, the top result and every file with its transfer size.
key = {"helpbook": "helpbook", "mdbook": "mdbook", "hugo+pagefind (pagefind part)": "pagefind"}
for row in rows:
    measured = os.path.join(sys.argv[3], row["set"], "first-result.json")
    if row["tool"] in key and os.path.exists(measured):
        found = json.load(open(measured))
        if key[row["tool"]] in found:
            row["first_result"] = dict(found[key[row["tool"]]], chromium=found["chromium"], query=found["query"])
    # bench/first-visit.js's medians for the row's engine (no per-run detail).
    visit = os.path.join(sys.argv[3], row["set"], "first-visit.json")
    if row["tool"] in key and os.path.exists(visit):
        rows_of = [{k: v for k, v in r.items() if k not in ("runs", "site")} for r in json.load(open(visit))["rows"] if r["engine"] == key[row["tool"]]]
        if rows_of:
            row["first_visit"] = rows_of
json.dump(rows, open(sys.argv[2], "w"), indent=2)
PY
fi
