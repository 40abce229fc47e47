#!/usr/bin/python3
"""`cyres compare a.h5 b.h5`: pairs trials across files of the same seed and
scenario files, and refuses files that cannot be paired, saying why.

Usage (ctest): /usr/bin/python3 test_compare_files.py <cyres-binary> <workdir>

Two policies run in one file, and each in its own file with the same seed:
the paired difference, its CI and the share of trials better are the same
numbers (JSON, bit for bit) either way. Files with another seed, other
scenario files, or other trials are refused with exit code 2 and the reason.
"""

import json
import os
import shutil
import subprocess
import sys

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "good",
                       "scenario.yaml")
COMMON = ["--trials", "80", "--seed", "5"]


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
    failures = []
    run(binary, "run", "-o", path("both.h5"), *COMMON, "--policy",
        "independent,joint-crisis-cell")
    run(binary, "run", "-o", path("a.h5"), *COMMON, "--policy", "independent")
    run(binary, "run", "-o", path("b.h5"), *COMMON, "--policy", "joint-crisis-cell")
    within = json.loads(run(binary, "compare", path("both.h5"), "--json",
                            "--metric", "resilience_loss,min_service").stdout)
    across = json.loads(run(binary, "compare", path("a.h5"), path("b.h5"), "--json",
                            "--metric", "resilience_loss,min_service").stdout)
    if across["policies"] != [f"{path('a.h5')}:independent", f"{path('b.h5')}:joint-crisis-cell"]:
        failures.append(f"policy labels {across['policies']}")
    for metric in ("resilience_loss", "min_service"):
        w = within["metrics"][metric]["policies"]["joint-crisis-cell"]
        a = across["metrics"][metric]["policies"][f"{path('b.h5')}:joint-crisis-cell"]
        if w != a:
            failures.append(f"{metric}: {w} within one file, {a} across files")
        else:
            print(f"ok   {metric}: paired difference {a['paired_difference']:+.4f} "
                  f"[{a['paired_ci_low']:+.4f}, {a['paired_ci_high']:+.4f}] the same across files")
    # A bare --baseline names the first file's policy; FILE:POLICY any.
    result = run(binary, "compare", path("a.h5"), path("b.h5"), "--baseline",
                 f"{path('b.h5')}:joint-crisis-cell", "--json")
    if json.loads(result.stdout)["baseline"] != f"{path('b.h5')}:joint-crisis-cell":
        failures.append("--baseline FILE:POLICY")

    run(binary, "run", "-o", path("seed6.h5"), "--trials", "80", "--seed", "6",
        "--policy", "independent")
    run(binary, "run", FIXTURE, "-o", path("other.h5"), *COMMON)
    run(binary, "run", "-o", path("fewer.h5"), "--trials", "40", "--seed", "5",
        "--policy", "independent")
    for other, reason in [("seed6.h5", "seed 6 here, 5 there"),
                          ("other.h5", "pairing needs runs of the same scenario files"),
                          ("fewer.h5", "pairing needs the same trials")]:
        result = run(binary, "compare", path("a.h5"), path(other), expect=2)
        if reason not in result.stderr or "cannot be paired" not in result.stderr:
            failures.append(f"{other}: {result.stderr.strip()!r}")
        else:
            print(f"ok   refused: {result.stderr.strip()}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
