#!/usr/bin/python3
"""Checks a results file against docs/hdf5-schema.md with plain h5py + numpy.

Usage (ctest): /usr/bin/python3 test_h5py_schema.py <cyres-binary> <workdir>

Runs `cyres run -o <workdir>/results.h5 --trials 20 --seed 7` on the default
embedded scenario, then checks every documented name, dtype, shape, units
attribute and dimension scale. The policy groups' lever attributes are those
of the lever table, as `cyres info --levers --json` prints it: each must be in
the file with its type and in docs/hdf5-schema.md, and nothing else may be.
Every mismatch is reported; the exit code is 1 if there was any, 0 otherwise.
"""

import json
import os
import shutil
import re
import subprocess
import sys

import h5py
import numpy as np

TRIALS = 20
SEED = 7
QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]
STATES = ["susceptible", "compromised", "detected", "remediated",
          "attack_down", "supply_down", "isolated", "down"]
# name -> (dtype, units), in the order of docs/hdf5-schema.md
TRIAL_METRICS = {
    "resilience_loss": ("float64", "service-hours"),
    "min_service": ("float64", "1"),
    "time_to_recover": ("float64", "h"),
    "disrupted": ("uint32", "1"),
    "recovered": ("uint32", "1"),
    "compromised": ("uint32", "assets"),
    "attack_down": ("uint32", "assets"),
    "supply_down": ("uint32", "assets"),
    "peak_compromised": ("uint32", "assets"),
    "detected": ("uint32", "assets"),
    "mean_detection_latency": ("float64", "h"),
    "mean_queue_wait": ("float64", "h"),
    "team_hours": ("float64", "team-h"),
    "crisis_activation": ("float64", "h"),
    "time_to_detect": ("float64", "h"),
    "detect_event": ("uint32", "1"),
    "time_to_evict": ("float64", "h"),
    "evict_event": ("uint32", "1"),
    "returns": ("uint32", "1"),
    "reinfected": ("uint32", "assets"),
    "assistance_requested": ("uint32", "1"),
    "assistance_granted": ("uint32", "1"),
    "assistance_team_hours": ("float64", "team-h"),
    "restoration_wait": ("float64", "h"),
}
# time to an event -> its event flag: censored at the horizon where the flag
# is 0, so /comparison gives Kaplan-Meier summaries instead of means.
TIME_TO_EVENT = {"time_to_recover": "recovered", "time_to_detect": "detect_event",
                 "time_to_evict": "evict_event"}
# attribute -> kind of every policy group besides its levers, whose attributes
# come from the lever table (`cyres info --levers --json`, lever_attributes()).
POLICY_OWN_ATTRIBUTES = {"name": "str", "preset": "str", "description": "str"}
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs")
KNOWN_MAJOR_VERSION = 2

errors = []


def fail(message):
    errors.append(message)


def expect(condition, message):
    if not condition:
        fail(message)
    return bool(condition)


def is_str(value):
    return isinstance(value, str)


