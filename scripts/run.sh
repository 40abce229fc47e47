#!/usr/bin/env bash
# The main job: set up, build, and run the default scenario (embedded in the
# binary) with every policy preset, writing results.h5 and printing the summary.
# Extra arguments go to `cyres run`, e.g. scripts/run.sh --trials 200 --threads 2
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release cyres
# --force: the main job's results.h5 is its own, replaced on every rerun
# (cyres itself never replaces an existing results file unasked).
exec ./build/release/cyres run -o results.h5 --force "$@"
