#!/usr/bin/python3
"""Explain a comparison of policies: ablation, sensitivity and screening tables.

    /usr/bin/python3 scripts/explain.py [--cyres BINARY] [--scenario YAML] [--trials N]
                                        [--seed S] [--threads T] [--readme FILE] [--workdir DIR]

Runs `cyres run` on the scenario (default: data/scenarios/varnia/scenario.yaml) with
the same seed every time, so trial k of every run and every policy sees the same
random numbers wherever a policy or a parameter does not change them (common random
numbers), and compares the policies' resilience loss:

- **Ablation.** For each policy other than the baseline (the scenario's first
  policy), each of its levers that differs from the baseline's is switched off in
  turn, i.e. reset to the baseline's value with `--set policies.NAME.LEVER.KEY=VALUE`
  (only that policy is run: `--policy NAME`). The table gives the mean loss and the
  paired differences against the baseline and against the full policy, with 95 %
  Student-t intervals: a positive difference against the full policy is loss that
  the lever was saving.
- **Sensitivity.** Each parameter of SENSITIVITY below is set to each of its values
  (everything else keeps the scenario's values); for each value the table gives every
  policy's mean loss and their ranking, and says where the ranking flips against the
  one at the scenario's own values. Two policies whose paired difference has a 95 %
  interval containing 0 are written as tied ("≈"); a flip is a pair that is strictly
  ordered one way at the scenario's values and strictly the other way here.
- **Screening.** The parameters of SCREENING, each at a low and a high value only:
  candidates that were tried and move the result less.

The tables are written as Markdown between marker comments in the scenario's
README.md (`--readme` names another file; nothing else in it changes) and printed.
The binary is `--cyres`, else build/release/cyres of this repository. Needs h5py and
PyYAML (Debian's python3-h5py and python3-yaml); scipy is used for t quantiles when
present.
"""

import argparse
import math
import os
import shlex
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DEFAULT_SCENARIO = os.path.join(REPO, "data", "scenarios", "varnia", "scenario.yaml")
PRESETS = os.path.join(REPO, "data", "policies", "presets.yaml")
METRIC = "resilience_loss"
TABLES = ("ablation", "sensitivity", "screening")


def markers(key):
    return f"<!-- explain.py: {key} table begin -->", f"<!-- explain.py: {key} table end -->"


# A lever's defaults (the `independent` policy) for the keys that switch it on: a lever
# acts when one of these keys differs from the baseline's, and is switched off by
# setting them to the baseline's values (its other keys then do nothing).
LEVER_DEFAULTS = {
    "sharing": {"mode": "none", "own_boost": True},
    "pooling": {"mode": "none"},
    "assistance": {"mode": "none"},
    "triage": {"order": "fifo"},
    "containment": {"isolate_on_detection": False, "isolation_costs_service": False},
    "crisis": {"enabled": False},
    "prevention": {"hardening_budget": 0, "raise_weakest": 0},
}
LEVER_WORDS = {
    "sharing": "information sharing",
    "pooling": "pooling of teams",
    "assistance": "requests for assistance",
    "triage": "triage order",
    "containment": "isolation on detection",
    "crisis": "crisis mode",
    "prevention": "prevention",
}
# Where the results file records a lever's switch (checked after an ablation run).
SWITCH_ATTRIBUTES = {("sharing", "mode"): "sharing.mode", ("sharing", "own_boost"): "sharing.own_boost",
                     ("pooling", "mode"): "pooling.mode", ("assistance", "mode"): "assistance.mode",
                     ("triage", "order"): "triage.order",
                     ("containment", "isolate_on_detection"): "containment.isolate_on_detection",
                     ("crisis", "enabled"): "crisis.enabled"}


# ----------------------------------------------------------------------------------
# Parameters
# ----------------------------------------------------------------------------------

def scenario_value(doc, path):
    """The value at a dotted --set path in the scenario's YAML (list items by name)."""
    node = doc
    for part in path.split("."):
        if isinstance(node, list):
            node = next(item for item in node if isinstance(item, dict) and item.get("name") == part)
        else:
            node = node[part]
    return node


def fmt_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    return str(v)


def single(path):
    """A parameter set by one --set PATH=VALUE; its scenario value is read from the file."""
    return {"sets": lambda v, doc: [f"{path}={fmt_value(v)}"], "base": lambda doc: scenario_value(doc, path)}


