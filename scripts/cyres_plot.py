#!/usr/bin/python3
"""Figures from cyres results files, with matplotlib (`cyres plot` runs this).

    python3 scripts/cyres_plot.py results.h5 [KIND ...] -o DIR [--iim iim.h5] [--format png,svg]

Every kind is a function of this module that takes an open file
(cyres_h5.open_file) and returns a matplotlib Figure, so it can be used from
Python too:

    import cyres_h5, cyres_plot
    with cyres_h5.open_file("results.h5") as r:
        cyres_plot.service(r).savefig("service.pdf")

A kind whose data the file does not hold is skipped with a note (e.g. the
sweep figures without /sweep, the IIM figures without an IIM file). Colours
are the Okabe-Ito palette, safe for colour-blind readers; every policy also
has its own line style and marker, so the figures read in greyscale; maps use
cividis, whose lightness rises monotonically (docs/analysis.md).
"""

import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cyres_h5  # noqa: E402

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with any common
#: colour-vision deficiency. Black first: the baseline.
PALETTE = ["#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7",
           "#F0E442"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)),
              (0, (8, 2, 2, 2))]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
SEQUENTIAL = "cividis"

plt.rcParams.update({
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, editable
    "svg.hashsalt": "cyres",  # stable ids: the same data give the same SVG
})


class MissingData(Exception):
    """The file lacks what a kind needs; the message says what."""