def decoded(value):
    """cyres stores strings as fixed-length UTF-8, which h5py returns as bytes."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.dtype.kind == "S":
        return np.array([v.decode("utf-8") for v in value.ravel()], dtype=object)
    return value


def attr(obj, name, default=None):
    """Attribute `name` of `obj` with its strings decoded, or `default`."""
    return decoded(obj.attrs[name]) if name in obj.attrs else default


def is_fixed_utf8(type_id):
    return (isinstance(type_id, h5py.h5t.TypeStringID) and not type_id.is_variable_str()
            and type_id.get_cset() == h5py.h5t.CSET_UTF8)


#: attributes of the HDF5 dimension-scale convention, variable-length by its specification
#: (H5DSget_label reads DIMENSION_LABELS as such); cyres writes them through H5DS, never reads them
DIMENSION_SCALE_ATTRIBUTES = {"DIMENSION_LABELS"}


def check_no_variable_length_strings(f):
    """No string cyres writes is variable-length (docs/hdf5-schema.md, Strings)."""
    def check_object(name, obj):
        for key in obj.attrs:
            if key in DIMENSION_SCALE_ATTRIBUTES:
                continue
            t = obj.attrs.get_id(key).get_type()
            expect(not (isinstance(t, h5py.h5t.TypeStringID) and t.is_variable_str()),
                   f"/{name} @{key}: variable-length string")
        if isinstance(obj, h5py.Dataset):
            t = obj.id.get_type()
            expect(not (isinstance(t, h5py.h5t.TypeStringID) and t.is_variable_str()),
                   f"/{name}: variable-length strings")
    check_object("", f)
    f.visititems(check_object)


def check_attribute(obj, name, kind):
    """kind: str, str[], int32, uint64, float64, bool."""
    where = f"{obj.name} @{name}"
    if not expect(name in obj.attrs, f"{where}: attribute missing"):
        return None
    raw = obj.attrs[name]
    value = decoded(raw)
    if kind == "str":
        expect(is_fixed_utf8(obj.attrs.get_id(name).get_type()) and is_str(value),
               f"{where}: expected a fixed-length UTF-8 string, got {raw!r}")
    elif kind == "str[]":
        ok = (isinstance(value, np.ndarray) and np.asarray(raw).ndim == 1
              and is_fixed_utf8(obj.attrs.get_id(name).get_type())
              and all(is_str(v) for v in value))
        expect(ok, f"{where}: expected a 1-D array of fixed-length UTF-8 strings, got {raw!r}")
    elif kind == "bool":
        expect(isinstance(value, (bool, np.bool_)), f"{where}: expected bool, got {type(value)}")
    else:
        expect(np.asarray(value).dtype == np.dtype(kind) and np.asarray(value).shape == (),
               f"{where}: expected scalar {kind}, got {np.asarray(value).dtype}")
    return value


def check_dataset(group, name, dtype, shape, units=None):
    where = f"{group.name}/{name}"
    if not expect(name in group and isinstance(group[name], h5py.Dataset),
                  f"{where}: dataset missing"):
        return None
    ds = group[name]
    if dtype == "str":
        expect(is_fixed_utf8(ds.id.get_type()),
               f"{where}: expected fixed-length UTF-8 strings, got {ds.dtype}")
    else:
        expect(ds.dtype == np.dtype(dtype), f"{where}: dtype {ds.dtype}, expected {dtype}")
    expect(ds.shape == tuple(shape), f"{where}: shape {ds.shape}, expected {tuple(shape)}")
    if units is not None:
        got = attr(ds, "units")
        expect(got == units, f"{where}: units {got!r}, expected {units!r}")
    return ds


def check_scale(ds, dim, scale, label):
    where = f"{ds.name} dims[{dim}]"
    if not expect(len(ds.dims[dim]) >= 1, f"{where}: no dimension scale attached"):
        return
    expect(ds.dims[dim][0].name == scale.name,
           f"{where}[0] is {ds.dims[dim][0].name}, expected {scale.name}")
    got = decoded(ds.dims[dim].label)
    expect(got == label, f"{where}.label is {got!r}, expected {label!r}")


def check_root(f):
    version = check_attribute(f, "format_version", "str")
    if version is not None:
        match = re.fullmatch(r"(\d+)\.(\d+)", version)
        # The format-version policy: refuse a major version we do not know.
        if not expect(match, f"format_version {version!r} is not major.minor"):
            return False
        if int(match.group(1)) != KNOWN_MAJOR_VERSION:
            fail(f"format_version {version}: unknown major version, this reader knows "
                 f"{KNOWN_MAJOR_VERSION}.x")
            return False
    expect(attr(f, "format") == "cyres-results", f"format is {attr(f, 'format')!r}")
    for name in ["tool_version", "git_revision", "command_line", "scenario_name", "start_time",
                 "end_time", "scenario_hash"]:
        check_attribute(f, name, "str")
    expect(re.fullmatch(r"[0-9a-f]{16}", str(attr(f, "scenario_hash"))),
           "scenario_hash is not 16 lower-case hex digits")
    for name in ["start_time", "end_time"]:
        expect(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", str(attr(f, name))),
               f"{name} {attr(f, name)!r} is not ISO 8601 UTC (YYYY-MM-DDTHH:MM:SSZ)")
    expect(check_attribute(f, "seed", "uint64") == SEED, "seed attribute differs from --seed")
    expect(check_attribute(f, "trials", "uint64") == TRIALS, "trials attribute differs from --trials")
    horizon = check_attribute(f, "horizon_steps", "int32")
    dt = check_attribute(f, "dt_hours", "float64")
    expect(horizon is not None and horizon > 0, "horizon_steps must be > 0")
    expect(dt is not None and dt > 0, "dt_hours must be > 0")
    expect((check_attribute(f, "wall_seconds", "float64") or 0) >= 0, "wall_seconds < 0")
    return True


def check_scenario(f):
    if not expect("scenario" in f, "/scenario missing"):
        return 0
    g = f["scenario"]
    for name in ["text", "assets_csv", "links_csv"]:
        check_dataset(g, name, "str", ())
    if "text" in g:
        expect(len(g["text"].asstr()[()]) > 0, "/scenario/text is empty")
    sectors = check_dataset(g, "sectors", "str", (len(g["sectors"]),) if "sectors" in g else (0,))
    n_sectors = len(sectors) if sectors is not None else 0
    expect(n_sectors > 0, "/scenario/sectors is empty")
    weights = check_dataset(g, "sector_weights", "float64", (n_sectors,), "1")
    if weights is not None:
        expect(abs(weights[()].sum() - 1.0) < 1e-12, "sector_weights do not sum to 1")
    check_dataset(g, "organisations", "str", (len(g["organisations"]),) if "organisations" in g else (0,))
    n_assets = len(g["asset_ids"]) if "asset_ids" in g else 0
    check_dataset(g, "asset_ids", "str", (n_assets,))
    asset_sector = check_dataset(g, "asset_sector", "int32", (n_assets,))
    if asset_sector is not None and n_assets:
        expect(0 <= asset_sector[()].min() and asset_sector[()].max() < n_sectors,
               "asset_sector holds an index outside sectors")
    check_dataset(g, "asset_organisation", "int32", (n_assets,))
    check_dataset(g, "asset_criticality", "float64", (n_assets,), "1")
    states = check_dataset(g, "states", "str", (len(g["states"]),) if "states" in g else (0,))
    n_states = len(states) if states is not None else 0
    expect(n_states > 0, "/scenario/states is empty")
    asset_state = check_dataset(g, "asset_state", "int32", (n_assets,))
    if asset_state is not None and n_assets:
        expect(0 <= asset_state[()].min() and asset_state[()].max() < n_states,
               "asset_state holds an index outside states")
    return n_sectors


def lever_attributes(binary):
    """attribute -> kind of every lever parameter, from the binary's lever table."""
    command = [binary, "info", "--levers", "--json"]
    run = subprocess.run(command, capture_output=True, text=True)
    if not expect(run.returncode == 0,
                  f"{' '.join(command)} exited {run.returncode}: {run.stderr}"):
        return {}
    levers = json.loads(run.stdout)
    expect(len(levers) > 0, "the lever table is empty")
    attributes = {lever["hdf5_attribute"]: lever["hdf5_type"] for lever in levers}
    expect(len(attributes) == len(levers), "two levers share an HDF5 attribute")
    return attributes


