#!/usr/bin/python3
"""`cyres sweep`: a 2 x 3 grid is reproducible, shares random numbers across
points, reads back through the analysis reader, and bad files are refused at
their place.

Usage (ctest): /usr/bin/python3 test_sweep.py <cyres-binary> <workdir>

1. A 2 x 3 grid (two team counts x three campaign intensities) of the default
   scenario, 60 trials and two policies per point, is run twice (1 and 2
   threads): the /sweep tables are identical. Each row equals what
   `cyres run --set ...` gives for that point (mean and paired difference).
2. Common random numbers across points: for each pair of neighbouring points
   the variance of the per-trial difference of resilience loss (same trial
   seeds) is compared with var(a) + var(b), the variance of the difference of
   two independent runs; the ratio must be below 1 on average (it is printed).
3. A Latin hypercube of 6 samples: each parameter's range is cut into 6
   strata, each used once; integer parameters stay integers in range.
4. Bad sweep files give exit code 2, a message located in the sweep file
   (file:line:column) and no output: an unknown swept path, an out-of-range
   value, an unknown key, a list row of the wrong length, min > max.
"""

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import batch_identity  # noqa: E402
import cyres_h5  # noqa: E402

GRID = """sweep: 1
trials: 60
seed: 7
policies: [independent, joint-crisis-cell]
parameters:
  - path: organisations.varnia-csirt.teams
    values: [2, 6]
  - path: campaigns.0.intensity
    values: [0.5, 1.0, 2.0]
point_results: {points}
"""


