# What the vote benches share (sourced by scripts/bench-votes.sh and scripts/bench-votes-pairs.sh,
# from the repository's root): wrk, the release build, the server's settings, and the load.
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ "${BUILD:-1}" = 0 ] || cargo build --release --locked -q
port=18081
export DECLIC_DEMO=false DECLIC_BIND=127.0.0.1:$port DECLIC_METRICS_BIND=${DECLIC_METRICS_BIND:-127.0.0.1:18082} RUST_LOG=warn,sqlx=error
# Every vote comes from this machine: lift the per-address limit (one account votes once here).
export DECLIC_VOTES_PER_IP_PER_MINUTE=100000000

# Waits until the server answers.
wait_ready() {
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
}

# Sends the prepared votes of FILE (each once) for DURATION from wrk; its report goes to OUT.
send_votes() {
  VOTES_FILE=$1 WRK_THREADS=2 wrk -t2 -c"${CONNECTIONS:-100}" -d"$2" --latency -s scripts/bench/votes.lua "http://127.0.0.1:$port" > "$3"
}
