#!/usr/bin/env bash
# Winners-export benchmark (issue 7): 20 winners of 48 MP (the corpus's 8000×6000 photo, each copy
# made distinct) with their print files, on SQLite + local disk; the package is downloaded once
# over HTTP from a release server while its resident memory is sampled every 10 ms.
# Usage: scripts/bench-export.sh. COUNT (default 20), CORPUS (default target/corpus, built by
# ../shared/photos/make-corpus.sh when missing).
# BUILD=0 uses the release binary as it is.
# Prints the package size, MB/s, and the server's peak RSS during the download.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-20} CORPUS=${CORPUS:-$PWD/target/corpus}
[ -f "$CORPUS/big/48mp.jpg" ] || bash ../shared/photos/make-corpus.sh "$CORPUS"
[ "${BUILD:-1}" = 0 ] || cargo build --release --locked -q
dir=$(mktemp -d /tmp/declic-bench-export.XXXXXX)
port=18082
export DECLIC_DATA_DIR=$dir DECLIC_DEMO=false DECLIC_BIND=127.0.0.1:$port DECLIC_METRICS_BIND=127.0.0.1:0 RUST_LOG=warn,sqlx=error
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$dir"' EXIT
mkdir -p "$dir/originals"
cp "$CORPUS/big/48mp.jpg" "$dir/originals/"
./target/release/declic bench winners --originals "$dir/originals" --count "$COUNT" --out "$dir/cookie"
./target/release/declic serve & server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
sync; echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
python3 - "$server" "$port" "$dir/cookie" <<'PY'
import subprocess, sys, threading, time
pid, port, cookie = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().strip()
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before, peak, done = rss(), [0.0], threading.Event()
def sample():
    while not done.is_set():
        peak[0] = max(peak[0], rss())
        time.sleep(0.01)
t = threading.Thread(target=sample); t.start()
out = subprocess.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{size_download} %{time_total}", "-b", cookie,
                      f"http://127.0.0.1:{port}/api/v1/contests/bench-winners/export.zip"], capture_output=True, text=True, check=True).stdout
done.set(); t.join()
size, secs = int(out.split()[0]), float(out.split()[1])
print(f"package: {size / 1e6:.0f} MB in {secs:.2f} s: {size / 1e6 / secs:.0f} MB/s")
print(f"server RSS: {before:.0f} MB before, {peak[0]:.0f} MB at most during the download")
PY
