#!/usr/bin/python3
"""The Slurm examples in scripts/cluster run, outside Slurm, as documented.

Usage (ctest): /usr/bin/python3 test_cluster_scripts.py <cyres-binary> <workdir>

shard.slurm as three array tasks and merge.slurm give the file one run gives
(except provenance); mpi_run.slurm (launched without srun) writes results and
removes its checkpoint; sweep.slurm runs the example sweep file (with fewer
trials).
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLUSTER = os.path.join(HERE, "..", "..", "scripts", "cluster")
sys.path.insert(0, HERE)
import batch_identity  # noqa: E402


def script(name, env, *args):
    result = subprocess.run(["bash", os.path.join(CLUSTER, name), *args], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        raise SystemExit(f"{name}: exit {result.returncode}")
    return result


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = lambda name: os.path.join(workdir, name)  # noqa: E731
    failures = []
    env = dict(os.environ, CYRES=binary, TRIALS="60", SEED="11", SHARDS=path("shards"),
               OUT=path("merged.h5"), LAUNCH="", SLURM_CPUS_PER_TASK="2")
    for task in range(3):
        script("shard.slurm", dict(env, SLURM_ARRAY_TASK_ID=str(task), SLURM_ARRAY_TASK_COUNT="3"))
    script("merge.slurm", env)
    subprocess.run([binary, "run", "--trials", "60", "--seed", "11", "-o", path("single.h5")],
                   check=True, capture_output=True)
    batch_identity.check_identical("shard.slurm x 3 + merge.slurm vs one run", path("single.h5"),
                                   path("merged.h5"), failures)

    script("mpi_run.slurm", dict(env, OUT=path("mpi.h5")))
    batch_identity.check_identical("mpi_run.slurm vs one run", path("single.h5"), path("mpi.h5"),
                                   failures)
    if os.path.exists(path("mpi.h5.checkpoint.h5")):
        failures.append("mpi_run.slurm left its checkpoint")

    with open(os.path.join(CLUSTER, "example_sweep.yaml")) as f:
        text = f.read().replace("trials: 2000", "trials: 4")
    with open(path("sweep.yaml"), "w") as f:
        f.write(text)
    out = script("sweep.slurm", dict(env, OUT=path("sweep.h5")), path("sweep.yaml"))
    if "9 points x 2 policies x 4 trials" not in out.stdout:
        failures.append(f"sweep.slurm: {out.stdout[-300:]!r}")
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
