#!/usr/bin/python3
"""scripts/cyres_h5.py against a real run: the format check, the arrays it returns
(compared with plain h5py), metric names and units from the attributes, the IIM
group, and the command-line summary.

Usage (ctest): /usr/bin/python3 test_cyres_h5.py <cyres-binary> <workdir>
"""

import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPTS = os.path.join(HERE, "..", "..", "scripts")
sys.path.insert(0, SCRIPTS)
import cyres_h5  # noqa: E402

errors = []


def expect(condition, message):
    if not condition:
        errors.append(message)
    return condition


def refused(path, *needles):
    try:
        cyres_h5.open_file(path).close()
    except cyres_h5.FormatError as error:
        text = str(error)
        return all(n in text for n in needles) or f"message lacks {needles}: {text}"
    return "accepted"


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    results = os.path.join(workdir, "results.h5")
    iim = os.path.join(workdir, "iim.h5")
    for command in ([binary, "run", "-o", results, "--trials", "12", "--seed", "5",
                     "--threads", "2", "--policy", "independent,joint-crisis-cell"],
                    [binary, "iim", "-o", iim]):
        subprocess.run(command, check=True, capture_output=True)

    with cyres_h5.open_file(results) as r, h5py.File(results, "r") as f:
        expect(r.format == "cyres-results" and r.format_version.startswith("2."),
               f"format {r.format} {r.format_version}")
        expect(r.policies == ["independent", "joint-crisis-cell"], f"policies {r.policies}")
        expect(r.baseline == "independent", f"baseline {r.baseline}")
        expect(r.sectors == list(f["scenario/sectors"].asstr()[()]), "sectors")
        # Every per-trial dataset, with its units from the file (generic, not a fixed list).
        names = [m.name for m in r.metrics()]
        on_disk = [n for n in f["policies/independent/trials"]
                   if not h5py.h5ds.is_scale(f["policies/independent/trials"][n].id)]
        expect(sorted(names) == sorted(on_disk), f"metrics {names} vs {on_disk}")
        expect(names[:3] == ["resilience_loss", "min_service", "time_to_recover"],
               f"primary metrics first: {names[:3]}")
        loss = r.metric("resilience_loss")
        expect(loss.units == "service-hours" and loss.better == "lower",
               f"resilience_loss: {loss}")
        sector_loss = r.metric("sector_loss")
        expect(sector_loss.shape == (len(r.sectors),) and sector_loss.labels == ("sector",),
               f"sector_loss: {sector_loss}")
        for policy in r.policies:
            t = r.trials(policy)
            for name in on_disk:
                expect(np.array_equal(t[name], f["policies"][policy]["trials"][name][()],
                                      equal_nan=t[name].dtype.kind == "f"),
                       f"{policy}/{name} differs from h5py")
        ts = r.timeseries("independent")
        expect(ts["service_bands"].shape == (r.attrs["horizon_steps"], 5), "service_bands")
        expect(ts["units"]["time"] == "h" and ts["labels"]["sector_service_mean"] ==
               ("time", "sector"), "time series units and labels")
        groups = r.grouped_service()
        expect(list(groups) == ["sector"] and groups["sector"][0] == r.sectors,
               f"grouped service {list(groups)}")
        comp = r.comparison()
        expect(np.allclose(comp["resilience_loss"]["mean"],
                           [np.mean(r.trials(p)["resilience_loss"]) for p in r.policies]),
               "comparison means")
        expect(comp["_policy"] == r.policies, "comparison policy scale")
        expect(r.sweep() is None and r.iim() is None, "sweep/iim in a plain results file")
        try:
            import pandas  # noqa: F401 - optional
            df = r.trials_frame("independent")
            expect(len(df) == 12 and "resilience_loss" in df, "trials_frame")
        except ImportError:
            pass

    with cyres_h5.open_file(iim) as i:
        data = i.iim()
        expect(i.format == "cyres-iim", f"iim format {i.format}")
        n = len(data["sector"])
        expect(data["a_star"].shape == (n, n) and data["q"].shape == (n,), "iim shapes")
        a, c, q = data["a_star"], data["c_star"], data["q_uncapped"]
        expect(np.allclose(q, np.linalg.solve(np.eye(n) - a, c), rtol=1e-10, atol=1e-15),
               "iim q is not (I - A*)^-1 c*")
        rho = max(abs(np.linalg.eigvals(a)))
        expect(abs(rho - data["attrs"]["dependency_spectral_radius"]) < 1e-9, "iim radius")

    # The format check: unknown major version, unknown format, not HDF5.
    future = os.path.join(workdir, "future.h5")
    shutil.copyfile(results, future)
    with h5py.File(future, "a") as f:
        f.attrs["format_version"] = "3.0"
    outcome = refused(future, "format version 3.0", "reads cyres-results 2.x")
    expect(outcome is True, f"major version 3: {outcome}")
    minor = os.path.join(workdir, "minor.h5")
    shutil.copyfile(results, minor)
    with h5py.File(minor, "a") as f:
        f.attrs["format_version"] = "2.7"
    expect(refused(minor) == "accepted", "a newer minor version was refused")
    other = os.path.join(workdir, "other.h5")
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    outcome = refused(other, "not a cyres output file", "something-else")
    expect(outcome is True, f"other format: {outcome}")
    text = os.path.join(workdir, "text.h5")
    with open(text, "w") as out:
        out.write("not hdf5\n")
    outcome = refused(text, "cannot open as HDF5")
    expect(outcome is True, f"text file: {outcome}")

    # The command-line summary.
    cli = os.path.join(SCRIPTS, "cyres_h5.py")
    out = subprocess.run([sys.executable, cli, results], capture_output=True, text=True)
    expect(out.returncode == 0 and "policy independent (baseline)" in out.stdout
           and "resilience_loss" in out.stdout and "service-hours" in out.stdout,
           f"summary: {out.returncode} {out.stdout[:300]} {out.stderr}")
    # Censored times are never averaged in the summary either.
    expect(re.search(r"time_to_recover +\S+ h \(Kaplan-Meier median", out.stdout),
           f"summary of time_to_recover: {out.stdout}")
    out = subprocess.run([sys.executable, cli, future], capture_output=True, text=True)
    expect(out.returncode == 2 and "format version 3.0" in out.stderr,
           f"summary of a 3.0 file: {out.returncode} {out.stderr}")
    out = subprocess.run([sys.executable, cli, iim], capture_output=True, text=True)
    expect(out.returncode == 0 and "spectral radius of A*" in out.stdout, "iim summary")

    for e in errors:
        print("FAIL:", e)
    print(f"cyres_h5 reader: {'FAILED' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
