#!/usr/bin/env bash
# Installs the dependencies (scripts/bootstrap.sh) and builds one CMake preset.
# Usage: scripts/build.sh [PRESET] [TARGET...]   (default preset: release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
bash scripts/bootstrap.sh
cmake --preset "$preset" >/dev/null
if [ $# -gt 0 ]; then
  cmake --build --preset "$preset" -j "$(nproc)" --target "$@"
else
  cmake --build --preset "$preset" -j "$(nproc)"
fi
