#!/usr/bin/env bash
# Sets up, builds (warnings are errors) and runs every test with ctest.
# Usage: scripts/test.sh [PRESET]   (release, debug, asan-ubsan or tsan; default release)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" -j "$(nproc)"
