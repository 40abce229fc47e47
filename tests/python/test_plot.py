#!/usr/bin/python3
"""Every `cyres plot` kind on a real small run's output, and the files it writes.

Usage (ctest): /usr/bin/python3 test_plot.py <cyres-binary> <workdir>

Runs `cyres run` (20 trials) and `cyres iim` on the default scenario, then
`cyres plot` for every kind; checks each PNG (signature, decodes, size, not
uniform) and SVG (parses, size, the expected axis labels as text). `cyres sweep`
does not exist yet, so the sweep kinds draw a /sweep table added to a copy of the
results file in the layout docs/analysis.md describes. Also: the kinds are callable
from Python, a missing interpreter gets install advice, and a kind without data is
refused when asked for by name.
"""

import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import numpy as np
import matplotlib.image as mpimg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts"))
import cyres_h5  # noqa: E402
import cyres_plot  # noqa: E402

# kind -> labels that must appear as text in its SVG (axis labels with units, titles)
EXPECTED_LABELS = {
    "service": ["time [h]", "service Q(t)", "5–95 % of trials", "25–75 % of trials",
                "independent (baseline)"],
    "sector_service": ["time [h]", "mean sector service Q_s(t)", "energy", "space"],
    "loss": ["resilience loss L per trial [service-hours]",
             "policy − independent [service-hours]", "paired difference, 95 % CI"],
    "forest": ["policy − independent [service-hours]", "min_service", "recovered"],
    "survival": ["time to recover [h]", "Kaplan–Meier", "censored"],
    "heatmap": ["time [h]", "mean sector service Q_s(t)", "sector"],
    "sweep_response": ["teams", "resilience_loss [service-hours]", "joint-crisis-cell"],
    "sweep_heatmap": ["teams", "sharing_delay [h]", "mean resilience_loss [service-hours]"],
    "coupling": ["sector j (supplier)", "sector i (dependent)", "a*_ij"],
    "iim_vs_mc": ["inoperability 1 − Q_s (mean over the horizon) [1]", "IIM equilibrium q",
                  "Monte Carlo: independent", "time [h]"],
}
MIN_BYTES = 10_000  # the smallest real figure here is ~30 kB; an empty axes is ~10 kB

errors = []


def expect(condition, message):
    if not condition:
        errors.append(message)
    return condition


def run(command, env=None, ok=True):
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if ok and result.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(command)} exited {result.returncode}\n"
                         f"{result.stdout}\n{result.stderr}")
    return result


