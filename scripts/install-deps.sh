#!/usr/bin/env bash
# Installs what the default build needs beyond Rust and gcc: cmake and a C++ compiler to build the
# embedded libheif (HEIC photos), pkg-config, and libde265 (the HEVC decoder libheif uses).
# Debian/Ubuntu; does nothing when everything is already there.
set -euo pipefail
missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libde265 2>/dev/null || missing+=(libde265-dev)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; }