def style(i):
    """Colour, line style and marker of the i-th policy (or series)."""
    return {"color": PALETTE[i % len(PALETTE)], "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def marker(i):
    return MARKERS[i % len(MARKERS)]


def unit_label(name, units):
    return name if units in ("", "1", None) else f"{name} [{units}]"


def _time_label(ts):
    return unit_label("time", ts["units"].get("time", "h"))


def _band_index(quantiles, q):
    return int(np.argmin(np.abs(np.asarray(quantiles) - q)))


def _grid(n, columns=3, width=3.4, height=2.4):
    cols = min(columns, n)
    rows = (n + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(width * cols, height * rows + 0.6),
                             sharex=True, sharey=True, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes.flat


def _title(fig, r, what):
    fig.suptitle(f"{what} — scenario {r.scenario_name}, {r.attrs.get('trials', '?')} trials",
                 fontsize=10)


# --- kinds ----------------------------------------------------------------------------

def service(r):
    """Resilience curves: mean Q(t) per policy with 5-95 % and 25-75 % bands."""
    policies = r.policies
    fig, axes = _grid(len(policies), columns=2, width=4.6, height=2.8)
    for i, (ax, policy) in enumerate(zip(axes, policies)):
        ts = r.timeseries(policy)
        hours = ts["time"]
        q = ts["quantile"]
        bands = ts["service_bands"]
        colour = style(i)["color"]
        ax.fill_between(hours, bands[:, _band_index(q, 0.05)], bands[:, _band_index(q, 0.95)],
                        color=colour, alpha=0.15, linewidth=0, label="5–95 % of trials")
        ax.fill_between(hours, bands[:, _band_index(q, 0.25)], bands[:, _band_index(q, 0.75)],
                        color=colour, alpha=0.35, linewidth=0, hatch="//" if i else None,
                        label="25–75 % of trials")
        ax.plot(hours, ts["service_mean"], **style(i), linewidth=1.6, label="mean")
        ax.plot(hours, bands[:, _band_index(q, 0.5)], color=colour, linestyle=":", linewidth=1,
                label="median")
        ax.set_title(policy + (" (baseline)" if policy == r.baseline else ""))
        ax.set_xlabel(_time_label(ts))
        ax.set_ylabel("service Q(t) [share of society served]")
        ax.label_outer()
        if i == 0:
            ax.legend(loc="lower left", fontsize=7)
    _title(fig, r, "Service over time")
    fig.tight_layout()
    return fig


def group_service(r, label="sector"):
    """Small multiples of mean service per group (sector, or state where the file has
    states) over time, one line per policy, with the baseline's 25-75 % band."""
    groups = r.grouped_service()
    if label not in groups:
        raise MissingData(f"no per-{label} service time series in this file")
    names = groups[label][0]
    fig, axes = _grid(len(names))
    for g, (ax, name) in enumerate(zip(axes, names)):
        for i, policy in enumerate(r.policies):
            _, mean, bands, dataset = r.grouped_service(policy)[label]
            ts = r.timeseries(policy)
            if i == 0 and bands is not None:
                q = ts["quantile"]
                ax.fill_between(ts["time"], bands[:, g, _band_index(q, 0.25)],
                                bands[:, g, _band_index(q, 0.75)], color=PALETTE[0], alpha=0.12,
                                linewidth=0, label=f"{policy}: 25–75 %")
            ax.plot(ts["time"], mean[:, g], **style(i), linewidth=1.2, label=policy)
        ax.set_title(name)
        ax.set_xlabel(_time_label(ts))
        ax.set_ylabel(f"mean {label} service Q_s(t)")
        ax.label_outer()
    axes[0].legend(fontsize=6, loc="lower left")
    _title(fig, r, f"Service per {label}")
    fig.tight_layout()
    return fig


def sector_service(r):
    """Small multiples of mean service per sector over time, one line per policy, with the
    baseline's 25-75 % band."""
    return group_service(r, "sector")


def state_service(r):
    """Small multiples of mean service per state, where the file groups service by state
    (any per-group service series other than sectors); skipped otherwise."""
    labels = [label for label in r.grouped_service() if label != "sector"]
    if not labels:
        raise MissingData("no per-state service time series in this file (they come with "
                          "the model's states)")
    return group_service(r, labels[0])


def _comparison_metric(r, name):
    comp = r.comparison()
    if comp is None or name not in comp:
        raise MissingData(f"no /comparison/{name} in this file")
    return comp[name]


def _forest(ax, r, name, entry):
    policies = r.policies
    base = policies.index(r.baseline) if r.baseline in policies else 0
    rows = [p for p in range(len(policies)) if p != base]
    y = np.arange(len(rows))[::-1]
    units = _text_units(entry)
    for k, p in zip(y, rows):
        d = entry["paired_difference"][p]
        lo, hi = entry["paired_ci_low"][p], entry["paired_ci_high"][p]
        ax.errorbar([d], [k], xerr=[[d - lo], [hi - d]], fmt=marker(p), color=PALETTE[p % 8],
                    capsize=3, markersize=5)
    ax.axvline(0.0, color="0.3", linewidth=0.8)
    ax.set_yticks(y, [policies[p] for p in rows])
    better = entry["attrs"].get("better", "")
    ax.set_xlabel(unit_label(f"policy − {r.baseline}", units))
    ax.set_title(f"{name}: paired difference, 95 % CI"
                 + (f"\n({better} is better)" if better in ("lower", "higher") else ""))


def _text_units(entry):
    return entry["attrs"].get("units", "")


def loss(r):
    """Loss distribution per policy (box plot over trials, points for each trial) and
    the paired-difference forest plot against the baseline."""
    name = "resilience_loss"
    entry = _comparison_metric(r, name)
    units = r.metric(name).units
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 0.5 * len(r.policies) + 2.6))
    data = [np.asarray(r.trials(p)[name], dtype=float) for p in r.policies]
    positions = np.arange(len(data))[::-1]
    box = left.boxplot([d[np.isfinite(d)] for d in data], positions=positions, vert=False,
                       widths=0.5, whis=(5, 95), showmeans=True, patch_artist=True,
                       flierprops={"markersize": 2})
    for i, patch in enumerate(box["boxes"]):
        patch.set_facecolor(PALETTE[i % 8])
        patch.set_alpha(0.35)
        patch.set_hatch(["", "//", "..", "xx", "\\\\", "++", "oo", "--"][i % 8])
    rng = np.random.default_rng(0)  # jitter only: placement of points, not data
    for i, d in enumerate(data):
        left.scatter(d, positions[i] + rng.uniform(-0.15, 0.15, d.size), s=4, color="0.2",
                     alpha=0.5, marker=marker(i))
    left.set_yticks(positions, r.policies)
    left.set_xlabel(unit_label("resilience loss L per trial", units))
    left.set_title("Loss per trial (box 25–75 %, whiskers 5–95 %, triangle = mean)")
    _forest(right, r, name, entry)
    _title(fig, r, "Resilience loss")
    fig.tight_layout()
    return fig