def documented_policy_attributes():
    """attribute -> kind from docs/hdf5-schema.md's "/policies/<name> attributes" table."""
    with open(os.path.join(DOCS, "hdf5-schema.md"), encoding="utf-8") as doc:
        text = doc.read()
    section = re.search(r"^### `/policies/<name>` attributes.*?\n(.*?)^#", text, re.M | re.S)
    if not expect(section, "docs/hdf5-schema.md has no /policies/<name> attributes section"):
        return {}
    kinds = {"str": "str", "str array": "str[]", "int32": "int32", "float64": "float64",
             "bool": "bool"}
    documented = {}
    for row in re.finditer(r"^\|([^|]*)\|([^|]*)\|", section.group(1), re.M):
        names = re.findall(r"`([^`]+)`", row.group(1))
        kind = row.group(2).strip()
        if not names or kind not in kinds:
            continue  # the header and its rule
        for name in names:
            documented[name] = kinds[kind]
    return documented


def check_policy_attribute_docs(attributes):
    documented = documented_policy_attributes()
    for name, kind in attributes.items():
        expect(documented.get(name) == kind,
               f"policy attribute {name} ({kind}) is documented as {documented.get(name)!r} "
               "in docs/hdf5-schema.md")
    for name in documented.keys() - attributes.keys():
        fail(f"docs/hdf5-schema.md documents policy attribute {name}, which is not in the "
             "lever table")


