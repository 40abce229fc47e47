#!/usr/bin/python3
"""The same seed gives bit-identical HDF5 datasets at 1, 2 and 4 threads.

Usage (ctest): /usr/bin/python3 test_thread_identity.py <cyres-binary> <workdir>

Runs the default scenario (all four policy presets) at 1, 2 and 4 threads and
compares every dataset under /policies, /comparison and /scenario byte for
byte (NaN included), and the root attributes that describe the results.
Attributes that describe the invocation (command line, times) may differ.
"""

import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

INVOCATION_ATTRIBUTES = {"command_line", "start_time", "end_time", "wall_seconds"}


def datasets(path):
    found = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                data = np.asarray(obj[()])
                if data.dtype.kind == "O":  # variable-length strings: compare the values
                    found[name] = ("str", repr(data.tolist()).encode())
                else:
                    found[name] = (data.dtype.str, data.tobytes())
        f.visititems(visit)
        root = {k: f.attrs[k] for k in f.attrs if k not in INVOCATION_ATTRIBUTES}
    return found, root


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    files = {}
    for threads in (1, 2, 4):
        path = os.path.join(workdir, f"threads{threads}.h5")
        subprocess.run([binary, "run", "-o", path, "--trials", "40", "--seed", "11",
                        "--threads", str(threads)], check=True, stdout=subprocess.DEVNULL)
        files[threads] = datasets(path)

    reference, reference_root = files[1]
    failures = 0
    assert any(name.startswith("policies/") for name in reference), "no policy datasets"
    assert any(name.startswith("comparison/") for name in reference), "no comparison datasets"
    for threads in (2, 4):
        other, other_root = files[threads]
        if set(other) != set(reference):
            print(f"{threads} threads: dataset names differ: {set(other) ^ set(reference)}")
            failures += 1
        for name, value in reference.items():
            if other.get(name) != value:
                print(f"{threads} threads: dataset {name} differs from 1 thread")
                failures += 1
        for key, value in reference_root.items():
            if not np.array_equal(np.asarray(other_root.get(key)), np.asarray(value)):
                print(f"{threads} threads: root attribute {key} differs")
                failures += 1
    print(f"compared {len(reference)} datasets at 1, 2 and 4 threads: {failures} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