def forest(r):
    """Paired differences against the baseline for every compared metric, with 95 % CIs."""
    comp = r.comparison()
    if comp is None:
        raise MissingData("no /comparison in this file")
    # Metrics undefined in every trial (e.g. a crisis mechanism that never fired) have no
    # difference to show.
    # Times to an event (censored) have no paired mean difference.
    names = [m.name for m in r.metrics() if m.name in comp
             and "paired_difference" in comp[m.name]
             and np.isfinite(comp[m.name]["paired_difference"]).any()]
    cols = 3
    rows = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, (0.35 * len(r.policies) + 1.4) * rows),
                             squeeze=False)
    for ax, name in zip(axes.flat, names):
        _forest(ax, r, name, comp[name])
    for ax in axes.flat[len(names):]:
        ax.set_visible(False)
    _title(fig, r, "Every metric against the baseline (paired by trial)")
    fig.tight_layout()
    return fig


def kaplan_meier(times, events):
    """Kaplan-Meier estimate of P(not yet recovered after t). Returns the step times,
    the survival after each, and the censoring times with the survival there."""
    times = np.asarray(times, dtype=float)
    events = np.asarray(events, dtype=bool)
    order = np.lexsort((~events, times))  # events before censorings at equal times
    times, events = times[order], events[order]
    at_risk = times.size
    s = 1.0
    step_t, step_s, cens_t, cens_s = [0.0], [1.0], [], []
    i = 0
    while i < times.size:
        t = times[i]
        j = i
        while j < times.size and times[j] == t:
            j += 1
        d = int(events[i:j].sum())
        c = (j - i) - d
        if d:
            s *= 1.0 - d / at_risk
            step_t.append(t)
            step_s.append(s)
        if c:
            cens_t.extend([t] * c)
            cens_s.extend([s] * c)
        at_risk -= j - i
        i = j
    return np.array(step_t), np.array(step_s), np.array(cens_t), np.array(cens_s)


def recovery_events(r, policy):
    """(times, recovered) per trial: explicit where the file says which trials recovered
    (a `recovered` or `censored` per-trial dataset); else a trial that reports the horizon
    counts as not recovered by then (censored), as docs/hdf5-schema.md defines."""
    trials = r.trials(policy)
    if "time_to_recover" not in trials:
        raise MissingData("no per-trial time_to_recover in this file")
    times = np.asarray(trials["time_to_recover"], dtype=float)
    if "recovered" in trials:
        events = np.asarray(trials["recovered"], dtype=bool)
    elif "censored" in trials:
        events = ~np.asarray(trials["censored"], dtype=bool)
    else:
        events = times < r.horizon_hours
    ok = np.isfinite(times)
    return times[ok], events[ok]


