#!/usr/bin/python3
"""Reader for cyres output files: results (`cyres run`) and IIM (`cyres iim -o`).

Importable module and command-line summary, with Debian's python3-h5py and
python3-numpy only (pandas is used for data frames when it is installed):

    python3 scripts/cyres_h5.py results.h5          # prints a summary

    import cyres_h5
    with cyres_h5.open_file("results.h5") as r:
        r.policies                       # run order, baseline first
        r.trials("independent")          # {metric: array}, every per-trial dataset present
        r.metric("resilience_loss")      # Metric(name, units, description, better)
        r.timeseries("independent")      # {"time": ..., "service_mean": ..., ...}
        r.comparison()                   # {metric: {"mean": array over policies, ...}}
        r.sweep(), r.iim()               # None when the file has no such group

The reader follows docs/hdf5-schema.md and docs/analysis.md. It is generic over
the datasets present: names, units and descriptions come from each dataset's
attributes, so metrics added by later minor versions appear without a change
here. It refuses a file whose `format` it does not know or whose major
`format_version` is newer than it reads, naming both versions.
"""

import argparse
import sys
from dataclasses import dataclass

import h5py
import numpy as np

#: metrics listed first, in this order, wherever a file has them (the rest follow by name)
PRIMARY_METRICS = ["resilience_loss", "min_service", "time_to_recover"]

#: format -> the major version this reader understands
KNOWN_FORMATS = {"cyres-results": 2, "cyres-iim": 1, "cyres-sweep": 1}


class FormatError(Exception):
    """The file is not a cyres file, or of a version this reader does not know."""


@dataclass
class Metric:
    """A per-trial metric as the file describes it."""
    name: str
    units: str
    description: str
    better: str  # "lower", "higher", "neither" or "" when the file does not say
    shape: tuple  # per-trial shape: () for scalars, (S,) for per-sector, ...
    labels: tuple  # dimension labels after the trial dimension, e.g. ("sector",)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return value if isinstance(value, str) else str(value)


def _strings(dataset):
    return [_text(v) for v in np.atleast_1d(dataset[()])]


def _attrs(obj):
    out = {}
    for key, value in obj.attrs.items():
        if isinstance(value, np.ndarray) and value.dtype.kind in "OSU":
            out[key] = [_text(v) for v in value]
        elif isinstance(value, (bytes, np.bytes_)):
            out[key] = _text(value)
        elif isinstance(value, np.generic):
            out[key] = value.item()
        else:
            out[key] = value
    return out


def _labels(dataset):
    return tuple(dim.label for dim in dataset.dims)


def check_format(f, path="file"):
    """Returns (format, version) or raises FormatError with a message naming both versions."""
    fmt = _text(f.attrs.get("format", ""))
    if fmt not in KNOWN_FORMATS:
        raise FormatError(f"{path}: not a cyres output file (format attribute {fmt!r}; "
                          f"this reader knows {', '.join(sorted(KNOWN_FORMATS))})")
    version = _text(f.attrs.get("format_version", ""))
    try:
        major = int(version.split(".")[0])
    except ValueError:
        raise FormatError(f"{path}: format_version {version!r} is not 'major.minor'") from None
    known = KNOWN_FORMATS[fmt]
    if major != known:
        raise FormatError(f"{path}: {fmt} format version {version}; this reader reads "
                          f"{fmt} {known}.x (update cyres' scripts/cyres_h5.py)")
    return fmt, version


