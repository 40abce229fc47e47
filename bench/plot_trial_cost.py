"""Plots what bench/trial_cost measured: processor time per trial against the
assets the trial infected, on log-log axes, one colour per graph size, and
prints a table of the same data (docs/performance.md, "Trial cost follows
activity").

Usage: plot_trial_cost.py TRIAL_COST.txt OUT.png
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

#: Okabe-Ito, as scripts/cyres_plot.py: distinguishable with colour-blindness.
PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


def read(path):
    """{n: (infected, cpu_us)} arrays, and {n: (links, setup_cpu_s)}."""
    trials, setup = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = dict(part.split("=", 1) for part in line.split())
            n = int(fields["n"])
            if "trial" in fields:
                trials.setdefault(n, []).append((int(fields["infected"]), float(fields["cpu_us"])))
            else:
                setup[n] = (int(fields["links"]), float(fields["setup_cpu_s"]))
    return {n: np.array(v, dtype=float).T for n, v in sorted(trials.items())}, setup


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    trials, setup = read(argv[1])
    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    print(f"{'assets':>10} {'links':>11} {'trials':>6} {'small: median us':>17} "
          f"{'large: median ns/infected':>26} {'set-up cpu s':>12}")
    first_rate = None
    for k, (n, (infected, cpu_us)) in enumerate(trials.items()):
        ax.scatter(infected, cpu_us, s=9, alpha=0.55, color=PALETTE[k % len(PALETTE)],
                   marker=MARKERS[k % len(MARKERS)], linewidths=0,
                   label=f"{n:.0e} assets".replace("e+0", "e"))
        small = cpu_us[infected <= 10]
        large = infected > n / 10
        ns = 1e3 * cpu_us[large] / infected[large]
        if first_rate is None and len(ns):
            first_rate = (n, np.median(ns))
        links, setup_s = setup.get(n, (0, float("nan")))
        print(f"{n:>10} {links:>11} {len(infected):>6} "
              f"{(np.median(small) if len(small) else float('nan')):>17.2f} "
              f"{(np.median(ns) if len(ns) else float('nan')):>26.1f} {setup_s:>12.2f}")
    if first_rate:
        # Cost in proportion to activity: slope 1 through the median cost per
        # infected asset of the smallest graph's large outbreaks (its arrays
        # fit in cache; larger graphs pay memory latency on top).
        n, rate_ns = first_rate
        top = max(max(v[0]) for v in trials.values())
        x = np.logspace(0, np.log10(top), 50)
        ax.plot(x, rate_ns * 1e-3 * x, color="#555555", linestyle="--", linewidth=1,
                label=f"slope 1: {rate_ns:.0f} ns per infected asset ({n:.0e} graph)"
                .replace("e+0", "e"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("assets infected in the trial [assets]")
    ax.set_ylabel("processor time of the trial [µs]")
    ax.set_title("Trial cost against outbreak size, graphs of 10³ to 10⁷ assets\n"
                 "(SIR workload, ER mean degree 10, β = 0.05, γ = 0.2, one thread)", fontsize=9)
    ax.grid(True, which="major", linewidth=0.4, alpha=0.5)
    ax.legend(fontsize=7, markerscale=1.6, loc="upper left")
    fig.tight_layout()
    fig.savefig(argv[2], dpi=130, metadata={"Software": None})
    print(f"figure written to {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