def survival(r):
    """Kaplan-Meier curves of the time to recover per policy; + marks censored trials
    (not recovered by the horizon)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    for i, policy in enumerate(r.policies):
        times, events = recovery_events(r, policy)
        t, s, ct, cs = kaplan_meier(times, events)
        ax.step(np.append(t, r.horizon_hours), np.append(s, s[-1]), where="post", **style(i),
                linewidth=1.4,
                label=f"{policy}: {events.mean() * 100:.0f} % recovered by the horizon")
        if ct.size:
            ax.plot(ct, cs, linestyle="none", marker="+", color=PALETTE[i % 8], markersize=7)
    ax.plot([], [], linestyle="none", marker="+", color="0.3", label="censored (no recovery seen)")
    ax.set_xlim(0, r.horizon_hours * 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(unit_label("time to recover", r.metric("time_to_recover").units))
    ax.set_ylabel("share of trials not yet recovered (Kaplan–Meier)")
    ax.legend(fontsize=7, loc="lower left")
    _title(fig, r, "Recovery")
    fig.tight_layout()
    return fig


def heatmap(r):
    """Sector x time map of mean service, one panel per policy."""
    groups = r.grouped_service()
    if "sector" not in groups:
        raise MissingData("no sector service time series in this file")
    policies = r.policies
    fig, axes = plt.subplots(len(policies), 1, figsize=(9, 1.9 * len(policies) + 0.8),
                             sharex=True, squeeze=False)
    image = None
    for ax, policy in zip(axes.flat, policies):
        names, mean, _, _ = r.grouped_service(policy)["sector"]
        hours = r.timeseries(policy)["time"]
        dt = hours[1] - hours[0] if hours.size > 1 else 1.0
        image = ax.imshow(mean.T, aspect="auto", cmap=SEQUENTIAL, vmin=min(0.5, mean.min()),
                          vmax=1.0, interpolation="nearest",
                          extent=(hours[0] - dt, hours[-1], len(names) - 0.5, -0.5))
        ax.set_yticks(range(len(names)), names, fontsize=7)
        ax.set_ylabel("sector")
        ax.set_title(policy)
        ax.grid(False)
    axes.flat[-1].set_xlabel(unit_label("time", "h"))
    fig.colorbar(image, ax=list(axes.flat), label="mean sector service Q_s(t)", shrink=0.9)
    _title(fig, r, "Mean service per sector")
    return fig


def _sweep_or_fail(r):
    sweep = r.sweep()
    if sweep is None:
        raise MissingData("no /sweep in this file (written by `cyres sweep`)")
    if not sweep["parameters"]:
        raise MissingData("/sweep names no parameter columns")
    return sweep


def _sweep_series(sweep):
    """(label, mean, low, high) per swept metric column: `<metric>/mean` with optional
    `<metric>/ci_low` and `<metric>/ci_high`; a 2-D column is (points, policies)."""
    cols = sweep["columns"]
    out = []
    for name, values in cols.items():
        if not name.endswith("mean") or name in sweep["parameters"]:
            continue
        stem = name[: -len("mean")]
        out.append((stem.rstrip("/_") or name, np.asarray(values, dtype=float),
                    cols.get(stem + "ci_low"), cols.get(stem + "ci_high"), sweep["units"][name]))
    if not out:
        raise MissingData("/sweep holds no `<metric>/mean` column")
    # The primary metrics first (cyres_h5.PRIMARY_METRICS), then the rest by name.
    primary = cyres_h5.PRIMARY_METRICS
    out.sort(key=lambda s: (primary.index(s[0]) if s[0] in primary else len(primary), s[0]))
    return out


def sweep_response(r):
    """Response curves: each swept metric's mean (95 % CI) against the first parameter,
    one line per policy (and per value of a second parameter, if any)."""
    sweep = _sweep_or_fail(r)
    x_name = sweep["parameters"][0]
    x = np.asarray(sweep["columns"][x_name], dtype=float)
    series = _sweep_series(sweep)
    policies = sweep["attrs"].get("policies") or r.policies
    fig, axes = _grid(len(series), columns=2, width=4.6, height=3.0)
    for ax, (label, mean, low, high, units) in zip(axes, series):
        mean2 = mean.reshape(mean.shape[0], -1)
        order = np.argsort(x, kind="stable")
        for p in range(mean2.shape[1]):
            kw = style(p)
            name = policies[p] if p < len(policies) else f"column {p}"
            ax.plot(x[order], mean2[order, p], marker=marker(p), label=name, **kw)
            if low is not None and high is not None:
                lo = np.asarray(low, dtype=float).reshape(mean2.shape)[order, p]
                hi = np.asarray(high, dtype=float).reshape(mean2.shape)[order, p]
                ax.fill_between(x[order], lo, hi, color=kw["color"], alpha=0.15, linewidth=0)
        ax.set_xlabel(unit_label(x_name, sweep["units"].get(x_name, "")))
        ax.set_ylabel(unit_label(label, units))
        ax.set_title(label)
    axes[0].legend(fontsize=7)
    _title(fig, r, "Sweep: response curves (mean, 95 % CI)")
    fig.tight_layout()
    return fig


def sweep_heatmap(r):
    """2-D sweep: the first swept metric's mean over the first two parameters, one panel
    per policy."""
    sweep = _sweep_or_fail(r)
    if len(sweep["parameters"]) < 2:
        raise MissingData("the sweep varies one parameter; a 2-D map needs two")
    xn, yn = sweep["parameters"][:2]
    x = np.asarray(sweep["columns"][xn], dtype=float)
    y = np.asarray(sweep["columns"][yn], dtype=float)
    label, mean, _, _, units = _sweep_series(sweep)[0]
    mean2 = mean.reshape(mean.shape[0], -1)
    xs, ys = np.unique(x), np.unique(y)
    policies = sweep["attrs"].get("policies") or r.policies
    fig, axes = plt.subplots(1, mean2.shape[1], figsize=(4.2 * mean2.shape[1], 3.6),
                             squeeze=False)
    for p, ax in enumerate(axes.flat):
        grid = np.full((ys.size, xs.size), np.nan)
        for k in range(x.size):
            grid[np.searchsorted(ys, y[k]), np.searchsorted(xs, x[k])] = mean2[k, p]
        im = ax.imshow(grid, origin="lower", aspect="auto", cmap=SEQUENTIAL,
                       interpolation="nearest")
        ax.set_xticks(range(xs.size), [f"{v:g}" for v in xs])
        ax.set_yticks(range(ys.size), [f"{v:g}" for v in ys])
        ax.set_xlabel(unit_label(xn, sweep["units"].get(xn, "")))
        ax.set_ylabel(unit_label(yn, sweep["units"].get(yn, "")))
        ax.set_title(policies[p] if p < len(policies) else f"column {p}")
        ax.grid(False)
        fig.colorbar(im, ax=ax, label=unit_label(f"mean {label}", units))
    _title(fig, r, "Sweep: 2-D response")
    fig.tight_layout()
    return fig


def _iim_or_fail(r, iim):
    data = iim.iim() if iim is not None else r.iim()
    if data is None:
        raise MissingData("no IIM data: run `cyres iim SCENARIO -o iim.h5` and pass --iim iim.h5")
    if iim is not None and r.scenario_hash and iim.scenario_hash != r.scenario_hash:
        raise MissingData(f"the IIM file is of another scenario (hash {iim.scenario_hash}, "
                          f"results {r.scenario_hash})")
    return data


def coupling(r, iim=None):
    """The sector coupling matrix A* of the inoperability model."""
    data = _iim_or_fail(r, iim)
    a = data["a_star"]
    names = data["sector"]
    fig, ax = plt.subplots(figsize=(6.4, 5.4))
    im = ax.imshow(a, cmap=SEQUENTIAL, vmin=0, vmax=max(1e-12, a.max()))
    for i in range(a.shape[0]):
        for j in range(a.shape[1]):
            if a[i, j] >= 0.005:
                ax.text(j, i, f"{a[i, j]:.2f}", ha="center", va="center", fontsize=6,
                        color="black" if a[i, j] > 0.6 * a.max() else "white")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("sector j (supplier)")
    ax.set_ylabel("sector i (dependent)")
    ax.grid(False)
    fig.colorbar(im, ax=ax, label="a*_ij: inoperability of i per unit of j [1]")
    ax.set_title(f"Sector coupling A*, spectral radius "
                 f"{data['attrs'].get('dependency_spectral_radius', float('nan')):.3f}")
    fig.tight_layout()
    return fig


def iim_vs_mc(r, iim=None):
    """IIM inoperability per sector beside the Monte Carlo's: equilibrium q, the DIIM
    mean over the horizon, and each policy's mean sector loss / horizon; and the DIIM
    trajectory against the baseline's mean sector inoperability over time."""
    data = _iim_or_fail(r, iim)
    names = data["sector"]
    sectors = r.sectors
    if list(names) != list(sectors):
        raise MissingData("the IIM file and the results file list different sectors")
    horizon = r.horizon_hours
    fig, (bars, lines) = plt.subplots(1, 2, figsize=(12, 4.4))
    series = [("IIM equilibrium q", data["q"]), ("DIIM mean over the horizon",
                                                   data["trajectory"].mean(axis=0))]
    for policy in r.policies:
        sl = np.asarray(r.trials(policy)["sector_loss"], dtype=float)
        series.append((f"Monte Carlo: {policy}", np.nanmean(sl, axis=0) / horizon))
    width = 0.8 / len(series)
    x = np.arange(len(names))
    hatches = ["//", "\\\\", "", "..", "xx", "++", "oo", "--"]
    for k, (label, values) in enumerate(series):
        bars.bar(x + (k - (len(series) - 1) / 2) * width, values, width,
                 color=PALETTE[k % 8], edgecolor="0.2", linewidth=0.4,
                 hatch=hatches[k % len(hatches)], label=label)
    bars.set_xticks(x, names, rotation=45, ha="right")
    bars.set_ylabel("inoperability 1 − Q_s (mean over the horizon) [1]")
    bars.set_title("Sector inoperability: IIM and Monte Carlo")
    bars.legend(fontsize=6)
    ts = r.timeseries(r.baseline)
    _, mc_mean, _, _ = r.grouped_service(r.baseline)["sector"]
    order = np.argsort(-data["trajectory"].max(axis=0))[:4]
    for n, s in enumerate(order):
        lines.plot(data["time"], data["trajectory"][:, s], color=PALETTE[(n + 1) % 8],
                   linestyle="-", label=f"DIIM {names[s]}")
        lines.plot(ts["time"], 1.0 - mc_mean[:, s], color=PALETTE[(n + 1) % 8], linestyle="--",
                   label=f"Monte Carlo {names[s]} ({r.baseline})")
    lines.set_xlabel(unit_label("time", "h"))
    lines.set_ylabel("inoperability q_s(t) [1]")
    lines.set_title("Most affected sectors over time (solid: DIIM, dashed: Monte Carlo)")
    lines.legend(fontsize=6)
    fig.tight_layout()
    return fig


