#!/usr/bin/python3
"""Shards of a run, joined by `cyres merge`, equal one run over all trials.

Usage (ctest): /usr/bin/python3 test_merge_identity.py <cyres-binary> <workdir>

Runs the default scenario's 60 trials once, and as three shards of unequal
size (--trial-range), merges the shards given in shuffled order and compares
the files: identical except the provenance attributes (batch_identity.py).
Then asks merge to join shards that do not belong together (overlap, gap,
missing tail, other seed, other --set, other policies, a complete file, a
checkpoint) and checks each is refused with exit code 2, a message that says
why, and no output file.
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch_identity  # noqa: E402

COMMON = ["--trials", "60", "--seed", "11", "--threads", "2"]


def run(binary, *args, expect=0):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != expect:
        print(result.stdout, result.stderr)
        raise SystemExit(f"{' '.join(args)}: exit {result.returncode}, expected {expect}")
    return result


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = lambda name: os.path.join(workdir, name)  # noqa: E731
    for name in os.listdir(workdir):
        os.remove(path(name))
    failures = []

    run(binary, "run", "-o", path("single.h5"), *COMMON)
    ranges = ["0:17", "17:40", "40:60"]
    for i, r in enumerate(ranges):
        run(binary, "run", "-o", path(f"shard{i}.h5"), *COMMON, "--trial-range", r)
    run(binary, "merge", path("shard2.h5"), path("shard0.h5"), path("shard1.h5"),
        "-o", path("merged.h5"))
    batch_identity.check_identical("3 shards merged vs one run", path("single.h5"),
                                   path("merged.h5"), failures)
    # The comparison can fail: another seed gives other results.
    run(binary, "run", "-o", path("other_seed.h5"), "--trials", "60", "--seed", "12")
    if not batch_identity.differences(path("single.h5"), path("other_seed.h5")):
        failures.append("comparison cannot tell another seed apart")

    # Shards that do not belong together.
    run(binary, "run", "-o", path("overlap.h5"), *COMMON, "--trial-range", "10:30")
    run(binary, "run", "-o", path("seed12.h5"), "--trials", "60", "--seed", "12",
        "--trial-range", "17:40")
    run(binary, "run", "-o", path("set.h5"), *COMMON, "--trial-range", "17:40",
        "--set", "campaigns.0.intensity=2")
    run(binary, "run", "-o", path("policy.h5"), *COMMON, "--trial-range", "17:40",
        "--policy", "independent")
    run(binary, "run", "-o", path("run.h5"), *COMMON, "--checkpoint", path("ckpt.h5"),
        "--checkpoint-trials", "10", "--trial-range", "17:40")
    cases = [
        ("overlap", ["shard0.h5", "overlap.h5", "shard2.h5"], "overlap"),
        ("gap", ["shard0.h5", "shard2.h5"], "trials 17:40 are in no shard"),
        ("missing tail", ["shard0.h5", "shard1.h5"], "trials 40:60 of the run's 60 are in no shard"),
        ("other seed", ["shard0.h5", "seed12.h5", "shard2.h5"], "seed 12 here, 11 there"),
        ("other --set", ["shard0.h5", "set.h5", "shard2.h5"], "overrides (--set, --trials, --seed) campaigns.0.intensity=2"),
        ("other policies", ["shard0.h5", "policy.h5", "shard2.h5"], "policies independent here"),
        ("complete file", ["shard0.h5", "single.h5"], "not a shard or a checkpoint"),
        ("same shard twice", ["shard0.h5", "shard0.h5", "shard1.h5", "shard2.h5"], "overlap"),
    ]
    for label, shards, message in cases:
        out = path("bad_merge.h5")
        result = run(binary, "merge", *[path(s) for s in shards], "-o", out, expect=2)
        if message not in result.stderr or os.path.exists(out):
            print(f"FAIL merge of {label}: {result.stderr.strip()!r}")
            failures.append(label)
        else:
            print(f"ok   merge of {label} refused: {result.stderr.strip()}")

    # Ranges the run itself refuses.
    for args, message in [(["--trial-range", "50:70"], "beyond the run's 60 trials"),
                          (["--trial-range", "5:5"], "not a trial range"),
                          (["--trial-range", "0:10", "--target-ci", "0.1"], "--target-ci")]:
        result = run(binary, "run", "-o", path("bad_run.h5"), *COMMON, *args, expect=2)
        if message not in result.stderr or os.path.exists(path("bad_run.h5")):
            print(f"FAIL run {args}: {result.stderr.strip()!r}")
            failures.append(str(args))
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
