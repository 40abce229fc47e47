#!/usr/bin/env bash
# Installs every Debian package cyres needs to build, test, run and plot, and
# clang-tidy for CI (scripts/tidy.sh), and clang with its libFuzzer runtime for
# the fuzz targets (scripts/fuzz.sh).
# Non-interactive and idempotent: packages already present are skipped, so a
# second call costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-graph-dev libboost-math-dev libtbb-dev
  libhdf5-dev hdf5-tools libyaml-cpp-dev libcli11-dev libfmt-dev librandom123-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  python3 python3-h5py python3-numpy python3-matplotlib python3-yaml
  chromium python3-websocket
  clang-tidy-14
  libopenmpi-dev openmpi-bin   # distributed runs: the same cyres binary under mpirun
  clang libclang-rt-14-dev     # the fuzz targets (scripts/fuzz.sh)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
