#!/usr/bin/env bash
# CPU time per vote while wrk runs (from its 2nd second, for CPU_SECS seconds: 6 unless set), by
# process: the server, PostgreSQL's processes (all of them) and wrk, read from /proc: where the CPU
# goes; also the bytes the server and PostgreSQL sent to storage per vote (logs and data files).
# On a shared machine the CPU time moves between runs as votes/s does: compare runs made a few
# minutes apart.
# Usage: cpu-per-vote.sh SERVER_PID METRICS_ADDR (the server's metrics count the votes).
set -euo pipefail
server=$1 metrics=$2
while ! pgrep -x wrk >/dev/null; do sleep 0.05; done
sleep 1
proc_sum() { # FILE AWK PID…: the sum over the processes of what AWK reads in /proc/PID/FILE
  local file=$1 program=$2 n=0 p
  shift 2
  for p in "$@"; do [ -r "/proc/$p/$file" ] && n=$((n + $(awk "$program" "/proc/$p/$file" 2>/dev/null || echo 0))); done
  echo "$n"
}
ticks() { proc_sum stat '{print $14 + $15}' "$@"; } # user + system clock ticks
written() { proc_sum io '/^write_bytes/ {print $2}' "$@"; } # bytes sent to storage
votes() { curl -sf "http://$metrics/metrics" | awk '/^declic_votes_total/ {print $2}'; }
read -r s0 p0 w0 v0 b0 <<<"$(ticks "$server") $(ticks $(pgrep -x postgres || true)) $(ticks $(pgrep -x wrk)) $(votes) $(written "$server" $(pgrep -x postgres || true))"
sleep "${CPU_SECS:-6}"
read -r s1 p1 w1 v1 b1 <<<"$(ticks "$server") $(ticks $(pgrep -x postgres || true)) $(ticks $(pgrep -x wrk)) $(votes) $(written "$server" $(pgrep -x postgres || true))"
python3 - "$(getconf CLK_TCK)" "$((v1 - v0))" "$((b1 - b0))" "$((s1 - s0))" "$((p1 - p0))" "$((w1 - w0))" <<'PY'
import sys
hz, votes, written, *t = map(int, sys.argv[1:])
votes = max(votes, 1)
us = [x * 1e6 / hz / votes for x in t]
print(f"CPU per vote over {votes} votes: server {us[0]:.0f} µs, PostgreSQL {us[1]:.0f} µs, wrk {us[2]:.0f} µs; "
      f"{written / votes / 1024:.1f} KiB to storage per vote")
PY
