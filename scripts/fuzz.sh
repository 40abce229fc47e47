#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`: clang, ASan + UBSan) and runs
# each for a bounded time, one after the other, on a copy of its committed
# seed corpus (fuzz/corpus/<target>/), so that the repository is not changed.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60, every target)
# A finding (crash, sanitizer report, uncaught exception, a run over 10 s (30 s
# for the HDF5 targets) or 2 GiB) stops the script with exit code 1 and leaves the input under
# build/fuzz/findings/<target>/; add it to tests/fixtures/fuzz/<target>/ as a
# regression case once fixed (fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(scenario_yaml scenario_csv hdf5_table set_value results partial)
fi

bash scripts/bootstrap.sh
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

for target in "${targets[@]}"; do
  work="build/fuzz/runs/$target"
  findings="build/fuzz/findings/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$findings"
  cp fuzz/corpus/"$target"/* "$work/corpus/"
  echo "fuzz: $target for $seconds s" >&2
  start=$SECONDS
  # One process (no -jobs, no -fork), so that the machine stays usable; with
  # -print_final_stats the log ends with the number of inputs run.
  # Leaks inside libhdf5 on damaged files are suppressed (tests/lsan.supp).
  # A malloc too large to satisfy returns NULL, as glibc's does in a release
  # build (libhdf5 allocates metadata sizes read from the file, and reports a
  # failed allocation as an error: docs/reliability.md).
  # An HDF5 input is read in a child process killed after 20 s + 1 s per MiB
  # (sim/hdf5/hdf5_isolation.hpp; inputs here are at most 64 KiB): the
  # HDF5 targets wait longer than that before libFuzzer calls an input a hang.
  timeout=10
  case "$target" in hdf5_table | results | partial) timeout=30 ;; esac
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
      LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
      UBSAN_OPTIONS=print_stacktrace=1 \
      "build/fuzz/fuzz/fuzz_$target" "$work/corpus" \
      -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$findings/" -print_final_stats=1 >"$work/log" 2>&1; then
    tail -n 60 "$work/log" >&2
    echo "fuzz: $target found a failing input: $(ls "$findings")" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo '?')
  echo "fuzz: $target: $runs inputs in $((SECONDS - start)) s, no finding" >&2
done
