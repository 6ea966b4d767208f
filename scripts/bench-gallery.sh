#!/usr/bin/env bash
# Gallery benchmark (issues 5 and 25): a contest with 100,000 approved photos and 1,000,000 votes,
# served by a release build, loaded by wrk (2 threads, 50 connections) from this same machine,
# as anonymous visitors and as a signed-in voter (a real session, signed in with the e-mailed code).
# Usage: scripts/bench-gallery.sh [sqlite|postgres]   (postgres: a database `declic_bench` on
# 127.0.0.1:5432 is dropped and made again when seeding). ENTRIES, VOTES, DURATION override the defaults.
# Prints requests/s and latency percentiles for each scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
ENTRIES=${ENTRIES:-100000} VOTES=${VOTES:-1000000} DURATION=${DURATION:-20s} CONNECTIONS=${CONNECTIONS:-50}
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
# load NAME URL [HEADER]: wrk on URL; prints requests/s, p50, p99, errors, and the server's CPU
# time during the measured run beside its wall time.
load() {
  local name=$1 url=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d5s "$@" "$url" >/dev/null # warm-up
  local before after
  before=$(awk '{print $14 + $15}' "/proc/$server/stat")
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | python3 scripts/bench/wrk_summary.py "$name"
  after=$(awk '{print $14 + $15}' "/proc/$server/stat")
  echo "    server CPU $(( (after - before) / $(getconf CLK_TCK) )) s in $DURATION of wall time"
}
# sign_in: prints the session cookie of a new participant, signed in with the e-mailed code
# (what a voter coming from a social network does).
sign_in() {
  local email="voter-$RANDOM@bench.example.org" code
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"email\": \"$email\"}" \
    "http://127.0.0.1:$port/api/v1/auth/magic-link" >/dev/null
  code=$(python3 - "$dir/outbox" "$email" <<'PY'
import os, re, sys
outbox, to = sys.argv[1], sys.argv[2]
mails = sorted((os.path.getmtime(os.path.join(outbox, n)), n) for n in os.listdir(outbox))
for _, name in reversed(mails):
    text = open(os.path.join(outbox, name), encoding="utf-8").read()
    if f"To: {to}" in text:
        print(re.search(r"^\s*(\d{3} \d{3})\s*$", text, re.M).group(1))
        break
PY
)
  curl -sf -c - -X POST -H 'Content-Type: application/json' -d "{\"email\": \"$email\", \"code\": \"$code\"}" \
    "http://127.0.0.1:$port/api/v1/auth/code" | awk '$6 == "declic_session" { print $7 }'
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
session=$(sign_in)
[ -n "$session" ] || { echo "could not sign in a voter" >&2; exit 1; }
curl -sf -H "Cookie: declic_session=$session" "http://127.0.0.1:$port/c/bench/gallery" | grep -q 'class="who"' ||
  { echo "the voter's session does not show them signed in" >&2; exit 1; }
echo "wrk: 2 threads, $CONNECTIONS connections, $DURATION per scenario, $(nproc) cores shared with the server ($backend)"
load "gallery, new visitors (no cookie)" "http://127.0.0.1:$port/c/bench/gallery"
load "gallery, a returning visitor (shuffle cookie)" "http://127.0.0.1:$port/c/bench/gallery" -H "Cookie: gseed=123456789"
load "gallery, a signed-in voter (session cookie)" "http://127.0.0.1:$port/c/bench/gallery" \
  -H "Cookie: gseed=123456789; declic_session=$session"
load "gallery, newest, page 2" "http://127.0.0.1:$port/c/bench/gallery?order=newest&cursor=$cursor"
load "photo page" "http://127.0.0.1:$port/e/$entry"
load "photo page, a signed-in voter" "http://127.0.0.1:$port/e/$entry" -H "Cookie: declic_session=$session"
stop
export DECLIC_PAGE_CACHE_SECS=0
start
load "gallery without the page cache (every request renders)" "http://127.0.0.1:$port/c/bench/gallery" -H "Cookie: gseed=123456789"
load "gallery API JSON (never cached)" "http://127.0.0.1:$port/api/v1/contests/bench/gallery?seed=123456789"
stop
