#!/usr/bin/env bash
# First command on a fresh machine: installs the build's system packages (scripts/install-deps.sh),
# then serves Déclic on http://127.0.0.1:8080 on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
exec cargo run --release -- "$@"