def scaled(field, make):
    """A parameter that multiplies `field` of every organisation that has it; 1 = the scenario."""
    def sets(factor, doc):
        out = []
        for org in doc["organisations"]:
            if isinstance(org.get(field), (int, dict)):
                out.append(f"organisations.{org['name']}.{field}={make(org[field], factor)}")
        return out
    return {"sets": sets, "base": lambda doc: 1}


def more_crews(crews, factor):
    return max(1, round(crews * factor))


def longer(distribution, factor):
    scaled_keys = {"value", "mean", "median", "low", "high"}
    items = [f"{k}: {fmt_value(v * factor if k in scaled_keys else v)}" for k, v in distribution.items()]
    return "{" + ", ".join(items) + "}"


# The parameters swept, each over a range its README row calls plausible, chosen as
# the most influential of a wider screening (SCREENING keeps the rest of it).
SENSITIVITY = [
    dict(label="reach of the state actor (intensity)", values=[0.1, 0.3, 0.6, 1.0],
         **single("campaigns.state-actor.intensity")),
    dict(label="reach of the ransomware (intensity)", values=[1, 2, 3],
         **single("campaigns.ransomware.intensity")),
    dict(label="remediation time of every organisation (x scenario)", values=[0.5, 1, 2],
         **scaled("remediation", longer)),
    dict(label="vulnerability of evicted assets (reinfection factor)", values=[0, 0.25, 0.5, 1.0],
         **single("simulation.reinfection.vulnerability_factor")),
    dict(label="stealth of the state actor (detection factor)", values=[0.03, 0.1, 0.3, 1.0],
         **single("campaigns.state-actor.detection_factor")),
]
# Candidates that were screened at a low and a high value and move the result less.
SCREENING = [
    dict(label="ransomware noticed on impact (probability)", values=[0.5, 1.0],
         **single("campaigns.ransomware.notice.probability")),
    dict(label="state actor evicted by a clean-up (probability)", values=[0.4, 1.0],
         **single("campaigns.state-actor.eviction.success")),
    dict(label="union agency approval delay [h]", values=[12, 168],
         **single("organisations.union-agency.assistance.approval_delay")),
    dict(label="union agency approval probability", values=[0.2, 1.0],
         **single("organisations.union-agency.assistance.approval_probability")),
    dict(label="recovery crews of every organisation (x scenario)", values=[0.5, 2],
         **scaled("recovery_crews", more_crews)),
]


def find_binary(given):
    path = given or os.path.join(REPO, "build", "release", "cyres")
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    sys.exit(f"explain.py: no cyres binary at {path}; build it (scripts/build.sh release cyres) or pass --cyres")


# ----------------------------------------------------------------------------------
# Policies as the scenario writes them, resolved against the presets
# ----------------------------------------------------------------------------------

def resolve_policies(doc, presets_doc):
    """Name -> {lever: {key: value}} for each policy: defaults, then its preset, then its own keys."""
    presets = {p["name"]: p for p in presets_doc["presets"]}
    out = {}
    for policy in doc.get("policies") or [{"name": "independent", "preset": "independent"}]:
        base = presets.get(policy.get("preset"), {})
        levers = {}
        for lever, defaults in LEVER_DEFAULTS.items():
            merged = dict(defaults)
            merged.update(base.get(lever) or {})
            merged.update(policy.get(lever) or {})
            levers[lever] = merged
        out[policy["name"]] = levers
    return out


def active_levers(levers, baseline):
    """[(lever, {switch key: baseline value})] for the levers that act in this policy."""
    found = []
    for lever, defaults in LEVER_DEFAULTS.items():
        reset = {key: baseline[lever][key] for key in defaults if levers[lever][key] != baseline[lever][key]}
        if reset and lever == "sharing" and levers[lever].get("partners"):
            sys.exit("explain.py: a 'partners' sharing list cannot be switched off with --set")
        if reset:
            found.append((lever, reset))
    return found


# ----------------------------------------------------------------------------------
# Runs and statistics
# ----------------------------------------------------------------------------------

