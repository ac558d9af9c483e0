#!/usr/bin/env bash
# Collector benchmark: numbers for the issue notes. Never run in CI.
#
#   bash bench/collect.sh [--seconds N] [--clients N] [--batches "1 10"] [--keep]
#
# Builds the release binary and the load generator (examples/collect_load.rs:
# std TCP, one keep-alive connection per client), starts
# `helpbook collect --port 0 --rate-limit 0` on a fresh database under
# target/collect-bench/ (the real disk: every commit is synced, as in
# production; not tmpfs), and for each batch size runs N clients (default 8)
# posting batches as fast as the collector answers for N seconds (default
# 10). Each run reports the events acknowledged per second and the latency
# of requests (p50, p99, max). At the end the collector is stopped with
# SIGTERM and the events in the database are compared with the events
# acknowledged: they must be equal.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=10
CLIENTS=8
BATCHES="1 10"
KEEP=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_RUN="$2"; shift 2 ;;
    --clients) CLIENTS="$2"; shift 2 ;;
    --batches) BATCHES="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

cargo build --release --locked --quiet --bin helpbook --example collect_load
DIR=target/collect-bench
rm -rf "$DIR"
mkdir -p "$DIR"
./target/release/helpbook collect --db "$DIR/insights.sqlite" --port 0 --rate-limit 0 \
  --allow-origin http://127.0.0.1:8000 >"$DIR/stdout" 2>"$DIR/stderr" &
COLLECTOR=$!
trap 'kill "$COLLECTOR" 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 100); do
  PORT=$(sed -n 's#^Listening on http://127.0.0.1:\([0-9]*\)/$#\1#p' "$DIR/stdout")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || { cat "$DIR/stderr" >&2; echo "the collector did not start" >&2; exit 1; }

echo "helpbook collect, $CLIENTS clients, $SECONDS_PER_RUN s per run, $(nproc) cores; database $DIR/insights.sqlite (WAL, synchronous=FULL)"
ACKED=0
for batch in $BATCHES; do
  line=$(./target/release/examples/collect_load --port "$PORT" --clients "$CLIENTS" \
    --batch "$batch" --seconds "$SECONDS_PER_RUN")
  echo "$line"
  events=$(echo "$line" | sed -n 's/.* requests, \([0-9]*\) events in .*/\1/p')
  ACKED=$((ACKED + events))
done

kill -TERM "$COLLECTOR"
wait "$COLLECTOR"
trap - EXIT
STORED=$(sed -n 's/^Stopped; every accepted event is stored (\([0-9]*\) in the database).$/\1/p' "$DIR/stderr")
echo "acknowledged $ACKED events; the database holds $STORED"
[ "$STORED" = "$ACKED" ] || { echo "MISMATCH" >&2; exit 1; }
[ "$KEEP" = 1 ] || rm -rf "$DIR"
