#!/usr/bin/env bash
# CPU time per vote while wrk runs (from its 2nd second, for CPU_SECS seconds: 6 unless set), by
# process: the server, PostgreSQL's processes (all of them) and wrk, read from /proc: where the CPU
# goes. Also the bytes the server and PostgreSQL sent to storage per vote (logs and data files). On a shared machine it moves between runs as votes/s does: compare runs made a few minutes
# apart.
# Usage: cpu-per-vote.sh SERVER_PID METRICS_ADDR (the server's metrics count the votes).
set -euo pipefail
server=$1 metrics=$2
while ! pgrep -x wrk >/dev/null; do sleep 0.05; done
sleep 1
ticks() { # user + system clock ticks of the given processes
  local t=0 p
  for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
written() { # bytes the given processes sent to storage
  local b=0 p
  for p in "$@"; do [ -r "/proc/$p/io" ] && b=$((b + $(awk '/^write_bytes/ {print $2}' "/proc/$p/io" 2>/dev/null || echo 0))); done
  echo "$b"
}
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