class Runner:
    def __init__(self, binary, scenario, trials, seed, threads, workdir):
        self.binary, self.scenario = binary, scenario
        self.trials, self.seed, self.threads = trials, seed, threads
        self.workdir = workdir
        self.count = 0

    def run(self, sets=(), policies=None):
        """Loss per trial of each policy run, {policy: array}, and each policy's attributes."""
        self.count += 1
        out = os.path.join(self.workdir, f"run{self.count:03d}.h5")
        command = [self.binary, "run", self.scenario, "-o", out, "--trials", str(self.trials),
                   "--seed", str(self.seed), "--threads", str(self.threads)]
        for s in sets:
            command += ["--set", s]
        if policies:
            command += ["--policy", ",".join(policies)]
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if done.returncode != 0:
            sys.exit(f"explain.py: {' '.join(shlex.quote(c) for c in command)} failed "
                     f"({done.returncode}):\n{done.stdout}")
        with h5py.File(out, "r") as f:
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["policies"].attrs["names"]]
            losses = {n: np.asarray(f[f"policies/{n}/trials/{METRIC}"][()], dtype=float) for n in names}
            attributes = {n: dict(f[f"policies/{n}"].attrs) for n in names}
        os.remove(out)
        return losses, attributes


def t_quantile(df):
    """The 0.975 quantile of Student's t with df degrees of freedom."""
    try:
        from scipy.stats import t
        return float(t.ppf(0.975, df))
    except ImportError:  # Cornish-Fisher expansion around the normal quantile
        z = 1.959963984540054
        return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)


def paired(a, b):
    """Mean of a - b over trials where both are finite, and its 95 % CI half-width."""
    d = a - b
    d = d[np.isfinite(d)]
    if d.size < 2:
        return float("nan"), float("nan")
    return float(np.mean(d)), t_quantile(d.size - 1) * float(np.std(d, ddof=1)) / math.sqrt(d.size)


def num(x, digits=2):
    if not math.isfinite(x):
        return "n/a"
    text = f"{x:.{digits}f}"
    if set(text) <= set("-0."):
        return text.lstrip("-")
    return text.replace("-", "\u2212")


def signed(x, digits=2):
    text = num(x, digits)
    return text if text.startswith("\u2212") or text == "n/a" else "+" + text


def interval(mean, half, digits=2):
    return f"{signed(mean, digits)} [{signed(mean - half, digits)}, {signed(mean + half, digits)}]"


