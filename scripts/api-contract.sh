#!/usr/bin/env bash
# Runs schemathesis (PyPI) against the API document of a fresh embedded instance (SQLite + disk,
# demo contest), signed in as the demo admin, with every check:
#
#   bash scripts/api-contract.sh                 # builds target/debug/declic first
#   DECLIC_BIN=path/to/declic bash scripts/api-contract.sh -n 50
#
# Extra arguments go to `st run`. Signing out and deleting one's account are left out (they would
# end the session the run uses), and so is removing a staff role (it could remove the admin's).
# Rules that tie several fields together (stated in the document's descriptions) are kept by the
# hooks in scripts/schemathesis_hooks.py; scripts/schemathesis.toml says what else is tuned and
# why. The documented examples are sent by tests/api/api_examples.rs, each in the situation it
# describes; schemathesis's own examples phase (which mixes nested examples with placeholders and
# applies no hook) is left out. .ci/run runs this and fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
SCHEMATHESIS=4.32.5
if [ "$(st --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -n1)" != "$SCHEMATHESIS" ]; then
  python3 -m pip install -q "schemathesis==$SCHEMATHESIS"
fi
BIN=${DECLIC_BIN:-}
if [ -z "$BIN" ]; then cargo build --locked -q; BIN=target/debug/declic; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DATA=$(mktemp -d /tmp/declic-contract.XXXXXX)
DECLIC_DATA_DIR=$DATA DECLIC_BIND=127.0.0.1:$PORT DECLIC_METRICS_BIND=off \
  DECLIC_PUBLIC_URL=http://127.0.0.1:$PORT/ "$BIN" serve > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
PASSWORD=$(sed -n 's/^password: //p' "$DATA/demo-admin.txt")
curl -sf -c "$DATA/cookies" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@declic.localhost\",\"password\":\"$PASSWORD\"}" \
  "http://127.0.0.1:$PORT/api/v1/auth/login" -o /dev/null
COOKIE=$(awk '$6 == "declic_session" { print $7 }' "$DATA/cookies")
PYTHONPATH=scripts SCHEMATHESIS_HOOKS=schemathesis_hooks \
st --config-file scripts/schemathesis.toml run "http://127.0.0.1:$PORT/api/v1/openapi.json" --url "http://127.0.0.1:$PORT" -n 25 \
  --phases coverage,fuzzing,stateful \
  -H "Cookie: declic_session=$COOKIE" \
  --exclude-path /api/v1/auth/logout --exclude-path /api/v1/me \
  --exclude-path '/api/v1/admin/staff/{id}/role' "$@"
