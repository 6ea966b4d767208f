#!/usr/bin/env bash
# Gallery benchmark (issue 5): a contest with 100,000 approved photos and 1,000,000 votes, served
# by a release build, loaded by wrk (2 threads, 100 connections) from this same machine.
# Usage: scripts/bench-gallery.sh [sqlite|postgres]   (postgres: a database `declic_bench` on
# 127.0.0.1:5432 is dropped and made again when seeding). ENTRIES, VOTES, DURATION override the defaults.
# Prints requests/s and latency percentiles for each scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
ENTRIES=${ENTRIES:-100000} VOTES=${VOTES:-1000000} DURATION=${DURATION:-20s}
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release --locked -q
# BENCH_DIR keeps the seeded data between runs (seeding takes minutes); else a temporary folder.
dir=${BENCH_DIR:-$(mktemp -d /tmp/declic-bench.XXXXXX)}
mkdir -p "$dir"
port=18080
export DECLIC_DATA_DIR=$dir DECLIC_DEMO=false DECLIC_BIND=127.0.0.1:$port DECLIC_METRICS_BIND=127.0.0.1:0 RUST_LOG=warn,sqlx=error
[ "$backend" = postgres ] && export DATABASE_URL=postgres://postgres@127.0.0.1:5432/declic_bench
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -n "${BENCH_DIR:-}" ] || rm -rf "$dir"' EXIT
start() {
  ./target/release/declic serve & server=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.2; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
# load NAME URL [HEADER]: wrk on URL; prints requests/s, p50, p99, errors.
load() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c100 -d5s "$@" "$url" >/dev/null # warm-up
  wrk -t2 -c100 -d"$DURATION" --latency "$@" "$url" | python3 scripts/bench/wrk_summary.py "$name"
}

if [ -f "$dir/seeded-$backend" ]; then
  echo "reusing the photos and votes seeded in $dir"
else
  [ "$backend" = postgres ] && psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS declic_bench' -c 'CREATE DATABASE declic_bench' postgres
  echo "seeding $ENTRIES photos and $VOTES votes on $backend…"
  ./target/release/declic bench gallery --entries "$ENTRIES" --votes "$VOTES"
  touch "$dir/seeded-$backend"
fi
start
entry=$(curl -s "http://127.0.0.1:$port/api/v1/contests/bench/gallery?order=newest&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"][0]["id"])')
cursor=$(curl -s "http://127.0.0.1:$port/api/v1/contests/bench/gallery?order=newest&limit=24" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
echo "wrk: 2 threads, 100 connections, $DURATION per scenario, $(nproc) cores shared with the server ($backend)"
load "gallery, new visitors (no cookie)" "http://127.0.0.1:$port/c/bench/gallery"
load "gallery, a returning visitor (shuffle cookie)" "http://127.0.0.1:$port/c/bench/gallery" -H "Cookie: gseed=123456789"
load "gallery, newest, page 2" "http://127.0.0.1:$port/c/bench/gallery?order=newest&cursor=$cursor"
load "photo page" "http://127.0.0.1:$port/e/$entry"
stop
export DECLIC_PAGE_CACHE_SECS=0
start
load "gallery without the page cache (every request renders)" "http://127.0.0.1:$port/c/bench/gallery" -H "Cookie: gseed=123456789"
load "gallery API JSON (never cached)" "http://127.0.0.1:$port/api/v1/contests/bench/gallery?seed=123456789"
stop