def markdown(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ----------------------------------------------------------------------------------
# The tables
# ----------------------------------------------------------------------------------

def check_switched_off(attributes, lever, reset):
    """Where the results file records a lever's switch, it must read as reset."""
    for key, value in reset.items():
        name = SWITCH_ATTRIBUTES.get((lever, key))
        if name not in attributes:
            continue
        recorded = attributes[name]
        recorded = recorded.decode() if isinstance(recorded, bytes) else recorded
        if (bool(recorded) if isinstance(value, bool) else str(recorded)) != value:
            sys.exit(f"explain.py: {lever}.{key} was not switched off (the results file says {recorded!r})")


def ablation(runner, policies, base_losses):
    names = list(policies)
    baseline = names[0]
    rows = []
    for name in names[1:]:
        full = base_losses[name]
        rows.append([f"`{name}`", "none (the full policy)", num(float(np.mean(full))),
                     interval(*paired(full, base_losses[baseline])), "", "", ""])
        for lever, reset in active_levers(policies[name], policies[baseline]):
            sets = [f"policies.{name}.{lever}.{key}={fmt_value(value)}" for key, value in reset.items()]
            losses, attributes = runner.run(sets, [name])
            check_switched_off(attributes[name], lever, reset)
            ablated = losses[name]
            worse = float(np.mean(ablated > full)) * 100.0
            rows.append(["", LEVER_WORDS[lever], num(float(np.mean(ablated))),
                         interval(*paired(ablated, base_losses[baseline])), interval(*paired(ablated, full)),
                         f"{worse:.0f} %", "<br>".join(f"`{s}`" for s in sets)])
    header = ["policy", "lever switched off", "loss [service-h]", f"vs `{baseline}` [95 % CI]",
              "vs full policy [95 % CI]", "trials worse than full", "`--set`"]
    return markdown(header, rows)


def ranking(losses, names):
    """Best first; neighbours whose paired 95 % CI contains 0 are joined by '≈'."""
    order = sorted(names, key=lambda n: (float(np.mean(losses[n])), names.index(n)))
    text = f"`{order[0]}`"
    for better, worse in zip(order, order[1:]):
        diff, half = paired(losses[worse], losses[better])
        text += (" < " if diff - half > 0 else " ≈ ") + f"`{worse}`"
    return order, text


def strict_pairs(losses, names):
    """Pairs (a, b): a's loss is below b's with a paired 95 % CI that excludes 0."""
    pairs = set()
    for a in names:
        for b_ in names:
            if a != b_:
                diff, half = paired(losses[b_], losses[a])
                if diff - half > 0:
                    pairs.add((a, b_))
    return pairs


def sweep(runner, doc, names, base_losses, specs):
    """Rows of the sensitivity or screening table, and each parameter's largest effect."""
    header = (["parameter", "value"] + [f"`{n}`" for n in names]
              + ["ranking (least loss first)", "against the scenario's value"])
    base_order = sorted(names, key=lambda n: (float(np.mean(base_losses[n])), names.index(n)))
    base_strict = strict_pairs(base_losses, names)
    rows, effects = [], []
    for spec in specs:
        base_value = spec["base"](doc)
        means = []
        for k, value in enumerate(spec["values"]):
            is_base = value == base_value
            losses = base_losses if is_base else runner.run(spec["sets"](value, doc))[0]
            order, text = ranking(losses, names)
            flipped = sorted((a, b_) for a, b_ in strict_pairs(losses, names) if (b_, a) in base_strict)
            if is_base:
                note = "(the scenario's value)"
            elif flipped:
                note = "**flips:** " + "; ".join(f"`{a}` now below `{b_}`" for a, b_ in flipped)
            elif order != base_order:
                note = "order of means changes, within noise"
            else:
                note = "same order"
            means.append([float(np.mean(losses[n])) for n in names])
            rows.append([spec["label"] if k == 0 else "", fmt_value(value) + (" (scenario)" if is_base else "")]
                        + [num(m) for m in means[-1]] + [text, note])
        per_policy = np.ptp(np.array(means), axis=0)
        effects.append((spec["label"], float(per_policy.max()), names[int(per_policy.argmax())]))
    return markdown(header, rows), effects


def effects_line(effects):
    parts = [f"{label}: {effect:.1f} (`{policy}`)"
             for label, effect, policy in sorted(effects, key=lambda e: -e[1])]
    return ("Largest change of one policy's mean loss over each parameter's values, service-h: "
            + "; ".join(parts) + ".")


def replace_between(text, key, body):
    begin, end = markers(key)
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        sys.exit(f"explain.py: the README lacks the markers {begin} ... {end}")
    return text[:start + len(begin)] + "\n" + body + "\n" + text[stop:]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cyres", help="the cyres binary (default: build/release/cyres)")
    parser.add_argument("--scenario", default=DEFAULT_SCENARIO, help="scenario YAML file")
    parser.add_argument("--trials", type=int, default=300,
                        help="trials per policy and run (default 300: about 3 minutes on 2 cores)")
    parser.add_argument("--seed", type=int, help="seed (default: the scenario's)")
    parser.add_argument("--threads", type=int, default=2, help="threads per run (default 2)")
    parser.add_argument("--readme", help="Markdown file to write the tables into "
                                         "(default: README.md beside the scenario)")
    parser.add_argument("--workdir", help="folder for the temporary results files")
    args = parser.parse_args(argv)

    binary = find_binary(args.cyres)
    with open(args.scenario, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    with open(PRESETS, encoding="utf-8") as f:
        presets_doc = yaml.safe_load(f)
    seed = args.seed if args.seed is not None else int(doc.get("simulation", {}).get("seed", 1))
    readme = args.readme or os.path.join(os.path.dirname(os.path.abspath(args.scenario)), "README.md")
    policies = resolve_policies(doc, presets_doc)
    names = list(policies)

    with tempfile.TemporaryDirectory(dir=args.workdir) as work:
        runner = Runner(binary, args.scenario, args.trials, seed, args.threads, work)
        base_losses, _ = runner.run()
        bodies = {"ablation": ablation(runner, policies, base_losses)}
        bodies["sensitivity"], effects = sweep(runner, doc, names, base_losses, SENSITIVITY)
        bodies["sensitivity"] += "\n\n" + effects_line(effects)
        bodies["screening"], effects = sweep(runner, doc, names, base_losses, SCREENING)
        bodies["screening"] += "\n\n" + effects_line(effects)
        runs = runner.count

    stamp = (f"{args.trials} trials per policy and run, seed {seed}, common random numbers "
             f"({runs} runs of `cyres run`); regenerate with "
             f"`/usr/bin/python3 scripts/explain.py --trials {args.trials}`.")
    shown = os.path.relpath(os.path.abspath(args.scenario), REPO)
    if shown != os.path.relpath(DEFAULT_SCENARIO, REPO):
        stamp += f" Scenario: `{shown}`."
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    for key in TABLES:
        bodies[key] += "\n\n" + stamp
        text = replace_between(text, key, bodies[key])
    with open(readme, "w", encoding="utf-8") as f:
        f.write(text)
    print("\n\n".join(bodies[key] for key in TABLES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