class CyresFile:
    """An open cyres file (results or IIM). Use as a context manager or call close()."""

    def __init__(self, path):
        self.path = str(path)
        try:
            self.h5 = h5py.File(self.path, "r")
        except OSError as error:
            raise FormatError(f"{self.path}: cannot open as HDF5 ({error})") from None
        try:
            self.format, self.format_version = check_format(self.h5, self.path)
        except FormatError:
            self.h5.close()
            raise
        self.attrs = _attrs(self.h5)

    def close(self):
        self.h5.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- provenance and scenario ------------------------------------------------
    @property
    def is_results(self):
        return self.format == "cyres-results"

    @property
    def scenario_name(self):
        return self.attrs.get("scenario_name", "")

    @property
    def scenario_hash(self):
        return self.attrs.get("scenario_hash", "")

    @property
    def horizon_hours(self):
        return float(self.attrs.get("horizon_steps", 0)) * float(self.attrs.get("dt_hours", 1.0))

    def scenario(self):
        """/scenario as a dict: attributes, the tables (lists/arrays) and the texts."""
        if "scenario" not in self.h5:
            return {}
        g = self.h5["scenario"]
        out = dict(_attrs(g))
        for name, ds in g.items():
            if not isinstance(ds, h5py.Dataset):
                continue
            if ds.dtype.kind in "OSU" or h5py.check_string_dtype(ds.dtype):
                out[name] = _text(ds[()]) if ds.shape == () else _strings(ds)
            else:
                out[name] = ds[()]
        return out

    @property
    def sectors(self):
        if "scenario/sectors" in self.h5:
            return _strings(self.h5["scenario/sectors"])
        if "iim/sector" in self.h5:
            return _strings(self.h5["iim/sector"])
        return []

    # --- policies -----------------------------------------------------------------
    @property
    def policies(self):
        """Policy names in run order; the first is the baseline."""
        if "policies" not in self.h5:
            return []
        names = self.h5["policies"].attrs.get("names")
        if names is None:
            return sorted(self.h5["policies"].keys())
        return [_text(n) for n in np.atleast_1d(names)]

    @property
    def baseline(self):
        if "comparison" in self.h5 and "baseline" in self.h5["comparison"].attrs:
            return _text(self.h5["comparison"].attrs["baseline"])
        return self.policies[0] if self.policies else ""

    def policy_levers(self, policy):
        """The policy's lever attributes, e.g. {"sharing.mode": "all", ...}."""
        return _attrs(self.h5["policies"][policy])

    # --- per-trial metrics --------------------------------------------------------
    def metrics(self, policy=None):
        """Every per-trial metric of the policy (default: the baseline), in file order."""
        policy = policy or self.baseline
        group = self.h5["policies"][policy]["trials"]
        better = {}
        if "comparison" in self.h5:
            for name, g in self.h5["comparison"].items():
                if isinstance(g, h5py.Group):
                    better[name] = _text(g.attrs.get("better", ""))
        out = []
        for name, ds in group.items():
            # Dimension scales (`trial`, `state`) label metrics; they are not metrics.
            if (not isinstance(ds, h5py.Dataset) or ds.ndim < 1 or name == "trial"
                    or h5py.h5ds.is_scale(ds.id)):
                continue
            out.append(Metric(name=name, units=_text(ds.attrs.get("units", "")),
                              description=_text(ds.attrs.get("description", "")),
                              better=better.get(name, ""), shape=ds.shape[1:],
                              labels=_labels(ds)[1:]))
        rank = {name: i for i, name in enumerate(PRIMARY_METRICS)}
        out.sort(key=lambda m: (rank.get(m.name, len(rank)), m.name))
        return out

    def metric(self, name, policy=None):
        for m in self.metrics(policy):
            if m.name == name:
                return m
        raise KeyError(f"no per-trial metric {name!r} in {self.path}; known: "
                       + ", ".join(m.name for m in self.metrics(policy)))

    def trials(self, policy):
        """{metric: array} of every per-trial dataset of the policy (trial k at index k)."""
        group = self.h5["policies"][policy]["trials"]
        return {name: ds[()] for name, ds in group.items() if isinstance(ds, h5py.Dataset)}

    def trials_frame(self, policy):
        """Per-trial scalar metrics as a pandas DataFrame (needs pandas)."""
        import pandas as pd  # optional dependency
        data = {k: v for k, v in self.trials(policy).items() if np.ndim(v) == 1}
        trial = data.pop("trial", None)
        return pd.DataFrame(data, index=pd.Index(trial, name="trial"))

    def trials_long_frame(self):
        """Scalar metrics of every policy in one long DataFrame (policy, trial, metric, value)."""
        import pandas as pd
        frames = []
        for policy in self.policies:
            df = self.trials_frame(policy).reset_index().melt(id_vars="trial", var_name="metric")
            df.insert(0, "policy", policy)
            frames.append(df)
        return pd.concat(frames, ignore_index=True)

    # --- time series --------------------------------------------------------------
    def timeseries(self, policy):
        """{name: array} of the policy's time series, plus "labels" {name: dim labels},
        "units" {name: units} and the scale names under "sector", "state", "quantile"."""
        group = self.h5["policies"][policy]["timeseries"]
        out = {"labels": {}, "units": {}}
        for name, ds in group.items():
            if not isinstance(ds, h5py.Dataset):
                continue
            if h5py.check_string_dtype(ds.dtype) is not None:
                out[name] = _strings(ds)
            else:
                out[name] = ds[()]
                out["units"][name] = _text(ds.attrs.get("units", ""))
            out["labels"][name] = _labels(ds)
        return out

    def grouped_service(self, policy=None):
        """Time series of service per group: {group label: (names, mean (H, G), bands or None)}
        for every (time, X) dataset named `<x>_service_mean` (sectors today; any grouping
        a later version adds, such as states, appears here without a change)."""
        ts = self.timeseries(policy or self.baseline)
        out = {}
        for name, labels in ts["labels"].items():
            if not name.endswith("_service_mean") or len(labels) != 2:
                continue
            label = labels[1] or name[: -len("_service_mean")]
            ds = self.h5["policies"][policy or self.baseline]["timeseries"][name]
            scale = ds.dims[1][0] if len(ds.dims[1]) else None
            names = _strings(scale) if scale is not None else [str(i) for i in range(ds.shape[1])]
            bands = ts.get(name.replace("_mean", "_bands"))
            out[label] = (names, ts[name], bands, name)
        return out

    # --- comparison, sweep, IIM -----------------------------------------------------
    def comparison(self):
        """{metric: {"attrs": {...}, "mean": array over policies, ...}} and "_policy"."""
        if "comparison" not in self.h5:
            return None
        c = self.h5["comparison"]
        out = {"_attrs": _attrs(c)}
        for name, obj in c.items():
            if isinstance(obj, h5py.Group):
                entry = {"attrs": _attrs(obj)}
                for k, ds in obj.items():
                    entry[k] = ds[()]
                out[name] = entry
            elif h5py.check_string_dtype(obj.dtype) is not None:
                out["_" + name] = _strings(obj)
            else:
                out["_" + name] = obj[()]
        return out

    def sweep(self):
        """The /sweep table as {"attrs": ..., "parameters": [names], "columns": {name: array}},
        or None. Parameter columns are those the group's `parameters` attribute lists, or
        datasets with the attribute role = "parameter" (docs/analysis.md)."""
        if "sweep" not in self.h5:
            return None
        g = self.h5["sweep"]
        attrs = _attrs(g)
        columns = {}
        roles = {}

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                columns[name] = (_strings(obj) if h5py.check_string_dtype(obj.dtype) is not None
                                 else obj[()])
                roles[name] = _text(obj.attrs.get("role", ""))
        g.visititems(visit)
        parameters = attrs.get("parameters")
        if isinstance(parameters, str):
            parameters = [parameters]
        if not parameters:
            parameters = [n for n, r in roles.items() if r == "parameter"]
        units = {n: _text(g[n].attrs.get("units", "")) for n in columns}
        return {"attrs": attrs, "parameters": list(parameters), "columns": columns,
                "units": units}

    def iim(self):
        """The /iim group as {"attrs": ..., name: array}, or None."""
        if "iim" not in self.h5:
            return None
        g = self.h5["iim"]
        out = {"attrs": _attrs(g), "units": {}}
        for name, ds in g.items():
            if h5py.check_string_dtype(ds.dtype) is not None:
                out[name] = _strings(ds)
            else:
                out[name] = ds[()]
                out["units"][name] = _text(ds.attrs.get("units", ""))
        return out


