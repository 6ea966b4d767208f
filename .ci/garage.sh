# Starts a throw-away single-node Garage S3 server on loopback (source this file, then call garage_start).
# Sets S3_ENDPOINT, S3_KEY, S3_SECRET and a bucket named `declic`; garage_stop ends it and removes its data.
export PATH="$HOME/.cargo/bin:$PATH"

garage_start() {
  if ! command -v garage >/dev/null 2>&1; then
    # A throw-away test server: optimised lightly, it builds in about 6 minutes on 2 cores
    # instead of 16, and the suite does not notice the difference.
    echo "==> building Garage (once; about 6 minutes on 2 cores)"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install garage --locked
  fi
  GDIR=$(mktemp -d /tmp/declic-garage.XXXXXX)
  local base=${DECLIC_CI_GARAGE_PORT:-3900}
  cat > "$GDIR/garage.toml" <<TOML
metadata_dir = "$GDIR/meta"
data_dir = "$GDIR/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$((base + 1))"
rpc_public_addr = "127.0.0.1:$((base + 1))"
rpc_secret = "$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$base"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:$((base + 3))"
admin_token = "$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
TOML
  local g="garage -c $GDIR/garage.toml"
  echo "==> starting Garage in $GDIR"
  setsid garage -c "$GDIR/garage.toml" server > "$GDIR/server.log" 2>&1 &
  GPID=$!
  for _ in $(seq 1 60); do $g status >/dev/null 2>&1 && break; sleep 0.5; done
  local node
  node=$($g node id -q | cut -d@ -f1)
  $g layout assign -z dc1 -c 1G "$node" >/dev/null
  $g layout apply --version 1 >/dev/null
  $g bucket create declic >/dev/null
  $g key create declic-ci >/dev/null
  $g bucket allow --read --write --owner declic --key declic-ci >/dev/null
  local info
  info=$($g key info declic-ci --show-secret)
  S3_KEY=$(printf '%s\n' "$info" | awk -F': *' '/Key ID/ {print $2; exit}')
  S3_SECRET=$(printf '%s\n' "$info" | awk -F': *' '/Secret key/ {print $2; exit}')
  S3_ENDPOINT="http://127.0.0.1:$base"
  if [ -z "$S3_KEY" ] || [ -z "$S3_SECRET" ]; then
    echo "could not read the Garage key" >&2
    printf '%s\n' "$info" >&2
    return 1
  fi
  export S3_KEY S3_SECRET S3_ENDPOINT
}

garage_stop() {
  [ -n "${GPID:-}" ] && kill "$GPID" 2>/dev/null && wait "$GPID" 2>/dev/null
  [ -n "${GDIR:-}" ] && rm -rf "$GDIR"
  return 0
}
