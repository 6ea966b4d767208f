#!/usr/bin/env bash
# Vote benchmark (issue 5): signed-in voters, each with a solved proof of work, vote at once on
# 100 photos through the HTTP API (the whole path: session, rate limits, challenge check and
# spending, rule, vote log, suspicion screening, kept total), from wrk on this same machine.
# Usage: scripts/bench-votes.sh [sqlite|postgres]. VOTERS (default 150000: more than 10 s can take) and DURATION (10s).
# METRICS_OUT=FILE keeps the server's metrics (vote batch sizes) after the run.
# PostgreSQL is reached on loopback without TLS, as a deployment with its database on the same
# machine should be (TLS there protects nothing and costs about 10 % of the votes/s); BENCH_PG_URL
# sets another URL for the same database (e.g. without `sslmode=disable`, to measure TLS).
# Prints votes/s, latency percentiles, CPU time per vote by process (scripts/bench/cpu-per-vote.sh),
# on PostgreSQL its WAL bytes, buffers touched and transactions per vote (steady whatever the
# machine's speed), and checks the totals against the vote log.
set -euo pipefail
cd "$(dirname "$0")/.."
backend=${1:-sqlite}
VOTERS=${VOTERS:-150000} DURATION=${DURATION:-10s}
# shellcheck source=scripts/bench/votes-setup.sh
source scripts/bench/votes-setup.sh
dir=$(mktemp -d /tmp/declic-bench.XXXXXX)
export DECLIC_DATA_DIR=$dir
if [ "$backend" = postgres ]; then
  psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS declic_bench_votes' -c 'CREATE DATABASE declic_bench_votes' postgres
  export DATABASE_URL=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/declic_bench_votes?sslmode=disable}
fi
server="" probe=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; [ -n "$probe" ] && kill $probe 2>/dev/null; rm -rf "$dir"' EXIT
echo "preparing $VOTERS voters on $backend…"
# The challenges are solved here, not timed: a small difficulty keeps that quick.
DECLIC_POW_MAX_NUMBER=200 ./target/release/declic bench votes --voters "$VOTERS" --out "$dir/votes.tsv"
# The preparation's writes are checkpointed now, not during the run (PostgreSQL would otherwise
# checkpoint at a moment that differs from run to run, and write whole pages again after it).
[ "$backend" != postgres ] || psql "$DATABASE_URL" -qc CHECKPOINT
# PostgreSQL's work per vote that the machine's speed does not move: WAL written, buffers touched,
# transactions (read before the run and after the server stopped, when every backend's counters are in).
pg_work() { psql "$DATABASE_URL" -Atc "SELECT pg_current_wal_lsn() - '0/0', blks_hit + blks_read, xact_commit FROM pg_stat_database WHERE datname = current_database()"; }
[ "$backend" != postgres ] || work0=$(pg_work)
./target/release/declic serve & server=$!
wait_ready
bash scripts/bench/cpu-per-vote.sh "$server" "$DECLIC_METRICS_BIND" > "$dir/cpu.txt" & probe=$!
send_votes "$dir/votes.tsv" "$DURATION" "$dir/wrk.txt"
grep -E "Non-2xx|Socket errors" "$dir/wrk.txt" || true
wait "$probe" || true; probe=""
[ -z "${METRICS_OUT:-}" ] || curl -sf "http://$DECLIC_METRICS_BIND/metrics" > "$METRICS_OUT"
kill "$server"; wait "$server" 2>/dev/null || true; server=""
counted=$(./target/release/declic bench count-votes --slug bench-votes)
if [ "$backend" = postgres ]; then
  sleep 1 # the backends' last counters reach the statistics
  python3 - "$work0" "$(pg_work)" "${counted%% *}" <<'PY'
import sys
(w0, b0, x0), (w1, b1, x1) = (map(int, a.split("|")) for a in sys.argv[1:3])
votes = max(int(sys.argv[3]), 1)
print(f"PostgreSQL per vote: {(w1 - w0) / votes:.0f} bytes of WAL, {(b1 - b0) / votes:.1f} buffers touched, {(x1 - x0) / votes:.3f} transactions")
PY
fi
python3 - "$dir/wrk.txt" "$counted" "$VOTERS" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
(counted, first, last), voters = map(int, sys.argv[2].split()), int(sys.argv[3])
lat = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M))
m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
requests, secs = int(m.group(1)), float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
if requests > voters:
    # All prepared votes went out before the end: time them by the vote log's first and last second.
    span = last - first + 1
    print(f"{counted} votes counted of {voters} prepared, all sent within {span} s (vote log): {counted / span:.0f} votes/s or more")
else:
    print(f"{counted} votes counted ({requests} sent) in {secs:.1f} s: {counted / secs:.0f} votes/s")
print(f"latency under load: p50 {lat.get('50')}, p90 {lat.get('90')}, p99 {lat.get('99')}")
PY
cat "$dir/cpu.txt"
./target/release/declic votes recount --dry-run | head -1