def run(command, expect=0):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != expect:
        print(result.stdout, result.stderr)
        raise SystemExit(f"{' '.join(command)}: exit {result.returncode}, expected {expect}")
    return result


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = lambda name: os.path.join(workdir, name)  # noqa: E731
    failures = []

    # 1. Reproducible, and each row is the run of that point.
    for threads in ("1", "2"):
        with open(path(f"grid{threads}.yaml"), "w") as f:
            f.write(GRID.format(points=f"points{threads}"))
        run([binary, "sweep", path(f"grid{threads}.yaml"), "-o", path(f"grid{threads}.h5"),
             "--threads", threads])
    diff = batch_identity.differences(path("grid1.h5"), path("grid2.h5"),
                                      skip_root=batch_identity.PROVENANCE, skip_groups=())
    # The sweep files name their own sweep file; only that may differ.
    diff = [d for d in diff if not d.startswith("sweep_file")]
    print(f"{'ok  ' if not diff else 'FAIL'} sweep at 1 and 2 threads: {diff[:5] or 'identical'}")
    if diff:
        failures.append("sweep not reproducible")
    with h5py.File(path("grid1.h5"), "r") as f:
        s = f["sweep"]
        params = [p.decode() for p in s.attrs["parameters"]]  # fixed-length strings: bytes
        teams = s[params[0]][()]
        intensity = s[params[1]][()]
        mean = s["resilience_loss/mean"][()]
        paired = s["resilience_loss/paired_difference"][()]
        if list(teams) != [2, 2, 2, 6, 6, 6] or list(intensity) != [0.5, 1, 2] * 2:
            failures.append(f"grid order: {teams} {intensity}")
        if mean.shape != (6, 2) or [p.decode() for p in s.attrs["policies"]] != ["independent", "joint-crisis-cell"]:
            failures.append(f"shape {mean.shape}")
    out = path("point4.h5")
    run([binary, "run", "-o", out, "--trials", "60", "--seed", "7", "--policy",
         "independent,joint-crisis-cell", "--set", "organisations.varnia-csirt.teams=6",
         "--set", "campaigns.0.intensity=1.0"])
    with h5py.File(out, "r") as f:
        c = f["comparison/resilience_loss"]
        if not (c["mean"][()] == mean[4]).all() or not (c["paired_difference"][()] == paired[4]).all():
            failures.append("point 4 differs from cyres run at its values")
        else:
            print("ok   row 4 equals cyres run --set at its values, bit for bit")
    with cyres_h5.open_file(path("grid1.h5")) as r:
        table = r.sweep()
        if table["parameters"] != params or "resilience_loss/paired_ci_low" not in table["columns"]:
            failures.append("the analysis reader does not see the table")

    # 2. Common random numbers across neighbouring points.
    losses = []
    for k in range(6):
        with h5py.File(os.path.join(workdir, "points1", f"point_{k}.h5"), "r") as f:
            losses.append(f["policies/independent/trials/resilience_loss"][()])
    ratios = []
    for a, b in [(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)]:
        paired_var = np.var(losses[a] - losses[b], ddof=1)
        independent_var = np.var(losses[a], ddof=1) + np.var(losses[b], ddof=1)
        ratios.append(paired_var / independent_var)
    print(f"CRN across neighbouring points: var(paired difference) / var(independent difference) "
          f"= {np.mean(ratios):.3f} on average (range {min(ratios):.3f}-{max(ratios):.3f})")
    if not np.mean(ratios) < 1.0:
        failures.append("common random numbers did not reduce the variance of differences")

    # 3. Latin hypercube.
    with open(path("lhs.yaml"), "w") as f:
        f.write("sweep: 1\ntrials: 8\ndesign: latin_hypercube\nsamples: 6\nsample_seed: 3\n"
                "policies: [independent]\nparameters:\n"
                "  - path: campaigns.0.intensity\n    min: 0.5\n    max: 2.0\n"
                "  - path: organisations.varnia-csirt.teams\n    min: 1\n    max: 12\n"
                "    integer: true\n")
    run([binary, "sweep", path("lhs.yaml"), "-o", path("lhs.h5")])
    with h5py.File(path("lhs.h5"), "r") as f:
        x = f["sweep/campaigns.0.intensity"][()]
        t = f["sweep/organisations.varnia-csirt.teams"][()]
    strata = np.floor((x - 0.5) / 1.5 * 6).astype(int)
    if sorted(strata) != list(range(6)):
        failures.append(f"intensity strata {strata}")
    if not (np.all(t == np.round(t)) and t.min() >= 1 and t.max() <= 12
            and len(set(np.floor((t - 1) / 2))) == 6):
        failures.append(f"integer teams {t}")
    print(f"latin hypercube: intensity {np.round(x, 3)}, teams {t}")

    # 4. Located errors.
    cases = {
        "unknown_path": ("parameters:\n  - path: organisations.varnia-csirt.temas\n"
                         "    values: [2, 6]\n", ":4:11:", "did you mean 'teams'"),
        "bad_value": ("parameters:\n  - path: organisations.varnia-csirt.teams\n"
                      "    values: [2, -1]\n", ":5:17:", "teams=-1"),
        "unknown_key": ("trails: 5\nparameters:\n  - path: campaigns.0.intensity\n"
                        "    values: [1]\n", ":3:1:", "did you mean 'trials'"),
        "short_row": ("design: list\nparameters:\n  - path: campaigns.0.intensity\n"
                      "  - path: organisations.varnia-csirt.teams\npoints:\n  - [1.0, 2]\n"
                      "  - [2.0]\n", ":9:5:", "expected one per parameter"),
        "min_above_max": ("design: latin_hypercube\nsamples: 3\nparameters:\n"
                          "  - path: campaigns.0.intensity\n    min: 2\n    max: 1\n",
                          ":8:10:", "expected max >= min"),
    }
    for name, (body, where, message) in cases.items():
        sweep_file = path(f"{name}.yaml")
        with open(sweep_file, "w") as f:
            f.write("sweep: 1\ntrials: 5\n" + body)
        out = path(f"{name}.h5")
        result = run([binary, "sweep", sweep_file, "-o", out], expect=2)
        located = f"{sweep_file}{where}" in result.stderr
        if not located or message not in result.stderr or os.path.exists(out):
            print(f"FAIL {name}: {result.stderr.strip()!r}")
            failures.append(name)
        else:
            print(f"ok   {name}: {result.stderr.strip()}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