def check_policy(f, name, n_sectors, attributes):
    p = f["policies"][name]
    for attribute, kind in attributes.items():
        check_attribute(p, attribute, kind)
    for attribute in p.attrs.keys() - attributes.keys():
        fail(f"{p.name} @{attribute}: not in the lever table")
    horizon = int(f.attrs["horizon_steps"])
    dt = float(f.attrs["dt_hours"])

    ts = p["timeseries"] if expect("timeseries" in p, f"{p.name}/timeseries missing") else None
    if ts is None:
        return
    time = check_dataset(ts, "time", "float64", (horizon,), "h")
    quantile = check_dataset(ts, "quantile", "float64", (5,), "1")
    sector = check_dataset(ts, "sector", "str", (n_sectors,))
    state = check_dataset(ts, "state", "str", (len(STATES),))
    scales = [time, quantile, sector, state]
    if any(s is None for s in scales):
        return
    for s in scales:
        expect(h5py.h5ds.is_scale(s.id), f"{s.name} is not a dimension scale")
    expect(np.array_equal(time[()], (np.arange(horizon) + 1) * dt), "time is not (t + 1) * dt")
    expect(np.array_equal(quantile[()], QUANTILES), f"quantile is {quantile[()]}")
    expect(list(sector.asstr()[()]) == list(f["scenario/sectors"].asstr()[()]),
           "timeseries/sector differs from /scenario/sectors")
    expect(list(state.asstr()[()]) == STATES, f"state is {list(state.asstr()[()])}")

    mean = check_dataset(ts, "service_mean", "float64", (horizon,), "1")
    bands = check_dataset(ts, "service_bands", "float64", (horizon, 5), "1")
    s_mean = check_dataset(ts, "sector_service_mean", "float64", (horizon, n_sectors), "1")
    s_bands = check_dataset(ts, "sector_service_bands", "float64", (horizon, n_sectors, 5), "1")
    counts = check_dataset(ts, "state_counts_mean", "float64", (horizon, len(STATES)), "assets")
    for ds in [mean, bands, s_mean, s_bands, counts]:
        if ds is not None:
            check_scale(ds, 0, time, "time")
    if bands is not None:
        check_scale(bands, 1, quantile, "quantile")
        expect(np.all(np.diff(bands[()], axis=1) >= 0), "service_bands decrease along quantile")
    if s_mean is not None:
        check_scale(s_mean, 1, sector, "sector")
    if s_bands is not None:
        check_scale(s_bands, 1, sector, "sector")
        check_scale(s_bands, 2, quantile, "quantile")
    if counts is not None:
        check_scale(counts, 1, state, "state")
        expect(list(attr(counts, "states", [])) == STATES, "state_counts_mean @states differs")
    if mean is not None:
        expect(np.all((mean[()] >= 0) & (mean[()] <= 1)), "service_mean outside [0, 1]")

    tr = p["trials"] if expect("trials" in p, f"{p.name}/trials missing") else None
    if tr is None:
        return
    trial = check_dataset(tr, "trial", "uint64", (TRIALS,))
    if trial is None:
        return
    expect(h5py.h5ds.is_scale(trial.id), f"{trial.name} is not a dimension scale")
    expect(np.array_equal(trial[()], np.arange(TRIALS)), "trial is not 0 .. trials-1")
    for metric, (dtype, units) in TRIAL_METRICS.items():
        ds = check_dataset(tr, metric, dtype, (TRIALS,), units)
        if ds is not None:
            expect(is_str(attr(ds, "description")), f"{ds.name} has no description")
            check_scale(ds, 0, trial, "trial")
    loss = check_dataset(tr, "sector_loss", "float64", (TRIALS, n_sectors), "service-hours")
    if loss is not None:
        check_scale(loss, 0, trial, "trial")
        check_scale(loss, 1, sector, "sector")
    state_names = list(f["scenario/states"].asstr()[()]) if "scenario/states" in f else []
    state_scale = check_dataset(tr, "state", "str", (len(state_names),))
    state_loss = check_dataset(tr, "state_loss", "float64", (TRIALS, len(state_names)),
                               "service-hours")
    if state_scale is not None:
        expect(h5py.h5ds.is_scale(state_scale.id), f"{state_scale.name} is not a dimension scale")
        expect(list(state_scale.asstr()[()]) == state_names,
               "trials/state differs from /scenario/states")
    if state_loss is not None and state_scale is not None:
        expect(is_str(attr(state_loss, "description")), f"{state_loss.name} has no description")
        check_scale(state_loss, 0, trial, "trial")
        check_scale(state_loss, 1, state_scale, "state")
    # The loss decomposes: sum over states and the weighted sum over sectors
    # both give L in every trial (1e-9 relative: the same terms summed in
    # another order).
    if state_loss is not None and loss is not None and "resilience_loss" in tr:
        total = tr["resilience_loss"][()]
        weights = f["scenario/sector_weights"][()]
        for what, parts in [("sum of state_loss", state_loss[()].sum(axis=1)),
                            ("sum of W_s sector_loss", loss[()] @ weights)]:
            expect(np.all(np.abs(parts - total) <= 1e-9 * np.abs(total)),
                   f"{p.name}: {what} differs from resilience_loss")
    # Linearity of L = sum_t (1 - Q(t)) dt: the mean loss follows from the mean
    # service (service is stored per trial as float32: tolerance 1e-6 per step).
    if mean is not None and "resilience_loss" in tr:
        expected = np.sum(1.0 - mean[()]) * dt
        got = float(np.mean(tr["resilience_loss"][()]))
        expect(abs(got - expected) <= 1e-6 * horizon * dt + 1e-9 * abs(expected),
               f"{p.name}: mean resilience_loss {got} != sum_t (1 - service_mean) dt = {expected}")


