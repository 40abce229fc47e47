"""Helpers of the batch identity tests: two results files hold the same
results, bit for bit, except the root attributes that record how each file
came about (docs/hdf5-schema.md, "What identical means").

Every dataset is compared byte for byte (NaN included; variable-length
strings by value), every attribute of every object by value and dtype,
dimension scales by what they are attached to (their raw references are file
addresses), and the set of objects must be the same.
"""

import h5py
import numpy as np

PROVENANCE = {"command_line", "start_time", "end_time", "wall_seconds", "git_revision"}
REFERENCE_ATTRIBUTES = {"DIMENSION_LIST", "REFERENCE_LIST"}


def _value(obj):
    data = np.asarray(obj[()]) if isinstance(obj, h5py.Dataset) else np.asarray(obj)
    if data.dtype.kind == "O":
        return ("str", repr(data.tolist()))
    return (data.dtype.str, data.shape, data.tobytes())


def _attributes(obj, skip=()):
    out = {}
    for name in obj.attrs:
        if name in REFERENCE_ATTRIBUTES or name in skip:
            continue
        out[name] = _value(obj.attrs[name])
    return out


def _scales(dataset):
    out = []
    for dim in dataset.dims:
        out.append((dim.label, tuple(scale.name for scale in dim.values())))
    return out


def describe(path, skip_root=PROVENANCE, skip_groups=()):
    """Everything in the file that must be identical, as a dict."""
    found = {}
    with h5py.File(path, "r") as f:
        found["/@"] = _attributes(f, skip_root)

        def visit(name, obj):
            if any(name == g or name.startswith(g + "/") for g in skip_groups):
                return
            entry = {"@": _attributes(obj)}
            if isinstance(obj, h5py.Dataset):
                entry["value"] = _value(obj)
                entry["scales"] = _scales(obj)
                entry["compression"] = (obj.compression, obj.chunks)
            found[name] = entry
        f.visititems(visit)
    return found


def differences(a, b, skip_root=PROVENANCE, skip_groups=()):
    """Names of what differs between files a and b (empty if identical)."""
    x = describe(a, skip_root, skip_groups)
    y = describe(b, skip_root, skip_groups)
    out = sorted(set(x) ^ set(y))
    for name in sorted(set(x) & set(y)):
        if x[name] != y[name]:
            if isinstance(x[name], dict) and "@" in x[name]:
                for key in sorted(set(x[name]) | set(y[name])):
                    if x[name].get(key) != y[name].get(key):
                        out.append(f"{name} [{key}]")
            else:
                for key in sorted(set(x[name]) | set(y[name])):
                    if x[name].get(key) != y[name].get(key):
                        out.append(f"{name}@{key}")
    return out


def check_identical(label, a, b, failures, skip_groups=()):
    diff = differences(a, b, skip_groups=skip_groups)
    if diff:
        print(f"FAIL {label}: {len(diff)} differences, e.g. {diff[:8]}")
        failures.append(label)
    else:
        print(f"ok   {label}: identical except {sorted(PROVENANCE)}")
    # The comparison must be able to fail: the provenance attributes it skips
    # exist, and a file differs from one with other results.
    with h5py.File(a, "r") as f:
        assert PROVENANCE <= set(f.attrs), "provenance attributes missing"
