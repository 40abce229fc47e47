#!/usr/bin/python3
"""The same binary under `mpirun -np 1/2/3` equals the plain run, bit for bit.

Usage (ctest, when cyres is built with MPI):
  /usr/bin/python3 mpi_identity.py <cyres-binary> <mpirun> <workdir>

Runs the default scenario once as one process (2 threads) and under mpirun
with 1, 2 and 3 ranks (1 thread each; --oversubscribe for the small CI
machine, --allow-run-as-root for containers), and once more with the stop rule
aimed at the paired differences (3 ranks, one block of 100 trials each per
round: the target is met after the first block, mid-round, so the ranks must
drop the blocks past it). Each file must
equal its plain counterpart except the provenance attributes.
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import batch_identity  # noqa: E402

COMMON = ["--trials", "120", "--seed", "19"]
STOP = ["--trials", "400", "--seed", "19", "--target-ci", "0.1", "--target-on", "difference"]


# Open MPI's libraries keep allocations until exit by design; under an
# AddressSanitizer build, leak reports from them would fail every MPI run.
# Leak checking stays on for cyres itself in the other tests.
MPI_ENV = dict(os.environ)
MPI_ENV["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"]))


def run(command):
    result = subprocess.run(command, capture_output=True, text=True, env=MPI_ENV)
    if result.returncode != 0:
        print(result.stdout, result.stderr)
        raise SystemExit(f"{' '.join(command)}: exit {result.returncode}")
    return result


def main():
    binary, mpirun, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = lambda name: os.path.join(workdir, name)  # noqa: E731
    version = run([binary, "--version"]).stdout
    if "with MPI" not in version:
        raise SystemExit(f"{binary} is not built with MPI: {version.strip()}")
    mpi = [mpirun, "--oversubscribe", "--allow-run-as-root"]
    failures = []

    run([binary, "run", "-o", path("plain.h5"), *COMMON, "--threads", "2"])
    for ranks in (1, 2, 3):
        out = path(f"np{ranks}.h5")
        result = run([*mpi, "-np", str(ranks), binary, "run", "-o", out, *COMMON,
                      "--threads", "1"])
        if ranks > 1 and f"{ranks} ranks" not in result.stdout:
            failures.append(f"-np {ranks} did not run as {ranks} ranks")
        batch_identity.check_identical(f"mpirun -np {ranks}", path("plain.h5"), out, failures)

    plain = run([binary, "run", "-o", path("plain_stop.h5"), *STOP, "--threads", "2"]).stdout
    ranked = run([*mpi, "-np", "3", binary, "run", "-o", path("np3_stop.h5"), *STOP,
                  "--threads", "1"]).stdout
    stop_line = [line for line in plain.splitlines() if line.startswith("stop rule")]
    print(stop_line[0] if stop_line else "no stop rule line")
    if not stop_line or "reached after 400" in stop_line[0] or " reached" not in stop_line[0]:
        failures.append("the stop rule should end the run early")
    if stop_line and stop_line[0] not in ranked:
        failures.append("the ranks stopped elsewhere")
    batch_identity.check_identical("mpirun -np 3 with the stop rule on paired differences",
                                   path("plain_stop.h5"), path("np3_stop.h5"), failures)
    print(f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
