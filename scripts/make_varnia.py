#!/usr/bin/python3
"""Generate the asset and link tables of the default scenario `varnia`.

    /usr/bin/python3 scripts/make_varnia.py [--out DIR]

writes DIR/assets.csv and DIR/links.csv (DIR defaults to data/scenarios/varnia
beside this script's repository). Standard library only; one fixed seed, no
iteration over hashed containers, fixed number formatting: rerunning gives
identical bytes. The scenario is fictitious. Which public figure each value
follows is written in data/scenarios/varnia/README.md; the constants below
carry the same names as the README's table.

Units: durations in steps of 1 h; probabilities per step; criticality in
thousands of people served (defence: a relative operational weight).
"""

import argparse
import csv
import io
import os
import random

SEED = 20240521  # fixed: the tables are data, not a random draw per run

# --- Regions: population in thousands ------------------------------------------------
REGIONS = [  # code, name, population [thousand people]
    ("cap", "Varn Capital", 1400),
    ("kes", "Kessa Coast", 800),
    ("ost", "Ostmark", 600),
    ("sud", "Sudland", 400),
]
POP = {code: pop for code, _, pop in REGIONS}
REGION_NAME = {code: name for code, name, _ in REGIONS}
TOTAL_POP = sum(POP.values())

# --- Detection: per-step probability from a median dwell time ------------------------
def per_step(median_hours):
    """Per-step probability whose geometric waiting time has this median [h]."""
    return 1.0 - 2.0 ** (-1.0 / median_hours)


DWELL_DAYS = {  # median intrusion -> detection [days] by monitoring tier
    "soc": 9,      # SOC-monitored IT: M-Trends 2023, internal detection 9 d
    "it": 14,      # ordinary IT and OT control rooms: M-Trends 2025 global median 14 d
    "field": 25,   # field OT with little visibility: M-Trends 2025 external notification 25 d
    "mil": 5,      # defence networks: no public anchor (sweepable), "detect faster"
}
DETECTION = {tier: per_step(24.0 * days) for tier, days in DWELL_DAYS.items()}

# --- Lateral movement probabilities per step (before nu_v and intensity) -------------
P_MSP = 0.008       # managed-service provider remote tools -> customer IT
P_MSP_BACK = 0.005  # customer IT -> MSP (shared credentials)
P_VENDOR = 0.02     # OT vendor remote-maintenance portal -> control rooms
P_IT_OT = 0.03      # corporate IT -> OT control room of the same operator
P_OT_FIELD = 0.003  # control room -> field device (substation, pumping station)
P_ESTATE = 0.01     # within one IT estate (hub -> member)
P_ESTATE_BACK = 0.005
P_HUB = 0.002       # shared sector network hub (government network) -> member and back
P_PEER = 0.004      # between organisations on a shared network (hosting, payments)
P_CELL = 0.004      # aggregation node -> cell site management
P_MIL = 0.0025      # within accredited, segmented defence networks
P_SATCOM = 0.05     # teleport -> terminal fleet management push (AcidRain, Viasat 2022)

# Vulnerability nu by kind of asset
NU_IT, NU_CC, NU_FIELD, NU_MIL, NU_HARD = 0.6, 0.45, 0.2, 0.3, 0.15

# --- Buffers [steps] ------------------------------------------------------------------
CELL_BUFFERS = [(0, 0.4), (2, 0.35), (4, 0.25)]  # ~30 min (<1 step) / 2 h urban / 4 h rural
DATA_CENTRE_BUFFER = 12   # Uptime: >= 12 h fuel on site
WATER_BUFFER = 72         # AWWA: 72 h without power
PUMP_BUFFER = 48          # elevated storage; no public anchor
HOSPITAL_BUFFERS = [(24, 0.21), (48, 0.3), (96, 0.29), (168, 0.2)]  # DKI 2022 survey; 96 h Joint Commission
CORE_BUFFER = 24          # central offices: proposed (never adopted) US 24 h rule, weak
AGG_BUFFER = 8            # street cabinets / aggregation: proposed US 8 h rule, weak
CONTROL_ROOM_BUFFER = 24  # generator at a control room; no public anchor

# --- Manual restoration m_i [steps] ------------------------------------------------------
# Energy assets leave the cell empty and take simulation.manual_restoration (5 steps,
# Ukraine 2015), so that one --set sweeps the grid's manual restoration alone.
M_CELL = 24      # mobile generators / temporary backhaul; no public anchor
M_WATER = 12
M_CLINIC = 8     # paper-based working
M_RAIL = 4       # signalling by written order
M_PORT = 24      # Maersk 2017: ~80 % of volume handled manually while IT was rebuilt
M_GOV = 24
M_NEVER = "never"  # cash machines and card payments cannot run by hand
M_OTHER = 12     # any other non-energy site: portable generators, work-arounds; no public anchor


class Builder:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.assets = []        # list of dicts, table order
        self.index = {}         # id -> dict
        self.links = {}         # (u, v) -> [p or None, w or None]; insertion order kept

    def asset(self, aid, sector, org, name, region, crit, nu, det, buffer=0,
              threshold=1.0, restore=0, manual=""):
        assert aid not in self.index, aid
        if manual == "" and sector != "energy":
            manual = M_OTHER
        row = dict(id=aid, sector=sector, organisation=org, name=name,
                   region=REGION_NAME.get(region, region), criticality=crit,
                   vulnerability=nu, detection=det, buffer=buffer, threshold=threshold,
                   restore=restore, manual_restoration=manual)
        self.assets.append(row)
        self.index[aid] = row
        return aid

    def net(self, u, v, p):
        assert u != v and u in self.index and v in self.index, (u, v)
        entry = self.links.setdefault((u, v), [None, None])
        entry[0] = p if entry[0] is None else max(entry[0], p)

    def net2(self, u, v, p_out, p_back):
        self.net(u, v, p_out)
        self.net(v, u, p_back)

    def dep(self, u, v, w=1.0):
        """v needs u's service with weight w."""
        assert u != v and u in self.index and v in self.index, (u, v)
        entry = self.links.setdefault((u, v), [None, None])
        entry[1] = w if entry[1] is None else entry[1] + w

    def pick(self, items, k=1):
        return self.rng.sample(items, k) if k > 1 else [self.rng.choice(items)]

    def weighted(self, table):
        x = self.rng.random()
        for value, share in table:
            x -= share
            if x < 0:
                return value
        return table[-1][0]


