#!/usr/bin/env bash
# Votes/s on SQLite and on PostgreSQL, measured in turn (issue 5: "more on PostgreSQL"). One run of
# each backend cannot compare them on a shared machine whose speed drifts by half or more within
# minutes. Both backends are prepared once, with voters for every run; then short runs alternate,
# S P, P S, S P, … (each pair's order the reverse of the last, so a steady drift favours neither),
# and each pair gives a ratio. The figures are the median ratio and how many pairs each backend led.
# Usage: scripts/bench-votes-pairs.sh. PAIRS (default 8), DURATION per run (5s), PER_RUN voters
# prepared per run (80000: more than a run can take), CONNECTIONS (100). Needs the release build
# (BUILD=0 skips building it) and PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${PAIRS:-8} DURATION=${DURATION:-5s} PER_RUN=${PER_RUN:-80000}
# shellcheck source=scripts/bench/votes-setup.sh
source scripts/bench/votes-setup.sh
dir=$(mktemp -d /tmp/declic-pairs.XXXXXX)
metrics=$DECLIC_METRICS_BIND
pg_url="postgres://postgres@127.0.0.1:5432/declic_bench_pairs?sslmode=disable"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$dir"' EXIT

# Runs declic on one backend's data (sqlite or postgres) with the remaining arguments, in place of
# the shell that calls it (so that `declic_on … &` gives the server's own process id).
declic_on() {
  local backend=$1
  shift
  if [ "$backend" = postgres ]; then
    DECLIC_DATA_DIR=$dir/postgres DATABASE_URL=$pg_url exec ./target/release/declic "$@"
  else
    unset DATABASE_URL
    DECLIC_DATA_DIR=$dir/sqlite exec ./target/release/declic "$@"
  fi
}

psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS declic_bench_pairs' -c 'CREATE DATABASE declic_bench_pairs' postgres
voters=$((PAIRS * PER_RUN))
for backend in sqlite postgres; do
  mkdir -p "$dir/$backend"
  echo "preparing $voters voters on $backend…"
  # The challenges are solved here, not timed: a small difficulty keeps that quick. They stay
  # valid for 10 minutes, longer than the runs take.
  (DECLIC_POW_MAX_NUMBER=200 declic_on "$backend" bench votes --voters "$voters" --out "$dir/$backend/votes.tsv")
  split -d -a 3 -l "$PER_RUN" "$dir/$backend/votes.tsv" "$dir/$backend/run."
done
# The preparation's writes are checkpointed now, not during a run.
psql "$pg_url" -qc CHECKPOINT

votes_total() { curl -sf "http://$metrics/metrics" | awk '/^declic_votes_total/ {print $2}'; }
# PostgreSQL's background work left from a run (autovacuum) ends before the next run starts.
pg_quiet() {
  for _ in $(seq 60); do
    [ "$(psql "$pg_url" -Atc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" = 0 ] && return
    sleep 0.5
  done
}

# One run: the server on BACKEND sends its share K of the votes for DURATION; prints votes/s.
run() {
  local backend=$1 k=$2
  pg_quiet
  declic_on "$backend" serve >> "$dir/server.log" 2>&1 & server=$!
  wait_ready
  CPU_SECS=3 bash scripts/bench/cpu-per-vote.sh "$server" "$metrics" > "$dir/cpu.txt" &
  local probe=$!
  send_votes "$(printf '%s/%s/run.%03d' "$dir" "$backend" "$k")" "$DURATION" "$dir/wrk.txt"
  wait "$probe" || true
  local counted
  counted=$(votes_total)
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  python3 - "$dir/wrk.txt" "${counted:-0}" "$PER_RUN" "$backend" "$(cat "$dir/cpu.txt")" <<'PY'
import re, sys
out, counted, per_run, backend, cpu = open(sys.argv[1]).read(), int(float(sys.argv[2])), int(sys.argv[3]), sys.argv[4], sys.argv[5]
m = re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)
requests, secs = int(m.group(1)), float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
if requests >= per_run:
    sys.exit(f"{backend}: every prepared vote was sent before the end: raise PER_RUN")
lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
refused = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
refused = f", {refused.group(1)} refused" if refused else ""
print(f"{counted / secs:.0f}\t{backend}: {counted} votes in {secs:.1f} s{refused}, p50 {lat.get('50')}, p99 {lat.get('99')}; {cpu}")
PY
}

results=$dir/results.tsv
for k in $(seq 0 $((PAIRS - 1))); do
  if [ $((k % 2)) = 0 ]; then order="sqlite postgres"; else order="postgres sqlite"; fi
  for backend in $order; do
    line=$(run "$backend" "$k")
    echo "pair $((k + 1)): ${line#*$'\t'}"
    printf '%s\t%s\t%s\n' "$k" "$backend" "${line%%$'\t'*}" >> "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    k, backend, rate = line.split("\t")
    runs.setdefault(int(k), {})[backend] = float(rate)
ratios = [r["postgres"] / r["sqlite"] for r in runs.values()]
leads = sum(x > 1 for x in ratios)
mean = {b: statistics.mean(r[b] for r in runs.values()) for b in ("sqlite", "postgres")}
print(f"PostgreSQL / SQLite votes/s, pair by pair: {', '.join(f'{x:.2f}' for x in ratios)}")
print(f"median ratio {statistics.median(ratios):.2f}; PostgreSQL led {leads} of {len(ratios)} pairs; "
      f"means: SQLite {mean['sqlite']:.0f}, PostgreSQL {mean['postgres']:.0f} votes/s")
PY
for backend in sqlite postgres; do
  echo "$backend: $( (declic_on "$backend" votes recount --dry-run) | head -1)"
done