COMPARISON_FIELDS = ["mean", "ci_low", "ci_high", "paired_difference", "paired_ci_low",
                     "paired_ci_high", "unpaired_half_width", "share_better", "cvar95"]
BETTER = {"min_service": "higher", "detected": "neither", "team_hours": "neither",
          "crisis_activation": "neither", "recovered": "higher", "detect_event": "higher",
          "evict_event": "higher", "assistance_requested": "neither",
          "assistance_granted": "neither", "assistance_team_hours": "neither"}
TIME_TO_EVENT_REALS = {  # dataset -> units: the metric's own ("h") or "1"
    "event_share": "1", "event_share_ci_low": "1", "event_share_ci_high": "1",
    "median": "h", "median_ci_low": "h", "median_ci_high": "h",
    "p90": "h", "p90_ci_low": "h", "p90_ci_high": "h", "longest_follow_up": "h",
    "paired_event_difference": "1", "paired_event_ci_low": "1", "paired_event_ci_high": "1"}


def kaplan_meier_quantile(times, events, p):
    """First time with S(t) <= 1 - p (Kaplan-Meier, events before censorings
    at equal times), or NaN if the curve does not get there."""
    timed = np.isfinite(times)
    t, e = times[timed], events[timed]
    s = 1.0
    for u in np.unique(t):
        at_risk = np.sum(t >= u)
        d = np.sum((t == u) & (e == 1))
        s *= 1.0 - d / at_risk
        if d > 0 and s <= 1.0 - p + 1e-12:
            return float(u)
    return float("nan")


