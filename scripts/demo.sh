#!/usr/bin/env bash
# Builds helpbook and runs the demo help center (content/ + book.toml) with
# live reload on http://127.0.0.1:${PORT:-8000}/ until you press Ctrl-C:
# edit a file under content/ and the open page updates.
#
# Next to it runs the insights collector on http://127.0.0.1:8787/events (the
# demo's `[insights] endpoint`), accepting events from the preview's pages
# and storing them in target/demo/insights.sqlite (INSIGHTS_DB to change):
# search, vote or walk a troubleshooter in the browser and the collector's
# lines show the events arrive. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
DB="${INSIGHTS_DB:-target/demo/insights.sqlite}"

cargo build --release --locked
mkdir -p "$(dirname "$DB")"
BIN=./target/release/helpbook

"$BIN" collect --db "$DB" --port 8787 \
  --allow-origin "http://127.0.0.1:$PORT" --allow-origin "http://localhost:$PORT" &
COLLECTOR=$!
"$BIN" serve --port "$PORT" &
SERVER=$!

stop() {
  trap - INT TERM EXIT
  kill -TERM "$SERVER" "$COLLECTOR" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  wait "$COLLECTOR" 2>/dev/null || true
  echo
  echo "Insights collected in $DB. Read the report with:"
  echo "  $BIN insights --db $DB"
}
trap stop INT TERM EXIT

sleep 1
echo
echo "Insights: pages post to http://127.0.0.1:8787/events; events are stored in $DB."
echo "Report:   $BIN insights --db $DB   (any time, also while this runs)"
echo "Ctrl-C stops the preview and the collector."
echo

# When either stops by itself (a port in use, say), stop the other.
wait -n "$SERVER" "$COLLECTOR" || true