#: kind -> (function, needs the IIM file)
KINDS = {
    "service": (service, False),
    "sector_service": (sector_service, False),
    "state_service": (state_service, False),
    "loss": (loss, False),
    "forest": (forest, False),
    "survival": (survival, False),
    "heatmap": (heatmap, False),
    "sweep_response": (sweep_response, False),
    "sweep_heatmap": (sweep_heatmap, False),
    "coupling": (coupling, True),
    "iim_vs_mc": (iim_vs_mc, True),
}


def draw(r, kind, iim=None):
    """The Figure of one kind; raises MissingData if the file lacks its data."""
    function, needs_iim = KINDS[kind]
    return function(r, iim) if needs_iim else function(r)


def write_complete(path, write, mode="wb"):
    """Calls write(file) on a temporary beside `path`, then fsyncs it and
    renames it to `path`: the file is complete at its name or not there, as
    cyres's own outputs (docs/reliability.md, "Output"). On an error the
    temporary is removed and the OSError raised."""
    temporary = f"{path}.tmp.{os.getpid()}"
    try:
        with open(temporary, mode, encoding=None if "b" in mode else "utf-8") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def save(fig, directory, name, formats=("png", "svg")):
    paths = []
    try:
        for f in formats:
            path = os.path.join(directory, f"{name}.{f}")
            write_complete(path, lambda out, f=f: fig.savefig(
                out, format=f, metadata={"Date": None} if f == "svg" else None))
            paths.append(path)
    finally:
        plt.close(fig)
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description="Figures from a cyres results file")
    parser.add_argument("file")
    parser.add_argument("kinds", nargs="*", help="kinds to draw (default: all with data)")
    parser.add_argument("-o", "--output", default="plots")
    parser.add_argument("--iim", help="IIM file written by `cyres iim -o`")
    parser.add_argument("--format", action="append", help="png, svg, pdf (default png and svg)")
    parser.add_argument("--list", action="store_true", help="list the kinds and exit")
    args = parser.parse_args(argv)
    if args.list:
        for kind, (function, _) in KINDS.items():
            print(f"{kind:<16} {function.__doc__.strip().splitlines()[0]}")
        return 0
    unknown = [k for k in args.kinds if k not in KINDS]
    if unknown:
        print(f"error: unknown kind {', '.join(unknown)}; known: {', '.join(KINDS)}",
              file=sys.stderr)
        return 2
    formats = []
    for f in args.format or ["png,svg"]:
        formats.extend(x for x in f.split(",") if x)
    try:
        r = cyres_h5.open_file(args.file)
        iim = cyres_h5.open_file(args.iim) if args.iim else None
    except cyres_h5.FormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    os.makedirs(args.output, exist_ok=True)
    requested = args.kinds or list(KINDS)
    failed = 0
    for kind in requested:
        try:
            fig = draw(r, kind, iim)
        except MissingData as why:
            print(f"{kind}: skipped: {why}", file=sys.stderr)
            failed += bool(args.kinds)  # a kind asked for by name must be drawn
            continue
        try:
            for path in save(fig, args.output, kind, formats):
                print(path)
        except OSError as error:
            print(f"error: cannot write the figure '{kind}' in '{args.output}': "
                  f"{error.strerror or error}", file=sys.stderr)
            return 3
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