def check_time_to_event(f, g, metric, names, policy):
    """A time-to-event group: no mean (censored times are never averaged);
    the Kaplan-Meier share, median and p90 recomputed with numpy."""
    event = TIME_TO_EVENT[metric]
    n = len(names)
    expect(attr(g, "event") == event, f"{g.name} @event {attr(g, 'event')!r}")
    for field in COMPARISON_FIELDS:
        expect(field not in g, f"{g.name}/{field}: a censored time must not be averaged")
    for field, units in TIME_TO_EVENT_REALS.items():
        ds = check_dataset(g, field, "float64", (n,), units)
        if ds is not None:
            expect(is_str(attr(ds, "description")), f"{ds.name} has no description")
            check_scale(ds, 0, policy, "policy")
    for field in ["timed", "events", "paired_count"]:
        ds = check_dataset(g, field, "uint64", (n,), "1")
        if ds is not None:
            check_scale(ds, 0, policy, "policy")
    if not all(field in g for field in list(TIME_TO_EVENT_REALS) + ["timed", "events"]):
        return
    for i, name in enumerate(names):
        trials = f["policies"][name]["trials"]
        times = trials[metric][()]
        flags = trials[event][()].astype(np.float64)
        timed = np.isfinite(times)
        expect(g["timed"][i] == timed.sum(), f"{g.name}: timed[{i}] != finite times")
        expect(g["events"][i] == flags[timed].sum(), f"{g.name}: events[{i}] != sum of {event}")
        for field, p in [("median", 0.5), ("p90", 0.9)]:
            expected = kaplan_meier_quantile(times, flags, p)
            got = g[field][i]
            expect(got == expected or (np.isnan(got) and np.isnan(expected)),
                   f"{g.name}: {field}[{i}] = {got}, numpy Kaplan-Meier gives {expected}")
            low, high = g[field + "_ci_low"][i], g[field + "_ci_high"][i]
            if np.isfinite(got):
                expect(low <= got and (np.isnan(high) or got <= high),
                       f"{g.name}: {field}[{i}] outside its interval")