def fmt(x):
    if isinstance(x, str):
        return x
    if isinstance(x, int):
        return str(x)
    if x == int(x) and abs(x) < 1e9:
        return str(int(x))
    s = f"{x:.4g}"
    assert "e" not in s, x
    return s


def build():
    b = Builder(SEED)
    soc, it, field, mil = (DETECTION[k] for k in ("soc", "it", "field", "mil"))
    csirt, eu, nato, mod, hisac = "varnia-csirt", "eu-cert", "nato-ncirc", "mod-cyber", "health-isac"
    R = [code for code, _, _ in REGIONS]

    # The managed-service provider that runs IT operations for many small operators:
    # the way in for wave 1 (listed with telecoms, the closest of the nine sectors).
    msp = b.asset("msp-nordlink", "telecoms", csirt, "Nordlink managed-service provider NOC", "cap", 1,
                  NU_IT, soc, buffer=4, restore=24)

    # ================= ENERGY =========================================================
    # Generation and interconnectors feed transmission substations; each region's
    # distribution operator (DSO) runs a SCADA control room over its distribution
    # substations, which feed the feeders that serve people.
    gens = []
    for k, (reg, kind) in enumerate([("kes", "thermal"), ("kes", "thermal"), ("sud", "hydro"),
                                     ("sud", "hydro"), ("ost", "wind"), ("cap", "chp")], 1):
        gens.append(b.asset(f"en-gen-{k}", "energy", csirt, f"{kind} plant {k}", reg,
                            round(0.1 * TOTAL_POP / 6, 1), NU_FIELD, it, restore=6))
    ics = [b.asset("en-ic-1", "energy", eu, "interconnector substation (north link)", "kes",
                   round(0.1 * TOTAL_POP / 6, 1), NU_HARD, it, restore=6),
           b.asset("en-ic-2", "energy", eu, "interconnector substation (east link)", "ost",
                   round(0.1 * TOTAL_POP / 6, 1), NU_HARD, it, restore=6)]
    sources = gens + ics
    tso_it = b.asset("en-tso-it", "energy", csirt, "TSO corporate IT", "cap", 1, NU_IT, soc, restore=24)
    tso_cc = b.asset("en-tso-cc", "energy", csirt, "TSO national control centre", "cap",
                     round(0.05 * TOTAL_POP), NU_CC, soc, buffer=CONTROL_ROOM_BUFFER,
                     threshold=0.6, restore=12)
    vendor = b.asset("en-vendor-ra", "energy", csirt, "grid automation vendor remote-maintenance portal",
                     "cap", 0.5, NU_IT, it, restore=24)
    ts_count = {"cap": 5, "kes": 4, "ost": 4, "sud": 3}
    ds_count = {"cap": 28, "kes": 20, "ost": 16, "sud": 16}
    ts, ds, feeders, dso_cc, dso_it = {}, {}, {}, {}, {}
    for reg in R:
        reach = POP[reg] / ts_count[reg]
        ts[reg] = [b.asset(f"en-ts-{reg}-{k:02d}", "energy", csirt, f"transmission substation {k}", reg,
                           round(0.1 * reach, 1), NU_FIELD, field, threshold=0.5, restore=4)
                   for k in range(1, ts_count[reg] + 1)]
        dso_it[reg] = b.asset(f"en-dso-{reg}-it", "energy", csirt, "DSO corporate IT", reg, 1, NU_IT, it,
                              restore=24)
        dso_cc[reg] = b.asset(f"en-dso-{reg}-cc", "energy", csirt, "DSO SCADA control room", reg,
                              round(0.1 * POP[reg]), NU_CC, it, buffer=CONTROL_ROOM_BUFFER,
                              threshold=0.6, restore=12)
        ds[reg], feeders[reg] = [], []
        n_feed = [b.rng.randint(2, 4) for _ in range(ds_count[reg])]
        per_feeder = POP[reg] / sum(n_feed)
        for k in range(1, ds_count[reg] + 1):
            sid = b.asset(f"en-ds-{reg}-{k:02d}", "energy", csirt, f"distribution substation {k}", reg,
                          round(0.1 * per_feeder * n_feed[k - 1], 2), NU_FIELD, field,
                          threshold=0.7, restore=1)
            ds[reg].append(sid)
            for j in range(1, n_feed[k - 1] + 1):
                fid = b.asset(f"en-fd-{reg}-{k:02d}-{j}", "energy", csirt, f"feeder {k}.{j}", reg,
                              round(per_feeder, 2), 0.0, field, restore=1, manual=6)
                feeders[reg].append(fid)
                b.dep(sid, fid, 1.0)
    # transmission: each substation fed from two bulk sources (1 + 1) and dispatched
    # by the TSO control centre (1); theta 0.5 of 3: it rides through the loss of the
    # control centre or of one source, not of both.
    for reg in R:
        for t in ts[reg]:
            for src in b.pick(sources, 2):
                b.dep(src, t, 1.0)
            b.dep(tso_cc, t, 1.0)
            b.net(tso_cc, t, P_OT_FIELD)
    for src in sources:
        b.net(tso_cc, src, P_OT_FIELD)
    # distribution: power from one or two transmission substations (weight 1 each) and
    # SCADA control from the DSO room (weight 2.5 dual-fed / 1 single-fed); theta 0.7:
    # losing one of two feeds is tolerated, losing control trips the substation until
    # crews take over by hand (Ukraine 2015).
    for reg in R:
        for k, sid in enumerate(ds[reg]):
            dual = k % 2 == 0
            for t in b.pick(ts[reg], 2 if dual else 1):
                b.dep(t, sid, 1.0)
            b.dep(dso_cc[reg], sid, 2.5 if dual else 1.0)
            b.net(dso_cc[reg], sid, P_OT_FIELD)
        b.net2(dso_it[reg], dso_cc[reg], P_IT_OT, P_ESTATE_BACK)
        if reg in ("kes", "sud"):   # the two smaller DSOs outsource IT operations
            b.net2(msp, dso_it[reg], P_MSP, P_MSP_BACK)
        b.net2(vendor, dso_cc[reg], P_VENDOR, P_MSP_BACK)
    b.net2(tso_it, tso_cc, P_IT_OT, P_ESTATE_BACK)
    b.net2(vendor, tso_cc, P_VENDOR, P_MSP_BACK)

    def feeder(reg):
        return b.rng.choice(feeders[reg])

    def two_feeders(reg):
        first = b.rng.choice(feeders[reg])
        while True:
            second = b.rng.choice(feeders[reg])
            if second.rsplit("-", 1)[0] != first.rsplit("-", 1)[0]:
                return [first, second]

    # ================= TELECOMS =======================================================
    tc_it = {op: b.asset(f"tc-{op}-it", "telecoms", csirt, f"{name} corporate IT", "cap", 1, NU_IT, soc,
                         restore=24)
             for op, name in (("vt", "VarTel"), ("nc", "Nordcell"))}
    dcs = [b.asset(f"tc-dc-{k}", "telecoms", csirt, f"carrier-neutral data centre {k}", reg, 50,
                   NU_HARD, soc, buffer=DATA_CENTRE_BUFFER, threshold=0.5, restore=12)
           for k, reg in ((1, "cap"), (2, "kes"))]
    cores = {}
    core_sites = [("vt", "cap"), ("vt", "kes"), ("vt", "ost"), ("vt", "sud"), ("nc", "cap"), ("nc", "kes")]
    for op, reg in core_sites:
        share = POP[reg] / (2 if reg in ("cap", "kes") else 1)
        cores[(op, reg)] = b.asset(f"tc-{op}-core-{reg}", "telecoms", csirt, "core switching centre",
                                   reg, round(0.1 * share), NU_CC, soc, buffer=CORE_BUFFER,
                                   threshold=0.75, restore=8)
    core_list = list(cores.values())
    cell_count = {"cap": 60, "kes": 44, "ost": 34, "sud": 32}
    agg = {}
    for reg in R:
        agg[reg] = [b.asset(f"tc-agg-{reg}-{k}", "telecoms", csirt, f"aggregation node {k}", reg,
                            round(0.1 * POP[reg] / 4, 1), NU_FIELD, field, buffer=AGG_BUFFER,
                            threshold=0.75, restore=2, manual=M_CELL)
                    for k in range(1, 5)]
        for k in range(1, cell_count[reg] + 1):
            cid = b.asset(f"tc-cell-{reg}-{k:03d}", "telecoms", csirt, f"mobile cell site {k}", reg,
                          round(POP[reg] / cell_count[reg], 2), NU_FIELD, field,
                          buffer=b.weighted(CELL_BUFFERS), restore=1, manual=M_CELL)
            a = agg[reg][(k - 1) % 4]
            b.dep(feeder(reg), cid, 1.0)
            b.dep(a, cid, 1.0)
            b.net(a, cid, P_CELL)
    # wiring: cores need power (2) and GNSS timing (0.5; theta 0.75 tolerates losing timing);
    # aggregation needs power (2) and one of two cores (1 + 1), theta 0.75 (timing: below).
    region_cores = {reg: [c for (op, r2), c in cores.items() if r2 == reg] for reg in R}
    for (op, reg), c in cores.items():
        b.dep(feeder(reg), c, 2.0)
        b.net2(tc_it[op], c, P_IT_OT, P_ESTATE_BACK)
        for other in core_list:
            if other != c and other.startswith(f"tc-{op}-"):
                b.net(c, other, P_PEER)
    # national roaming and interconnect between the two operators' capital cores
    b.net2(cores[("nc", "cap")], cores[("vt", "cap")], P_PEER, P_PEER)
    for reg in R:
        near = region_cores[reg]
        for a in agg[reg]:
            b.dep(feeder(reg), a, 2.0)
            ups = [near[0], cores[("vt", "cap")] if near[0] != cores[("vt", "cap")] else cores[("nc", "cap")]]
            for c in ups:
                b.dep(c, a, 1.0)
            b.net(ups[0], a, P_OT_FIELD)
    # "energy needs telecoms": control rooms need power (2) and one of two cores (1 + 1);
    # theta 0.6 of 4 rides through losing one core, not power or both cores, beyond
    # their generator buffer.
    for reg in R:
        b.dep(feeder(reg), dso_cc[reg], 2.0)
        b.dep(region_cores[reg][0], dso_cc[reg], 1.0)
        b.dep(cores[("vt", "cap")] if reg != "cap" else cores[("nc", "cap")], dso_cc[reg], 1.0)
    b.dep(feeder("cap"), tso_cc, 2.0)
    b.dep(cores[("vt", "cap")], tso_cc, 1.0)
    b.dep(cores[("nc", "cap")], tso_cc, 1.0)
    for k, dc in enumerate(dcs):
        reg = "cap" if k == 0 else "kes"
        for f in two_feeders(reg):
            b.dep(f, dc, 1.0)
    b.dep(dcs[0], msp, 1.0)
    b.net2(msp, tc_it["nc"], P_MSP, P_MSP_BACK)

    # ================= SPACE ==========================================================
    soc_sat = b.asset("sp-soc", "space", eu, "satellite operations centre", "cap", 50, NU_HARD, soc,
                      buffer=CONTROL_ROOM_BUFFER, threshold=0.6, restore=12)
    gs_sites = [(1, "kes"), (2, "ost"), (3, "sud")]
    gss = [b.asset(f"sp-gs-{k}", "space", eu, f"ground station {k}", reg, 30, NU_HARD, soc, buffer=24,
                   threshold=0.75, restore=8)
           for k, reg in gs_sites]
    gnss = b.asset("sp-gnss-timing", "space", eu, "GNSS timing and augmentation reference", "cap",
                   round(0.15 * TOTAL_POP), NU_HARD, soc, buffer=2, threshold=0.5, restore=4)
    govsat = b.asset("sp-govsat", "space", eu, "governmental satcom hub", "cap", 50, NU_HARD, soc,
                     buffer=24, threshold=0.6, restore=8)
    teleport = b.asset("sp-teleport", "space", csirt, "commercial satcom teleport", "ost", 30, NU_IT, it,
                       buffer=12, threshold=0.75, restore=12)
    vsats = [b.asset(f"sp-vsat-{name}", "space", csirt, label, reg, crit, NU_FIELD, field, restore=24)
             for name, label, reg, crit in (
                 ("maritime", "maritime VSAT fleet", "kes", 5),
                 ("energy", "wind-farm remote-monitoring terminals", "ost", 10),
                 ("rural-1", "rural broadband terminals (east)", "ost", 20),
                 ("rural-2", "rural broadband terminals (south)", "sud", 20),
                 ("emergency", "emergency-services satcom terminals", "cap", 10))]
    for g, (_, reg) in zip(gss, gs_sites):
        b.dep(feeder(reg), g, 2.0)
        b.dep(region_cores[reg][0], g, 1.0)
        b.dep(soc_sat, g, 0.5)  # theta 0.75 of 3.5: power + telecom suffices
        b.net2(soc_sat, g, P_ESTATE, P_ESTATE_BACK)
    b.dep(feeder("cap"), soc_sat, 2.0)   # theta 0.6 of 4: power and one of two cores
    b.dep(cores[("vt", "cap")], soc_sat, 1.0)
    b.dep(cores[("nc", "cap")], soc_sat, 1.0)
    for g in gss:
        b.dep(g, gnss, 1.0)
        b.dep(g, govsat, 1.0)
    b.dep(soc_sat, gnss, 1.0)
    b.dep(soc_sat, govsat, 1.0)
    b.net2(soc_sat, gnss, P_ESTATE, P_ESTATE_BACK)
    b.net2(soc_sat, govsat, P_ESTATE, P_ESTATE_BACK)
    b.dep(feeder("ost"), teleport, 2.0)
    b.dep(cores[("vt", "ost")], teleport, 1.0)
    b.dep(cores[("vt", "cap")], teleport, 1.0)
    b.net2(msp, teleport, P_MSP, P_MSP_BACK)   # teleport management outsourced
    for v in vsats:
        b.dep(teleport, v, 1.0)
        b.net(teleport, v, P_SATCOM)
    # timing users: cores tolerate losing it (weight 0.5 under theta 0.75)
    for c in core_list:
        b.dep(gnss, c, 0.5)
    for reg in R:   # aggregation (phase sync, 4.5 in all): timing plus one core is too much to lose
        for a in agg[reg]:
            b.dep(gnss, a, 0.5)
    b.dep(gnss, tso_cc, 0.5)   # phasor and SCADA time stamps: tolerated (4.5 in all)

    # ================= WATER ==========================================================
    tp_count = {"cap": 3, "kes": 2, "ost": 2, "sud": 2}
    ps_count = {"cap": 14, "kes": 10, "ost": 8, "sud": 8}
    water_ps = {}
    for reg in R:
        w_it = b.asset(f"wa-{reg}-it", "water", csirt, "water utility corporate IT", reg, 1, NU_IT, it,
                       restore=24)
        scada = b.asset(f"wa-{reg}-scada", "water", csirt, "water SCADA control room", reg,
                        round(0.1 * POP[reg]), NU_CC, it, buffer=CONTROL_ROOM_BUFFER, threshold=0.6,
                        restore=12, manual=M_WATER)
        b.net2(w_it, scada, P_IT_OT, P_ESTATE_BACK)
        if reg in ("kes", "sud"):   # the two smaller utilities outsource IT
            b.net2(msp, w_it, P_MSP, P_MSP_BACK)
        b.net2(vendor, scada, P_VENDOR, P_MSP_BACK)
        b.dep(feeder(reg), scada, 2.0)   # theta 0.6 of 4, as the DSO control rooms
        b.dep(region_cores[reg][0], scada, 1.0)
        b.dep(cores[("vt", "cap")] if reg != "cap" else cores[("nc", "cap")], scada, 1.0)
        plants = []
        for k in range(1, tp_count[reg] + 1):
            tp = b.asset(f"wa-{reg}-tp-{k}", "water", csirt, f"treatment plant {k}", reg,
                         round(0.1 * POP[reg] / tp_count[reg], 1), NU_FIELD, field, buffer=WATER_BUFFER,
                         threshold=0.6, restore=12, manual=M_WATER)
            plants.append(tp)
            for f in two_feeders(reg):
                b.dep(f, tp, 1.0)
            b.dep(scada, tp, 0.5)  # theta 0.6 of 2.5: runs locally without SCADA
            b.net(scada, tp, P_OT_FIELD)
        water_ps[reg] = []
        for k in range(1, ps_count[reg] + 1):
            ps = b.asset(f"wa-{reg}-ps-{k:02d}", "water", csirt, f"pumping station {k}", reg,
                         round(POP[reg] / ps_count[reg], 2), NU_FIELD, field, buffer=PUMP_BUFFER,
                         threshold=0.75, restore=2, manual=M_WATER)
            water_ps[reg].append(ps)
            b.dep(feeder(reg), ps, 2.0)
            ups = b.pick(plants, 2) if len(plants) > 1 else plants
            for tp in ups:
                b.dep(tp, ps, 1.0)
            b.dep(scada, ps, 0.5)
            b.net(scada, ps, P_OT_FIELD)

    # ================= FINANCE ========================================================
    rtgs = b.asset("fi-rtgs", "finance", eu, "RTGS payment system (central bank)", "cap", 1000, NU_HARD, soc,
                   buffer=2, threshold=0.5, restore=8, manual=M_NEVER)
    ips = b.asset("fi-ips", "finance", eu, "instant payments and card switch", "cap", 1500, NU_HARD, soc,
                  buffer=1, threshold=0.5, restore=8, manual=M_NEVER)
    exch = b.asset("fi-exchange", "finance", eu, "Varnia stock exchange", "cap", 150, NU_HARD, soc,
                   buffer=1, threshold=0.7, restore=8, manual=M_NEVER)
    csd = b.asset("fi-csd", "finance", eu, "central securities depository and clearing", "cap", 150,
                  NU_HARD, soc, buffer=2, threshold=0.5, restore=8, manual=M_NEVER)
    cb_it = b.asset("fi-cb-it", "finance", csirt, "central bank corporate IT", "cap", 1, NU_IT, soc,
                    restore=24)
    for m in (rtgs, ips, exch, csd):
        b.dep(dcs[0], m, 1.0)
        b.dep(dcs[1], m, 1.0)
        if m in (rtgs, csd):
            b.net2(cb_it, m, P_PEER, P_PEER)
    b.dep(gnss, exch, 2.0)     # clock sync: theta 0.7 of 4 halts trading without timing, not without one site
    b.net2(exch, csd, P_PEER, P_PEER)
    banks = [("north", 0.28), ("varn", 0.22), ("coop", 0.15), ("post", 0.12), ("kessa", 0.09),
             ("agri", 0.06), ("digital", 0.05), ("ost", 0.03)]
    customers = TOTAL_POP * 1.1
    for k, (bname, share) in enumerate(banks, 1):
        bit = b.asset(f"fi-bank-{bname}-it", "finance", csirt, f"{bname} bank corporate IT", "cap", 1, NU_IT,
                      soc, restore=24)
        core = b.asset(f"fi-bank-{bname}-core", "finance", csirt, f"{bname} bank core banking", "cap",
                       round(0.3 * customers * share), NU_CC, soc, buffer=2, threshold=0.75, restore=24,
                       manual=M_NEVER)
        b.net2(bit, core, P_IT_OT, P_ESTATE_BACK)
        b.net(rtgs, core, P_PEER)
        b.net(core, rtgs, P_PEER)
        b.net(ips, core, P_PEER)
        dc = dcs[k % 2]
        b.dep(dc, core, 2.0)              # hosted in a carrier-neutral data centre
        b.dep(cores[("vt", "cap")], core, 1.0)
        b.net(dc, core, P_PEER)
        b.net(core, dc, P_PEER)
        b.dep(rtgs, core, 0.5)            # theta 0.75 of 4: tolerates RTGS or telecom loss
        b.dep(ips, core, 0.5)
        if bname == "agri":  # a small bank outsources its IT to the MSP
            b.net2(msp, bit, P_MSP, P_MSP_BACK)
        served = {"kessa": ["cap", "kes"], "ost": ["ost"]}.get(bname, R)   # two regional banks
        served_pop = sum(POP[reg] for reg in served)
        for reg in served:
            br = b.asset(f"fi-bank-{bname}-{reg}", "finance", csirt, f"{bname} bank branches and ATMs",
                         reg, round(0.7 * customers * share * POP[reg] / served_pop, 1), NU_FIELD, it,
                         buffer=2, threshold=0.8, restore=2, manual=M_NEVER)
            b.dep(core, br, 1.0)
            b.dep(ips, br, 0.5)           # theta 0.8 of 3.5: card switch loss tolerated (cash)
            b.dep(b.rng.choice(agg[reg]), br, 1.0)
            b.dep(feeder(reg), br, 1.0)
            b.net(core, br, P_ESTATE)

    # ================= HEALTH =========================================================
    ehr = b.asset("he-ehr", "health", hisac, "national e-health record and e-prescription", "cap", 300,
                  NU_CC, it, buffer=2, threshold=1.0, restore=24, manual=24)
    b.dep(dcs[0], ehr, 1.0)
    hosp_count = {"cap": 5, "kes": 3, "ost": 2, "sud": 2}
    clinic_count = {"cap": 24, "kes": 16, "ost": 12, "sud": 12}
    for reg in R:
        net = b.asset(f"he-net-{reg}", "health", hisac, "regional health network hub", reg, 1, NU_IT, it,
                      restore=24)
        b.net2(ehr, net, P_PEER, P_PEER)
        amb = b.asset(f"he-amb-{reg}", "health", hisac, "ambulance dispatch centre", reg,
                      round(0.1 * POP[reg]), NU_CC, it, buffer=12, threshold=0.7, restore=8, manual=4)
        b.dep(feeder(reg), amb, 2.0)
        b.dep(region_cores[reg][0], amb, 1.0)
        b.dep(b.rng.choice(agg[reg]), amb, 1.0)
        b.dep(vsats[4], amb, 0.5)   # satcom fallback radio: tolerated (theta 0.7 of 5.5)
        b.net2(net, amb, P_ESTATE, P_ESTATE_BACK)
        for k in range(1, hosp_count[reg] + 1):
            h = b.asset(f"he-hosp-{reg}-{k}", "health", hisac, f"hospital {k}", reg,
                        round(0.6 * POP[reg] / hosp_count[reg], 1), NU_CC, it,
                        buffer=b.weighted(HOSPITAL_BUFFERS), threshold=0.75, restore=12, manual=12)
            for f in two_feeders(reg):
                b.dep(f, h, 1.0)      # dual utility feed: power weight 2 in all
            b.dep(b.rng.choice(water_ps[reg]), h, 1.5)
            b.dep(b.rng.choice(agg[reg]), h, 1.0)
            b.dep(ehr, h, 0.5)
            b.net2(net, h, P_ESTATE, P_ESTATE_BACK)
        for k in range(1, clinic_count[reg] + 1):
            c = b.asset(f"he-clinic-{reg}-{k:02d}", "health", hisac, f"clinic {k}", reg,
                        round(0.4 * POP[reg] / clinic_count[reg], 2), NU_IT, it, buffer=2,
                        threshold=0.85, restore=2, manual=M_CLINIC)
            b.dep(feeder(reg), c, 1.0)
            b.dep(b.rng.choice(agg[reg]), c, 1.0)
            b.dep(ehr, c, 0.3)        # theta 0.85 of 2.3: works without the record system
            b.net2(net, c, P_ESTATE, P_ESTATE_BACK)
    pharma = b.asset("he-pharma", "health", hisac, "pharmaceutical wholesaler logistics", "kes", 200, NU_IT,
                     it, buffer=24, threshold=0.75, restore=24, manual=24)
    b.dep(dcs[1], pharma, 1.0)

    # ================= TRANSPORT ======================================================
    logi_it = b.asset("tr-logistics-it", "transport", csirt, "national logistics and shipping line IT",
                      "kes", 5, NU_IT, it, restore=24)
    b.net2(msp, logi_it, P_MSP, P_MSP_BACK)
    b.dep(dcs[1], logi_it, 1.0)
    b.dep(logi_it, pharma, 1.0)       # theta 0.75 of 2: wholesaler needs its carrier
    port_it = b.asset("tr-port-kessa-it", "transport", csirt, "Port of Kessa corporate IT", "kes", 1, NU_IT,
                      it, restore=24)
    b.net2(msp, port_it, P_MSP, P_MSP_BACK)
    ports = []
    for pid, name, reg, crit in (("tr-port-kessa", "Port of Kessa terminals", "kes", 400),
                                 ("tr-port-ostby", "Port of Ostby terminals", "ost", 80)):
        p = b.asset(pid, "transport", csirt, name, reg, crit, NU_CC, it, buffer=4, threshold=0.7, restore=48,
                    manual=M_PORT)
        ports.append(p)
        b.dep(feeder(reg), p, 2.0)   # theta 0.7: loses power -> stops; one IT system -> manual
        b.dep(region_cores[reg][0], p, 1.0)
        b.dep(logi_it, p, 1.0)
        b.net2(logi_it, p, P_ESTATE, P_ESTATE_BACK)
        if reg == "kes":
            b.dep(port_it, p, 1.0)
            b.net2(port_it, p, P_IT_OT, P_ESTATE_BACK)
    for k, reg in enumerate(("cap", "cap", "kes", "ost", "sud", "kes"), 1):
        t = b.asset(f"tr-freight-{k}", "transport", csirt, f"inland freight terminal {k}", reg, 30, NU_IT, it,
                    buffer=4, threshold=0.75, restore=24, manual=M_PORT)
        b.dep(logi_it, t, 1.0)
        b.dep(feeder(reg), t, 1.0)
        b.net2(logi_it, t, P_ESTATE, P_ESTATE_BACK)
    rail_it = b.asset("tr-rail-it", "transport", csirt, "rail operator corporate IT", "cap", 1, NU_IT, it,
                      restore=24)
    rail_tcc = b.asset("tr-rail-tcc", "transport", csirt, "rail traffic control centre", "cap", 200, NU_CC,
                       it, buffer=12, threshold=0.75, restore=12, manual=M_RAIL)
    b.net2(rail_it, rail_tcc, P_IT_OT, P_ESTATE_BACK)
    b.dep(feeder("cap"), rail_tcc, 2.0)
    b.dep(cores[("vt", "cap")], rail_tcc, 1.0)
    b.dep(cores[("nc", "cap")], rail_tcc, 1.0)
    b.dep(gnss, rail_tcc, 0.5)
    ixls = {}
    for reg, n in (("cap", 4), ("kes", 3), ("ost", 3), ("sud", 2)):
        ixls[reg] = []
        for k in range(1, n + 1):
            x = b.asset(f"tr-rail-ixl-{reg}-{k}", "transport", csirt, f"rail interlocking {k}", reg, 20,
                        NU_FIELD, field, buffer=2, threshold=0.6, restore=4, manual=M_RAIL)
            ixls[reg].append(x)
            b.dep(feeder(reg), x, 2.0)   # theta 0.6 of 4: runs without the control centre or radio
            b.dep(rail_tcc, x, 1.0)
            b.dep(b.rng.choice(agg[reg]), x, 1.0)
            b.net(rail_tcc, x, P_OT_FIELD)
    atc = b.asset("tr-atc", "transport", csirt, "air traffic control centre", "cap", 100, NU_HARD, soc,
                  buffer=24, threshold=0.75, restore=8, manual=12)
    b.dep(feeder("cap"), atc, 2.0)
    b.dep(cores[("vt", "cap")], atc, 1.0)
    b.dep(gnss, atc, 1.0)
    for aid, name, reg, crit in (("tr-air-varn", "Varn international airport", "cap", 150),
                                 ("tr-air-kessa", "Kessa regional airport", "kes", 30)):
        a = b.asset(aid, "transport", csirt, name, reg, crit, NU_CC, it, buffer=12, threshold=0.8, restore=24,
                    manual=12)
        for f in two_feeders(reg):
            b.dep(f, a, 1.0)
        b.dep(atc, a, 2.0)
        b.dep(region_cores[reg][0], a, 1.0)
        b.net2(atc, a, P_PEER, P_PEER)
    tmcs = []
    for reg in R:
        t = b.asset(f"tr-tmc-{reg}", "transport", csirt, "urban traffic management centre", reg,
                    round(0.05 * POP[reg]), NU_CC, it, buffer=4, threshold=1.0, restore=8, manual=8)
        tmcs.append(t)
        b.dep(feeder(reg), t, 1.0)
        b.dep(region_cores[reg][0], t, 1.0)

    # ================= GOVERNMENT =====================================================
    gov_net = b.asset("gov-net", "government", csirt, "government secure network", "cap", 50, NU_CC, soc,
                      buffer=12, threshold=0.5, restore=12, manual=M_GOV)
    gov_dc = b.asset("gov-dc", "government", csirt, "government data centre", "cap", 100, NU_CC, soc,
                     buffer=DATA_CENTRE_BUFFER, threshold=0.5, restore=24, manual=M_GOV)
    b.net2(gov_net, gov_dc, P_ESTATE, P_ESTATE)
    for f in two_feeders("cap"):
        b.dep(f, gov_dc, 1.0)
    b.dep(cores[("vt", "cap")], gov_net, 1.0)
    b.dep(cores[("nc", "cap")], gov_net, 1.0)
    gov_members = []
    ministries = ["interior", "finance", "health", "defence", "foreign", "justice", "economy", "transport",
                  "social", "education"]
    for m in ministries:
        a = b.asset(f"gov-min-{m}", "government", csirt, f"ministry of {m}", "cap", 20, NU_IT, soc, buffer=4,
                    threshold=0.7, restore=24, manual=M_GOV)
        gov_members.append(a)
        b.dep(gov_dc, a, 1.0)
        b.dep(gov_net, a, 1.0)
        b.dep(feeder("cap"), a, 1.0)
    services = [("eportal", "e-government portal", 1500), ("eid", "national eID service", 2000),
                ("tax", "tax administration system", 500), ("benefits", "social benefits payments", 800)]
    svc = {}
    for sid, label, crit in services:
        a = b.asset(f"gov-{sid}", "government", csirt, label, "cap", crit, NU_CC, soc, buffer=2, threshold=0.75,
                    restore=24, manual=M_GOV)
        svc[sid] = a
        gov_members.append(a)
        b.dep(gov_dc, a, 2.0)
        b.dep(cores[("vt", "cap")], a, 1.0)
        b.dep(cores[("nc", "cap")], a, 1.0)
    b.dep(svc["eid"], svc["eportal"], 2.0)
    b.dep(rtgs, svc["benefits"], 2.0)
    b.dep(svc["eid"], ehr, 1.0)    # e-prescription logs in with eID (theta 1: needs it)
    for reg in R:   # the health ministry reaches into every regional health network
        b.net2("gov-min-health", f"he-net-{reg}", P_PEER, P_PEER)
    muni_count = {"cap": 6, "kes": 5, "ost": 5, "sud": 4}
    for reg in R:
        ra = b.asset(f"gov-reg-{reg}", "government", csirt, "regional administration", reg,
                     round(0.02 * POP[reg]), NU_IT, it, buffer=4, threshold=0.6, restore=24, manual=M_GOV)
        gov_members.append(ra)
        b.dep(gov_net, ra, 1.0)
        b.dep(feeder(reg), ra, 2.0)
        b.dep(region_cores[reg][0], ra, 1.0)
        psap = b.asset(f"gov-112-{reg}", "government", csirt, "112 emergency call centre", reg,
                       round(0.2 * POP[reg]), NU_CC, it, buffer=12, threshold=0.6, restore=8, manual=4)
        gov_members.append(psap)
        b.dep(feeder(reg), psap, 2.0)
        b.dep(region_cores[reg][0], psap, 1.0)
        b.dep(b.rng.choice(agg[reg]), psap, 1.0)
        b.dep(psap, f"he-amb-{reg}", 1.0)   # ambulance dispatch takes calls from 112
        munis = []
        for k in range(1, muni_count[reg] + 1):
            mu = b.asset(f"gov-muni-{reg}-{k}", "government", csirt, f"municipality {k}", reg,
                         round(0.1 * POP[reg] / muni_count[reg], 1), NU_IT, it, buffer=2, threshold=0.7,
                         restore=24, manual=M_GOV)
            munis.append(mu)
            gov_members.append(mu)
            b.dep(feeder(reg), mu, 1.0)
            b.dep(b.rng.choice(agg[reg]), mu, 1.0)
            b.dep(svc["eid"], mu, 0.5)
            if k == 1 and reg in ("kes", "sud"):   # these towns outsource municipal IT
                b.net2(msp, mu, P_MSP, P_MSP_BACK)
        b.net2(ra, munis[0], P_ESTATE, P_ESTATE_BACK)
        b.net2(munis[0], tmcs[R.index(reg)], P_ESTATE, P_ESTATE_BACK)   # city runs its traffic centre
    for a in gov_members:
        b.net2(gov_net, a, P_HUB, P_HUB)

    # ================= DEFENCE ========================================================
    modnet = b.asset("de-mod-net", "defence", mod, "national defence network core", "cap", 200, NU_MIL, mil,
                     buffer=72, threshold=0.65, restore=12)
    hq = b.asset("de-hq", "defence", mod, "defence headquarters", "cap", 200, NU_MIL, mil, buffer=168,
                 threshold=0.7, restore=12)
    log_it = b.asset("de-log-it", "defence", mod, "defence logistics IT", "cap", 20, NU_IT, mil, buffer=24,
                     threshold=0.5, restore=24)
    c2 = b.asset("de-nato-c2", "defence", nato, "NATO command-and-control network node", "cap", 150, NU_HARD,
                 mil, buffer=72, threshold=0.7, restore=12)
    hns = b.asset("de-hns", "defence", nato, "host-nation support coordination centre", "cap", 50, NU_MIL,
                  mil, buffer=72, threshold=0.7, restore=12)
    mob = b.asset("de-mob-cell", "defence", nato, "military mobility coordination cell", "ost", 20, NU_MIL,
                  mil, buffer=72, threshold=0.7, restore=12)
    b.dep(cores[("vt", "cap")], modnet, 1.0)
    b.dep(cores[("nc", "cap")], modnet, 1.0)
    b.dep(govsat, modnet, 1.0)
    b.dep(feeder("cap"), modnet, 2.0)
    b.dep(gnss, modnet, 0.5)
    for d, extra in ((hq, None), (c2, govsat), (hns, None), (mob, None)):
        reg = "ost" if d == mob else "cap"
        b.dep(modnet, d, 2.0)
        b.dep(feeder(reg), d, 2.0)
        b.dep(region_cores[reg][0], d, 1.0)
        if extra:
            b.dep(extra, d, 1.0)
    b.dep(hns, mob, 1.0)
    b.net2(modnet, hq, P_MIL, P_MIL)
    b.net2(modnet, c2, P_HUB, P_HUB)
    b.net2(modnet, hns, P_MIL, P_MIL)
    b.net2(hns, mob, P_MIL, P_MIL)
    b.net2(modnet, log_it, P_MIL, P_MIL)
    b.net2(logi_it, log_it, P_PEER, P_PEER)   # civil logistics contractor on the defence supply chain
    b.dep(modnet, log_it, 1.0)
    b.dep(dcs[0], log_it, 1.0)
    bases = []
    for k, reg in enumerate(("cap", "cap", "kes", "kes", "ost", "ost", "sud", "sud"), 1):
        bases.append((b.asset(f"de-base-{reg}-{k}", "defence", mod, f"garrison {k}", reg, 50, NU_MIL, mil,
                              buffer=120, threshold=0.7, restore=12), reg))
    bases.append((b.asset("de-airbase", "defence", mod, "air base", "ost", 80, NU_MIL, mil, buffer=168,
                          threshold=0.7, restore=12), "ost"))
    bases.append((b.asset("de-navalbase", "defence", mod, "naval base", "kes", 80, NU_MIL, mil, buffer=168,
                          threshold=0.7, restore=12), "kes"))
    for k, reg in enumerate(("cap", "kes", "ost", "sud"), 1):
        bases.append((b.asset(f"de-depot-{k}", "defence", mod, f"logistics depot {k}", reg, 30, NU_MIL, mil,
                              buffer=72, threshold=0.7, restore=12), reg))
        b.dep(log_it, bases[-1][0], 1.0)
        b.net(log_it, bases[-1][0], P_MIL)
    for base, reg in bases:
        b.dep(feeder(reg), base, 2.0)
        b.dep(modnet, base, 1.0)
        b.dep(region_cores[reg][0], base, 1.0)
        b.dep(b.rng.choice(water_ps[reg]), base, 0.5)
        b.net2(modnet, base, P_MIL, P_MIL)
    # military mobility: railheads and the port terminal ride on civil transport
    for k, (reg, ixl) in enumerate((("kes", ixls["kes"][0]), ("ost", ixls["ost"][0]), ("ost", ixls["ost"][1])), 1):
        rh = b.asset(f"de-railhead-{k}", "defence", nato, f"military railhead {k}", reg, 40, NU_MIL, mil,
                     buffer=12, threshold=0.75, restore=8, manual=M_RAIL)
        b.dep(ixl, rh, 1.0)
        b.dep(rail_tcc, rh, 1.0)
        b.dep(feeder(reg), rh, 1.0)
        b.dep(mob, rh, 0.5)
        b.net2(mob, rh, P_MIL, P_MIL)
        b.net(log_it, rh, P_MIL)
    pt = b.asset("de-port-terminal", "defence", nato, "Port of Kessa military terminal", "kes", 60, NU_MIL, mil,
                 buffer=12, threshold=0.75, restore=8, manual=M_PORT)
    b.dep(ports[0], pt, 2.0)
    b.dep(feeder("kes"), pt, 1.0)
    b.dep(region_cores["kes"][0], pt, 1.0)
    b.net2(mob, pt, P_MIL, P_MIL)
    b.net(port_it, pt, P_HUB)
    return b


