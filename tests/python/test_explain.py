#!/usr/bin/python3
"""scripts/explain.py on the default scenario: the tables' shape and consistency.

Usage (ctest): /usr/bin/python3 test_explain.py <cyres-binary> <workdir>

Copies data/scenarios/varnia/README.md into <workdir>, runs explain.py with a tiny
trial count into that copy, and checks that
- only the text between the marker comments changed;
- the ablation table has one row for each full policy and one for each lever that
  policy switches on in the default scenario (listed below), each with a loss and
  paired 95 % intervals that contain their mean;
- the sensitivity table has 3 to 5 parameters, at least 3 values each, exactly one
  row at the scenario's own value per parameter, every policy's mean loss, and a
  ranking that names every policy once in order of the means; the screening table
  has a low and a high value per parameter;
- the loss at the scenario's own values is the same number in the ablation and the
  sensitivity tables (one run, common random numbers).
Every failure is reported; the exit code is 1 if there was any.
"""

import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
SCRIPT = os.path.join(REPO, "scripts", "explain.py")
README = os.path.join(REPO, "data", "scenarios", "varnia", "README.md")
TRIALS = 10
POLICIES = ["independent", "shared-awareness", "mutual-assistance", "joint-crisis-cell"]
# The levers each policy switches on in the default scenario (scenario.yaml over the presets).
LEVERS = {
    "shared-awareness": ["information sharing"],
    "mutual-assistance": ["information sharing", "requests for assistance", "triage order"],
    "joint-crisis-cell": ["information sharing", "requests for assistance", "triage order",
                          "isolation on detection", "crisis mode"],
}
TABLES = ("ablation", "sensitivity", "screening")
BEGIN = {key: f"<!-- explain.py: {key} table begin -->" for key in TABLES}
END = {key: f"<!-- explain.py: {key} table end -->" for key in TABLES}

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def number(cell):
    return float(cell.replace("\u2212", "-").replace("+", ""))


def interval(cell):
    """'+0.12 [-0.03, +0.27]' -> (0.12, -0.03, 0.27)."""
    m = re.fullmatch(r"(\S+) \[(\S+), (\S+)\]", cell)
    if not m:
        return None
    return tuple(number(x) for x in m.groups())


def section(text, key):
    start, stop = text.find(BEGIN[key]), text.find(END[key])
    if start < 0 or stop < start:
        return None
    return text[start + len(BEGIN[key]):stop]


def table(body):
    """The first Markdown table in `body`: header cells and rows of cells."""
    lines = [line for line in body.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    return cells[0], cells[2:]


def outside(text):
    for key in BEGIN:
        start, stop = text.find(BEGIN[key]), text.find(END[key])
        text = text[:start] + text[stop:]
    return text


def run(binary, workdir, readme):
    done = subprocess.run([sys.executable, SCRIPT, "--cyres", binary, "--trials", str(TRIALS),
                           "--threads", "2", "--readme", readme, "--workdir", workdir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    check(done.returncode == 0, f"explain.py exited with {done.returncode}:\n{done.stdout}")
    with open(readme, encoding="utf-8") as f:
        return f.read()


def check_ablation(text):
    header, rows = table(section(text, "ablation"))
    check(len(header) == 7, f"ablation header has {len(header)} columns: {header}")
    expected = []
    for policy in POLICIES[1:]:
        expected.append((f"`{policy}`", "none (the full policy)"))
        expected += [("", lever) for lever in LEVERS[policy]]
    got = [(row[0], row[1]) for row in rows]
    check(got == expected, f"ablation rows {got}, expected {expected}")
    full = {}
    policy = None
    for row in rows:
        check(len(row) == 7, f"ablation row has {len(row)} cells: {row}")
        if len(row) != 7:
            continue
        policy = row[0].strip("`") or policy
        loss = number(row[2])
        check(loss >= 0, f"negative loss in {row}")
        columns = [3] if row[1].startswith("none") else [3, 4]
        for c in columns:
            ci = interval(row[c])
            check(ci is not None and ci[1] <= ci[0] <= ci[2], f"bad interval '{row[c]}' in {row}")
        if row[1].startswith("none"):
            full[policy] = loss
            check(row[4] == row[5] == row[6] == "", f"full-policy row has lever cells: {row}")
        else:
            check(re.fullmatch(r"\d+ %", row[5]) is not None, f"bad share '{row[5]}' in {row}")
            check(f"policies.{policy}." in row[6], f"--set of {row} does not name policy {policy}")
    return full


def check_sweep(text, key, full):
    """Checks every row of the sensitivity or screening table; returns the values shown per
    parameter and the number of rows at the scenario's own value per parameter."""
    header, rows = table(section(text, key))
    check(header[2:6] == [f"`{p}`" for p in POLICIES], f"{key} header {header}")
    scenario_rows = {}
    current = None
    for row in rows:
        check(len(row) == len(header), f"{key} row has {len(row)} cells: {row}")
        if len(row) != len(header):
            continue
        current = row[0] or current
        if row[1].endswith("(scenario)"):
            scenario_rows[current] = scenario_rows.get(current, 0) + 1
            for k, policy in enumerate(POLICIES[1:], 3):
                check(abs(number(row[k]) - full[policy]) < 1e-9,
                      f"{current}: {policy} {row[k]} at the scenario's value, ablation says {full[policy]}")
        for cell in row[2:6]:
            check(number(cell) >= 0, f"negative loss in {row}")
        named = re.findall(r"`([^`]+)`", row[6])
        check(sorted(named) == sorted(POLICIES), f"ranking '{row[6]}' does not name each policy once")
        means = [number(row[2 + POLICIES.index(p)]) for p in named]
        check(means == sorted(means), f"ranking '{row[6]}' is not in order of the means {means}")
    values = {}
    current = None
    for row in rows:
        current = row[0] or current
        values.setdefault(current, []).append(row[1])
    return values, scenario_rows


def check_sensitivity(text, full):
    values, scenario_rows = check_sweep(text, "sensitivity", full)
    check(3 <= len(values) <= 5, f"{len(values)} parameters swept: {list(values)}")
    check(all(len(v) >= 3 for v in values.values()), f"fewer than 3 values in a sweep: {values}")
    check(all(scenario_rows.get(p) == 1 for p in values),
          f"rows at the scenario's value per parameter: {scenario_rows}")
    values, scenario_rows = check_sweep(text, "screening", full)
    check(len(values) >= 1 and all(len(v) == 2 for v in values.values()),
          f"screening is not a low and a high value per parameter: {values}")
    check(not scenario_rows, f"screening rows at the scenario's value: {scenario_rows}")


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    readme = os.path.join(workdir, "README.md")
    shutil.copyfile(README, readme)
    with open(README, encoding="utf-8") as f:
        original = f.read()
    text = run(binary, workdir, readme)
    check(outside(text) == outside(original), "explain.py changed the README outside its markers")
    if any(section(text, key) is None for key in TABLES):
        check(False, "markers missing after the run")
    else:
        full = check_ablation(text)
        if len(full) == len(POLICIES) - 1:
            check_sensitivity(text, full)
    print(f"explain.py tables: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
