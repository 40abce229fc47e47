#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy on every source under sim/ and
# models/ (their headers through its HeaderFilterRegex), with the release
# build's compile_commands.json. Every finding is an error (WarningsAsErrors),
# so the exit status is non-zero on any finding.
# Usage: scripts/tidy.sh [JOBS]   (parallel clang-tidy processes; default nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-$(nproc)}"
bash scripts/bootstrap.sh
# Configuring writes compile_commands.json; the sources need no generated files.
cmake --preset release >/dev/null
# The database holds GCC's flags; clang does not know some of them (-Wno-restrict).
# run-clang-tidy always asks for colour: strip it for plain CI logs, and drop the
# per-file count of warnings suppressed in system and library headers.
run-clang-tidy-14 -p build/release -j "$jobs" -quiet \
  -extra-arg=-Wno-unknown-warning-option "^$PWD/(sim|models)/" 2>&1 |
  sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[0-9]* warnings\? generated\.$/d'