ASSET_COLUMNS = ["id", "sector", "organisation", "name", "region", "criticality", "vulnerability",
                 "detection", "buffer", "threshold", "restore", "manual_restoration"]
LINK_COLUMNS = ["source", "target", "type", "probability", "weight"]


def tables(b):
    assets = io.StringIO()
    w = csv.writer(assets, lineterminator="\n")
    w.writerow(ASSET_COLUMNS)
    for row in b.assets:
        w.writerow([fmt(row[c]) for c in ASSET_COLUMNS])
    links = io.StringIO()
    w = csv.writer(links, lineterminator="\n")
    w.writerow(LINK_COLUMNS)
    for (u, v), (p, wt) in b.links.items():
        kind = "both" if p is not None and wt is not None else ("network" if p is not None else "dependency")
        w.writerow([u, v, kind, "" if p is None else fmt(p), "" if wt is None else fmt(wt)])
    return assets.getvalue(), links.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(here, "..", "data", "scenarios", "varnia"),
                        help="folder for assets.csv and links.csv")
    args = parser.parse_args()
    assets, links = tables(build())
    os.makedirs(args.out, exist_ok=True)
    for name, text in (("assets.csv", assets), ("links.csv", links)):
        with open(os.path.join(args.out, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"wrote {assets.count(chr(10)) - 1} assets and {links.count(chr(10)) - 1} links to "
          f"{os.path.normpath(args.out)}")


if __name__ == "__main__":
    main()