def open_file(path):
    """Opens and checks a cyres file; raises FormatError with a clear message."""
    return CyresFile(path)


def summary(r):
    """A plain-text summary of a cyres file."""
    lines = [f"{r.path}: {r.format} {r.format_version}, written by cyres "
             f"{r.attrs.get('tool_version', '?')} ({r.attrs.get('git_revision', '?')})",
             f"scenario {r.scenario_name!r} (hash {r.scenario_hash})"]
    if r.is_results:
        lines.append(f"seed {r.attrs.get('seed')}, {r.attrs.get('trials')} trials per policy, "
                     f"horizon {r.horizon_hours:g} h, sectors: {', '.join(r.sectors)}")
        comp = r.comparison()
        for policy in r.policies:
            t = r.trials(policy)
            tag = " (baseline)" if policy == r.baseline else ""
            lines.append(f"policy {policy}{tag}")
            for m in r.metrics(policy):
                if m.shape:
                    continue
                entry = comp.get(m.name) if comp else None
                if entry is not None and "event" in entry["attrs"]:
                    # A time to an event is censored at the horizon: never averaged.
                    p = r.policies.index(policy)
                    median = entry["median"][p]
                    shown = f"{median:.4g}" if np.isfinite(median) else "NR"
                    lines.append(f"  {m.name:<24} {shown:>10} {m.units} (Kaplan-Meier median; "
                                 f"{entry['event_share'][p]:.0%} of {entry['timed'][p]} timed "
                                 f"trials had {entry['attrs']['event']})")
                    continue
                x = np.asarray(t[m.name], dtype=float)
                finite = x[np.isfinite(x)]
                mean = f"{finite.mean():.4g}" if finite.size else "n/a"
                extra = ""
                if comp and m.name in comp and "ci_low" in comp[m.name]:
                    p = r.policies.index(policy)
                    extra = (f" [{comp[m.name]['ci_low'][p]:.4g}, "
                             f"{comp[m.name]['ci_high'][p]:.4g}]")
                lines.append(f"  {m.name:<24} {mean:>10}{extra} {m.units}")
    sweep = r.sweep()
    if sweep:
        n = len(next(iter(sweep["columns"].values()), []))
        lines.append(f"sweep: {n} points over {', '.join(sweep['parameters']) or '?'}")
    iim = r.iim()
    if iim:
        a = iim["attrs"]
        lines.append(f"iim: spectral radius of A* {a.get('dependency_spectral_radius', float('nan')):.4f}, "
                     f"of the attack operator {a.get('attack_spectral_radius', float('nan')):.4g} per step")
        for s, q in zip(iim["sector"], iim["q"]):
            lines.append(f"  {s:<16} q = {q:.4f}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Summary of a cyres results or IIM file")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    try:
        with open_file(args.file) as r:
            print(summary(r))
    except FormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
