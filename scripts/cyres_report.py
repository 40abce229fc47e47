#!/usr/bin/python3
"""One self-contained HTML report of a cyres results file (`cyres report` runs this).

    python3 scripts/cyres_report.py results.h5 -o report.html [--iim iim.h5]

The file needs nothing else: figures are PNG images inlined as data: URLs,
styles are inline, there is no script and no link to anything outside it, so
it opens offline from a USB stick in any browser. Sections: the scenario, each
policy in a planner's words (from its levers), the comparison table with what
is statistically resolved, the figures, the model's caveats and the provenance.
"""

import argparse
import base64
import html
import io
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cyres_h5  # noqa: E402
import cyres_plot  # noqa: E402

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1150px; margin: 2em auto;
       padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #000;
     margin-top: 2em; } h3 { margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #e8e8e8; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.better { font-weight: bold; } .worse { font-weight: bold; text-decoration: underline; }
.note { color: #444; font-size: 0.9em; } figure { margin: 1.5em 0; }
figure img { max-width: 100%; border: 1px solid #ccc; } figcaption { font-size: 0.9em; }
code { background: #f2f2f2; padding: 0 0.2em; }
"""


def esc(value):
    return html.escape(str(value), quote=True)


def fmt_num(v, digits=3):
    if v is None or not np.isfinite(v):
        return "n/a"
    if v == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(v)))
    decimals = max(0, digits - 1 - magnitude)
    return f"{v:,.{min(decimals, 6)}f}"


def hours(steps, dt):
    return f"{steps * dt:g} h"


# --- policies in a planner's words ---------------------------------------------------------

def policy_sentences(levers, dt):
    """Plain sentences for the levers this version knows; others listed as they are."""
    used = {"name", "preset", "description"}
    out = []

    def get(key, default=None):
        used.add(key)
        return levers.get(key, default)

    mode = get("sharing.mode")
    delay = get("sharing.delay_steps", 0)
    boost = get("sharing.awareness_boost", 1.0)
    groups = get("sharing.partner_groups", []) or []
    if mode == "none":
        out.append("Organisations do not share what they detect; each learns of a campaign "
                   "only from its own detections.")
    elif mode == "partners":
        out.append(f"Detections are shared within partner groups ({'; '.join(groups) or 'none'}) "
                   f"after {hours(delay, dt)}; an aware organisation detects {boost:g}× faster.")
    elif mode == "all":
        out.append(f"Every organisation shares its detections with all others after "
                   f"{hours(delay, dt)}; an aware organisation detects {boost:g}× faster.")
    pooling = get("pooling.mode")
    reserve = get("pooling.reserve_teams", 0)
    mobilise = get("pooling.mobilisation_steps", 0)
    if pooling == "none":
        out.append("Each organisation's response teams work only on its own assets.")
    elif pooling == "mutual_aid":
        out.append(f"Organisations lend idle teams to each other beyond a reserve of {reserve}, "
                   f"arriving after {hours(mobilise, dt)}.")
    elif pooling == "pooled":
        out.append("All response teams serve one joint queue.")
    triage = get("triage.order")
    priority = get("triage.sector_priority", []) or []
    out.append({
        "fifo": "Incidents are handled first come, first served.",
        "criticality": "The most critical assets (people served) are handled first.",
        "impact": "Assets whose loss cascades furthest through dependencies are handled first.",
        "sector_priority": f"Incidents are handled by sector priority: {', '.join(priority)}.",
    }.get(triage, f"Triage order: {triage}."))
    if get("containment.isolate_on_detection", False):
        costs = get("containment.isolation_costs_service", False)
        out.append("A detected asset is isolated at once, which stops the attacker spreading"
                   + (" but takes it out of service until it is clean." if costs else "."))
    else:
        get("containment.isolation_costs_service")
        out.append("Detected assets stay connected while they wait for remediation.")
    if get("crisis.enabled", False):
        triggers = []
        n = get("crisis.incident_trigger", 0)
        q = get("crisis.service_trigger", 0.0)
        if n:
            triggers.append(f"{n} concurrent incidents")
        if q:
            triggers.append(f"service below {q:.0%}")
        out.append(f"A joint crisis cell activates on {' or '.join(triggers) or 'its trigger'} "
                   f"after {hours(get('crisis.activation_delay_steps', 0), dt)}: teams grow by "
                   f"{get('crisis.surge', 0.0):.0%} and everyone shares everything at once.")
    else:
        for k in ("incident_trigger", "service_trigger", "activation_delay_steps", "surge"):
            get("crisis." + k)
        out.append("There is no joint crisis mechanism.")
    budget = get("prevention.hardening_budget", 0)
    choice = get("prevention.hardening_choice", "")
    factor = get("prevention.hardening_factor", 1.0)
    if budget:
        out.append(f"Before the incident, {budget} assets chosen by {choice} are hardened "
                   f"(vulnerability ×{factor:g}).")
    raised = get("prevention.capability_raised_orgs", 0)
    level = get("prevention.capability_raised_to", 0.0)
    if raised:
        out.append(f"Capacity building raises the {raised} least capable organisations' "
                   f"detection to at least {level:g}×.")
    other = {k: v for k, v in levers.items() if k not in used}
    if other:
        out.append("Other settings: " + "; ".join(f"{k} = {v}" for k, v in sorted(other.items()))
                   + ".")
    return out


# --- sections ------------------------------------------------------------------------------

def scenario_section(r):
    sc = r.scenario()
    parts = [f"<h2>Scenario</h2><p><b>{esc(sc.get('name', r.scenario_name))}</b>: "
             f"{esc(sc.get('description', ''))}</p>"]
    sectors = sc.get("sectors", [])
    weights = sc.get("sector_weights", [])
    asset_sector = np.asarray(sc.get("asset_sector", []))
    crit = np.asarray(sc.get("asset_criticality", []), dtype=float)
    parts.append(f"<p>{len(sc.get('asset_ids', []))} assets in {len(sectors)} sectors, "
                 f"{len(sc.get('organisations', []))} responder organisations "
                 f"({esc(', '.join(sc.get('organisations', [])))}); horizon "
                 f"{r.horizon_hours:g} h; {r.attrs.get('trials')} trials per policy on common "
                 f"random numbers.</p>")
    rows = "".join(
        f"<tr><td>{esc(s)}</td><td class='num'>{w:.3f}</td>"
        f"<td class='num'>{int((asset_sector == i).sum())}</td>"
        f"<td class='num'>{fmt_num(crit[asset_sector == i].sum())}</td></tr>"
        for i, (s, w) in enumerate(zip(sectors, weights)))
    parts.append("<table><tr><th>sector</th><th>weight W_s</th><th>assets</th>"
                 f"<th>criticality (people served)</th></tr>{rows}</table>")
    campaigns = _campaigns(sc.get("text", ""))
    if campaigns:
        dt = float(r.attrs.get("dt_hours", 1.0))
        rows = []
        for c in campaigns:
            entry = c.get("entry", {}) or {}
            if "assets" in entry:
                where = "at " + ", ".join(map(str, entry["assets"]))
            elif "random" in entry:
                n = entry["random"]
                where = (f"{n} random asset{'' if n == 1 else 's'} in "
                         f"{entry.get('sector', 'any sector')}")
            else:
                where = ", ".join(f"{k} {v}" for k, v in entry.items())
            rows.append(f"<tr><td>{esc(c.get('name', ''))}</td>"
                        f"<td class='num'>{hours(float(c.get('start', 0)), dt)}</td>"
                        f"<td>{esc(where)}</td><td class='num'>{esc(c.get('intensity', 1))}</td>"
                        f"<td class='num'>{hours(float(c.get('dwell', 0)), dt)}</td>"
                        f"<td class='num'>{esc(c.get('payload_probability', 0))}</td></tr>")
        parts.append("<h3>Campaigns</h3><table><tr><th>campaign</th><th>starts</th>"
                     "<th>enters</th><th>intensity</th><th>quiet for</th>"
                     "<th>payload probability per step</th></tr>" + "".join(rows) + "</table>")
    return "".join(parts)


def _campaigns(text):
    try:
        import yaml  # Debian's python3-yaml; the list is left out without it
    except ImportError:
        return []
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return []
    campaigns = doc.get("campaigns", []) if isinstance(doc, dict) else []
    return [c for c in campaigns if isinstance(c, dict)]


def policies_section(r):
    dt = float(r.attrs.get("dt_hours", 1.0))
    parts = ["<h2>Policies</h2>"]
    for policy in r.policies:
        levers = r.policy_levers(policy)
        title = esc(policy) + (" (baseline)" if policy == r.baseline else "")
        desc = levers.get("description", "")
        preset = levers.get("preset", "")
        parts.append(f"<h3>{title}</h3>")
        if desc:
            parts.append(f"<p>{esc(desc)}</p>")
        if preset and preset != policy:
            parts.append(f"<p class='note'>Extends the preset <code>{esc(preset)}</code>.</p>")
        parts.append("<ul>" + "".join(f"<li>{esc(s)}</li>" for s in policy_sentences(levers, dt))
                     + "</ul>")
    return "".join(parts)


def verdict(entry, p, base):
    if p == base:
        return "baseline", ""
    lo, hi = entry["paired_ci_low"][p], entry["paired_ci_high"][p]
    better = entry["attrs"].get("better", "neither")
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return "undefined", ""
    if lo <= 0.0 <= hi:
        return "not resolved: the 95 % CI of the difference includes 0", ""
    lower = hi < 0.0
    if better == "neither":
        return f"resolved: {'lower' if lower else 'higher'} than the baseline", ""
    good = lower == (better == "lower")
    return (f"resolved: {'better' if good else 'worse'} than the baseline",
            "better" if good else "worse")


def time_to_event_table(m, entry, policies, base):
    """A time to an event is censored at the horizon: Kaplan-Meier summaries and the
    paired difference of the event flag, never a mean (docs/model.md)."""
    event = entry["attrs"]["event"]

    def t(x):
        return fmt_num(x) if np.isfinite(x) else "not reached"

    rows = []
    for p, policy in enumerate(policies):
        diff = ("—" if p == base else
                f"{entry['paired_event_difference'][p]:+.1%} "
                f"[{entry['paired_event_ci_low'][p]:+.1%}, {entry['paired_event_ci_high'][p]:+.1%}]")
        rows.append(
            f"<tr><td>{esc(policy)}</td><td class='num'>{entry['timed'][p]}</td>"
            f"<td class='num'>{entry['event_share'][p]:.1%}</td>"
            f"<td class='num'>{t(entry['median'][p])} [{t(entry['median_ci_low'][p])}, "
            f"{t(entry['median_ci_high'][p])}]</td>"
            f"<td class='num'>{t(entry['p90'][p])}</td><td class='num'>{diff}</td></tr>")
    units = "" if m.units in ("", "1") else f" [{m.units}]"
    return (f"<h3>{esc(m.name)}{esc(units)}</h3><p class='note'>{esc(m.description)}. "
            f"Censored at the horizon, so summarised by Kaplan–Meier over the timed trials "
            f"(where the clock started), never averaged.</p><table><tr><th>policy</th>"
            f"<th>timed</th><th>{esc(event)}</th><th>median [95 % CI]</th><th>p90</th>"
            f"<th>{esc(event)}: difference, paired [95 % CI]</th></tr>"
            + "".join(rows) + "</table>")


def comparison_section(r):
    comp = r.comparison()
    if comp is None:
        return "<h2>Comparison</h2><p>This file holds no comparison.</p>"
    policies = r.policies
    base = policies.index(r.baseline) if r.baseline in policies else 0
    level = comp["_attrs"].get("confidence_level", 0.95)
    parts = [f"<h2>Comparison against {esc(r.baseline)}</h2>"
             f"<p>Means with {level:.0%} confidence intervals; differences are policy − baseline, "
             f"paired by trial (every policy ran on the same random numbers), with their "
             f"{level:.0%} CI. A difference is <i>resolved</i> when its CI excludes 0. "
             f"CVaR95 is the mean of the worst 5 % of trials.</p>"]
    for m in r.metrics():
        if m.name not in comp or m.shape:
            continue
        entry = comp[m.name]
        if "event" in entry["attrs"]:
            parts.append(time_to_event_table(m, entry, policies, base))
            continue
        if not np.isfinite(entry["mean"]).any():
            parts.append(f"<p class='note'>{esc(m.name)}: undefined in every trial "
                         f"({esc(m.description)}).</p>")
            continue
        better = entry["attrs"].get("better", "")
        units = "" if m.units in ("", "1") else f" [{m.units}]"
        rows = []
        for p, policy in enumerate(policies):
            text, cls = verdict(entry, p, base)
            diff = ("—" if p == base else
                    f"{fmt_num(entry['paired_difference'][p])} "
                    f"[{fmt_num(entry['paired_ci_low'][p])}, {fmt_num(entry['paired_ci_high'][p])}]")
            share = entry.get("share_better", np.full(len(policies), np.nan))[p]
            rows.append(
                f"<tr><td>{esc(policy)}</td><td class='num'>{fmt_num(entry['mean'][p])} "
                f"[{fmt_num(entry['ci_low'][p])}, {fmt_num(entry['ci_high'][p])}]</td>"
                f"<td class='num'>{diff}</td>"
                f"<td class='{cls}'>{esc(text)}</td>"
                f"<td class='num'>{'—' if p == base or not np.isfinite(share) else f'{share:.0%}'}"
                f"</td><td class='num'>{fmt_num(entry['cvar95'][p])}</td></tr>")
        parts.append(f"<h3>{esc(m.name)}{esc(units)}</h3><p class='note'>{esc(m.description)}"
                     + (f"; {esc(better)} is better" if better in ("lower", "higher") else "")
                     + "</p><table><tr><th>policy</th><th>mean [95 % CI]</th>"
                     "<th>difference [95 % CI]</th><th>statistically</th>"
                     "<th>better in (share of trials)</th><th>CVaR95</th></tr>"
                     + "".join(rows) + "</table>")
    if "_catastrophic_probability" in comp:
        c = comp["_attrs"].get("catastrophic_service", float("nan"))
        rows = "".join(
            f"<tr><td>{esc(p)}</td><td class='num'>{comp['_catastrophic_probability'][i]:.1%}"
            f" [{comp['_catastrophic_ci_low'][i]:.1%}, {comp['_catastrophic_ci_high'][i]:.1%}]"
            f"</td></tr>" for i, p in enumerate(policies))
        parts.append(f"<h3>Probability of a catastrophic outcome (minimum service below "
                     f"{c:.0%})</h3><table><tr><th>policy</th><th>probability [95 % "
                     f"Clopper–Pearson CI]</th></tr>{rows}</table>")
    return "".join(parts)


def figure_html(fig, caption, alt):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    cyres_plot.plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{esc(alt)}'>"
            f"<figcaption>{esc(caption)}</figcaption></figure>")


def figures_section(r, iim):
    parts = ["<h2>Figures</h2>"]
    skipped = []
    for kind, (function, _) in cyres_plot.KINDS.items():
        try:
            fig = cyres_plot.draw(r, kind, iim)
        except cyres_plot.MissingData as why:
            skipped.append(f"{kind}: {why}")
            continue
        doc = " ".join(function.__doc__.split())
        parts.append(f"<h3>{esc(kind.replace('_', ' '))}</h3>" + figure_html(fig, doc, kind))
    if skipped:
        parts.append("<p class='note'>Not drawn for lack of data: "
                     + "; ".join(esc(s) for s in skipped) + ".</p>")
    return "".join(parts)


def iim_section(r, iim):
    data = iim.iim() if iim is not None else r.iim()
    if data is None:
        return ""
    if iim is not None and iim.scenario_hash != r.scenario_hash:
        return ("<h2>Sector-level inoperability model</h2><p>Left out: the IIM file is of "
                f"another scenario (hash {esc(iim.scenario_hash)}, results "
                f"{esc(r.scenario_hash)}).</p>")
    a = data["attrs"]
    rows = "".join(
        f"<tr><td>{esc(s)}</td><td class='num'>{fmt_num(c)}</td><td class='num'>{fmt_num(q)}"
        f"{' (capped at 1)' if qu > 1 else ''}</td><td class='num'>{fmt_num(t.max())}</td></tr>"
        for s, c, q, qu, t in zip(data["sector"], data["c_star"], data["q"], data["q_uncapped"],
                                  data["trajectory"].T))
    return ("<h2>Sector-level inoperability model</h2>"
            f"<p>A linear input-output estimate beside the simulation (docs/analysis.md). "
            f"Spectral radius of the sector coupling A*: "
            f"{a.get('dependency_spectral_radius', float('nan')):.3f} (below 1: a disruption "
            f"settles; the closer to 1, the more it is amplified). Spectral radius of the attack "
            f"operator: {a.get('attack_spectral_radius', float('nan')):.3g} per step.</p>"
            "<table><tr><th>sector</th><th>direct impact c*</th><th>equilibrium inoperability "
            f"q</th><th>DIIM peak</th></tr>{rows}</table>")


def caveats_section(r):
    items = [
        "The scenario is fictitious and the model is a simplification: read the numbers as a "
        "comparison of policies under stated assumptions, not as a forecast.",
        "Confidence intervals cover Monte Carlo sampling only, not uncertainty in the "
        "scenario's parameters; a resolved difference can still change sign under other "
        "parameters.",
        "A difference that is not resolved may be zero or may need more trials; it is not "
        "evidence that the policies are equal.",
        "Service is weighted by criticality (people served) and by the sector weights, which "
        "are value judgements of the scenario.",
    ]
    horizon = r.horizon_hours
    for policy in r.policies:
        t = r.trials(policy).get("time_to_recover")
        if t is None:
            continue
        try:
            _, events = cyres_plot.recovery_events(r, policy)
        except cyres_plot.MissingData:
            continue
        share = 1.0 - events.mean() if events.size else float("nan")
        if share > 0:
            items.append(f"{policy}: {share:.0%} of trials had not recovered by the horizon "
                         f"({horizon:g} h); their time to recover is censored, so it is summarised "
                         f"by Kaplan–Meier, not by a mean (the survival figure shows the "
                         f"censoring).")
    items.append("The inoperability model (if shown) is linear and static in its coupling: it "
                  "ignores thresholds, buffers, manual restoration and lateral movement; it is "
                  "an order-of-magnitude check, not a second simulation.")
    return "<h2>Caveats</h2><ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def provenance_section(r, iim):
    a = r.attrs
    keys = ["format", "format_version", "tool_version", "git_revision", "seed", "trials",
            "trials_requested", "target_relative_ci", "horizon_steps", "dt_hours",
            "scenario_name", "scenario_hash", "command_line", "start_time", "end_time",
            "wall_seconds"]
    rows = "".join(f"<tr><th>{esc(k)}</th><td><code>{esc(a[k])}</code></td></tr>"
                   for k in keys if k in a)
    extra = ""
    if iim is not None:
        extra = (f"<p>IIM file: {esc(os.path.basename(iim.path))}, command "
                 f"<code>{esc(iim.attrs.get('command_line', ''))}</code>, scenario hash "
                 f"<code>{esc(iim.scenario_hash)}</code>.</p>")
    return (f"<h2>Provenance</h2><p>Results file: {esc(os.path.basename(r.path))}.</p>"
            f"<table>{rows}</table>{extra}")


def build(r, iim=None):
    """The whole report as one HTML string."""
    title = f"cyres report: {r.scenario_name}"
    body = "".join([
        f"<h1>{esc(title)}</h1><p class='note'>Which joint-response policy loses least "
        f"service, and how sure can we be? {esc(r.attrs.get('trials'))} simulated trials per "
        f"policy, compared trial by trial against <b>{esc(r.baseline)}</b>.</p>",
        scenario_section(r), policies_section(r), comparison_section(r),
        figures_section(r, iim), iim_section(r, iim), caveats_section(r),
        provenance_section(r, iim)])
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'\">"
            f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>{body}</body></html>\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Self-contained HTML report of a results file")
    parser.add_argument("file")
    parser.add_argument("-o", "--output", default="report.html")
    parser.add_argument("--iim", help="IIM file written by `cyres iim -o`")
    args = parser.parse_args(argv)
    try:
        r = cyres_h5.open_file(args.file)
        iim = cyres_h5.open_file(args.iim) if args.iim else None
    except cyres_h5.FormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if not r.is_results:
        print(f"error: {args.file} is a {r.format} file; the report needs a results file "
              f"(`cyres run -o`)", file=sys.stderr)
        return 2
    text = build(r, iim)
    # Complete at its name or not at all, as cyres's own outputs (docs/reliability.md).
    try:
        cyres_plot.write_complete(args.output, lambda out: out.write(text), mode="w")
    except OSError as error:
        print(f"error: cannot write '{args.output}': {error.strerror}", file=sys.stderr)
        return 3
    print(f"report written to {args.output} ({len(text) / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
