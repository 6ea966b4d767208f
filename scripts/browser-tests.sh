#!/usr/bin/env bash
# Browser tests of the participant's phone experience (tests/browser/*.test.mjs), in Debian's
# headless Chromium driven by playwright-core, with axe-core for accessibility.
#
#   bash scripts/browser-tests.sh                       # everything
#   bash scripts/browser-tests.sh --test-name-pattern=withdraw   # extra arguments go to `node --test`
#
# Installs chromium (apt) if missing, the npm packages (npm ci) when the lockfile changed, builds
# the server (cargo build --locked; a no-op when up to date), starts `target/debug/declic` on a free
# loopback port with a fresh data directory (SQLite + local blobs + outbox, demo contest), runs the
# tests with DECLIC_URL, DECLIC_OUTBOX, DECLIC_DATA_DIR and DECLIC_SERVER_BIN (for CLI steps) set,
# and always stops the server.
# Exits non-zero when a test fails. Environment:
#   DECLIC_BIN        use this server binary instead of building target/debug/declic
#   CHROMIUM          browser executable (default /usr/bin/chromium)
#   KEEP_BROWSER_TMP  set to 1 to keep the temporary data directory (logs, outbox, database)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TESTS="$ROOT/tests/browser"
log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Chromium (the distribution's; never a downloaded browser) ------------------------------------
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  log "installing chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
[ -x "$CHROMIUM" ] || { echo "no Chromium at $CHROMIUM" >&2; exit 1; }

# --- Node packages -----------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || { echo "node (20 or later) is needed for the browser tests" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "node 20 or later is needed (found $(node --version))" >&2; exit 1; }
lock_sum=$(sha256sum "$TESTS/package-lock.json" | cut -d' ' -f1)
stamp="$TESTS/node_modules/.declic-lock-sha256"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_sum" ]; then
  log "npm ci (tests/browser)"
  (cd "$TESTS" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_sum" >"$stamp"
fi

# --- The server --------------------------------------------------------------------------------
if [ -n "${DECLIC_BIN:-}" ]; then
  BIN=$DECLIC_BIN
else
  log "cargo build --locked"
  cargo build --locked
  BIN="$ROOT/target/debug/declic"
fi
[ -x "$BIN" ] || { echo "no server binary at $BIN" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/declic-browser.XXXXXX")
SERVER_PID=
cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$rc" != 0 ] && [ -f "$TMP/server.log" ]; then
    if grep -q "panicked" "$TMP/server.log"; then
      echo "--- panics in the server log ---" >&2
      grep -n -B2 -A6 "panicked" "$TMP/server.log" | head -n 80 >&2 || true
    fi
    echo "--- last lines of the server log ($TMP/server.log) ---" >&2
    tail -n 40 "$TMP/server.log" >&2 || true
  fi
  if [ "${KEEP_BROWSER_TMP:-0}" = 1 ]; then
    echo "kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
URL="http://127.0.0.1:$PORT"
mkdir -p "$TMP/data"
log "starting $BIN on $URL (data in $TMP/data)"
(
  # Only the embedded defaults and what is set here: no database, store or SMTP from the caller
  # (.ci/run exports Garage and PostgreSQL settings), no declic.toml from the working directory.
  for v in $(compgen -e); do
    case "$v" in DECLIC_* | DATABASE_URL | STORAGE_URL) unset "$v" ;; esac
  done
  cd "$TMP"
  # Pages straight from the database: tests look at a page right after changing what it shows.
  export DECLIC_BIND="127.0.0.1:$PORT" DECLIC_DATA_DIR="$TMP/data" DECLIC_METRICS_BIND=off DECLIC_PAGE_CACHE_SECS=0
  exec "$BIN" serve
) >"$TMP/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null && curl -fsS -o /dev/null "$URL/readyz" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited during startup" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/readyz" || { echo "the server did not become ready on $URL" >&2; exit 1; }

# --- The tests ---------------------------------------------------------------------------------
log "browser tests (node --test) against $URL"
cd "$TESTS"
DECLIC_URL="$URL" DECLIC_OUTBOX="$TMP/data/outbox" DECLIC_DATA_DIR="$TMP/data" DECLIC_SERVER_BIN="$BIN" \
  node --test --test-reporter=spec "$@" ./*.test.mjs