def check_comparison(f, names):
    """/comparison: names, shapes, units, the policy scale, and a few numbers
    recomputed with numpy from the per-trial datasets."""
    if not expect("comparison" in f, "/comparison missing"):
        return
    c = f["comparison"]
    n = len(names)
    expect(check_attribute(c, "baseline", "str") == (names[0] if names else ""),
           "/comparison @baseline is not the first policy")
    level = check_attribute(c, "catastrophic_service", "float64")
    expect(level == attr(f["scenario"], "catastrophic_service"),
           "/comparison @catastrophic_service differs from /scenario's")
    expect(check_attribute(c, "confidence_level", "float64") == 0.95, "confidence_level != 0.95")
    policy = check_dataset(c, "policy", "str", (n,))
    if policy is None:
        return
    expect(h5py.h5ds.is_scale(policy.id), "/comparison/policy is not a dimension scale")
    expect(list(policy.asstr()[()]) == names, "/comparison/policy differs from /policies @names")
    for name in ["catastrophic_probability", "catastrophic_ci_low", "catastrophic_ci_high"]:
        ds = check_dataset(c, name, "float64", (n,), "1")
        if ds is not None:
            check_scale(ds, 0, policy, "policy")
    if "catastrophic_probability" in c and level is not None:
        for i, name in enumerate(names):
            q = f["policies"][name]["trials/min_service"][()]
            p = c["catastrophic_probability"][i]
            expect(p == np.mean(q < level), f"{name}: catastrophic_probability {p}")
            expect(c["catastrophic_ci_low"][i] <= p <= c["catastrophic_ci_high"][i],
                   f"{name}: catastrophic probability outside its interval")
    for metric, (_, units) in TRIAL_METRICS.items():
        if not expect(metric in c, f"/comparison/{metric} missing"):
            continue
        g = c[metric]
        expect(attr(g, "units") == units, f"{g.name} @units {attr(g, 'units')!r}")
        expect(attr(g, "better") == BETTER.get(metric, "lower"),
               f"{g.name} @better {attr(g, 'better')!r}")
        if metric in TIME_TO_EVENT:
            check_time_to_event(f, g, metric, names, policy)
            continue
        for field in COMPARISON_FIELDS:
            ds = check_dataset(g, field, "float64", (n,), "1" if field == "share_better" else units)
            if ds is not None:
                expect(is_str(attr(ds, "description")), f"{ds.name} has no description")
                check_scale(ds, 0, policy, "policy")
        count = check_dataset(g, "paired_count", "uint64", (n,), "1")
        if count is not None:
            check_scale(count, 0, policy, "policy")
        if not all(field in g for field in COMPARISON_FIELDS) or not names:
            continue
        base = f["policies"][names[0]]["trials"][metric][()].astype(np.float64)
        first = g["paired_difference"][0]  # NaN where the metric is never finite
        expect(first == 0 or np.isnan(first), f"{g.name}: baseline difference {first} != 0")
        for i, name in enumerate(names):
            x = f["policies"][name]["trials"][metric][()].astype(np.float64)
            both = np.isfinite(x) & np.isfinite(base)
            if both.sum() >= 2:
                d = x[both] - base[both]
                expect(np.isclose(g["paired_difference"][i], d.mean(), rtol=1e-12, atol=1e-12),
                       f"{g.name}: paired_difference[{i}] != numpy mean of differences")
                expect(g["paired_ci_low"][i] <= g["paired_difference"][i] <= g["paired_ci_high"][i],
                       f"{g.name}: paired difference outside its interval for {name}")
            if np.isfinite(x).sum() >= 1:
                expect(np.isclose(g["mean"][i], np.nanmean(x), rtol=1e-12, atol=1e-12),
                       f"{g.name}: mean[{i}] != numpy nanmean")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, workdir = sys.argv[1], sys.argv[2]
    # A fresh folder: cyres never replaces an earlier run's files unasked.
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    path = os.path.join(workdir, "results.h5")
    if os.path.exists(path):
        os.remove(path)
    command = [binary, "run", "-o", path, "--trials", str(TRIALS), "--seed", str(SEED)]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        print(f"FAIL: {' '.join(command)} exited {run.returncode}\n{run.stdout}\n{run.stderr}",
              file=sys.stderr)
        return 1
    leftovers = [n for n in os.listdir(workdir) if ".tmp." in n]
    expect(not leftovers, f"temporary files left beside the output: {leftovers}")

    with h5py.File(path, "r") as f:
        check_no_variable_length_strings(f)
        if check_root(f):
            n_sectors = check_scenario(f)
            if expect("policies" in f, "/policies missing"):
                names = check_attribute(f["policies"], "names", "str[]")
                names = list(names) if names is not None else []
                expect(len(names) > 0, "/policies @names is empty")
                expect(sorted(names) == sorted(f["policies"].keys()),
                       f"/policies @names {names} != groups {list(f['policies'].keys())}")
                attributes = {**POLICY_OWN_ATTRIBUTES, **lever_attributes(binary)}
                check_policy_attribute_docs(attributes)
                for name in names:
                    if expect(name in f["policies"], f"/policies/{name} missing"):
                        check_policy(f, name, n_sectors, attributes)
                check_comparison(f, names)

    if errors:
        print(f"FAIL: {path} does not match docs/hdf5-schema.md ({len(errors)} problems):",
              file=sys.stderr)
        for message in errors:
            print(f"  - {message}", file=sys.stderr)
        return 1
    print(f"OK: {path} matches docs/hdf5-schema.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
