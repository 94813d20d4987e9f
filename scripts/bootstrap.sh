#!/usr/bin/env bash
# Installs, idempotently, every Debian package vmqkit needs to build and test.
# Only missing packages are installed; nothing is fetched from outside Debian's archive.
# Usage: scripts/bootstrap.sh [--peers]   (--peers adds the optional benchmark peers)
set -euo pipefail

required=(
  build-essential cmake ninja-build pkg-config git
  g++ clang clang-format
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  libz3-dev libcli11-dev nlohmann-json3-dev libfmt-dev libpcap-dev
  python3 python3-yaml dpkg-dev
)
optional=(libdpdk-dev libabsl-dev)

want=("${required[@]}")
if [[ "${1:-}" == "--peers" ]]; then want+=("${optional[@]}"); fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "bootstrap: all ${#want[@]} packages present"
  exit 0
fi

echo "bootstrap: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