def check_png(path):
    data = open(path, "rb").read()
    if not expect(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG signature"):
        return
    width, height = struct.unpack(">II", data[16:24])
    expect(data[12:16] == b"IHDR" and width >= 400 and height >= 300,
           f"{path}: IHDR {width}x{height}")
    expect(len(data) > MIN_BYTES, f"{path}: only {len(data)} bytes")
    pixels = mpimg.imread(path)
    expect(pixels.shape[:2] == (height, width), f"{path}: decoded shape {pixels.shape}")
    expect(float(pixels[..., :3].std()) > 0.05, f"{path}: nearly uniform image")


def svg_text(path):
    root = ET.parse(path).getroot()
    return root, " ".join(t for t in root.itertext())


def check_svg(path, labels):
    expect(os.path.getsize(path) > MIN_BYTES, f"{path}: only {os.path.getsize(path)} bytes")
    try:
        root, text = svg_text(path)
    except ET.ParseError as error:
        errors.append(f"{path}: not valid XML: {error}")
        return
    expect(root.tag.endswith("svg"), f"{path}: root element {root.tag}")
    for label in labels:
        expect(label in text, f"{path}: no text {label!r}")


def add_sweep(path):
    """A 2 x 3 grid sweep table in the layout the reader documents (docs/analysis.md)."""
    with h5py.File(path, "a") as f:
        g = f.create_group("sweep")
        g.attrs["parameters"] = ["teams", "sharing_delay"]
        g.attrs["policies"] = ["independent", "joint-crisis-cell"]
        teams = np.array([2, 4, 8, 2, 4, 8], dtype=float)
        delay = np.array([4, 4, 4, 24, 24, 24], dtype=float)
        for name, values, units in (("teams", teams, "1"), ("sharing_delay", delay, "h")):
            ds = g.create_dataset(name, data=values)
            ds.attrs["units"] = units
            ds.attrs["role"] = "parameter"
        loss = np.stack([20 / teams + delay / 10, 15 / teams + delay / 20], axis=1)
        m = g.create_group("resilience_loss")
        for name, values in (("mean", loss), ("ci_low", loss * 0.9), ("ci_high", loss * 1.1)):
            ds = m.create_dataset(name, data=values)
            ds.attrs["units"] = "service-hours"


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    results = os.path.join(workdir, "results.h5")
    iim = os.path.join(workdir, "iim.h5")
    run([binary, "run", "-o", results, "--trials", "20", "--seed", "11", "--threads", "2"])
    run([binary, "iim", "-o", iim])
    swept = os.path.join(workdir, "swept.h5")
    shutil.copyfile(results, swept)
    add_sweep(swept)

    plots = os.path.join(workdir, "plots")
    listed = run([binary, "plot", results, "--list"]).stdout
    for kind in cyres_plot.KINDS:
        expect(kind in listed, f"`cyres plot --list` does not name {kind}")
    # Every kind whose data a default run holds, by default (no kind named).
    out = run([binary, "plot", results, "-o", plots, "--iim", iim])
    expect("state_service: skipped" in out.stderr,
           f"the per-state kind was not skipped with a note: {out.stderr}")
    expect("sweep_response: skipped" in out.stderr, "the sweep kind was not skipped with a note")
    run([binary, "plot", swept, "sweep_response", "sweep_heatmap", "-o", plots])
    for kind, labels in EXPECTED_LABELS.items():
        png = os.path.join(plots, f"{kind}.png")
        svg = os.path.join(plots, f"{kind}.svg")
        if expect(os.path.exists(png) and os.path.exists(svg), f"{kind}: no PNG or SVG"):
            check_png(png)
            check_svg(svg, labels)

    # A kind named explicitly without its data is an error, not a silent skip.
    missing = run([binary, "plot", results, "sweep_response", "-o", plots], ok=False)
    expect(missing.returncode == 2 and "no /sweep" in missing.stderr,
           f"sweep_response without /sweep: exit {missing.returncode}, {missing.stderr}")
    unknown = run([binary, "plot", results, "servise", "-o", plots], ok=False)
    expect(unknown.returncode == 2 and "unknown kind servise" in unknown.stderr,
           f"unknown kind: exit {unknown.returncode}, {unknown.stderr}")

    # Figures are complete at their names or not there: no temporary is left,
    # and a figure that cannot be written is exit 3, one line, nothing half-written.
    leftovers = [n for n in os.listdir(plots) if ".tmp." in n]
    expect(not leftovers, f"temporaries left beside the figures: {leftovers}")
    blocked = os.path.join(workdir, "blocked")
    os.makedirs(os.path.join(blocked, "loss.png"))  # a folder where the figure goes
    refused = run([binary, "plot", results, "loss", "-o", blocked], ok=False)
    expect(refused.returncode == 3 and refused.stderr.count("\n") == 1
           and "cannot write the figure 'loss'" in refused.stderr,
           f"unwritable figure: exit {refused.returncode}, {refused.stderr!r}")
    expect(sorted(os.listdir(blocked)) == ["loss.png"],
           f"an unwritable figure left {sorted(os.listdir(blocked))}")

    # No interpreter with the packages: say what to install.
    env = dict(os.environ, CYRES_PYTHON="/nonexistent/python3")
    none = run([binary, "plot", results, "-o", plots], env=env, ok=False)
    expect(none.returncode == 1 and "apt-get install python3-h5py python3-numpy "
           "python3-matplotlib" in none.stderr,
           f"missing interpreter: exit {none.returncode}, {none.stderr}")

    # Each kind is a function returning a Figure.
    with cyres_h5.open_file(results) as r, cyres_h5.open_file(iim) as i:
        fig = cyres_plot.service(r)
        expect(len(fig.axes) == 4, f"service(): {len(fig.axes)} axes for 4 policies")
        fig = cyres_plot.coupling(r, i)
        expect(fig.axes[0].get_xlabel() == "sector j (supplier)", "coupling(): x label")
        # Kaplan-Meier by hand: times 1, 2, 2+ (censored), 3. At risk 4, 3, 1:
        # S(1) = 3/4, S(2) = 3/4 * (1 - 1/3) = 1/2 (the censored trial is at risk at 2), S(3) = 0.
        t, s, ct, cs = cyres_plot.kaplan_meier([1, 2, 2, 3], [True, True, False, True])
        expect(np.allclose(t, [0, 1, 2, 3]) and np.allclose(s, [1, 0.75, 0.5, 0]),
               f"kaplan_meier: {t}, {s}")
        expect(np.allclose(ct, [2]) and np.allclose(cs, [0.5]), f"censoring: {ct}, {cs}")

    for e in errors:
        print("FAIL:", e)
    print(f"{len(EXPECTED_LABELS)} plot kinds checked: {'FAILED' if errors else 'ok'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
